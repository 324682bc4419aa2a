/* jsonutil.h: text that may not be UTF-8 (a finding in a Latin-1 file, a path with such a name),
 * made fit for JSON.
 *
 * jansson refuses a string that is not well-formed UTF-8, and a writer that passed such a string
 * straight to it would drop the finding (or the whole value). Every JSON this module's users
 * write (the JSON and SARIF reports) goes through common/text's U+FFFD replacement instead
 * (dc_utf8_lossy), which the baseline also uses for its keys. */
#ifndef DC_JSONUTIL_H
#define DC_JSONUTIL_H

#include <jansson.h>


/* json_string of dc_utf8_lossy(s): never NULL short of running out of memory. */
json_t *dc_json_str(const char *s);
/* Sets obj["path"] to `path` (dc_json_str) and, only when `path` is not well-formed UTF-8 (so
 * "path" has lost bytes to U+FFFD), obj["raw_path"] to its exact bytes percent-encoded as
 * SARIF's URIs are (common/text.h: dc_text_percent_encode), so the file is still named exactly.
 * A valid UTF-8 path gets no "raw_path": the reports of ordinary trees do not change. */
void dc_json_set_path(json_t *obj, const char *path);

#endif
