/* transport.c — Content-Length framing over file descriptors (see transport.h). */
#include "lsp/transport.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"

/* A header block longer than this is garbage, not a header. */
#define MAX_HEADER_BLOCK ((size_t)64 << 10)

void smelt_lsp_reader_init(smelt_lsp_reader *reader, int fd) {
    memset(reader, 0, sizeof *reader);
    reader->fd = fd;
}

void smelt_lsp_reader_free(smelt_lsp_reader *reader) {
    if (!reader) return;
    free(reader->data);
    reader->data = NULL;
    reader->start = reader->len = reader->cap = 0;
}

/* Reads what the descriptor has (at least one byte, blocking). Returns false at the end of input. */
static bool fill(smelt_lsp_reader *reader) {
    if (reader->eof) return false;
    if (reader->start > 0 && reader->start + reader->len + 4096 > reader->cap) {
        memmove(reader->data, reader->data + reader->start, reader->len);
        reader->start = 0;
    }
    if (reader->start + reader->len + 4096 > reader->cap) {
        reader->cap = reader->cap ? reader->cap * 2 : 65536;
        while (reader->start + reader->len + 4096 > reader->cap) reader->cap *= 2;
        reader->data = smelt_xrealloc(reader->data, reader->cap);
    }
    for (;;) {
        ssize_t got = read(reader->fd, reader->data + reader->start + reader->len,
                           reader->cap - reader->start - reader->len);
        if (got > 0) {
            reader->len += (size_t)got;
            return true;
        }
        if (got < 0 && errno == EINTR) continue;
        reader->eof = true;
        return false;
    }
}

static void consume(smelt_lsp_reader *reader, size_t count) {
    reader->start += count;
    reader->len -= count;
    if (reader->len == 0) reader->start = 0;
}

/* The length of the header block including its blank line, or 0 when it is not complete. Lines
 * may end in CRLF (the protocol) or a bare LF (hand-written input). */
static size_t header_block_length(const char *data, size_t len) {
    for (size_t i = 0; i + 1 < len; i++) {
        if (data[i] != '\n') continue;
        if (data[i + 1] == '\n') return i + 2;
        if (data[i + 1] == '\r' && i + 2 < len && data[i + 2] == '\n') return i + 3;
    }
    return 0;
}

static bool header_name_is(const char *line, size_t len, const char *name) {
    size_t n = strlen(name);
    if (len < n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != name[i]) return false;
    }
    return true;
}

/* Finds "Content-Length: N" among the header lines; false when it is missing or not a number. */
static bool parse_content_length(const char *block, size_t len, size_t *out) {
    bool found = false;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && block[end] != '\n') end++;
        const char *line = block + i;
        size_t line_len = end - i;
        if (header_name_is(line, line_len, "content-length:")) {
            size_t p = strlen("content-length:");
            while (p < line_len && (line[p] == ' ' || line[p] == '\t')) p++;
            size_t value = 0, digits = 0;
            while (p < line_len && line[p] >= '0' && line[p] <= '9') {
                if (value > (SIZE_MAX - 9) / 10) return false;
                value = value * 10 + (size_t)(line[p] - '0');
                p++;
                digits++;
            }
            while (p < line_len && (line[p] == ' ' || line[p] == '\t' || line[p] == '\r')) p++;
            if (digits == 0 || p != line_len) return false;
            *out = value;
            found = true;
        }
        i = end + 1;
    }
    return found;
}

smelt_lsp_read_result smelt_lsp_read_message(smelt_lsp_reader *reader, smelt_buf *body) {
    size_t header;
    for (;;) {
        /* Blank lines between messages are tolerated. */
        while (reader->len && (reader->data[reader->start] == '\r' || reader->data[reader->start] == '\n'))
            consume(reader, 1);
        header = header_block_length(reader->data ? reader->data + reader->start : "", reader->len);
        if (header) break;
        if (reader->len > MAX_HEADER_BLOCK) {
            consume(reader, reader->len);
            return SMELT_LSP_READ_BAD_HEADER;
        }
        if (!fill(reader)) return SMELT_LSP_READ_EOF;
    }
    size_t length = 0;
    bool valid = parse_content_length(reader->data + reader->start, header, &length);
    consume(reader, header);
    if (!valid) return SMELT_LSP_READ_BAD_HEADER;
    if (length > SMELT_LSP_MAX_BODY) {
        /* Read the oversized body and drop it, so the next message starts where it should. */
        while (length > 0) {
            if (reader->len == 0 && !fill(reader)) return SMELT_LSP_READ_EOF;
            size_t take = reader->len < length ? reader->len : length;
            consume(reader, take);
            length -= take;
        }
        return SMELT_LSP_READ_BAD_HEADER;
    }
    while (reader->len < length)
        if (!fill(reader)) return SMELT_LSP_READ_EOF;
    smelt_buf_clear(body);
    smelt_buf_append(body, reader->data + reader->start, length);
    consume(reader, length);
    return SMELT_LSP_READ_MESSAGE;
}

bool smelt_lsp_reader_pending(smelt_lsp_reader *reader) {
    if (reader->len > 0) return true;
    if (reader->eof) return false;
    struct pollfd poller = {reader->fd, POLLIN, 0};
    int ready;
    do ready = poll(&poller, 1, 0);
    while (ready < 0 && errno == EINTR);
    return ready > 0;
}

static bool write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t wrote = write(fd, data, len);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return false;
        data += wrote;
        len -= (size_t)wrote;
    }
    return true;
}

bool smelt_lsp_write_message(int fd, const char *body, size_t len) {
    smelt_buf framed;
    smelt_buf_init(&framed);
    smelt_buf_printf(&framed, "Content-Length: %zu\r\n\r\n", len);
    smelt_buf_append(&framed, body, len);
    bool ok = write_all(fd, framed.data, framed.len);
    smelt_buf_free(&framed);
    return ok;
}
