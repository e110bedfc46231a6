/* options.c — shared flag parsing for the project commands. */
#include "cli/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "project/config.h"

int smelt_cli_default_threads(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > SMELT_MAX_THREADS ? SMELT_MAX_THREADS : cores > 0 ? (int)cores : 1;
}

static int usage_error(const char *command, const char *message, const char *arg) {
    fprintf(stderr, "smelt %s: %s%s%s\n", command, message, arg ? " " : "", arg ? arg : "");
    fprintf(stderr, "run `smelt help` for the commands and their options\n");
    return 2;
}

/* --flag value or --flag=value */
static const char *flag_value(int argc, char **argv, int *i, const char *name) {
    size_t len = strlen(name);
    if (strncmp(argv[*i], name, len) == 0 && argv[*i][len] == '=') return argv[*i] + len + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) return "";
    return argv[++*i];
}

static bool is_flag(const char *arg, const char *name) {
    size_t len = strlen(name);
    return strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

/* --select a b c: takes words until the next flag, as dbt does. */
static int read_selectors(int argc, char **argv, int *i, const char *flag, smelt_buf *into) {
    const char *first = flag_value(argc, argv, i, flag);
    if (!first || !*first) return -1;
    smelt_buf_printf(into, "%s%s", into->len ? " " : "", first);
    while (*i + 1 < argc && argv[*i + 1][0] != '-') smelt_buf_printf(into, " %s", argv[++*i]);
    return 0;
}

int smelt_cli_parse_options(const char *command, int argc, char **argv, unsigned allowed, smelt_cli_options *out) {
    memset(out, 0, sizeof *out);
    out->project_dir = ".";
    out->threads = 0;
    out->limit = 10;
    smelt_buf_init(&out->select);
    smelt_buf_init(&out->exclude);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *value;
        if ((allowed & SMELT_FLAG_PROJECT) && is_flag(arg, "--project-dir")) {
            value = flag_value(argc, argv, &i, "--project-dir");
            if (!value || !*value) return usage_error(command, "--project-dir needs a folder", NULL);
            out->project_dir = value;
        } else if ((allowed & SMELT_FLAG_TARGET) && (is_flag(arg, "--target") || is_flag(arg, "-t"))) {
            value = flag_value(argc, argv, &i, arg[1] == 't' ? "-t" : "--target");
            if (!value || !*value) return usage_error(command, "--target needs a target name", NULL);
            out->target = value;
        } else if ((allowed & SMELT_FLAG_SELECT) && (is_flag(arg, "--select") || is_flag(arg, "-s"))) {
            if (read_selectors(argc, argv, &i, arg[1] == 's' ? "-s" : "--select", &out->select) != 0) return usage_error(command, "--select needs a selector", NULL);
        } else if ((allowed & SMELT_FLAG_SELECT) && is_flag(arg, "--exclude")) {
            if (read_selectors(argc, argv, &i, "--exclude", &out->exclude) != 0) return usage_error(command, "--exclude needs a selector", NULL);
        } else if ((allowed & SMELT_FLAG_FORMAT) && is_flag(arg, "--format")) {
            value = flag_value(argc, argv, &i, "--format");
            if (!value || (strcmp(value, "json") != 0 && strcmp(value, "text") != 0))
                return usage_error(command, "--format takes text or json, not", value && *value ? value : "nothing");
            out->json = strcmp(value, "json") == 0;
        } else if ((allowed & SMELT_FLAG_OUTPUT) && is_flag(arg, "--output")) {
            value = flag_value(argc, argv, &i, "--output");
            if (!value || (strcmp(value, "json") != 0 && strcmp(value, "text") != 0 && strcmp(value, "name") != 0))
                return usage_error(command, "--output takes text or json, not", value && *value ? value : "nothing");
            out->json = strcmp(value, "json") == 0;
        } else if ((allowed & SMELT_FLAG_THREADS) && is_flag(arg, "--threads")) {
            value = flag_value(argc, argv, &i, "--threads");
            char *end = NULL;
            long threads = value ? strtol(value, &end, 10) : 0;
            if (!value || !*value || *end || threads < 1 || threads > SMELT_MAX_THREADS) {
                char message[64]; /* the limit is smelt.yml's too (project/config.h) */
                snprintf(message, sizeof message, "--threads takes a number from 1 to %d, not", SMELT_MAX_THREADS);
                return usage_error(command, message, value && *value ? value : "nothing");
            }
            out->threads = (int)threads;
        } else if ((allowed & SMELT_FLAG_RUN) && is_flag(arg, "--database")) {
            value = flag_value(argc, argv, &i, "--database");
            if (!value || !*value) return usage_error(command, "--database needs a file path", NULL);
            out->database = value;
        } else if ((allowed & SMELT_FLAG_RUN) && strcmp(arg, "--dry-run") == 0) {
            out->dry_run = true;
        } else if ((allowed & SMELT_FLAG_RUN) && strcmp(arg, "--verbose") == 0) {
            out->verbose = true;
        } else if ((allowed & SMELT_FLAG_RUN) && strcmp(arg, "--show-results") == 0) {
            out->show_results = true;
        } else if ((allowed & SMELT_FLAG_RUN) && strcmp(arg, "--fail-fast") == 0) {
            out->fail_fast = true;
        } else if ((allowed & SMELT_FLAG_RUN) && is_flag(arg, "--limit")) {
            value = flag_value(argc, argv, &i, "--limit");
            char *end = NULL;
            long limit = value ? strtol(value, &end, 10) : 0;
            if (!value || !*value || *end || limit < 1 || limit > 1000000)
                return usage_error(command, "--limit takes a number of rows from 1 to 1000000, not", value && *value ? value : "nothing");
            out->limit = (int)limit;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error(command, "unknown option", arg);
        } else if (out->positional_count < 8) {
            out->positional[out->positional_count++] = arg;
        } else {
            return usage_error(command, "too many arguments", NULL);
        }
    }
    return 0;
}

void smelt_cli_options_free(smelt_cli_options *options) {
    if (!options) return;
    smelt_buf_free(&options->select);
    smelt_buf_free(&options->exclude);
}
