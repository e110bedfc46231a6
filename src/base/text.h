/*
 * text.h — positions in source text: a line index mapping byte offsets to 1-based line and column,
 * and UTF-8 validation.
 *
 * Columns are 1-based byte columns (what compilers print); the LSP converts to UTF-16 or UTF-8 code
 * units itself. The index owns one malloc'd array of line start offsets.
 */
#ifndef SMELT_BASE_TEXT_H
#define SMELT_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t *line_starts; /* line_starts[i] is the byte offset where line i+1 begins */
    size_t line_count;
} smelt_line_index;

void smelt_line_index_build(smelt_line_index *index, const char *text, size_t len);
void smelt_line_index_free(smelt_line_index *index); /* NULL-safe */
/* 1-based line and byte column of offset. */
void smelt_line_index_locate(const smelt_line_index *index, uint32_t offset, uint32_t *line,
                             uint32_t *column);
/* Byte range [start, end) of 1-based line, without its line terminator. */
void smelt_line_index_line_span(const smelt_line_index *index, const char *text, size_t len,
                                uint32_t line, uint32_t *start, uint32_t *end);

/* Length of the valid UTF-8 sequence at text[0..len), or 0 if it is not valid UTF-8. */
size_t smelt_utf8_sequence_length(const unsigned char *text, size_t len);
/* Offset of the first invalid byte, or len when all of text is valid UTF-8. */
size_t smelt_utf8_first_invalid(const char *text, size_t len);

#endif
