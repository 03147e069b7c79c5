; Inno Setup 6 script: the Windows installer of the one-folder bundle.
;   iscc /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 /DBundleDir=<dist\budget-form>
;        /DOutputDir=<dir> build_scripts\installer.iss
; build_windows.ps1 passes these. Installs for the current user only (no administrator rights,
; into %LOCALAPPDATA%\Programs), adds a Start-menu entry, and makes a double-clicked .jxmb draft
; open in the program. Saved as UTF-8 with a byte-order mark so the Chinese text survives.

#ifndef AppVersion
  #error Pass /DAppVersion=x.y.z (build_windows.ps1 reads desktop_app.__version__)
#endif
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\budget-form"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist\installer"
#endif

#define AppName "部门整体预算绩效目标申报表"
#define AppExe "budget-form.exe"
#define DraftExt ".jxmb"
#define DraftProgId "BudgetPerformanceForm.Draft"

[Setup]
AppId={{6F0C7A52-3B1D-4E8A-9C41-7D2B5E8F1A63}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=部门整体预算绩效目标申报表 项目组
VersionInfoVersion={#NumericVersion}
; Per user, never elevated: clerks have no administrator rights.
PrivilegesRequired=lowest
DefaultDirName={autopf}\BudgetPerformanceForm
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\resources\icons\app.ico
OutputDir={#OutputDir}
OutputBaseFilename=budget-form-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh_cn"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKCU\Software\Classes for a per-user install: the association needs no administrator.
Root: HKA; Subkey: "Software\Classes\{#DraftExt}"; ValueType: string; ValueName: ""; ValueData: "{#DraftProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#DraftExt}\OpenWithProgids"; ValueType: string; ValueName: "{#DraftProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#DraftProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} 草稿"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#DraftProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#DraftProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#DraftExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent
