/*
 * test_lsp.c — the language server at the protocol level: the server runs in-process, messages go
 * in as JSON text and come out through the send callback, so every test sees exactly what a client
 * would. A small project is written to a temporary folder; the transport is tested over a pipe.
 */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsp/lsp.h"
#include "lsp/lsp_internal.h"
#include "lsp/transport.h"
#include "base/text.h"
#include "test.h"

/* ---- A client in a test ------------------------------------------------------------------------- */

typedef struct {
    smelt_lsp_server *server;
    cJSON **inbox; /* messages from the server, in order */
    size_t count, cap;
    int next_id;
    char root[256];
    bool invalid_utf8_seen;
    bool input_waiting; /* what the server is told when it asks whether a message waits */
} client;

static bool input_waiting(void *context) { return ((client *)context)->input_waiting; }

static void receive(void *context, const char *body, size_t len) {
    client *c = context;
    /* Everything the server sends must be valid UTF-8 JSON, whatever the files held. */
    if (smelt_utf8_first_invalid(body, len) != len) c->invalid_utf8_seen = true;
    cJSON *message = cJSON_ParseWithLength(body, len);
    if (!message) {
        fprintf(stderr, "server sent invalid JSON: %.*s\n", (int)len, body);
        test_failed++;
        return;
    }
    if (c->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->inbox = realloc(c->inbox, c->cap * sizeof *c->inbox);
    }
    c->inbox[c->count++] = message;
}

static void client_start(client *c, const char *root) {
    memset(c, 0, sizeof *c);
    snprintf(c->root, sizeof c->root, "%s", root ? root : "");
    smelt_lsp_options options = {.send = receive, .send_context = c, .input_waiting = input_waiting, .input_context = c,
                                 .threads = 1};
    c->server = smelt_lsp_server_new(&options);
}

static void client_clear(client *c) {
    for (size_t i = 0; i < c->count; i++) cJSON_Delete(c->inbox[i]);
    c->count = 0;
}

static void client_stop(client *c) {
    client_clear(c);
    free(c->inbox);
    smelt_lsp_server_free(c->server);
}

static bool send_text(client *c, const char *text) { return smelt_lsp_server_receive(c->server, text, strlen(text)); }

static cJSON *take_response(client *c, int id) {
    for (size_t i = 0; i < c->count; i++) {
        cJSON *message = c->inbox[i];
        const cJSON *message_id = cJSON_GetObjectItemCaseSensitive(message, "id");
        if (cJSON_GetObjectItemCaseSensitive(message, "method") || !cJSON_IsNumber(message_id) || message_id->valueint != id)
            continue;
        memmove(c->inbox + i, c->inbox + i + 1, (c->count - i - 1) * sizeof *c->inbox);
        c->count--;
        return message;
    }
    return NULL;
}

/* Sends a request (params: a JSON text, may be NULL) and returns the whole response message. */
static cJSON *request(client *c, const char *method, const char *params) {
    int id = ++c->next_id;
    smelt_buf text;
    smelt_buf_init(&text);
    smelt_buf_printf(&text, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\"%s%s}", id, method, params ? ",\"params\":" : "",
                     params ? params : "");
    send_text(c, text.data);
    smelt_buf_free(&text);
    return take_response(c, id);
}

static cJSON *request_json(client *c, const char *method, cJSON *params) {
    char *text = cJSON_PrintUnformatted(params);
    cJSON *response = request(c, method, text);
    cJSON_free(text);
    cJSON_Delete(params);
    return response;
}

static void notify_json(client *c, const char *method, cJSON *params) {
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "jsonrpc", "2.0");
    cJSON_AddStringToObject(message, "method", method);
    if (params) cJSON_AddItemToObject(message, "params", params);
    char *text = cJSON_PrintUnformatted(message);
    send_text(c, text);
    cJSON_free(text);
    cJSON_Delete(message);
}

static const cJSON *result_of(const cJSON *response) { return cJSON_GetObjectItemCaseSensitive(response, "result"); }

static int error_code(const cJSON *response) {
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(response, "error");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(error, "code");
    return cJSON_IsNumber(code) ? code->valueint : 0;
}

static char *uri_of(client *c, const char *relative) {
    static char uris[8][512];
    static int next;
    char *uri = uris[next++ % 8];
    snprintf(uri, sizeof uris[0], "file://%s/%s", c->root, relative);
    return uri;
}

/* How many messages of a method wait in the inbox. */
static int count_method(client *c, const char *method) {
    int count = 0;
    for (size_t i = 0; i < c->count; i++) {
        const char *m = lsp_get_string(c->inbox[i], "method");
        if (m && strcmp(m, method) == 0) count++;
    }
    return count;
}

/* The diagnostics last published for a file (a copy of the array), or NULL; *publications counts
 * how many were sent for it. Consumes them from the inbox. */
static cJSON *take_diagnostics(client *c, const char *relative, int *publications) {
    const char *uri = uri_of(c, relative);
    cJSON *last = NULL;
    int count = 0;
    for (size_t i = 0; i < c->count;) {
        const char *method = lsp_get_string(c->inbox[i], "method");
        const cJSON *params = lsp_get_object(c->inbox[i], "params");
        if (method && strcmp(method, "textDocument/publishDiagnostics") == 0 && strcmp(lsp_get_string(params, "uri"), uri) == 0) {
            cJSON_Delete(last);
            last = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(params, "diagnostics"), true);
            count++;
            cJSON_Delete(c->inbox[i]);
            memmove(c->inbox + i, c->inbox + i + 1, (c->count - i - 1) * sizeof *c->inbox);
            c->count--;
            continue;
        }
        i++;
    }
    if (publications) *publications = count;
    return last;
}

/* The version of the last diagnostics published for a file (consuming them); -1 when none were. */
static int published_version(client *c, const char *relative) {
    const char *uri = uri_of(c, relative);
    int version = -1;
    for (size_t i = 0; i < c->count; i++) {
        const char *method = lsp_get_string(c->inbox[i], "method");
        const cJSON *params = lsp_get_object(c->inbox[i], "params");
        if (!method || strcmp(method, "textDocument/publishDiagnostics") != 0 || strcmp(lsp_get_string(params, "uri"), uri) != 0)
            continue;
        const cJSON *number = cJSON_GetObjectItemCaseSensitive(params, "version");
        version = cJSON_IsNumber(number) ? number->valueint : -1;
    }
    cJSON_Delete(take_diagnostics(c, relative, NULL));
    return version;
}

static bool has_code(const cJSON *diagnostics, const char *code) {
    const cJSON *diagnostic;
    cJSON_ArrayForEach(diagnostic, diagnostics) {
        const char *value = lsp_get_string(diagnostic, "code");
        if (value && strcmp(value, code) == 0) return true;
    }
    return false;
}

static int position_field(const cJSON *range, const char *which, const char *field) {
    const cJSON *position = lsp_get_object(range, which);
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(position, field);
    return cJSON_IsNumber(value) ? value->valueint : -1;
}

static void initialize(client *c, const char *capabilities) {
    smelt_buf params;
    smelt_buf_init(&params);
    smelt_buf_printf(&params, "{\"processId\":null,\"rootUri\":\"file://%s\",\"capabilities\":%s}", c->root,
                     capabilities ? capabilities : "{}");
    cJSON *response = request(c, "initialize", params.data);
    CHECK(result_of(response) != NULL);
    cJSON_Delete(response);
    smelt_buf_free(&params);
    notify_json(c, "initialized", cJSON_CreateObject());
}

/* Versions are doubles here: a client can send any JSON number. */
static void open_doc_version(client *c, const char *relative, double version, const char *text) {
    cJSON *params = cJSON_CreateObject();
    cJSON *document = cJSON_AddObjectToObject(params, "textDocument");
    cJSON_AddStringToObject(document, "uri", uri_of(c, relative));
    cJSON_AddStringToObject(document, "languageId", "sql");
    cJSON_AddNumberToObject(document, "version", version);
    cJSON_AddStringToObject(document, "text", text);
    notify_json(c, "textDocument/didOpen", params);
}

static void open_doc(client *c, const char *relative, const char *text) { open_doc_version(c, relative, 1, text); }

static void close_doc(client *c, const char *relative) {
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(cJSON_AddObjectToObject(params, "textDocument"), "uri", uri_of(c, relative));
    notify_json(c, "textDocument/didClose", params);
}

/* Replaces [line:from, line:to) with text (incremental sync). */
static void change_doc(client *c, const char *relative, int version, int line, int from, int to, const char *text) {
    cJSON *params = cJSON_CreateObject();
    cJSON *document = cJSON_AddObjectToObject(params, "textDocument");
    cJSON_AddStringToObject(document, "uri", uri_of(c, relative));
    cJSON_AddNumberToObject(document, "version", version);
    cJSON *changes = cJSON_AddArrayToObject(params, "contentChanges");
    cJSON *change = cJSON_CreateObject();
    cJSON *range = cJSON_AddObjectToObject(change, "range");
    cJSON *start = cJSON_AddObjectToObject(range, "start");
    cJSON_AddNumberToObject(start, "line", line);
    cJSON_AddNumberToObject(start, "character", from);
    cJSON *end = cJSON_AddObjectToObject(range, "end");
    cJSON_AddNumberToObject(end, "line", line);
    cJSON_AddNumberToObject(end, "character", to);
    cJSON_AddStringToObject(change, "text", text);
    cJSON_AddItemToArray(changes, change);
    notify_json(c, "textDocument/didChange", params);
}

static void replace_doc(client *c, const char *relative, double version, const char *text) {
    cJSON *params = cJSON_CreateObject();
    cJSON *document = cJSON_AddObjectToObject(params, "textDocument");
    cJSON_AddStringToObject(document, "uri", uri_of(c, relative));
    cJSON_AddNumberToObject(document, "version", version);
    cJSON *change = cJSON_CreateObject();
    cJSON_AddStringToObject(change, "text", text);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(params, "contentChanges"), change);
    notify_json(c, "textDocument/didChange", params);
}

static cJSON *position_params(client *c, const char *relative, int line, int character) {
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(cJSON_AddObjectToObject(params, "textDocument"), "uri", uri_of(c, relative));
    cJSON *position = cJSON_AddObjectToObject(params, "position");
    cJSON_AddNumberToObject(position, "line", line);
    cJSON_AddNumberToObject(position, "character", character);
    return params;
}

/* ---- The project on disk ------------------------------------------------------------------------ */

static void write_file(const char *root, const char *relative, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    FILE *file = fopen(path, "wb");
    if (!file) {
        perror(path);
        exit(1);
    }
    fputs(text, file);
    fclose(file);
}

static const char *const SUMMARY = "WITH big AS (\n"
                                   "  SELECT id, amount FROM smelt.ref('orders', limit => 10)\n"
                                   ")\n"
                                   "SELECT b.id, b.amount AS total, c.name\n"
                                   "FROM big AS b\n"
                                   "JOIN raw.customers AS c ON c.id = b.id\n";

static void make_project(char *root) {
    strcpy(root, "/tmp/smelt-lsp-test-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        exit(1);
    }
    char models[300];
    snprintf(models, sizeof models, "%s/models", root);
    mkdir(models, 0755);
    write_file(root, "smelt.yml",
               "name: t\nversion: 1\nmodel_paths: [models]\ndefault_target: dev\ntargets:\n"
               "  dev: { type: duckdb, schema: main }\nmodels:\n  orders: { materialization: table }\n");
    write_file(root, "sources.yml",
               "version: 1\nsources:\n  raw:\n    tables:\n      customers:\n        description: people who buy\n"
               "        columns:\n          - { name: id, type: INTEGER, nullable: false }\n"
               "          - { name: name, type: VARCHAR }\n");
    write_file(root, "models/orders.sql", "SELECT 1 AS id, 2 AS amount\n");
    write_file(root, "models/summary.sql", SUMMARY);
    write_file(root, "models/other.sql", "SELECT * FROM smelt.ref('orders')\n");
}

static void remove_project(const char *root) {
    char command[400];
    snprintf(command, sizeof command, "rm -rf '%s'", root);
    if (system(command) != 0) fprintf(stderr, "could not remove %s\n", root);
}

/* ---- Lifecycle and malformed input -------------------------------------------------------------- */

static void test_lifecycle(void) {
    client c;
    client_start(&c, "/nonexistent");
    cJSON *early = request(&c, "textDocument/hover", "{}");
    CHECK(error_code(early) == -32002); /* ServerNotInitialized */
    cJSON_Delete(early);

    cJSON *init = request(&c, "initialize", "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\",\"utf-16\"]}}}");
    const cJSON *capabilities = lsp_get_object(result_of(init), "capabilities");
    CHECK_STR_EQ(lsp_get_string(capabilities, "positionEncoding"), "utf-8");
    CHECK(cJSON_GetObjectItemCaseSensitive(lsp_get_object(capabilities, "textDocumentSync"), "change")->valueint == 2);
    CHECK(lsp_get_bool(capabilities, "definitionProvider") && lsp_get_bool(capabilities, "hoverProvider"));
    cJSON_Delete(init);
    cJSON *again = request(&c, "initialize", "{\"capabilities\":{}}");
    CHECK(error_code(again) == -32600);
    cJSON_Delete(again);

    cJSON *unknown = request(&c, "textDocument/unknownThing", "{}");
    CHECK(error_code(unknown) == -32601);
    cJSON_Delete(unknown);

    cJSON *shutdown = request(&c, "shutdown", NULL);
    CHECK(shutdown && cJSON_IsNull(result_of(shutdown)));
    cJSON_Delete(shutdown);
    cJSON *after = request(&c, "textDocument/hover", "{}");
    CHECK(error_code(after) == -32600); /* InvalidRequest after shutdown */
    cJSON_Delete(after);
    CHECK(!send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"));
    CHECK(smelt_lsp_server_exit_code(c.server) == 0);
    CHECK(!send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}"));
    client_stop(&c);

    /* exit without shutdown: exit code 1; UTF-16 is the default encoding. */
    client_start(&c, "/nonexistent");
    cJSON *plain = request(&c, "initialize", "{\"capabilities\":{}}");
    CHECK_STR_EQ(lsp_get_string(lsp_get_object(result_of(plain), "capabilities"), "positionEncoding"), "utf-16");
    cJSON_Delete(plain);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
    CHECK(smelt_lsp_server_exit_code(c.server) == 1);
    client_stop(&c);
}

static void test_malformed(void) {
    client c;
    client_start(&c, "/nonexistent");
    initialize(&c, NULL);
    client_clear(&c);
    static const struct {
        const char *text;
        int code;
    } cases[] = {
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", -32700},      /* truncated */
        {"not json at all", -32700},
        {"", -32700},
        {"[1,2,3]", -32600},                                         /* a batch */
        {"42", -32600},
        {"{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"shutdown\"}", -32600}, /* id of the wrong type */
        {"{\"jsonrpc\":\"2.0\",\"id\":7}", -32600},                  /* no method */
        {"{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":12}", -32600},    /* method not a string */
        {"{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"textDocument/hover\",\"params\":\"x\"}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"textDocument/hover\",\"params\":{}}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"textDocument/definition\",\"params\":"
         "{\"textDocument\":{\"uri\":\"file:///nowhere/x.sql\"},\"position\":{\"line\":0,\"character\":0}}}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"textDocument/hover\",\"params\":"
         "{\"textDocument\":{\"uri\":\"file:///nowhere/x.sql\"},\"position\":\"here\"}}", -32602},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        client_clear(&c);
        CHECK(send_text(&c, cases[i].text));
        CHECK(c.count == 1);
        int code = c.count ? error_code(c.inbox[0]) : 0;
        if (code != cases[i].code) fprintf(stderr, "case %zu: expected %d, got %d\n", i, cases[i].code, code);
        CHECK(code == cases[i].code);
    }
    /* Notifications never get answers, known or not, well-formed or not. */
    client_clear(&c);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"$/somethingNew\",\"params\":{}}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"custom/notification\"}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{}}}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":[]}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":{\"uri\":5}}}");
    /* A response to a request of ours (registerCapability) is taken quietly. */
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":\"smelt-1\",\"result\":null}");
    CHECK(c.count == 0);
    cJSON *still = request(&c, "shutdown", NULL);
    CHECK(still && cJSON_IsNull(result_of(still)));
    cJSON_Delete(still);
    client_stop(&c);
}

/* ---- Transport ---------------------------------------------------------------------------------- */

static void test_transport(void) {
    int fds[2];
    CHECK(pipe(fds) == 0);
    const char *input = "Content-Length: 2\r\n\r\n{}"
                        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 7\r\n\r\n[1,2,3]"
                        "X-Other: nothing\r\n\r\n"                    /* no Content-Length */
                        "Content-Length: 9999999999\r\n\r\n"          /* more than the limit... */
                        "Content-Length: 4\n\nnull"                   /* bare LF lines */
                        "Content-Length: 10\r\n\r\n{\"a\":";          /* cut off by the end of input */
    CHECK(write(fds[1], input, strlen(input)) == (ssize_t)strlen(input));
    close(fds[1]);
    smelt_lsp_reader reader;
    smelt_lsp_reader_init(&reader, fds[0]);
    smelt_buf body;
    smelt_buf_init(&body);
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_MESSAGE);
    CHECK(body.len == 2 && memcmp(body.data, "{}", 2) == 0);
    CHECK(smelt_lsp_reader_pending(&reader));
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_MESSAGE);
    CHECK(body.len == 7 && memcmp(body.data, "[1,2,3]", 7) == 0);
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_BAD_HEADER);
    /* ...whose body is read and dropped: here it eats the rest of the input. */
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_EOF);
    CHECK(!smelt_lsp_reader_pending(&reader));
    smelt_lsp_reader_free(&reader);
    close(fds[0]);

    CHECK(pipe(fds) == 0);
    const char *second = "Content-Length: 4\n\nnull\r\n"
                         "Content-Length: 10\r\n\r\n{\"a\":";
    CHECK(write(fds[1], second, strlen(second)) == (ssize_t)strlen(second));
    close(fds[1]);
    smelt_lsp_reader_init(&reader, fds[0]);
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_MESSAGE);
    CHECK(body.len == 4 && memcmp(body.data, "null", 4) == 0);
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_EOF); /* a body cut short */
    smelt_lsp_reader_free(&reader);
    close(fds[0]);

    /* Writing frames it; reading gives the body back. */
    CHECK(pipe(fds) == 0);
    CHECK(smelt_lsp_write_message(fds[1], "{\"x\":1}", 7));
    close(fds[1]);
    smelt_lsp_reader_init(&reader, fds[0]);
    CHECK(smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_MESSAGE);
    CHECK(body.len == 7 && memcmp(body.data, "{\"x\":1}", 7) == 0);
    smelt_lsp_reader_free(&reader);
    close(fds[0]);
    smelt_buf_free(&body);
}

/* The whole server over a pipe pair: a session written at once is answered in order. */
static void test_serve(void) {
    int in[2], out[2];
    CHECK(pipe(in) == 0 && pipe(out) == 0);
    const char *bodies[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}",
        "{oops",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
    };
    smelt_buf input;
    smelt_buf_init(&input);
    for (size_t i = 0; i < 4; i++) smelt_buf_printf(&input, "Content-Length: %zu\r\n\r\n%s", strlen(bodies[i]), bodies[i]);
    CHECK(write(in[1], input.data, input.len) == (ssize_t)input.len);
    close(in[1]);
    smelt_buf_free(&input);
    smelt_lsp_options options = {.threads = 1};
    CHECK(smelt_lsp_serve(in[0], out[1], &options) == 0);
    close(in[0]);
    close(out[1]);
    smelt_lsp_reader reader;
    smelt_lsp_reader_init(&reader, out[0]);
    smelt_buf body;
    smelt_buf_init(&body);
    int responses = 0, parse_errors = 0;
    while (smelt_lsp_read_message(&reader, &body) == SMELT_LSP_READ_MESSAGE) {
        cJSON *message = cJSON_ParseWithLength(body.data, body.len);
        responses++;
        if (error_code(message) == -32700) parse_errors++;
        cJSON_Delete(message);
    }
    CHECK(responses == 3);
    CHECK(parse_errors == 1);
    smelt_buf_free(&body);
    smelt_lsp_reader_free(&reader);
    close(out[0]);
}

/* ---- Positions ---------------------------------------------------------------------------------- */

static void test_positions(void) {
    /* "é" is 2 bytes and 1 UTF-16 unit; "😀" (U+1F600) 4 bytes and 2 units; \xff is invalid. */
    const char *text = "a\xC3\xA9" "b\xF0\x9F\x98\x80" "c\r\nx\xFFy\rlast";
    lsp_lines lines;
    lsp_lines_build(&lines, text, strlen(text));
    lsp_text t = {text, strlen(text), &lines};
    CHECK(lines.count == 3);
    uint32_t line, character;
    lsp_position_of(LSP_UTF16, &t, 8, &line, &character); /* 'c' */
    CHECK(line == 0 && character == 5);
    lsp_position_of(LSP_UTF8, &t, 8, &line, &character);
    CHECK(line == 0 && character == 8);
    lsp_position_of(LSP_UTF32, &t, 8, &line, &character);
    CHECK(line == 0 && character == 4);
    lsp_position_of(LSP_UTF16, &t, 5, &line, &character); /* inside the emoji: its start */
    CHECK(character == 3);
    lsp_position_of(LSP_UTF16, &t, 10, &line, &character); /* between \r and \n: the end of line 0 */
    CHECK(line == 0 && character == 6);
    lsp_position_of(LSP_UTF16, &t, 13, &line, &character); /* 'y' after an invalid byte */
    CHECK(line == 1 && character == 2);
    lsp_position_of(LSP_UTF16, &t, 15, &line, &character); /* after a lone \r */
    CHECK(line == 2 && character == 0);
    CHECK(lsp_offset_of(LSP_UTF16, &t, 0, 5) == 8);
    CHECK(lsp_offset_of(LSP_UTF16, &t, 0, 4) == 4); /* half of a surrogate pair: before it */
    CHECK(lsp_offset_of(LSP_UTF8, &t, 0, 8) == 8);
    CHECK(lsp_offset_of(LSP_UTF16, &t, 0, 99) == 9); /* past the end of the line: its end */
    CHECK(lsp_offset_of(LSP_UTF16, &t, 1, 2) == 13);
    CHECK(lsp_offset_of(LSP_UTF16, &t, 99, 0) == strlen(text));
    lsp_lines_free(&lines);

    char *path = lsp_uri_to_path("file:///tmp/a%20b/c%C3%A9.sql");
    CHECK_STR_EQ(path, "/tmp/a b/c\xC3\xA9.sql");
    char *uri = lsp_path_to_uri(path);
    CHECK_STR_EQ(uri, "file:///tmp/a%20b/c%C3%A9.sql");
    free(uri);
    free(path);
    CHECK(lsp_uri_to_path("untitled:Untitled-1") == NULL);
    path = lsp_uri_to_path("file://localhost/x/y.sql");
    CHECK_STR_EQ(path, "/x/y.sql");
    free(path);

    cJSON *string = lsp_json_string("ok\xFF\xFE!", 5);
    CHECK_STR_EQ(string->valuestring, "ok\xEF\xBF\xBD\xEF\xBF\xBD!");
    cJSON_Delete(string);
}

/* ---- Diagnostics -------------------------------------------------------------------------------- */

static void test_diagnostics(const char *root) {
    client c;
    client_start(&c, root);
    initialize(&c, NULL);
    smelt_lsp_server_idle(c.server);
    CHECK(count_method(&c, "textDocument/publishDiagnostics") == 0); /* a clean project publishes nothing */

    /* Breaking a reference in unsaved text. */
    open_doc(&c, "models/other.sql", "SELECT * FROM smelt.ref('orders')\n");
    smelt_lsp_server_idle(c.server);
    client_clear(&c);
    change_doc(&c, "models/other.sql", 2, 0, 25, 31, "ordrs");
    smelt_lsp_server_idle(c.server);
    int publications;
    cJSON *diagnostics = take_diagnostics(&c, "models/other.sql", &publications);
    CHECK(publications == 1);
    CHECK(cJSON_GetArraySize(diagnostics) == 1 && has_code(diagnostics, "E0303"));
    const cJSON *first = cJSON_GetArrayItem(diagnostics, 0);
    const cJSON *range = lsp_get_object(first, "range");
    CHECK(position_field(range, "start", "line") == 0 && position_field(range, "start", "character") == 24);
    CHECK(position_field(range, "end", "character") == 31);
    CHECK(cJSON_GetObjectItemCaseSensitive(first, "severity")->valueint == 1);
    CHECK(strstr(lsp_get_string(first, "message"), "did you mean 'orders'") != NULL);
    cJSON_Delete(diagnostics);

    /* The quick fix the checker attached. */
    cJSON *params = position_params(&c, "models/other.sql", 0, 26);
    cJSON *range_json = cJSON_CreateObject();
    cJSON_AddItemToObject(range_json, "start", cJSON_Duplicate(lsp_get_object(params, "position"), true));
    cJSON_AddItemToObject(range_json, "end", cJSON_Duplicate(lsp_get_object(params, "position"), true));
    cJSON_AddItemToObject(params, "range", range_json);
    cJSON_AddItemToObject(params, "context", cJSON_CreateObject());
    cJSON *actions = request_json(&c, "textDocument/codeAction", params);
    const cJSON *action = cJSON_GetArrayItem(result_of(actions), 0);
    CHECK_STR_EQ(lsp_get_string(action, "kind"), "quickfix");
    CHECK(action && strstr(lsp_get_string(action, "title"), "orders"));
    const cJSON *edits = cJSON_GetObjectItemCaseSensitive(lsp_get_object(lsp_get_object(action, "edit"), "changes"),
                                                          uri_of(&c, "models/other.sql"));
    CHECK_STR_EQ(lsp_get_string(cJSON_GetArrayItem(edits, 0), "newText"), "'orders'");
    cJSON_Delete(actions);

    /* Coalescing: three edits before the server is idle make one publication, for the last text. */
    change_doc(&c, "models/other.sql", 3, 0, 24, 31, "'x'");
    change_doc(&c, "models/other.sql", 4, 0, 24, 27, "'y'");
    change_doc(&c, "models/other.sql", 5, 0, 24, 27, "'orders'");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "models/other.sql", &publications);
    CHECK(publications == 1);
    CHECK(diagnostics && cJSON_GetArraySize(diagnostics) == 0); /* fixed: cleared */
    cJSON_Delete(diagnostics);
    smelt_lsp_server_idle(c.server);
    CHECK(count_method(&c, "textDocument/publishDiagnostics") == 0); /* nothing changed, nothing sent */

    /* A change in one model breaks another: orders reading summary closes a cycle through summary,
     * whose diagnostics change although its text did not. */
    open_doc(&c, "models/orders.sql", "SELECT 1 AS id, 2 AS amount\n");
    smelt_lsp_server_idle(c.server);
    client_clear(&c);
    replace_doc(&c, "models/orders.sql", 2, "SELECT id, 2 AS amount FROM smelt.ref('summary')\n");
    smelt_lsp_server_idle(c.server);
    cJSON *orders = take_diagnostics(&c, "models/orders.sql", NULL);
    cJSON *summary = take_diagnostics(&c, "models/summary.sql", NULL);
    CHECK(has_code(orders, "E0304") || has_code(summary, "E0304"));
    const cJSON *cycle = has_code(orders, "E0304") ? orders : summary;
    const cJSON *related = lsp_get_array(cJSON_GetArrayItem(cycle, 0), "relatedInformation");
    CHECK(cJSON_GetArraySize(related) == 2);
    cJSON_Delete(orders);
    cJSON_Delete(summary);
    /* Undo: every file that showed the cycle is cleared. */
    replace_doc(&c, "models/orders.sql", 3, "SELECT 1 AS id, 2 AS amount\n");
    smelt_lsp_server_idle(c.server);
    orders = take_diagnostics(&c, "models/orders.sql", NULL);
    summary = take_diagnostics(&c, "models/summary.sql", NULL);
    CHECK(orders == NULL || cJSON_GetArraySize(orders) == 0);
    CHECK(summary == NULL || cJSON_GetArraySize(summary) == 0);
    CHECK(orders || summary);
    cJSON_Delete(orders);
    cJSON_Delete(summary);

    /* An upstream's columns change: the model reading them reports it, though its own text did not
     * change and it is not open. */
    replace_doc(&c, "models/orders.sql", 4, "SELECT 1 AS id\n");
    smelt_lsp_server_idle(c.server);
    summary = take_diagnostics(&c, "models/summary.sql", NULL);
    CHECK(has_code(summary, "E0501"));
    cJSON_Delete(summary);
    /* While messages wait, the edited file is published and the files downstream wait their turn. */
    c.input_waiting = true;
    replace_doc(&c, "models/orders.sql", 5, "SELECT 1 AS id, 2 AS amount FROM smelt.ref('nope')\n");
    smelt_lsp_server_idle(c.server);
    orders = take_diagnostics(&c, "models/orders.sql", NULL);
    CHECK(has_code(orders, "E0303"));
    cJSON_Delete(orders);
    CHECK(take_diagnostics(&c, "models/summary.sql", NULL) == NULL);
    c.input_waiting = false;
    smelt_lsp_server_idle(c.server);
    summary = take_diagnostics(&c, "models/summary.sql", NULL);
    CHECK(summary && cJSON_GetArraySize(summary) == 0);
    cJSON_Delete(summary);
    replace_doc(&c, "models/orders.sql", 6, "SELECT 1 AS id, 2 AS amount\n");
    smelt_lsp_server_idle(c.server);
    orders = take_diagnostics(&c, "models/orders.sql", NULL);
    CHECK(orders && cJSON_GetArraySize(orders) == 0);
    cJSON_Delete(orders);

    /* A new, unsaved file under the model paths is a model; another file can read it at once. */
    replace_doc(&c, "models/other.sql", 6, "SELECT * FROM smelt.ref('fresh')\n");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "models/other.sql", NULL);
    CHECK(has_code(diagnostics, "E0303"));
    cJSON_Delete(diagnostics);
    open_doc(&c, "models/fresh.sql", "SELECT 1 AS one\n");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "models/other.sql", NULL);
    CHECK(diagnostics && cJSON_GetArraySize(diagnostics) == 0);
    cJSON_Delete(diagnostics);
    /* Closing it without saving: it never existed, the reference breaks again. */
    close_doc(&c, "models/fresh.sql");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "models/other.sql", NULL);
    CHECK(has_code(diagnostics, "E0303"));
    cJSON_Delete(diagnostics);

    /* Closing a model reverts it to the disk. */
    close_doc(&c, "models/other.sql");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "models/other.sql", NULL);
    CHECK(diagnostics && cJSON_GetArraySize(diagnostics) == 0);
    cJSON_Delete(diagnostics);

    /* Broken YAML: a diagnostic on sources.yml, no crash, and requests still answered. */
    open_doc(&c, "sources.yml", "version: 1\nsources:\n  raw: [unclosed\n");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "sources.yml", NULL);
    CHECK(has_code(diagnostics, "E0201"));
    cJSON_Delete(diagnostics);
    cJSON *hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 5, 8));
    CHECK(hover && error_code(hover) == 0);
    cJSON_Delete(hover);
    close_doc(&c, "sources.yml");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "sources.yml", NULL);
    CHECK(diagnostics && cJSON_GetArraySize(diagnostics) == 0);
    cJSON_Delete(diagnostics);

    /* A broken smelt.yml the same way. */
    open_doc(&c, "smelt.yml", "name: t\nversion: 1\nmodel_paths: {{{\n");
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "smelt.yml", NULL);
    CHECK(has_code(diagnostics, "E0201"));
    cJSON_Delete(diagnostics);
    close_doc(&c, "smelt.yml");
    smelt_lsp_server_idle(c.server);

    /* Model paths naming no folder leave no model (the walk found nothing: fuzz regression
     * discover-no-model-folder-qsort-null); closing smelt.yml brings them back. */
    open_doc(&c, "smelt.yml", "name: t\nversion: 1\nmodel_paths: [nowhere]\n");
    smelt_lsp_server_idle(c.server);
    hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 1, 40));
    CHECK(error_code(hover) == -32602); /* neither open nor a model any more */
    cJSON_Delete(hover);
    close_doc(&c, "smelt.yml");
    smelt_lsp_server_idle(c.server);
    hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 1, 40));
    CHECK(hover && error_code(hover) == 0);
    cJSON_Delete(hover);
    client_stop(&c);
}

/* Columns are counted in the negotiated encoding: an emoji before a broken reference moves it by
 * two UTF-16 units and four UTF-8 bytes. */
static void test_encodings(const char *root) {
    const char *text = "SELECT '\xF0\x9F\x98\x80' AS e FROM smelt.ref('nope')\n";
    for (int utf8 = 0; utf8 < 2; utf8++) {
        client c;
        client_start(&c, root);
        initialize(&c, utf8 ? "{\"general\":{\"positionEncodings\":[\"utf-8\"]}}" : "{}");
        open_doc(&c, "models/emoji.sql", text);
        smelt_lsp_server_idle(c.server);
        cJSON *diagnostics = take_diagnostics(&c, "models/emoji.sql", NULL);
        const cJSON *range = lsp_get_object(cJSON_GetArrayItem(diagnostics, 0), "range");
        /* 34 bytes before 'nope' (UTF-8); in UTF-16 the 4-byte emoji counts 2 units, so 32. */
        CHECK(position_field(range, "start", "character") == (utf8 ? 34 : 32));
        cJSON_Delete(diagnostics);
        /* A position in the client's units comes back to the same place. */
        cJSON *hover = request_json(&c, "textDocument/hover", position_params(&c, "models/emoji.sql", 0, utf8 ? 36 : 34));
        CHECK(strstr(lsp_get_string(lsp_get_object(result_of(hover), "contents"), "value"), "nope") != NULL);
        cJSON_Delete(hover);
        close_doc(&c, "models/emoji.sql");
        client_stop(&c);
    }
}

/* ---- Requests ----------------------------------------------------------------------------------- */

static void test_navigation(const char *root) {
    client c;
    client_start(&c, root);
    initialize(&c, "{\"textDocument\":{\"hover\":{\"contentFormat\":[\"markdown\"]},"
                   "\"documentSymbol\":{\"hierarchicalDocumentSymbolSupport\":true}}}");
    open_doc(&c, "models/summary.sql", SUMMARY);

    /* smelt.ref('orders') -> models/orders.sql */
    cJSON *definition = request_json(&c, "textDocument/definition", position_params(&c, "models/summary.sql", 1, 38));
    CHECK_STR_EQ(lsp_get_string(result_of(definition), "uri"), uri_of(&c, "models/orders.sql"));
    cJSON_Delete(definition);
    /* raw.customers -> its name in sources.yml (line 4, "      customers:") */
    definition = request_json(&c, "textDocument/definition", position_params(&c, "models/summary.sql", 5, 10));
    CHECK_STR_EQ(lsp_get_string(result_of(definition), "uri"), uri_of(&c, "sources.yml"));
    const cJSON *range = lsp_get_object(result_of(definition), "range");
    CHECK(position_field(range, "start", "line") == 4 && position_field(range, "start", "character") == 6);
    cJSON_Delete(definition);
    /* FROM big -> the CTE */
    definition = request_json(&c, "textDocument/definition", position_params(&c, "models/summary.sql", 4, 6));
    range = lsp_get_object(result_of(definition), "range");
    CHECK(position_field(range, "start", "line") == 0 && position_field(range, "start", "character") == 5);
    cJSON_Delete(definition);
    /* A column -> where its values are made: b.amount (through the CTE) -> `amount` in orders.sql,
     * c.name -> its entry in sources.yml (line 8). */
    definition = request_json(&c, "textDocument/definition", position_params(&c, "models/summary.sql", 3, 15));
    const cJSON *first = cJSON_GetArrayItem(result_of(definition), 0);
    CHECK(cJSON_GetArraySize(result_of(definition)) == 1);
    CHECK_STR_EQ(lsp_get_string(first, "uri"), uri_of(&c, "models/orders.sql"));
    range = lsp_get_object(first, "range");
    CHECK(position_field(range, "start", "line") == 0 && position_field(range, "start", "character") == 21);
    cJSON_Delete(definition);
    definition = request_json(&c, "textDocument/definition", position_params(&c, "models/summary.sql", 3, 34));
    first = cJSON_GetArrayItem(result_of(definition), 0);
    CHECK_STR_EQ(lsp_get_string(first, "uri"), uri_of(&c, "sources.yml"));
    CHECK(position_field(lsp_get_object(first, "range"), "start", "line") == 8);
    cJSON_Delete(definition);
    /* Nothing to go to on a keyword. */
    definition = request_json(&c, "textDocument/definition", position_params(&c, "models/summary.sql", 3, 1));
    CHECK(cJSON_IsNull(result_of(definition)));
    cJSON_Delete(definition);

    /* Every smelt.ref to orders: summary and other, plus the file itself when asked. */
    cJSON *params = position_params(&c, "models/summary.sql", 1, 38);
    cJSON_AddBoolToObject(cJSON_AddObjectToObject(params, "context"), "includeDeclaration", true);
    cJSON *references = request_json(&c, "textDocument/references", params);
    CHECK(cJSON_GetArraySize(result_of(references)) == 3);
    cJSON_Delete(references);
    /* The references of a CTE stay in its file. */
    params = position_params(&c, "models/summary.sql", 0, 6);
    cJSON_AddBoolToObject(cJSON_AddObjectToObject(params, "context"), "includeDeclaration", false);
    references = request_json(&c, "textDocument/references", params);
    CHECK(cJSON_GetArraySize(result_of(references)) == 1);
    cJSON_Delete(references);

    /* Hovers: a model, a source, a parameter. */
    cJSON *hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 1, 38));
    const char *value = lsp_get_string(lsp_get_object(result_of(hover), "contents"), "value");
    CHECK(value && strstr(value, "table") && strstr(value, "downstream: `other`, `summary`") && strstr(value, "upstream: none"));
    /* and its columns as smelt infers them */
    CHECK(value && strstr(value, "| id | INTEGER | no |") && strstr(value, "| amount | INTEGER | no |"));
    CHECK_STR_EQ(lsp_get_string(lsp_get_object(result_of(hover), "contents"), "kind"), "markdown");
    cJSON_Delete(hover);
    hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 5, 10));
    value = lsp_get_string(lsp_get_object(result_of(hover), "contents"), "value");
    CHECK(value && strstr(value, "| id | INTEGER | no |") && strstr(value, "| name | VARCHAR | yes |") &&
          strstr(value, "people who buy"));
    cJSON_Delete(hover);
    hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 1, 46));
    value = lsp_get_string(lsp_get_object(result_of(hover), "contents"), "value");
    CHECK(value && strstr(value, "at most N rows"));
    cJSON_Delete(hover);
    /* Columns: the type smelt inferred and where the values come from, through the CTE. */
    hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 3, 15));
    value = lsp_get_string(lsp_get_object(result_of(hover), "contents"), "value");
    CHECK(value && strstr(value, "**column** `amount` — `INTEGER`, never NULL") && strstr(value, "from model `orders.amount`"));
    cJSON_Delete(hover);
    hover = request_json(&c, "textDocument/hover", position_params(&c, "models/summary.sql", 3, 34));
    value = lsp_get_string(lsp_get_object(result_of(hover), "contents"), "value");
    CHECK(value && strstr(value, "**column** `name` — `VARCHAR`, may be NULL") && strstr(value, "from source `raw.customers.name`"));
    if (value && !strstr(value, "raw.customers.name")) fprintf(stderr, "column hover: %s\n", value);
    cJSON_Delete(hover);

    /* The outline: the CTE with its columns, then the output columns. */
    cJSON *symbols = request_json(&c, "textDocument/documentSymbol", position_params(&c, "models/summary.sql", 0, 0));
    const cJSON *list = result_of(symbols);
    CHECK(cJSON_GetArraySize(list) == 4);
    CHECK_STR_EQ(lsp_get_string(cJSON_GetArrayItem(list, 0), "name"), "big");
    CHECK(cJSON_GetArraySize(lsp_get_array(cJSON_GetArrayItem(list, 0), "children")) == 2);
    CHECK_STR_EQ(lsp_get_string(cJSON_GetArrayItem(list, 1), "name"), "id");
    CHECK_STR_EQ(lsp_get_string(cJSON_GetArrayItem(list, 2), "name"), "total");
    CHECK_STR_EQ(lsp_get_string(cJSON_GetArrayItem(list, 3), "name"), "name");
    cJSON_Delete(symbols);
    client_stop(&c);
}

static bool has_label(const cJSON *completion, const char *label) {
    const cJSON *item;
    cJSON_ArrayForEach(item, lsp_get_array(completion, "items")) {
        const char *value = lsp_get_string(item, "label");
        if (value && strcmp(value, label) == 0) return true;
    }
    return false;
}

static void test_completion(const char *root) {
    client c;
    client_start(&c, root);
    initialize(&c, NULL);
    const char *text = "SELECT * FROM smelt.ref('or\n";
    open_doc(&c, "models/typing.sql", text);
    /* Inside the unfinished string: model names, the closing quote added. */
    cJSON *completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 27));
    const cJSON *items = lsp_get_array(result_of(completion), "items");
    CHECK(has_label(result_of(completion), "orders"));
    CHECK(!has_label(result_of(completion), "summary")); /* does not hold "or" */
    const cJSON *edit = lsp_get_object(cJSON_GetArrayItem(items, 0), "textEdit");
    CHECK_STR_EQ(lsp_get_string(edit, "newText"), "orders'");
    CHECK(position_field(lsp_get_object(edit, "range"), "start", "character") == 25);
    cJSON_Delete(completion);

    /* After a comma inside smelt.ref: the parameters not given yet. */
    replace_doc(&c, "models/typing.sql", 2, "SELECT * FROM smelt.ref('orders', limit => 5, )\n");
    completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 46));
    CHECK(has_label(result_of(completion), "filter") && has_label(result_of(completion), "sample"));
    CHECK(!has_label(result_of(completion), "limit"));
    CHECK(cJSON_GetArraySize(lsp_get_array(result_of(completion), "items")) == 5);
    cJSON_Delete(completion);

    /* After FROM: the sources (qualified outside the target's schema), CTEs, matching models. */
    replace_doc(&c, "models/typing.sql", 3, "WITH w AS (SELECT 1) SELECT * FROM ord\n");
    completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 38));
    CHECK(has_label(result_of(completion), "raw.customers"));
    CHECK(has_label(result_of(completion), "w"));
    CHECK(has_label(result_of(completion), "smelt.ref('orders')"));
    cJSON_Delete(completion);

    /* Elsewhere: nothing (this model reads nothing smelt knows the columns of). */
    completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 3));
    CHECK(cJSON_GetArraySize(lsp_get_array(result_of(completion), "items")) == 0);
    cJSON_Delete(completion);

    /* Columns: after `o.`, the upstream model's with their types; after `c.`, the source's; with
     * no qualifier, both. */
    replace_doc(&c, "models/typing.sql", 4, "SELECT o., c., am FROM smelt.ref('orders') AS o JOIN raw.customers c ON c.id = o.id\n");
    completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 9));
    CHECK(has_label(result_of(completion), "amount") && has_label(result_of(completion), "id"));
    CHECK(!has_label(result_of(completion), "name"));
    CHECK_STR_EQ(lsp_get_string(cJSON_GetArrayItem(lsp_get_array(result_of(completion), "items"), 0), "detail"),
                 "INTEGER — model orders");
    cJSON_Delete(completion);
    completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 13));
    CHECK(has_label(result_of(completion), "name") && !has_label(result_of(completion), "amount"));
    cJSON_Delete(completion);
    completion = request_json(&c, "textDocument/completion", position_params(&c, "models/typing.sql", 0, 17));
    CHECK(has_label(result_of(completion), "name") && has_label(result_of(completion), "amount"));
    edit = lsp_get_object(cJSON_GetArrayItem(lsp_get_array(result_of(completion), "items"), 0), "textEdit");
    CHECK(position_field(lsp_get_object(edit, "range"), "start", "character") == 15); /* replaces "am" */
    cJSON_Delete(completion);
    close_doc(&c, "models/typing.sql");
    client_stop(&c);
}

static void test_rename(const char *root) {
    /* A client that renames files: text edits for every reference and smelt.yml, then the file. */
    client c;
    client_start(&c, root);
    initialize(&c, "{\"workspace\":{\"workspaceEdit\":{\"documentChanges\":true,\"resourceOperations\":[\"rename\"]}}}");
    open_doc(&c, "models/summary.sql", SUMMARY);
    cJSON *prepare = request_json(&c, "textDocument/prepareRename", position_params(&c, "models/summary.sql", 1, 38));
    CHECK_STR_EQ(lsp_get_string(result_of(prepare), "placeholder"), "orders");
    CHECK(position_field(lsp_get_object(result_of(prepare), "range"), "start", "character") == 36);
    cJSON_Delete(prepare);
    prepare = request_json(&c, "textDocument/prepareRename", position_params(&c, "models/summary.sql", 3, 2));
    CHECK(cJSON_IsNull(result_of(prepare)));
    cJSON_Delete(prepare);

    cJSON *params = position_params(&c, "models/summary.sql", 1, 38);
    cJSON_AddStringToObject(params, "newName", "purchases");
    cJSON *rename = request_json(&c, "textDocument/rename", params);
    const cJSON *changes = lsp_get_array(result_of(rename), "documentChanges");
    int text_edits = 0, renames = 0;
    bool config_edited = false;
    const cJSON *change;
    cJSON_ArrayForEach(change, changes) {
        if (lsp_get_string(change, "kind")) {
            CHECK_STR_EQ(lsp_get_string(change, "kind"), "rename");
            CHECK_STR_EQ(lsp_get_string(change, "oldUri"), uri_of(&c, "models/orders.sql"));
            CHECK_STR_EQ(lsp_get_string(change, "newUri"), uri_of(&c, "models/purchases.sql"));
            CHECK(renames == 0 && text_edits > 0); /* the file last */
            renames++;
            continue;
        }
        text_edits++;
        const cJSON *document = lsp_get_object(change, "textDocument");
        const char *uri = lsp_get_string(document, "uri");
        const cJSON *edit = cJSON_GetArrayItem(lsp_get_array(change, "edits"), 0);
        if (strcmp(uri, uri_of(&c, "smelt.yml")) == 0) {
            config_edited = true;
            CHECK_STR_EQ(lsp_get_string(edit, "newText"), "purchases");
        } else {
            CHECK_STR_EQ(lsp_get_string(edit, "newText"), "'purchases'");
        }
        /* Open documents carry their version; others null. */
        const cJSON *version = cJSON_GetObjectItemCaseSensitive(document, "version");
        CHECK(strcmp(uri, uri_of(&c, "models/summary.sql")) == 0 ? cJSON_IsNumber(version) : cJSON_IsNull(version));
    }
    CHECK(text_edits == 3 && renames == 1 && config_edited);
    cJSON_Delete(rename);

    /* Names that cannot be, or are taken. */
    params = position_params(&c, "models/summary.sql", 1, 38);
    cJSON_AddStringToObject(params, "newName", "bad name");
    rename = request_json(&c, "textDocument/rename", params);
    CHECK(error_code(rename) == -32602);
    cJSON_Delete(rename);
    params = position_params(&c, "models/summary.sql", 1, 38);
    cJSON_AddStringToObject(params, "newName", "other");
    rename = request_json(&c, "textDocument/rename", params);
    CHECK(error_code(rename) == -32803);
    cJSON_Delete(rename);
    client_stop(&c);

    /* A client without documentChanges: text edits only, and a message about the file. */
    client_start(&c, root);
    initialize(&c, NULL);
    open_doc(&c, "models/summary.sql", SUMMARY);
    client_clear(&c);
    params = position_params(&c, "models/summary.sql", 1, 38);
    cJSON_AddStringToObject(params, "newName", "purchases");
    rename = request_json(&c, "textDocument/rename", params);
    const cJSON *by_uri = lsp_get_object(result_of(rename), "changes");
    CHECK(cJSON_GetArraySize(by_uri) == 3);
    CHECK(lsp_get_array(by_uri, uri_of(&c, "models/other.sql")) != NULL);
    CHECK(count_method(&c, "window/showMessage") == 1);
    cJSON_Delete(rename);
    client_stop(&c);
}

/* ---- Robustness --------------------------------------------------------------------------------- */

static void test_robustness(const char *root) {
    client c;
    client_start(&c, root);
    initialize(&c, NULL);

    /* A huge model: 4 MB, opened, edited at its end, asked about. */
    smelt_buf big;
    smelt_buf_init(&big);
    smelt_buf_append_cstr(&big, "SELECT\n");
    for (int i = 0; i < 100000; i++) smelt_buf_printf(&big, "  %d AS column_%06d,\n", i, i);
    smelt_buf_append_cstr(&big, "  0 AS last\nFROM smelt.ref('orders')\n");
    open_doc(&c, "models/huge.sql", big.data);
    change_doc(&c, "models/huge.sql", 2, 100002, 16, 22, "nothing");
    smelt_lsp_server_idle(c.server);
    cJSON *diagnostics = take_diagnostics(&c, "models/huge.sql", NULL);
    CHECK(has_code(diagnostics, "E0303"));
    cJSON_Delete(diagnostics);
    cJSON *symbols = request_json(&c, "textDocument/documentSymbol", position_params(&c, "models/huge.sql", 0, 0));
    CHECK(cJSON_GetArraySize(result_of(symbols)) == 100001);
    cJSON_Delete(symbols);
    close_doc(&c, "models/huge.sql");
    smelt_buf_free(&big);

    /* Invalid UTF-8 in the text (a client that sends raw bytes): diagnosed, and what comes back is
     * valid UTF-8. */
    const char *bad = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":"
                      "\"file://%s/models/bad.sql\",\"languageId\":\"sql\",\"version\":1,\"text\":"
                      "\"SELECT '\xff\xfe' AS x FROM smelt.ref('\xff\xc3')\\n\"}}}";
    smelt_buf message;
    smelt_buf_init(&message);
    smelt_buf_printf(&message, bad, root);
    send_text(&c, message.data);
    smelt_buf_free(&message);
    smelt_lsp_server_idle(c.server);
    diagnostics = take_diagnostics(&c, "models/bad.sql", NULL);
    CHECK(has_code(diagnostics, "E0104"));
    CHECK(has_code(diagnostics, "E0303"));
    CHECK(!c.invalid_utf8_seen);
    cJSON_Delete(diagnostics);
    cJSON *hover = request_json(&c, "textDocument/hover", position_params(&c, "models/bad.sql", 0, 38));
    CHECK(hover && error_code(hover) == 0);
    cJSON_Delete(hover);
    close_doc(&c, "models/bad.sql");

    /* Versions no integer holds are taken as none, the next real one counts (fuzz regression
     * document-version-beyond-int64: converting 1e300 was undefined). */
    open_doc_version(&c, "models/versions.sql", 1e300, "SELECT 1 AS x FROM smelt.ref('nope')\n");
    replace_doc(&c, "models/versions.sql", -5e111, "SELECT 2 AS x FROM smelt.ref('nope')\n");
    smelt_lsp_server_idle(c.server);
    CHECK(published_version(&c, "models/versions.sql") == 0);
    replace_doc(&c, "models/versions.sql", 7, "SELECT 3 AS x FROM smelt.ref('nope')\n");
    smelt_lsp_server_idle(c.server);
    CHECK(published_version(&c, "models/versions.sql") == 7);
    close_doc(&c, "models/versions.sql");

    /* Edits with ranges past the end, reversed or absurd: clamped, never a crash. */
    open_doc(&c, "models/odd.sql", "SELECT 1\n");
    change_doc(&c, "models/odd.sql", 2, 500, 0, 9, "x");
    change_doc(&c, "models/odd.sql", 3, 0, 99, 2, "y");
    change_doc(&c, "models/odd.sql", 4, 0, 4000000, 4000000, "z");
    smelt_lsp_server_idle(c.server);
    cJSON *completion = request_json(&c, "textDocument/completion", position_params(&c, "models/odd.sql", 1000, 1000));
    CHECK(completion && error_code(completion) == 0);
    cJSON_Delete(completion);
    /* Every request at every position of a broken text. */
    replace_doc(&c, "models/odd.sql", 5, "WITH a AS (SELECT FROM smelt.ref(, x => ) JOIN\n'unterminated\n");
    static const char *const methods[] = {"textDocument/definition", "textDocument/hover", "textDocument/completion",
                                          "textDocument/references", "textDocument/prepareRename", "textDocument/documentSymbol"};
    int failures = 0;
    for (int line = 0; line < 3; line++) {
        for (int character = 0; character < 50; character += 3) {
            for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
                cJSON *response = request_json(&c, methods[m], position_params(&c, "models/odd.sql", line, character));
                if (!response || error_code(response) != 0) failures++;
                cJSON_Delete(response);
            }
        }
    }
    CHECK(failures == 0);
    smelt_lsp_server_idle(c.server);
    close_doc(&c, "models/odd.sql");

    /* A SQL file outside every project: its own syntax diagnostics, cleared when closed. */
    client_clear(&c);
    cJSON *params = cJSON_CreateObject();
    cJSON *document = cJSON_AddObjectToObject(params, "textDocument");
    cJSON_AddStringToObject(document, "uri", "untitled:Untitled-1");
    cJSON_AddStringToObject(document, "languageId", "sql");
    cJSON_AddNumberToObject(document, "version", 1);
    cJSON_AddStringToObject(document, "text", "SELECT (1 +\n");
    notify_json(&c, "textDocument/didOpen", params);
    smelt_lsp_server_idle(c.server);
    CHECK(count_method(&c, "textDocument/publishDiagnostics") == 1);
    client_stop(&c);
}

int main(void) {
    test_lifecycle();
    test_malformed();
    test_transport();
    test_serve();
    test_positions();
    char root[64];
    make_project(root);
    test_diagnostics(root);
    test_encodings(root);
    test_navigation(root);
    test_completion(root);
    test_rename(root);
    test_robustness(root);
    remove_project(root);
    return TEST_SUMMARY();
}
