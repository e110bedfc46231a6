/*
 * cmd_lsp.c — `smelt lsp`: the language server on stdin/stdout (src/lsp/). Editors start it; it runs
 * until the client says exit or closes the pipe. Nothing is printed on stdout but protocol messages.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lsp/lsp.h"

static const char *real_env(const char *name, void *context) {
    (void)context;
    return getenv(name);
}

int smelt_cmd_lsp(int argc, char **argv) {
    smelt_lsp_options options = {.env = real_env};
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--stdio") == 0) continue; /* what vscode-languageclient passes; stdio is the only transport */
        if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
            options.target = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: smelt lsp [--target NAME]\n\nSpeaks the Language Server Protocol on stdin and stdout.\n");
            return SMELT_EXIT_OK;
        }
        fprintf(stderr, "smelt lsp: unknown argument '%s'\nusage: smelt lsp [--target NAME]\n", argv[i]);
        return SMELT_EXIT_USAGE;
    }
    /* A client that goes away mid-write must end the server through a failed write, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    return smelt_lsp_serve(STDIN_FILENO, STDOUT_FILENO, &options);
}
