/* importscan.h: the modules a file imports, read from its text without parsing it.
 *
 * The project phase (cli/project.c) must know which files import a module that has facts, also
 * among the files the literal prefilter lets the scan skip (a consumer that says
 * `import { client } from "@/lib/sdk"` mentions no SDK name), and it must not parse them to find
 * out: most of a large tree is such files. So their text is scanned once, while it is in memory
 * for the prefilter anyway, for the module specifiers of every import form the binding facts
 * read (analysis/bindings.h): TypeScript/JavaScript `from "m"` (import and export), `import "m"`,
 * `require("m")`, `import("m")`; Python `import a.b [as c], d`, `from m import x, (y, z)` (both m
 * and m.x, as x may be a submodule), relative forms, and `import_module("m")`. The scan is a
 * superset: a specifier in a comment or a string that merely looks like an import is listed too,
 * which costs a resolution, never a missed consumer. It never reads past `len`.
 *
 * Ownership: the specifiers are heap strings owned by the list (dc_import_specs_free). */
#ifndef DC_PROJECT_IMPORTSCAN_H
#define DC_PROJECT_IMPORTSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "common/base.h"

typedef DC_VEC(char *) dc_import_specs;

/* Appends the specifiers `data` imports (Python's rules when `py`); data[len] must be a NUL. */
void dc_importscan(const char *data, size_t len, bool py, dc_import_specs *out);
void dc_import_specs_free(dc_import_specs *s);

#endif
