/* options.h: the command line, table-driven (ctags main/options.c): one row per option holds
 * its names, argument, and help text; --help and the man page come from the same table. */
#ifndef DC_OPTIONS_H
#define DC_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/engine.h"
#include "fixes/plan.h"
#include "analysis/finding.h"
#include "ruleset/profile.h"
#include "common/base.h"
#include "report/report.h"

typedef enum dc_color_mode { DC_COLOR_AUTO = 0, DC_COLOR_ALWAYS, DC_COLOR_NEVER } dc_color_mode;

typedef struct dc_output_spec {
    dc_format format;
    const char *path; /* NULL: standard output */
    bool full;        /* text: the full style */
} dc_output_spec;

typedef struct dc_options {
    DC_VEC(dc_output_spec) outputs; /* --output-format FMT:FILE */
    DC_VEC(const char *) paths;
    DC_VEC(const char *) rule_dirs;
    DC_VEC(const char *) excludes;
    DC_VEC(const char *) includes;
    DC_VEC(const char *) select;
    DC_VEC(const char *) ignore;
    DC_VEC(dc_auth_map_entry) auth;
    dc_format format;
    int text_style;             /* text: 1 full, 0 concise, -1 not said (main decides: cli/main.c) */
    bool set_format;            /* --format / --output-format FMT given */
    const char *output;
    const char *stdin_filename;
    const char *explain;
    const char *config;         /* --config FILE: use this instead of discovery */
    const char *baseline;       /* --baseline FILE */
    const char *write_baseline; /* --write-baseline FILE */
    const char *write_facts;    /* --write-facts FILE */
    const char *facts;          /* --facts FILE */
    uint32_t shard_index, shard_count; /* --shard I/N (1-based; count 0: no sharding) */
    dc_profile profile;
    dc_color_mode color;
    dc_severity fail_on;
    uint64_t max_file_size;
    int jobs;
    bool no_ignore, no_default_excludes, force_exclude;
    bool exit_zero, quiet, statistics;
    bool fix, diff, unsafe_fixes;
    bool add_ignore, no_config, no_prefilter;
    bool allow_dirty;
    bool interactive;           /* --interactive: review each fix, then --fix the accepted ones */           /* --fix / --add-ignore may write files with uncommitted changes */
    int progress;               /* -1 auto (TTY), 0 never, 1 always */
    /* which of the fields above were given on the command line (flags win over config) */
    bool set_profile, set_fail_on, set_select, set_ignore;
    bool list_rules, help, version;
    const char *completions;    /* --completions SHELL: print the script and exit */
} dc_options;

/* One row of the option table, for what is generated from it (--help, the man page, shell
 * completions: cli/completions.h). Hidden options are not listed. */
typedef struct dc_option_info {
    const char *name;
    int shortopt;     /* 0 when none */
    const char *arg;  /* NULL: a flag */
    const char *help;
} dc_option_info;

/* The visible options, in table order: fills *out for i < count and returns true. */
bool dc_options_info(size_t i, dc_option_info *out);

/* Returns 0 on success, 2 on a usage error (already reported on stderr). Strings point into
 * argv; dc_options_free releases the vectors. */
int dc_options_parse(dc_options *o, int argc, char **argv);
void dc_options_free(dc_options *o);
/* A format name as --output-format takes it (full, concise, text, json, ...): the dc_format, or
 * -1; *style is 1 for full, else 0. */
int dc_options_format_from_name(const char *name, int *style);
void dc_options_print_help(FILE *out);
/* Prints the option table as man(7) source, for doc/dcmigrate.1. */
void dc_options_print_man(FILE *out);

#endif
