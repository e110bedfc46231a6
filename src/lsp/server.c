/*
 * server.c — the JSON-RPC side of the server: parsing messages, the lifecycle (initialize,
 * shutdown, exit), dispatching requests and notifications to their files, and the loop over a pair
 * of file descriptors that coalesces bursts of edits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsp/lsp_internal.h"
#include "lsp/transport.h"

#define SMELT_LSP_VERSION "0.1.0"

static char *copy_string(const char *text) {
    if (!text) return NULL;
    size_t len = strlen(text);
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    return copy;
}

smelt_lsp_server *smelt_lsp_server_new(const smelt_lsp_options *options) {
    smelt_lsp_server *server = smelt_xmalloc(sizeof *server);
    memset(server, 0, sizeof *server);
    if (options) server->options = *options;
    server->target = copy_string(server->options.target);
    server->options.target = server->target;
    server->encoding = LSP_UTF16;
    smelt_map_init(&server->published_index);
    return server;
}

void smelt_lsp_server_free(smelt_lsp_server *server) {
    if (!server) return;
    for (uint32_t i = 0; i < server->doc_count; i++) {
        lsp_document *doc = server->docs[i];
        free(doc->uri);
        free(doc->path);
        smelt_buf_free(&doc->text);
        lsp_lines_free(&doc->lines);
        free(doc);
    }
    free(server->docs);
    for (uint32_t i = 0; i < server->project_count; i++) lsp_project_free(server->projects[i]);
    free(server->projects);
    for (uint32_t i = 0; i < server->published_count; i++) free(server->published[i].path);
    free(server->published);
    smelt_map_free(&server->published_index);
    for (uint32_t i = 0; i < server->folder_count; i++) free(server->folders[i]);
    free(server->folders);
    free(server->target);
    free(server);
}

int smelt_lsp_server_exit_code(const smelt_lsp_server *server) {
    /* The input may also just end: after shutdown that is as good as exit. */
    return server->clean_exit || server->state == LSP_STATE_SHUT_DOWN ? 0 : 1;
}

/* ---- Sending ------------------------------------------------------------------------------------ */

static void send_message(smelt_lsp_server *server, cJSON *message) {
    char *text = cJSON_PrintUnformatted(message);
    if (text && server->options.send) server->options.send(server->options.send_context, text, strlen(text));
    cJSON_free(text);
    cJSON_Delete(message);
}

void lsp_send_notification(smelt_lsp_server *server, const char *method, cJSON *params) {
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "jsonrpc", "2.0");
    cJSON_AddStringToObject(message, "method", method);
    cJSON_AddItemToObject(message, "params", params);
    send_message(server, message);
}

void lsp_send_request(smelt_lsp_server *server, const char *method, cJSON *params) {
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "jsonrpc", "2.0");
    char id[32];
    snprintf(id, sizeof id, "smelt-%d", ++server->next_request_id);
    cJSON_AddStringToObject(message, "id", id);
    cJSON_AddStringToObject(message, "method", method);
    cJSON_AddItemToObject(message, "params", params);
    send_message(server, message);
}

void lsp_show_message(smelt_lsp_server *server, int type, const char *text) {
    cJSON *params = cJSON_CreateObject();
    cJSON_AddNumberToObject(params, "type", type);
    lsp_add_string(params, "message", text);
    lsp_send_notification(server, "window/showMessage", params);
}

/* A response to the request with this id (NULL: the id could not be read, so JSON null). */
static void send_response(smelt_lsp_server *server, const cJSON *id, cJSON *result, const lsp_error *error) {
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "jsonrpc", "2.0");
    cJSON_AddItemToObject(message, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    if (error && error->code) {
        cJSON *body = cJSON_CreateObject();
        cJSON_AddNumberToObject(body, "code", error->code);
        lsp_add_string(body, "message", error->message);
        cJSON_AddItemToObject(message, "error", body);
        cJSON_Delete(result);
    } else {
        cJSON_AddItemToObject(message, "result", result ? result : cJSON_CreateNull());
    }
    send_message(server, message);
}

static void send_error(smelt_lsp_server *server, const cJSON *id, int code, const char *text) {
    lsp_error error;
    lsp_fail(&error, code, "%s", text);
    send_response(server, id, NULL, &error);
}

/* ---- Lifecycle ---------------------------------------------------------------------------------- */

static bool array_has_string(const cJSON *array, const char *value) {
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        if (cJSON_IsString(item) && strcmp(item->valuestring, value) == 0) return true;
    }
    return false;
}

static void add_folder(smelt_lsp_server *server, const char *uri) {
    char *path = lsp_uri_to_path(uri);
    if (!path) return;
    server->folders = smelt_xrealloc(server->folders, (server->folder_count + 1) * sizeof *server->folders);
    server->folders[server->folder_count++] = path;
}

/* Reads what the client can do; the answers shape positions, edits and hovers from here on. */
static void read_client_capabilities(smelt_lsp_server *server, const cJSON *capabilities) {
    /* UTF-8 when offered (no conversion for the client and none for us), else the default UTF-16. */
    static const char *const general_encodings[] = {"general", "positionEncodings"};
    const cJSON *encodings = lsp_get_path(capabilities, general_encodings, 2);
    if (array_has_string(encodings, "utf-8")) {
        server->encoding = LSP_UTF8;
    } else if (!encodings && array_has_string(lsp_get_array(capabilities, "offsetEncoding"), "utf-8")) {
        /* clangd's pre-3.17 extension, which Neovim 0.7 users configure; answered the same way. */
        server->encoding = LSP_UTF8;
        server->offset_encoding_extension = true;
    }

    static const char *const workspace_edit[] = {"workspace", "workspaceEdit"};
    const cJSON *edit = lsp_get_path(capabilities, workspace_edit, 2);
    const cJSON *operations = lsp_get_array(edit, "resourceOperations");
    /* resourceOperations exist only inside documentChanges, so a client that lists them applies
     * documentChanges even when it forgets to say so (Neovim 0.7 does exactly that). */
    server->document_changes = lsp_get_bool(edit, "documentChanges") || cJSON_GetArraySize(operations) > 0;
    server->rename_files = server->document_changes && array_has_string(operations, "rename");

    static const char *const hover_formats[] = {"textDocument", "hover", "contentFormat"};
    server->markdown = array_has_string(lsp_get_path(capabilities, hover_formats, 3), "markdown");
    static const char *const symbols[] = {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"};
    server->hierarchical_symbols = cJSON_IsTrue(lsp_get_path(capabilities, symbols, 3));
    static const char *const watch[] = {"workspace", "didChangeWatchedFiles", "dynamicRegistration"};
    server->watch_registration = cJSON_IsTrue(lsp_get_path(capabilities, watch, 3));
}

static cJSON *file_operation_filters(void) {
    static const char *const globs[] = {"**/*.sql", "**/smelt.yml", "**/sources.yml"};
    cJSON *registration = cJSON_CreateObject();
    cJSON *filters = cJSON_AddArrayToObject(registration, "filters");
    for (size_t i = 0; i < sizeof globs / sizeof globs[0]; i++) {
        cJSON *filter = cJSON_CreateObject();
        cJSON_AddStringToObject(filter, "scheme", "file");
        cJSON *pattern = cJSON_AddObjectToObject(filter, "pattern");
        cJSON_AddStringToObject(pattern, "glob", globs[i]);
        cJSON_AddItemToArray(filters, filter);
    }
    return registration;
}

static cJSON *server_capabilities(const smelt_lsp_server *server) {
    cJSON *capabilities = cJSON_CreateObject();
    cJSON_AddStringToObject(capabilities, "positionEncoding", server->encoding == LSP_UTF8 ? "utf-8" : "utf-16");
    cJSON *sync = cJSON_AddObjectToObject(capabilities, "textDocumentSync");
    cJSON_AddBoolToObject(sync, "openClose", true);
    cJSON_AddNumberToObject(sync, "change", 2); /* incremental */
    cJSON_AddItemToObject(sync, "save", cJSON_CreateObject());
    cJSON_AddBoolToObject(capabilities, "definitionProvider", true);
    cJSON_AddBoolToObject(capabilities, "referencesProvider", true);
    cJSON_AddBoolToObject(capabilities, "hoverProvider", true);
    cJSON *completion = cJSON_AddObjectToObject(capabilities, "completionProvider");
    cJSON *triggers = cJSON_AddArrayToObject(completion, "triggerCharacters");
    cJSON_AddItemToArray(triggers, cJSON_CreateString("'"));
    cJSON_AddItemToArray(triggers, cJSON_CreateString(","));
    cJSON_AddItemToArray(triggers, cJSON_CreateString("."));
    cJSON_AddBoolToObject(capabilities, "documentSymbolProvider", true);
    cJSON *rename = cJSON_AddObjectToObject(capabilities, "renameProvider");
    cJSON_AddBoolToObject(rename, "prepareProvider", true);
    cJSON *actions = cJSON_AddObjectToObject(capabilities, "codeActionProvider");
    cJSON *kinds = cJSON_AddArrayToObject(actions, "codeActionKinds");
    cJSON_AddItemToArray(kinds, cJSON_CreateString("quickfix"));
    cJSON *workspace = cJSON_AddObjectToObject(capabilities, "workspace");
    cJSON *folders = cJSON_AddObjectToObject(workspace, "workspaceFolders");
    cJSON_AddBoolToObject(folders, "supported", true);
    cJSON_AddBoolToObject(folders, "changeNotifications", true);
    cJSON *operations = cJSON_AddObjectToObject(workspace, "fileOperations");
    cJSON_AddItemToObject(operations, "didCreate", file_operation_filters());
    cJSON_AddItemToObject(operations, "didRename", file_operation_filters());
    cJSON_AddItemToObject(operations, "didDelete", file_operation_filters());
    return capabilities;
}

static cJSON *handle_initialize(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    if (server->state != LSP_STATE_NEW) {
        lsp_fail(error, LSP_INVALID_REQUEST, "initialize was already received");
        return NULL;
    }
    read_client_capabilities(server, lsp_get_object(params, "capabilities"));
    const cJSON *folders = lsp_get_array(params, "workspaceFolders");
    const cJSON *folder;
    cJSON_ArrayForEach(folder, folders) add_folder(server, lsp_get_string(folder, "uri"));
    if (server->folder_count == 0 && lsp_get_string(params, "rootUri")) add_folder(server, lsp_get_string(params, "rootUri"));
    if (server->folder_count == 0 && lsp_get_string(params, "rootPath")) {
        char *uri = lsp_path_to_uri(lsp_get_string(params, "rootPath"));
        add_folder(server, uri);
        free(uri);
    }
    const char *target = lsp_get_string(lsp_get_object(params, "initializationOptions"), "target");
    if (target && *target) {
        free(server->target);
        server->target = copy_string(target);
        server->options.target = server->target;
    }
    server->state = LSP_STATE_RUNNING;

    cJSON *result = cJSON_CreateObject();
    cJSON_AddItemToObject(result, "capabilities", server_capabilities(server));
    if (server->offset_encoding_extension) cJSON_AddStringToObject(result, "offsetEncoding", "utf-8");
    cJSON *info = cJSON_AddObjectToObject(result, "serverInfo");
    cJSON_AddStringToObject(info, "name", "smelt");
    cJSON_AddStringToObject(info, "version", SMELT_LSP_VERSION);
    return result;
}

static void handle_initialized(smelt_lsp_server *server, const cJSON *params) {
    (void)params;
    if (server->watch_registration) {
        /* Files changed outside the editor (a checkout, a generator) reach the database this way. */
        static const char *const globs[] = {"**/*.sql", "**/smelt.yml", "**/sources.yml"};
        cJSON *registration = cJSON_CreateObject();
        cJSON_AddStringToObject(registration, "id", "smelt-watched-files");
        cJSON_AddStringToObject(registration, "method", "workspace/didChangeWatchedFiles");
        cJSON *options = cJSON_AddObjectToObject(registration, "registerOptions");
        cJSON *watchers = cJSON_AddArrayToObject(options, "watchers");
        for (size_t i = 0; i < sizeof globs / sizeof globs[0]; i++) {
            cJSON *watcher = cJSON_CreateObject();
            cJSON_AddStringToObject(watcher, "globPattern", globs[i]);
            cJSON_AddItemToArray(watchers, watcher);
        }
        cJSON *params_out = cJSON_CreateObject();
        cJSON *registrations = cJSON_AddArrayToObject(params_out, "registrations");
        cJSON_AddItemToArray(registrations, registration);
        lsp_send_request(server, "client/registerCapability", params_out);
    }
    lsp_open_workspace_folders(server);
}

static void handle_workspace_folders(smelt_lsp_server *server, const cJSON *params) {
    const cJSON *added = lsp_get_array(lsp_get_object(params, "event"), "added");
    const cJSON *folder;
    cJSON_ArrayForEach(folder, added) add_folder(server, lsp_get_string(folder, "uri"));
    lsp_open_workspace_folders(server);
}

static cJSON *handle_shutdown(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    (void)params;
    (void)error;
    server->state = LSP_STATE_SHUT_DOWN;
    return NULL;
}

static void handle_ignored(smelt_lsp_server *server, const cJSON *params) {
    (void)server;
    (void)params;
}

/* ---- Dispatch ----------------------------------------------------------------------------------- */

typedef cJSON *(*request_handler)(smelt_lsp_server *server, const cJSON *params, lsp_error *error);
typedef void (*notification_handler)(smelt_lsp_server *server, const cJSON *params);

static const struct {
    const char *method;
    request_handler handle;
} requests[] = {
    {"initialize", handle_initialize},
    {"shutdown", handle_shutdown},
    {"textDocument/definition", lsp_definition},
    {"textDocument/references", lsp_references},
    {"textDocument/hover", lsp_hover},
    {"textDocument/completion", lsp_completion},
    {"textDocument/documentSymbol", lsp_document_symbols},
    {"textDocument/prepareRename", lsp_prepare_rename},
    {"textDocument/rename", lsp_rename},
    {"textDocument/codeAction", lsp_code_action},
};

static const struct {
    const char *method;
    notification_handler handle;
} notifications[] = {
    {"initialized", handle_initialized},
    {"textDocument/didOpen", lsp_did_open},
    {"textDocument/didChange", lsp_did_change},
    {"textDocument/didClose", lsp_did_close},
    {"textDocument/didSave", lsp_did_save},
    {"workspace/didChangeWatchedFiles", lsp_did_change_watched_files},
    {"workspace/didCreateFiles", lsp_did_file_operation},
    {"workspace/didRenameFiles", lsp_did_file_operation},
    {"workspace/didDeleteFiles", lsp_did_file_operation},
    {"workspace/didChangeWorkspaceFolders", handle_workspace_folders},
    {"workspace/didChangeConfiguration", handle_ignored},
    {"$/cancelRequest", handle_ignored}, /* every request is answered before the next is read */
    {"$/setTrace", handle_ignored},
};

static void dispatch_request(smelt_lsp_server *server, const char *method, const cJSON *id, const cJSON *params) {
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        if (strcmp(requests[i].method, method) != 0) continue;
        if (server->state == LSP_STATE_NEW && strcmp(method, "initialize") != 0) {
            send_error(server, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
            return;
        }
        if (server->state == LSP_STATE_SHUT_DOWN) {
            send_error(server, id, LSP_INVALID_REQUEST, "the server is shut down: only exit is accepted");
            return;
        }
        lsp_error error = {0, ""};
        cJSON *result = requests[i].handle(server, params, &error);
        send_response(server, id, result, &error);
        return;
    }
    if (server->state == LSP_STATE_SHUT_DOWN) {
        send_error(server, id, LSP_INVALID_REQUEST, "the server is shut down: only exit is accepted");
        return;
    }
    char text[200];
    snprintf(text, sizeof text, "unknown method '%.150s'", method);
    send_error(server, id, LSP_METHOD_NOT_FOUND, text);
}

static void dispatch_notification(smelt_lsp_server *server, const char *method, const cJSON *params) {
    if (strcmp(method, "exit") == 0) {
        server->clean_exit = server->state == LSP_STATE_SHUT_DOWN;
        server->state = LSP_STATE_EXITED;
        return;
    }
    /* Before initialize and after shutdown, notifications other than exit are dropped. */
    if (server->state != LSP_STATE_RUNNING) return;
    for (size_t i = 0; i < sizeof notifications / sizeof notifications[0]; i++) {
        if (strcmp(notifications[i].method, method) == 0) {
            notifications[i].handle(server, params);
            return;
        }
    }
    /* Unknown notifications are ignored, as the protocol asks ($/ ones and any other). */
}

bool smelt_lsp_server_receive(smelt_lsp_server *server, const char *body, size_t len) {
    if (server->state == LSP_STATE_EXITED) return false;
    cJSON *message = cJSON_ParseWithLength(body, len);
    if (!message) {
        send_error(server, NULL, LSP_PARSE_ERROR, "the message is not valid JSON");
        return true;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(message, "id");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(message, "method");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(message, "params");
    if (!cJSON_IsObject(message)) {
        send_error(server, NULL, LSP_INVALID_REQUEST, "a message must be a JSON object (batches are not used by LSP)");
    } else if (id && !cJSON_IsNumber(id) && !cJSON_IsString(id) && !cJSON_IsNull(id)) {
        send_error(server, NULL, LSP_INVALID_REQUEST, "a request id must be a number or a string");
    } else if (!method) {
        /* A response to one of our requests (registerCapability): nothing waits for it. A message
         * with neither method nor result is not JSON-RPC. */
        bool response = cJSON_GetObjectItemCaseSensitive(message, "result") || cJSON_GetObjectItemCaseSensitive(message, "error");
        if (!response) send_error(server, id, LSP_INVALID_REQUEST, "a message needs a method");
    } else if (!cJSON_IsString(method)) {
        if (id) send_error(server, id, LSP_INVALID_REQUEST, "the method must be a string");
    } else if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params) && !cJSON_IsNull(params)) {
        if (id) send_error(server, id, LSP_INVALID_PARAMS, "params must be an object");
    } else if (id) {
        dispatch_request(server, method->valuestring, id, params);
    } else {
        dispatch_notification(server, method->valuestring, params);
    }
    cJSON_Delete(message);
    return server->state != LSP_STATE_EXITED;
}

void smelt_lsp_server_idle(smelt_lsp_server *server) {
    if (server->state == LSP_STATE_RUNNING) lsp_publish_diagnostics(server);
}

/* ---- The loop ----------------------------------------------------------------------------------- */

typedef struct {
    int fd;
    bool broken; /* the client is gone */
} output;

static void write_body(void *context, const char *body, size_t len) {
    output *out = context;
    if (!out->broken && !smelt_lsp_write_message(out->fd, body, len)) out->broken = true;
}

static bool input_waiting(void *context) { return smelt_lsp_reader_pending(context); }

int smelt_lsp_serve(int in_fd, int out_fd, const smelt_lsp_options *options) {
    output out = {out_fd, false};
    smelt_lsp_reader reader;
    smelt_lsp_reader_init(&reader, in_fd);
    smelt_lsp_options with_output = *options;
    with_output.send = write_body;
    with_output.send_context = &out;
    with_output.input_waiting = input_waiting;
    with_output.input_context = &reader;
    smelt_lsp_server *server = smelt_lsp_server_new(&with_output);
    smelt_buf body;
    smelt_buf_init(&body);
    for (;;) {
        smelt_lsp_read_result read = smelt_lsp_read_message(&reader, &body);
        if (read == SMELT_LSP_READ_EOF) break;
        if (read == SMELT_LSP_READ_BAD_HEADER) {
            send_error(server, NULL, LSP_PARSE_ERROR, "a message header without a valid Content-Length");
        } else if (!smelt_lsp_server_receive(server, body.data ? body.data : "", body.len)) {
            break;
        }
        if (out.broken) break;
        /* Every message already waiting is handled before diagnostics are recomputed: a burst of
         * keystrokes becomes one analysis. */
        if (!smelt_lsp_reader_pending(&reader)) smelt_lsp_server_idle(server);
    }
    int code = smelt_lsp_server_exit_code(server);
    smelt_buf_free(&body);
    smelt_lsp_reader_free(&reader);
    smelt_lsp_server_free(server);
    return code;
}
