/*
 * str.h — string slices and a growable string builder.
 *
 * A smelt_str is a view {ptr, len} into text owned by someone else (a file revision's source, an
 * arena); it is never NUL-terminated by contract. A smelt_buf owns its bytes (malloc) and always keeps
 * a NUL after them so its data can be passed to C APIs.
 */
#ifndef SMELT_BASE_STR_H
#define SMELT_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *ptr;
    size_t len;
} smelt_str;

#define SMELT_STR(literal) ((smelt_str){(literal), sizeof(literal) - 1})

smelt_str smelt_str_from_cstr(const char *text);
bool smelt_str_eq(smelt_str a, smelt_str b);
bool smelt_str_eq_cstr(smelt_str a, const char *b);
/* ASCII case-insensitive comparison, as SQL compares unquoted identifiers. */
bool smelt_str_ieq(smelt_str a, smelt_str b);
bool smelt_str_ieq_cstr(smelt_str a, const char *b);

/* Levenshtein distance between a and b, ASCII case-insensitive, capped at limit + 1 (cheap early
 * exit). For "did you mean" hints. */
size_t smelt_str_edit_distance(smelt_str a, smelt_str b, size_t limit);
/* The candidate closest to word, if close enough to be a likely typo; NULL otherwise. */
const char *smelt_str_suggest(smelt_str word, const char *const *candidates, size_t count);

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} smelt_buf;

void smelt_buf_init(smelt_buf *buf);
void smelt_buf_free(smelt_buf *buf); /* NULL-safe; leaves buf empty and reusable */
void smelt_buf_reserve(smelt_buf *buf, size_t extra);
void smelt_buf_append(smelt_buf *buf, const char *bytes, size_t len);
void smelt_buf_append_str(smelt_buf *buf, smelt_str text);
void smelt_buf_append_cstr(smelt_buf *buf, const char *text);
void smelt_buf_append_char(smelt_buf *buf, char c);
void smelt_buf_printf(smelt_buf *buf, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Appends text as a JSON/C-style quoted string ("a\"b\n"). */
void smelt_buf_append_quoted(smelt_buf *buf, const char *bytes, size_t len);
/* Appends text with each control character (below 0x20, and 0x7f) written as an escape: \n, \r, \t,
 * else \x1b and the like; every other byte as it is. For what the user's file system names (paths,
 * model names) on a terminal, where a raw ESC or line break would recolour, move or forge lines.
 * keep_newlines leaves \n as it is (a message of several lines). */
void smelt_buf_append_printable(smelt_buf *buf, const char *bytes, size_t len, bool keep_newlines);
/* Whether text holds a byte smelt_buf_append_printable would escape (line breaks included). */
bool smelt_has_control_chars(const char *text);
void smelt_buf_clear(smelt_buf *buf);

#endif
