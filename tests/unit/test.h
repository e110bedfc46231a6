/*
 * test.h — the smallest test harness that does the job: CHECK records a failure with its location
 * and goes on; each test binary ends with TEST_SUMMARY(), which prints "N passed, N failed" and
 * returns non-zero on failure. tests/run.sh adds the binaries' counts together.
 */
#ifndef SMELT_TEST_H
#define SMELT_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                                                       \
    do {                                                                                                  \
        if (cond) test_passed++;                                                                          \
        else {                                                                                            \
            test_failed++;                                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
        }                                                                                                 \
    } while (0)

#define CHECK_STR_EQ(actual, expected)                                                                    \
    do {                                                                                                  \
        const char *actual_ = (actual), *expected_ = (expected);                                          \
        if (actual_ && expected_ && strcmp(actual_, expected_) == 0) test_passed++;                       \
        else {                                                                                            \
            test_failed++;                                                                                \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__,                  \
                    expected_ ? expected_ : "(null)", actual_ ? actual_ : "(null)");                      \
        }                                                                                                 \
    } while (0)

#define TEST_SUMMARY()                                                                                    \
    (printf("%s: %d passed, %d failed\n", __FILE__, test_passed, test_failed), test_failed ? 1 : 0)

#endif
