/*
 * diagnostics.c — publishing what `smelt check` reports, for every file whose diagnostics changed.
 *
 * Per project, each model's own diagnostics are kept as LSP objects and recollected only when the
 * model's text changed (or, for every model, when the set of files or the YAML changed); the
 * project-wide ones (cycles, duplicates, the YAML files) are recollected after every change. A file
 * is published when its list differs from what was last sent for it — so a change in one model that
 * breaks another's reference publishes the other file too, and a list that became empty is sent
 * empty to clear it — and always when its own text changed, since its positions moved.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/schema.h"
#include "lsp/lsp_internal.h"

static int severity_number(smelt_severity severity) {
    switch (severity) {
    case SMELT_SEVERITY_ERROR: return 1;
    case SMELT_SEVERITY_WARNING: return 2;
    case SMELT_SEVERITY_NOTE: return 3;
    }
    return 1;
}

static cJSON *note_location(smelt_lsp_server *server, lsp_project *project, const char *uri, const smelt_diag_note *note,
                            const lsp_text *own_text) {
    if (!note->path) return lsp_location_json(uri, lsp_range_json(server->encoding, own_text, note->start, note->end));
    size_t len = 0;
    const char *text = project ? lsp_project_file_text(server, project, note->path, &len) : NULL;
    lsp_lines lines;
    lsp_lines_build(&lines, text ? text : "", text ? len : 0);
    lsp_text other = {text ? text : "", text ? len : 0, &lines};
    char *other_uri = lsp_uri_for(server, note->path);
    cJSON *location = lsp_location_json(other_uri, lsp_range_json(server->encoding, &other, note->start, note->end));
    free(other_uri);
    lsp_lines_free(&lines);
    return location;
}

cJSON *lsp_diagnostic_json(smelt_lsp_server *server, lsp_project *project, const char *uri, const smelt_diag *diag,
                           const lsp_text *text) {
    cJSON *object = cJSON_CreateObject();
    cJSON_AddItemToObject(object, "range", lsp_range_json(server->encoding, text, diag->start, diag->end));
    cJSON_AddNumberToObject(object, "severity", severity_number(diag->severity));
    cJSON_AddStringToObject(object, "code", smelt_diag_code_string(diag->code));
    cJSON_AddStringToObject(object, "source", "smelt");
    /* The hint is half of what the CLI shows; an editor has one message, so it goes on a line of its own. */
    smelt_buf message;
    smelt_buf_init(&message);
    smelt_buf_append_cstr(&message, diag->message ? diag->message : "");
    if (diag->hint) smelt_buf_printf(&message, "\nhint: %s", diag->hint);
    cJSON_AddItemToObject(object, "message", lsp_json_string(message.data ? message.data : "", message.len));
    smelt_buf_free(&message);
    if (diag->note_count) {
        cJSON *related = cJSON_AddArrayToObject(object, "relatedInformation");
        for (uint32_t i = 0; i < diag->note_count; i++) {
            cJSON *info = cJSON_CreateObject();
            cJSON_AddItemToObject(info, "location", note_location(server, project, uri, &diag->notes[i], text));
            lsp_add_string(info, "message", diag->notes[i].message);
            cJSON_AddItemToArray(related, info);
        }
    }
    return object;
}

/* ---- What was published ------------------------------------------------------------------------- */

static lsp_published *find_published(smelt_lsp_server *server, const char *path) {
    uint32_t index;
    return smelt_map_get(&server->published_index, smelt_str_from_cstr(path), &index) ? &server->published[index] : NULL;
}

/* Sends diagnostics (taking them) for path unless the client already has exactly these; force
 * sends them anyway when the client saw the file before (its text changed, positions moved). */
static void publish(smelt_lsp_server *server, const char *path, cJSON *diagnostics, bool force) {
    char *body = cJSON_PrintUnformatted(diagnostics);
    uint64_t hash = lsp_hash_bytes(body, strlen(body));
    cJSON_free(body);
    bool nonempty = cJSON_GetArraySize(diagnostics) > 0;
    lsp_published *entry = find_published(server, path);
    if ((!entry && !nonempty) || (entry && entry->hash == hash && !force)) {
        cJSON_Delete(diagnostics);
        return;
    }
    if (!entry) {
        if (server->published_count == server->published_cap) {
            server->published_cap = server->published_cap ? server->published_cap * 2 : 64;
            server->published = smelt_xrealloc(server->published, server->published_cap * sizeof *server->published);
        }
        entry = &server->published[server->published_count];
        size_t len = strlen(path);
        entry->path = smelt_xmalloc(len + 1);
        memcpy(entry->path, path, len + 1);
        smelt_map_insert(&server->published_index, smelt_str_from_cstr(entry->path), server->published_count, NULL);
        server->published_count++;
    }
    entry->hash = hash;
    entry->nonempty = nonempty;
    cJSON *params = cJSON_CreateObject();
    char *uri = lsp_uri_for(server, path);
    lsp_add_string(params, "uri", uri);
    free(uri);
    lsp_document *doc = lsp_document_find(server, path);
    if (doc) cJSON_AddNumberToObject(params, "version", (double)doc->version);
    cJSON_AddItemToObject(params, "diagnostics", diagnostics);
    lsp_send_notification(server, "textDocument/publishDiagnostics", params);
}

void lsp_clear_diagnostics(smelt_lsp_server *server, const char *path) {
    lsp_published *entry = find_published(server, path);
    if (entry && entry->nonempty) publish(server, path, cJSON_CreateArray(), true);
}

/* ---- Projects ----------------------------------------------------------------------------------- */

/* Converts the diagnostics items[from, to) of one file into an array. */
static cJSON *convert_file(smelt_lsp_server *server, lsp_project *project, const smelt_located_diag *items, uint32_t from,
                           uint32_t to, const char *path) {
    lsp_lines lines;
    const char *text = items[from].text ? items[from].text : "";
    size_t len = items[from].text ? items[from].len : 0;
    lsp_lines_build(&lines, text, len);
    lsp_text converted = {text, len, &lines};
    char *uri = lsp_uri_for(server, path);
    cJSON *array = cJSON_CreateArray();
    for (uint32_t i = from; i < to; i++)
        cJSON_AddItemToArray(array, lsp_diagnostic_json(server, project, uri, &items[i].diag, &converted));
    free(uri);
    lsp_lines_free(&lines);
    return array;
}

/* The end of the run of items with the same path as items[from]. */
static uint32_t same_path_end(const smelt_db_diagnostics *list, uint32_t from) {
    const char *path = list->items[from].path;
    uint32_t to = from + 1;
    while (to < list->count && (path ? list->items[to].path && strcmp(list->items[to].path, path) == 0 : !list->items[to].path))
        to++;
    return to;
}

typedef struct {
    smelt_map index; /* path -> slot in paths */
    const char **paths;
    uint32_t count, cap;
} path_set;

static void path_set_add(path_set *set, const char *path) {
    uint32_t index;
    if (smelt_map_get(&set->index, smelt_str_from_cstr(path), &index)) return;
    if (set->count == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 64;
        set->paths = smelt_xrealloc(set->paths, set->cap * sizeof *set->paths);
    }
    set->paths[set->count] = path;
    smelt_map_insert(&set->index, smelt_str_from_cstr(path), set->count, NULL);
    set->count++;
}

static bool path_inside(const char *path, const char *root) {
    size_t len = strlen(root);
    return strncmp(path, root, len) == 0 && (path[len] == '/' || (len == 1 && root[0] == '/'));
}

/* What downstream models can see of a model: its schema's hash (0 without one). */
static uint64_t interface_hash(smelt_db *db, uint32_t model) {
    const smelt_model_schema *schema = smelt_db_model_schema(db, model);
    return schema ? smelt_schema_hash(&schema->schema) : 0;
}

/* Recollects the diagnostics of the flagged models (and, with project_wide, the project-wide ones),
 * marks pending the downstream models of those whose schema changed, and publishes every file
 * whose list may have changed with them. */
static void run_batch(smelt_lsp_server *server, lsp_project *project, const bool *flags, bool project_wide) {
    smelt_db *db = project->db;
    uint32_t slots = smelt_db_model_slots(db);
    smelt_db_diagnostics own;
    smelt_db_collect_diagnostics_of(db, flags, false, &own);
    path_set candidates = {0};
    smelt_map_init(&candidates.index);
    cJSON *old_wide = NULL;
    smelt_db_diagnostics wide = {0};
    if (project_wide) {
        bool *none = calloc(slots + 1, 1);
        smelt_db_collect_diagnostics_of(db, none, true, &wide);
        free(none);
        old_wide = project->wide;
        project->wide = cJSON_CreateObject();
        for (uint32_t from = 0; from < wide.count;) {
            uint32_t to = same_path_end(&wide, from);
            const char *path = wide.items[from].path ? wide.items[from].path : project->config_path;
            cJSON *converted = convert_file(server, project, wide.items, from, to, path);
            cJSON *existing = cJSON_GetObjectItemCaseSensitive(project->wide, path);
            if (existing) { /* file-less diagnostics join smelt.yml's own */
                cJSON *item;
                while ((item = cJSON_DetachItemFromArray(converted, 0)) != NULL) cJSON_AddItemToArray(existing, item);
                cJSON_Delete(converted);
            } else {
                cJSON_AddItemToObject(project->wide, path, converted);
            }
            from = to;
        }
    }

    /* Each recollected model's own diagnostics, converted once and kept. */
    const smelt_graph *graph = smelt_db_graph(db);
    for (uint32_t m = 0; m < slots; m++) {
        if (!flags[m]) continue;
        lsp_model_state *state = &project->models[m];
        cJSON_Delete(state->diags);
        state->diags = NULL;
        state->dirty = state->pending = false;
        if (!smelt_db_model_exists(db, m)) continue;
        path_set_add(&candidates, smelt_db_model_path(db, m));
        /* A new schema changes what the models reading this one see: they are next. */
        uint64_t hash = interface_hash(db, m);
        if (hash == state->schema_hash) continue;
        state->schema_hash = hash;
        for (uint32_t e = graph->downstream_start[m]; e < graph->downstream_start[m + 1]; e++)
            if (!flags[graph->downstream[e]]) project->models[graph->downstream[e]].pending = true;
    }
    for (uint32_t from = 0; from < own.count;) {
        uint32_t to = same_path_end(&own, from);
        uint32_t model = own.items[from].path ? smelt_db_find_model_by_path(db, own.items[from].path) : SMELT_NO_MODEL;
        if (model != SMELT_NO_MODEL) project->models[model].diags = convert_file(server, project, own.items, from, to, own.items[from].path);
        from = to;
    }

    /* With the project-wide ones, any file may be concerned: those with project-wide diagnostics now
     * or before, and those that showed any diagnostics (a removed file, a cycle now broken). */
    if (project_wide) {
        const cJSON *entry;
        cJSON_ArrayForEach(entry, project->wide) path_set_add(&candidates, entry->string);
        cJSON_ArrayForEach(entry, old_wide) path_set_add(&candidates, entry->string);
        for (uint32_t i = 0; i < server->published_count; i++) {
            const lsp_published *published = &server->published[i];
            if (!published->nonempty || !path_inside(published->path, project->root)) continue;
            lsp_document *doc = lsp_document_find(server, published->path);
            if (doc && doc->role == LSP_DOC_OTHER) continue; /* a loose document's own diagnostics */
            path_set_add(&candidates, published->path);
        }
    }
    for (uint32_t c = 0; c < candidates.count; c++) {
        const char *path = candidates.paths[c];
        cJSON *array = cJSON_CreateArray();
        uint32_t model = smelt_db_find_model_by_path(db, path);
        const cJSON *item;
        if (model != SMELT_NO_MODEL && project->models[model].diags)
            cJSON_ArrayForEach(item, project->models[model].diags) cJSON_AddItemToArray(array, cJSON_Duplicate(item, true));
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(project->wide, path))
            cJSON_AddItemToArray(array, cJSON_Duplicate(item, true));
        lsp_document *doc = lsp_document_find(server, path);
        publish(server, path, array, doc && doc->changed);
        if (doc) doc->changed = false;
    }
    free(candidates.paths);
    smelt_map_free(&candidates.index);
    cJSON_Delete(old_wide);
    smelt_db_diagnostics_free(&own);
    smelt_db_diagnostics_free(&wide);
}

/* How many models one batch recollects between two looks at the input. */
enum { BATCH = 8 };

static void publish_project(smelt_lsp_server *server, lsp_project *project) {
    smelt_db *db = project->db;
    uint32_t slots = smelt_db_model_slots(db);
    if (project->model_cap < slots) {
        /* workspace.c grows the states with each change; this only covers slots it never touched. */
        uint32_t cap = project->model_cap ? project->model_cap : 64;
        while (cap < slots) cap *= 2;
        project->models = smelt_xrealloc(project->models, cap * sizeof *project->models);
        memset(project->models + project->model_cap, 0, (cap - project->model_cap) * sizeof *project->models);
        project->model_cap = cap;
    }
    if (project->all_dirty) {
        for (uint32_t m = 0; m < slots; m++) project->models[m].pending = true;
        project->all_dirty = false;
    }
    bool *flags = calloc(slots + 1, 1);
    /* First what the user is looking at: edited models and open documents, with the project-wide
     * diagnostics. Their own diagnostics depend on what they read, which is current already. */
    for (uint32_t m = 0; m < slots; m++) flags[m] = project->models[m].dirty;
    for (uint32_t i = 0; i < server->doc_count; i++) {
        const lsp_document *doc = server->docs[i];
        if (doc->project != project || doc->role != LSP_DOC_MODEL) continue;
        uint32_t model = smelt_db_find_model_by_path(db, doc->path);
        if (model != SMELT_NO_MODEL && project->models[model].pending) flags[model] = true;
    }
    run_batch(server, project, flags, true);
    for (uint32_t i = 0; i < server->doc_count; i++)
        if (server->docs[i]->project == project) server->docs[i]->changed = false;

    /* Then the models that read what changed, in batches, as long as no message waits: a keystroke
     * must not wait for the files downstream of the previous one. */
    uint32_t next = 0;
    for (;;) {
        if (server->options.input_waiting && server->options.input_waiting(server->options.input_context)) break;
        memset(flags, 0, slots + 1);
        uint32_t count = 0;
        for (uint32_t scanned = 0; scanned < slots && count < BATCH; scanned++, next = (next + 1) % slots) {
            if (project->models[next].pending) {
                flags[next] = true;
                count++;
            }
        }
        if (count == 0) break;
        run_batch(server, project, flags, false);
    }
    bool pending = false;
    for (uint32_t m = 0; m < slots && !pending; m++) pending = project->models[m].pending;
    project->changed = pending;
    free(flags);
}

/* A SQL file outside every project's models: what its own text says (syntax, smelt.ref arguments). */
static void publish_loose(smelt_lsp_server *server, lsp_document *doc) {
    doc->changed = false;
    size_t len = strlen(doc->path);
    if (len < 4 || strcmp(doc->path + len - 4, ".sql") != 0) return;
    const char *text = doc->text.data ? doc->text.data : "";
    smelt_tree *tree = smelt_syntax_parse(text, doc->text.len);
    smelt_arena *arena = smelt_arena_new();
    smelt_model_facts *facts = smelt_sema_model_facts(tree, arena);
    lsp_text converted = {text, doc->text.len, &doc->lines};
    cJSON *array = cJSON_CreateArray();
    const smelt_diag_list *lists[2] = {&tree->diags, &facts->diags};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->count; i++)
            cJSON_AddItemToArray(array, lsp_diagnostic_json(server, doc->project, doc->uri, &lists[l]->items[i], &converted));
    publish(server, doc->path, array, true);
    smelt_model_facts_free(facts);
    smelt_arena_free(arena);
    smelt_tree_free(tree);
}

void lsp_publish_diagnostics(smelt_lsp_server *server) {
    for (uint32_t p = 0; p < server->project_count; p++)
        if (server->projects[p]->changed) publish_project(server, server->projects[p]);
    for (uint32_t i = 0; i < server->doc_count; i++) {
        lsp_document *doc = server->docs[i];
        if (doc->changed && doc->role == LSP_DOC_OTHER) publish_loose(server, doc);
    }
}
