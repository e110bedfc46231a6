/*
 * transport.h — LSP base protocol framing: a header block ("Content-Length: N", optionally
 * "Content-Type: ..."), an empty line, then N bytes of JSON.
 *
 * The reader keeps what it has read beyond the current message, and can say whether another message
 * is already waiting (buffered or readable without blocking): the server loop uses that to process
 * every queued message before it recomputes diagnostics. Malformed headers never desynchronise it
 * for good: a header block without a usable Content-Length is skipped and reported as such, and a
 * body larger than the limit is read and thrown away.
 */
#ifndef SMELT_LSP_TRANSPORT_H
#define SMELT_LSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/str.h"

/* Bodies above this are discarded: no editor sends a 256 MB document to a SQL server. */
#define SMELT_LSP_MAX_BODY ((size_t)256 << 20)

typedef struct {
    int fd;
    char *data;
    size_t start, len, cap; /* unread bytes are data[start .. start+len) */
    bool eof;
} smelt_lsp_reader;

typedef enum {
    SMELT_LSP_READ_MESSAGE, /* body holds one message */
    SMELT_LSP_READ_BAD_HEADER, /* a header block without a valid Content-Length, or a body too large */
    SMELT_LSP_READ_EOF,     /* the input ended (or failed) */
} smelt_lsp_read_result;

void smelt_lsp_reader_init(smelt_lsp_reader *reader, int fd);
void smelt_lsp_reader_free(smelt_lsp_reader *reader);
/* Blocks until one message is read. */
smelt_lsp_read_result smelt_lsp_read_message(smelt_lsp_reader *reader, smelt_buf *body);
/* Whether input is waiting: bytes already buffered, or readable on the descriptor right now. */
bool smelt_lsp_reader_pending(smelt_lsp_reader *reader);

/* Writes one framed message; returns false when the output is gone. */
bool smelt_lsp_write_message(int fd, const char *body, size_t len);

#endif
