/*
 * workspace.c — projects and documents: which smelt project a file belongs to, text
 * synchronisation (the editor's unsaved text replaces the file's in the analysis database; closing
 * it goes back to the disk), and keeping the database in step with files changed outside the
 * editor.
 *
 * A project is loaded from disk once; from then on every change reaches the database as a change
 * of one input, and the project records what it must recollect: one model's diagnostics when its
 * text changed, every model's when the set of files or the YAML changed (see
 * smelt_db_collect_diagnostics_of).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "lsp/lsp_internal.h"
#include "project/discover.h"

static char *copy_string(const char *text) {
    size_t len = strlen(text);
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    return copy;
}

static char *join_path(const char *dir, const char *name) {
    size_t dir_len = strlen(dir);
    while (dir_len > 1 && dir[dir_len - 1] == '/') dir_len--;
    while (name[0] == '.' && name[1] == '/') name += 2;
    size_t name_len = strlen(name);
    char *path = smelt_xmalloc(dir_len + name_len + 2);
    memcpy(path, dir, dir_len);
    size_t at = dir_len;
    if (!(dir_len == 1 && dir[0] == '/')) path[at++] = '/';
    memcpy(path + at, name, name_len + 1);
    return path;
}

/* Whether path lies inside dir (a folder, without trailing slash). */
static bool path_in_dir(const char *path, const char *dir) {
    size_t len = strlen(dir);
    if (len == 1 && dir[0] == '/') return path[0] == '/';
    return strncmp(path, dir, len) == 0 && path[len] == '/';
}

static bool ends_with(const char *text, const char *suffix) {
    size_t len = strlen(text), suffix_len = strlen(suffix);
    return len >= suffix_len && strcmp(text + len - suffix_len, suffix) == 0;
}

/* The modification time in nanoseconds and the size, or false when the file is not a readable
 * regular file. */
static bool file_stat(const char *path, int64_t *mtime_ns, int64_t *size) {
    struct stat info;
    if (stat(path, &info) != 0 || !S_ISREG(info.st_mode)) return false;
    *mtime_ns = (int64_t)info.st_mtim.tv_sec * 1000000000 + info.st_mtim.tv_nsec;
    *size = (int64_t)info.st_size;
    return true;
}

/* ---- Documents ---------------------------------------------------------------------------------- */

lsp_document *lsp_document_find(smelt_lsp_server *server, const char *path) {
    for (uint32_t i = 0; i < server->doc_count; i++)
        if (strcmp(server->docs[i]->path, path) == 0) return server->docs[i];
    return NULL;
}

char *lsp_uri_for(smelt_lsp_server *server, const char *path) {
    lsp_document *doc = lsp_document_find(server, path);
    return doc ? copy_string(doc->uri) : lsp_path_to_uri(path);
}

const char *lsp_project_relative(const lsp_project *project, const char *path) {
    size_t len = strlen(project->root);
    if (len == 1 && project->root[0] == '/') return path + 1;
    return path_in_dir(path, project->root) ? path + len + 1 : path;
}

/* ---- Projects ----------------------------------------------------------------------------------- */

static void ensure_model_states(lsp_project *project) {
    uint32_t slots = smelt_db_model_slots(project->db);
    if (slots <= project->model_cap) return;
    uint32_t cap = project->model_cap ? project->model_cap : 64;
    while (cap < slots) cap *= 2;
    project->models = smelt_xrealloc(project->models, cap * sizeof *project->models);
    memset(project->models + project->model_cap, 0, (cap - project->model_cap) * sizeof *project->models);
    project->model_cap = cap;
}

void lsp_project_free(lsp_project *project) {
    if (!project) return;
    for (uint32_t i = 0; i < project->model_cap; i++) cJSON_Delete(project->models[i].diags);
    free(project->models);
    cJSON_Delete(project->wide);
    smelt_db_free(project->db);
    free(project->root);
    free(project->config_path);
    free(project->sources_path);
    free(project->model_paths_key);
    free(project);
}

/* The model paths of smelt.yml as one string, to notice when an edit changes them. */
static char *model_paths_key(lsp_project *project) {
    const smelt_config *config = smelt_db_config(project->db);
    smelt_buf key;
    smelt_buf_init(&key);
    for (uint32_t i = 0; i < config->model_path_count; i++) {
        smelt_buf_append_cstr(&key, config->model_paths[i]);
        smelt_buf_append_char(&key, '\n');
    }
    smelt_buf_append_char(&key, '\0');
    return key.data;
}

/* Whether a path is a model file of the project: a .sql file under one of the model paths, not in
 * a hidden folder (what project/discover finds). */
static bool is_model_path(lsp_project *project, const char *path) {
    if (!ends_with(path, ".sql") || !path_in_dir(path, project->root)) return false;
    const char *relative = lsp_project_relative(project, path);
    if (relative[0] == '.' || strstr(relative, "/.")) return false;
    const smelt_config *config = smelt_db_config(project->db);
    for (uint32_t i = 0; i < config->model_path_count; i++) {
        const char *dir = config->model_paths[i];
        while (dir[0] == '.' && dir[1] == '/') dir += 2;
        size_t len = strlen(dir);
        while (len > 0 && dir[len - 1] == '/') len--;
        if (len == 0 || (len == 1 && dir[0] == '.')) return true;
        if (strncmp(relative, dir, len) == 0 && relative[len] == '/') return true;
    }
    return false;
}

static lsp_doc_role classify(lsp_project *project, const char *path) {
    if (!project) return LSP_DOC_OTHER;
    if (strcmp(path, project->config_path) == 0) return LSP_DOC_CONFIG;
    if (strcmp(path, project->sources_path) == 0) return LSP_DOC_SOURCES;
    return is_model_path(project, path) ? LSP_DOC_MODEL : LSP_DOC_OTHER;
}

/* A model file's text changed in the database: its own diagnostics must be recollected, and all of
 * them when it is a new file (the set of names changed). */
static void model_changed(lsp_project *project, uint32_t model, bool is_new) {
    ensure_model_states(project);
    if (is_new) project->all_dirty = true;
    else project->models[model].dirty = true;
    project->changed = true;
}

static void set_model_text(lsp_project *project, const char *path, const char *text, size_t len) {
    bool existed = smelt_db_find_model_by_path(project->db, path) != SMELT_NO_MODEL;
    uint32_t model = smelt_db_set_model(project->db, path, lsp_project_relative(project, path), text, len);
    model_changed(project, model, !existed);
    project->models[model].on_disk = false;
}

static void remove_model(lsp_project *project, const char *path) {
    if (smelt_db_remove_model(project->db, path)) {
        project->all_dirty = true;
        project->changed = true;
    }
}

/* Reads smelt.yml or sources.yml from disk into the database when it changed there. */
static void sync_yaml_file(smelt_lsp_server *server, lsp_project *project, const char *path, int64_t *mtime_ns,
                           void (*set)(smelt_db *, const char *, const char *, size_t)) {
    if (lsp_document_find(server, path)) return; /* the editor's text wins */
    int64_t mtime = 0, size;
    if (!file_stat(path, &mtime, &size)) mtime = 0;
    if (mtime == *mtime_ns && mtime != 0) return;
    smelt_buf text;
    smelt_buf_init(&text);
    bool found = mtime != 0 && smelt_fs_read_file(path, &text) == 0;
    set(project->db, path, found ? (text.data ? text.data : "") : NULL, found ? text.len : 0);
    smelt_buf_free(&text);
    *mtime_ns = found ? mtime : 0;
    project->all_dirty = true;
    project->changed = true;
}

static void apply_document(smelt_lsp_server *server, lsp_document *doc);

/* Brings the database in step with the disk: the YAML files, then every model file under the model
 * paths — new ones added, changed ones (by modification time and size) read again, vanished ones
 * removed. Open documents keep the editor's text. */
static void sync_disk(smelt_lsp_server *server, lsp_project *project) {
    sync_yaml_file(server, project, project->config_path, &project->config_mtime_ns, smelt_db_set_config);
    sync_yaml_file(server, project, project->sources_path, &project->sources_mtime_ns, smelt_db_set_sources);
    const smelt_config *config = smelt_db_config(project->db);
    free(project->model_paths_key);
    project->model_paths_key = model_paths_key(project);

    smelt_arena *arena = smelt_arena_new();
    smelt_discovery discovery;
    smelt_discover_files(project->root, config->model_paths, config->model_path_count, ".sql", arena, &discovery);
    smelt_map seen;
    smelt_map_init(&seen);
    char **paths = smelt_xmalloc((discovery.count ? discovery.count : 1) * sizeof *paths);
    smelt_buf text;
    smelt_buf_init(&text);
    for (uint32_t i = 0; i < discovery.count; i++) {
        char *path = join_path(project->root, discovery.paths[i]);
        paths[i] = path;
        smelt_map_insert(&seen, smelt_str_from_cstr(path), i, NULL);
        if (lsp_document_find(server, path)) continue;
        int64_t mtime, size;
        if (!file_stat(path, &mtime, &size)) continue;
        uint32_t model = smelt_db_find_model_by_path(project->db, path);
        if (model != SMELT_NO_MODEL) {
            ensure_model_states(project);
            lsp_model_state *state = &project->models[model];
            if (state->on_disk && state->mtime_ns == mtime && state->size == size) continue;
        }
        /* An unreadable file still exists as a model; its empty text makes it report itself. */
        bool read = smelt_fs_read_file(path, &text) == 0;
        set_model_text(project, path, read && text.data ? text.data : "", read ? text.len : 0);
        model = smelt_db_find_model_by_path(project->db, path);
        project->models[model].on_disk = true;
        project->models[model].mtime_ns = mtime;
        project->models[model].size = size;
    }
    smelt_buf_free(&text);
    for (uint32_t m = 0; m < smelt_db_model_slots(project->db); m++) {
        if (!smelt_db_model_exists(project->db, m)) continue;
        const char *path = smelt_db_model_path(project->db, m);
        lsp_document *doc = lsp_document_find(server, path);
        uint32_t index;
        if (smelt_map_get(&seen, smelt_str_from_cstr(path), &index) || (doc && doc->role == LSP_DOC_MODEL)) continue;
        char *removed = copy_string(path);
        remove_model(project, removed);
        free(removed);
    }
    for (uint32_t i = 0; i < discovery.count; i++) free(paths[i]);
    free(paths);
    smelt_map_free(&seen);
    smelt_arena_free(arena);

    /* Open documents may have become models or stopped being ones (the model paths changed). */
    for (uint32_t i = 0; i < server->doc_count; i++) {
        lsp_document *doc = server->docs[i];
        if (doc->project != project) continue;
        lsp_doc_role role = classify(project, doc->path);
        if (role == doc->role) continue;
        if (doc->role == LSP_DOC_MODEL) {
            remove_model(project, doc->path);
            lsp_clear_diagnostics(server, doc->path);
        }
        doc->role = role;
        apply_document(server, doc);
    }
}

/* The nearest folder at or above path's folder that holds smelt.yml; NULL when there is none. */
static char *find_project_root(const char *path) {
    char *dir = copy_string(path);
    for (;;) {
        char *slash = strrchr(dir, '/');
        if (!slash) break;
        if (slash == dir) slash[1] = '\0'; /* the root folder */
        else *slash = '\0';
        char *config = join_path(dir, "smelt.yml");
        int64_t mtime, size;
        bool found = file_stat(config, &mtime, &size);
        free(config);
        if (found) return dir;
        if (strcmp(dir, "/") == 0) break;
    }
    free(dir);
    return NULL;
}

lsp_project *lsp_project_for_path(smelt_lsp_server *server, const char *path) {
    if (path[0] != '/') return NULL;
    char *root = find_project_root(path);
    if (!root) return NULL;
    for (uint32_t i = 0; i < server->project_count; i++) {
        if (strcmp(server->projects[i]->root, root) == 0) {
            free(root);
            return server->projects[i];
        }
    }
    lsp_project *project = smelt_xmalloc(sizeof *project);
    memset(project, 0, sizeof *project);
    project->root = root;
    project->config_path = join_path(root, "smelt.yml");
    project->sources_path = join_path(root, "sources.yml");
    smelt_db_options options = {server->options.env, server->options.env_context, server->options.target};
    project->db = smelt_db_new(&options);
    server->projects = smelt_xrealloc(server->projects, (server->project_count + 1) * sizeof *server->projects);
    server->projects[server->project_count++] = project;
    sync_disk(server, project);
    int threads = server->options.threads > 0 ? server->options.threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    smelt_db_prepare(project->db, threads > 0 ? threads : 1);
    project->all_dirty = true;
    project->changed = true;
    return project;
}

void lsp_open_workspace_folders(smelt_lsp_server *server) {
    for (uint32_t i = 0; i < server->folder_count; i++) {
        char *config = join_path(server->folders[i], "smelt.yml");
        int64_t mtime, size;
        if (file_stat(config, &mtime, &size)) lsp_project_for_path(server, config);
        free(config);
    }
}

const char *lsp_project_file_text(smelt_lsp_server *server, lsp_project *project, const char *path, size_t *len) {
    lsp_document *doc = lsp_document_find(server, path);
    if (doc) {
        *len = doc->text.len;
        return doc->text.data ? doc->text.data : "";
    }
    uint32_t model = smelt_db_find_model_by_path(project->db, path);
    if (model != SMELT_NO_MODEL) return smelt_db_model_text(project->db, model, len);
    if (strcmp(path, project->sources_path) == 0) return smelt_db_sources_text(project->db, len);
    return NULL;
}

/* ---- Text synchronisation ----------------------------------------------------------------------- */

/* Hands a document's text to the database as the input it is. */
static void apply_document(smelt_lsp_server *server, lsp_document *doc) {
    doc->changed = true;
    lsp_project *project = doc->project;
    if (!project) return;
    const char *text = doc->text.data ? doc->text.data : "";
    switch (doc->role) {
    case LSP_DOC_MODEL:
        set_model_text(project, doc->path, text, doc->text.len);
        break;
    case LSP_DOC_CONFIG:
        smelt_db_set_config(project->db, doc->path, text, doc->text.len);
        project->all_dirty = project->changed = true;
        {
            /* New model paths mean another set of model files. */
            char *key = model_paths_key(project);
            bool moved = !project->model_paths_key || strcmp(key, project->model_paths_key) != 0;
            free(key);
            if (moved) sync_disk(server, project);
        }
        break;
    case LSP_DOC_SOURCES:
        smelt_db_set_sources(project->db, doc->path, text, doc->text.len);
        project->all_dirty = project->changed = true;
        break;
    case LSP_DOC_OTHER:
        break;
    }
}

static void set_document_text(lsp_document *doc, const char *text, size_t len) {
    smelt_buf_clear(&doc->text);
    smelt_buf_append(&doc->text, text, len);
    lsp_lines_free(&doc->lines);
    lsp_lines_build(&doc->lines, doc->text.data ? doc->text.data : "", doc->text.len);
}

static const cJSON *text_document(const cJSON *params, const char **uri) {
    const cJSON *document = lsp_get_object(params, "textDocument");
    *uri = lsp_get_string(document, "uri");
    return document;
}

/* A file: URI's path; any other URI (untitled:) stands for itself. */
static char *document_path(const char *uri) {
    char *path = lsp_uri_to_path(uri);
    return path ? path : copy_string(uri);
}

/* textDocument.version; `otherwise` when it is missing or no integer fits it (1e300: converting it
 * would be undefined). */
static int64_t read_version(const cJSON *document, int64_t otherwise) {
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(document, "version");
    if (!cJSON_IsNumber(version) || !(version->valuedouble > -9e18 && version->valuedouble < 9e18)) return otherwise;
    return (int64_t)version->valuedouble;
}

void lsp_did_open(smelt_lsp_server *server, const cJSON *params) {
    const char *uri;
    const cJSON *document = text_document(params, &uri);
    const char *text = lsp_get_string(document, "text");
    if (!uri || !text) return;
    char *path = document_path(uri);
    lsp_document *doc = lsp_document_find(server, path);
    if (!doc) {
        doc = smelt_xmalloc(sizeof *doc);
        memset(doc, 0, sizeof *doc);
        doc->uri = copy_string(uri);
        doc->path = path;
        smelt_buf_init(&doc->text);
        if (server->doc_count == server->doc_cap) {
            server->doc_cap = server->doc_cap ? server->doc_cap * 2 : 16;
            server->docs = smelt_xrealloc(server->docs, server->doc_cap * sizeof *server->docs);
        }
        server->docs[server->doc_count++] = doc;
        doc->project = lsp_project_for_path(server, path);
        doc->role = classify(doc->project, path);
    } else {
        free(path);
    }
    doc->version = read_version(document, 0);
    set_document_text(doc, text, strlen(text));
    apply_document(server, doc);
}

void lsp_did_change(smelt_lsp_server *server, const cJSON *params) {
    const char *uri;
    const cJSON *document = text_document(params, &uri);
    if (!uri) return;
    char *path = document_path(uri);
    lsp_document *doc = lsp_document_find(server, path);
    free(path);
    if (!doc) return;
    doc->version = read_version(document, doc->version);
    const cJSON *change;
    smelt_buf next;
    smelt_buf_init(&next);
    cJSON_ArrayForEach(change, lsp_get_array(params, "contentChanges")) {
        const char *text = lsp_get_string(change, "text");
        if (!text) continue;
        const cJSON *range = lsp_get_object(change, "range");
        if (!range) { /* the whole document */
            set_document_text(doc, text, strlen(text));
            continue;
        }
        lsp_text current = {doc->text.data ? doc->text.data : "", doc->text.len, &doc->lines};
        uint32_t start, end;
        if (!lsp_read_range(server->encoding, &current, range, &start, &end)) continue;
        smelt_buf_clear(&next);
        smelt_buf_append(&next, current.text, start);
        smelt_buf_append_cstr(&next, text);
        smelt_buf_append(&next, current.text + end, current.len - end);
        set_document_text(doc, next.data ? next.data : "", next.len);
    }
    smelt_buf_free(&next);
    apply_document(server, doc);
}

void lsp_did_close(smelt_lsp_server *server, const cJSON *params) {
    const char *uri;
    text_document(params, &uri);
    if (!uri) return;
    char *path = document_path(uri);
    lsp_document *doc = lsp_document_find(server, path);
    free(path);
    if (!doc) return;
    for (uint32_t i = 0; i < server->doc_count; i++) {
        if (server->docs[i] != doc) continue;
        server->docs[i] = server->docs[--server->doc_count];
        break;
    }
    lsp_project *project = doc->project;
    if (doc->role == LSP_DOC_MODEL) {
        /* Back to the file on disk; a file never saved goes away. */
        int64_t mtime, size;
        smelt_buf text;
        smelt_buf_init(&text);
        if (file_stat(doc->path, &mtime, &size) && smelt_fs_read_file(doc->path, &text) == 0) {
            set_model_text(project, doc->path, text.data ? text.data : "", text.len);
            uint32_t model = smelt_db_find_model_by_path(project->db, doc->path);
            project->models[model].on_disk = true;
            project->models[model].mtime_ns = mtime;
            project->models[model].size = size;
        } else {
            remove_model(project, doc->path);
        }
        smelt_buf_free(&text);
    } else if (doc->role == LSP_DOC_CONFIG || doc->role == LSP_DOC_SOURCES) {
        project->config_mtime_ns = doc->role == LSP_DOC_CONFIG ? -1 : project->config_mtime_ns;
        project->sources_mtime_ns = doc->role == LSP_DOC_SOURCES ? -1 : project->sources_mtime_ns;
        sync_disk(server, project);
    } else {
        /* A loose document's diagnostics came from its text alone: they go with it. */
        lsp_clear_diagnostics(server, doc->path);
    }
    free(doc->uri);
    free(doc->path);
    smelt_buf_free(&doc->text);
    lsp_lines_free(&doc->lines);
    free(doc);
}

void lsp_did_save(smelt_lsp_server *server, const cJSON *params) {
    /* A save is when other files were likely written too (a rename applied to several buffers,
     * :wall): the editor does not tell us about those, the disk does. */
    const char *uri;
    text_document(params, &uri);
    char *path = uri ? document_path(uri) : NULL;
    lsp_document *doc = path ? lsp_document_find(server, path) : NULL;
    free(path);
    if (doc && doc->project) sync_disk(server, doc->project);
}

/* Files changed outside the editor: every project they fall in looks at its disk again. */
static void sync_projects_of(smelt_lsp_server *server, const cJSON *uris_holder, const char *const *keys, int key_count) {
    bool *touched = calloc(server->project_count + 1, 1);
    const cJSON *item;
    cJSON_ArrayForEach(item, uris_holder) {
        for (int k = 0; k < key_count; k++) {
            char *path = lsp_uri_to_path(lsp_get_string(item, keys[k]));
            if (!path) continue;
            for (uint32_t p = 0; p < server->project_count; p++)
                if (path_in_dir(path, server->projects[p]->root)) touched[p] = true;
            /* A new smelt.yml makes a new project. */
            if (ends_with(path, "/smelt.yml")) lsp_project_for_path(server, path);
            free(path);
        }
    }
    for (uint32_t p = 0; p < server->project_count; p++)
        if (touched[p]) sync_disk(server, server->projects[p]);
    free(touched);
}

void lsp_did_change_watched_files(smelt_lsp_server *server, const cJSON *params) {
    static const char *const keys[] = {"uri"};
    sync_projects_of(server, lsp_get_array(params, "changes"), keys, 1);
}

void lsp_did_file_operation(smelt_lsp_server *server, const cJSON *params) {
    static const char *const keys[] = {"uri", "oldUri", "newUri"};
    sync_projects_of(server, lsp_get_array(params, "files"), keys, 3);
}

/* ---- Views for requests ------------------------------------------------------------------------- */

bool lsp_view_open(smelt_lsp_server *server, const cJSON *params, lsp_view *view, uint32_t *offset, lsp_error *error) {
    memset(view, 0, sizeof *view);
    view->model = SMELT_NO_MODEL;
    const char *uri;
    text_document(params, &uri);
    if (!uri) {
        lsp_fail(error, LSP_INVALID_PARAMS, "textDocument.uri is missing");
        return false;
    }
    char *path = document_path(uri);
    lsp_document *doc = lsp_document_find(server, path);
    if (doc) {
        view->uri = doc->uri;
        view->path = doc->path;
        view->project = doc->project;
        view->role = doc->role;
        view->text = (lsp_text){doc->text.data ? doc->text.data : "", doc->text.len, &doc->lines};
    } else {
        /* Not open: a model of a project (a client asking about a file it shows in a list). */
        lsp_project *project = lsp_project_for_path(server, path);
        uint32_t model = project ? smelt_db_find_model_by_path(project->db, path) : SMELT_NO_MODEL;
        if (model == SMELT_NO_MODEL) {
            free(path);
            lsp_fail(error, LSP_INVALID_PARAMS, "the document is not open");
            return false;
        }
        view->own_uri = lsp_path_to_uri(path);
        view->uri = view->own_uri;
        view->path = smelt_db_model_path(project->db, model);
        view->project = project;
        view->role = LSP_DOC_MODEL;
        size_t len;
        const char *text = smelt_db_model_text(project->db, model, &len);
        lsp_lines_build(&view->own_lines, text, len);
        view->text = (lsp_text){text, len, &view->own_lines};
    }
    free(path);
    if (view->project && view->role == LSP_DOC_MODEL) {
        view->model = smelt_db_find_model_by_path(view->project->db, view->path);
        view->tree = smelt_db_tree(view->project->db, view->model);
        view->facts = smelt_db_facts(view->project->db, view->model);
    } else if (view->role == LSP_DOC_OTHER && ends_with(view->path, ".sql")) {
        view->own_tree = smelt_syntax_parse(view->text.text, view->text.len);
        view->own_arena = smelt_arena_new();
        view->own_facts = smelt_sema_model_facts(view->own_tree, view->own_arena);
        view->tree = view->own_tree;
        view->facts = view->own_facts;
    }
    if (offset && !lsp_read_position(server->encoding, &view->text, lsp_get_object(params, "position"), offset)) {
        lsp_view_close(view);
        lsp_fail(error, LSP_INVALID_PARAMS, "position is missing or not a Position");
        return false;
    }
    return true;
}

void lsp_view_close(lsp_view *view) {
    smelt_model_facts_free(view->own_facts);
    smelt_tree_free(view->own_tree);
    smelt_arena_free(view->own_arena);
    lsp_lines_free(&view->own_lines);
    free(view->own_uri);
    memset(view, 0, sizeof *view);
}
