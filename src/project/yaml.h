/*
 * yaml.h — YAML documents as a small tree with byte spans, read through libyaml.
 *
 * Configuration code needs two things libyaml's event stream does not give directly: random access
 * (look a key up, walk a sequence) and the byte span of every node, so each problem can be reported
 * at its line and column. smelt_yaml_load builds that tree in an arena. A syntax error is a
 * diagnostic at libyaml's problem position; the tree then holds what was read before it.
 */
#ifndef SMELT_PROJECT_YAML_H
#define SMELT_PROJECT_YAML_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"

typedef enum { SMELT_YAML_SCALAR, SMELT_YAML_SEQUENCE, SMELT_YAML_MAPPING } smelt_yaml_kind;

typedef struct smelt_yaml_node smelt_yaml_node;

typedef struct {
    smelt_yaml_node *key; /* always a scalar in the files smelt reads; other keys are reported */
    smelt_yaml_node *value;
} smelt_yaml_pair;

struct smelt_yaml_node {
    smelt_yaml_kind kind;
    uint32_t start, end; /* byte span in the file */
    /* SMELT_YAML_SCALAR */
    smelt_str value;
    bool quoted; /* written in quotes: never a number, boolean or null */
    /* SMELT_YAML_SEQUENCE: items; SMELT_YAML_MAPPING: pairs */
    uint32_t count;
    smelt_yaml_node **items;
    smelt_yaml_pair *pairs;
};

/* Parses text (one document; an empty file gives NULL without a diagnostic). Diagnostics go to
 * diags with strings in arena. */
smelt_yaml_node *smelt_yaml_load(const char *text, size_t len, smelt_arena *arena, smelt_diag_list *diags);

/* The value of key in a mapping, or NULL (also when node is not a mapping). */
smelt_yaml_node *smelt_yaml_get(const smelt_yaml_node *mapping, const char *key);
/* How a diagnostic names a node's kind: "a string", "a list", "a mapping". */
const char *smelt_yaml_kind_name(const smelt_yaml_node *node);
/* YAML's plain scalars that mean null: empty, ~, null. */
bool smelt_yaml_is_null(const smelt_yaml_node *node);

#endif
