/*
 * main.c — the smelt command line: dispatches to one cmd_*.c per command.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define SMELT_VERSION "0.1.0"

static void usage(FILE *out) {
    fputs("usage: smelt <command> [options]\n"
          "\n"
          "commands:\n"
          "  init [DIR]            write a small example project to start from\n"
          "  check                 parse, resolve and check every model (--format json)\n"
          "  compile               write each model's SQL to target/compiled/ (--select ...)\n"
          "  ls                    list the models (--select ..., --output json)\n"
          "  seed                  load seeds/*.csv into tables\n"
          "  run                   build the models on the target (--dry-run, --fail-fast, --show-results,\n"
          "                        --limit N, --verbose, --database PATH, --format json)\n"
          "  lsp                   the language server, on stdin/stdout (--target NAME)\n"
          "\n"
          "  common options: --project-dir DIR  --target NAME  --select SEL...  --exclude SEL...  --threads N\n"
          "\n"
          "  debug tree FILE       print the syntax tree of a SQL file\n"
          "  debug parse FILE...   print syntax diagnostics (exit 1 if there are any)\n"
          "  debug print FILE      print the text rebuilt from the syntax tree\n"
          "  version               print the version\n",
          out);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return SMELT_EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "debug") == 0) return smelt_cmd_debug(argc - 2, argv + 2);
    if (strcmp(command, "check") == 0) return smelt_cmd_check(argc - 2, argv + 2);
    if (strcmp(command, "compile") == 0) return smelt_cmd_compile(argc - 2, argv + 2);
    if (strcmp(command, "ls") == 0) return smelt_cmd_ls(argc - 2, argv + 2);
    if (strcmp(command, "run") == 0) return smelt_cmd_run(argc - 2, argv + 2);
    if (strcmp(command, "seed") == 0) return smelt_cmd_seed(argc - 2, argv + 2);
    if (strcmp(command, "init") == 0) return smelt_cmd_init(argc - 2, argv + 2);
    if (strcmp(command, "lsp") == 0) return smelt_cmd_lsp(argc - 2, argv + 2);
    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
        printf("smelt %s\n", SMELT_VERSION);
        return SMELT_EXIT_OK;
    }
    if (strcmp(command, "help") == 0 || strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) {
        usage(stdout);
        return SMELT_EXIT_OK;
    }
    fprintf(stderr, "smelt: unknown command '%s'\n", command);
    usage(stderr);
    return SMELT_EXIT_USAGE;
}
