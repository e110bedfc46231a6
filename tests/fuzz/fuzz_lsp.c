/*
 * fuzz_lsp.c — libFuzzer target for the language server: the Content-Length framing, JSON-RPC
 * dispatch and every handler (lifecycle, text synchronisation with arbitrary texts and ranges,
 * definition, references, hover, completion, symbols, rename, code actions, file events), on a
 * small project with sources, CTEs, a broken model and a cycle.
 *
 * The first byte of the input picks the mode and is dropped:
 *   even  "lines": one JSON message body per line, handed to smelt_lsp_server_receive; after each
 *         message the server's idle step runs, told that input waits when more lines follow (so
 *         publishing is interrupted and resumed); an empty line is an idle step with nothing
 *         waiting, as is the step after the last line.
 *   odd   "framed": the rest is the raw byte stream of a client, served by smelt_lsp_serve (the real
 *         loop, reader and writer) from a memory file; what it wrote is read back with the reader.
 *         (A memory file always reads as waiting input, so the loop never goes idle: publishing
 *         diagnostics is the lines mode's part.)
 * Seeds are the sessions of tests/fuzz/seeds/lsp/ in both modes (tests/fuzz/run.sh builds them).
 *
 * What must hold beyond "no crash, no leak, no undefined behaviour":
 *   - everything the server sends is a JSON object, framed so the reader gets it back whole, and
 *     valid UTF-8 as long as everything the client sent was;
 *   - a request (a method and an id) gets exactly one response, a notification none;
 *   - the server never writes a file.
 *
 * The file system: while the server runs, every path it stats, opens or lists is taken inside a
 * scratch folder, as if that folder were "/" (".." stops at it). The link wraps stat, open, fopen,
 * opendir and mkdir (tests/fuzz/run.sh passes -Wl,--wrap=...) and these wrappers do the mapping,
 * so file:///proj/models/orders.sql is <scratch>/proj/models/orders.sql, and no URI, rootPath or
 * model_paths: [../../..] the fuzzer invents can reach a real file. Opening a file for writing or
 * making a folder is a failure.
 */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"
#include "lsp/lsp.h"
#include "lsp/transport.h"

/* ---- The scratch folder -------------------------------------------------------------------------- */

/* The project the sessions talk about: file:///proj/... in the seeds. */
static const struct {
    const char *path;
    const char *text;
} project_files[] = {
    {"proj/smelt.yml", "name: fuzz\nversion: 1\nmodel_paths: [models]\ndefault_target: dev\ntargets:\n"
                       "  dev: { type: duckdb, schema: main }\n"
                       "  prod: { type: duckdb, schema: analytics, database: ${WAREHOUSE:-prod.duckdb} }\n"
                       "models:\n  orders: { materialization: table }\n  recent: { materialization: ephemeral }\n"},
    {"proj/sources.yml", "version: 1\nsources:\n  raw:\n    tables:\n      customers:\n        description: people who buy\n"
                         "        columns:\n          - { name: id, type: INTEGER, nullable: false }\n"
                         "          - { name: name, type: VARCHAR }\n"
                         "      payments:\n        columns:\n          - { name: order_id, type: INTEGER }\n"
                         "          - { name: amount, type: 'DECIMAL(10,2)' }\n"},
    {"proj/models/orders.sql", "SELECT 1 AS id, 2 AS amount, 'paid' AS status, DATE '2024-01-01' AS ordered_at\n"},
    {"proj/models/recent.sql", "SELECT * FROM smelt.ref('orders', filter => ordered_at > DATE '2023-12-01')\n"},
    {"proj/models/summary.sql", "WITH big AS (\n  SELECT id, amount FROM smelt.ref('orders', limit => 10)\n)\n"
                                "SELECT b.id, b.amount AS total, c.name, sum(p.amount) OVER (PARTITION BY c.id) AS paid\n"
                                "FROM big AS b\nJOIN raw.customers AS c ON c.id = b.id\n"
                                "LEFT JOIN raw.payments p ON p.order_id = b.id\n"},
    {"proj/models/staging/stg_customers.sql", "-- one row per customer\nSELECT id, upper(name) AS name FROM raw.customers\n"},
    {"proj/models/broken.sql", "SELECT missing_column, FROM smelt.ref('nowhere') JOIN raw.nothing\n"},
    {"proj/models/cycle_a.sql", "SELECT * FROM smelt.ref('cycle_b')\n"},
    {"proj/models/cycle_b.sql", "SELECT * FROM smelt.ref('cycle_a')\n"},
    {"proj/models/.hidden/ignored.sql", "SELECT 1\n"},
    {"proj/notes.txt", "not a model\n"},
};

static char scratch[256];
static size_t scratch_len;
static bool sandboxed; /* the wrappers map paths only while the server runs */
static int input_fd = -1, output_fd = -1;

/* The real functions behind the wrappers (the linker's --wrap names them __real_*). */
int __real_stat(const char *path, struct stat *info);
int __real_open(const char *path, int flags, ...);
FILE *__real_fopen(const char *path, const char *mode);
DIR *__real_opendir(const char *path);
int __real_mkdir(const char *path, mode_t mode);

static void fail(const char *what, const char *detail, size_t len) {
    fprintf(stderr, "fuzz_lsp: %s: %.*s\n", what, (int)(len > 2000 ? 2000 : len), detail ? detail : "");
    abort();
}

/* path (absolute) as seen inside the scratch folder; false for a relative or too long path. */
static bool map_path(const char *path, char *out, size_t cap) {
    if (!path || path[0] != '/') return false;
    memcpy(out, scratch, scratch_len);
    size_t len = scratch_len;
    for (const char *p = path; *p;) {
        while (*p == '/') p++;
        const char *segment = p;
        while (*p && *p != '/') p++;
        size_t n = (size_t)(p - segment);
        if (n == 0 || (n == 1 && segment[0] == '.')) continue;
        if (n == 2 && segment[0] == '.' && segment[1] == '.') {
            while (len > scratch_len && out[len - 1] != '/') len--;
            if (len > scratch_len) len--;
            continue;
        }
        if (len + n + 2 > cap) return false;
        out[len++] = '/';
        memcpy(out + len, segment, n);
        len += n;
    }
    out[len] = '\0';
    return true;
}

int __wrap_stat(const char *path, struct stat *info) {
    if (!sandboxed) return __real_stat(path, info);
    char real[4096];
    if (!map_path(path, real, sizeof real)) {
        errno = ENOENT;
        return -1;
    }
    return __real_stat(real, info);
}

int __wrap_open(const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list args;
        va_start(args, flags);
        mode = (mode_t)va_arg(args, int);
        va_end(args);
    }
    if (!sandboxed) return __real_open(path, flags, mode);
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
        fail("the server opened a file for writing", path, strlen(path));
    char real[4096];
    if (!map_path(path, real, sizeof real)) {
        errno = ENOENT;
        return -1;
    }
    return __real_open(real, flags);
}

FILE *__wrap_fopen(const char *path, const char *mode) {
    /* libFuzzer writes its crash files with fopen, from a death callback with the server on the
     * stack: writes pass (the server's own go through open and are caught there). */
    if (!sandboxed || (strcmp(mode, "r") != 0 && strcmp(mode, "rb") != 0)) return __real_fopen(path, mode);
    char real[4096];
    if (!map_path(path, real, sizeof real)) {
        errno = ENOENT;
        return NULL;
    }
    return __real_fopen(real, mode);
}

DIR *__wrap_opendir(const char *path) {
    if (!sandboxed) return __real_opendir(path);
    char real[4096];
    if (!map_path(path, real, sizeof real)) {
        errno = ENOENT;
        return NULL;
    }
    return __real_opendir(real);
}

int __wrap_mkdir(const char *path, mode_t mode) {
    if (sandboxed) fail("the server made a folder", path, strlen(path));
    return __real_mkdir(path, mode);
}

static void write_scratch_file(const char *relative, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", scratch, relative);
    for (char *slash = strchr(path + scratch_len + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (__real_mkdir(path, 0755) != 0 && errno != EEXIST) fail("cannot make", path, strlen(path));
        *slash = '/';
    }
    int fd = __real_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len) fail("cannot write", path, strlen(path));
    close(fd);
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *walk) {
    (void)info;
    (void)type;
    (void)walk;
    remove(path);
    return 0;
}

static void remove_scratch(void) {
    if (scratch_len) nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/smelt-fuzz-lsp-XXXXXX", tmp && tmp[0] == '/' && strlen(tmp) < 200 ? tmp : "/tmp");
    if (!mkdtemp(scratch)) fail("mkdtemp", scratch, strlen(scratch));
    scratch_len = strlen(scratch);
    atexit(remove_scratch);
    for (size_t i = 0; i < sizeof project_files / sizeof project_files[0]; i++)
        write_scratch_file(project_files[i].path, project_files[i].text);
    input_fd = memfd_create("lsp-input", MFD_CLOEXEC);
    output_fd = memfd_create("lsp-output", MFD_CLOEXEC);
    if (input_fd < 0 || output_fd < 0) fail("memfd_create", "", 0);
    return 0;
}

/* ---- Checking what the server sends -------------------------------------------------------------- */

typedef struct {
    bool client_utf8; /* everything the client sent so far was valid UTF-8 */
    int responses;    /* responses sent since last counted */
    const uint8_t *rest; /* lines mode: the input not handed over yet */
    size_t rest_len;
} session;

static const char *fake_env(const char *name, void *context) {
    (void)context;
    return strcmp(name, "HOME") == 0 ? "/home/fuzz" : strcmp(name, "WAREHOUSE") == 0 ? "/proj/w.duckdb" : NULL;
}

static void check_sent(session *s, const char *body, size_t len) {
    cJSON *message = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(message)) fail("the server sent something that is not a JSON object", body, len);
    if (s->client_utf8 && smelt_utf8_first_invalid(body, len) != len) fail("the server sent invalid UTF-8", body, len);
    if (!cJSON_GetObjectItemCaseSensitive(message, "method") && cJSON_GetObjectItemCaseSensitive(message, "id")) s->responses++;
    cJSON_Delete(message);
}

static void on_send(void *context, const char *body, size_t len) { check_sent(context, body, len); }

static bool on_input_waiting(void *context) { return ((session *)context)->rest_len > 0; }

/* 1 for a request, 0 for a notification, -1 for anything else (not JSON-RPC: answered with an error
 * unless it looks like a response, not checked). */
static int expected_responses(const char *body, size_t len) {
    cJSON *message = cJSON_ParseWithLength(body, len);
    int expected = -1;
    if (cJSON_IsObject(message) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(message, "method")))
        expected = cJSON_GetObjectItemCaseSensitive(message, "id") ? 1 : 0;
    cJSON_Delete(message);
    return expected;
}

/* ---- The two modes --------------------------------------------------------------------------------- */

static void run_lines(const uint8_t *data, size_t size) {
    session s = {true, 0, data, size};
    smelt_lsp_options options = {.send = on_send, .send_context = &s, .input_waiting = on_input_waiting, .input_context = &s,
                                 .env = fake_env, .threads = 1};
    smelt_lsp_server *server = smelt_lsp_server_new(&options);
    bool running = true;
    while (running && s.rest_len > 0) {
        const uint8_t *newline = memchr(s.rest, '\n', s.rest_len);
        size_t len = newline ? (size_t)(newline - s.rest) : s.rest_len;
        const char *body = (const char *)s.rest;
        s.rest += newline ? len + 1 : len;
        s.rest_len -= newline ? len + 1 : len;
        if (len == 0) {
            const uint8_t *keep = s.rest;
            size_t keep_len = s.rest_len;
            s.rest_len = 0; /* nothing waits: publish everything */
            smelt_lsp_server_idle(server);
            s.rest = keep;
            s.rest_len = keep_len;
            continue;
        }
        if (smelt_utf8_first_invalid(body, len) != len) s.client_utf8 = false;
        int expected = expected_responses(body, len);
        s.responses = 0;
        running = smelt_lsp_server_receive(server, body, len);
        if (expected >= 0 && s.responses != expected)
            fail(expected ? "a request got no response or several" : "a notification got a response", body, len);
        if (running) smelt_lsp_server_idle(server);
    }
    smelt_lsp_server_idle(server);
    smelt_lsp_server_free(server);
}

static void run_framed(const uint8_t *data, size_t size) {
    if (ftruncate(input_fd, 0) != 0 || pwrite(input_fd, data, size, 0) != (ssize_t)size || lseek(input_fd, 0, SEEK_SET) != 0 ||
        ftruncate(output_fd, 0) != 0 || lseek(output_fd, 0, SEEK_SET) != 0)
        fail("cannot reset the memory files", "", 0);
    smelt_lsp_options options = {.env = fake_env, .threads = 1};
    int code = smelt_lsp_serve(input_fd, output_fd, &options);
    if (code != 0 && code != 1) fail("smelt_lsp_serve returned something else than 0 or 1", "", 0);

    /* What it wrote reads back as whole messages, each a JSON object. */
    sandboxed = false;
    if (lseek(output_fd, 0, SEEK_SET) != 0) fail("cannot rewind the output", "", 0);
    session s = {smelt_utf8_first_invalid((const char *)data, size) == size, 0, NULL, 0};
    smelt_lsp_reader reader;
    smelt_lsp_reader_init(&reader, output_fd);
    smelt_buf body;
    smelt_buf_init(&body);
    smelt_lsp_read_result read;
    while ((read = smelt_lsp_read_message(&reader, &body)) == SMELT_LSP_READ_MESSAGE)
        check_sent(&s, body.data ? body.data : "", body.len);
    if (read != SMELT_LSP_READ_EOF || reader.len != 0) fail("the server's output does not frame", "", 0);
    smelt_buf_free(&body);
    smelt_lsp_reader_free(&reader);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    sandboxed = true;
    if (data[0] & 1) run_framed(data + 1, size - 1);
    else run_lines(data + 1, size - 1);
    sandboxed = false;
    return 0;
}
