/*
 * options.h — the flags the project commands share (SPEC §7), parsed the same way for each.
 */
#ifndef SMELT_CLI_OPTIONS_H
#define SMELT_CLI_OPTIONS_H

#include <stdbool.h>

#include "base/str.h"

enum {
    SMELT_FLAG_PROJECT = 1 << 0,  /* --project-dir DIR */
    SMELT_FLAG_TARGET = 1 << 1,   /* --target NAME */
    SMELT_FLAG_SELECT = 1 << 2,   /* --select/-s ..., --exclude ... */
    SMELT_FLAG_FORMAT = 1 << 3,   /* --format text|json */
    SMELT_FLAG_OUTPUT = 1 << 4,   /* --output text|json */
    SMELT_FLAG_THREADS = 1 << 5,  /* --threads N */
    SMELT_FLAG_RUN = 1 << 6,      /* --database, --dry-run, --verbose, --show-results, --limit, --fail-fast */
};

typedef struct {
    const char *project_dir;
    const char *target;
    smelt_buf select, exclude; /* selectors joined by spaces */
    bool json; /* --format json / --output json */
    int threads;
    const char *database; /* --database PATH */
    bool dry_run, verbose, show_results, fail_fast;
    int limit; /* --limit N for --show-results */
    const char *positional[8];
    int positional_count;
} smelt_cli_options;

/* Parses argv (the arguments after the command's name). Returns 0, or prints a usage error naming
 * the command and returns exit code 2. */
int smelt_cli_parse_options(const char *command, int argc, char **argv, unsigned allowed, smelt_cli_options *out);
void smelt_cli_options_free(smelt_cli_options *options);
/* The machine's core count, for --threads' default. */
int smelt_cli_default_threads(void);

#endif
