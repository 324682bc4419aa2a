/* check.h: the unit-test harness. Each test_*.c defines tests with DC_TEST and ends with
 * DC_TEST_MAIN; ctest runs every binary. A failed CHECK prints file:line and the expression and
 * marks the test failed; the binary prints "N passed, N failed" and exits non-zero on failure. */
#ifndef DC_CHECK_H
#define DC_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*dc_test_fn)(int *failed);
typedef struct {
    const char *name;
    dc_test_fn fn;
} dc_test_case;

#define DC_MAX_TESTS 256
extern dc_test_case dc_tests[DC_MAX_TESTS];
extern int dc_ntests;

#define DC_TEST(name)                                                                            \
    static void name(int *dc_failed_);                                                          \
    __attribute__((constructor)) static void name##_register(void) {                            \
        if (dc_ntests < DC_MAX_TESTS) dc_tests[dc_ntests++] = (dc_test_case){#name, name};      \
    }                                                                                            \
    static void name(int *dc_failed_)

#define CHECK(expr)                                                                              \
    do {                                                                                         \
        if (!(expr)) {                                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #expr);             \
            *dc_failed_ = 1;                                                                     \
        }                                                                                        \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                       \
    do {                                                                                         \
        long long dc_a_ = (long long)(a), dc_b_ = (long long)(b);                               \
        if (dc_a_ != dc_b_) {                                                                    \
            fprintf(stderr, "%s:%d: CHECK_EQ_INT failed: %s == %lld, expected %s == %lld\n",     \
                    __FILE__, __LINE__, #a, dc_a_, #b, dc_b_);                                   \
            *dc_failed_ = 1;                                                                     \
        }                                                                                        \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                       \
    do {                                                                                         \
        const char *dc_a_ = (a), *dc_b_ = (b);                                                   \
        if (!dc_a_ || !dc_b_ || strcmp(dc_a_, dc_b_) != 0) {                                     \
            fprintf(stderr, "%s:%d: CHECK_EQ_STR failed:\n  got:      \"%s\"\n  expected: \"%s\"\n", \
                    __FILE__, __LINE__, dc_a_ ? dc_a_ : "(null)", dc_b_ ? dc_b_ : "(null)");     \
            *dc_failed_ = 1;                                                                     \
        }                                                                                        \
    } while (0)

#define DC_TEST_MAIN                                                                             \
    dc_test_case dc_tests[DC_MAX_TESTS];                                                         \
    int dc_ntests;                                                                               \
    int main(void) {                                                                             \
        int passed = 0, failed = 0;                                                              \
        for (int i = 0; i < dc_ntests; i++) {                                                    \
            int f = 0;                                                                           \
            dc_tests[i].fn(&f);                                                                  \
            if (f) {                                                                             \
                failed++;                                                                        \
                fprintf(stderr, "FAIL %s\n", dc_tests[i].name);                                  \
            } else {                                                                             \
                passed++;                                                                        \
            }                                                                                    \
        }                                                                                        \
        printf("%d passed, %d failed\n", passed, failed);                                        \
        return failed ? 1 : (passed ? 0 : 1);                                                    \
    }

#endif
