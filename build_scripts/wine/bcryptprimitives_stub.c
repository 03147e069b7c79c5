/* Stand-in for bcryptprimitives.dll, which Wine 8 lacks: programs built by Rust 1.78 and later
 * (the test suite's jsonschema through rpds, pdfplumber through cryptography) import its
 * ProcessPrng for random bytes. Here it is real, not a stub: the bytes come from the system's
 * RtlGenRandom (advapi32's SystemFunction036), as Windows' own ProcessPrng serves them. Built by
 * wine_check.sh into the Wine prefix's system32; nothing of the program needs it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
