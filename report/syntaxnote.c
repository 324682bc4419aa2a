/* syntaxnote.c: locating and printing the syntax-error note (see syntaxnote.h). */
#include "report/syntaxnote.h"

#include "syntax/lang.h"
#include "common/diag.h"
#include "syntax/errors.h"

dc_syntax_note dc_syntax_note_of(const dc_analysis *an) {
    dc_syntax_note n = {false, 0, 0, 0};
    if (!an->has_syntax_errors || (!an->tree && !an->tree_dropped)) return n;
    /* (the fix loop lets a pass's tree go before it parses the new text, keeping this place) */
    uint32_t at = an->tree ? dc_tree_first_error(an->tree) : an->first_error;
    dc_pos p = dc_source_pos(an->src, at == UINT32_MAX ? 0 : at);
    return (dc_syntax_note){true, p.line, p.column, an->error_nodes};
}

void dc_syntax_note_print(const char *path, const dc_syntax_note *n) {
    if (!n->due) return;
    dc_diag(DC_DIAG_NOTE, path, n->line, n->col,
            "syntax error (%u error node%s); the file is analysed, but no fix is made inside the broken region", n->nodes,
            n->nodes == 1 ? "" : "s");
}
