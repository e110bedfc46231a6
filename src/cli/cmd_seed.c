/*
 * cmd_seed.c — `smelt seed`: loads every each seeds/ CSV file (the seed paths of smelt.yml) into a table named
 * after the file, in the seed's schema (the `seeds:` section) or the target's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/load.h"
#include "cli/cli.h"
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
    smelt_backend_open_options open_options = {options.project_dir, options.database, 1};
    if (smelt_backend_open(target, &open_options, &backend) != SMELT_OK ||
        smelt_backend_connect(backend, &connection) != SMELT_OK) {
        /* The message may quote a value from ${ENV} (the database path, a host): hidden, as a secret. */
        char *message = smelt_session_hide_secrets(target, smelt_status_message());
        fprintf(stderr, "smelt: error: cannot open target '%s': %s\n", target->name, message);
        free(message);
        status = SMELT_EXIT_FAILED;
        goto cleanup;
    }
    uint32_t loaded = 0;
    for (uint32_t i = 0; i < seeds.count; i++) {
        char *path = smelt_project_display_path(options.project_dir, seeds.paths[i]);
        const char *base = strrchr(seeds.paths[i], '/');
        base = base ? base + 1 : seeds.paths[i];
        const char *name = smelt_arena_strndup(arena, base, strlen(base) - 4);
        const smelt_seed_entry *settings = smelt_config_seed(config, name);
        const char *schema = settings && settings->schema ? settings->schema : target->schema;
        int64_t rows = -1;
        if (smelt_load_seed(connection, schema, name, path, settings, &rows) == SMELT_OK) {
            printf("OK      %-32s %s.%s  %lld rows\n", name, schema, name, (long long)rows);
            loaded++;
        } else {
            printf("ERROR   %-32s %s: %s\n", name, path, smelt_status_message());
            status = SMELT_EXIT_FAILED;
        }
        free(path);
    }
    printf("Loaded %u of %u seed%s into %s\n", loaded, seeds.count, seeds.count == 1 ? "" : "s", target->name);

cleanup:
    smelt_connection_close(connection);
    smelt_backend_close(backend);
    smelt_arena_free(arena);
    smelt_session_close(&session);
    smelt_cli_options_free(&options);
    return status;
}
