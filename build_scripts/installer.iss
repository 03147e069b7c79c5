; Inno Setup 6 script: the Windows installer of the one-folder bundle.
;   iscc /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 /DBundleDir=<dist\budget-form>
;        /DOutputDir=<dir> build_scripts\installer.iss
; build_windows.ps1 and wine_check.sh pass these. Installs for the current user (no administrator
; rights, into %LOCALAPPDATA%\Programs), or with /ALLUSERS for every user of the computer (an IT
; department's install, into Program Files; /CURRENTUSER is the default); adds a Start-menu entry,
; and makes a double-clicked .jxmb draft open in the program. Speaks Chinese (the messages file
; ChineseSimplified.isl beside this script: stock Inno Setup ships none), English on a computer
; whose language is neither. Saved as UTF-8 with a byte-order mark so the Chinese text survives.

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
; Per user, never elevated: clerks have no administrator rights. IT installs for all users with
; /ALLUSERS on the command line; clerks are not asked.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={code:DefaultInstallDir}
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
Name: "zh_cn"; MessagesFile: "ChineseSimplified.isl"
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

[Code]
// {autopf} is {userpf} for a per-user install, a shell folder Wine 8 does not have (the install
// then fails); on Windows it is %LOCALAPPDATA%\Programs, named here directly.
function DefaultInstallDir(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := ExpandConstant('{commonpf}\BudgetPerformanceForm')
  else
    Result := ExpandConstant('{localappdata}\Programs\BudgetPerformanceForm');
end;

function InitializeSetup(): Boolean;
begin
  // Which messages the wizard shows, in the log of /LOG (wine_check.sh checks it is zh_cn).
  Log('Language: ' + ActiveLanguage);
  Result := True;
end;
