/*
 * diag.h — diagnostics: problems in the user's input.
 *
 * A diagnostic is data, never a failure of smelt itself: it has a severity, a stable code (see
 * diag_codes.def), a byte span in one file, a message, an optional hint and an optional fix (an edit
 * that resolves it, for the LSP's code actions). Lists collect them in the order found; nothing here
 * prints — the CLI renders, the LSP publishes.
 */
#ifndef SMELT_BASE_DIAG_H
#define SMELT_BASE_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef enum {
#define X(name, code, description) SMELT_DIAG_##name,
#include "base/diag_codes.def"
#undef X
    SMELT_DIAG_CODE_COUNT
} smelt_diag_code;

typedef enum { SMELT_SEVERITY_ERROR, SMELT_SEVERITY_WARNING, SMELT_SEVERITY_NOTE } smelt_severity;

/* Replace bytes [start, end) of the diagnostic's file with replacement. */
typedef struct {
    uint32_t start, end;
    const char *replacement;
} smelt_fix;

/* A secondary location of a diagnostic, possibly in another file: each edge of a cycle, the first
 * of two duplicate definitions. */
typedef struct {
    const char *path; /* NULL: the diagnostic's own file */
    uint32_t start, end;
    const char *message;
} smelt_diag_note;

typedef struct {
    smelt_severity severity;
    smelt_diag_code code;
    uint32_t start, end; /* byte span in the file; start == end marks a point */
    const char *message;
    const char *hint; /* NULL when there is none */
    const smelt_fix *fix; /* NULL when there is none */
    const smelt_diag_note *notes;
    uint32_t note_count;
} smelt_diag;

/* A growable list of diagnostics whose strings live in an arena the owner chooses. */
typedef struct {
    smelt_diag *items;
    size_t count;
    size_t cap;
} smelt_diag_list;

void smelt_diag_list_init(smelt_diag_list *list);
void smelt_diag_list_free(smelt_diag_list *list); /* NULL-safe; frees the array, not the strings */
smelt_diag *smelt_diag_list_add(smelt_diag_list *list, smelt_severity severity, smelt_diag_code code,
                                uint32_t start, uint32_t end, const char *message);
size_t smelt_diag_list_count_errors(const smelt_diag_list *list);

const char *smelt_diag_code_string(smelt_diag_code code); /* "E0101" */
const char *smelt_severity_name(smelt_severity severity);  /* "error" */
/* Problems of the project's configuration (exit code 2) rather than of its models (exit code 1). */
bool smelt_diag_is_configuration(smelt_diag_code code);

#endif
