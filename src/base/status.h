/*
 * status.h — failures of the world (I/O, engines, network, cancellation), as opposed to problems in
 * the user's input (diagnostics). A function that can fail this way returns a smelt_status and
 * leaves a message in a thread-local slot, read with smelt_status_message(); backends translate their
 * engine's errors at their edge. Codes are stable: never renumber one, only add.
 */
#ifndef SMELT_BASE_STATUS_H
#define SMELT_BASE_STATUS_H

typedef enum {
    SMELT_OK = 0,
    SMELT_ERR_ENGINE = 1,      /* the engine rejected a statement (syntax, binding, constraint, ...) */
    SMELT_ERR_CONNECT = 2,     /* cannot reach or open the engine */
    SMELT_ERR_AUTH = 3,        /* credentials refused */
    SMELT_ERR_CANCELLED = 4,   /* interrupted on request (Ctrl-C) */
    SMELT_ERR_IO = 5,          /* a file could not be read or written */
    SMELT_ERR_LOCKED = 6,      /* another process holds the database */
    SMELT_ERR_TIMEOUT = 7,
    SMELT_ERR_UNSUPPORTED = 8, /* the engine lacks what was asked */
    SMELT_ERR_PROTOCOL = 9,    /* a peer answered something that makes no sense */
} smelt_status;

/* Sets this thread's message (printf-style) and returns status, so call sites can write
 * `return smelt_status_set(SMELT_ERR_IO, "cannot open %s", path);`. */
smelt_status smelt_status_set(smelt_status status, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* This thread's last message ("" when none). Valid until the thread's next smelt_status_set. */
const char *smelt_status_message(void);
const char *smelt_status_name(smelt_status status);

#endif
