/*
 * code_action.c — quick fixes: each diagnostic the checker gave a fix (smelt_diag.fix: replace a
 * span with a text) becomes a "quickfix" code action over the range the client asks about.
 */
#include <stdlib.h>
#include <string.h>

#include "lsp/lsp_internal.h"

/* "Replace 'stg_ordrs' with 'stg_orders'", "Insert ':'", "Remove 'x'". */
static void action_title(smelt_buf *title, const lsp_text *text, const smelt_fix *fix) {
    const char *replacement = fix->replacement ? fix->replacement : "";
    int old_len = (int)(fix->end - fix->start);
    const char *ellipsis_old = old_len > 40 ? "..." : "";
    const char *ellipsis_new = strlen(replacement) > 40 ? "..." : "";
    if (old_len > 40) old_len = 40;
    if (fix->start == fix->end) smelt_buf_printf(title, "Insert '%.40s%s'", replacement, ellipsis_new);
    else if (!*replacement) smelt_buf_printf(title, "Remove '%.*s%s'", old_len, text->text + fix->start, ellipsis_old);
    else
        smelt_buf_printf(title, "Replace '%.*s%s' with '%.40s%s'", old_len, text->text + fix->start, ellipsis_old, replacement,
                         ellipsis_new);
}

static void add_action(smelt_lsp_server *server, lsp_view *view, const smelt_diag *diag, uint32_t from, uint32_t to,
                       cJSON *actions) {
    const smelt_fix *fix = diag->fix;
    if (!fix || fix->end > view->text.len || fix->start > fix->end) return;
    if (diag->start > to || diag->end < from) return; /* not where the client asks */
    cJSON *action = cJSON_CreateObject();
    smelt_buf title;
    smelt_buf_init(&title);
    action_title(&title, &view->text, fix);
    cJSON_AddItemToObject(action, "title", lsp_json_string(title.data, title.len));
    smelt_buf_free(&title);
    cJSON_AddStringToObject(action, "kind", "quickfix");
    cJSON_AddBoolToObject(action, "isPreferred", true);
    cJSON *diagnostics = cJSON_AddArrayToObject(action, "diagnostics");
    cJSON_AddItemToArray(diagnostics, lsp_diagnostic_json(server, view->project, view->uri, diag, &view->text));
    cJSON *edit = cJSON_AddObjectToObject(action, "edit");
    cJSON *changes = cJSON_AddObjectToObject(edit, "changes");
    cJSON *edits = cJSON_CreateArray();
    cJSON *text_edit = cJSON_CreateObject();
    cJSON_AddItemToObject(text_edit, "range", lsp_range_json(server->encoding, &view->text, fix->start, fix->end));
    lsp_add_string(text_edit, "newText", fix->replacement ? fix->replacement : "");
    cJSON_AddItemToArray(edits, text_edit);
    cJSON_AddItemToObject(changes, view->uri, edits);
    cJSON_AddItemToArray(actions, action);
}

static bool wants_quickfix(const cJSON *context) {
    const cJSON *only = lsp_get_array(context, "only");
    if (!only) return true;
    const cJSON *kind;
    cJSON_ArrayForEach(kind, only) {
        if (cJSON_IsString(kind) && strncmp("quickfix", kind->valuestring, strlen(kind->valuestring)) == 0) return true;
    }
    return false;
}

cJSON *lsp_code_action(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    if (!lsp_view_open(server, params, &view, NULL, error)) return NULL;
    uint32_t from, to;
    if (!lsp_read_range(server->encoding, &view.text, lsp_get_object(params, "range"), &from, &to)) {
        lsp_view_close(&view);
        lsp_fail(error, LSP_INVALID_PARAMS, "range is missing or not a Range");
        return NULL;
    }
    cJSON *actions = cJSON_CreateArray();
    if (!wants_quickfix(lsp_get_object(params, "context"))) goto cleanup;
    if (view.project && view.role != LSP_DOC_OTHER) {
        /* The same diagnostics as published: this file's own and the project-wide ones in it. */
        smelt_db *db = view.project->db;
        uint32_t slots = smelt_db_model_slots(db);
        bool *flags = calloc(slots + 1, 1);
        if (view.model != SMELT_NO_MODEL) flags[view.model] = true;
        smelt_db_diagnostics own, wide;
        smelt_db_collect_diagnostics_of(db, flags, false, &own);
        memset(flags, 0, slots + 1);
        smelt_db_collect_diagnostics_of(db, flags, true, &wide);
        const smelt_db_diagnostics *lists[2] = {&own, &wide};
        for (int l = 0; l < 2; l++)
            for (uint32_t i = 0; i < lists[l]->count; i++)
                if (lists[l]->items[i].path && strcmp(lists[l]->items[i].path, view.path) == 0)
                    add_action(server, &view, &lists[l]->items[i].diag, from, to, actions);
        smelt_db_diagnostics_free(&own);
        smelt_db_diagnostics_free(&wide);
        free(flags);
    } else if (view.tree) {
        const smelt_diag_list *lists[2] = {&view.tree->diags, &view.facts->diags};
        for (int l = 0; l < 2; l++)
            for (size_t i = 0; i < lists[l]->count; i++) add_action(server, &view, &lists[l]->items[i], from, to, actions);
    }
cleanup:
    lsp_view_close(&view);
    return actions;
}
