/*
 * diagnostics.c — every diagnostic of a project, assembled from the memoized pieces: the YAML
 * files', each model's parse and facts, and the project-wide ones computed here — references to
 * missing models, undeclared tables, duplicate model names, dependency cycles, configuration for
 * models that do not exist.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/db.h"
#include "analysis/db_internal.h"
#include "analysis/schema.h"

typedef struct {
    smelt_db *db;
    smelt_db_diagnostics *out;
    uint32_t cap;
    bool sources_unknown; /* sources.yml did not parse to the end: which tables it declares is unknown */
    /* Every model's name, for did-you-mean hints: made on first need, since most collections (an
     * edit in the language server) have no unknown name to suggest for. */
    const char **names;
    uint32_t name_count;
} collector;

static smelt_diag *add(collector *c, const char *path, const char *text, size_t len, smelt_severity severity,
                       smelt_diag_code code, uint32_t start, uint32_t end, const char *message) {
    if (c->out->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->out->items = smelt_xrealloc(c->out->items, c->cap * sizeof *c->out->items);
    }
    smelt_located_diag *item = &c->out->items[c->out->count++];
    item->path = path;
    item->text = text;
    item->len = len;
    memset(&item->diag, 0, sizeof item->diag);
    item->diag.severity = severity;
    item->diag.code = code;
    item->diag.start = start;
    item->diag.end = end;
    item->diag.message = message;
    return &item->diag;
}

static void add_list(collector *c, const char *path, const char *text, size_t len, const smelt_diag_list *list) {
    for (size_t i = 0; i < list->count; i++) {
        smelt_diag *diag = add(c, path, text, len, list->items[i].severity, list->items[i].code, list->items[i].start,
                               list->items[i].end, list->items[i].message);
        *diag = list->items[i];
    }
}

/* ---- References --------------------------------------------------------------------------------- */

static const char **model_names(collector *c, uint32_t *count) {
    if (!c->names) {
        uint32_t slots = smelt_db_model_slots(c->db);
        c->names = smelt_arena_alloc(c->out->arena, (slots ? slots : 1) * sizeof *c->names);
        for (uint32_t m = 0; m < slots; m++)
            if (smelt_db_model_exists(c->db, m)) c->names[c->name_count++] = smelt_db_model_name(c->db, m);
    }
    *count = c->name_count;
    return c->names;
}

/* Whether the target can read a table as it was at a past time. None can through plain SQL today
 * (compile.c refuses as_of for the same reason); Delta or Iceberg tables on Spark will. */
static bool target_has_time_travel(const smelt_target *target) {
    (void)target;
    return false;
}

/* as_of => on a target without time travel: reported by check, at the parameter, rather than left
 * for compile to refuse without a location. */
static void check_as_of(collector *c, uint32_t model, const smelt_ref *ref) {
    smelt_db *db = c->db;
    const smelt_target *target = smelt_db_target(db);
    if (!ref->param_value[SMELT_REF_AS_OF] || !target || target_has_time_travel(target)) return;
    const smelt_tree *tree = smelt_db_tree(db, model);
    size_t len;
    const char *text = smelt_db_model_text(db, model, &len);
    add(c, smelt_db_model_path(db, model), text, len, SMELT_SEVERITY_ERROR, SMELT_DIAG_UNSUPPORTED_ON_TARGET,
        smelt_node_start(tree, ref->param_name[SMELT_REF_AS_OF]), smelt_node_end(tree, ref->param_value[SMELT_REF_AS_OF]),
        smelt_arena_printf(c->out->arena, "as_of => needs time travel, which target '%s' (%s) does not offer", target->name,
                           smelt_engine_name(target->engine)))
        ->hint = "remove as_of and read the model as it is now, or keep a snapshot model of it";
}

/* The declared source an undeclared table name most likely means, as the model must write it:
 * qualified unless it lives in the target's schema. NULL when nothing is close. */
static const char *closest_source(collector *c, const smelt_table_use *use, const char *default_schema, bool *same_name) {
    smelt_arena *arena = c->out->arena;
    const smelt_sources *sources = smelt_db_sources(c->db);
    const char **candidates = smelt_arena_alloc(arena, (sources->table_count + 1) * sizeof *candidates);
    for (uint32_t s = 0; s < sources->table_count; s++)
        candidates[s] = use->schema ? smelt_arena_printf(arena, "%s.%s", sources->tables[s].schema, sources->tables[s].name)
                                    : sources->tables[s].name;
    const char *wanted = use->schema ? smelt_arena_printf(arena, "%s.%s", use->schema, use->name) : use->name;
    const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(wanted), candidates, sources->table_count);
    for (uint32_t s = 0; suggestion && s < sources->table_count; s++) {
        if (candidates[s] != suggestion) continue;
        const smelt_source_table *table = &sources->tables[s];
        *same_name = !use->schema && smelt_str_ieq_cstr(smelt_str_from_cstr(use->name), table->name);
        bool qualify = use->schema || !smelt_str_ieq_cstr(smelt_str_from_cstr(table->schema), default_schema);
        return qualify ? smelt_arena_printf(arena, "%s.%s", table->schema, table->name) : table->name;
    }
    return NULL;
}

/* A table name that is neither a CTE nor a declared source: a warning (the engine may know it),
 * with the fix that is most likely right — smelt.ref for a model, the source's name for a typo. */
static void check_table_use(collector *c, uint32_t model, const smelt_table_use *use) {
    /* A file read by its path is what the author meant to read, never a misspelt model or source. */
    if (use->is_file) return;
    smelt_db *db = c->db;
    smelt_arena *arena = c->out->arena;
    const smelt_target *target = smelt_db_target(db);
    const char *default_schema = target ? target->schema : "main";
    smelt_str schema = smelt_str_from_cstr(use->schema ? use->schema : default_schema);
    if (smelt_sources_find(smelt_db_sources(db), schema, smelt_str_from_cstr(use->name))) return;
    size_t len;
    const char *text = smelt_db_model_text(db, model, &len);
    const char *shown = use->schema ? smelt_arena_printf(arena, "%s.%s", use->schema, use->name) : use->name;
    smelt_diag *diag = add(c, smelt_db_model_path(db, model), text, len, SMELT_SEVERITY_WARNING,
                           SMELT_DIAG_UNDECLARED_TABLE, use->start, use->end,
                           smelt_arena_printf(arena, "undeclared table '%s'", shown));
    bool is_model = !use->schema && smelt_db_find_model(db, use->name) != SMELT_NO_MODEL;
    bool same_name = false;
    const char *source = is_model ? NULL : closest_source(c, use, default_schema, &same_name);
    const char *replacement = source;
    if (is_model) {
        diag->hint = smelt_arena_printf(arena, "'%s' is a model: read it with smelt.ref('%s') so smelt builds it first",
                                        use->name, use->name);
        replacement = smelt_arena_printf(arena, "smelt.ref('%s')", use->name);
    } else if (source && same_name) {
        diag->hint = smelt_arena_printf(arena, "did you mean '%s'? (an unqualified name is looked up in the target's "
                                               "schema, '%s')", source, default_schema);
    } else if (source) {
        diag->hint = smelt_arena_printf(arena, "did you mean '%s'?", source);
    } else {
        diag->hint = "declare it in sources.yml so smelt can check it";
    }
    if (replacement) {
        smelt_fix *fix = smelt_arena_alloc(arena, sizeof *fix);
        *fix = (smelt_fix){use->start, use->end, replacement};
        diag->fix = fix;
    }
}

static void check_references(collector *c, uint32_t model) {
    smelt_db *db = c->db;
    smelt_arena *arena = c->out->arena;
    size_t len;
    const char *text = smelt_db_model_text(db, model, &len);
    const char *path = smelt_db_model_path(db, model);
    const smelt_model_facts *facts = smelt_db_facts(db, model);
    for (uint32_t r = 0; r < facts->ref_count; r++) {
        const smelt_ref *ref = &facts->refs[r];
        check_as_of(c, model, ref);
        if (!ref->model || smelt_db_find_model(db, ref->model) != SMELT_NO_MODEL) continue;
        smelt_diag *diag = add(c, path, text, len, SMELT_SEVERITY_ERROR, SMELT_DIAG_UNKNOWN_MODEL, ref->model_start,
                               ref->model_end, smelt_arena_printf(arena, "unknown model '%s'", ref->model));
        uint32_t name_count;
        const char **names = model_names(c, &name_count);
        const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(ref->model), names, name_count);
        diag->hint = suggestion ? smelt_arena_printf(arena, "did you mean '%s'?", suggestion)
                                : "a model is a .sql file under the model paths; its name is the file name";
        if (suggestion) {
            smelt_fix *fix = smelt_arena_alloc(arena, sizeof *fix);
            *fix = (smelt_fix){ref->model_start, ref->model_end, smelt_arena_printf(arena, "'%s'", suggestion)};
            diag->fix = fix;
        }
    }

    /* Tables that are not references: sources, or names the engine may know (a warning). When
     * sources.yml is broken, its syntax error is the one diagnostic, not a warning per table. */
    if (c->sources_unknown) return;
    for (uint32_t t = 0; t < facts->table_count; t++) check_table_use(c, model, &facts->tables[t]);
}

/* ---- Cycles ------------------------------------------------------------------------------------- */

/* The first reference in `from` to the model `to`: its span. */
static bool find_edge(smelt_db *db, uint32_t from, uint32_t to, uint32_t *start, uint32_t *end) {
    const smelt_model_facts *facts = smelt_db_facts(db, from);
    const char *name = smelt_db_model_name(db, to);
    for (uint32_t r = 0; r < facts->ref_count; r++) {
        if (facts->refs[r].model && strcmp(facts->refs[r].model, name) == 0) {
            *start = facts->refs[r].model_start;
            *end = facts->refs[r].model_end;
            return true;
        }
    }
    return false;
}

/* A model that reads itself: one location says it all, so no notes. */
static void report_self_reference(collector *c, uint32_t model) {
    smelt_db *db = c->db;
    uint32_t start = 0, end = 0;
    find_edge(db, model, model, &start, &end);
    size_t len;
    const char *text = smelt_db_model_text(db, model, &len);
    const char *name = smelt_db_model_name(db, model);
    smelt_diag *diag = add(c, smelt_db_model_path(db, model), text, len, SMELT_SEVERITY_ERROR, SMELT_DIAG_REF_CYCLE,
                           start, end, smelt_arena_printf(c->out->arena, "model '%s' reads itself", name));
    diag->hint = "a model cannot read its own output; read the models or sources it is built from";
}

static void report_cycle(collector *c, const uint32_t *cycle, uint32_t length) {
    smelt_db *db = c->db;
    smelt_arena *arena = c->out->arena;
    if (length == 1) {
        report_self_reference(c, cycle[0]);
        return;
    }
    smelt_buf chain;
    smelt_buf_init(&chain);
    for (uint32_t i = 0; i < length; i++) smelt_buf_printf(&chain, "%s -> ", smelt_db_model_name(db, cycle[i]));
    smelt_buf_append_cstr(&chain, smelt_db_model_name(db, cycle[0]));
    smelt_diag_note *notes = smelt_arena_alloc(arena, length * sizeof *notes);
    for (uint32_t i = 0; i < length; i++) {
        uint32_t from = cycle[i], to = cycle[(i + 1) % length];
        notes[i].path = smelt_db_model_path(db, from);
        find_edge(db, from, to, &notes[i].start, &notes[i].end);
        notes[i].message = smelt_arena_printf(arena, "'%s' reads '%s' here", smelt_db_model_name(db, from),
                                              smelt_db_model_name(db, to));
    }
    size_t len;
    const char *text = smelt_db_model_text(db, cycle[0], &len);
    smelt_diag *diag = add(c, smelt_db_model_path(db, cycle[0]), text, len, SMELT_SEVERITY_ERROR, SMELT_DIAG_REF_CYCLE,
                           notes[0].start, notes[0].end,
                           smelt_arena_printf(arena, "models depend on each other in a cycle: %s", chain.data));
    diag->hint = "a model cannot read itself, directly or through others; break one of these references";
    diag->notes = notes;
    diag->note_count = length;
    smelt_buf_free(&chain);
}

/* Finds each cycle once with a depth-first search over the models Kahn's algorithm left over. */
static void check_cycles(collector *c, const smelt_graph *graph) {
    if (!graph->has_cycle) return;
    uint32_t n = graph->slots;
    unsigned char *state = calloc(n ? n : 1, 1); /* 0 new, 1 on the stack, 2 done */
    uint32_t *stack = smelt_xmalloc((n ? n : 1) * sizeof *stack);
    uint32_t *next_edge = smelt_xmalloc((n ? n : 1) * sizeof *next_edge);
    for (uint32_t i = graph->acyclic_count; i < graph->order_count; i++) {
        uint32_t root = graph->order[i];
        if (state[root]) continue;
        uint32_t depth = 0;
        stack[depth++] = root;
        state[root] = 1;
        next_edge[root] = graph->upstream_start[root];
        while (depth) {
            uint32_t m = stack[depth - 1];
            if (next_edge[m] == graph->upstream_start[m + 1]) {
                state[m] = 2;
                depth--;
                continue;
            }
            uint32_t up = graph->upstream[next_edge[m]++];
            if (state[up] == 1) {
                /* The stack from `up` to the top is a cycle; edges run downstream -> upstream, so
                 * report it in reading order (each model reads the next). */
                uint32_t from = depth - 1;
                while (stack[from] != up) from--;
                report_cycle(c, stack + from, depth - from);
            } else if (state[up] == 0) {
                state[up] = 1;
                next_edge[up] = graph->upstream_start[up];
                stack[depth++] = up;
            }
        }
    }
    free(state);
    free(stack);
    free(next_edge);
}

/* ---- Names ------------------------------------------------------------------------------------- */

/* A table is built under "<name>" SMELT_TEMPORARY_SUFFIX and then renamed, so a model of that name
 * would collide with another model's build. */
static void check_model_name(collector *c, uint32_t model) {
    const char *name = smelt_db_model_name(c->db, model);
    const char *suffix = SMELT_TEMPORARY_SUFFIX;
    size_t len = strlen(name), suffix_len = strlen(suffix);
    if (len < suffix_len || strcmp(name + len - suffix_len, suffix) != 0) return;
    size_t text_len;
    const char *text = smelt_db_model_text(c->db, model, &text_len);
    smelt_diag *diag = add(c, smelt_db_model_path(c->db, model), text, text_len, SMELT_SEVERITY_ERROR,
                           SMELT_DIAG_INVALID_MODEL_NAME, 0, 0,
                           smelt_arena_printf(c->out->arena, "model name '%s' ends in '%s', the name smelt gives a table while it builds it",
                                              name, suffix));
    diag->hint = "rename the file";
}

static void check_duplicates(collector *c) {
    smelt_db *db = c->db;
    smelt_db_find_model(db, ""); /* builds the index and the duplicate list */
    for (uint32_t i = 0; i < db->duplicate_count; i++) {
        uint32_t first = db->duplicates[i].first, second = db->duplicates[i].second;
        size_t len;
        const char *text = smelt_db_model_text(db, second, &len);
        smelt_diag *diag = add(c, smelt_db_model_path(db, second), text, len, SMELT_SEVERITY_ERROR,
                               SMELT_DIAG_DUPLICATE_MODEL, 0, 0,
                               smelt_arena_printf(c->out->arena, "model name '%s' is used by two files: %s and %s",
                                                  smelt_db_model_name(db, second), smelt_db_model_path(db, first),
                                                  smelt_db_model_path(db, second)));
        diag->hint = "a model's name is its file name and must be unique across the model paths, ignoring case (the engines do); rename one file";
        smelt_diag_note *note = smelt_arena_alloc(c->out->arena, sizeof *note);
        *note = (smelt_diag_note){smelt_db_model_path(db, first), 0, 0, "the other file"};
        diag->notes = note;
        diag->note_count = 1;
    }
}

/* `models:` entries in smelt.yml for models that do not exist: likely a typo or a renamed file. */
static void check_model_settings(collector *c) {
    smelt_db *db = c->db;
    const smelt_config *config = smelt_db_config(db);
    for (uint32_t i = 0; i < config->model_count; i++) {
        if (smelt_db_find_model(db, config->models[i].name) != SMELT_NO_MODEL) continue;
        uint32_t name_count;
        const char **names = model_names(c, &name_count);
        smelt_diag *diag = add(c, db->config_file.path, db->config_file.text, db->config_file.len, SMELT_SEVERITY_WARNING,
                               SMELT_DIAG_CONFIG_UNKNOWN_KEY, config->models[i].settings.start, config->models[i].settings.end,
                               smelt_arena_printf(c->out->arena, "'models:' configures '%s', but there is no such model",
                                                  config->models[i].name));
        const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(config->models[i].name), names, name_count);
        diag->hint = suggestion ? smelt_arena_printf(c->out->arena, "did you mean '%s'?", suggestion)
                                : "remove the entry, or name a model file";
    }
}

/* ---- Assembly ----------------------------------------------------------------------------------- */

static bool has_yaml_syntax_error(const yaml_input *input) {
    for (size_t i = 0; i < input->diags.count; i++)
        if (input->diags.items[i].code == SMELT_DIAG_YAML_SYNTAX) return true;
    return false;
}

static int compare_located(const void *a, const void *b) {
    const smelt_located_diag *x = a, *y = b;
    if (!x->path != !y->path) return x->path ? 1 : -1;
    if (x->path && y->path) {
        int by_path = strcmp(x->path, y->path);
        if (by_path) return by_path;
    }
    if (x->diag.start != y->diag.start) return x->diag.start < y->diag.start ? -1 : 1;
    return 0;
}

void smelt_db_collect_diagnostics(smelt_db *db, smelt_db_diagnostics *out) {
    smelt_db_collect_diagnostics_of(db, NULL, true, out);
}

void smelt_db_collect_diagnostics_of(smelt_db *db, const bool *models, bool project_wide, smelt_db_diagnostics *out) {
    memset(out, 0, sizeof *out);
    out->arena = smelt_arena_new();
    collector c = {db, out, 0, false, NULL, 0};
    smelt_db_prepare(db, 1);
    const smelt_config *config = smelt_db_config(db);
    smelt_db_sources(db); /* loads sources.yml and its diagnostics */
    c.sources_unknown = has_yaml_syntax_error(&db->sources_file);
    if (project_wide) {
        /* The YAML files' own diagnostics; a missing smelt.yml is one error. */
        if (!db->config_file.present) {
            smelt_diag *diag = add(&c, NULL, NULL, 0, SMELT_SEVERITY_ERROR, SMELT_DIAG_NO_PROJECT, 0, 0,
                                   smelt_arena_printf(out->arena, "no smelt.yml found (looked for %s)",
                                                      db->config_file.path ? db->config_file.path : "smelt.yml"));
            diag->hint = "run smelt in a project folder, pass --project-dir, or create a project with `smelt init`";
        }
        add_list(&c, db->config_file.path, db->config_file.text, db->config_file.len, &db->config_file.diags);
        add_list(&c, db->sources_file.path, db->sources_file.text, db->sources_file.len, &db->sources_file.diags);
        if (!smelt_db_target(db)) {
            const char *wanted = db->options.target ? db->options.target : "";
            add(&c, NULL, NULL, 0, SMELT_SEVERITY_ERROR, SMELT_DIAG_UNKNOWN_TARGET, 0, 0,
                smelt_arena_printf(out->arena, "--target '%s' is not a target of smelt.yml", wanted))
                ->hint = smelt_config_target_hint(config, wanted, out->arena);
        }
    }

    /* The whole project: every schema first, in parallel. A few models (the language server after an
     * edit): each one's upstreams on demand, which touches only what it reads. */
    if (!models) smelt_db_prepare_schemas(db, db->threads);
    for (uint32_t m = 0; m < smelt_db_model_slots(db); m++) {
        if (!smelt_db_model_exists(db, m) || (models && !models[m])) continue;
        size_t len;
        const char *text = smelt_db_model_text(db, m, &len);
        const char *path = smelt_db_model_path(db, m);
        add_list(&c, path, text, len, &smelt_db_tree(db, m)->diags);
        add_list(&c, path, text, len, &smelt_db_facts(db, m)->diags);
        check_model_name(&c, m);
        check_references(&c, m);
        /* Name resolution and type checks (sema/schema.h), memoized per model by analysis/schema.c. */
        add_list(&c, path, text, len, &smelt_db_model_schema(db, m)->diags);
    }
    if (project_wide) {
        check_duplicates(&c);
        check_model_settings(&c);
        check_cycles(&c, smelt_db_graph(db));
    }

    if (out->count) qsort(out->items, out->count, sizeof *out->items, compare_located); /* items is NULL when empty */
    for (uint32_t i = 0; i < out->count; i++) {
        const smelt_diag *diag = &out->items[i].diag;
        if (diag->severity == SMELT_SEVERITY_ERROR) {
            out->errors++;
            if (smelt_diag_is_configuration(diag->code)) out->configuration_errors = true;
        } else if (diag->severity == SMELT_SEVERITY_WARNING) {
            out->warnings++;
        }
    }
}

void smelt_db_diagnostics_free(smelt_db_diagnostics *diagnostics) {
    if (!diagnostics) return;
    free(diagnostics->items);
    smelt_arena_free(diagnostics->arena);
    memset(diagnostics, 0, sizeof *diagnostics);
}
