/* embedded.h: the rule files compiled into the binary by cmake/embed.cmake.
 * The table ends with an entry whose name is NULL; data is NUL-terminated and static. */
#ifndef DC_EMBEDDED_H
#define DC_EMBEDDED_H
typedef struct dc_embedded_file {
    const char *name; /* "rules/tools-get.yml" */
    const char *data;
    unsigned len;
} dc_embedded_file;
extern const dc_embedded_file dc_embedded_files[];
#endif
