/*
 * protocol.c — the small vocabulary every request shares: line tables and position conversion in
 * the negotiated encoding, JSON strings that are always valid UTF-8, file URIs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "lsp/lsp_internal.h"

void lsp_fail(lsp_error *error, int code, const char *format, ...) {
    error->code = code;
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
}

/* ---- Lines and positions ------------------------------------------------------------------------ */

void lsp_lines_build(lsp_lines *lines, const char *text, size_t len) {
    uint32_t cap = 64, count = 0;
    uint32_t *starts = smelt_xmalloc(cap * sizeof *starts);
    starts[count++] = 0;
    for (size_t i = 0; i < len; i++) {
        /* LSP ends lines at \n, \r\n and a lone \r alike. */
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
        else if (text[i] != '\n' && text[i] != '\r') continue;
        if (count == cap) {
            cap *= 2;
            starts = smelt_xrealloc(starts, cap * sizeof *starts);
        }
        starts[count++] = (uint32_t)(i + 1);
    }
    lines->starts = starts;
    lines->count = count;
}

void lsp_lines_free(lsp_lines *lines) {
    if (!lines) return;
    free(lines->starts);
    lines->starts = NULL;
    lines->count = 0;
}

/* The byte where line's content ends (before its terminator). */
static uint32_t line_end(const lsp_text *text, uint32_t line) {
    uint32_t end = line + 1 < text->lines->count ? text->lines->starts[line + 1] : (uint32_t)text->len;
    uint32_t start = text->lines->starts[line];
    if (end > start && text->text[end - 1] == '\n') end--;
    if (end > start && text->text[end - 1] == '\r') end--;
    return end;
}

/* The length in bytes of the character at s and how many code units it counts for. An invalid
 * byte is one character (editors show it as U+FFFD, one UTF-16 unit). */
static uint32_t character_at(lsp_encoding encoding, const char *s, size_t available, uint32_t *units) {
    size_t bytes = smelt_utf8_sequence_length((const unsigned char *)s, available);
    if (bytes == 0) bytes = 1;
    if (encoding == LSP_UTF8) *units = (uint32_t)bytes;
    else if (encoding == LSP_UTF16) *units = bytes == 4 ? 2 : 1;
    else *units = 1;
    return (uint32_t)bytes;
}

void lsp_position_of(lsp_encoding encoding, const lsp_text *text, uint32_t offset, uint32_t *line, uint32_t *character) {
    if (offset > text->len) offset = (uint32_t)text->len;
    const uint32_t *starts = text->lines->starts;
    uint32_t low = 0, high = text->lines->count;
    while (high - low > 1) { /* the last line starting at or before offset */
        uint32_t mid = low + (high - low) / 2;
        if (starts[mid] <= offset) low = mid;
        else high = mid;
    }
    *line = low;
    uint32_t end = line_end(text, low);
    if (offset > end) offset = end; /* inside the terminator: the end of the line */
    uint32_t units = 0;
    for (uint32_t at = starts[low]; at < offset;) {
        uint32_t count;
        uint32_t bytes = character_at(encoding, text->text + at, end - at, &count);
        if (at + bytes > offset) break; /* offset inside a character: its start */
        at += bytes;
        units += count;
    }
    *character = units;
}

uint32_t lsp_offset_of(lsp_encoding encoding, const lsp_text *text, uint32_t line, uint32_t character) {
    if (line >= text->lines->count) return (uint32_t)text->len;
    uint32_t at = text->lines->starts[line], end = line_end(text, line);
    uint32_t units = 0;
    while (at < end && units < character) {
        uint32_t count;
        uint32_t bytes = character_at(encoding, text->text + at, end - at, &count);
        if (units + count > character) break; /* between the two halves of a surrogate pair */
        at += bytes;
        units += count;
    }
    return at;
}

static cJSON *position_json(lsp_encoding encoding, const lsp_text *text, uint32_t offset) {
    uint32_t line, character;
    lsp_position_of(encoding, text, offset, &line, &character);
    cJSON *position = cJSON_CreateObject();
    cJSON_AddNumberToObject(position, "line", line);
    cJSON_AddNumberToObject(position, "character", character);
    return position;
}

cJSON *lsp_range_json(lsp_encoding encoding, const lsp_text *text, uint32_t start, uint32_t end) {
    if (end < start) end = start;
    cJSON *range = cJSON_CreateObject();
    cJSON_AddItemToObject(range, "start", position_json(encoding, text, start));
    cJSON_AddItemToObject(range, "end", position_json(encoding, text, end));
    return range;
}

static bool read_uint(const cJSON *object, const char *key, uint32_t *out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!cJSON_IsNumber(item) || item->valuedouble < 0) return false;
    *out = item->valuedouble > 4294967295.0 ? UINT32_MAX : (uint32_t)item->valuedouble;
    return true;
}

bool lsp_read_position(lsp_encoding encoding, const lsp_text *text, const cJSON *position, uint32_t *offset) {
    uint32_t line, character;
    if (!cJSON_IsObject(position) || !read_uint(position, "line", &line) || !read_uint(position, "character", &character))
        return false;
    *offset = lsp_offset_of(encoding, text, line, character);
    return true;
}

bool lsp_read_range(lsp_encoding encoding, const lsp_text *text, const cJSON *range, uint32_t *start, uint32_t *end) {
    if (!cJSON_IsObject(range)) return false;
    if (!lsp_read_position(encoding, text, cJSON_GetObjectItemCaseSensitive(range, "start"), start) ||
        !lsp_read_position(encoding, text, cJSON_GetObjectItemCaseSensitive(range, "end"), end))
        return false;
    if (*end < *start) { /* a reversed range: take it as the span between the two */
        uint32_t swap = *start;
        *start = *end;
        *end = swap;
    }
    return true;
}

/* ---- JSON --------------------------------------------------------------------------------------- */

cJSON *lsp_json_string(const char *text, size_t len) {
    if (!text) return cJSON_CreateString("");
    size_t valid = smelt_utf8_first_invalid(text, len);
    if (valid == len && !memchr(text, '\0', len)) {
        char *copy = smelt_xmalloc(len + 1);
        memcpy(copy, text, len);
        copy[len] = '\0';
        cJSON *string = cJSON_CreateString(copy);
        free(copy);
        return string;
    }
    smelt_buf clean;
    smelt_buf_init(&clean);
    for (size_t at = 0; at < len;) {
        size_t bytes = smelt_utf8_sequence_length((const unsigned char *)text + at, len - at);
        if (bytes == 0 || text[at] == '\0') {
            smelt_buf_append(&clean, "\xEF\xBF\xBD", 3);
            at++;
        } else {
            smelt_buf_append(&clean, text + at, bytes);
            at += bytes;
        }
    }
    cJSON *string = cJSON_CreateString(clean.data ? clean.data : "");
    smelt_buf_free(&clean);
    return string;
}

void lsp_add_string(cJSON *object, const char *key, const char *text) {
    cJSON_AddItemToObject(object, key, lsp_json_string(text, text ? strlen(text) : 0));
}

cJSON *lsp_location_json(const char *uri, cJSON *range) {
    cJSON *location = cJSON_CreateObject();
    lsp_add_string(location, "uri", uri);
    cJSON_AddItemToObject(location, "range", range);
    return location;
}

const char *lsp_get_string(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : NULL;
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

const cJSON *lsp_get_object(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : NULL;
    return cJSON_IsObject(item) ? item : NULL;
}

const cJSON *lsp_get_array(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : NULL;
    return cJSON_IsArray(item) ? item : NULL;
}

bool lsp_get_bool(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : NULL;
    return cJSON_IsTrue(item);
}

const cJSON *lsp_get_path(const cJSON *object, const char *const *keys, int count) {
    const cJSON *at = object;
    for (int i = 0; i < count && at; i++) at = cJSON_IsObject(at) ? cJSON_GetObjectItemCaseSensitive(at, keys[i]) : NULL;
    return at;
}

uint64_t lsp_hash_bytes(const char *data, size_t len) {
    uint64_t hash = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) hash = (hash ^ (unsigned char)data[i]) * 1099511628211ull;
    return hash;
}

/* ---- URIs --------------------------------------------------------------------------------------- */

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *lsp_uri_to_path(const char *uri) {
    if (!uri || strncmp(uri, "file://", 7) != 0) return NULL;
    const char *rest = uri + 7;
    /* file://localhost/x is file:///x; another authority names a remote host we cannot read. */
    if (strncmp(rest, "localhost/", 10) == 0) rest += 9;
    if (rest[0] != '/') return NULL;
    size_t len = strlen(rest);
    char *path = smelt_xmalloc(len + 1);
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        if (rest[i] == '?' || rest[i] == '#') break; /* a query or fragment is not part of the path */
        int high = rest[i] == '%' && i + 2 < len ? hex_value(rest[i + 1]) : -1;
        int low = high >= 0 ? hex_value(rest[i + 2]) : -1;
        if (low >= 0 && (high || low)) { /* %00 stays as written: a path cannot hold a NUL */
            path[out++] = (char)(high * 16 + low);
            i += 2;
        } else {
            path[out++] = rest[i];
        }
    }
    path[out] = '\0';
    /* A trailing slash names the folder itself. */
    while (out > 1 && path[out - 1] == '/') path[--out] = '\0';
    return path;
}

char *lsp_path_to_uri(const char *path) {
    static const char hex[] = "0123456789ABCDEF";
    smelt_buf uri;
    smelt_buf_init(&uri);
    smelt_buf_append_cstr(&uri, "file://");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '/' ||
                     *c == '-' || *c == '.' || *c == '_' || *c == '~';
        if (plain) {
            smelt_buf_append_char(&uri, (char)*c);
        } else {
            char escaped[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            smelt_buf_append(&uri, escaped, 3);
        }
    }
    return uri.data;
}
