/* jsonutil.c: U+FFFD for what is not UTF-8, and paths kept exact beside it (see jsonutil.h). */
#include "report/jsonutil.h"

#include <stdlib.h>
#include <string.h>

#include "common/base.h"
#include "common/text.h"

json_t *dc_json_str(const char *s) {
    json_t *j = json_string(s ? s : "");
    if (j) return j;
    char *fixed = dc_utf8_lossy(s);
    j = json_string(fixed);
    free(fixed);
    return j ? j : json_string("");
}

static bool is_utf8(const char *s) {
    for (size_t n; *s; s += n)
        if (!(n = dc_utf8_len(s))) return false;
    return true;
}

void dc_json_set_path(json_t *obj, const char *path) {
    json_object_set_new(obj, "path", dc_json_str(path));
    if (is_utf8(path)) return;
    dc_buf raw = DC_BUF_INIT;
    dc_text_percent_encode(&raw, path);
    json_object_set_new(obj, "raw_path", json_string(dc_buf_cstr(&raw)));
    dc_buf_free(&raw);
}
