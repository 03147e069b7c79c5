/* Stand-in for mscms.dll in the Wine prefix: Wine 8's has no WcsCreateIccProfile, which Qt's
 * windows platform plugin (qwindows.dll, PySide6 6.12) imports, so the plugin would not load.
 * Every function reports failure, as Windows does for a screen without a colour profile, and Qt
 * then treats the screen as sRGB. Wine's own mscms is set aside for this prefix
 * (WINEDLLOVERRIDES=mscms=n,b); built by wine_check.sh, never part of the bundle. */
#include <windows.h>

typedef HANDLE HPROFILE;

__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HPROFILE profile, BYTE *buffer, DWORD *size)
{
    (void)profile; (void)buffer; (void)size;
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}

__declspec(dllexport) BOOL WINAPI CloseColorProfile(HPROFILE profile)
{
    (void)profile;
    return TRUE;
}

__declspec(dllexport) HPROFILE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD sharing, DWORD creation)
{
    (void)profile; (void)access; (void)sharing; (void)creation;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

__declspec(dllexport) HPROFILE WINAPI WcsCreateIccProfile(HPROFILE profile, DWORD options)
{
    (void)profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}
