/* fuzz_config: arbitrary bytes as a `.dcmigrate.yml` (cli/config.h), the file a freshly cloned
 * repository hands dcmigrate before anything else runs: dc_config_load (the regular-file read,
 * libyaml, duplicate keys, the schema and every key's reader), then what a loaded config turns
 * into: dc_settings_init against the built-in rules (select/ignore/severity ids, auth mappings,
 * the sdk) and each `exclude` pattern through dc_glob_match against a few paths, long ones too
 * (glibc's fnmatch backtracks on `*`, so a hostile pattern could stall discovery: -timeout finds
 * that).
 *
 * Checks besides crashes, leaks and UB: a config that loads has its path and every string it
 * promises; severities and the sdk are in range; auth mappings start with `ac_`; every message
 * (captured as the terminal would get it) is one line per message and none of them carries a
 * raw control character (C0 but newline, DEL, C1): a config's mistakes are echoed in messages
 * (`unknown key `...``), and a cloned repository must not be able to send ESC sequences to the
 * terminal that way (diag escapes them: common/text.h dc_text_escape_controls).
 *
 * The bytes are written to a file first (dcf_temp_file), since the loader takes a path: that is
 * the entry point the CLI uses, its file checks included.
 *
 * Seeds: fuzz/seeds/fuzz_config/ (scripts/fuzz seeds adds every .dcmigrate.yml under tests/ and
 * examples/); dictionary: fuzz/config.dict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"
#include "cli/settings.h"
#include "common/diag.h"
#include "discover/discover.h"
#include "fuzz_common.h"

/* The command line `dcmigrate .`: every option at its default, so the config decides. */
static const dc_options *default_options(void) {
    static dc_options o;
    static bool done;
    static char *argv[] = {"dcmigrate", ".", NULL};
    if (!done) {
        if (dc_options_parse(&o, 2, argv) != 0) dcf_fail("setup", "dc_options_parse refused `dcmigrate .`");
        done = true;
    }
    return &o;
}

static void check_strs(const dc_yaml_strs *v, const char *key) {
    for (uint32_t i = 0; i < v->len; i++)
        if (!v->v[i]) dcf_fail("config", "`%s` entry %u is NULL", key, i);
}

static void check_config(const dc_config *c) {
    if (!c->path || !c->dir || !c->dir[0]) dcf_fail("config", "a loaded config lacks its path or directory");
    check_strs(&c->select, "select");
    check_strs(&c->ignore, "ignore");
    check_strs(&c->exclude, "exclude");
    check_strs(&c->rules, "rules");
    if (c->has_sdk && (unsigned)c->sdk >= DC_PROFILE_COUNT) dcf_fail("config", "sdk %d out of range", (int)c->sdk);
    if (c->has_fail_on && (unsigned)c->fail_on > DC_SEV_ERROR) dcf_fail("config", "fail_on %d out of range", (int)c->fail_on);
    for (uint32_t i = 0; i < c->severity.len; i++) {
        const dc_severity_override *o = &c->severity.v[i];
        if (!o->rule || (unsigned)o->severity > DC_SEV_ERROR)
            dcf_fail("config", "severity override %u is broken", i);
    }
    for (uint32_t i = 0; i < c->auth.len; i++) {
        const dc_auth_map_entry *e = &c->auth.v[i];
        if (!e->auth_config || !e->toolkit || strncmp(e->auth_config, "ac_", 3) != 0)
            dcf_fail("config", "auth mapping %u is broken", i);
    }
}

/* Paths an exclude pattern is matched against during discovery (relative to the root). */
static const char *glob_paths[4];
static void init_glob_paths(void) {
    static char deep[600], flat[300];
    if (glob_paths[0]) return;
    for (int i = 0; i < 100; i++) memcpy(deep + 6 * i, "a/b.c/", 6); /* 100 components */
    memcpy(deep + 600 - 5, "x.py", 5);
    memset(flat, 'a', sizeof flat - 4);
    memcpy(flat + sizeof flat - 4, ".ts", 4);
    glob_paths[0] = "src/app/main.py";
    glob_paths[1] = "node_modules/@devcaster/core/index.js";
    glob_paths[2] = deep;
    glob_paths[3] = flat;
}

static void check_settings(const dc_config *c) {
    dc_root_settings st;
    (void)dc_config_check_ids(c, dcf_builtin_rules()); /* unknown ids: located messages */
    dc_settings_init(&st, default_options(), c, dcf_builtin_rules());
    uint32_t n = dc_ruleset_count(dcf_builtin_rules());
    for (uint32_t i = 0; st.severity && i < n; i++)
        if (st.severity[i] < -1 || st.severity[i] > DC_SEV_ERROR) dcf_fail("settings", "severity of rule %u is %d", i, st.severity[i]);
    if (st.fopts.nauth != st.auth.len) dcf_fail("settings", "fix options see %u of %u auth mappings", (unsigned)st.fopts.nauth, st.auth.len);
    init_glob_paths();
    for (uint32_t i = 0; i < st.excludes.len; i++)
        for (size_t p = 0; p < sizeof glob_paths / sizeof glob_paths[0]; p++) (void)dc_glob_match(st.excludes.v[i], glob_paths[p]);
    dc_settings_free(&st);
}

/* What diag printed: one line per message, no raw control byte. */
static void check_messages(const dc_buf *out) {
    for (uint32_t i = 0; i < out->len; i++) {
        unsigned char ch = (unsigned char)out->p[i];
        bool ctl = ch < 0x20 || ch == 0x7f || (ch == 0xc2 && i + 1 < out->len && (unsigned char)out->p[i + 1] >= 0x80 &&
                                               (unsigned char)out->p[i + 1] <= 0x9f);
        if (ch == '\n' && i + 1 < out->len && strncmp(out->p + i + 1, "dcmigrate: ", 11) != 0)
            dcf_fail("message", "a message spans lines: byte %u", i);
        if (ctl && ch != '\n')
            dcf_fail("message", "raw control byte 0x%02x at %u of the messages", ch, i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (64u << 10)) return 0;
    (void)dcf_builtin_rules(); /* loaded (quietly) before messages are captured */
    const char *file = dcf_temp_file(".dcmigrate.yml");
    dcf_write_file(file, data, size);
    dc_buf said = DC_BUF_INIT;
    dc_diag_set_printer(NULL, NULL);
    dc_diag_capture_begin(&said);
    dc_config *c = dc_config_load(file);
    if (c) {
        check_config(c);
        check_settings(c);
        dc_config_free(c);
    }
    dc_diag_capture_end();
    const char *v = getenv("DCF_VERBOSE");
    if (v && *v && *v != '0') fputs(dc_buf_cstr(&said), stderr);
    check_messages(&said);
    dc_buf_free(&said);
    return 0;
}
