/*
 * cmd_seed.c — `smelt seed`: loads each CSV file (the seed paths of smelt.yml) into a table named
 * after the file, in the seed's schema (the `seeds:` section) or the target's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/load.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "cli/render.h"
#include "cli/session.h"
#include "engine/seed.h"
#include "project/discover.h"

int smelt_cmd_seed(int argc, char **argv) {
    smelt_cli_options options;
    int status = smelt_cli_parse_options("seed", argc, argv, SMELT_FLAG_PROJECT | SMELT_FLAG_TARGET | SMELT_FLAG_RUN, &options);
    if (status) return status;
    smelt_session session;
    smelt_session_open(&session, &options);
    smelt_db *db = session.db;
    smelt_backend *backend = NULL;
    smelt_connection *connection = NULL;
    smelt_arena *arena = smelt_arena_new();

    /* Configuration errors stop seeding; errors in models do not concern seeds. */
    smelt_db_diagnostics diagnostics;
    smelt_db_collect_diagnostics(db, &diagnostics);
    if (diagnostics.configuration_errors) {
        status = smelt_session_report(&session, &diagnostics, stderr, false);
        smelt_db_diagnostics_free(&diagnostics);
        goto cleanup;
    }
    smelt_db_diagnostics_free(&diagnostics);

    const smelt_config *config = smelt_db_config(db);
    const smelt_target *target = smelt_db_target(db);
    smelt_discovery seeds;
    smelt_discover_files(options.project_dir, config->seed_paths, config->seed_path_count, ".csv", arena, &seeds);
    if (seeds.count == 0) {
        printf("no seeds: no .csv files under %s\n", config->seed_paths[0]);
        goto cleanup;
    }
    if (!smelt_session_connect(&session, 1, &backend, &connection)) {
        status = SMELT_EXIT_FAILED;
        goto cleanup;
    }
    uint32_t loaded = 0;
    smelt_render_options render = {smelt_render_use_color(stderr)};
    smelt_buf text, shown_name, shown_path, shown_message;
    smelt_buf_init(&text);
    smelt_buf_init(&shown_name);
    smelt_buf_init(&shown_path);
    smelt_buf_init(&shown_message);
    for (uint32_t i = 0; i < seeds.count; i++) {
        char *path = smelt_project_display_path(options.project_dir, seeds.paths[i]);
        const char *base = strrchr(seeds.paths[i], '/');
        base = base ? base + 1 : seeds.paths[i];
        const char *name = smelt_arena_strndup(arena, base, strlen(base) - 4);
        const smelt_seed_entry *settings = smelt_config_seed(config, name);
        const char *schema = settings && settings->schema ? settings->schema : target->schema;
        /* Names and paths come from file names: a control character in one is shown escaped. */
        const char *name_shown = smelt_render_printable(name, &shown_name);
        const char *path_shown = smelt_render_printable(path, &shown_path);
        int64_t rows = -1;
        smelt_seed_problem problem;
        if (smelt_fs_read_file(path, &text) != 0) {
            printf("ERROR   %-32s %s: cannot read it: %s\n", name_shown, path_shown, strerror(errno));
            status = SMELT_EXIT_FAILED;
        } else if (smelt_load_seed(connection, schema, name, path, text.data ? text.data : "", text.len, settings, &rows,
                                   arena, &problem) == SMELT_OK) {
            printf("OK      %-32s %s.%s  %lld rows\n", name_shown, schema, name_shown, (long long)rows);
            loaded++;
        } else if (problem.message) {
            /* At its place in the file, compiler style, then the seed's line like the others. */
            smelt_diag diag = {SMELT_SEVERITY_ERROR, SMELT_DIAG_SEED_DATA, problem.start, problem.end, problem.message,
                               problem.hint, NULL, NULL, 0};
            fflush(stdout);
            smelt_render_located(stderr, &render, path, text.data, text.len, &diag);
            uint32_t line = 1;
            for (uint32_t c = 0; c < problem.start && c < text.len; c++) line += text.data[c] == '\n';
            printf("ERROR   %-32s %s:%u: %s\n", name_shown, path_shown, line,
                   smelt_render_printable_message(problem.message, &shown_message));
            status = SMELT_EXIT_FAILED;
        } else {
            /* The engine's own words, which may quote a value from ${ENV} (the database path). */
            char *message = smelt_target_hide_secrets(target, smelt_status_message());
            printf("ERROR   %-32s %s: %s\n", name_shown, path_shown, smelt_render_printable_message(message, &shown_message));
            free(message);
            status = SMELT_EXIT_FAILED;
        }
        free(path);
    }
    smelt_buf_free(&text);
    smelt_buf_free(&shown_name);
    smelt_buf_free(&shown_path);
    smelt_buf_free(&shown_message);
    printf("Loaded %u of %u seed%s into %s\n", loaded, seeds.count, seeds.count == 1 ? "" : "s", target->name);

cleanup:
    smelt_connection_close(connection);
    smelt_backend_close(backend);
    smelt_arena_free(arena);
    smelt_session_close(&session);
    smelt_cli_options_free(&options);
    return status;
}
