/* diag.c — diagnostic lists and code names. */
#include "base/diag.h"

#include <stdlib.h>

void smelt_diag_list_init(smelt_diag_list *list) {
    list->items = NULL;
    list->count = 0;
    list->cap = 0;
}

void smelt_diag_list_free(smelt_diag_list *list) {
    if (!list) return;
    free(list->items);
    smelt_diag_list_init(list);
}

smelt_diag *smelt_diag_list_add(smelt_diag_list *list, smelt_severity severity, smelt_diag_code code,
                                uint32_t start, uint32_t end, const char *message) {
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 8;
        list->items = smelt_xrealloc(list->items, list->cap * sizeof *list->items);
    }
    smelt_diag *diag = &list->items[list->count++];
    diag->severity = severity;
    diag->code = code;
    diag->start = start;
    diag->end = end;
    diag->message = message;
    diag->hint = NULL;
    diag->fix = NULL;
    diag->notes = NULL;
    diag->note_count = 0;
    return diag;
}

size_t smelt_diag_list_count_errors(const smelt_diag_list *list) {
    size_t errors = 0;
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].severity == SMELT_SEVERITY_ERROR) errors++;
    return errors;
}

static const char *const diag_code_strings[] = {
#define X(name, code, description) code,
#include "base/diag_codes.def"
#undef X
};

const char *smelt_diag_code_string(smelt_diag_code code) {
    return (unsigned)code < SMELT_DIAG_CODE_COUNT ? diag_code_strings[code] : "E0000";
}

const char *smelt_severity_name(smelt_severity severity) {
    switch (severity) {
    case SMELT_SEVERITY_ERROR: return "error";
    case SMELT_SEVERITY_WARNING: return "warning";
    case SMELT_SEVERITY_NOTE: return "note";
    }
    return "error";
}

bool smelt_diag_is_configuration(smelt_diag_code code) {
    switch (code) {
    case SMELT_DIAG_YAML_SYNTAX:
    case SMELT_DIAG_CONFIG_TYPE:
    case SMELT_DIAG_CONFIG_UNKNOWN_KEY:
    case SMELT_DIAG_CONFIG_MISSING_KEY:
    case SMELT_DIAG_CONFIG_ENV:
    case SMELT_DIAG_CONFIG_VALUE:
    case SMELT_DIAG_UNKNOWN_TARGET:
    case SMELT_DIAG_NO_PROJECT:
    case SMELT_DIAG_SELECTOR:
    case SMELT_DIAG_FILE_READ:
        return true;
    default: /* a model's annotations and names are part of the model: exit code 1 */
        return false;
    }
}
