/*
 * cmd_run.c — `smelt run`: check the project, validate its sources on the target, then build the
 * selected models in dependency order on --threads connections, showing progress, and write
 * target/manifest.json and target/run_results.json.
 *
 * Ctrl-C: SIGINT and SIGTERM are blocked in every thread and received by one watcher thread with
 * sigwait, which cancels the run (interrupting running statements). Builds are transactions, so
 * every table stays as it was; the command exits 130. They are blocked first thing, before the
 * engine is opened: DuckDB starts threads of its own then, and a thread that does not block them
 * would take the signal itself (dying of it, or dropping it when the shell started smelt with
 * SIGINT ignored) instead of leaving it to the watcher.
 */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/load.h"
#include "analysis/select.h"
#include "cli/cli.h"
#include "cli/render.h"
#include "cli/session.h"
#include "cli/table.h"
#include "engine/artifacts.h"
#include "engine/run.h"
#include "engine/validate.h"

typedef struct {
    const smelt_cli_options *options;
    bool live; /* a terminal: redraw a status line */
    uint32_t announced;
} progress;

static void clear_status_line(progress *p) {
    if (p->live) fputs("\r\033[K", stdout);
}

static void draw_status_line(progress *p, const smelt_run *run) {
    if (!p->live) return;
    smelt_db *db = smelt_run_db(run);
    uint32_t done = smelt_run_total(run) - smelt_run_count(run, SMELT_MODEL_PENDING) - smelt_run_count(run, SMELT_MODEL_RUNNING);
    printf("\r\033[K[%u/%u] %.1fs running:", done, smelt_run_total(run), smelt_run_elapsed(run));
    int shown = 0;
    smelt_buf name;
    smelt_buf_init(&name);
    for (uint32_t m = 0; m < smelt_db_model_slots(db) && shown < 4; m++) {
        if (smelt_run_result(run, m)->state != SMELT_MODEL_RUNNING) continue;
        printf(" %s", smelt_render_printable(smelt_db_model_name(db, m), &name));
        shown++;
    }
    smelt_buf_free(&name);
    fflush(stdout);
}

/* One JSON event on its own line, flushed: a reader follows the run as it goes. */
static void print_event(cJSON *event) {
    char *text = cJSON_PrintUnformatted(event);
    printf("%s\n", text);
    cJSON_free(text);
    cJSON_Delete(event);
    fflush(stdout);
}

static void on_started(void *context, const smelt_run *run, uint32_t model) {
    progress *p = context;
    if (p->options->json) {
        cJSON *event = cJSON_CreateObject();
        cJSON_AddStringToObject(event, "event", "model_started");
        cJSON_AddStringToObject(event, "model", smelt_db_model_name(smelt_run_db(run), model));
        print_event(event);
        return;
    }
    draw_status_line(p, run);
}

static void on_finished(void *context, const smelt_run *run, uint32_t model) {
    progress *p = context;
    smelt_db *db = smelt_run_db(run);
    const smelt_model_result *result = smelt_run_result(run, model);
    const char *name = smelt_db_model_name(db, model);
    p->announced++;
    if (p->options->json) {
        cJSON *event = cJSON_CreateObject();
        cJSON_AddStringToObject(event, "event", "model_finished");
        cJSON_AddStringToObject(event, "model", name);
        cJSON_AddStringToObject(event, "status", smelt_model_state_name(result->state));
        cJSON_AddNumberToObject(event, "seconds", result->seconds);
        if (result->rows >= 0) cJSON_AddNumberToObject(event, "rows", (double)result->rows);
        if (result->error) {
            /* Where to look, as the text output says it: the model's file and, when known, the line. */
            cJSON_AddStringToObject(event, "error", result->error);
            cJSON_AddStringToObject(event, "path", smelt_db_model_path(db, model));
            if (result->error_line) cJSON_AddNumberToObject(event, "line", result->error_line);
        }
        if (result->state == SMELT_MODEL_SKIPPED && result->skipped_because != SMELT_NO_MODEL)
            cJSON_AddStringToObject(event, "failed_upstream", smelt_db_model_name(db, result->skipped_because));
        print_event(event);
        return;
    }
    clear_status_line(p);
    smelt_resolved_settings settings = smelt_db_model_settings(db, model);
    const char *materialization = smelt_materialization_name(settings.materialization);
    /* Names and paths come from file names: a control character in one is shown escaped. */
    smelt_buf name_buf, path_buf, upstream_buf, error_buf;
    smelt_buf_init(&name_buf);
    smelt_buf_init(&path_buf);
    smelt_buf_init(&upstream_buf);
    smelt_buf_init(&error_buf);
    name = smelt_render_printable(name, &name_buf);
    const char *path = smelt_render_printable(smelt_db_model_path(db, model), &path_buf);
    const char *error = result->error ? smelt_render_printable_message(result->error, &error_buf) : "failed";
    printf("[%*u/%u] ", (int)snprintf(NULL, 0, "%u", smelt_run_total(run)), p->announced, smelt_run_total(run));
    switch (result->state) {
    case SMELT_MODEL_SUCCESS:
        if (result->rows >= 0)
            printf("OK      %-32s %-12s %10lld rows  %6.2fs\n", name, materialization, (long long)result->rows, result->seconds);
        else
            printf("OK      %-32s %-12s %15s  %6.2fs\n", name, materialization, "", result->seconds);
        break;
    case SMELT_MODEL_FAILED:
        if (result->error_line)
            printf("ERROR   %-32s %s:%u: %s\n", name, path, result->error_line, error);
        else
            printf("ERROR   %-32s %s: %s\n", name, path, error);
        break;
    case SMELT_MODEL_SKIPPED:
        if (result->skipped_because != SMELT_NO_MODEL)
            printf("SKIP    %-32s (upstream %s failed)\n", name,
                   smelt_render_printable(smelt_db_model_name(db, result->skipped_because), &upstream_buf));
        else
            printf("SKIP    %-32s (the run stopped first)\n", name);
        break;
    case SMELT_MODEL_CANCELLED:
        printf("CANCEL  %-32s (interrupted; left as it was)\n", name);
        break;
    default:
        break;
    }
    smelt_buf_free(&name_buf);
    smelt_buf_free(&path_buf);
    smelt_buf_free(&upstream_buf);
    smelt_buf_free(&error_buf);
    draw_status_line(p, run);
    /* Not a terminal (a CI log, `| tee`): each line as its model finishes, not all at exit. */
    fflush(stdout);
}

typedef struct {
    sigset_t signals;
    smelt_run *run;
    volatile int received;
} signal_watch;

static void *watch_signals(void *argument) {
    signal_watch *watch = argument;
    int signal_number = 0;
    if (sigwait(&watch->signals, &signal_number) == 0 && signal_number != SIGUSR1) {
        watch->received = signal_number;
        smelt_run_cancel(watch->run);
    }
    return NULL;
}

/* An error no single model can fail for: in a YAML file, or in how the model files make a project
 * (two files with one name, a file name that cannot be a model's). */
static bool has_project_error(smelt_db *db, const smelt_db_diagnostics *diagnostics) {
    for (uint32_t i = 0; i < diagnostics->count; i++) {
        const smelt_located_diag *item = &diagnostics->items[i];
        if (item->diag.severity != SMELT_SEVERITY_ERROR) continue;
        if (!item->path || smelt_db_find_model_by_path(db, item->path) == SMELT_NO_MODEL ||
            item->diag.code == SMELT_DIAG_DUPLICATE_MODEL || item->diag.code == SMELT_DIAG_INVALID_MODEL_NAME)
            return true;
    }
    return false;
}

/* The first error in each model's file, as an index into diagnostics (UINT32_MAX: none). */
static uint32_t *first_errors(smelt_db *db, const smelt_db_diagnostics *diagnostics) {
    uint32_t slots = smelt_db_model_slots(db);
    uint32_t *first = smelt_xmalloc((slots + 1) * sizeof *first);
    memset(first, 0xff, (slots + 1) * sizeof *first);
    for (uint32_t i = 0; i < diagnostics->count; i++) {
        const smelt_located_diag *item = &diagnostics->items[i];
        if (item->diag.severity != SMELT_SEVERITY_ERROR || !item->path) continue;
        uint32_t model = smelt_db_find_model_by_path(db, item->path);
        if (model != SMELT_NO_MODEL && first[model] == UINT32_MAX) first[model] = i;
    }
    return first;
}

/* Each model of the run with errors fails before anything is built, reported with its first error
 * (all were printed above) and that error's line; the scheduler skips its descendants. A model
 * below one that fails is left to be skipped, even with errors of its own: those usually follow
 * from the upstream's (a model that does not parse has no columns to read). A model inlining an
 * ephemeral model with errors fails with it. */
static void reject_models_with_errors(smelt_run *run, const smelt_db_diagnostics *diagnostics) {
    smelt_db *db = smelt_run_db(run);
    const smelt_graph *graph = smelt_db_graph(db);
    uint32_t *first = first_errors(db, diagnostics);
    bool *doomed = calloc(smelt_db_model_slots(db) + 1, 1);
    for (uint32_t i = 0; i < graph->order_count; i++) {
        uint32_t m = graph->order[i], broken_ephemeral = SMELT_NO_MODEL;
        bool upstream_fails = false;
        for (uint32_t e = graph->upstream_start[m]; e < graph->upstream_start[m + 1]; e++) {
            uint32_t up = graph->upstream[e];
            if (!doomed[up]) continue;
            if (smelt_run_result(run, up)->state != SMELT_MODEL_NOT_BUILT) upstream_fails = true;
            else if (smelt_db_model_settings(db, up).materialization == SMELT_MATERIALIZE_EPHEMERAL) broken_ephemeral = up;
        }
        doomed[m] = first[m] != UINT32_MAX || upstream_fails || broken_ephemeral != SMELT_NO_MODEL ||
                    smelt_run_result(run, m)->state == SMELT_MODEL_FAILED; /* did not compile */
        if (upstream_fails || smelt_run_result(run, m)->state != SMELT_MODEL_PENDING) continue;
        if (first[m] != UINT32_MAX) {
            const smelt_located_diag *item = &diagnostics->items[first[m]];
            uint32_t line = 1;
            for (uint32_t c = 0; c < item->diag.start && c < item->len; c++) line += item->text[c] == '\n';
            smelt_run_reject(run, m, item->diag.message, line);
        } else if (broken_ephemeral != SMELT_NO_MODEL) {
            char message[256];
            snprintf(message, sizeof message, "it inlines the ephemeral model '%s', which has errors (above)",
                     smelt_db_model_name(db, broken_ephemeral));
            smelt_run_reject(run, m, message, 0);
        }
    }
    free(doomed);
    free(first);
}

/* Incremental builds come later (SPEC §5); until then an incremental model is rebuilt whole, as a
 * table, and the user is told so rather than left to wonder why it takes as long as ever. */
static void note_incremental_models(const smelt_run *run) {
    smelt_db *db = smelt_run_db(run);
    uint32_t count = 0;
    for (uint32_t m = 0; m < smelt_db_model_slots(db); m++) {
        if (smelt_run_result(run, m)->state != SMELT_MODEL_PENDING ||
            smelt_db_model_settings(db, m).materialization != SMELT_MATERIALIZE_INCREMENTAL)
            continue;
        smelt_buf name;
        smelt_buf_init(&name);
        fprintf(stderr, "%s%s", count++ ? ", " : "smelt run: note: incremental builds are not supported yet; built as full tables: ",
                smelt_render_printable(smelt_db_model_name(db, m), &name));
        smelt_buf_free(&name);
    }
    if (count) fputc('\n', stderr);
}

static void show_results(smelt_run *run, smelt_connection *connection, int limit) {
    smelt_db *db = smelt_run_db(run);
    const smelt_graph *graph = smelt_db_graph(db);
    for (uint32_t i = 0; i < graph->order_count; i++) {
        uint32_t m = graph->order[i];
        if (smelt_run_result(run, m)->state != SMELT_MODEL_SUCCESS) continue;
        smelt_resolved_settings settings = smelt_db_model_settings(db, m);
        smelt_buf sql;
        smelt_buf_init(&sql);
        smelt_buf_append_cstr(&sql, "SELECT * FROM ");
        smelt_dialect_relation(smelt_connection_vtable(connection)->dialect, settings.schema, smelt_db_model_name(db, m), &sql);
        smelt_buf_printf(&sql, " LIMIT %d", limit);
        smelt_result *result = NULL;
        smelt_buf name;
        smelt_buf_init(&name);
        printf("\n%s\n", smelt_render_printable(smelt_db_model_name(db, m), &name));
        smelt_buf_free(&name);
        if (smelt_connection_query(connection, sql.data, &result) == SMELT_OK) {
            smelt_print_result_table(stdout, result);
            smelt_result_free(result);
        } else {
            char *message = smelt_target_hide_secrets(smelt_db_target(db), smelt_status_message());
            printf("  (cannot read it back: %s)\n", message);
            free(message);
        }
        smelt_buf_free(&sql);
    }
}

int smelt_cmd_run(int argc, char **argv) {
    smelt_cli_options options;
    int status = smelt_cli_parse_options("run", argc, argv,
                                         SMELT_FLAG_PROJECT | SMELT_FLAG_TARGET | SMELT_FLAG_SELECT | SMELT_FLAG_FORMAT |
                                             SMELT_FLAG_THREADS | SMELT_FLAG_RUN,
                                         &options);
    if (status) return status;
    signal_watch watch = {.run = NULL, .received = 0};
    sigemptyset(&watch.signals);
    sigaddset(&watch.signals, SIGINT);
    sigaddset(&watch.signals, SIGTERM);
    sigaddset(&watch.signals, SIGUSR1); /* how the watcher is told to stop after a normal run */
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &watch.signals, &previous);
    smelt_session session;
    smelt_session_open(&session, &options);
    smelt_db *db = session.db;
    smelt_backend *backend = NULL;
    smelt_connection *connection = NULL;
    smelt_run *run = NULL;
    bool *selected = NULL;
    smelt_arena *arena = smelt_arena_new();
    smelt_diag_list selector_diags;
    smelt_diag_list_init(&selector_diags);
    smelt_db_diagnostics diagnostics = {0};

    /* 1. Check. Every diagnostic is shown. An error in the project as a whole stops everything; a
     * model with errors fails on its own (step 4) and the models that do not depend on it build. */
    smelt_db_collect_diagnostics(db, &diagnostics);
    status = smelt_session_report(&session, &diagnostics, stderr, diagnostics.errors > 0);
    if (status != SMELT_EXIT_OK && (diagnostics.configuration_errors || has_project_error(db, &diagnostics))) {
        fprintf(stderr, "smelt run: nothing was built; fix the errors above first\n");
        goto cleanup;
    }
    status = SMELT_EXIT_OK;
    selected = calloc(smelt_db_model_slots(db) + 1, 1);
    smelt_db_select(db, options.select.data, options.exclude.data, selected, arena, &selector_diags);
    status = smelt_session_report_plain(&selector_diags, stderr);
    if (status) goto cleanup;

    /* 2. The engine. */
    const smelt_target *target = smelt_db_target(db);
    int threads = options.threads ? options.threads : target->threads ? target->threads : smelt_cli_default_threads();
    if (!smelt_session_connect(&session, threads, &backend, &connection)) {
        status = SMELT_EXIT_FAILED;
        goto cleanup;
    }

    /* 3. Sources, all at once, before anything runs. */
    smelt_source_problem *problems;
    uint32_t problem_count = smelt_validate_sources(db, connection, selected, arena, &problems);
    if (problem_count) {
        smelt_render_options render = {smelt_render_use_color(stderr)};
        char *sources_path = smelt_project_display_path(options.project_dir, "sources.yml");
        size_t len = 0;
        const char *text = smelt_db_sources_text(db, &len);
        for (uint32_t i = 0; i < problem_count; i++) {
            /* A failed look-up quotes the engine, which may quote a value from ${ENV}. */
            char *message = smelt_target_hide_secrets(target, problems[i].message);
            smelt_diag diag = {SMELT_SEVERITY_ERROR, SMELT_DIAG_MISSING_SOURCE, problems[i].start, problems[i].end,
                               message, "load the data first (smelt seed, or your ingestion), or fix the declaration",
                               NULL, NULL, 0};
            smelt_render_located(stderr, &render, sources_path, text, len, &diag);
            free(message);
        }
        free(sources_path);
        fprintf(stderr, "smelt run: nothing was built: %u source problem%s\n", problem_count, problem_count == 1 ? "" : "s");
        status = SMELT_EXIT_FAILED;
        goto cleanup;
    }

    /* 4. Build. */
    progress p = {&options, !options.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), 0};
    smelt_run_options run_options = {selected, threads, options.fail_fast, options.dry_run,
                                     {on_started, on_finished, &p}};
    run = smelt_run_new(db, backend, &run_options);
    reject_models_with_errors(run, &diagnostics);
    if (options.verbose) {
        for (uint32_t m = 0; m < smelt_db_model_slots(db); m++) {
            const smelt_model_result *result = smelt_run_result(run, m);
            if (result->state == SMELT_MODEL_NOT_BUILT || !result->sql) continue;
            /* A log like any other: a schema the target took from ${ENV} is not shown. */
            char *sql = smelt_target_hide_secrets(target, result->sql);
            smelt_buf name, path;
            smelt_buf_init(&name);
            smelt_buf_init(&path);
            fprintf(stderr, "-- %s (%s)\n%s\n\n", smelt_render_printable(smelt_db_model_name(db, m), &name),
                    smelt_render_printable(smelt_db_model_path(db, m), &path), sql);
            smelt_buf_free(&name);
            smelt_buf_free(&path);
            free(sql);
        }
    }
    note_incremental_models(run);
    watch.run = run;
    pthread_t watcher;
    bool watching = pthread_create(&watcher, NULL, watch_signals, &watch) == 0;
    if (!options.json)
        printf("%s %u model%s on %s (%s), %d thread%s\n", options.dry_run ? "Checking" : "Building", smelt_run_total(run),
               smelt_run_total(run) == 1 ? "" : "s", target->name, smelt_engine_name(target->engine),
               smelt_run_threads(run), smelt_run_threads(run) == 1 ? "" : "s");
    smelt_run_execute(run);
    if (watching) {
        pthread_kill(watcher, SIGUSR1);
        pthread_join(watcher, NULL);
    }
    clear_status_line(&p);

    uint32_t ok = smelt_run_count(run, SMELT_MODEL_SUCCESS), failed = smelt_run_count(run, SMELT_MODEL_FAILED);
    uint32_t skipped = smelt_run_count(run, SMELT_MODEL_SKIPPED), cancelled = smelt_run_count(run, SMELT_MODEL_CANCELLED);
    if (options.json) {
        printf("{\"event\":\"run_finished\",\"success\":%u,\"error\":%u,\"skipped\":%u,\"cancelled\":%u,\"seconds\":%.3f}\n", ok,
               failed, skipped, cancelled, smelt_run_elapsed(run));
    } else {
        printf("%s %u of %u model%s in %.2fs: %u ok, %u failed, %u skipped%s%s\n",
               options.dry_run ? "Checked" : "Built", ok, smelt_run_total(run), smelt_run_total(run) == 1 ? "" : "s",
               smelt_run_elapsed(run), ok, failed, skipped, cancelled ? ", cancelled by " : "",
               cancelled || watch.received ? (watch.received == SIGTERM ? "SIGTERM" : "Ctrl-C") : "");
    }
    if (!options.dry_run) {
        char *target_dir = smelt_project_display_path(options.project_dir, "target");
        if (smelt_write_artifacts(run, target_dir) != SMELT_OK)
            fprintf(stderr, "smelt: warning: %s\n", smelt_status_message());
        free(target_dir);
    }
    if (options.show_results && !options.dry_run && !watch.received) show_results(run, connection, options.limit);
    status = watch.received ? 130 : (failed || cancelled) ? SMELT_EXIT_FAILED : SMELT_EXIT_OK;

cleanup:
    smelt_run_free(run);
    smelt_connection_close(connection);
    smelt_backend_close(backend);
    free(selected);
    smelt_diag_list_free(&selector_diags);
    smelt_db_diagnostics_free(&diagnostics);
    smelt_arena_free(arena);
    smelt_session_close(&session);
    smelt_cli_options_free(&options);
    /* A signal that came before the watcher ran (or after it stopped) acts now, as it would have. */
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return status;
}
