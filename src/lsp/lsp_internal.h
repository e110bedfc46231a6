/*
 * lsp_internal.h — the language server's state and the helpers its files share; included by
 * src/lsp/ only.
 *
 * The server holds open documents (the client's unsaved text, with a line table), projects (a
 * folder with smelt.yml and its analysis database) and what it last published per file. Each open
 * document belongs to at most one project, found by walking up from its folder to smelt.yml; a
 * document outside every project is "loose" and gets the diagnostics its own text gives.
 *
 * Positions: the database speaks byte offsets; the client speaks (line, character) with characters
 * counted in the negotiated encoding. Every conversion goes through lsp_text, a text with its line
 * table, so the rules (line ends \n, \r\n or \r; a position past the end of a line means its end;
 * an invalid UTF-8 byte is one character) live in one place, protocol.c.
 */
#ifndef SMELT_LSP_INTERNAL_H
#define SMELT_LSP_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "analysis/db.h"
#include "base/map.h"
#include "base/str.h"
#include "lsp/lsp.h"

/* JSON-RPC and LSP error codes. */
enum {
    LSP_PARSE_ERROR = -32700,
    LSP_INVALID_REQUEST = -32600,
    LSP_METHOD_NOT_FOUND = -32601,
    LSP_INVALID_PARAMS = -32602,
    LSP_INTERNAL_ERROR = -32603,
    LSP_SERVER_NOT_INITIALIZED = -32002,
    LSP_REQUEST_FAILED = -32803,
};

typedef struct {
    int code; /* 0: no error */
    char message[256];
} lsp_error;

void lsp_fail(lsp_error *error, int code, const char *format, ...) __attribute__((format(printf, 3, 4)));

/* ---- Positions (protocol.c) --------------------------------------------------------------------- */

typedef enum { LSP_UTF16, LSP_UTF8, LSP_UTF32 } lsp_encoding;

typedef struct {
    uint32_t *starts; /* byte offset where each line begins; starts[0] == 0 */
    uint32_t count;
} lsp_lines;

void lsp_lines_build(lsp_lines *lines, const char *text, size_t len);
void lsp_lines_free(lsp_lines *lines); /* NULL-safe */

typedef struct {
    const char *text;
    size_t len;
    const lsp_lines *lines;
} lsp_text;

/* Byte offset -> {line, character}; offset -> LSP position. */
void lsp_position_of(lsp_encoding encoding, const lsp_text *text, uint32_t offset, uint32_t *line, uint32_t *character);
/* {line, character} -> byte offset, clamped to the line and the text. */
uint32_t lsp_offset_of(lsp_encoding encoding, const lsp_text *text, uint32_t line, uint32_t character);
cJSON *lsp_range_json(lsp_encoding encoding, const lsp_text *text, uint32_t start, uint32_t end);
/* Reads a Position object; false when it is not one. */
bool lsp_read_position(lsp_encoding encoding, const lsp_text *text, const cJSON *position, uint32_t *offset);
bool lsp_read_range(lsp_encoding encoding, const lsp_text *text, const cJSON *range, uint32_t *start, uint32_t *end);

/* ---- JSON and URIs (protocol.c) ----------------------------------------------------------------- */

/* A JSON string of text that may not be valid UTF-8 (files on disk, names in them): invalid bytes
 * become U+FFFD, so no client's JSON parser chokes on what we send. */
cJSON *lsp_json_string(const char *text, size_t len);
void lsp_add_string(cJSON *object, const char *key, const char *text);
cJSON *lsp_location_json(const char *uri, cJSON *range);
/* Members of params, NULL when missing or of another type. */
const char *lsp_get_string(const cJSON *object, const char *key);
const cJSON *lsp_get_object(const cJSON *object, const char *key);
const cJSON *lsp_get_array(const cJSON *object, const char *key);
bool lsp_get_bool(const cJSON *object, const char *key);
/* A path into an object ("capabilities", "workspace", "workspaceEdit"); NULL when any step is missing. */
const cJSON *lsp_get_path(const cJSON *object, const char *const *keys, int count);

/* file:///a%20b/c.sql -> "/a b/c.sql" (malloc'd); NULL for other schemes. */
char *lsp_uri_to_path(const char *uri);
/* "/a b/c.sql" -> file:///a%20b/c.sql (malloc'd). */
char *lsp_path_to_uri(const char *path);

uint64_t lsp_hash_bytes(const char *data, size_t len);

/* ---- State -------------------------------------------------------------------------------------- */

typedef struct {
    cJSON *diags;     /* the model's own diagnostics as LSP Diagnostic objects; NULL when none */
    bool dirty;       /* its text changed since they were collected (recollected first) */
    bool pending;     /* to recollect: what it reads changed (its upstream's schema, the YAML) */
    uint64_t schema_hash; /* of its schema when last collected: when it changes, downstream models are pending */
    bool on_disk;     /* mtime and size describe the file as last read from disk */
    int64_t mtime_ns, size;
} lsp_model_state;

typedef struct {
    char *root;         /* the folder holding smelt.yml, without a trailing slash */
    char *config_path;  /* root/smelt.yml */
    char *sources_path; /* root/sources.yml */
    smelt_db *db;
    lsp_model_state *models; /* one per model slot */
    uint32_t model_cap;
    bool all_dirty;     /* recollect every model's diagnostics: the file set or the YAML changed */
    bool changed;       /* something changed since diagnostics were last published */
    cJSON *wide;        /* the project-wide diagnostics last collected: path -> array of Diagnostic */
    char *model_paths_key; /* smelt.yml's model paths when files were last discovered */
    int64_t config_mtime_ns, sources_mtime_ns; /* the YAML files on disk when last read (0: absent) */
} lsp_project;

typedef enum { LSP_DOC_MODEL, LSP_DOC_CONFIG, LSP_DOC_SOURCES, LSP_DOC_OTHER } lsp_doc_role;

typedef struct {
    char *uri;  /* as the client wrote it: replies about this document use it unchanged */
    char *path; /* the file's path; the URI itself when it is not a file: URI */
    smelt_buf text;
    lsp_lines lines;
    int64_t version;
    lsp_project *project; /* NULL for a loose document */
    lsp_doc_role role;
    bool changed;         /* text changed since its diagnostics were published */
} lsp_document;

typedef struct {
    char *path;
    uint64_t hash;  /* of the diagnostics array last published */
    bool nonempty;
} lsp_published;

typedef enum { LSP_STATE_NEW, LSP_STATE_RUNNING, LSP_STATE_SHUT_DOWN, LSP_STATE_EXITED } lsp_state;

struct smelt_lsp_server {
    smelt_lsp_options options;
    char *target;
    lsp_state state;
    bool clean_exit; /* exit came after shutdown */
    lsp_encoding encoding;
    bool offset_encoding_extension; /* the client asked with clangd's `offsetEncoding`: answer in kind */

    /* What the client can do. */
    bool document_changes;  /* WorkspaceEdit.documentChanges */
    bool rename_files;      /* RenameFile inside documentChanges */
    bool markdown;          /* hover content as markdown */
    bool hierarchical_symbols;
    bool watch_registration; /* dynamic registration of workspace/didChangeWatchedFiles */

    char **folders; /* workspace folders, as paths */
    uint32_t folder_count;

    lsp_document **docs;
    uint32_t doc_count, doc_cap;
    lsp_project **projects;
    uint32_t project_count;

    lsp_published *published;
    uint32_t published_count, published_cap;
    smelt_map published_index; /* path -> index in published */

    int next_request_id;
};

/* ---- Messages (server.c) ------------------------------------------------------------------------ */

void lsp_send_notification(smelt_lsp_server *server, const char *method, cJSON *params); /* takes params */
void lsp_send_request(smelt_lsp_server *server, const char *method, cJSON *params);      /* takes params */
void lsp_show_message(smelt_lsp_server *server, int type, const char *message);

/* ---- Workspace and documents (workspace.c) ------------------------------------------------------ */

lsp_document *lsp_document_find(smelt_lsp_server *server, const char *path);
/* The URI to show for a path: the open document's own URI, else a file: URI. malloc'd. */
char *lsp_uri_for(smelt_lsp_server *server, const char *path);
/* The project the path belongs to (opened and loaded on first use); NULL when no smelt.yml is above it. */
lsp_project *lsp_project_for_path(smelt_lsp_server *server, const char *path);
void lsp_project_free(lsp_project *project);
/* Opens the projects at the workspace folders (those holding smelt.yml). */
void lsp_open_workspace_folders(smelt_lsp_server *server);
/* The current text of a project's file (a model, smelt.yml or sources.yml); NULL when unknown. */
const char *lsp_project_file_text(smelt_lsp_server *server, lsp_project *project, const char *path, size_t *len);
/* The project-relative path of a path inside the project's root. */
const char *lsp_project_relative(const lsp_project *project, const char *path);

void lsp_did_open(smelt_lsp_server *server, const cJSON *params);
void lsp_did_change(smelt_lsp_server *server, const cJSON *params);
void lsp_did_close(smelt_lsp_server *server, const cJSON *params);
void lsp_did_save(smelt_lsp_server *server, const cJSON *params);
void lsp_did_change_watched_files(smelt_lsp_server *server, const cJSON *params);
void lsp_did_file_operation(smelt_lsp_server *server, const cJSON *params);

/* A document as requests see it: its text and line table, and for a project model its tree and
 * facts from the database (for a loose document, parsed for the occasion). */
typedef struct {
    const char *uri;
    char *own_uri;
    const char *path;
    lsp_text text;
    lsp_lines own_lines;
    lsp_project *project;     /* NULL for a loose document */
    lsp_doc_role role;
    uint32_t model;           /* SMELT_NO_MODEL unless the document is a model of the project */
    const smelt_tree *tree;   /* NULL unless the document is SQL */
    const smelt_model_facts *facts;
    smelt_tree *own_tree;
    smelt_model_facts *own_facts;
    smelt_arena *own_arena;
} lsp_view;

/* Opens the view of params.textDocument and reads params.position into *offset (when offset is not
 * NULL). On failure, fills error. */
bool lsp_view_open(smelt_lsp_server *server, const cJSON *params, lsp_view *view, uint32_t *offset, lsp_error *error);
void lsp_view_close(lsp_view *view);

/* ---- Diagnostics (diagnostics.c) ---------------------------------------------------------------- */

/* Publishes what changed; the body of smelt_lsp_server_idle. */
void lsp_publish_diagnostics(smelt_lsp_server *server);
/* One diagnostic of the file at uri as an LSP Diagnostic, its span converted in text; notes in other
 * files of the project become related information. */
cJSON *lsp_diagnostic_json(smelt_lsp_server *server, lsp_project *project, const char *uri, const smelt_diag *diag,
                           const lsp_text *text);
/* Forgets what was published for a path (a removed file): publishes an empty list if it had any. */
void lsp_clear_diagnostics(smelt_lsp_server *server, const char *path);

/* ---- Requests: one file per family -------------------------------------------------------------- */

/* navigation.c: what a position points at, and where it leads. */
typedef enum {
    LSP_TARGET_NONE,
    LSP_TARGET_MODEL_REF,  /* the model name of a smelt.ref */
    LSP_TARGET_REF_PARAM,  /* the name of a smelt.ref parameter */
    LSP_TARGET_TABLE,      /* a table name that is not a CTE: a source, a model's name, or unknown */
    LSP_TARGET_CTE_USE,    /* a table name that reads a CTE */
    LSP_TARGET_CTE_NAME,   /* the name in a CTE's definition */
} lsp_target_kind;

typedef struct {
    lsp_target_kind kind;
    uint32_t start, end;       /* the span under the position */
    const smelt_ref *ref;      /* MODEL_REF, REF_PARAM */
    smelt_ref_param param;     /* REF_PARAM */
    const smelt_node *cte;     /* CTE_USE, CTE_NAME: the CTE node */
    const smelt_node *name;    /* TABLE, CTE_USE: the QUALIFIED_NAME */
} lsp_target;

lsp_target lsp_find_target(const lsp_view *view, uint32_t offset);
/* TABLE: the declared source it names (with the target's schema when unqualified), or NULL. */
const smelt_source_table *lsp_target_source(const lsp_view *view, const lsp_target *target);
/* The name (last part) of a TABLE target, in buf. */
void lsp_target_table_name(const lsp_view *view, const lsp_target *target, smelt_buf *out, bool *qualified);

cJSON *lsp_definition(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_references(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_hover(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_completion(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_document_symbols(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_prepare_rename(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_rename(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
cJSON *lsp_code_action(smelt_lsp_server *server, const cJSON *params, lsp_error *error);

/* What a smelt.ref parameter means, for hover and completion (hover.c). */
const char *lsp_ref_param_meaning(smelt_ref_param param);

#endif
