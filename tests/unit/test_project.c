/*
 * test_project.c — what the project layer keeps from being printed: values from ${ENV} (whole, each
 * variable's own value, short ones only as words) hidden in any message; the one thread limit of
 * smelt.yml and --threads; control characters in names escaped for a terminal; the place of a byte
 * that is not UTF-8 in a YAML file.
 */
#include <stdlib.h>

#include "base/str.h"
#include "project/config.h"
#include "project/yaml.h"
#include "test.h"

static const char *fake_env(const char *name, void *context) {
    (void)context;
    if (strcmp(name, "DATA_DIR") == 0) return "/srv/data-x1";
    if (strcmp(name, "TOKEN") == 0) return "abc";
    if (strcmp(name, "THREADS") == 0) return "2";
    return NULL;
}

static char hidden[512];

static const char *hide(const smelt_target *target, const char *message) {
    char *text = smelt_target_hide_secrets(target, message);
    snprintf(hidden, sizeof hidden, "%s", text);
    free(text);
    return hidden;
}

static void test_hide_secrets(void) {
    static const char yml[] = "name: t\n"
                              "targets:\n"
                              "  dev: { type: duckdb, database: \"${DATA_DIR}/dev.duckdb\", threads: \"${THREADS}\", "
                              "token: \"${TOKEN}\" }\n";
    smelt_arena *arena = smelt_arena_new();
    smelt_diag_list diags;
    smelt_diag_list_init(&diags);
    smelt_config *config = smelt_config_load(yml, sizeof yml - 1, fake_env, NULL, arena, &diags);
    CHECK(smelt_diag_list_count_errors(&diags) == 0); /* (token is no DuckDB key: a warning) */
    const smelt_target *target = smelt_config_target(config, NULL);
    CHECK(target != NULL && target->threads == 2);
    /* The whole value, and the folder alone (the variable's own value). */
    CHECK_STR_EQ(hide(target, "Could not write file \"/srv/data-x1/dev.duckdb.wal\""),
                 "Could not write file \"(from the environment).wal\"");
    CHECK_STR_EQ(hide(target, "Cannot create directory /srv/data-x1"), "Cannot create directory (from the environment)");
    /* Short values only as words of their own: INT32 and "abcd" stay, a lone 2 or abc does not. */
    CHECK_STR_EQ(hide(target, "to INT32 with 2 threads, token 'abc', abcd"),
                 "to INT32 with (from the environment) threads, token '(from the environment)', abcd");
    /* The replacement is never searched again; no target hides nothing. */
    CHECK_STR_EQ(hide(target, "from the environment"), "from the environment");
    CHECK_STR_EQ(hide(NULL, "/srv/data-x1"), "/srv/data-x1");
    smelt_diag_list_free(&diags);
    smelt_arena_free(arena);
}

static const char *first_diag(const char *yml, uint32_t *start) {
    static char message[256];
    smelt_arena *arena = smelt_arena_new();
    smelt_diag_list diags;
    smelt_diag_list_init(&diags);
    smelt_config_load(yml, strlen(yml), fake_env, NULL, arena, &diags);
    snprintf(message, sizeof message, "%s", diags.count ? diags.items[0].message : "");
    *start = diags.count ? diags.items[0].start : 0;
    smelt_diag_list_free(&diags);
    smelt_arena_free(arena);
    return message;
}

static void test_config_limits(void) {
    uint32_t start;
    /* One limit for smelt.yml and --threads. */
    char yml[128];
    snprintf(yml, sizeof yml, "name: t\ntargets:\n  dev: { type: duckdb, threads: %d }\n", SMELT_MAX_THREADS);
    CHECK_STR_EQ(first_diag(yml, &start), "");
    snprintf(yml, sizeof yml, "name: t\ntargets:\n  dev: { type: duckdb, threads: %d }\n", SMELT_MAX_THREADS + 1);
    CHECK_STR_EQ(first_diag(yml, &start), "'threads' must be a whole number from 1 to 256, found '257'");
    /* A byte that is not UTF-8: at its place, not at 1:1. */
    CHECK_STR_EQ(first_diag("name: t\ntargets:\n  dev: { type: \"duck\xe9\" }\n", &start),
                 "expected UTF-8 text, found the byte 0xE9, which is not valid UTF-8");
    CHECK(start == 37);
}

static void test_printable(void) {
    smelt_buf buf;
    smelt_buf_init(&buf);
    const char name[] = "a\x1b[31mb\nc\td\x7f\\";
    smelt_buf_append_printable(&buf, name, sizeof name - 1, false);
    CHECK_STR_EQ(buf.data, "a\\x1b[31mb\\nc\\td\\x7f\\");
    smelt_buf_clear(&buf);
    smelt_buf_append_printable(&buf, "line 1\nline\r2", 13, true);
    CHECK_STR_EQ(buf.data, "line 1\nline\\r2");
    CHECK(smelt_has_control_chars("x\x01"));
    CHECK(!smelt_has_control_chars("caf\xc3\xa9 it's"));
    smelt_buf_free(&buf);
}

int main(void) {
    test_hide_secrets();
    test_config_limits();
    test_printable();
    return TEST_SUMMARY();
}
