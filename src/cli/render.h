/*
 * render.h — terminal rendering of diagnostics, compiler style:
 *
 *   models/orders.sql:12:7: error: unknown column 'amout'
 *      12 | SELECT amout FROM t
 *         |        ^~~~~
 *      = hint: did you mean 'amount'?
 */
#ifndef SMELT_CLI_RENDER_H
#define SMELT_CLI_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/str.h"
#include "base/text.h"

typedef struct {
    bool color;
} smelt_render_options;

/* Renders one diagnostic of a file whose text and line index are given. */
void smelt_render_diag(FILE *out, const smelt_render_options *options, const char *path, const char *text,
                       size_t len, const smelt_line_index *lines, const smelt_diag *diag);
/* The same without a prepared line index. With no path the diagnostic belongs to no file
 * ("smelt: error: ..."); with a path but no text, only the path is shown. */
void smelt_render_located(FILE *out, const smelt_render_options *options, const char *path, const char *text,
                          size_t len, const smelt_diag *diag);

/* text as it may be printed: text itself when it holds no control character, else a copy in scratch
 * (valid until scratch changes) with them escaped (smelt_buf_append_printable), e.g. a model file
 * named with an ESC or a line break. Every path and model name the CLI prints goes through it. */
const char *smelt_render_printable(const char *text, smelt_buf *scratch);
/* The same for a message, which may quote such a name (a diagnostic's, an engine's): its line
 * breaks are kept, the message may have several lines. */
const char *smelt_render_printable_message(const char *text, smelt_buf *scratch);

/* Whether to colour output on stream: a terminal and NO_COLOR unset. */
bool smelt_render_use_color(FILE *stream);

#endif
