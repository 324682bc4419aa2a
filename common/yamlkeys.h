/* yamlkeys.h: the YAML rules every dcmigrate file format shares, checked on the libyaml document
 * before any schema code sees it.
 *
 * Duplicate mapping keys. YAML 1.2 says the keys of a mapping are unique, but libyaml keeps every
 * pair, and a loader that walks the pairs would then quietly let the last one win (or worse: a
 * schema walker that fills an array per key overflows it). A key given twice is almost always a
 * mistake (a copy-pasted block, a merge gone wrong), so it is an error at the second occurrence,
 * `file:line:col: duplicate key `X``, in every mapping at any depth. Keys are compared as their
 * scalar text: `1`, `"1"` and `!!str 1` are the same key to dcmigrate's string-only schemas. */
#ifndef DC_YAMLKEYS_H
#define DC_YAMLKEYS_H

#include <yaml.h>

/* Reports every duplicate key of `doc` through diag (error, located in `origin`), in file order.
 * Returns the number reported; the caller must not interpret a document that has any. */
int dc_yaml_duplicate_keys(yaml_document_t *doc, const char *origin);

#endif
