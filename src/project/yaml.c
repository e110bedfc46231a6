/*
 * yaml.c — builds the node tree from libyaml's event stream, converting libyaml's (line, column)
 * marks, which count characters, into byte offsets.
 */
#include "project/yaml.h"

#include <string.h>
#include <yaml.h>

#include "base/map.h"
#include "base/text.h"

typedef struct {
    const char *text;
    size_t len;
    smelt_line_index lines;
    smelt_arena *arena;
    smelt_diag_list *diags;
    yaml_parser_t parser;
    bool failed;
} yaml_loader;

/* Byte offset of libyaml's 0-based (line, character column). */
static uint32_t mark_offset(const yaml_loader *loader, yaml_mark_t mark) {
    uint32_t line = (uint32_t)mark.line + 1, start, end;
    smelt_line_index_line_span(&loader->lines, loader->text, loader->len, line, &start, &end);
    uint32_t offset = start;
    for (size_t column = 0; column < mark.column && offset < loader->len && loader->text[offset] != '\n'; column++) {
        size_t step = smelt_utf8_sequence_length((const unsigned char *)loader->text + offset, loader->len - offset);
        offset += step ? (uint32_t)step : 1;
    }
    return offset;
}

/* libyaml's messages name its own states ("while scanning for the next token"); the three mistakes
 * people make most get a message of their own, at the place to fix. */
static void report_parser_error(yaml_loader *loader) {
    const yaml_parser_t *parser = &loader->parser;
    uint32_t at = mark_offset(loader, parser->problem_mark);
    const char *problem = parser->problem ? parser->problem : "invalid YAML";
    const char *context = parser->context;
    const char *message = context ? smelt_arena_printf(loader->arena, "YAML syntax error: %s %s", problem, context)
                                  : smelt_arena_printf(loader->arena, "YAML syntax error: %s", problem);
    const char *hint = "check the indentation and the ':' after each key on this line and the one before";
    if (at < loader->len && loader->text[at] == '\t') {
        message = "YAML syntax error: a tab character where YAML expects spaces";
        hint = "indent with spaces; YAML does not allow tabs";
    } else if (context && strstr(context, "quoted scalar")) {
        /* libyaml stops at the end of the file; the quote that was never closed is what to fix. */
        at = mark_offset(loader, parser->context_mark);
        message = "YAML syntax error: this quoted value is never closed";
        hint = "add the closing quote";
    } else if (strstr(problem, "did not find expected key")) {
        hint = "indent this line like the other keys of its mapping (same number of spaces), or fix the line before";
    }
    smelt_diag *diag = smelt_diag_list_add(loader->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_YAML_SYNTAX, at, at, message);
    diag->hint = hint;
    loader->failed = true;
}

/* Reads the next event; false (with a diagnostic) on error. */
static bool next_event(yaml_loader *loader, yaml_event_t *event) {
    if (yaml_parser_parse(&loader->parser, event)) return true;
    report_parser_error(loader);
    return false;
}

static smelt_yaml_node *new_node(yaml_loader *loader, smelt_yaml_kind kind, const yaml_event_t *event) {
    smelt_yaml_node *node = smelt_arena_zalloc(loader->arena, sizeof *node);
    node->kind = kind;
    node->start = mark_offset(loader, event->start_mark);
    node->end = mark_offset(loader, event->end_mark);
    return node;
}

static smelt_yaml_node *load_node(yaml_loader *loader, yaml_event_t *event, int depth);

/* YAML allows each key once per mapping, and smelt_yaml_get would silently read the first, so a
 * repeated key is reported where it is repeated. A hash map keeps this linear on big mappings
 * (sources.yml may declare thousands of tables). */
static void check_duplicate_keys(yaml_loader *loader, const smelt_yaml_node *mapping) {
    smelt_map seen;
    smelt_map_init(&seen);
    for (uint32_t i = 0; i < mapping->count; i++) {
        const smelt_yaml_node *key = mapping->pairs[i].key;
        uint32_t first_index;
        if (key->kind != SMELT_YAML_SCALAR || smelt_map_insert(&seen, key->value, i, &first_index)) continue;
        const smelt_yaml_node *first = mapping->pairs[first_index].key;
        smelt_diag *diag = smelt_diag_list_add(
            loader->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_VALUE, key->start, key->end,
            smelt_arena_printf(loader->arena, "key '%.*s' is given twice", (int)key->value.len, key->value.ptr));
        diag->hint = "YAML allows each key once in a mapping; smelt reads the first, so remove or rename one";
        smelt_diag_note *note = smelt_arena_alloc(loader->arena, sizeof *note);
        *note = (smelt_diag_note){NULL, first->start, first->end, "first given here"};
        diag->notes = note;
        diag->note_count = 1;
    }
    smelt_map_free(&seen);
}

/* Collects child nodes until the closing event; items are grown in a temporary malloc'd array and
 * copied into the arena at the end. After a syntax error the node keeps the children read so far
 * (a key without its value is dropped), so the caller can still check what was written. */
static void load_children(yaml_loader *loader, smelt_yaml_node *node, yaml_event_type_t closing, int depth) {
    smelt_yaml_node **children = NULL;
    size_t count = 0, cap = 0;
    while (!loader->failed) {
        yaml_event_t event;
        if (!next_event(loader, &event)) break;
        if (event.type == closing) {
            node->end = mark_offset(loader, event.end_mark);
            yaml_event_delete(&event);
            break;
        }
        smelt_yaml_node *child = load_node(loader, &event, depth + 1);
        yaml_event_delete(&event);
        if (!child) break;
        if (count == cap) {
            cap = cap ? cap * 2 : 8;
            children = smelt_xrealloc(children, cap * sizeof *children);
        }
        children[count++] = child;
    }
    if (node->kind == SMELT_YAML_SEQUENCE) {
        node->items = smelt_arena_alloc(loader->arena, (count ? count : 1) * sizeof *node->items);
        if (count) memcpy(node->items, children, count * sizeof *children);
        node->count = (uint32_t)count;
    } else {
        node->pairs = smelt_arena_alloc(loader->arena, (count / 2 + 1) * sizeof *node->pairs);
        for (size_t i = 0; i + 1 < count; i += 2) node->pairs[i / 2] = (smelt_yaml_pair){children[i], children[i + 1]};
        node->count = (uint32_t)(count / 2);
        check_duplicate_keys(loader, node);
    }
    free(children);
}

static smelt_yaml_node *load_node(yaml_loader *loader, yaml_event_t *event, int depth) {
    if (depth > 64) {
        uint32_t at = mark_offset(loader, event->start_mark);
        smelt_diag_list_add(loader->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_YAML_SYNTAX, at, at,
                            "YAML nested more than 64 levels deep");
        loader->failed = true;
        return NULL;
    }
    switch (event->type) {
    case YAML_SCALAR_EVENT: {
        smelt_yaml_node *node = new_node(loader, SMELT_YAML_SCALAR, event);
        node->value.ptr = smelt_arena_strndup(loader->arena, (const char *)event->data.scalar.value,
                                              event->data.scalar.length);
        node->value.len = event->data.scalar.length;
        node->quoted = event->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                       event->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        return node;
    }
    case YAML_SEQUENCE_START_EVENT: {
        smelt_yaml_node *node = new_node(loader, SMELT_YAML_SEQUENCE, event);
        load_children(loader, node, YAML_SEQUENCE_END_EVENT, depth);
        return node;
    }
    case YAML_MAPPING_START_EVENT: {
        smelt_yaml_node *node = new_node(loader, SMELT_YAML_MAPPING, event);
        load_children(loader, node, YAML_MAPPING_END_EVENT, depth);
        return node;
    }
    case YAML_ALIAS_EVENT: {
        uint32_t at = mark_offset(loader, event->start_mark);
        smelt_diag *diag = smelt_diag_list_add(loader->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_YAML_SYNTAX, at, at,
                                               "YAML aliases (*name) are not supported in smelt files");
        diag->hint = "write the value out in full";
        loader->failed = true;
        return NULL;
    }
    default:
        return NULL;
    }
}

smelt_yaml_node *smelt_yaml_load(const char *text, size_t len, smelt_arena *arena, smelt_diag_list *diags) {
    yaml_loader loader = {0};
    loader.text = text;
    loader.len = len;
    loader.arena = arena;
    loader.diags = diags;
    smelt_line_index_build(&loader.lines, text, len);
    /* libyaml finds a bad byte while decoding and reports it without a position (1:1): it is found
     * here first, at its line and column, as a model's is. Nothing is read then, as libyaml would. */
    size_t bad_utf8 = smelt_utf8_first_invalid(text, len);
    if (bad_utf8 < len) {
        smelt_diag *diag = smelt_diag_list_add(
            diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_YAML_SYNTAX, (uint32_t)bad_utf8, (uint32_t)bad_utf8 + 1,
            smelt_arena_printf(arena, "expected UTF-8 text, found the byte 0x%02X, which is not valid UTF-8",
                               (unsigned char)text[bad_utf8]));
        diag->hint = "save the file as UTF-8";
        smelt_line_index_free(&loader.lines);
        return NULL;
    }
    yaml_parser_initialize(&loader.parser);
    yaml_parser_set_input_string(&loader.parser, (const unsigned char *)text, len);
    smelt_yaml_node *root = NULL;
    yaml_event_t event;
    /* STREAM-START, then DOCUMENT-START (or STREAM-END for an empty file). */
    while (next_event(&loader, &event)) {
        yaml_event_type_t type = event.type;
        if (type == YAML_SCALAR_EVENT || type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT ||
            type == YAML_ALIAS_EVENT) {
            if (!root) root = load_node(&loader, &event, 0);
            yaml_event_delete(&event);
            if (!root || loader.failed) break;
            continue;
        }
        yaml_event_delete(&event);
        if (type == YAML_STREAM_END_EVENT || type == YAML_DOCUMENT_END_EVENT) break;
    }
    yaml_parser_delete(&loader.parser);
    smelt_line_index_free(&loader.lines);
    return root;
}

smelt_yaml_node *smelt_yaml_get(const smelt_yaml_node *mapping, const char *key) {
    if (!mapping || mapping->kind != SMELT_YAML_MAPPING) return NULL;
    for (uint32_t i = 0; i < mapping->count; i++) {
        const smelt_yaml_node *k = mapping->pairs[i].key;
        if (k->kind == SMELT_YAML_SCALAR && smelt_str_eq_cstr(k->value, key)) return mapping->pairs[i].value;
    }
    return NULL;
}

const char *smelt_yaml_kind_name(const smelt_yaml_node *node) {
    if (!node) return "nothing";
    switch (node->kind) {
    case SMELT_YAML_SCALAR: return smelt_yaml_is_null(node) ? "null" : "a single value";
    case SMELT_YAML_SEQUENCE: return "a list";
    case SMELT_YAML_MAPPING: return "a mapping";
    }
    return "a value";
}

bool smelt_yaml_is_null(const smelt_yaml_node *node) {
    if (!node) return true;
    if (node->kind != SMELT_YAML_SCALAR || node->quoted) return false;
    return node->value.len == 0 || smelt_str_eq_cstr(node->value, "~") || smelt_str_ieq_cstr(node->value, "null");
}
