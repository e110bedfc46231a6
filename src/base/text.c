/* text.c — line index and UTF-8 validation. */
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

void smelt_line_index_build(smelt_line_index *index, const char *text, size_t len) {
    size_t cap = 64;
    size_t count = 0;
    uint32_t *starts = smelt_xmalloc(cap * sizeof *starts);
    starts[count++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n') continue;
        if (count == cap) {
            cap *= 2;
            starts = smelt_xrealloc(starts, cap * sizeof *starts);
        }
        starts[count++] = (uint32_t)(i + 1);
    }
    index->line_starts = starts;
    index->line_count = count;
}

void smelt_line_index_free(smelt_line_index *index) {
    if (!index) return;
    free(index->line_starts);
    index->line_starts = NULL;
    index->line_count = 0;
}

void smelt_line_index_locate(const smelt_line_index *index, uint32_t offset, uint32_t *line,
                             uint32_t *column) {
    size_t low = 0, high = index->line_count;
    /* Find the last line whose start is <= offset. */
    while (high - low > 1) {
        size_t mid = low + (high - low) / 2;
        if (index->line_starts[mid] <= offset) low = mid;
        else high = mid;
    }
    *line = (uint32_t)low + 1;
    *column = offset - index->line_starts[low] + 1;
}

void smelt_line_index_line_span(const smelt_line_index *index, const char *text, size_t len,
                                uint32_t line, uint32_t *start, uint32_t *end) {
    if (line == 0 || line > index->line_count) {
        *start = *end = (uint32_t)len;
        return;
    }
    uint32_t from = index->line_starts[line - 1];
    uint32_t to = line < index->line_count ? index->line_starts[line] : (uint32_t)len;
    while (to > from && (text[to - 1] == '\n' || text[to - 1] == '\r')) to--;
    *start = from;
    *end = to;
}

size_t smelt_utf8_sequence_length(const unsigned char *s, size_t len) {
    if (len == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t need;
    unsigned int min;
    unsigned int cp;
    if ((c & 0xE0) == 0xC0) { need = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { need = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { need = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (len < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Reject overlong forms, surrogates and code points past U+10FFFF. */
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}

size_t smelt_utf8_first_invalid(const char *text, size_t len) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        /* SQL is mostly ASCII: skip eight bytes at a time while no high bit is set. */
        if (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (!(word & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) { i++; continue; }
        size_t n = smelt_utf8_sequence_length(s + i, len - i);
        if (n == 0) return i;
        i += n;
    }
    return len;
}
