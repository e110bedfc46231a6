/*
 * seed.c — CSV seeds through the engine's own CSV reader. smelt reads the file first for what that
 * reader reports badly or at the wrong place (a byte that is not UTF-8, a row with too many or too
 * few values, a column declared in smelt.yml that the header lacks), and places a value the
 * column's type cannot hold at its row and column.
 */
#include "engine/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* A SQL string literal: quotes doubled, never pasted raw. */
static void append_literal(smelt_buf *out, const char *text) {
    smelt_buf_append_char(out, '\'');
    for (const char *c = text; *c; c++) {
        if (*c == '\'') smelt_buf_append_char(out, '\'');
        smelt_buf_append_char(out, *c);
    }
    smelt_buf_append_char(out, '\'');
}

/* ---- The file as smelt reads it ------------------------------------------------------------------ */

typedef struct {
    uint32_t start, end; /* a field's bytes, its quotes included */
} field;

typedef struct {
    const char *text;
    uint32_t len;
    char delimiter;
    smelt_line_index lines;
    smelt_arena *arena;
    smelt_seed_problem *problem;
} csv_file;

/* The delimiter DuckDB's sniffer finds in ordinary files: of , ; tab and |, the one the header line
 * holds most of outside quotes; a comma when it holds none. */
static char guess_delimiter(const char *text, uint32_t len) {
    static const char candidates[] = {',', ';', '\t', '|'};
    uint32_t counts[4] = {0};
    bool quoted = false;
    for (uint32_t i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++) {
        if (text[i] == '"') quoted = !quoted;
        for (int c = 0; c < 4 && !quoted; c++) counts[c] += text[i] == candidates[c];
    }
    int best = 0;
    for (int c = 1; c < 4; c++)
        if (counts[c] > counts[best]) best = c;
    return candidates[best];
}

/* Reads the record at *at and moves *at past its line end: the spans of its first `cap` fields and
 * how many it has. A quoted field may hold the delimiter, doubled quotes and line breaks. */
static uint32_t read_record(const csv_file *file, uint32_t *at, field *fields, uint32_t cap) {
    const char *text = file->text;
    uint32_t count = 0, i = *at;
    for (;;) {
        uint32_t start = i;
        if (i < file->len && text[i] == '"') {
            for (i++; i < file->len; i++) {
                if (text[i] != '"') continue;
                if (i + 1 < file->len && text[i + 1] == '"') i++;
                else break;
            }
            if (i < file->len) i++;
        }
        while (i < file->len && text[i] != file->delimiter && text[i] != '\n' && text[i] != '\r') i++;
        if (count < cap) fields[count] = (field){start, i};
        count++;
        if (i >= file->len || text[i] != file->delimiter) break;
        i++;
    }
    if (i < file->len && text[i] == '\r') i++;
    if (i < file->len && text[i] == '\n') i++;
    *at = i;
    return count;
}

static uint32_t line_of(const csv_file *file, uint32_t offset) {
    uint32_t line, column;
    smelt_line_index_locate(&file->lines, offset, &line, &column);
    return line;
}

/* A field's value: quotes removed, doubled quotes undoubled (arena). */
static const char *field_value(const csv_file *file, field f) {
    smelt_buf value;
    smelt_buf_init(&value);
    bool quoted = f.end > f.start && file->text[f.start] == '"';
    for (uint32_t i = f.start + quoted; i < f.end; i++) {
        if (quoted && file->text[i] == '"' && (i + 1 >= f.end || file->text[i + 1] != '"')) continue;
        if (quoted && file->text[i] == '"') i++;
        smelt_buf_append_char(&value, file->text[i]);
    }
    const char *copy = smelt_arena_strndup(file->arena, value.data ? value.data : "", value.len);
    smelt_buf_free(&value);
    return copy;
}

static bool report(const csv_file *file, uint32_t start, uint32_t end, const char *message, const char *hint) {
    *file->problem = (smelt_seed_problem){start, end, message, hint};
    return false;
}

/* The header's column names (arena), at most `cap`; how many there are. */
static uint32_t read_header(const csv_file *file, const char **names, field *fields, uint32_t cap) {
    uint32_t at = 0, count = read_record(file, &at, fields, cap);
    for (uint32_t c = 0; c < count && c < cap; c++) names[c] = field_value(file, fields[c]);
    return count;
}

/* "id, price" (arena). */
static const char *name_list(const csv_file *file, const char **names, uint32_t count) {
    smelt_buf list;
    smelt_buf_init(&list);
    for (uint32_t c = 0; c < count; c++) smelt_buf_printf(&list, "%s%s", c ? ", " : "", names[c]);
    const char *copy = smelt_arena_strndup(file->arena, list.data ? list.data : "", list.len);
    smelt_buf_free(&list);
    return copy;
}

#define MAX_COLUMNS 4096

/* The checks made before the engine reads the file; false with file->problem filled at the first
 * problem found. */
static bool check_file(const csv_file *file, const smelt_seed_entry *settings) {
    smelt_arena *arena = file->arena;
    field *fields = smelt_arena_alloc(arena, MAX_COLUMNS * sizeof *fields);
    const char **names = smelt_arena_alloc(arena, MAX_COLUMNS * sizeof *names);
    uint32_t columns = read_header(file, names, fields, MAX_COLUMNS);
    size_t bad = smelt_utf8_first_invalid(file->text, file->len);
    if (bad < file->len) {
        /* The column it is in, found by reading the rows up to it. */
        const char *column = NULL;
        for (uint32_t at = 0, row = 0; at < file->len && at <= bad && !column; row++) {
            uint32_t count = read_record(file, &at, fields, MAX_COLUMNS);
            for (uint32_t c = 0; c < count && c < MAX_COLUMNS && !column; c++)
                if (bad >= fields[c].start && bad < fields[c].end)
                    column = row == 0      ? "the header"
                             : c < columns ? smelt_arena_printf(arena, "column '%s'", names[c])
                                           : "a value past the last column";
        }
        return report(file, (uint32_t)bad, (uint32_t)bad + 1,
                      smelt_arena_printf(arena, "expected UTF-8 text, found the byte 0x%02X (in %s), which is not valid UTF-8",
                                         (unsigned char)file->text[bad], column ? column : "the file"),
                      "save the file as UTF-8");
    }
    uint32_t header_end = 0;
    read_record(file, &header_end, fields, MAX_COLUMNS);
    for (uint32_t d = 0; settings && d < settings->column_count; d++) {
        bool found = false;
        for (uint32_t c = 0; c < columns && c < MAX_COLUMNS && !found; c++)
            found = smelt_str_ieq_cstr(smelt_str_from_cstr(names[c]), settings->columns[d].name);
        if (found) continue;
        uint32_t known = columns < MAX_COLUMNS ? columns : MAX_COLUMNS;
        const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(settings->columns[d].name), names, known);
        return report(file, 0, header_end > 0 && file->text[header_end - 1] == '\n' ? header_end - 1 : header_end,
                      smelt_arena_printf(arena, "smelt.yml gives a type to column '%s', which this file's header does not have",
                                         settings->columns[d].name),
                      suggestion ? smelt_arena_printf(arena, "did you mean '%s'? (the header: %s)", suggestion,
                                                      name_list(file, names, columns))
                                 : smelt_arena_printf(arena, "the header names %s; fix the name in the seeds: section of "
                                                             "smelt.yml", name_list(file, names, columns)));
    }
    for (uint32_t at = header_end; at < file->len;) {
        uint32_t start = at, count = read_record(file, &at, fields, MAX_COLUMNS);
        if (count == 1 && fields[0].start == fields[0].end) continue; /* a blank line */
        if (count == columns) continue;
        /* Too many: the values past the last column; too few: the whole row. */
        uint32_t end = fields[(count < MAX_COLUMNS ? count : MAX_COLUMNS) - 1].end;
        const char *missing = count < columns && count < MAX_COLUMNS
                                  ? smelt_arena_printf(arena, ": none for '%s'", names[count])
                                  : "";
        return report(file, count > columns && columns < MAX_COLUMNS ? fields[columns].start : start, end,
                      smelt_arena_printf(arena, "this row has %u value%s, but the header has %u column%s (%s)%s", count,
                                         count == 1 ? "" : "s", columns, columns == 1 ? "" : "s",
                                         name_list(file, names, columns), missing),
                      count > columns ? "remove the extra values, or quote a value that holds the delimiter: \"1,5\""
                                      : "give every row a value for each column (leave it empty for NULL: `3,`)");
    }
    return true;
}

/* The text after `after` in message up to `until` (arena), or NULL. */
static const char *between(smelt_arena *arena, const char *message, const char *after, const char *until) {
    const char *start = strstr(message, after);
    if (!start) return NULL;
    start += strlen(after);
    const char *end = strstr(start, until);
    return end ? smelt_arena_strndup(arena, start, (size_t)(end - start)) : NULL;
}

/* Places the engine's refusal of a value ("CSV Error on Line: 3 ... Error when converting column
 * "price". Could not convert string "twelve" to 'DECIMAL'") at its row and column; false with
 * file->problem filled, true when the message is not one of those. */
static bool place_conversion_error(const csv_file *file, const smelt_seed_entry *settings, const char *message) {
    smelt_arena *arena = file->arena;
    const char *line_text = between(arena, message, "CSV Error on Line: ", "\n");
    const char *column = between(arena, message, "converting column \"", "\"");
    const char *value = between(arena, message, "Could not convert string \"", "\" to '");
    const char *type = between(arena, message, "\" to '", "'");
    if (!line_text || !column || !value) return true;
    unsigned long line = strtoul(line_text, NULL, 10);
    for (uint32_t d = 0; settings && d < settings->column_count; d++)
        if (smelt_str_ieq_cstr(smelt_str_from_cstr(column), settings->columns[d].name)) type = settings->columns[d].type;
    field *fields = smelt_arena_alloc(arena, MAX_COLUMNS * sizeof *fields);
    const char **names = smelt_arena_alloc(arena, MAX_COLUMNS * sizeof *names);
    uint32_t columns = read_header(file, names, fields, MAX_COLUMNS), index = UINT32_MAX;
    for (uint32_t c = 0; c < columns && c < MAX_COLUMNS && index == UINT32_MAX; c++)
        if (smelt_str_ieq_cstr(smelt_str_from_cstr(names[c]), column)) index = c;
    for (uint32_t at = 0; at < file->len;) {
        uint32_t start = at, count = read_record(file, &at, fields, MAX_COLUMNS);
        if (line_of(file, start) != line) continue;
        bool in_row = index < count && index < MAX_COLUMNS;
        return report(file, in_row ? fields[index].start : start, in_row ? fields[index].end : start,
                      smelt_arena_printf(arena, "'%s' in column '%s' is not a valid %s", value, column, type ? type : "value"),
                      settings && settings->column_count
                          ? "fix the value (an empty one is NULL), or the column's type in the seeds: section of smelt.yml"
                          : smelt_arena_printf(arena,
                                               "fix the value (an empty one is NULL), or give the column a type in the "
                                               "seeds: section of smelt.yml (`columns: { %s: VARCHAR }`)",
                                               column));
    }
    return true;
}

/* ---- Loading ------------------------------------------------------------------------------------- */

static smelt_status load(smelt_connection *connection, const char *schema, const char *name, const char *csv_path,
                         const smelt_seed_entry *settings, int64_t *rows) {
    const smelt_backend_vtable *vtable = smelt_connection_vtable(connection);
    smelt_buf sql;
    smelt_buf_init(&sql);
    smelt_buf_append_cstr(&sql, "CREATE SCHEMA IF NOT EXISTS ");
    smelt_dialect_quote(vtable->dialect, schema, &sql);
    smelt_status status = smelt_connection_execute(connection, sql.data, NULL);
    if (status == SMELT_OK) status = smelt_connection_execute(connection, "BEGIN TRANSACTION", NULL);
    if (status == SMELT_OK) {
        smelt_buf_clear(&sql);
        smelt_buf_append_cstr(&sql, "CREATE OR REPLACE TABLE ");
        smelt_dialect_relation(vtable->dialect, schema, name, &sql);
        smelt_buf_append_cstr(&sql, " AS SELECT * FROM read_csv(");
        append_literal(&sql, csv_path);
        smelt_buf_append_cstr(&sql, ", header = true");
        if (settings && settings->column_count) {
            smelt_buf_append_cstr(&sql, ", types = {");
            for (uint32_t c = 0; c < settings->column_count; c++) {
                if (c) smelt_buf_append_cstr(&sql, ", ");
                append_literal(&sql, settings->columns[c].name);
                smelt_buf_append_cstr(&sql, ": ");
                append_literal(&sql, settings->columns[c].type);
            }
            smelt_buf_append_char(&sql, '}');
        }
        smelt_buf_append_char(&sql, ')');
        status = smelt_connection_execute(connection, sql.data, rows);
        if (status == SMELT_OK) status = smelt_connection_execute(connection, "COMMIT", NULL);
        if (status != SMELT_OK) {
            char saved[2048];
            snprintf(saved, sizeof saved, "%s", smelt_status_message());
            smelt_connection_execute(connection, "ROLLBACK", NULL);
            smelt_status_set(status, "%s", saved);
        }
    }
    smelt_buf_free(&sql);
    return status;
}

smelt_status smelt_load_seed(smelt_connection *connection, const char *schema, const char *name, const char *csv_path,
                             const char *text, size_t len, const smelt_seed_entry *settings, int64_t *rows,
                             smelt_arena *arena, smelt_seed_problem *problem) {
    memset(problem, 0, sizeof *problem);
    if (smelt_connection_vtable(connection)->dialect != SMELT_DIALECT_DUCKDB)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED, "seeds can be loaded on DuckDB targets only, for now");
    csv_file file = {text, (uint32_t)len, guess_delimiter(text, (uint32_t)len), {0}, arena, problem};
    smelt_line_index_build(&file.lines, text, len);
    smelt_status status = SMELT_ERR_ENGINE;
    if (check_file(&file, settings)) {
        status = load(connection, schema, name, csv_path, settings, rows);
        if (status != SMELT_OK && status != SMELT_ERR_CANCELLED) {
            char *message = smelt_arena_strndup(arena, smelt_status_message(), strlen(smelt_status_message()));
            place_conversion_error(&file, settings, message);
            smelt_status_set(status, "%s", message);
        }
    }
    if (problem->message) smelt_status_set(status, "%s", problem->message);
    smelt_line_index_free(&file.lines);
    return status;
}
