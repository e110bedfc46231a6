/* transport.c — choosing a transport, and the interrupt that wakes a waiting call (see transport.h). */
#include "backend/spark/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

smelt_status smelt_spark_interrupt_init(smelt_spark_interrupt *interrupt) {
    atomic_init(&interrupt->raised, false);
    interrupt->pipe[0] = interrupt->pipe[1] = -1;
    if (pipe(interrupt->pipe) != 0)
        return smelt_status_set(SMELT_ERR_IO, "cannot create a pipe for cancelling statements: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(interrupt->pipe[i], F_SETFL, fcntl(interrupt->pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(interrupt->pipe[i], F_SETFD, FD_CLOEXEC);
    }
    return SMELT_OK;
}

void smelt_spark_interrupt_destroy(smelt_spark_interrupt *interrupt) {
    for (int i = 0; i < 2; i++) {
        if (interrupt->pipe[i] >= 0) close(interrupt->pipe[i]);
        interrupt->pipe[i] = -1;
    }
}

void smelt_spark_interrupt_raise(smelt_spark_interrupt *interrupt) {
    atomic_store(&interrupt->raised, true);
    char byte = 1;
    /* A full pipe already wakes the waiter: the write may fail harmlessly. */
    ssize_t written = write(interrupt->pipe[1], &byte, 1);
    (void)written;
}

bool smelt_spark_interrupt_take(smelt_spark_interrupt *interrupt) {
    bool raised = atomic_exchange(&interrupt->raised, false);
    char bytes[64];
    while (read(interrupt->pipe[0], bytes, sizeof bytes) > 0) {
    }
    return raised;
}

bool smelt_spark_interrupt_raised(smelt_spark_interrupt *interrupt) { return atomic_load(&interrupt->raised); }

bool smelt_spark_interrupt_sleep(smelt_spark_interrupt *interrupt, int milliseconds) {
    if (atomic_load(&interrupt->raised)) return true;
    struct pollfd wake = {interrupt->pipe[0], POLLIN, 0};
    poll(&wake, 1, milliseconds);
    return atomic_load(&interrupt->raised);
}

smelt_status smelt_spark_transport_open(const smelt_spark_options *options, smelt_spark_interrupt *interrupt,
                                        smelt_spark_transport **out) {
    *out = NULL;
    return options->kind == SMELT_SPARK_HTTP ? smelt_spark_http_open(options, interrupt, out)
                                             : smelt_spark_tcp_open(options, interrupt, out);
}

smelt_status smelt_spark_transport_call(smelt_spark_transport *transport, const smelt_buf *request, smelt_buf *reply,
                                        bool interruptible, int timeout_ms) {
    return transport->vtable->call(transport, request, reply, interruptible, timeout_ms);
}

void smelt_spark_transport_close(smelt_spark_transport *transport) {
    if (transport) transport->vtable->close(transport);
}
