/*
 * session.h — what every project command does first: open the project named by --project-dir into
 * an analysis database (with the real environment for ${VAR}), and show diagnostics, as text like a
 * compiler or as JSON.
 */
#ifndef SMELT_CLI_SESSION_H
#define SMELT_CLI_SESSION_H

#include <stdio.h>

#include "analysis/db.h"
#include "backend/backend.h"
#include "cli/options.h"

typedef struct {
    smelt_db *db;
    const smelt_cli_options *options;
    int threads;
    smelt_arena *arena; /* the session's own strings (selector messages) */
} smelt_session;

/* Loads the project and parses every model. Never fails: a missing project is a diagnostic. */
void smelt_session_open(smelt_session *session, const smelt_cli_options *options);
/* Opens the target's engine (for `threads` workers) and one connection to it. On failure prints why,
 * with the target's secrets hidden, and returns false; what was opened is in *backend for the caller
 * to close. */
bool smelt_session_connect(smelt_session *session, int threads, smelt_backend **backend,
                           smelt_connection **connection);

/* Ends the session; call it only when the command is done (the process exits next): outside the
 * sanitizer build (SMELT_FREE_AT_EXIT) it leaves the memory to the kernel. */
void smelt_session_close(smelt_session *session);

/* Prints diagnostics to out (text) and returns the exit code they call for: 0, 1 for errors in models,
 * 2 for configuration errors. Warnings alone give 0. With summary, ends with a count line. */
int smelt_session_report(smelt_session *session, const smelt_db_diagnostics *diagnostics, FILE *out, bool summary);
/* The same diagnostics as one JSON document on out. */
int smelt_session_report_json(smelt_session *session, const smelt_db_diagnostics *diagnostics, FILE *out);
/* What every command that works on models does first: checks the project and selects the models of
 * --select/--exclude. With stop_on_model_errors, any error stops the command (all diagnostics are
 * shown on stderr, then `stop_message`); otherwise only configuration errors do. Returns 0 with
 * *selected (one flag per model slot; free it), or the exit code to stop with. */
int smelt_session_select(smelt_session *session, bool stop_on_model_errors, const char *stop_message, bool **selected);

/* Prints diagnostics that belong to no file (selector errors) and returns 2 if any is an error. */
int smelt_session_report_plain(const smelt_diag_list *diags, FILE *out);


#endif
