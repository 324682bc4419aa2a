/* options.c: the option table and its parser (getopt_long built from the table). */
#include "cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common/suggest.h"

enum {
    OPT_FORMAT = 1000, OPT_OUTPUT, OPT_STDIN_FILENAME, OPT_SDK, OPT_RULES, OPT_LIST_RULES, OPT_EXPLAIN,
    OPT_EXCLUDE, OPT_INCLUDE, OPT_NO_IGNORE, OPT_NO_DEFAULT_EXCLUDES, OPT_MAX_FILE_SIZE, OPT_EXIT_ZERO,
    OPT_FAIL_ON, OPT_SELECT, OPT_IGNORE, OPT_COLOR, OPT_NO_COLOR, OPT_FIX, OPT_DIFF, OPT_UNSAFE_FIXES,
    OPT_AUTH_CONFIG, OPT_QUIET, OPT_STATISTICS, OPT_JOBS, OPT_HELP, OPT_VERSION, OPT_MAN, OPT_OUTPUT_FORMAT,
    OPT_CONFIG, OPT_NO_CONFIG, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_ADD_IGNORE, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_NO_PREFILTER,
    OPT_WRITE_FACTS, OPT_FACTS, OPT_SHARD, OPT_FORCE_EXCLUDE, OPT_ALLOW_DIRTY, OPT_COMPLETIONS, OPT_INTERACTIVE
};

typedef struct opt_row {
    const char *name;
    int shortopt; /* 0 when none */
    const char *arg; /* NULL: flag */
    int id;
    const char *help;
} opt_row;

static const opt_row table[] = {
    {"fix", 0, NULL, OPT_FIX, "Apply safe fixes in place (atomic writes, verified by re-parsing)."},
    {"unsafe-fixes", 0, NULL, OPT_UNSAFE_FIXES, "With --fix or --diff, also apply fixes marked unsafe."},
    {"interactive", 'i', NULL, OPT_INTERACTIVE, "Review each fix on the terminal (its code, diff and why it is unsafe): y apply, n skip, a all of this rule, q quit; then apply the accepted ones as --fix does."},
    {"allow-dirty", 0, NULL, OPT_ALLOW_DIRTY, "Let --fix and --add-ignore write files that have changes git has not committed (by default they are left alone, and the run exits 2)."},
    {"diff", 0, NULL, OPT_DIFF, "Print a unified diff of what --fix would change; write nothing; exit 1 if any."},
    {"output-format", 0, "FMT[:FILE]", OPT_OUTPUT_FORMAT, "Report format: full (default on a terminal: each finding with its source and fix), concise (one line each; default otherwise), json, github, sarif, junit, markdown or html. FMT:FILE also writes that report to FILE (repeatable), e.g. sarif:dcmigrate.sarif. Default from DCMIGRATE_OUTPUT_FORMAT."},
    {"format", 'f', "FMT", OPT_FORMAT, "Same as --output-format FMT (text is concise)."},
    {"output", 'o', "FILE", OPT_OUTPUT, "Write the report to FILE instead of standard output."},
    {"sdk", 0, "NAME", OPT_SDK, "SDK profile: devcaster, composio or auto (default: per file, from its imports)."},
    {"select", 0, "IDS", OPT_SELECT, "Only run these rules (comma-separated; repeatable): ids, ALL, or prefixes such as legacy- (every id that starts with it)."},
    {"ignore", 0, "IDS", OPT_IGNORE, "Do not run these rules (comma-separated ids, ALL or prefixes, as --select; repeatable)."},
    {"rules", 0, "DIR", OPT_RULES, "Also load the rule files (*.yml) in DIR, wherever it is; a rule with a built-in id replaces it (said on every run)."},
    {"list-rules", 0, NULL, OPT_LIST_RULES, "List every rule: id, languages, severity, fixability."},
    {"explain", 0, "ID", OPT_EXPLAIN, "Explain a rule: what it finds, how to migrate by hand, an example."},
    {"exclude", 0, "GLOB", OPT_EXCLUDE, "Skip paths matching GLOB (repeatable; a glob without / matches any path component)."},
    {"force-exclude", 0, NULL, OPT_FORCE_EXCLUDE, "Apply the excludes (--exclude, .dcmigrate.yml, the default ones) to files named on the command line too (for pre-commit and editors, which name each file)."},
    {"include", 0, "GLOB", OPT_INCLUDE, "Only scan files matching GLOB (repeatable)."},
    {"no-ignore", 0, NULL, OPT_NO_IGNORE, "Do not respect .gitignore files."},
    {"no-default-excludes", 0, NULL, OPT_NO_DEFAULT_EXCLUDES, "Also walk node_modules, .git, .venv, venv, dist, build, .next, __pycache__."},
    {"max-file-size", 0, "SIZE", OPT_MAX_FILE_SIZE, "Skip files larger than SIZE bytes (suffix K or M; default 2M; 0 = no limit)."},
    {"stdin-filename", 0, "NAME", OPT_STDIN_FILENAME, "Read the source from standard input; NAME gives its language and report path. With --fix the fixed source goes to standard output."},
    {"auth-config", 0, "AC=TOOLKIT", OPT_AUTH_CONFIG, "Map an auth config id to its toolkit (repeatable), e.g. ac_123=github; fixes carry it into sessions."},
    {"fail-on", 0, "LEVEL", OPT_FAIL_ON, "Lowest severity that makes the exit code 1: error, warning (default) or info."},
    {"exit-zero", 0, NULL, OPT_EXIT_ZERO, "Exit 0 even when findings remain (errors still exit 2)."},
    {"config", 0, "FILE", OPT_CONFIG, "Read settings from FILE (whoever owns it) instead of the nearest .dcmigrate.yml above each path, up to the repository root."},
    {"no-config", 0, NULL, OPT_NO_CONFIG, "Ignore .dcmigrate.yml files."},
    {"baseline", 0, "FILE", OPT_BASELINE, "Report only findings that are not in the baseline FILE."},
    {"write-baseline", 0, "FILE", OPT_WRITE_BASELINE, "Record today's findings in FILE (keyed by path, rule and line text) and exit 0."},
    {"write-facts", 0, "FILE", OPT_WRITE_FACTS, "Write the project's facts (clients, factories, re-exports across files; auth configs) to FILE and exit, reporting nothing."},
    {"facts", 0, "FILE", OPT_FACTS, "Read the project's facts from FILE (written by --write-facts on the whole tree) instead of gathering them."},
    {"shard", 0, "I/N", OPT_SHARD, "Scan only shard I of N (1-based) of the sorted file list; with --facts, read only those files."},
    {"add-ignore", 0, NULL, OPT_ADD_IGNORE, "Add a `dcmigrate: ignore[rule]` comment for every current finding (adoption)."},
    {"statistics", 0, NULL, OPT_STATISTICS, "Text format: print a count per rule instead of each finding."},
    {"quiet", 'q', NULL, OPT_QUIET, "Text format: print findings only, no summary line."},
    {"color", 0, "WHEN", OPT_COLOR, "Colour: auto (default: on a terminal, or with FORCE_COLOR; never with NO_COLOR), always, never."},
    {"no-color", 0, NULL, OPT_NO_COLOR, "Same as --color=never."},
    {"jobs", 'j', "N", OPT_JOBS, "Worker threads (default: number of cores)."},
    {"no-prefilter", 0, NULL, OPT_NO_PREFILTER, "Parse every file, even those containing none of the literals the rules need, and match each whole tree, not only the statements that hold one (for checking the prefilter)."},
    {"progress", 0, NULL, OPT_PROGRESS, "Show a progress line on standard error (default: only on a terminal)."},
    {"no-progress", 0, NULL, OPT_NO_PROGRESS, "Never show the progress line."},
    {"completions", 0, "SHELL", OPT_COMPLETIONS, "Print the completion script for SHELL (bash, zsh or fish) and exit, e.g. source <(dcmigrate --completions bash)."},
    {"help", 'h', NULL, OPT_HELP, "Show this help."},
    {"version", 'V', NULL, OPT_VERSION, "Show the version."},
    {"man", 0, NULL, OPT_MAN, NULL}, /* hidden: prints the man page source */
};
#define NOPTS (sizeof table / sizeof table[0])

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "dcmigrate: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nRun `dcmigrate --help` for usage.\n");
    return 2;
}

static void push_list(void *vec, const char *arg) {
    /* comma-separated lists share one vector type */
    DC_VEC(const char *) *v = vec;
    const char *p = arg;
    while (*p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n) dc_vec_push(v, (const char *)dc_xstrndup(p, n));
        if (!c) break;
        p = c + 1;
    }
}

/* A byte count with an optional K, M or G suffix (powers of 1024): the usage error, or 0. Digits
 * first: strtoull would skip blanks, accept a sign and turn "-1" into 2^64 - 1 (no limit at all),
 * and it saturates on overflow, as an unchecked multiplication would wrap. */
static int parse_size(const char *s, uint64_t *out) {
    if (*s == '-') return usage_error("bad --max-file-size `%s` (a size cannot be negative)", s);
    if (!(*s >= '0' && *s <= '9')) return usage_error("bad --max-file-size `%s`", s);
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    bool overflow = errno == ERANGE;
    uint64_t unit = 1;
    if (*end == 'K' || *end == 'k') unit = 1024, end++;
    else if (*end == 'M' || *end == 'm') unit = 1024 * 1024, end++;
    else if (*end == 'G' || *end == 'g') unit = 1024ull * 1024 * 1024, end++;
    if (*end) return usage_error("bad --max-file-size `%s`", s);
    if (overflow || v > UINT64_MAX / unit) return usage_error("bad --max-file-size `%s` (too large)", s);
    *out = (uint64_t)v * unit;
    return 0;
}

/* getopt_long's tables, built from the option table. */
static void getopt_tables(struct option *longopts, char *shortopts) {
    size_t ns = 0;
    shortopts[ns++] = ':'; /* a missing argument returns ':', not '?' */
    for (size_t i = 0; i < NOPTS; i++) {
        longopts[i] = (struct option){table[i].name, table[i].arg ? required_argument : no_argument, NULL, table[i].id};
        if (table[i].shortopt) {
            shortopts[ns++] = (char)table[i].shortopt;
            if (table[i].arg) shortopts[ns++] = ':';
        }
    }
    longopts[NOPTS] = (struct option){0, 0, 0, 0};
    shortopts[ns] = 0;
}

/* An option without an argument; false when `id` is not one. */
static bool set_flag(dc_options *o, int id) {
    switch (id) {
    case OPT_NO_CONFIG: o->no_config = true; break;
    case OPT_ADD_IGNORE: o->add_ignore = true; break;
    case OPT_ALLOW_DIRTY: o->allow_dirty = true; break;
    case OPT_INTERACTIVE: o->interactive = true; break;
    case OPT_PROGRESS: o->progress = 1; break;
    case OPT_NO_PREFILTER: o->no_prefilter = true; break;
    case OPT_NO_PROGRESS: o->progress = 0; break;
    case OPT_LIST_RULES: o->list_rules = true; break;
    case OPT_NO_IGNORE: o->no_ignore = true; break;
    case OPT_NO_DEFAULT_EXCLUDES: o->no_default_excludes = true; break;
    case OPT_FORCE_EXCLUDE: o->force_exclude = true; break;
    case OPT_EXIT_ZERO: o->exit_zero = true; break;
    case OPT_NO_COLOR: o->color = DC_COLOR_NEVER; break;
    case OPT_FIX: o->fix = true; break;
    case OPT_DIFF: o->diff = true; break;
    case OPT_UNSAFE_FIXES: o->unsafe_fixes = true; break;
    case OPT_QUIET: o->quiet = true; break;
    case OPT_STATISTICS: o->statistics = true; break;
    case OPT_HELP: o->help = true; break;
    case OPT_VERSION: o->version = true; break;
    case OPT_MAN: dc_options_print_man(stdout); exit(0);
    default: return false;
    }
    return true;
}

/* A report format's name: the formats of report.h, and for text its two styles (`full`, the
 * default on a terminal, and `concise`, one line per finding; `text` is `concise`, as it has
 * always been). *style: 1 full, 0 concise. -1 when unknown. */
int dc_options_format_from_name(const char *name, int *style) {
    *style = strcmp(name, "full") == 0;
    if (*style || strcmp(name, "concise") == 0) return DC_FORMAT_TEXT;
    return dc_format_from_name(name);
}

/* --format FMT, and --output-format FMT (the same) or FMT:FILE (another report, in a file). */
static int set_format(dc_options *o, int id, const char *arg) {
    const char *colon = strchr(arg, ':');
    int style;
    if (id == OPT_FORMAT || !colon) {
        int f = dc_options_format_from_name(arg, &style);
        if (f < 0)
            return usage_error(id == OPT_FORMAT ? "unknown --format `%s` (expected full, concise, json, github, sarif, junit, "
                                                  "markdown or html)"
                                                : "unknown --output-format `%s` (expected full, concise, json, github, "
                                                  "sarif, junit, markdown or html, or FORMAT:FILE)",
                               arg);
        o->format = (dc_format)f;
        o->text_style = style;
        o->set_format = true;
        return 0;
    }
    char *name = dc_xstrndup(arg, (size_t)(colon - arg));
    int f = dc_options_format_from_name(name, &style);
    free(name);
    if (f < 0 || !colon[1]) return usage_error("--output-format takes FORMAT or FORMAT:FILE (e.g. sarif:out.sarif), got `%s`", arg);
    dc_output_spec spec = {(dc_format)f, colon + 1, style == 1};
    dc_vec_push(&o->outputs, spec);
    return 0;
}

/* The options whose argument is a name from a fixed list, a number or a pair. */
static int set_parsed(dc_options *o, int id, char *arg) {
    switch (id) {
    case OPT_SDK: {
        int p = dc_profile_from_name(arg);
        if (p < 0) return usage_error("unknown --sdk `%s` (expected devcaster, composio or auto)", arg);
        o->profile = (dc_profile)p;
        o->set_profile = true;
        return 0;
    }
    case OPT_FAIL_ON: {
        int s = dc_severity_from_name(arg);
        if (s < 0) return usage_error("unknown --fail-on `%s` (expected error, warning or info)", arg);
        o->fail_on = (dc_severity)s;
        o->set_fail_on = true;
        return 0;
    }
    case OPT_COLOR:
        if (strcmp(arg, "auto") == 0) o->color = DC_COLOR_AUTO;
        else if (strcmp(arg, "always") == 0) o->color = DC_COLOR_ALWAYS;
        else if (strcmp(arg, "never") == 0) o->color = DC_COLOR_NEVER;
        else return usage_error("unknown --color `%s` (expected auto, always or never)", arg);
        return 0;
    case OPT_MAX_FILE_SIZE:
        return parse_size(arg, &o->max_file_size);
    case OPT_JOBS: {
        char *end;
        long j = strtol(arg, &end, 10);
        if (*end || j < 1 || j > 256) return usage_error("bad --jobs `%s` (1 to 256)", arg);
        o->jobs = (int)j;
        return 0;
    }
    case OPT_SHARD: {
        char *end, *end2;
        long i = strtol(arg, &end, 10), n = *end == '/' ? strtol(end + 1, &end2, 10) : 0;
        if (*end != '/' || *end2 || n < 1 || n > 100000 || i < 1 || i > n)
            return usage_error("bad --shard `%s` (I/N with 1 <= I <= N, e.g. 2/8)", arg);
        o->shard_index = (uint32_t)i;
        o->shard_count = (uint32_t)n;
        return 0;
    }
    default: { /* OPT_AUTH_CONFIG */
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg || !eq[1]) return usage_error("--auth-config takes AUTH_CONFIG_ID=TOOLKIT, got `%s`", arg);
        dc_auth_map_entry e = {dc_xstrndup(arg, (size_t)(eq - arg)), dc_xstrdup(eq + 1), NULL, 0};
        dc_vec_push(&o->auth, e);
        return 0;
    }
    }
}

/* An option with an argument (kept as given: strings point into argv); 0 or a usage error. */
static int set_value(dc_options *o, int id, char *arg) {
    switch (id) {
    case OPT_FORMAT:
    case OPT_OUTPUT_FORMAT: return set_format(o, id, arg);
    case OPT_SDK:
    case OPT_FAIL_ON:
    case OPT_COLOR:
    case OPT_MAX_FILE_SIZE:
    case OPT_JOBS:
    case OPT_SHARD:
    case OPT_AUTH_CONFIG: return set_parsed(o, id, arg);
    case OPT_WRITE_FACTS: o->write_facts = arg; break;
    case OPT_FACTS: o->facts = arg; break;
    case OPT_CONFIG: o->config = arg; break;
    case OPT_BASELINE: o->baseline = arg; break;
    case OPT_WRITE_BASELINE: o->write_baseline = arg; break;
    case OPT_OUTPUT: o->output = arg; break;
    case OPT_STDIN_FILENAME: o->stdin_filename = arg; break;
    case OPT_RULES: dc_vec_push(&o->rule_dirs, (const char *)arg); break;
    case OPT_EXPLAIN: o->explain = arg; break;
    case OPT_COMPLETIONS:
        if (strcmp(arg, "bash") && strcmp(arg, "zsh") && strcmp(arg, "fish"))
            return usage_error("unknown --completions `%s` (expected bash, zsh or fish)", arg);
        o->completions = arg;
        break;
    case OPT_EXCLUDE: dc_vec_push(&o->excludes, (const char *)arg); break;
    case OPT_INCLUDE: dc_vec_push(&o->includes, (const char *)arg); break;
    case OPT_SELECT: push_list(&o->select, arg); o->set_select = true; break;
    case OPT_IGNORE: push_list(&o->ignore, arg); o->set_ignore = true; break;
    default: return -1;
    }
    return 0;
}

/* The row of an option id (or short option character), or NULL. */
static const opt_row *row_of(int c) {
    for (size_t i = 0; i < NOPTS; i++)
        if (table[i].id == c || (table[i].shortopt && table[i].shortopt == c)) return &table[i];
    return NULL;
}

/* An unknown or ambiguous long option `arg` ("--name" or "--name=value"): the usage error, with
 * the options it could abbreviate or the closest name (common/suggest.h). */
static int unknown_long(const char *arg) {
    const char *name = arg + 2, *eq = strchr(name, '=');
    char *typed = dc_xstrndup(name, eq ? (size_t)(eq - name) : strlen(name));
    dc_buf msg = DC_BUF_INIT;
    dc_suggest s = {typed, NULL, 0};
    uint32_t prefixed = 0;
    for (size_t i = 0; i < NOPTS; i++) {
        if (!table[i].help) continue;
        dc_suggest_offer(&s, table[i].name);
        if (*typed && strncmp(table[i].name, typed, strlen(typed)) == 0)
            dc_buf_printf(&msg, "%s--%s", prefixed++ ? ", " : "", table[i].name);
    }
    dc_buf text = DC_BUF_INIT;
    if (prefixed > 1) dc_buf_printf(&text, "option `--%s` is ambiguous (could be %s)", typed, msg.p);
    else dc_buf_printf(&text, "unknown option `--%s`", typed);
    if (prefixed <= 1 && s.best) dc_buf_printf(&text, " (did you mean `--%s`?)", s.best);
    int rc = usage_error("%s", text.p);
    dc_buf_free(&text);
    dc_buf_free(&msg);
    free(typed);
    return rc;
}

/* What getopt_long stopped at (`c` is ':' for a missing argument, '?' otherwise), as a usage
 * error naming the option as the user wrote it: getopt_long's optopt is the option's id for a
 * long option (1000 and up, not a character), 0 for an unknown one. */
static int option_error(int c, char **argv) {
    const opt_row *r = optopt ? row_of(optopt) : NULL;
    char label[64];
    if (r && optopt >= OPT_FORMAT) snprintf(label, sizeof label, "--%s", r->name);
    else if (r) snprintf(label, sizeof label, "-%c", optopt);
    if (c == ':' && r) {
        if (r->id == OPT_EXPLAIN) return usage_error("%s needs a rule id, e.g. `--explain tools-get` (see --list-rules)", label);
        char msg[160];
        snprintf(msg, sizeof msg, "%s needs an argument: %s %s", label, label, r->arg);
        return usage_error("%s", msg);
    }
    if (r && optopt >= OPT_FORMAT) return usage_error("%s takes no argument", label);
    if (optopt) {
        /* `-select`: a long option written with one dash (getopt read it as -s -e -l ...) */
        dc_suggest s = {NULL, NULL, 0};
        for (int i = 1; argv[i] && !s.typed; i++)
            if (argv[i][0] == '-' && argv[i][1] == optopt && argv[i][2]) s.typed = argv[i] + 1;
        for (size_t i = 0; s.typed && i < NOPTS; i++) {
            if (!table[i].help) continue;
            if (strcmp(s.typed, table[i].name) == 0) s.best = table[i].name, s.dist = 0; /* exactly a long name */
            else dc_suggest_offer(&s, table[i].name);
        }
        char msg[96];
        snprintf(msg, sizeof msg, "unknown option `-%c`%s%s%s", optopt, s.best ? " (did you mean `--" : "", s.best ? s.best : "",
                 s.best ? "`?)" : "");
        return usage_error("%s", msg);
    }
    const char *arg = argv[optind - 1];
    if (strncmp(arg, "--", 2) == 0) return unknown_long(arg);
    return usage_error("unknown option `%s`", arg);
}

/* Flags that cannot be used together: a usage error naming them, never one silently ignored. */
static int check_combinations(const dc_options *o) {
    if (o->fix && o->diff) return usage_error("%s", "--fix and --diff cannot be combined");
    if (o->add_ignore && (o->fix || o->diff)) return usage_error("%s", "--add-ignore cannot be combined with --fix or --diff");
    if (o->write_facts && (o->facts || o->shard_count || o->fix || o->diff || o->add_ignore || o->stdin_filename))
        return usage_error("%s", "--write-facts gathers the facts of the whole tree: it cannot be combined with --facts, --shard, "
                                 "--fix, --diff, --add-ignore or --stdin-filename");
    if (o->stdin_filename && o->paths.len)
        return usage_error("--stdin-filename reads standard input: it cannot be combined with a PATH (`%s`)", o->paths.v[0]);
    if (o->stdin_filename && (o->add_ignore || o->shard_count))
        return usage_error("%s", "--stdin-filename cannot be combined with --add-ignore or --shard");
    if (o->diff && o->format != DC_FORMAT_TEXT)
        return usage_error("--diff prints a patch: it cannot be combined with --format %s (use --output-format FMT:FILE "
                           "for a report beside it)",
                           dc_format_name(o->format));
    if (o->statistics && (o->format != DC_FORMAT_TEXT || o->diff))
        return usage_error("%s", "--statistics is a text report: it cannot be combined with --diff or another --format");
    if (o->interactive && (o->diff || o->add_ignore || o->stdin_filename || o->write_facts || o->statistics))
        return usage_error("%s", "--interactive cannot be combined with --diff, --add-ignore, --stdin-filename, --write-facts "
                                 "or --statistics");
    if (o->explain && o->list_rules) return usage_error("%s", "--explain and --list-rules cannot be combined");
    if (o->completions && (o->explain || o->list_rules || o->paths.len || o->fix || o->diff || o->add_ignore ||
                           o->stdin_filename || o->interactive))
        return usage_error("%s", "--completions prints a script: it cannot be combined with a PATH or another action");
    if ((o->explain || o->list_rules) && (o->paths.len || o->fix || o->diff || o->add_ignore || o->stdin_filename))
        return usage_error("%s cannot be combined with a PATH, --fix, --diff, --add-ignore or --stdin-filename",
                           o->explain ? "--explain" : "--list-rules");
    return 0;
}

int dc_options_parse(dc_options *o, int argc, char **argv) {
    memset(o, 0, sizeof *o);
    o->fail_on = DC_SEV_WARNING;
    o->max_file_size = 2u * 1024 * 1024;
    o->progress = -1;
    o->text_style = -1;
    struct option longopts[NOPTS + 1];
    char shortopts[64];
    getopt_tables(longopts, shortopts);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        for (size_t i = 0; i < NOPTS; i++)
            if (table[i].shortopt && c == table[i].shortopt) c = table[i].id;
        if (set_flag(o, c)) continue;
        int rc = c == '?' || c == ':' ? -1 : set_value(o, c, optarg);
        if (rc > 0) return rc;
        if (rc == 0) continue;
        return option_error(c, argv);
    }
    for (int i = optind; i < argc; i++) dc_vec_push(&o->paths, (const char *)argv[i]);
    return check_combinations(o);
}

bool dc_options_info(size_t i, dc_option_info *out) {
    for (size_t k = 0; k < NOPTS; k++) {
        if (!table[k].help) continue;
        if (i-- == 0) {
            *out = (dc_option_info){table[k].name, table[k].shortopt, table[k].arg, table[k].help};
            return true;
        }
    }
    return false;
}

void dc_options_free(dc_options *o) {
    for (uint32_t i = 0; i < o->select.len; i++) free((char *)o->select.v[i]);
    for (uint32_t i = 0; i < o->ignore.len; i++) free((char *)o->ignore.v[i]);
    for (uint32_t i = 0; i < o->auth.len; i++) {
        free((char *)o->auth.v[i].auth_config);
        free((char *)o->auth.v[i].toolkit);
    }
    dc_vec_free(&o->paths);
    dc_vec_free(&o->rule_dirs);
    dc_vec_free(&o->excludes);
    dc_vec_free(&o->includes);
    dc_vec_free(&o->select);
    dc_vec_free(&o->ignore);
    dc_vec_free(&o->auth);
    dc_vec_free(&o->outputs);
}

static void opt_label(char *buf, size_t n, const opt_row *r) {
    if (r->shortopt)
        snprintf(buf, n, "-%c, --%s%s%s", r->shortopt, r->name, r->arg ? " " : "", r->arg ? r->arg : "");
    else
        snprintf(buf, n, "    --%s%s%s", r->name, r->arg ? " " : "", r->arg ? r->arg : "");
}

void dc_options_print_help(FILE *out) {
    fputs("Usage: dcmigrate [OPTIONS] [PATH...]\n\n"
          "Find Devcaster/Composio direct-tool API uses in Python and TypeScript/JavaScript code and\n"
          "migrate them to sessions. PATHs are files or directories (default: .).\n\n"
          "Options:\n",
          out);
    for (size_t i = 0; i < NOPTS; i++) {
        if (!table[i].help) continue;
        char label[64];
        opt_label(label, sizeof label, &table[i]);
        fprintf(out, "  %-30s %s\n", label, table[i].help);
    }
    fputs("\nExit status: 0 no findings at or above --fail-on; 1 findings remain (or --diff has changes);\n"
          "2 usage, configuration, rule or I/O error, or a file named as a PATH was skipped (the rest of\n"
          "the run still happens, except after a configuration error, which stops it before anything is\n"
          "scanned).\n",
          out);
}

void dc_options_print_man(FILE *out) {
    fprintf(out, ".TH DCMIGRATE 1 \"\" \"dcmigrate %s\" \"User Commands\"\n", DC_VERSION);
    fputs(".SH NAME\ndcmigrate \\- migrate Devcaster/Composio direct-tool code to sessions\n"
          ".SH SYNOPSIS\n.B dcmigrate\n[\\fIOPTIONS\\fR] [\\fIPATH\\fR...]\n"
          ".SH DESCRIPTION\nFinds uses of the direct tools API (tools.get, tools.execute, toolkit versions,\n"
          "connected_accounts.link and the v1/v2 vocabulary) in Python and TypeScript/JavaScript, rewrites what\n"
          "can be rewritten safely to sessions, and explains what must be finished by hand.\n.SH OPTIONS\n",
          out);
    for (size_t i = 0; i < NOPTS; i++) {
        if (!table[i].help) continue;
        char label[64];
        opt_label(label, sizeof label, &table[i]);
        const char *l = label;
        while (*l == ' ') l++;
        fputs(".TP\n.B ", out);
        for (const char *p = l; *p; p++) {
            if (*p == '-') fputc('\\', out);
            fputc(*p, out);
        }
        fputc('\n', out);
        for (const char *p = table[i].help; *p; p++) {
            if (*p == '-' || *p == '\\') fputc('\\', out);
            fputc(*p, out);
        }
        fputc('\n', out);
    }
    fputs(".SH EXIT STATUS\n0: no findings at or above \\-\\-fail\\-on. 1: findings remain, or \\-\\-diff has changes.\n"
          "2: usage, configuration, rule or I/O error, or a file named as a PATH was skipped.\n"
          ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\ndisables colour.\n"
          ".TP\n.B FORCE_COLOR\nenables colour off a terminal too (unless 0 or false); wins over NO_COLOR.\n"
          ".TP\n.B DCMIGRATE_OUTPUT_FORMAT\n"
          "the report format when no \\-\\-output\\-format is given (full, concise, json, ...).\n"
          ".TP\n.B DCMIGRATE_NO_PROJECT=1\n"
          "file-scoped facts only: no project phase, imports are not followed (for measuring the phase; for testing).\n"
          ".TP\n.B DCMIGRATE_EXACT_QUERIES=1\n"
          "compiles the rules' queries as written instead of relaxed (slower start, same findings; for testing).\n"
          ".TP\n.B MALLOC_CONF\n"
          "jemalloc settings, overriding the built-in ones (see cli/heap.h).\n",
          out);
}
