/* sarif.c: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers), built with
 * jansson like the JSON writer, so every string is escaped by the library.
 *
 * One run: tool.driver with every rule of the run's rule set (results point at them by ruleId and
 * ruleIndex), artifacts (each file with findings, referenced by index), results with one physical
 * location each, a fix for safe and unsafe fixes, and a partial fingerprint that survives edits
 * elsewhere in the file. `columnKind` is unicodeCodePoints because the report's columns count code
 * points (end exclusive, as SARIF regions are). charOffset/charLength are left out on purpose:
 * they count characters from the start of the file, and the report keeps only byte offsets and
 * the first line of each finding, so they cannot be computed correctly here.
 *
 * Skipped files become tool execution notifications, so a viewer can tell that a file was not
 * looked at rather than clean. */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "report/jsonutil.h"
#include "report/jstream.h"

#define DC_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define DC_SARIF_INFO_URI "https://github.com/dcmigrate/dcmigrate"
#define DC_SARIF_FINGERPRINT_KEY "dcmigrate/v1"

/* ---- strings --------------------------------------------------------------------------------- */

static json_t *jmsg(const char *s) { return json_pack("{s:o}", "text", dc_json_str(s)); }

/* artifactLocation.uri is a URI reference: the path percent-encoded (common/text.h: what RFC 3986
 * allows in a path segment stays; spaces, `#`, `?`, `%`, `:` and every byte that is not ASCII
 * are encoded), so a path that is not UTF-8 still has a URI that gives back its exact bytes. An
 * absolute path becomes a file: URI. */
static json_t *juri(const char *path) {
    dc_buf b = DC_BUF_INIT;
    if (path[0] == '/') dc_buf_adds(&b, "file://");
    dc_text_percent_encode(&b, path);
    json_t *j = json_string(dc_buf_cstr(&b));
    dc_buf_free(&b);
    return j;
}

static const char *level_for(dc_severity s) {
    return s == DC_SEV_ERROR ? "error" : s == DC_SEV_WARNING ? "warning" : "note";
}

/* ---- fingerprints ---------------------------------------------------------------------------- */

/* FNV-1a 64: the fingerprint is a de-duplication key, not a security boundary, so a fast,
 * dependency-free, well-known hash with a fixed definition (the value must never change between
 * versions or platforms) is the right tool; 64 bits make a collision among one repository's
 * findings negligible. */
#define DC_FNV_OFFSET 0xcbf29ce484222325ULL
#define DC_FNV_PRIME 0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= DC_FNV_PRIME;
    }
    return h;
}

/* Hash of (rule id, path, line text without any whitespace). Whitespace is dropped entirely so
 * re-indenting or re-formatting the line keeps the alert; the line number is left out so lines
 * inserted above keep it too. NUL separators keep ("ab","c") apart from ("a","bc"). */
static uint64_t site_hash(const dc_rfinding *f) {
    uint64_t h = DC_FNV_OFFSET;
    h = fnv1a(h, f->rule->id, strlen(f->rule->id) + 1);
    h = fnv1a(h, f->path, strlen(f->path) + 1);
    for (const char *p = f->line_text ? f->line_text : ""; *p; p++)
        if (!strchr(" \t\r\n\v\f", *p)) h = fnv1a(h, p, 1);
    return h;
}

/* The fingerprint adds the occurrence index of that site among the file's earlier findings, so
 * two identical lines in one file (the same call twice) stay two alerts. */
static json_t *fingerprint(uint64_t site, uint32_t occurrence) {
    char num[16], hex[17];
    int n = snprintf(num, sizeof num, "%u", occurrence);
    uint64_t h = fnv1a(fnv1a(site, "", 1), num, (size_t)n);
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    return json_pack("{s:s}", DC_SARIF_FINGERPRINT_KEY, hex);
}

/* ---- rules ----------------------------------------------------------------------------------- */

typedef DC_VEC(const dc_rule *) rule_list;

static uint32_t rule_slot(rule_list *rules, const dc_rule *rule) {
    if (rule->index < rules->len && rules->v[rule->index] == rule) return rule->index;
    for (uint32_t i = 0; i < rules->len; i++)
        if (rules->v[i] == rule) return i;
    dc_vec_push(rules, rule); /* a finding of a rule not in the rule set (defensive) */
    return rules->len - 1;
}

/* "tools-get" -> "ToolsGet": SARIF's reportingDescriptor.name is an identifier-like name. */
static char *pascal_name(const char *id) {
    dc_buf b = DC_BUF_INIT;
    bool up = true;
    for (const char *p = id; *p; p++) {
        if (*p == '-' || *p == '_') {
            up = true;
            continue;
        }
        dc_buf_addc(&b, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
        up = false;
    }
    return dc_buf_detach(&b);
}

static json_t *rule_json(const dc_rule *rule) {
    static const char *family_tags[] = {NULL, "python", "typescript", "dotenv"};
    char *name = pascal_name(rule->id), *note = dc_report_rule_note(rule);
    const char *summary = rule->summary ? rule->summary : rule->id;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(rule->id));
    json_object_set_new(o, "name", dc_json_str(name));
    json_object_set_new(o, "shortDescription", jmsg(summary));
    /* The note is the rule's whole story (what, why, how to migrate by hand): it is both the
     * full description and the help. No help.markdown: notes are plain text whose indented
     * lists Markdown would turn into code blocks. */
    json_object_set_new(o, "fullDescription", jmsg(note[0] ? note : summary));
    json_object_set_new(o, "help", jmsg(note[0] ? note : summary));
    if (rule->builtin) {
        dc_buf u = DC_BUF_INIT;
        dc_buf_printf(&u, "%s/blob/main/%s", DC_SARIF_INFO_URI, rule->origin ? rule->origin : "rules");
        json_object_set_new(o, "helpUri", json_string(dc_buf_cstr(&u)));
        dc_buf_free(&u);
    }
    json_object_set_new(o, "defaultConfiguration", json_pack("{s:s}", "level", level_for(rule->severity)));
    json_t *tags = json_array();
    json_array_append_new(tags, json_string("migration"));
    for (int fam = 1; fam < 4; fam++)
        if (rule->families[fam]) json_array_append_new(tags, json_string(family_tags[fam]));
    json_array_append_new(tags, json_string(rule->fix_app == DC_APP_NONE ? "no-fix" : rule->fix_app == DC_APP_MANUAL
                                                                                          ? "manual-fix"
                                                                                          : "autofix"));
    json_object_set_new(o, "properties", json_pack("{s:o}", "tags", tags));
    free(name);
    free(note);
    return o;
}

/* ---- results --------------------------------------------------------------------------------- */

static json_t *region(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col) {
    return json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)line, "startColumn", (json_int_t)col, "endLine",
                     (json_int_t)end_line, "endColumn", (json_int_t)end_col);
}

static json_t *artifact_location(const char *path, uint32_t index) {
    return json_pack("{s:o,s:I}", "uri", juri(path), "index", (json_int_t)index);
}

static json_t *fix_json(const dc_rfinding *f, uint32_t artifact) {
    dc_buf d = DC_BUF_INIT;
    dc_buf_adds(&d, f->fix_title ? f->fix_title : "Apply the dcmigrate fix");
    if (f->fix_why) dc_buf_printf(&d, " (%s: %s)", f->app == DC_APP_UNSAFE ? "unsafe" : "note", f->fix_why);
    json_t *reps = json_array();
    for (uint32_t k = 0; k < f->nedits; k++) {
        const dc_redit *e = &f->edits[k];
        json_t *rep = json_object();
        json_object_set_new(rep, "deletedRegion", region(e->line, e->col, e->end_line, e->end_col));
        /* SARIF: an absent insertedContent is a pure deletion. */
        if (e->text && e->text[0]) json_object_set_new(rep, "insertedContent", jmsg(e->text));
        json_array_append_new(reps, rep);
    }
    json_t *change = json_pack("{s:o,s:o}", "artifactLocation", artifact_location(f->path, artifact), "replacements", reps);
    json_t *fix = json_pack("{s:o,s:[o]}", "description", jmsg(dc_buf_cstr(&d)), "artifactChanges", change);
    dc_buf_free(&d);
    return fix;
}

static json_t *result_json(const dc_rfinding *f, uint32_t rule_index, uint32_t artifact, uint64_t site,
                           uint32_t occurrence) {
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", json_string(f->rule->id));
    json_object_set_new(res, "ruleIndex", json_integer(rule_index));
    json_object_set_new(res, "level", json_string(level_for(f->severity)));
    dc_buf msg = DC_BUF_INIT;
    json_object_set_new(res, "message", jmsg(dc_rfinding_message(f, &msg)));
    dc_buf_free(&msg);
    json_t *loc = json_pack("{s:o,s:o}", "artifactLocation", artifact_location(f->path, artifact), "region",
                            region(f->line, f->col, f->end_line, f->end_col));
    json_object_set_new(res, "locations", json_pack("[{s:o}]", "physicalLocation", loc));
    json_object_set_new(res, "partialFingerprints", fingerprint(site, occurrence));
    if ((f->app == DC_APP_SAFE || f->app == DC_APP_UNSAFE) && f->nedits)
        json_object_set_new(res, "fixes", json_pack("[o]", fix_json(f, artifact)));
    json_t *props = json_object();
    if (f->app != DC_APP_NONE) json_object_set_new(props, "applicability", json_string(dc_applicability_name(f->app)));
    json_object_set_new(props, "confidence", json_string(f->low_confidence ? "low" : "high"));
    json_object_set_new(res, "properties", props);
    return res;
}

/* findings are sorted by path: a new path is a new artifact */
static bool new_file(const dc_report *r, uint32_t i) {
    return i == 0 || strcmp(r->findings.v[i].path, r->findings.v[i - 1].path) != 0;
}

/* Streamed (report/jstream.h): artifacts and results are written one object at a time, so the
 * document never exists whole in memory; the bytes are those of dumping the whole tree. The
 * driver's rules come first in the document, so a first pass registers any rule that only the
 * findings know (same order as before, so ruleIndex values are unchanged). */
bool dc_report_write_sarif(const dc_report *r, FILE *out) {
    rule_list rules = {0};
    uint32_t nrules = r->rules ? dc_ruleset_count(r->rules) : 0;
    for (uint32_t i = 0; i < nrules; i++) {
        const dc_rule *rule = dc_ruleset_get(r->rules, i);
        if (!rule->progress) dc_vec_push(&rules, rule); /* progress rules never produce results */
    }
    uint32_t n = r->findings.len;
    for (uint32_t i = 0; i < n; i++) rule_slot(&rules, r->findings.v[i].rule);

    json_t *jrules = json_array();
    for (uint32_t i = 0; i < rules.len; i++) json_array_append_new(jrules, rule_json(rules.v[i]));

    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("dcmigrate"));
    json_object_set_new(driver, "version", json_string(DC_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(DC_VERSION));
    json_object_set_new(driver, "informationUri", json_string(DC_SARIF_INFO_URI));
    json_object_set_new(driver, "rules", jrules);

    json_t *notes = json_array();
    for (uint32_t i = 0; i < r->skipped.len; i++)
        json_array_append_new(
            notes, json_pack("{s:s,s:o,s:[{s:{s:{s:o}}}]}", "level", "note", "message", jmsg(r->skipped.v[i].reason),
                             "locations", "physicalLocation", "artifactLocation", "uri", juri(r->skipped.v[i].path)));
    json_t *inv = json_object();
    json_object_set_new(inv, "executionSuccessful", json_boolean(r->errors == 0));
    if (json_array_size(notes)) json_object_set_new(inv, "toolExecutionNotifications", notes);
    else json_decref(notes);

    dc_jw w;
    dc_jw_init(&w, out);
    dc_jw_open(&w, NULL, '{');
    dc_jw_put(&w, "$schema", json_string(DC_SARIF_SCHEMA));
    dc_jw_put(&w, "version", json_string("2.1.0"));
    dc_jw_open(&w, "runs", '[');
    dc_jw_open(&w, NULL, '{');
    dc_jw_put(&w, "tool", json_pack("{s:o}", "driver", driver));
    dc_jw_put(&w, "invocations", json_pack("[o]", inv));
    dc_jw_put(&w, "columnKind", json_string("unicodeCodePoints"));
    dc_jw_open(&w, "artifacts", '[');
    for (uint32_t i = 0; i < n && !w.err; i++)
        if (new_file(r, i)) dc_jw_put(&w, NULL, json_pack("{s:{s:o}}", "location", "uri", juri(r->findings.v[i].path)));
    dc_jw_close(&w, ']');
    dc_jw_open(&w, "results", '[');
    uint64_t *sites = dc_xcalloc(n ? n : 1, sizeof *sites);
    uint32_t artifact = 0, file_start = 0;
    for (uint32_t i = 0; i < n && !w.err; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        if (new_file(r, i)) {
            artifact += i > 0;
            file_start = i;
        }
        sites[i] = site_hash(f);
        uint32_t occurrence = 0;
        for (uint32_t k = file_start; k < i; k++)
            if (sites[k] == sites[i]) occurrence++;
        dc_jw_put(&w, NULL, result_json(f, rule_slot(&rules, f->rule), artifact, sites[i], occurrence));
    }
    free(sites);
    dc_vec_free(&rules);
    dc_jw_close(&w, ']');
    dc_jw_close(&w, '}');
    dc_jw_close(&w, ']');
    dc_jw_close(&w, '}');
    return dc_jw_finish(&w);
}
