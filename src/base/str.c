/* str.c — slices and the string builder. */
#include "base/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

smelt_str smelt_str_from_cstr(const char *text) { return (smelt_str){text, strlen(text)}; }

bool smelt_str_eq(smelt_str a, smelt_str b) {
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool smelt_str_eq_cstr(smelt_str a, const char *b) { return smelt_str_eq(a, smelt_str_from_cstr(b)); }

static char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

bool smelt_str_ieq(smelt_str a, smelt_str b) {
    if (a.len != b.len) return false;
    for (size_t i = 0; i < a.len; i++)
        if (ascii_lower(a.ptr[i]) != ascii_lower(b.ptr[i])) return false;
    return true;
}

bool smelt_str_ieq_cstr(smelt_str a, const char *b) { return smelt_str_ieq(a, smelt_str_from_cstr(b)); }

size_t smelt_str_edit_distance(smelt_str a, smelt_str b, size_t limit) {
    /* Optimal string alignment: insertions, deletions, substitutions and swaps of two neighbouring
     * letters each cost one ("tabel" is one typo away from "table"). Three rows of the matrix,
     * rotated rather than copied, over texts lowered once: "did you mean" runs this against every
     * model name of a project for each unknown reference. */
    if (a.len > b.len + limit || b.len > a.len + limit) return limit + 1;
    if (b.len > 255 || a.len > 255 + limit) return limit + 1;
    char x[256 + 8], y[256];
    for (size_t i = 0; i < a.len; i++) x[i] = ascii_lower(a.ptr[i]);
    for (size_t j = 0; j < b.len; j++) y[j] = ascii_lower(b.ptr[j]);
    size_t rows[3][256];
    size_t *before = rows[0], *previous = rows[1], *row = rows[2];
    for (size_t j = 0; j <= b.len; j++) previous[j] = j;
    for (size_t i = 1; i <= a.len; i++) {
        row[0] = i;
        size_t best = row[0];
        char xi = x[i - 1];
        for (size_t j = 1; j <= b.len; j++) {
            char yj = y[j - 1];
            size_t value = previous[j - 1] + (xi != yj);
            if (previous[j] + 1 < value) value = previous[j] + 1;
            if (row[j - 1] + 1 < value) value = row[j - 1] + 1;
            if (i > 1 && j > 1 && xi == y[j - 2] && x[i - 2] == yj && before[j - 2] + 1 < value) value = before[j - 2] + 1;
            row[j] = value;
            if (value < best) best = value;
        }
        if (best > limit) return limit + 1;
        size_t *oldest = before;
        before = previous;
        previous = row;
        row = oldest;
    }
    return previous[b.len];
}

const char *smelt_str_suggest(smelt_str word, const char *const *candidates, size_t count) {
    /* A typo is at most a third of the word's letters (at least one, at most three). */
    size_t limit = word.len / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < count; i++) {
        size_t distance = smelt_str_edit_distance(word, smelt_str_from_cstr(candidates[i]), limit);
        if (distance < best_distance) {
            best = candidates[i];
            best_distance = distance;
        }
    }
    return best;
}

void smelt_buf_init(smelt_buf *buf) {
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
}

void smelt_buf_free(smelt_buf *buf) {
    if (!buf) return;
    free(buf->data);
    smelt_buf_init(buf);
}

void smelt_buf_reserve(smelt_buf *buf, size_t extra) {
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap) return;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need) cap *= 2;
    buf->data = smelt_xrealloc(buf->data, cap);
    buf->cap = cap;
}

void smelt_buf_append(smelt_buf *buf, const char *bytes, size_t len) {
    smelt_buf_reserve(buf, len);
    if (len) memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void smelt_buf_append_str(smelt_buf *buf, smelt_str text) { smelt_buf_append(buf, text.ptr, text.len); }

void smelt_buf_append_cstr(smelt_buf *buf, const char *text) { smelt_buf_append(buf, text, strlen(text)); }

void smelt_buf_append_char(smelt_buf *buf, char c) { smelt_buf_append(buf, &c, 1); }

void smelt_buf_printf(smelt_buf *buf, const char *format, ...) {
    va_list args;
    va_start(args, format);
    va_list again;
    va_copy(again, args);
    int len = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (len > 0) {
        smelt_buf_reserve(buf, (size_t)len);
        vsnprintf(buf->data + buf->len, (size_t)len + 1, format, again);
        buf->len += (size_t)len;
    }
    va_end(again);
}

void smelt_buf_append_quoted(smelt_buf *buf, const char *bytes, size_t len) {
    smelt_buf_append_char(buf, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        switch (c) {
        case '"': smelt_buf_append(buf, "\\\"", 2); break;
        case '\\': smelt_buf_append(buf, "\\\\", 2); break;
        case '\n': smelt_buf_append(buf, "\\n", 2); break;
        case '\r': smelt_buf_append(buf, "\\r", 2); break;
        case '\t': smelt_buf_append(buf, "\\t", 2); break;
        default:
            if (c < 0x20 || c == 0x7f) smelt_buf_printf(buf, "\\u%04x", c);
            else smelt_buf_append_char(buf, (char)c);
        }
    }
    smelt_buf_append_char(buf, '"');
}

static bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

void smelt_buf_append_printable(smelt_buf *buf, const char *bytes, size_t len, bool keep_newlines) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (!is_control(c) || (c == '\n' && keep_newlines)) smelt_buf_append_char(buf, (char)c);
        else if (c == '\n') smelt_buf_append(buf, "\\n", 2);
        else if (c == '\r') smelt_buf_append(buf, "\\r", 2);
        else if (c == '\t') smelt_buf_append(buf, "\\t", 2);
        else smelt_buf_printf(buf, "\\x%02x", c);
    }
}

bool smelt_has_control_chars(const char *text) {
    for (const char *c = text; c && *c; c++)
        if (is_control((unsigned char)*c)) return true;
    return false;
}

void smelt_buf_clear(smelt_buf *buf) {
    buf->len = 0;
    if (buf->data) buf->data[0] = '\0';
}
