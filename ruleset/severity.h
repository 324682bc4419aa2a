/* severity.h: how serious a rule's finding is and how freely its fix may be applied.
 *
 * Owns the two scales and their names. They are properties of a rule (its YAML `severity:` and
 * `fix: applicability:`) before they are properties of a finding, so they live with the rules,
 * below the analysis that copies them into findings (analysis/finding.h) and the fixes that
 * lower a fix's applicability. */
#ifndef DC_SEVERITY_H
#define DC_SEVERITY_H

typedef enum dc_severity { DC_SEV_INFO = 0, DC_SEV_WARNING, DC_SEV_ERROR } dc_severity;

/* Ordered by how freely a fix may be applied. NONE: the finding has no fix object at all. */
typedef enum dc_applicability { DC_APP_NONE = 0, DC_APP_MANUAL, DC_APP_UNSAFE, DC_APP_SAFE } dc_applicability;

const char *dc_severity_name(dc_severity s);            /* "info", "warning", "error" */
int dc_severity_from_name(const char *s);               /* -1 if unknown */
const char *dc_applicability_name(dc_applicability a); /* "none", "manual", "unsafe", "safe" */
int dc_applicability_from_name(const char *s);          /* -1 if unknown */

#endif
