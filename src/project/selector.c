/* selector.c — reading dbt-style selectors. */
#include "project/selector.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Reads "N+" / "+" at the start, or "+N" / "+" at the end, of a word. */
static bool parse_one(const char *word, size_t len, smelt_arena *arena, smelt_selector *selector, const char **error) {
    const char *text = smelt_arena_strndup(arena, word, len);
    selector->text = text;
    selector->ancestors = 0;
    selector->descendants = 0;
    size_t start = 0, end = len;
    size_t digits = 0;
    while (digits < len && isdigit((unsigned char)word[digits])) digits++;
    if (digits < len && word[digits] == '+') {
        selector->ancestors = digits ? atoi(text) : SMELT_SELECT_UNLIMITED;
        start = digits + 1;
    }
    size_t tail = end;
    while (tail > start && isdigit((unsigned char)word[tail - 1])) tail--;
    if (tail > start && word[tail - 1] == '+') {
        selector->descendants = tail < end ? atoi(text + tail) : SMELT_SELECT_UNLIMITED;
        end = tail - 1;
    }
    if (end <= start) {
        *error = smelt_arena_printf(arena, "selector '%s' names no model", text);
        return false;
    }
    const char *body = text + start;
    size_t body_len = end - start;
    selector->method = SMELT_SELECT_NAME;
    if (body_len > 4 && strncmp(body, "tag:", 4) == 0) {
        selector->method = SMELT_SELECT_TAG;
        body += 4;
        body_len -= 4;
    } else if (body_len > 5 && strncmp(body, "path:", 5) == 0) {
        selector->method = SMELT_SELECT_PATH;
        body += 5;
        body_len -= 5;
    } else if (memchr(body, ':', body_len)) {
        *error = smelt_arena_printf(arena, "selector '%s' uses a method smelt does not know; use tag: or path:", text);
        return false;
    }
    if (selector->method == SMELT_SELECT_PATH) {
        while (body_len > 2 && body[0] == '.' && body[1] == '/') {
            body += 2;
            body_len -= 2;
        }
        while (body_len > 1 && body[body_len - 1] == '/') body_len--;
    }
    selector->value = smelt_arena_strndup(arena, body, body_len);
    return true;
}

bool smelt_selectors_parse(const char *text, smelt_arena *arena, smelt_selector **out, uint32_t *count,
                           const char **error) {
    *count = 0;
    *error = NULL;
    size_t words = 0;
    for (const char *c = text; *c; c++)
        if (!isspace((unsigned char)*c) && (c == text || isspace((unsigned char)c[-1]))) words++;
    *out = smelt_arena_alloc(arena, (words ? words : 1) * sizeof **out);
    const char *c = text;
    while (*c) {
        while (*c && isspace((unsigned char)*c)) c++;
        const char *word = c;
        while (*c && !isspace((unsigned char)*c)) c++;
        if (c == word) break;
        if (!parse_one(word, (size_t)(c - word), arena, &(*out)[*count], error)) return false;
        (*count)++;
    }
    return true;
}
