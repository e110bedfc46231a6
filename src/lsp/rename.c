/*
 * rename.c — renaming a model across the project. A model's name is its file name, so the edit
 * renames the file and rewrites every smelt.ref that names it, and the model's entry under
 * `models:` in smelt.yml.
 *
 * The file rename needs a client that applies RenameFile operations (documentChanges with the
 * "rename" resource operation). Without one, the references are still rewritten and the user is
 * told which file to rename by hand.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "lsp/lsp_internal.h"

/* A model name that every engine accepts unquoted and every file system as a file name. */
static bool valid_model_name(const char *name) {
    if (!name || !*name) return false;
    if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_')) return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_')) return false;
    return strlen(name) <= 200;
}

/* The existing model named by the smelt.ref at the position, or SMELT_NO_MODEL. */
static uint32_t model_at(const lsp_view *view, uint32_t offset, lsp_target *target) {
    *target = lsp_find_target(view, offset);
    if (target->kind != LSP_TARGET_MODEL_REF || !view->project) return SMELT_NO_MODEL;
    return smelt_db_find_model(view->project->db, target->ref->model);
}

cJSON *lsp_prepare_rename(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    uint32_t offset;
    if (!lsp_view_open(server, params, &view, &offset, error)) return NULL;
    lsp_target target;
    cJSON *result = NULL;
    if (model_at(&view, offset, &target) != SMELT_NO_MODEL) {
        /* The name inside the quotes, when the literal is a plain '...'. */
        uint32_t start = target.start, end = target.end;
        if (end - start >= 2 && view.text.text[start] == '\'' && view.text.text[end - 1] == '\'') {
            start++;
            end--;
        }
        result = cJSON_CreateObject();
        cJSON_AddItemToObject(result, "range", lsp_range_json(server->encoding, &view.text, start, end));
        lsp_add_string(result, "placeholder", target.ref->model);
    }
    lsp_view_close(&view);
    return result;
}

static cJSON *make_edit(lsp_encoding encoding, const lsp_text *text, uint32_t start, uint32_t end, const char *replacement) {
    cJSON *edit = cJSON_CreateObject();
    cJSON_AddItemToObject(edit, "range", lsp_range_json(encoding, text, start, end));
    lsp_add_string(edit, "newText", replacement);
    return edit;
}

/* Adds one file's edits: a TextDocumentEdit in documentChanges, or an entry of changes. */
static void add_file_edits(smelt_lsp_server *server, cJSON *workspace_edit, const char *path, cJSON *edits) {
    char *uri = lsp_uri_for(server, path);
    if (server->document_changes) {
        cJSON *changes = cJSON_GetObjectItemCaseSensitive(workspace_edit, "documentChanges");
        cJSON *document_edit = cJSON_CreateObject();
        cJSON *document = cJSON_AddObjectToObject(document_edit, "textDocument");
        lsp_add_string(document, "uri", uri);
        lsp_document *doc = lsp_document_find(server, path);
        if (doc) cJSON_AddNumberToObject(document, "version", (double)doc->version);
        else cJSON_AddNullToObject(document, "version");
        cJSON_AddItemToObject(document_edit, "edits", edits);
        cJSON_AddItemToArray(changes, document_edit);
    } else {
        cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(workspace_edit, "changes"), uri, edits);
    }
    free(uri);
}

/* The key of the model's entry under `models:` in smelt.yml, renamed (keeping its quotes). */
static void rename_config_entry(smelt_lsp_server *server, lsp_project *project, const char *old_name, const char *new_name,
                                cJSON *workspace_edit) {
    const smelt_config *config = smelt_db_config(project->db);
    const smelt_model_settings *entry = NULL;
    for (uint32_t i = 0; i < config->model_count && !entry; i++)
        if (strcmp(config->models[i].name, old_name) == 0) entry = &config->models[i].settings;
    if (!entry) return;
    smelt_buf text;
    smelt_buf_init(&text);
    lsp_document *doc = lsp_document_find(server, project->config_path);
    if (doc) smelt_buf_append(&text, doc->text.data ? doc->text.data : "", doc->text.len);
    else if (smelt_fs_read_file(project->config_path, &text) != 0) smelt_buf_clear(&text);
    if (entry->end <= text.len && entry->start < entry->end) {
        lsp_lines lines;
        lsp_lines_build(&lines, text.data, text.len);
        lsp_text converted = {text.data, text.len, &lines};
        char quote = text.data[entry->start];
        smelt_buf replacement;
        smelt_buf_init(&replacement);
        if (quote == '"' || quote == '\'') smelt_buf_printf(&replacement, "%c%s%c", quote, new_name, quote);
        else smelt_buf_append_cstr(&replacement, new_name);
        cJSON *edits = cJSON_CreateArray();
        cJSON_AddItemToArray(edits, make_edit(server->encoding, &converted, entry->start, entry->end, replacement.data));
        add_file_edits(server, workspace_edit, project->config_path, edits);
        smelt_buf_free(&replacement);
        lsp_lines_free(&lines);
    }
    smelt_buf_free(&text);
}

cJSON *lsp_rename(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    uint32_t offset;
    if (!lsp_view_open(server, params, &view, &offset, error)) return NULL;
    const char *new_name = lsp_get_string(params, "newName");
    lsp_target target;
    uint32_t model = model_at(&view, offset, &target);
    cJSON *result = NULL;
    if (model == SMELT_NO_MODEL) {
        lsp_fail(error, LSP_REQUEST_FAILED, "rename works on a model's name inside smelt.ref('...')");
        goto cleanup;
    }
    if (!valid_model_name(new_name)) {
        lsp_fail(error, LSP_INVALID_PARAMS, "'%.100s' cannot be a model name: use letters, digits and _, not starting with a digit",
                 new_name ? new_name : "");
        goto cleanup;
    }
    smelt_db *db = view.project->db;
    const char *old_name = smelt_db_model_name(db, model);
    const char *old_path = smelt_db_model_path(db, model);
    if (strcmp(old_name, new_name) == 0) {
        result = cJSON_CreateObject();
        cJSON_AddObjectToObject(result, "changes");
        goto cleanup;
    }
    if (smelt_db_find_model(db, new_name) != SMELT_NO_MODEL) {
        lsp_fail(error, LSP_REQUEST_FAILED, "there is already a model named '%s'", new_name);
        goto cleanup;
    }
    /* The new file sits beside the old one. */
    const char *slash = strrchr(old_path, '/');
    size_t dir_len = slash ? (size_t)(slash - old_path) : 0;
    smelt_buf new_path;
    smelt_buf_init(&new_path);
    smelt_buf_printf(&new_path, "%.*s%s%s.sql", (int)dir_len, old_path, slash ? "/" : "", new_name);
    struct stat info;
    if (stat(new_path.data, &info) == 0) {
        lsp_fail(error, LSP_REQUEST_FAILED, "%s already exists", new_path.data);
        smelt_buf_free(&new_path);
        goto cleanup;
    }

    result = cJSON_CreateObject();
    if (server->document_changes) cJSON_AddArrayToObject(result, "documentChanges");
    else cJSON_AddObjectToObject(result, "changes");
    smelt_buf replacement;
    smelt_buf_init(&replacement);
    smelt_buf_printf(&replacement, "'%s'", new_name);
    for (uint32_t m = 0; m < smelt_db_model_slots(db); m++) {
        if (!smelt_db_model_exists(db, m)) continue;
        const smelt_model_facts *facts = smelt_db_facts(db, m);
        cJSON *edits = NULL;
        lsp_lines lines = {NULL, 0};
        size_t len;
        const char *text = smelt_db_model_text(db, m, &len);
        lsp_text converted = {text, len, &lines};
        for (uint32_t r = 0; r < facts->ref_count; r++) {
            if (!facts->refs[r].model || strcmp(facts->refs[r].model, old_name) != 0) continue;
            if (!edits) {
                edits = cJSON_CreateArray();
                lsp_lines_build(&lines, text, len);
            }
            cJSON_AddItemToArray(edits, make_edit(server->encoding, &converted, facts->refs[r].model_start,
                                                  facts->refs[r].model_end, replacement.data));
        }
        if (edits) add_file_edits(server, result, smelt_db_model_path(db, m), edits);
        lsp_lines_free(&lines);
    }
    smelt_buf_free(&replacement);
    rename_config_entry(server, view.project, old_name, new_name, result);

    /* The file itself, after the edits that name it by its old URI. */
    if (server->rename_files) {
        cJSON *rename = cJSON_CreateObject();
        cJSON_AddStringToObject(rename, "kind", "rename");
        char *old_uri = lsp_uri_for(server, old_path);
        char *new_uri = lsp_path_to_uri(new_path.data);
        lsp_add_string(rename, "oldUri", old_uri);
        lsp_add_string(rename, "newUri", new_uri);
        free(old_uri);
        free(new_uri);
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(result, "documentChanges"), rename);
    } else {
        smelt_buf message;
        smelt_buf_init(&message);
        smelt_buf_printf(&message, "smelt: the references now name '%s'; rename %s to %s to match (this editor cannot rename files)",
                         new_name, old_path, new_path.data);
        lsp_show_message(server, 2, message.data);
        smelt_buf_free(&message);
    }
    smelt_buf_free(&new_path);

cleanup:
    lsp_view_close(&view);
    return result;
}
