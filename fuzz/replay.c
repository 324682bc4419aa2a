/* replay.c: a main() for the fuzz targets without libFuzzer, so any compiler (gcc with
 * -fsanitize=address, or a plain build under valgrind) can re-run a corpus or a crash file:
 *
 *   fuzz_fix_replay FILE|DIR...     runs LLVMFuzzerTestOneInput on each file (directories: each
 *                                   regular file in them, sorted), prints a count, exits 0
 *
 * A violated invariant aborts, as under libFuzzer. tests/CMakeLists.txt builds these against the
 * normal build (release or ASan) and replays fuzz/regressions/ and a sample of the seeds. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long runs;

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return 1;
    /* an exact-size copy, so ASan catches a read one past the end as libFuzzer would */
    uint8_t *exact = malloc(len ? len : 1);
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    runs++;
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int run_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) return run_file(path);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return 1;
    }
    char **names = NULL;
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        names = realloc(names, (nn + 1) * sizeof *names);
        names[nn++] = strdup(de->d_name);
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, cmp);
    int bad = 0;
    for (size_t i = 0; i < nn; i++) {
        size_t l = strlen(path) + strlen(names[i]) + 2;
        char *p = malloc(l);
        snprintf(p, l, "%s/%s", path, names[i]);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) bad |= run_file(p);
        free(p);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv) {
    int bad = 0;
    for (int i = 1; i < argc; i++) bad |= run_path(argv[i]);
    printf("%s: %lu inputs replayed\n", argv[0], runs);
    return bad;
}
