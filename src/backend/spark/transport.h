/*
 * transport.h — how HiveServer2 Thrift messages travel: over a TCP socket (binary mode, SASL PLAIN
 * frames or raw NOSASL) or as HTTP POSTs (HTTP mode, Databricks SQL warehouses) through libcurl.
 *
 * A transport carries one call at a time: smelt_spark_transport_call sends a request message and
 * returns the whole reply message. Every wait is bounded — connecting by connect_timeout, each call
 * by request_timeout — so a server that stops answering becomes SMELT_ERR_TIMEOUT, and one that dies
 * becomes SMELT_ERR_CONNECT at once (its socket closes); neither hangs. An interruptible call also
 * returns SMELT_ERR_CANCELLED soon after another thread raises the interrupt. A binary transport
 * whose call failed midway is broken (the byte stream lost its place) and refuses further calls; an
 * HTTP transport stays usable, each call being its own request.
 *
 * Messages name host:port, never a password or token.
 */
#ifndef SMELT_BACKEND_SPARK_TRANSPORT_H
#define SMELT_BACKEND_SPARK_TRANSPORT_H

#include <stdatomic.h>
#include <stdbool.h>

#include "base/status.h"
#include "base/str.h"

typedef enum { SMELT_SPARK_BINARY, SMELT_SPARK_HTTP } smelt_spark_transport_kind;

typedef enum {
    SMELT_SPARK_AUTH_NONE,   /* SASL PLAIN with any user and password (hive.server2.authentication=NONE) */
    SMELT_SPARK_AUTH_NOSASL, /* raw Thrift, no SASL (NOSASL) */
    SMELT_SPARK_AUTH_PLAIN,  /* SASL PLAIN (binary) or HTTP basic (LDAP, CUSTOM) with the given credentials */
    SMELT_SPARK_AUTH_TOKEN,  /* HTTP bearer token (Databricks) */
} smelt_spark_auth;

typedef struct {
    smelt_spark_transport_kind kind;
    smelt_spark_auth auth;
    const char *host;
    int port;
    const char *user, *password, *token; /* secrets: never in messages */
    const char *http_path;               /* HTTP: the path posted to, e.g. "cliservice" */
    bool tls, verify_tls;                /* HTTP: https, and whether to verify the certificate */
    int connect_timeout_ms;
    int request_timeout_ms; /* one call's reply; statements themselves are polled, see hs2.h */
} smelt_spark_options;

/* Raised from another thread to interrupt a running call: a flag and a self-pipe that wakes the
 * waits. Owned by whoever runs the calls; smelt_spark_interrupt_raise is async-signal-safe. */
typedef struct {
    atomic_bool raised;
    int pipe[2];
} smelt_spark_interrupt;

smelt_status smelt_spark_interrupt_init(smelt_spark_interrupt *interrupt);
void smelt_spark_interrupt_destroy(smelt_spark_interrupt *interrupt);
void smelt_spark_interrupt_raise(smelt_spark_interrupt *interrupt);
/* Takes a raised interrupt (lowers it, drains the pipe); true when it was raised. */
bool smelt_spark_interrupt_take(smelt_spark_interrupt *interrupt);
bool smelt_spark_interrupt_raised(smelt_spark_interrupt *interrupt);
/* Sleeps up to milliseconds, waking early (true) when the interrupt is raised. */
bool smelt_spark_interrupt_sleep(smelt_spark_interrupt *interrupt, int milliseconds);

typedef struct smelt_spark_transport smelt_spark_transport;

typedef struct {
    smelt_status (*call)(smelt_spark_transport *transport, const smelt_buf *request, smelt_buf *reply,
                         bool interruptible, int timeout_ms);
    void (*close)(smelt_spark_transport *transport);
} smelt_spark_transport_vtable;

struct smelt_spark_transport {
    const smelt_spark_transport_vtable *vtable;
    bool broken; /* a call failed midway: the stream cannot be trusted any more */
};

/* Connects (and authenticates, for SASL). interrupt may be NULL (nothing interrupts the calls). */
smelt_status smelt_spark_transport_open(const smelt_spark_options *options, smelt_spark_interrupt *interrupt,
                                        smelt_spark_transport **out);
/* Sends request (one Thrift message) and fills reply with one Thrift message. timeout_ms 0 means
 * the options' request_timeout. */
smelt_status smelt_spark_transport_call(smelt_spark_transport *transport, const smelt_buf *request, smelt_buf *reply,
                                        bool interruptible, int timeout_ms);
void smelt_spark_transport_close(smelt_spark_transport *transport); /* NULL-safe */

/* The two kinds, one file each. */
smelt_status smelt_spark_tcp_open(const smelt_spark_options *options, smelt_spark_interrupt *interrupt,
                                  smelt_spark_transport **out);
smelt_status smelt_spark_http_open(const smelt_spark_options *options, smelt_spark_interrupt *interrupt,
                                   smelt_spark_transport **out);

/* Replies larger than this are refused. */
enum { SMELT_SPARK_MAX_REPLY = 256 * 1024 * 1024 };

#endif
