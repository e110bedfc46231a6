/* session.c — opening a project for a command and reporting its diagnostics. */
#include "cli/session.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/load.h"
#include "analysis/select.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/render.h"

static const char *real_env(const char *name, void *context) {
    (void)context;
    return getenv(name);
}

void smelt_session_open(smelt_session *session, const smelt_cli_options *options) {
    smelt_db_options db_options = {real_env, NULL, options->target};
    session->db = smelt_db_new(&db_options);
    session->options = options;
    session->threads = options->threads ? options->threads : smelt_cli_default_threads();
    session->arena = smelt_arena_new();
    smelt_db_load_project(session->db, options->project_dir, session->threads);
    smelt_db_prepare(session->db, session->threads);
}

void smelt_session_close(smelt_session *session) {
    /* Every command closes its session just before the process exits. Handing a large project's
     * hundred thousand blocks back one by one would only delay that (a few percent of `smelt
     * compile`); like compilers, smelt leaves the memory to the kernel. The sanitizer build frees it
     * all, so its leak check still sees every real leak. */
#ifdef SMELT_FREE_AT_EXIT
    smelt_db_free(session->db);
    smelt_arena_free(session->arena);
#endif
    session->db = NULL;
    session->arena = NULL;
}

bool smelt_session_connect(smelt_session *session, int threads, smelt_backend **backend,
                           smelt_connection **connection) {
    const smelt_target *target = smelt_db_target(session->db);
    smelt_backend_open_options open_options = {session->options->project_dir, session->options->database, threads};
    if (smelt_backend_open(target, &open_options, backend) == SMELT_OK &&
        smelt_backend_connect(*backend, connection) == SMELT_OK)
        return true;
    /* The message may quote a value from ${ENV} (the database path, a host): hidden, as a secret. */
    char *message = smelt_target_hide_secrets(target, smelt_status_message());
    fprintf(stderr, "smelt: error: cannot open target '%s': %s\n", target->name, message);
    free(message);
    return false;
}

int smelt_session_select(smelt_session *session, bool stop_on_model_errors, const char *stop_message, bool **selected) {
    *selected = NULL;
    smelt_db_diagnostics diagnostics;
    smelt_db_collect_diagnostics(session->db, &diagnostics);
    int status = SMELT_EXIT_OK;
    if (stop_on_model_errors) {
        status = smelt_session_report(session, &diagnostics, stderr, diagnostics.errors > 0);
        if (status != SMELT_EXIT_OK && stop_message) fprintf(stderr, "%s\n", stop_message);
    } else if (diagnostics.configuration_errors) {
        status = smelt_session_report(session, &diagnostics, stderr, false);
    }
    smelt_db_diagnostics_free(&diagnostics);
    if (status != SMELT_EXIT_OK) return status;
    smelt_diag_list problems;
    smelt_diag_list_init(&problems);
    *selected = calloc(smelt_db_model_slots(session->db) + 1, 1);
    smelt_db_select(session->db, session->options->select.data, session->options->exclude.data, *selected,
                    session->arena, &problems);
    status = smelt_session_report_plain(&problems, stderr);
    smelt_diag_list_free(&problems);
    if (status != SMELT_EXIT_OK) {
        free(*selected);
        *selected = NULL;
    }
    return status;
}

/* Finds the text of another file a note points at: a model, smelt.yml or sources.yml. */
static const char *note_text(smelt_session *session, const smelt_db_diagnostics *diagnostics, const char *path,
                             size_t *len) {
    uint32_t model = smelt_db_find_model_by_path(session->db, path);
    if (model != SMELT_NO_MODEL) return smelt_db_model_text(session->db, model, len);
    for (uint32_t i = 0; i < diagnostics->count; i++) {
        if (diagnostics->items[i].path && strcmp(diagnostics->items[i].path, path) == 0) {
            *len = diagnostics->items[i].len;
            return diagnostics->items[i].text;
        }
    }
    return NULL;
}

static int exit_code_for(const smelt_db_diagnostics *diagnostics) {
    if (diagnostics->configuration_errors) return SMELT_EXIT_USAGE;
    return diagnostics->errors ? SMELT_EXIT_FAILED : SMELT_EXIT_OK;
}

int smelt_session_report(smelt_session *session, const smelt_db_diagnostics *diagnostics, FILE *out, bool summary) {
    smelt_render_options options = {smelt_render_use_color(out)};
    for (uint32_t i = 0; i < diagnostics->count; i++) {
        const smelt_located_diag *item = &diagnostics->items[i];
        smelt_render_located(out, &options, item->path, item->text, item->len, &item->diag);
        for (uint32_t n = 0; n < item->diag.note_count; n++) {
            const smelt_diag_note *note = &item->diag.notes[n];
            const char *path = note->path ? note->path : item->path;
            size_t len = 0;
            const char *text = note->path ? note_text(session, diagnostics, note->path, &len) : item->text;
            if (!note->path) len = item->len;
            smelt_diag as_note = {SMELT_SEVERITY_NOTE, item->diag.code, note->start, note->end, note->message,
                                  NULL, NULL, NULL, 0};
            smelt_render_located(out, &options, path, text, len, &as_note);
        }
    }
    if (summary) {
        if (diagnostics->errors || diagnostics->warnings)
            fprintf(out, "%u error%s, %u warning%s\n", diagnostics->errors, diagnostics->errors == 1 ? "" : "s",
                    diagnostics->warnings, diagnostics->warnings == 1 ? "" : "s");
    }
    return exit_code_for(diagnostics);
}

static void add_position(cJSON *object, const char *text, size_t len, uint32_t start, uint32_t end) {
    if (!text) return;
    smelt_line_index lines;
    smelt_line_index_build(&lines, text, len);
    uint32_t line, column, end_line, end_column;
    smelt_line_index_locate(&lines, start, &line, &column);
    smelt_line_index_locate(&lines, end, &end_line, &end_column);
    cJSON_AddNumberToObject(object, "line", line);
    cJSON_AddNumberToObject(object, "column", column);
    cJSON_AddNumberToObject(object, "end_line", end_line);
    cJSON_AddNumberToObject(object, "end_column", end_column);
    smelt_line_index_free(&lines);
}

int smelt_session_report_json(smelt_session *session, const smelt_db_diagnostics *diagnostics, FILE *out) {
    cJSON *root = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(root, "diagnostics");
    for (uint32_t i = 0; i < diagnostics->count; i++) {
        const smelt_located_diag *item = &diagnostics->items[i];
        cJSON *entry = cJSON_CreateObject();
        if (item->path) cJSON_AddStringToObject(entry, "file", item->path);
        else cJSON_AddNullToObject(entry, "file");
        add_position(entry, item->text, item->len, item->diag.start, item->diag.end);
        cJSON_AddStringToObject(entry, "severity", smelt_severity_name(item->diag.severity));
        cJSON_AddStringToObject(entry, "code", smelt_diag_code_string(item->diag.code));
        cJSON_AddStringToObject(entry, "message", item->diag.message);
        if (item->diag.hint) cJSON_AddStringToObject(entry, "hint", item->diag.hint);
        if (item->diag.fix) {
            cJSON *fix = cJSON_AddObjectToObject(entry, "fix");
            add_position(fix, item->text, item->len, item->diag.fix->start, item->diag.fix->end);
            cJSON_AddStringToObject(fix, "replacement", item->diag.fix->replacement);
        }
        if (item->diag.note_count) {
            cJSON *notes = cJSON_AddArrayToObject(entry, "notes");
            for (uint32_t n = 0; n < item->diag.note_count; n++) {
                const smelt_diag_note *note = &item->diag.notes[n];
                cJSON *note_json = cJSON_CreateObject();
                const char *path = note->path ? note->path : item->path;
                size_t len = item->len;
                const char *text = note->path ? note_text(session, diagnostics, note->path, &len) : item->text;
                cJSON_AddStringToObject(note_json, "file", path ? path : "");
                add_position(note_json, text, len, note->start, note->end);
                cJSON_AddStringToObject(note_json, "message", note->message);
                cJSON_AddItemToArray(notes, note_json);
            }
        }
        cJSON_AddItemToArray(list, entry);
    }
    cJSON_AddNumberToObject(root, "errors", diagnostics->errors);
    cJSON_AddNumberToObject(root, "warnings", diagnostics->warnings);
    char *text = cJSON_Print(root);
    fprintf(out, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(root);
    return exit_code_for(diagnostics);
}

int smelt_session_report_plain(const smelt_diag_list *diags, FILE *out) {
    smelt_render_options options = {smelt_render_use_color(out)};
    int status = SMELT_EXIT_OK;
    for (size_t i = 0; i < diags->count; i++) {
        smelt_render_located(out, &options, NULL, NULL, 0, &diags->items[i]);
        if (diags->items[i].severity == SMELT_SEVERITY_ERROR) status = SMELT_EXIT_USAGE;
    }
    return status;
}
