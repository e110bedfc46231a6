/*
 * selector.h — dbt's graph selector syntax, parsed.
 *
 *   name      the model         +name   with all its ancestors    2+name   ancestors 2 levels up
 *   name+     with descendants  name+1  descendants 1 level down  tag:x    models tagged x
 *   path:dir  models under dir (relative to the project)
 *
 * Several selectors separated by spaces are a union. Evaluation against the dependency graph lives
 * in analysis/select.h; this file only reads the text.
 */
#ifndef SMELT_PROJECT_SELECTOR_H
#define SMELT_PROJECT_SELECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"

typedef enum { SMELT_SELECT_NAME, SMELT_SELECT_TAG, SMELT_SELECT_PATH } smelt_selector_method;

enum { SMELT_SELECT_UNLIMITED = -1 };

typedef struct {
    smelt_selector_method method;
    const char *value;
    int ancestors;   /* 0: none; SMELT_SELECT_UNLIMITED: all; n: up to n levels */
    int descendants; /* likewise */
    const char *text; /* the selector as written, for messages */
} smelt_selector;

/* Parses a space-separated list of selectors. Returns false with *error set (in arena) on a
 * malformed one. */
bool smelt_selectors_parse(const char *text, smelt_arena *arena, smelt_selector **out, uint32_t *count,
                           const char **error);

#endif
