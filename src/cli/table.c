/* table.c — aligned result tables for --show-results. */
#include "cli/table.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_WIDTH = 32 };

/* Display width of UTF-8 text: one column per character (wide scripts are rare in data previews). */
static size_t display_width(const char *text) {
    size_t width = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) width += (*c & 0xC0) != 0x80;
    return width;
}

/* Prints text padded (or cut with "…") to exactly `width` columns. */
static void print_cell(FILE *out, const char *text, size_t width, bool right) {
    size_t shown = display_width(text);
    if (shown > width) {
        size_t columns = 0;
        const unsigned char *c = (const unsigned char *)text;
        for (; *c && columns < width - 1; c++) {
            fputc(*c, out);
            if ((c[1] & 0xC0) != 0x80) columns++;
        }
        fputs("…", out);
        return;
    }
    if (right) fprintf(out, "%*s", (int)(width - shown), "");
    fputs(text, out);
    if (!right) fprintf(out, "%*s", (int)(width - shown), "");
}

static bool is_numeric_type(const char *type) {
    static const char *const numeric[] = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                                          "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL", "INT", "REAL"};
    for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
        if (strncmp(type, numeric[i], strlen(numeric[i])) == 0) return true;
    return false;
}

void smelt_print_result_table(FILE *out, smelt_result *result) {
    uint32_t columns = smelt_result_column_count(result);
    uint64_t rows = smelt_result_row_count(result);
    size_t *width = calloc(columns + 1, sizeof *width);
    for (uint32_t c = 0; c < columns; c++) {
        width[c] = display_width(smelt_result_column_name(result, c));
        size_t type_width = display_width(smelt_result_column_type(result, c));
        if (type_width > width[c]) width[c] = type_width;
        for (uint64_t r = 0; r < rows; r++) {
            const char *value = smelt_result_value(result, r, c);
            size_t w = display_width(value ? value : "NULL");
            if (w > width[c]) width[c] = w;
        }
        if (width[c] > MAX_WIDTH) width[c] = MAX_WIDTH;
    }
    for (int line = 0; line < 2; line++) {
        for (uint32_t c = 0; c < columns; c++) {
            fputs(c ? " │ " : "  ", out);
            print_cell(out, line == 0 ? smelt_result_column_name(result, c) : smelt_result_column_type(result, c), width[c],
                       false);
        }
        fputc('\n', out);
    }
    for (uint32_t c = 0; c < columns; c++) {
        fputs(c ? "─┼─" : "  ", out);
        for (size_t i = 0; i < width[c]; i++) fputs("─", out);
    }
    fputc('\n', out);
    for (uint64_t r = 0; r < rows; r++) {
        for (uint32_t c = 0; c < columns; c++) {
            const char *value = smelt_result_value(result, r, c);
            fputs(c ? " │ " : "  ", out);
            print_cell(out, value ? value : "NULL", width[c], is_numeric_type(smelt_result_column_type(result, c)));
        }
        fputc('\n', out);
    }
    fprintf(out, "  (%llu row%s)\n", (unsigned long long)rows, rows == 1 ? "" : "s");
    free(width);
}
