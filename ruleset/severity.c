/* severity.c: the names of severities and applicabilities (see severity.h). */
#include "ruleset/severity.h"

#include <string.h>

static const char *sev_names[] = {"info", "warning", "error"};
static const char *app_names[] = {"none", "manual", "unsafe", "safe"};

const char *dc_severity_name(dc_severity s) { return (unsigned)s <= DC_SEV_ERROR ? sev_names[s] : "?"; }

int dc_severity_from_name(const char *s) {
    for (int i = 0; i <= DC_SEV_ERROR; i++)
        if (strcmp(s, sev_names[i]) == 0) return i;
    return -1;
}

const char *dc_applicability_name(dc_applicability a) { return (unsigned)a <= DC_APP_SAFE ? app_names[a] : "?"; }

int dc_applicability_from_name(const char *s) {
    for (int i = 0; i <= DC_APP_SAFE; i++)
        if (strcmp(s, app_names[i]) == 0) return i;
    return -1;
}
