/* jsonutil.h: text that may not be UTF-8 (a finding in a Latin-1 file, a path with such a name),
 * made fit for JSON.
 *
 * jansson refuses a string that is not well-formed UTF-8, and a writer that passed such a string
 * straight to it would drop the finding (or the whole value). Every JSON this module's users
 * write (the JSON report, the baseline) goes through the same replacement instead: each byte that
 * does not start a well-formed sequence (Unicode table 3-7: no overlongs, no surrogates, nothing
 * past U+10FFFF) becomes U+FFFD, and the valid characters around it are kept. Well-formed input
 * comes back unchanged, so the replacement is also a stable key: the baseline applies it to both
 * sides of a comparison. */
#ifndef DC_JSONUTIL_H
#define DC_JSONUTIL_H

#include <jansson.h>

#include "common/text.h" /* dc_utf8_lossy: the replacement above */

/* json_string of dc_utf8_lossy(s): never NULL short of running out of memory. */
json_t *dc_json_str(const char *s);

#endif
