/* baseline.c: --write-baseline / --baseline (see baseline.h). */
#include "report/baseline.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "apply/write.h"
#include "common/diag.h"
#include "common/text.h"

/* Whitespace-collapsed, trimmed line text: the part of the key that survives re-indentation.
 * Bytes that are not UTF-8 become U+FFFD (common/text.h dc_utf8_lossy) so the key can be stored
 * in JSON at all; --baseline normalises the current finding the same way, so such a line still
 * matches. */
static char *normalise(const char *s) {
    dc_buf b = DC_BUF_INIT;
    bool space = false;
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            space = b.len > 0;
            continue;
        }
        if (space) dc_buf_addc(&b, ' ');
        space = false;
        dc_buf_addc(&b, *p);
    }
    char *ws = dc_buf_detach(&b);
    char *key = dc_utf8_lossy(ws);
    free(ws);
    return key;
}

/* Like a report file (apply/write.h): through a temp file, never through a symbolic link planted
 * where the baseline goes (it usually lives in the repository), the old one kept on failure. */
static bool baseline_dump(const json_t *root, const char *path) {
    dc_write_stream ws;
    int err = 0;
    dc_write_status st = dc_write_stream_open(&ws, path, &err);
    if (st != DC_WRITE_OK) {
        if (st == DC_WRITE_ERROR) dc_diag(DC_DIAG_ERROR, path, 0, 0, "cannot write the baseline: %s", strerror(err));
        else dc_diag(DC_DIAG_ERROR, path, 0, 0, "%s; baseline not written", dc_write_status_str(st));
        return false;
    }
    errno = 0;
    if (json_dumpf(root, ws.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
        err = errno ? errno : EIO;
        dc_write_stream_abort(&ws);
    } else if (dc_write_stream_commit(&ws, &err) == DC_WRITE_OK) {
        return true;
    }
    dc_diag(DC_DIAG_ERROR, path, 0, 0, "cannot write the baseline: %s", strerror(err));
    return false;
}

bool dc_baseline_write(const dc_report *r, const char *path) {
    json_t *arr = json_array();
    for (uint32_t i = 0; i < r->findings.len; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        char *text = normalise(f->line_text);
        char *fpath = dc_utf8_lossy(f->path); /* a file name need not be UTF-8 either */
        /* merge identical keys into one entry with a count */
        json_t *hit = NULL;
        size_t k;
        json_t *e;
        json_array_foreach(arr, k, e) {
            if (!strcmp(json_string_value(json_object_get(e, "path")), fpath) &&
                !strcmp(json_string_value(json_object_get(e, "rule")), f->rule->id) &&
                !strcmp(json_string_value(json_object_get(e, "line_text")), text))
                hit = e;
        }
        if (hit) {
            json_object_set_new(hit, "count", json_integer(json_integer_value(json_object_get(hit, "count")) + 1));
        } else {
            /* every string is UTF-8 by now, so json_pack cannot refuse the entry */
            json_t *o = json_pack("{s:s,s:s,s:s,s:i}", "path", fpath, "rule", f->rule->id, "line_text", text, "count", 1);
            if (!o) dc_die("jansson: cannot build a baseline entry");
            json_array_append_new(arr, o);
        }
        free(fpath);
        free(text);
    }
    json_t *root = json_pack("{s:s,s:i,s:o}", "tool", "dcmigrate", "version", 1, "findings", arr);
    bool ok = baseline_dump(root, path);
    json_decref(root);
    return ok;
}

int dc_baseline_apply(dc_report *r, const char *path) {
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        dc_diag(DC_DIAG_ERROR, path, (uint32_t)(err.line > 0 ? err.line : 0), (uint32_t)(err.column > 0 ? err.column : 0),
                "cannot read the baseline: %s", err.text);
        return -1;
    }
    json_t *arr = json_object_get(root, "findings");
    if (!json_is_array(arr) || json_integer_value(json_object_get(root, "version")) != 1) {
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "not a dcmigrate baseline (write one with --write-baseline)");
        json_decref(root);
        return -1;
    }
    int removed = 0;
    uint32_t j = 0;
    for (uint32_t i = 0; i < r->findings.len; i++) {
        dc_rfinding *f = &r->findings.v[i];
        char *text = normalise(f->line_text);
        char *fpath = dc_utf8_lossy(f->path);
        bool covered = false;
        size_t k;
        json_t *e;
        json_array_foreach(arr, k, e) {
            const char *p = json_string_value(json_object_get(e, "path"));
            const char *rule = json_string_value(json_object_get(e, "rule"));
            const char *t = json_string_value(json_object_get(e, "line_text"));
            json_int_t count = json_integer_value(json_object_get(e, "count"));
            if (p && rule && t && count > 0 && !strcmp(p, fpath) && !strcmp(rule, f->rule->id) && !strcmp(t, text)) {
                json_object_set_new(e, "count", json_integer(count - 1));
                covered = true;
                break;
            }
        }
        free(fpath);
        free(text);
        if (covered) {
            removed++;
            dc_rfinding_free(f);
        } else {
            r->findings.v[j++] = *f;
        }
    }
    r->findings.len = j;
    json_decref(root);
    return removed;
}
