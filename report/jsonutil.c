/* jsonutil.c: U+FFFD for what is not UTF-8 (see jsonutil.h). */
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
