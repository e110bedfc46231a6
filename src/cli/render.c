/* render.c — compiler-style diagnostics with the source line and a caret. */
#include "cli/render.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool smelt_render_use_color(FILE *stream) {
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fileno(stream));
}

const char *smelt_render_printable(const char *text, smelt_buf *scratch) {
    if (!smelt_has_control_chars(text)) return text;
    smelt_buf_clear(scratch);
    smelt_buf_append_printable(scratch, text, strlen(text), false);
    return scratch->data;
}

const char *smelt_render_printable_message(const char *message, smelt_buf *scratch) {
    if (!smelt_has_control_chars(message)) return message;
    smelt_buf_clear(scratch);
    smelt_buf_append_printable(scratch, message, strlen(message), true);
    return scratch->data;
}

static const char *severity_color(smelt_severity severity) {
    switch (severity) {
    case SMELT_SEVERITY_ERROR: return "\033[1;31m";
    case SMELT_SEVERITY_WARNING: return "\033[1;33m";
    default: return "\033[1;36m";
    }
}

void smelt_render_diag(FILE *out, const smelt_render_options *options, const char *path, const char *text,
                       size_t len, const smelt_line_index *lines, const smelt_diag *diag) {
    uint32_t line, column;
    smelt_line_index_locate(lines, diag->start, &line, &column);
    const char *bold = options->color ? "\033[1m" : "";
    const char *reset = options->color ? "\033[0m" : "";
    const char *sev_color = options->color ? severity_color(diag->severity) : "";
    smelt_buf shown_path, shown_message;
    smelt_buf_init(&shown_path);
    smelt_buf_init(&shown_message);
    const char *message = smelt_render_printable_message(diag->message, &shown_message);
    fprintf(out, "%s%s:%u:%u:%s %s%s:%s %s%s%s\n", bold, smelt_render_printable(path, &shown_path), line, column, reset,
            sev_color, smelt_severity_name(diag->severity), reset, bold, message, reset);
    smelt_buf_free(&shown_path);
    smelt_buf_free(&shown_message);

    uint32_t line_start, line_end;
    smelt_line_index_line_span(lines, text, len, line, &line_start, &line_end);
    /* Show the line, tabs as spaces so the caret lines up; cut very long lines. */
    uint32_t shown_end = line_end - line_start > 200 ? line_start + 200 : line_end;
    fprintf(out, "%6u | ", line);
    for (uint32_t i = line_start; i < shown_end; i++) fputc(text[i] == '\t' ? ' ' : text[i], out);
    fputc('\n', out);
    fprintf(out, "       | ");
    uint32_t caret = diag->start < line_start ? line_start : diag->start;
    for (uint32_t i = line_start; i < caret && i < shown_end; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) fputc(' ', out); /* one column per character */
    uint32_t span_end = diag->end > line_end ? line_end : diag->end;
    fprintf(out, "%s^", sev_color);
    for (uint32_t i = caret + 1; i < span_end && i < shown_end; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) fputc('~', out);
    fprintf(out, "%s\n", reset);
    if (diag->hint) fprintf(out, "       = hint: %s\n", diag->hint);
}

void smelt_render_located(FILE *out, const smelt_render_options *options, const char *path, const char *text,
                          size_t len, const smelt_diag *diag) {
    if (!path || !text) {
        const char *bold = options->color ? "\033[1m" : "";
        const char *reset = options->color ? "\033[0m" : "";
        const char *sev_color = options->color ? severity_color(diag->severity) : "";
        smelt_buf shown_path, shown_message;
        smelt_buf_init(&shown_path);
        smelt_buf_init(&shown_message);
        fprintf(out, "%s%s:%s %s%s:%s %s%s%s\n", bold, path ? smelt_render_printable(path, &shown_path) : "smelt", reset,
                sev_color, smelt_severity_name(diag->severity), reset, bold,
                smelt_render_printable_message(diag->message, &shown_message), reset);
        smelt_buf_free(&shown_path);
        smelt_buf_free(&shown_message);
        if (diag->hint) fprintf(out, "       = hint: %s\n", diag->hint);
        return;
    }
    smelt_line_index lines;
    smelt_line_index_build(&lines, text, len);
    smelt_render_diag(out, options, path, text, len, &lines, diag);
    smelt_line_index_free(&lines);
}
