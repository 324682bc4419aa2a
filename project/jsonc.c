/* jsonc.c: comment/trailing-comma blanking in front of jansson (jsonc.h says why). */
#include "project/jsonc.h"

#include <stdlib.h>
#include <string.h>

#include "common/base.h"
#include "common/diag.h"

static bool jsonc_is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Blanks one comment starting at s[i] ("//" or block); returns the index after it. Newlines
 * inside a block comment stay, so line numbers after it are unchanged. */
static size_t jsonc_blank_comment(char *s, size_t len, size_t i) {
    if (s[i + 1] == '/') {
        while (i < len && s[i] != '\n') s[i++] = ' ';
        return i;
    }
    s[i] = s[i + 1] = ' ';
    i += 2;
    while (i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/')) {
        if (s[i] != '\n' && s[i] != '\r') s[i] = ' ';
        i++;
    }
    if (i < len) s[i] = s[i + 1] = ' ', i += 2;
    return i;
}

/* Index after the string literal opening at s[i] (or len when unterminated). */
static size_t jsonc_skip_string(const char *s, size_t len, size_t i) {
    for (i++; i < len; i++) {
        if (s[i] == '\\') i++;
        else if (s[i] == '"') return i + 1;
    }
    return len;
}

void dc_jsonc_blank(char *s, size_t len) {
    if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
        s[0] = s[1] = s[2] = ' ';
    /* Pass 1: comments. Pass 2 sees only whitespace between tokens, so a comma followed by a
     * comment and then '}' is still found trailing. */
    for (size_t i = 0; i < len;) {
        if (s[i] == '"') i = jsonc_skip_string(s, len, i);
        else if (s[i] == '/' && i + 1 < len && (s[i + 1] == '/' || s[i + 1] == '*')) i = jsonc_blank_comment(s, len, i);
        else i++;
    }
    for (size_t i = 0; i < len;) {
        if (s[i] == '"') {
            i = jsonc_skip_string(s, len, i);
            continue;
        }
        if (s[i] == ',') {
            size_t j = i + 1;
            while (j < len && jsonc_is_space(s[j])) j++;
            if (j < len && (s[j] == '}' || s[j] == ']')) s[i] = ' ';
        }
        i++;
    }
}

json_t *dc_jsonc_load(const char *display, const char *text, size_t len, bool empty_is_object, const char *consequence) {
    char *copy = dc_xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = 0;
    dc_jsonc_blank(copy, len);
    size_t k = 0;
    while (k < len && jsonc_is_space(copy[k])) k++;
    if (k == len && empty_is_object) {
        free(copy);
        return json_object();
    }
    json_error_t err;
    json_t *j = json_loadb(copy, len, 0, &err);
    free(copy);
    if (!j) {
        dc_diag(DC_DIAG_WARNING, display, err.line > 0 ? (uint32_t)err.line : 0,
                err.column > 0 ? (uint32_t)err.column : 0, "not valid JSON: %s; %s", err.text, consequence);
        return NULL;
    }
    if (!json_is_object(j)) {
        dc_diag(DC_DIAG_WARNING, display, 1, 0, "the top level is not a JSON object; %s", consequence);
        json_decref(j);
        return NULL;
    }
    return j;
}

unsigned dc_jsonc_key_line(const char *text, size_t len, const char *key) {
    size_t klen = strlen(key);
    unsigned line = 1, found = 0;
    if (!text || !len) return 0;
    char *s = dc_xstrndup(text, len); /* blanked, so a key inside a comment does not count */
    dc_jsonc_blank(s, len);
    for (size_t i = 0; i < len && !found; i++) {
        if (s[i] == '\n') line++;
        if (s[i] != '"' || i + klen + 2 > len || memcmp(s + i + 1, key, klen) != 0 || s[i + 1 + klen] != '"')
            continue;
        size_t j = i + klen + 2;
        while (j < len && jsonc_is_space(s[j])) j++;
        if (j < len && s[j] == ':') found = line;
    }
    free(s);
    return found;
}
