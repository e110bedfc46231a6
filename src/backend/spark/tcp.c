/*
 * tcp.c — HiveServer2's binary transport: Thrift over a TCP socket, in SASL frames (authentication
 * NONE, LDAP, CUSTOM: PLAIN mechanism) or raw (NOSASL).
 *
 * The socket is non-blocking and every wait is a poll() on it and on the interrupt's pipe, with a
 * deadline, so connecting, the SASL handshake and each call end on time, on a dead peer, or on
 * cancel. A reply's end is found by measuring the Thrift message (thrift.h) as bytes arrive — in
 * SASL mode after each frame, in NOSASL mode as the stream grows — so no call waits for bytes that
 * will never come. A call that fails midway breaks the transport: the stream's position is lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "backend/spark/sasl.h"
#include "backend/spark/thrift.h"
#include "backend/spark/transport.h"
#include "base/arena.h"

typedef struct {
    smelt_spark_transport base;
    int fd;
    bool sasl;
    smelt_spark_interrupt *interrupt;
    int request_timeout_ms;
    char peer[300];  /* host:port, for messages */
    smelt_buf input; /* bytes received and not yet consumed */
    smelt_buf frame; /* a request wrapped in its SASL frame */
} tcp_transport;

static const smelt_spark_transport_vtable tcp_vtable;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef enum { WAIT_READY, WAIT_TIMEOUT, WAIT_INTERRUPTED, WAIT_ERROR } wait_result;

/* Waits until fd has `events`, the deadline passes, or (when interruptible) the interrupt is raised. */
static wait_result wait_for(tcp_transport *t, short events, double deadline, bool interruptible) {
    for (;;) {
        if (interruptible && t->interrupt && smelt_spark_interrupt_raised(t->interrupt)) return WAIT_INTERRUPTED;
        double left = deadline - now_ms();
        if (left <= 0) return WAIT_TIMEOUT;
        struct pollfd fds[2] = {{t->fd, events, 0}, {-1, POLLIN, 0}};
        nfds_t count = 1;
        if (interruptible && t->interrupt) {
            fds[1].fd = t->interrupt->pipe[0];
            count = 2;
        }
        int ready = poll(fds, count, left > 1e6 ? 1000000 : (int)left + 1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            return WAIT_ERROR;
        }
        if (ready == 0) continue;
        if (fds[0].revents) return WAIT_READY; /* also POLLERR/POLLHUP: the next I/O call says what */
        /* Only the pipe: loop to look at the flag (a stale byte without the flag is ignored). */
        if (!(interruptible && t->interrupt && smelt_spark_interrupt_raised(t->interrupt))) {
            char bytes[16];
            while (read(t->interrupt->pipe[0], bytes, sizeof bytes) > 0) {
            }
        }
    }
}

/* The status for a failed wait or I/O call; marks the transport broken. */
static smelt_status failure(tcp_transport *t, wait_result result, int error, const char *doing, int timeout_ms) {
    t->base.broken = true;
    switch (result) {
    case WAIT_TIMEOUT:
        return smelt_status_set(SMELT_ERR_TIMEOUT, "the Spark Thrift Server at %s did not answer within %d s (%s)", t->peer,
                                (timeout_ms + 999) / 1000, doing);
    case WAIT_INTERRUPTED: return smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
    default: break;
    }
    if (error == 0 || error == ECONNRESET || error == EPIPE)
        return smelt_status_set(SMELT_ERR_CONNECT,
                                "lost the connection to the Spark Thrift Server at %s: it closed the connection while %s "
                                "(did the server stop?)",
                                t->peer, doing);
    return smelt_status_set(SMELT_ERR_CONNECT, "lost the connection to the Spark Thrift Server at %s while %s: %s", t->peer,
                            doing, strerror(error));
}

static smelt_status send_all(tcp_transport *t, const char *bytes, size_t len, double deadline, bool interruptible,
                             const char *doing, int timeout_ms) {
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(t->fd, bytes + sent, len - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            wait_result waited = wait_for(t, POLLOUT, deadline, interruptible);
            if (waited != WAIT_READY) return failure(t, waited, 0, doing, timeout_ms);
            continue;
        }
        return failure(t, WAIT_ERROR, n < 0 ? errno : 0, doing, timeout_ms);
    }
    return SMELT_OK;
}

/* Appends at least one more byte from the socket to t->input. */
static smelt_status receive_more(tcp_transport *t, double deadline, bool interruptible, const char *doing,
                                 int timeout_ms) {
    if (t->input.len >= SMELT_SPARK_MAX_REPLY) {
        t->base.broken = true;
        return smelt_status_set(SMELT_ERR_PROTOCOL, "the Spark Thrift Server at %s sent a reply larger than 256 MiB", t->peer);
    }
    for (;;) {
        smelt_buf_reserve(&t->input, 65536);
        ssize_t n = recv(t->fd, t->input.data + t->input.len, t->input.cap - t->input.len - 1, 0);
        if (n > 0) {
            t->input.len += (size_t)n;
            t->input.data[t->input.len] = '\0';
            return SMELT_OK;
        }
        if (n == 0) return failure(t, WAIT_ERROR, 0, doing, timeout_ms);
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return failure(t, WAIT_ERROR, errno, doing, timeout_ms);
        wait_result waited = wait_for(t, POLLIN, deadline, interruptible);
        if (waited != WAIT_READY) return failure(t, waited, 0, doing, timeout_ms);
    }
}

static void consume_input(tcp_transport *t, size_t n) {
    memmove(t->input.data, t->input.data + n, t->input.len - n);
    t->input.len -= n;
}

/* ---- SASL PLAIN handshake ----------------------------------------------------------------------- */

static smelt_status sasl_handshake(tcp_transport *t, const char *user, const char *password, double deadline,
                                   int timeout_ms) {
    static const char doing[] = "authenticating (SASL)";
    smelt_buf start;
    smelt_buf_init(&start);
    smelt_sasl_write_plain_start(&start, user, password);
    smelt_status status = send_all(t, start.data, start.len, deadline, true, doing, timeout_ms);
    memset(start.data, 0, start.len); /* it holds the password */
    smelt_buf_free(&start);
    if (status != SMELT_OK) return status;
    for (;;) {
        smelt_sasl_status sasl;
        smelt_str payload;
        size_t consumed;
        const char *error;
        smelt_sasl_parse_result parsed = smelt_sasl_parse_message(t->input.data ? t->input.data : "", t->input.len, &sasl,
                                                                  &payload, &consumed, &error);
        if (parsed == SMELT_SASL_INVALID) {
            t->base.broken = true;
            return smelt_status_set(SMELT_ERR_PROTOCOL, "the server at %s answered the SASL handshake oddly: %s", t->peer, error);
        }
        if (parsed == SMELT_SASL_NEED_MORE) {
            status = receive_more(t, deadline, true, doing, timeout_ms);
            if (status == SMELT_ERR_CONNECT)
                return smelt_status_set(SMELT_ERR_CONNECT,
                                        "the server at %s closed the connection during the SASL handshake; if it runs "
                                        "with hive.server2.authentication=NOSASL, set auth: nosasl in the target",
                                        t->peer);
            if (status != SMELT_OK) return status;
            continue;
        }
        int shown = (int)(payload.len > 500 ? 500 : payload.len);
        if (sasl == SMELT_SASL_BAD || sasl == SMELT_SASL_ERROR) {
            t->base.broken = true;
            return smelt_status_set(SMELT_ERR_AUTH, "the Spark Thrift Server at %s refused the credentials of user '%s': %.*s",
                                    t->peer, user, shown, payload.ptr);
        }
        if (sasl != SMELT_SASL_COMPLETE) {
            t->base.broken = true;
            return smelt_status_set(SMELT_ERR_PROTOCOL,
                                    "the server at %s asked for another SASL step, which PLAIN does not have", t->peer);
        }
        consume_input(t, consumed);
        return SMELT_OK;
    }
}

/* ---- Calls -------------------------------------------------------------------------------------- */

/* In NOSASL mode, a reply that starts like a SASL message means the server wants SASL. */
static bool looks_like_sasl(const smelt_buf *input) {
    return input->len >= 5 && (unsigned char)input->data[0] >= SMELT_SASL_START &&
           (unsigned char)input->data[0] <= SMELT_SASL_COMPLETE;
}

static smelt_status tcp_call(smelt_spark_transport *handle, const smelt_buf *request, smelt_buf *reply,
                             bool interruptible, int timeout_ms) {
    tcp_transport *t = (tcp_transport *)handle;
    static const char doing[] = "waiting for its reply";
    smelt_buf_clear(reply);
    if (t->base.broken)
        return smelt_status_set(SMELT_ERR_CONNECT, "the connection to the Spark Thrift Server at %s was lost earlier", t->peer);
    if (timeout_ms <= 0) timeout_ms = t->request_timeout_ms;
    double deadline = now_ms() + timeout_ms;
    smelt_status status;
    if (t->sasl) {
        smelt_buf_clear(&t->frame);
        smelt_sasl_write_frame(&t->frame, request->data, request->len);
        status = send_all(t, t->frame.data, t->frame.len, deadline, interruptible, "sending a request", timeout_ms);
    } else {
        status = send_all(t, request->data, request->len, deadline, interruptible, "sending a request", timeout_ms);
    }
    if (status != SMELT_OK) return status;

    /* SASL mode: payloads of whole frames accumulate in reply until they hold a message; NOSASL:
     * the stream itself is measured. */
    size_t measured_at = 0;
    for (;;) {
        const char *error = NULL;
        size_t message_len = 0;
        if (t->sasl) {
            smelt_str payload;
            size_t consumed;
            smelt_sasl_parse_result parsed =
                smelt_sasl_parse_frame(t->input.data ? t->input.data : "", t->input.len, &payload, &consumed, &error);
            if (parsed == SMELT_SASL_INVALID) {
                t->base.broken = true;
                return smelt_status_set(SMELT_ERR_PROTOCOL, "the Spark Thrift Server at %s sent a bad frame: %s", t->peer, error);
            }
            if (parsed == SMELT_SASL_PARSED) {
                smelt_buf_append(reply, payload.ptr, payload.len);
                consume_input(t, consumed);
                smelt_thrift_measure_result measured =
                    smelt_thrift_measure_message(reply->data, reply->len, &message_len, &error);
                if (measured == SMELT_THRIFT_COMPLETE) {
                    if (message_len != reply->len) {
                        t->base.broken = true;
                        return smelt_status_set(SMELT_ERR_PROTOCOL,
                                                "the Spark Thrift Server at %s sent bytes after its reply", t->peer);
                    }
                    return SMELT_OK;
                }
                if (measured == SMELT_THRIFT_MALFORMED) {
                    t->base.broken = true;
                    return smelt_status_set(SMELT_ERR_PROTOCOL, "the Spark Thrift Server at %s sent a malformed reply: %s",
                                            t->peer, error);
                }
                if (reply->len > SMELT_SPARK_MAX_REPLY) {
                    t->base.broken = true;
                    return smelt_status_set(SMELT_ERR_PROTOCOL, "the Spark Thrift Server at %s sent a reply larger than 256 MiB",
                                            t->peer);
                }
                continue;
            }
        } else if (t->input.len > 0 && t->input.len >= 2 * measured_at) {
            /* Measuring re-reads the stream from its start, so it runs when the input has doubled
             * (and when nothing more is waiting, below): linear time for any reply size. */
            measured_at = t->input.len;
            smelt_thrift_measure_result measured =
                smelt_thrift_measure_message(t->input.data, t->input.len, &message_len, &error);
            if (measured == SMELT_THRIFT_COMPLETE) {
                smelt_buf_append(reply, t->input.data, message_len);
                consume_input(t, message_len);
                return SMELT_OK;
            }
            if (measured == SMELT_THRIFT_MALFORMED) {
                t->base.broken = true;
                if (looks_like_sasl(&t->input))
                    return smelt_status_set(SMELT_ERR_PROTOCOL,
                                            "the server at %s expects SASL, not NOSASL: set auth: none (or ldap, with user "
                                            "and password) in the target",
                                            t->peer);
                return smelt_status_set(SMELT_ERR_PROTOCOL, "the Spark Thrift Server at %s sent a malformed reply: %s", t->peer,
                                        error);
            }
        }
        size_t before = t->input.len;
        status = receive_more(t, deadline, interruptible, doing, timeout_ms);
        if (status != SMELT_OK) {
            if (!t->sasl && looks_like_sasl(&t->input))
                return smelt_status_set(SMELT_ERR_PROTOCOL,
                                        "the server at %s expects SASL, not NOSASL: set auth: none (or ldap, with user and "
                                        "password) in the target",
                                        t->peer);
            return status;
        }
        /* NOSASL: when the bytes come in small pieces, measure again once no more are waiting. */
        if (!t->sasl && t->input.len - before < 65536) measured_at = t->input.len / 2;
    }
}

static void tcp_close(smelt_spark_transport *handle) {
    tcp_transport *t = (tcp_transport *)handle;
    if (t->fd >= 0) close(t->fd);
    smelt_buf_free(&t->input);
    smelt_buf_free(&t->frame);
    free(t);
}

static const smelt_spark_transport_vtable tcp_vtable = {tcp_call, tcp_close};

/* ---- Connecting --------------------------------------------------------------------------------- */

/* Connects to one resolved address within the deadline; returns 0 or an errno value (ETIMEDOUT,
 * EINTR for an interrupt). */
static int connect_one(tcp_transport *t, const struct addrinfo *address, double deadline) {
    t->fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (t->fd < 0) return errno;
    fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
    int yes = 1;
    setsockopt(t->fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    int error = 0;
    if (connect(t->fd, address->ai_addr, address->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            error = errno;
        } else {
            wait_result waited = wait_for(t, POLLOUT, deadline, true);
            if (waited == WAIT_TIMEOUT) error = ETIMEDOUT;
            else if (waited == WAIT_INTERRUPTED) error = EINTR;
            else {
                socklen_t len = sizeof error;
                if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
            }
        }
    }
    if (error) {
        close(t->fd);
        t->fd = -1;
    }
    return error;
}

smelt_status smelt_spark_tcp_open(const smelt_spark_options *options, smelt_spark_interrupt *interrupt,
                                  smelt_spark_transport **out) {
    *out = NULL;
    tcp_transport *t = calloc(1, sizeof *t);
    if (!t) smelt_out_of_memory();
    t->base.vtable = &tcp_vtable;
    t->fd = -1;
    t->sasl = options->auth != SMELT_SPARK_AUTH_NOSASL;
    t->interrupt = interrupt;
    t->request_timeout_ms = options->request_timeout_ms;
    snprintf(t->peer, sizeof t->peer, "%s:%d", options->host, options->port);
    smelt_buf_init(&t->input);
    smelt_buf_init(&t->frame);

    smelt_status status = SMELT_OK;
    double deadline = now_ms() + options->connect_timeout_ms;
    char port[16];
    snprintf(port, sizeof port, "%d", options->port);
    struct addrinfo hints = {0}, *addresses = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int resolved = getaddrinfo(options->host, port, &hints, &addresses);
    if (resolved != 0) {
        status = smelt_status_set(SMELT_ERR_CONNECT, "cannot connect to the Spark Thrift Server at %s: cannot resolve host '%s': %s",
                                  t->peer, options->host, gai_strerror(resolved));
        goto fail;
    }
    int error = ECONNREFUSED;
    for (const struct addrinfo *a = addresses; a; a = a->ai_next) {
        error = connect_one(t, a, deadline);
        if (error == 0 || error == ETIMEDOUT || error == EINTR) break;
    }
    freeaddrinfo(addresses);
    if (error == EINTR) {
        status = smelt_status_set(SMELT_ERR_CANCELLED, "cancelled while connecting to %s", t->peer);
        goto fail;
    }
    if (error == ETIMEDOUT) {
        status = smelt_status_set(SMELT_ERR_TIMEOUT, "cannot connect to the Spark Thrift Server at %s: no answer within %d s",
                                  t->peer, (options->connect_timeout_ms + 999) / 1000);
        goto fail;
    }
    if (error == ECONNREFUSED) {
        status = smelt_status_set(SMELT_ERR_CONNECT,
                                  "cannot connect to the Spark Thrift Server at %s: connection refused (is the server "
                                  "running, and are host and port right?)",
                                  t->peer);
        goto fail;
    }
    if (error) {
        status = smelt_status_set(SMELT_ERR_CONNECT, "cannot connect to the Spark Thrift Server at %s: %s", t->peer, strerror(error));
        goto fail;
    }
    if (t->sasl) {
        const char *user = options->user && *options->user ? options->user : "smelt";
        const char *password = options->password ? options->password : "";
        status = sasl_handshake(t, user, password, deadline, options->connect_timeout_ms);
        if (status != SMELT_OK) goto fail;
    }
    *out = &t->base;
    return SMELT_OK;
fail:
    tcp_close(&t->base);
    return status;
}
