/*
 * lsp.h — `smelt lsp`: a language server (LSP 3.17) over the analysis database.
 *
 * This directory is the one place that knows LSP, JSON-RPC and JSON: the layers below answer
 * questions in bytes, ids and diagnostics; the files here turn them into positions in the client's
 * encoding (UTF-16 unless the client offers UTF-8), URIs and protocol messages.
 *
 * The server is a plain object that receives message bodies and sends message bodies through a
 * callback, so tests drive it in-process; smelt_lsp_serve adds the Content-Length framing over two
 * file descriptors. Edits change the database's inputs at once; diagnostics are computed and
 * published in smelt_lsp_server_idle, which the loop calls only when no message is waiting, so a
 * burst of keystrokes costs one analysis, not one per keystroke.
 *
 * Nothing here prints or exits: failures of the client (bad JSON, unknown methods, requests after
 * shutdown) are JSON-RPC errors, problems in the user's files are diagnostics.
 */
#ifndef SMELT_LSP_LSP_H
#define SMELT_LSP_LSP_H

#include <stdbool.h>
#include <stddef.h>

#include "project/config.h"

typedef struct smelt_lsp_server smelt_lsp_server;

/* Receives one outgoing message body (a JSON text, without framing). */
typedef void (*smelt_lsp_send)(void *context, const char *body, size_t len);
/* Whether a message is waiting: long work (files that an edit affects only through their upstream)
 * stops for it and resumes at the next idle call. */
typedef bool (*smelt_lsp_input_waiting)(void *context);

typedef struct {
    smelt_lsp_send send;
    void *send_context;
    smelt_lsp_input_waiting input_waiting; /* NULL: never interrupted */
    void *input_context;
    smelt_env_lookup env; /* for ${VAR} in the YAML files; NULL: no variables */
    void *env_context;
    const char *target;   /* --target; initializationOptions.target overrides it; NULL: the default */
    int threads;          /* for parsing a project when it is opened; 0: one per processor */
} smelt_lsp_options;

smelt_lsp_server *smelt_lsp_server_new(const smelt_lsp_options *options);
void smelt_lsp_server_free(smelt_lsp_server *server); /* NULL-safe */

/* Handles one incoming message body. Returns false once the client sent `exit`. */
bool smelt_lsp_server_receive(smelt_lsp_server *server, const char *body, size_t len);
/* Publishes the diagnostics of every file they changed for since the last call: the edited files
 * first, then the files that read them, until done or until options.input_waiting says a message
 * waits (the rest is then published by the next call). */
void smelt_lsp_server_idle(smelt_lsp_server *server);
/* 0 when `exit` followed `shutdown`, 1 otherwise (LSP 3.17, "exit notification"). */
int smelt_lsp_server_exit_code(const smelt_lsp_server *server);

/* Serves one client on in_fd/out_fd until `exit` or the end of the input; returns the exit code.
 * options->send and options->input_waiting are ignored: messages go to out_fd and the input is
 * in_fd. */
int smelt_lsp_serve(int in_fd, int out_fd, const smelt_lsp_options *options);

#endif
