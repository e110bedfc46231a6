/*
 * test_thrift_transport.c — the HiveServer2 client and its binary transport against a fake server
 * on 127.0.0.1, for what a real Spark will not do on request: NOSASL (raw) framing, a SASL PLAIN
 * server refusing the password, a server that closes the connection in the middle of a reply, one
 * that stops answering (the request timeout), a statement that outlives statement_timeout, a cancel
 * from another thread while the client sleeps between polls and while it waits inside a call (the
 * cancel then travels on a second connection), a reply that is not Thrift, and a connection refused.
 * Each case checks the status code, that the message names host:port, and that nothing hangs.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "backend/spark/hs2.h"
#include "backend/spark/thrift.h"
#include "test.h"

typedef enum {
    FAKE_NORMAL,        /* statements finish after two polls; SELECT returns two rows */
    FAKE_RUN_FOREVER,   /* GetOperationStatus always says RUNNING */
    FAKE_HOLD_STATUS,   /* GetOperationStatus never answers (long polling that never ends) */
    FAKE_CLOSE_MIDWAY,  /* the ExecuteStatement reply stops halfway and the socket closes */
    FAKE_GARBAGE,       /* ExecuteStatement is answered with bytes that are not Thrift */
    FAKE_STATEMENT_ERROR, /* the operation ends in ERROR_STATE */
} fake_mode;

typedef struct {
    int listener;
    int port;
    bool sasl;
    const char *password; /* SASL: the one accepted */
    fake_mode mode;
    atomic_int cancels;   /* CancelOperation calls received */
    atomic_int closes;    /* CloseOperation calls received */
    atomic_int connections;
    atomic_bool stop;
} fake_server;

/* ---- Byte building (independent of the codec under test) ---------------------------------------- */

static void b_u8(smelt_buf *b, unsigned value) { smelt_buf_append_char(b, (char)value); }
static void b_i16(smelt_buf *b, int value) {
    b_u8(b, ((unsigned)value >> 8) & 0xff);
    b_u8(b, (unsigned)value & 0xff);
}
static void b_i32(smelt_buf *b, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) b_u8(b, (value >> shift) & 0xff);
}
static void b_str(smelt_buf *b, const char *text) {
    b_i32(b, (uint32_t)strlen(text));
    smelt_buf_append(b, text, strlen(text));
}
static void b_field(smelt_buf *b, unsigned type, int id) {
    b_u8(b, type);
    b_i16(b, id);
}
static void b_stop(smelt_buf *b) { b_u8(b, 0); }
static void b_reply(smelt_buf *b, const char *method, uint32_t seqid) {
    b_i32(b, 0x80010002u);
    b_str(b, method);
    b_i32(b, seqid);
    b_field(b, 12, 0);
}
static void b_end_reply(smelt_buf *b) {
    b_stop(b);
    b_stop(b);
}
static void b_status_ok(smelt_buf *b) {
    b_field(b, 12, 1);
    b_field(b, 8, 1);
    b_i32(b, 0);
    b_stop(b);
}
static void b_handle(smelt_buf *b, int field) {
    b_field(b, 12, field);
    b_field(b, 11, 1);
    b_str(b, "0123456789abcdef");
    b_field(b, 11, 2);
    b_str(b, "fedcba9876543210");
    b_stop(b);
}

/* ---- The fake server ---------------------------------------------------------------------------- */

static bool read_exactly(int fd, void *out, size_t len) {
    size_t got = 0;
    while (got < len) {
        ssize_t n = recv(fd, (char *)out + got, len - got, 0);
        if (n <= 0) return false;
        got += (size_t)n;
    }
    return true;
}

static bool write_all(int fd, const void *bytes, size_t len) {
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, (const char *)bytes + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += (size_t)n;
    }
    return true;
}

static uint32_t be32(const unsigned char *at) {
    return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | at[3];
}

/* Reads one request message into buf (SASL frame or raw, measured). */
static bool read_request(fake_server *server, int fd, smelt_buf *buf) {
    smelt_buf_clear(buf);
    if (server->sasl) {
        unsigned char header[4];
        if (!read_exactly(fd, header, 4)) return false;
        uint32_t len = be32(header);
        smelt_buf_reserve(buf, len);
        if (!read_exactly(fd, buf->data, len)) return false;
        buf->len = len;
        return true;
    }
    for (;;) {
        char byte;
        if (!read_exactly(fd, &byte, 1)) return false;
        smelt_buf_append(buf, &byte, 1);
        size_t len;
        const char *error;
        smelt_thrift_measure_result measured = smelt_thrift_measure_message(buf->data, buf->len, &len, &error);
        if (measured == SMELT_THRIFT_COMPLETE) return true;
        if (measured == SMELT_THRIFT_MALFORMED) return false;
    }
}

static bool send_reply(fake_server *server, int fd, const smelt_buf *reply) {
    if (server->sasl) {
        unsigned char header[4] = {(unsigned char)(reply->len >> 24), (unsigned char)(reply->len >> 16),
                                   (unsigned char)(reply->len >> 8), (unsigned char)reply->len};
        if (!write_all(fd, header, 4)) return false;
    }
    return write_all(fd, reply->data, reply->len);
}

/* SASL PLAIN: START "PLAIN", then the response; COMPLETE or BAD. */
static bool sasl_handshake(fake_server *server, int fd) {
    unsigned char header[5];
    char payload[512];
    for (int step = 0; step < 2; step++) {
        if (!read_exactly(fd, header, 5)) return false;
        uint32_t len = be32(header + 1);
        if (len >= sizeof payload || !read_exactly(fd, payload, len)) return false;
        payload[len] = '\0';
        if (step == 0 && (header[0] != 1 || strcmp(payload, "PLAIN") != 0)) return false;
        if (step == 1) {
            /* "\0user\0password" */
            const char *user = payload + 1;
            const char *password = user + strlen(user) + 1;
            bool accepted = header[0] == 5 && (size_t)(password - payload) <= len &&
                            strcmp(password, server->password ? server->password : "") == 0;
            smelt_buf answer;
            smelt_buf_init(&answer);
            b_u8(&answer, accepted ? 5 : 3);
            const char *reason = accepted ? "" : "Error validating the login";
            b_str(&answer, reason);
            bool sent = write_all(fd, answer.data, answer.len);
            smelt_buf_free(&answer);
            return sent && accepted;
        }
    }
    return false;
}

typedef struct {
    fake_server *server;
    int fd;
} connection_arg;

static void *serve_connection(void *argument) {
    connection_arg *arg = argument;
    fake_server *server = arg->server;
    int fd = arg->fd;
    free(arg);
    smelt_buf request, reply;
    smelt_buf_init(&request);
    smelt_buf_init(&reply);
    int polls = 0;
    if (server->sasl && !sasl_handshake(server, fd)) goto done;
    while (!atomic_load(&server->stop) && read_request(server, fd, &request)) {
        smelt_thrift_reader reader;
        smelt_thrift_reader_init(&reader, request.data, request.len);
        smelt_str name;
        smelt_thrift_message_type type;
        int32_t seqid;
        if (!smelt_thrift_read_message_begin(&reader, &name, &type, &seqid)) break;
        char method[64];
        snprintf(method, sizeof method, "%.*s", (int)name.len, name.ptr);
        smelt_buf_clear(&reply);
        b_reply(&reply, method, (uint32_t)seqid);
        b_status_ok(&reply);
        if (strcmp(method, "OpenSession") == 0) {
            b_field(&reply, 8, 2);
            b_i32(&reply, 9);
            b_field(&reply, 12, 3);
            b_handle(&reply, 1);
            b_stop(&reply);
        } else if (strcmp(method, "ExecuteStatement") == 0) {
            if (server->mode == FAKE_GARBAGE) {
                smelt_buf_clear(&reply);
                smelt_buf_append_cstr(&reply, "HTTP/1.1 400 Bad Request\r\n\r\n");
                send_reply(server, fd, &reply);
                continue;
            }
            b_field(&reply, 12, 2);
            b_handle(&reply, 1);
            b_field(&reply, 8, 2);
            b_i32(&reply, 0);
            b_field(&reply, 2, 3);
            b_u8(&reply, 1);
            b_stop(&reply);
            if (server->mode == FAKE_CLOSE_MIDWAY) {
                b_end_reply(&reply);
                reply.len /= 2;
                send_reply(server, fd, &reply);
                break;
            }
            polls = 0;
        } else if (strcmp(method, "GetOperationStatus") == 0) {
            if (server->mode == FAKE_HOLD_STATUS) {
                /* Never answer; wait for the client to go away. */
                char byte;
                while (recv(fd, &byte, 1, 0) > 0) {
                }
                break;
            }
            polls++;
            int state = server->mode == FAKE_RUN_FOREVER || polls < 3 ? SMELT_HS2_RUNNING
                        : server->mode == FAKE_STATEMENT_ERROR      ? SMELT_HS2_ERROR_STATE
                                                                    : SMELT_HS2_FINISHED;
            b_field(&reply, 8, 2);
            b_i32(&reply, (uint32_t)state);
            if (state == SMELT_HS2_ERROR_STATE) {
                b_field(&reply, 11, 5);
                b_str(&reply, "Error running query: [DIVIDE_BY_ZERO] Division by zero.");
            }
        } else if (strcmp(method, "GetResultSetMetadata") == 0) {
            b_field(&reply, 12, 2);
            b_field(&reply, 15, 1);
            b_u8(&reply, 12);
            b_i32(&reply, 1);
            b_field(&reply, 11, 1);
            b_str(&reply, "n");
            b_field(&reply, 12, 2);
            b_field(&reply, 15, 1);
            b_u8(&reply, 12);
            b_i32(&reply, 1);
            b_field(&reply, 12, 1);
            b_field(&reply, 8, 1);
            b_i32(&reply, SMELT_HS2_INT_TYPE);
            b_stop(&reply);
            b_stop(&reply);
            b_stop(&reply);
            b_field(&reply, 8, 3);
            b_i32(&reply, 1);
            b_stop(&reply);
            b_stop(&reply);
        } else if (strcmp(method, "FetchResults") == 0) {
            /* Two rows the first time (7 and NULL), none after. */
            bool first = polls >= 0;
            polls = -1;
            b_field(&reply, 12, 3);
            b_field(&reply, 15, 3);
            b_u8(&reply, 12);
            b_i32(&reply, 1);
            b_field(&reply, 12, 4);
            b_field(&reply, 15, 1);
            b_u8(&reply, 8);
            b_i32(&reply, first ? 2 : 0);
            if (first) {
                b_i32(&reply, 7);
                b_i32(&reply, 0);
            }
            b_field(&reply, 11, 2);
            b_str(&reply, first ? "\x02" : "");
            b_stop(&reply);
            b_stop(&reply);
            b_stop(&reply);
        } else if (strcmp(method, "CancelOperation") == 0) {
            atomic_fetch_add(&server->cancels, 1);
        } else if (strcmp(method, "CloseOperation") == 0) {
            atomic_fetch_add(&server->closes, 1);
        }
        b_end_reply(&reply);
        if (!send_reply(server, fd, &reply)) break;
    }
done:
    close(fd);
    smelt_buf_free(&request);
    smelt_buf_free(&reply);
    return NULL;
}

static void *accept_loop(void *argument) {
    fake_server *server = argument;
    for (;;) {
        int fd = accept(server->listener, NULL, NULL);
        if (fd < 0 || atomic_load(&server->stop)) {
            if (fd >= 0) close(fd);
            return NULL;
        }
        atomic_fetch_add(&server->connections, 1);
        connection_arg *arg = malloc(sizeof *arg);
        arg->server = server;
        arg->fd = fd;
        pthread_t thread;
        pthread_create(&thread, NULL, serve_connection, arg);
        pthread_detach(thread);
    }
}

static pthread_t start_fake(fake_server *server, bool sasl, fake_mode mode) {
    memset(server, 0, sizeof *server);
    server->sasl = sasl;
    server->password = "secret";
    server->mode = mode;
    server->listener = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(server->listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(server->listener, (struct sockaddr *)&address, sizeof address);
    socklen_t len = sizeof address;
    getsockname(server->listener, (struct sockaddr *)&address, &len);
    server->port = ntohs(address.sin_port);
    listen(server->listener, 8);
    pthread_t thread;
    pthread_create(&thread, NULL, accept_loop, server);
    return thread;
}

static void stop_fake(fake_server *server, pthread_t thread) {
    atomic_store(&server->stop, true);
    shutdown(server->listener, SHUT_RDWR);
    close(server->listener);
    pthread_join(thread, NULL);
}

static smelt_spark_options options_for(const fake_server *server, bool sasl, const char *password) {
    smelt_spark_options options = {0};
    options.kind = SMELT_SPARK_BINARY;
    options.auth = sasl ? SMELT_SPARK_AUTH_PLAIN : SMELT_SPARK_AUTH_NOSASL;
    options.host = "127.0.0.1";
    options.port = server->port;
    options.user = "ann";
    options.password = password;
    options.connect_timeout_ms = 2000;
    options.request_timeout_ms = 2000;
    return options;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool message_has(const char *text) {
    bool found = strstr(smelt_status_message(), text) != NULL;
    if (!found) fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", smelt_status_message(), text);
    return found;
}

/* ---- Cases -------------------------------------------------------------------------------------- */

/* A whole query over both framings: rows, NULL from the bitmap, operations closed. */
static void test_query(bool sasl) {
    fake_server server;
    pthread_t thread = start_fake(&server, sasl, FAKE_NORMAL);
    smelt_spark_options options = options_for(&server, sasl, "secret");
    smelt_hs2_client *client = NULL;
    smelt_status status = smelt_hs2_client_open(&options, NULL, 0, 0, &client);
    if (status != SMELT_OK) fprintf(stderr, "  open: %s\n", smelt_status_message());
    CHECK(status == SMELT_OK);
    if (client) {
        smelt_hs2_table table;
        smelt_hs2_table_init(&table);
        CHECK(smelt_hs2_client_execute(client, "SELECT n", &table, NULL) == SMELT_OK);
        CHECK(table.column_count == 1 && table.row_count == 2);
        if (table.row_count == 2) {
            CHECK_STR_EQ(table.cells[0], "7");
            CHECK(table.cells[1] == NULL);
            CHECK_STR_EQ(table.columns[0].type_name, "INT");
        }
        smelt_hs2_table_free(&table);
        /* Without a table nothing is fetched. */
        CHECK(smelt_hs2_client_execute(client, "CREATE VIEW v AS SELECT 1", NULL, NULL) == SMELT_OK);
        CHECK(atomic_load(&server.closes) == 2);
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

static void test_wrong_password(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, true, FAKE_NORMAL);
    smelt_spark_options options = options_for(&server, true, "guess");
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_ERR_AUTH && client == NULL);
    CHECK(message_has("refused the credentials of user 'ann'") && message_has("Error validating the login"));
    CHECK(!strstr(smelt_status_message(), "guess"));
    stop_fake(&server, thread);
}

/* NOSASL client, SASL server: the server reads our message as a SASL header and gives up. */
static void test_framing_mismatch(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, true, FAKE_NORMAL);
    smelt_spark_options options = options_for(&server, false, NULL);
    smelt_hs2_client *client = NULL;
    double started = now_s();
    smelt_status status = smelt_hs2_client_open(&options, NULL, 0, 0, &client);
    CHECK(status != SMELT_OK && client == NULL);
    CHECK(now_s() - started < 3.0);
    stop_fake(&server, thread);

    /* SASL client, NOSASL server: it cannot read our handshake as Thrift and closes. */
    thread = start_fake(&server, false, FAKE_NORMAL);
    options = options_for(&server, true, "secret");
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_ERR_CONNECT);
    CHECK(message_has("set auth: nosasl"));
    stop_fake(&server, thread);
}

static void test_closed_midway(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, true, FAKE_CLOSE_MIDWAY);
    smelt_spark_options options = options_for(&server, true, "secret");
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_OK);
    if (client) {
        double started = now_s();
        CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_CONNECT);
        CHECK(message_has("lost the connection") && message_has("127.0.0.1:"));
        CHECK(now_s() - started < 1.0);
        /* Later statements fail at once. */
        CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_CONNECT && message_has("lost earlier"));
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

static void test_garbage(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, false, FAKE_GARBAGE);
    smelt_spark_options options = options_for(&server, false, NULL);
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_OK);
    if (client) {
        CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_PROTOCOL && message_has("malformed"));
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

static void test_request_timeout(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, true, FAKE_HOLD_STATUS);
    smelt_spark_options options = options_for(&server, true, "secret");
    options.request_timeout_ms = 300;
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_OK);
    if (client) {
        double started = now_s();
        CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_TIMEOUT);
        CHECK(message_has("did not answer"));
        CHECK(now_s() - started < 2.0);
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

static void test_statement_timeout(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, true, FAKE_RUN_FOREVER);
    smelt_spark_options options = options_for(&server, true, "secret");
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 1000, &client) == SMELT_OK);
    if (client) {
        double started = now_s();
        CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_TIMEOUT);
        double took = now_s() - started;
        CHECK(took >= 0.9 && took < 2.0);
        CHECK(message_has("statement_timeout (1 s)"));
        CHECK(atomic_load(&server.cancels) == 1);
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

static void test_statement_error(void) {
    fake_server server;
    pthread_t thread = start_fake(&server, false, FAKE_STATEMENT_ERROR);
    smelt_spark_options options = options_for(&server, false, NULL);
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_OK);
    if (client) {
        CHECK(smelt_hs2_client_execute(client, "SELECT 1/0", NULL, NULL) == SMELT_ERR_ENGINE);
        CHECK(message_has("DIVIDE_BY_ZERO"));
        CHECK(atomic_load(&server.closes) == 1);
        /* The session is still usable after a statement error. */
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

typedef struct {
    smelt_hs2_client *client;
    int delay_ms;
} cancel_arg;

static void *cancel_later(void *argument) {
    cancel_arg *arg = argument;
    struct timespec pause = {arg->delay_ms / 1000, (long)(arg->delay_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    smelt_hs2_client_cancel(arg->client);
    return NULL;
}

/* Cancel while polling (between calls) and while blocked inside a call (server holding its reply). */
static void test_cancel(fake_mode mode) {
    fake_server server;
    pthread_t thread = start_fake(&server, true, mode);
    smelt_spark_options options = options_for(&server, true, "secret");
    options.request_timeout_ms = 10000;
    smelt_hs2_client *client = NULL;
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_OK);
    if (client) {
        cancel_arg arg = {client, 200};
        pthread_t canceller;
        pthread_create(&canceller, NULL, cancel_later, &arg);
        double started = now_s();
        CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_CANCELLED);
        double took = now_s() - started;
        CHECK(took < 2.0);
        pthread_join(canceller, NULL);
        CHECK(atomic_load(&server.cancels) == 1);
        /* Held in a call: the cancel went over a second connection. */
        if (mode == FAKE_HOLD_STATUS) CHECK(atomic_load(&server.connections) == 2);
        /* A cancel between statements fails the next one, once. */
        if (mode == FAKE_RUN_FOREVER) {
            smelt_hs2_client_cancel(client);
            CHECK(smelt_hs2_client_execute(client, "SELECT 1", NULL, NULL) == SMELT_ERR_CANCELLED);
        }
        smelt_hs2_client_close(client);
    }
    stop_fake(&server, thread);
}

static void test_refused(void) {
    /* A port nothing listens on: bind one, close it, connect to it. */
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(probe, (struct sockaddr *)&address, sizeof address);
    socklen_t len = sizeof address;
    getsockname(probe, (struct sockaddr *)&address, &len);
    close(probe);
    fake_server none = {0};
    none.port = ntohs(address.sin_port);
    smelt_spark_options options = options_for(&none, true, "secret");
    smelt_hs2_client *client = NULL;
    char where[32];
    snprintf(where, sizeof where, "127.0.0.1:%d", none.port);
    CHECK(smelt_hs2_client_open(&options, NULL, 0, 0, &client) == SMELT_ERR_CONNECT);
    CHECK(message_has("connection refused") && message_has(where));
}

int main(void) {
    test_query(true);
    test_query(false);
    test_wrong_password();
    test_framing_mismatch();
    test_closed_midway();
    test_garbage();
    test_request_timeout();
    test_statement_timeout();
    test_statement_error();
    test_cancel(FAKE_RUN_FOREVER);
    test_cancel(FAKE_HOLD_STATUS);
    test_refused();
    return TEST_SUMMARY();
}
