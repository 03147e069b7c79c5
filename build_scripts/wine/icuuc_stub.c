/* Stand-in for Windows' own icuuc.dll (Windows 10 1703 and later), which Wine 8 lacks and
 * Qt6Core.dll of PySide6 6.12 imports. Qt asks ICU only for legacy text codecs (GBK and the
 * like) through QStringConverter; every converter here fails to open, as ICU does for a name it
 * does not know, and Qt then falls back to its own converters. Built by wine_check.sh with
 * Debian's gcc-mingw-w64-x86-64 into the Wine prefix's system32, never into the bundle. */
#include <stddef.h>
#include <stdint.h>

typedef int32_t UErrorCode;
typedef uint16_t UChar;
typedef void UConverter;
typedef void UConverterCallback;

#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *err, UErrorCode code)
{
    if (err && *err <= 0)
        *err = code;
}

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err, U_FILE_ACCESS_ERROR); return NULL; }
EXPORT void ucnv_close(UConverter *cnv) { (void)cnv; }
EXPORT void ucnv_reset(UConverter *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const UConverter *cnv, UErrorCode *err) { (void)cnv; fail(err, U_UNSUPPORTED_ERROR); return NULL; }
EXPORT void ucnv_getToUCallBack(const UConverter *cnv, UConverterCallback **action, const void **context)
{ (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *cnv, UConverterCallback **action, const void **context)
{ (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *cnv, UConverterCallback *action, const void *context,
                                UConverterCallback **old_action, const void **old_context, UErrorCode *err)
{ (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_setFromUCallBack(UConverter *cnv, UConverterCallback *action, const void *context,
                                  UConverterCallback **old_action, const void **old_context, UErrorCode *err)
{ (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset, UErrorCode *err)
{ (void)args; (void)source; (void)length; (void)offset; fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit, int32_t offset, UErrorCode *err)
{ (void)args; (void)source; (void)limit; (void)offset; fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit, const char **source,
                           const char *source_limit, int32_t *offsets, int8_t flush, UErrorCode *err)
{ (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush;
  fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit, const UChar **source,
                             const UChar *source_limit, int32_t *offsets, int8_t flush, UErrorCode *err)
{ (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush;
  fail(err, U_UNSUPPORTED_ERROR); }
EXPORT int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *err) { (void)cnv; (void)err; return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *err) { (void)cnv; (void)err; return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{ (void)name; (void)standard; (void)err; return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
/* The substitute callbacks are only handed back to ICU, which never calls them here. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units, int32_t length,
                                            int32_t code_point, int reason, UErrorCode *err)
{ (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason; (void)err; }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *bytes, int32_t length,
                                          int reason, UErrorCode *err)
{ (void)context; (void)args; (void)bytes; (void)length; (void)reason; (void)err; }
