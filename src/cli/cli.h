/*
 * cli.h — what the command files share: the command signature and exit codes (SPEC §7).
 */
#ifndef SMELT_CLI_CLI_H
#define SMELT_CLI_CLI_H

enum {
    SMELT_EXIT_OK = 0,
    SMELT_EXIT_FAILED = 1, /* model or data errors, diagnostics with errors */
    SMELT_EXIT_USAGE = 2,  /* usage or configuration errors */
};

/* Each command takes the arguments after its own name. */
int smelt_cmd_debug(int argc, char **argv);
int smelt_cmd_check(int argc, char **argv);
int smelt_cmd_compile(int argc, char **argv);
int smelt_cmd_ls(int argc, char **argv);
int smelt_cmd_run(int argc, char **argv);
int smelt_cmd_seed(int argc, char **argv);
int smelt_cmd_init(int argc, char **argv);
int smelt_cmd_lsp(int argc, char **argv);

#endif
