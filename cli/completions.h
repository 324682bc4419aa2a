/* completions.h: shell completion scripts for bash, zsh and fish, generated from the option table
 * (cli/options.h), so a new option completes as soon as it exists. The values of options that
 * take a name from a list complete from that list (formats, SDK profiles, severities, colour
 * modes, shells), rule selectors from the rule ids (the built-in ones and those loaded with the
 * run's configuration, plus ALL; comma-separated lists complete item by item), paths as files or
 * directories; numbers and pairs do not complete. */
#ifndef DC_COMPLETIONS_H
#define DC_COMPLETIONS_H

#include <stdio.h>

#include "ruleset/rules.h"

/* Prints the script for `shell` ("bash", "zsh" or "fish"); false for another shell. */
bool dc_completions_print(FILE *out, const char *shell, const dc_ruleset *rs);

#endif
