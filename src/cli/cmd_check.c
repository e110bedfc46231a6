/*
 * cmd_check.c — `smelt check`: parse, resolve and check the whole project and report every problem
 * at once. Exit 0 when there are no errors, 1 for errors in models, 2 for configuration errors.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/session.h"

int smelt_cmd_check(int argc, char **argv) {
    smelt_cli_options options;
    int status = smelt_cli_parse_options("check", argc, argv,
                                         SMELT_FLAG_PROJECT | SMELT_FLAG_TARGET | SMELT_FLAG_FORMAT | SMELT_FLAG_THREADS,
                                         &options);
    if (status) return status;
    smelt_session session;
    smelt_session_open(&session, &options);
    smelt_db_diagnostics diagnostics;
    smelt_db_collect_diagnostics(session.db, &diagnostics);
    if (options.json) {
        status = smelt_session_report_json(&session, &diagnostics, stdout);
    } else {
        status = smelt_session_report(&session, &diagnostics, stdout, false);
        uint32_t models = 0;
        for (uint32_t m = 0; m < smelt_db_model_slots(session.db); m++) models += smelt_db_model_exists(session.db, m);
        printf("checked %u model%s: %u error%s, %u warning%s\n", models, models == 1 ? "" : "s", diagnostics.errors,
               diagnostics.errors == 1 ? "" : "s", diagnostics.warnings, diagnostics.warnings == 1 ? "" : "s");
    }
    smelt_db_diagnostics_free(&diagnostics);
    smelt_session_close(&session);
    smelt_cli_options_free(&options);
    return status;
}
