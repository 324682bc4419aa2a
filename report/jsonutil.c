/* jsonutil.c: U+FFFD for what is not UTF-8 (see jsonutil.h). */
#include "report/jsonutil.h"

#include <stdlib.h>
#include <string.h>

#include "common/base.h"

/* Length of the well-formed UTF-8 sequence at p, or 0. The string is NUL-terminated, and NUL is
 * never a continuation byte, so reading p[1..3] stops at the terminator. */
static size_t utf8_len(const unsigned char *p) {
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}

char *dc_utf8_lossy(const char *s) {
    dc_buf b = DC_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t n = utf8_len(p);
        if (n) {
            dc_buf_add(&b, p, n);
            p += n;
        } else {
            dc_buf_adds(&b, "\xEF\xBF\xBD");
            p++;
        }
    }
    return dc_buf_detach(&b);
}

json_t *dc_json_str(const char *s) {
    json_t *j = json_string(s ? s : "");
    if (j) return j;
    char *fixed = dc_utf8_lossy(s);
    j = json_string(fixed);
    free(fixed);
    return j ? j : json_string("");
}
