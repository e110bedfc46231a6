/* status.c — the thread-local message behind smelt_status. */
#include "base/status.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char status_message[2048];

smelt_status smelt_status_set(smelt_status status, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(status_message, sizeof status_message, format, args);
    va_end(args);
    return status;
}

const char *smelt_status_message(void) { return status_message; }

const char *smelt_status_name(smelt_status status) {
    switch (status) {
    case SMELT_OK: return "ok";
    case SMELT_ERR_ENGINE: return "engine error";
    case SMELT_ERR_CONNECT: return "connection error";
    case SMELT_ERR_AUTH: return "authentication error";
    case SMELT_ERR_CANCELLED: return "cancelled";
    case SMELT_ERR_IO: return "I/O error";
    case SMELT_ERR_LOCKED: return "database locked";
    case SMELT_ERR_TIMEOUT: return "timeout";
    case SMELT_ERR_UNSUPPORTED: return "unsupported";
    case SMELT_ERR_PROTOCOL: return "protocol error";
    }
    return "error";
}
