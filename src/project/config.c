/*
 * config.c — smelt.yml and sources.yml into typed configuration, with a diagnostic for every
 * problem at the node that has it.
 */
#include "project/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "project/yaml.h"

typedef struct {
    smelt_arena *arena;
    smelt_diag_list *diags;
    smelt_env_lookup env;
    void *env_context;
    bool secret; /* set by the last interpolation that used the environment */
    const char **env_values; /* the values that interpolation took from the environment */
    uint32_t env_value_count, env_value_cap;
    bool incomplete; /* the YAML had a syntax error: what follows it was never read */
} reader;

static smelt_diag *report(reader *r, smelt_severity severity, smelt_diag_code code, const smelt_yaml_node *node,
                          const char *message) {
    uint32_t start = node ? node->start : 0, end = node ? node->end : 0;
    return smelt_diag_list_add(r->diags, severity, code, start, end, message);
}

/* A required key is missing. After a YAML syntax error it may only be unread, past the error, so
 * nothing is reported then: one mistake gives one diagnostic. */
static void report_missing(reader *r, const smelt_yaml_node *node, const char *message, const char *hint) {
    if (r->incomplete) return;
    report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_MISSING_KEY, node, message)->hint = hint;
}

/* Loads a YAML file for r, noting whether it parsed to the end. */
static smelt_yaml_node *load_yaml(reader *r, const char *text, size_t len) {
    size_t before = r->diags->count;
    smelt_yaml_node *root = smelt_yaml_load(text, len, r->arena, r->diags);
    for (size_t i = before; i < r->diags->count; i++)
        if (r->diags->items[i].code == SMELT_DIAG_YAML_SYNTAX) r->incomplete = true;
    return root;
}

/* Applies ${VAR} and ${VAR:-default}. Returns NULL (with a diagnostic) when a variable is unset and
 * has no default. `$${` stays a literal `${`. */
static const char *interpolate(reader *r, const smelt_yaml_node *node) {
    smelt_str text = node->value;
    if (!memchr(text.ptr, '$', text.len)) return text.ptr;
    smelt_buf out;
    smelt_buf_init(&out);
    bool ok = true;
    for (size_t i = 0; i < text.len; i++) {
        if (text.ptr[i] == '$' && i + 2 < text.len && text.ptr[i + 1] == '$' && text.ptr[i + 2] == '{') {
            smelt_buf_append(&out, "${", 2);
            i += 2;
            continue;
        }
        if (text.ptr[i] != '$' || i + 1 >= text.len || text.ptr[i + 1] != '{') {
            smelt_buf_append_char(&out, text.ptr[i]);
            continue;
        }
        const char *close = memchr(text.ptr + i, '}', text.len - i);
        if (!close) {
            smelt_diag *diag = report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_VALUE, node, "'${' without a closing '}'");
            diag->hint = "write ${NAME} or ${NAME:-default}";
            ok = false;
            break;
        }
        size_t inner_start = i + 2, inner_len = (size_t)(close - text.ptr) - inner_start;
        const char *inner = text.ptr + inner_start;
        const char *fallback = NULL;
        size_t name_len = inner_len, fallback_len = 0;
        for (size_t k = 0; k + 1 < inner_len; k++) {
            if (inner[k] == ':' && inner[k + 1] == '-') {
                name_len = k;
                fallback = inner + k + 2;
                fallback_len = inner_len - k - 2;
                break;
            }
        }
        char *name = smelt_arena_strndup(r->arena, inner, name_len);
        if (name_len == 0) {
            report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_VALUE, node, "'${}' names no environment variable")->hint =
                "write ${NAME} or ${NAME:-default}";
            ok = false;
            break;
        }
        const char *value = r->env ? r->env(name, r->env_context) : NULL;
        if (value) {
            smelt_buf_append_cstr(&out, value);
            r->secret = true;
            if (r->env_value_count == r->env_value_cap) {
                const char **grown = smelt_arena_alloc(r->arena, (r->env_value_cap * 2 + 4) * sizeof *grown);
                if (r->env_value_count) memcpy(grown, r->env_values, r->env_value_count * sizeof *grown);
                r->env_values = grown;
                r->env_value_cap = r->env_value_cap * 2 + 4;
            }
            r->env_values[r->env_value_count++] = smelt_arena_strndup(r->arena, value, strlen(value));
        } else if (fallback) {
            smelt_buf_append(&out, fallback, fallback_len);
        } else {
            smelt_diag *diag = report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_ENV, node,
                                      smelt_arena_printf(r->arena, "environment variable '%s' is not set", name));
            diag->hint = smelt_arena_printf(r->arena, "export %s=..., or give a default: ${%s:-value}", name, name);
            ok = false;
        }
        i = (size_t)(close - text.ptr);
    }
    const char *result = ok ? smelt_arena_strndup(r->arena, out.data ? out.data : "", out.len) : NULL;
    smelt_buf_free(&out);
    return result;
}

/* How a diagnostic shows the value just read: never one that came from the environment (a secret). */
static const char *shown(const reader *r, const char *text) { return r->secret ? "(from the environment)" : text; }

/* A string value; NULL (with a diagnostic naming `what`) when the node is not a single value. */
static const char *read_string(reader *r, const smelt_yaml_node *node, const char *what) {
    r->secret = false;
    r->env_value_count = 0;
    if (!node) return NULL;
    if (node->kind != SMELT_YAML_SCALAR || smelt_yaml_is_null(node)) {
        report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, node,
               smelt_arena_printf(r->arena, "%s must be a single value, found %s", what, smelt_yaml_kind_name(node)))
            ->hint = smelt_yaml_is_null(node) ? "write its value after the ':'" : NULL;
        return NULL;
    }
    return interpolate(r, node);
}

/* A whole number from min to max; `example` is a valid line for the hint, e.g. "threads: 4". */
static bool read_int(reader *r, const smelt_yaml_node *node, const char *what, long min, long max, const char *example,
                     int *out) {
    const char *text = read_string(r, node, what);
    if (!text) return false;
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || errno || value < min || value > max) {
        bool digits = *text != '\0' && *end == '\0';
        report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, node,
               smelt_arena_printf(r->arena, "%s must be a whole number from %ld to %ld, found '%s'", what, min, max,
                                  shown(r, text)))
            ->hint = !digits      ? smelt_arena_printf(r->arena, "write digits only, e.g. `%s`", example)
                     : value < min ? smelt_arena_printf(r->arena, "use at least %ld, e.g. `%s`", min, example)
                                   : smelt_arena_printf(r->arena, "use at most %ld, e.g. `%s`", max, example);
        return false;
    }
    *out = (int)value;
    return true;
}

static bool read_bool(reader *r, const smelt_yaml_node *node, const char *what, bool *out) {
    const char *text = read_string(r, node, what);
    if (!text) return false;
    smelt_str word = smelt_str_from_cstr(text);
    if (smelt_str_ieq_cstr(word, "true") || smelt_str_ieq_cstr(word, "yes")) *out = true;
    else if (smelt_str_ieq_cstr(word, "false") || smelt_str_ieq_cstr(word, "no")) *out = false;
    else {
        report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, node,
               smelt_arena_printf(r->arena, "%s must be true or false, found '%s'", what, shown(r, text)))
            ->hint = smelt_arena_printf(r->arena, "write `%s: true` or `%s: false`", what, what);
        return false;
    }
    return true;
}

/* A list of strings; a single value counts as a list of one, and "a, b" in one value as two. */
static const char **read_string_list(reader *r, const smelt_yaml_node *node, const char *what, uint32_t *count) {
    *count = 0;
    if (!node || smelt_yaml_is_null(node)) return NULL;
    if (node->kind == SMELT_YAML_MAPPING) {
        report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, node,
               smelt_arena_printf(r->arena, "%s must be a list, found a mapping", what))
            ->hint = smelt_arena_printf(r->arena, "write `%s: [a, b]`, or one `- a` line per item", what);
        return NULL;
    }
    if (node->kind == SMELT_YAML_SCALAR) {
        const char **items = smelt_arena_alloc(r->arena, sizeof *items);
        items[0] = read_string(r, node, what);
        *count = items[0] ? 1 : 0;
        return items;
    }
    const char **items = smelt_arena_alloc(r->arena, (node->count ? node->count : 1) * sizeof *items);
    for (uint32_t i = 0; i < node->count; i++) {
        const char *item = read_string(r, node->items[i], what);
        if (item) items[(*count)++] = item;
    }
    return items;
}

static bool expect_mapping(reader *r, const smelt_yaml_node *node, const char *what) {
    if (node && node->kind == SMELT_YAML_MAPPING) return true;
    if (node && smelt_yaml_is_null(node)) return false; /* an empty section is allowed */
    report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, node,
           smelt_arena_printf(r->arena, "%s must be a mapping of keys to values, found %s", what, smelt_yaml_kind_name(node)));
    return false;
}

/* Warns about every key of mapping that is not in allowed, with a did-you-mean. */
static void check_keys(reader *r, const smelt_yaml_node *mapping, const char *const *allowed, size_t count,
                       const char *where) {
    for (uint32_t i = 0; i < mapping->count; i++) {
        const smelt_yaml_node *key = mapping->pairs[i].key;
        if (key->kind != SMELT_YAML_SCALAR) {
            report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, key, "keys must be plain names");
            continue;
        }
        bool known = false;
        for (size_t k = 0; k < count && !known; k++) known = smelt_str_eq_cstr(key->value, allowed[k]);
        if (known) continue;
        smelt_diag *diag = report(r, SMELT_SEVERITY_WARNING, SMELT_DIAG_CONFIG_UNKNOWN_KEY, key,
                                  smelt_arena_printf(r->arena, "unknown key '%.*s' in %s", (int)key->value.len,
                                                     key->value.ptr, where));
        const char *suggestion = smelt_str_suggest(key->value, allowed, count);
        diag->hint = suggestion ? smelt_arena_printf(r->arena, "did you mean '%s'?", suggestion)
                                : "smelt ignores this key";
    }
}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* ---- Names -------------------------------------------------------------------------------------- */

static const char *const materialization_names[] = {"view", "table", "incremental", "ephemeral"};

const char *smelt_materialization_name(smelt_materialization materialization) {
    return (unsigned)materialization < COUNT(materialization_names) ? materialization_names[materialization] : "view";
}

bool smelt_materialization_parse(smelt_str word, smelt_materialization *out) {
    for (size_t i = 0; i < COUNT(materialization_names); i++) {
        if (smelt_str_ieq_cstr(word, materialization_names[i])) {
            *out = (smelt_materialization)i;
            return true;
        }
    }
    return false;
}

const char *smelt_materialization_hint(smelt_str word, smelt_arena *arena) {
    const char *suggestion = smelt_str_suggest(word, materialization_names, COUNT(materialization_names));
    return suggestion ? smelt_arena_printf(arena, "did you mean '%s'? (view, table, incremental or ephemeral)", suggestion)
                      : "use view, table, incremental or ephemeral";
}

static const char *const engine_names[] = {"duckdb", "spark", "postgres"};

const char *smelt_engine_name(smelt_engine engine) {
    return (unsigned)engine < COUNT(engine_names) ? engine_names[engine] : "duckdb";
}

static bool read_materialization(reader *r, const smelt_yaml_node *node, smelt_materialization *out) {
    const char *text = read_string(r, node, "materialization");
    if (!text) return false;
    if (smelt_materialization_parse(smelt_str_from_cstr(text), out)) return true;
    report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_VALUE, node,
           smelt_arena_printf(r->arena, "unknown materialization '%s'", shown(r, text)))
        ->hint = smelt_materialization_hint(smelt_str_from_cstr(text), r->arena);
    return false;
}

/* ---- Targets ------------------------------------------------------------------------------------ */

static const char *const duckdb_keys[] = {"type", "database", "path", "schema", "threads"};
static const char *const spark_keys[] = {"type", "host", "port", "transport", "auth", "user", "password",
                                         "http_path", "token", "schema", "file_format", "threads",
                                         "connect_timeout", "statement_timeout", "tls", "verify_tls"};
static const char *const postgres_keys[] = {"type", "host", "port", "dbname", "user", "password", "schema",
                                            "threads", "sslmode", "connect_timeout"};

static void read_target(reader *r, const smelt_yaml_node *key, const smelt_yaml_node *node, smelt_target *target) {
    memset(target, 0, sizeof *target);
    target->name = smelt_arena_strndup(r->arena, key->value.ptr, key->value.len);
    target->start = key->start;
    target->end = key->end;
    const char *where = smelt_arena_printf(r->arena, "target '%s'", target->name);
    if (!expect_mapping(r, node, where)) {
        if (node && smelt_yaml_is_null(node))
            report_missing(r, key, smelt_arena_printf(r->arena, "target '%s' has no settings", target->name),
                           "give it at least `type: duckdb`");
        target->schema = "main";
        return;
    }
    const smelt_yaml_node *type = smelt_yaml_get(node, "type");
    const char *type_name = type ? read_string(r, type, "type") : NULL;
    if (!type) {
        report_missing(r, key, smelt_arena_printf(r->arena, "target '%s' has no 'type'", target->name),
                       "add `type: duckdb` (or spark, postgres)");
    } else if (type_name) {
        bool known = false;
        for (size_t i = 0; i < COUNT(engine_names) && !known; i++) {
            if (strcmp(type_name, engine_names[i]) == 0) {
                target->engine = (smelt_engine)i;
                known = true;
            }
        }
        if (!known) {
            smelt_diag *diag = report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_VALUE, type,
                                      smelt_arena_printf(r->arena, "unknown target type '%s'", shown(r, type_name)));
            const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(type_name), engine_names, COUNT(engine_names));
            diag->hint = suggestion ? smelt_arena_printf(r->arena, "did you mean '%s'? (duckdb, spark or postgres)", suggestion)
                                    : "use duckdb, spark or postgres";
        }
    }
    switch (target->engine) {
    case SMELT_ENGINE_DUCKDB: check_keys(r, node, duckdb_keys, COUNT(duckdb_keys), where); break;
    case SMELT_ENGINE_SPARK: check_keys(r, node, spark_keys, COUNT(spark_keys), where); break;
    case SMELT_ENGINE_POSTGRES: check_keys(r, node, postgres_keys, COUNT(postgres_keys), where); break;
    }
    target->settings = smelt_arena_zalloc(r->arena, (node->count ? node->count : 1) * sizeof *target->settings);
    for (uint32_t i = 0; i < node->count; i++) {
        const smelt_yaml_node *k = node->pairs[i].key, *v = node->pairs[i].value;
        if (k->kind != SMELT_YAML_SCALAR) continue;
        const char *setting_key = smelt_arena_strndup(r->arena, k->value.ptr, k->value.len);
        const char *value = read_string(r, v, smelt_arena_printf(r->arena, "'%s' of target '%s'", setting_key, target->name));
        if (!value) continue;
        smelt_target_setting *setting = &target->settings[target->setting_count++];
        *setting = (smelt_target_setting){setting_key, value, r->secret, v->start, v->end, NULL, r->env_value_count};
        if (r->env_value_count) {
            setting->env_values = smelt_arena_alloc(r->arena, r->env_value_count * sizeof *setting->env_values);
            memcpy(setting->env_values, r->env_values, r->env_value_count * sizeof *setting->env_values);
        }
        if (strcmp(setting_key, "threads") == 0)
            read_int(r, v, "'threads'", 1, SMELT_MAX_THREADS, "threads: 4", &target->threads);
        if (strcmp(setting_key, "port") == 0) {
            int port;
            read_int(r, v, "'port'", 1, 65535, "port: 10000", &port);
        }
    }
    const char *schema = smelt_target_setting_value(target, "schema");
    static const char *const default_schemas[] = {"main", "default", "public"};
    target->schema = schema ? schema : default_schemas[target->engine];
    if (target->engine == SMELT_ENGINE_DUCKDB) {
        const char *database = smelt_target_setting_value(target, "database");
        if (!database) database = smelt_target_setting_value(target, "path");
        target->database = database ? database : smelt_arena_printf(r->arena, "target/%s.duckdb", target->name);
        if (strcmp(target->database, ":memory:") == 0) target->database = NULL;
    }
}

const char *smelt_target_setting_value(const smelt_target *target, const char *key) {
    for (uint32_t i = 0; target && i < target->setting_count; i++)
        if (strcmp(target->settings[i].key, key) == 0) return target->settings[i].value;
    return NULL;
}

static bool is_word_byte(char c) { return c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

/* Whether secret is at text (start is where the message begins). One of fewer than 4 bytes counts
 * only as a word of its own: the 2 of `threads: "${THREADS}"` is hidden in "threads 2", not in INT32. */
static bool secret_is_at(const char *start, const char *text, const char *secret, size_t len) {
    if (len == 0 || strncmp(text, secret, len) != 0) return false;
    return len >= 4 || ((text == start || !is_word_byte(text[-1])) && !is_word_byte(text[len]));
}

/* The length of the longest secret of target at text; 0 when there is none. */
static size_t secret_at(const smelt_target *target, const char *start, const char *text) {
    size_t longest = 0;
    for (uint32_t i = 0; i < target->setting_count; i++) {
        const smelt_target_setting *setting = &target->settings[i];
        if (!setting->secret) continue;
        size_t len = strlen(setting->value);
        if (len > longest && secret_is_at(start, text, setting->value, len)) longest = len;
        for (uint32_t v = 0; v < setting->env_value_count; v++) {
            len = strlen(setting->env_values[v]);
            if (len > longest && secret_is_at(start, text, setting->env_values[v], len)) longest = len;
        }
    }
    return longest;
}

char *smelt_target_hide_secrets(const smelt_target *target, const char *message) {
    smelt_buf out;
    smelt_buf_init(&out);
    /* One pass, longest secret first at each place: the replacement is never searched again. */
    const char *start = message ? message : "";
    for (const char *c = start; *c;) {
        size_t len = target ? secret_at(target, start, c) : 0;
        if (len) {
            smelt_buf_append_cstr(&out, "(from the environment)");
            c += len;
        } else {
            smelt_buf_append_char(&out, *c++);
        }
    }
    char *result = smelt_xmalloc(out.len + 1);
    memcpy(result, out.data ? out.data : "", out.len);
    result[out.len] = '\0';
    smelt_buf_free(&out);
    return result;
}

/* ---- Model settings ----------------------------------------------------------------------------- */

static const char *const model_keys[] = {"materialization", "materialized", "tags", "schema", "partition_by",
                                         "unique_key", "lookback", "schema_evolution", "description"};

static void read_model_settings(reader *r, const smelt_yaml_node *key, const smelt_yaml_node *node,
                                smelt_model_settings *settings) {
    memset(settings, 0, sizeof *settings);
    settings->start = key->start;
    settings->end = key->end;
    const char *where = smelt_arena_printf(r->arena, "model '%.*s'", (int)key->value.len, key->value.ptr);
    if (!expect_mapping(r, node, where)) return;
    check_keys(r, node, model_keys, COUNT(model_keys), where);
    const smelt_yaml_node *materialization = smelt_yaml_get(node, "materialization");
    if (!materialization) materialization = smelt_yaml_get(node, "materialized"); /* dbt's spelling */
    if (materialization) settings->has_materialization = read_materialization(r, materialization, &settings->materialization);
    const smelt_yaml_node *tags = smelt_yaml_get(node, "tags");
    if (tags) {
        settings->tags = read_string_list(r, tags, "tags", &settings->tag_count);
        settings->has_tags = true;
    }
    const smelt_yaml_node *value;
    if ((value = smelt_yaml_get(node, "schema"))) settings->schema = read_string(r, value, "schema");
    if ((value = smelt_yaml_get(node, "partition_by"))) settings->partition_by = read_string(r, value, "partition_by");
    if ((value = smelt_yaml_get(node, "unique_key"))) settings->unique_key = read_string(r, value, "unique_key");
    if ((value = smelt_yaml_get(node, "lookback"))) settings->lookback = read_string(r, value, "lookback");
    if ((value = smelt_yaml_get(node, "schema_evolution")))
        settings->schema_evolution = read_string(r, value, "schema_evolution");
}

/* ---- Seed settings ---------------------------------------------------------------------------- */

static const char *const seed_keys[] = {"schema", "columns"};

static void read_seed(reader *r, smelt_seed_entry *entry, const smelt_yaml_node *node) {
    const char *where = smelt_arena_printf(r->arena, "seed '%s'", entry->name);
    if (!expect_mapping(r, node, where)) return;
    check_keys(r, node, seed_keys, COUNT(seed_keys), where);
    const smelt_yaml_node *schema = smelt_yaml_get(node, "schema");
    if (schema) entry->schema = read_string(r, schema, "schema");
    const smelt_yaml_node *columns = smelt_yaml_get(node, "columns");
    if (!columns || !expect_mapping(r, columns, smelt_arena_printf(r->arena, "the columns of seed '%s'", entry->name)))
        return;
    entry->columns = smelt_arena_zalloc(r->arena, (columns->count ? columns->count : 1) * sizeof *entry->columns);
    for (uint32_t i = 0; i < columns->count; i++) {
        const smelt_yaml_node *key = columns->pairs[i].key;
        if (key->kind != SMELT_YAML_SCALAR) continue;
        const char *type = read_string(r, columns->pairs[i].value, "a column type");
        if (!type) continue;
        entry->columns[entry->column_count++] =
            (smelt_seed_column){smelt_arena_strndup(r->arena, key->value.ptr, key->value.len), type};
    }
}

/* ---- smelt.yml ---------------------------------------------------------------------------------- */

static const char *const project_keys[] = {"name", "version", "model_paths", "seed_paths", "default_target",
                                           "default_materialization", "targets", "models", "schema_evolution",
                                           "strict", "seeds", "metric_paths", "profile", "description"};

smelt_config *smelt_config_load(const char *text, size_t len, smelt_env_lookup env, void *env_context,
                                smelt_arena *arena, smelt_diag_list *diags) {
    reader r = {arena, diags, env, env_context, false};
    smelt_config *config = smelt_arena_zalloc(arena, sizeof *config);
    config->version = 1;
    config->default_materialization = SMELT_MATERIALIZE_VIEW;

    smelt_yaml_node *root = load_yaml(&r, text, len);
    bool usable = root && root->kind == SMELT_YAML_MAPPING;
    if (root && !usable)
        report(&r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, root,
               smelt_arena_printf(arena, "smelt.yml must be a mapping of keys to values, found %s", smelt_yaml_kind_name(root)));
    if (usable) check_keys(&r, root, project_keys, COUNT(project_keys), "smelt.yml");

    const smelt_yaml_node *node = usable ? smelt_yaml_get(root, "name") : NULL;
    if (node) config->name = read_string(&r, node, "name");
    else if (usable || !root)
        report_missing(&r, NULL, "smelt.yml has no 'name'", "add a line `name: my_project`");
    if (!config->name) config->name = "project";
    if (usable && (node = smelt_yaml_get(root, "version"))) read_int(&r, node, "version", 1, 1, "version: 1", &config->version);

    if (usable && (node = smelt_yaml_get(root, "model_paths")))
        config->model_paths = read_string_list(&r, node, "model_paths", &config->model_path_count);
    if (config->model_path_count == 0) {
        config->model_paths = smelt_arena_alloc(arena, sizeof *config->model_paths);
        config->model_paths[0] = "models";
        config->model_path_count = 1;
    }
    if (usable && (node = smelt_yaml_get(root, "seed_paths")))
        config->seed_paths = read_string_list(&r, node, "seed_paths", &config->seed_path_count);
    if (config->seed_path_count == 0) {
        config->seed_paths = smelt_arena_alloc(arena, sizeof *config->seed_paths);
        config->seed_paths[0] = "seeds";
        config->seed_path_count = 1;
    }
    if (usable && (node = smelt_yaml_get(root, "default_materialization"))) {
        smelt_materialization materialization;
        if (read_materialization(&r, node, &materialization)) config->default_materialization = materialization;
    }
    if (usable && (node = smelt_yaml_get(root, "strict"))) read_bool(&r, node, "strict", &config->strict);

    /* Targets: a project without any gets an embedded DuckDB one, as `smelt init` would write. */
    const smelt_yaml_node *targets = usable ? smelt_yaml_get(root, "targets") : NULL;
    if (targets && expect_mapping(&r, targets, "targets")) {
        config->targets = smelt_arena_zalloc(arena, (targets->count ? targets->count : 1) * sizeof *config->targets);
        for (uint32_t i = 0; i < targets->count; i++) {
            if (targets->pairs[i].key->kind != SMELT_YAML_SCALAR) continue;
            read_target(&r, targets->pairs[i].key, targets->pairs[i].value, &config->targets[config->target_count++]);
        }
    }
    if (config->target_count == 0) {
        config->targets = smelt_arena_zalloc(arena, sizeof *config->targets);
        config->targets[0] = (smelt_target){.name = "dev", .engine = SMELT_ENGINE_DUCKDB, .schema = "main",
                                            .database = "target/dev.duckdb"};
        config->target_count = 1;
    }
    node = usable ? smelt_yaml_get(root, "default_target") : NULL;
    config->default_target = node ? read_string(&r, node, "default_target") : NULL;
    if (config->default_target && !smelt_config_target(config, config->default_target)) {
        report(&r, SMELT_SEVERITY_ERROR, SMELT_DIAG_UNKNOWN_TARGET, node,
               smelt_arena_printf(arena, "default_target '%s' is not defined under targets", shown(&r, config->default_target)))
            ->hint = smelt_config_target_hint(config, config->default_target, arena);
        config->default_target = NULL;
    }
    if (!config->default_target) config->default_target = config->targets[0].name;

    const smelt_yaml_node *models = usable ? smelt_yaml_get(root, "models") : NULL;
    if (models && expect_mapping(&r, models, "models")) {
        config->models = smelt_arena_zalloc(arena, (models->count ? models->count : 1) * sizeof *config->models);
        for (uint32_t i = 0; i < models->count; i++) {
            const smelt_yaml_node *key = models->pairs[i].key;
            if (key->kind != SMELT_YAML_SCALAR) continue;
            smelt_model_entry *entry = &config->models[config->model_count++];
            entry->name = smelt_arena_strndup(arena, key->value.ptr, key->value.len);
            read_model_settings(&r, key, models->pairs[i].value, &entry->settings);
        }
    }
    const smelt_yaml_node *seeds = usable ? smelt_yaml_get(root, "seeds") : NULL;
    if (seeds && expect_mapping(&r, seeds, "seeds")) {
        config->seeds = smelt_arena_zalloc(arena, (seeds->count ? seeds->count : 1) * sizeof *config->seeds);
        for (uint32_t i = 0; i < seeds->count; i++) {
            const smelt_yaml_node *key = seeds->pairs[i].key;
            if (key->kind != SMELT_YAML_SCALAR) continue;
            smelt_seed_entry *entry = &config->seeds[config->seed_count++];
            entry->name = smelt_arena_strndup(arena, key->value.ptr, key->value.len);
            read_seed(&r, entry, seeds->pairs[i].value);
        }
    }
    return config;
}

const smelt_seed_entry *smelt_config_seed(const smelt_config *config, const char *seed) {
    for (uint32_t i = 0; i < config->seed_count; i++)
        if (strcmp(config->seeds[i].name, seed) == 0) return &config->seeds[i];
    return NULL;
}

const smelt_target *smelt_config_target(const smelt_config *config, const char *name) {
    if (!name) name = config->default_target;
    for (uint32_t i = 0; i < config->target_count; i++)
        if (name && strcmp(config->targets[i].name, name) == 0) return &config->targets[i];
    return NULL;
}

const char *smelt_config_target_hint(const smelt_config *config, const char *wanted, smelt_arena *arena) {
    const char **names = smelt_arena_alloc(arena, (config->target_count + 1) * sizeof *names);
    smelt_buf list;
    smelt_buf_init(&list);
    for (uint32_t i = 0; i < config->target_count; i++) {
        names[i] = config->targets[i].name;
        smelt_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    }
    const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(wanted), names, config->target_count);
    const char *defined = list.data ? list.data : "(none)";
    const char *hint = suggestion ? smelt_arena_printf(arena, "did you mean '%s'? (targets: %s)", suggestion, defined)
                                  : smelt_arena_printf(arena, "the targets are: %s", defined);
    smelt_buf_free(&list);
    return hint;
}

const smelt_model_settings *smelt_config_model(const smelt_config *config, const char *model) {
    for (uint32_t i = 0; i < config->model_count; i++)
        if (strcmp(config->models[i].name, model) == 0) return &config->models[i].settings;
    return NULL;
}

/* ---- sources.yml -------------------------------------------------------------------------------- */

static const char *const sources_keys[] = {"version", "sources"};
static const char *const source_schema_keys[] = {"tables", "description", "database", "schema"};
static const char *const source_table_keys[] = {"columns", "description", "identifier"};
static const char *const column_keys[] = {"name", "type", "nullable", "description", "tests"};

static void read_columns(reader *r, const smelt_yaml_node *node, smelt_source_table *table) {
    if (!node || smelt_yaml_is_null(node)) return;
    if (node->kind != SMELT_YAML_SEQUENCE) {
        smelt_diag *diag = report(r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_TYPE, node,
                                  smelt_arena_printf(r->arena, "columns of '%s' must be a list, found %s", table->name,
                                                     smelt_yaml_kind_name(node)));
        diag->hint = "write each column as `- { name: id, type: INTEGER }`";
        return;
    }
    table->columns = smelt_arena_zalloc(r->arena, (node->count ? node->count : 1) * sizeof *table->columns);
    for (uint32_t i = 0; i < node->count; i++) {
        const smelt_yaml_node *item = node->items[i];
        if (item->kind == SMELT_YAML_SCALAR && !smelt_yaml_is_null(item)) { /* `- order_id`: a name alone */
            smelt_source_column *column = &table->columns[table->column_count++];
            column->name = read_string(r, item, "a column name");
            column->nullable = true;
            column->start = item->start;
            column->end = item->end;
            if (!column->name) table->column_count--;
            continue;
        }
        if (!expect_mapping(r, item, "a column")) continue;
        check_keys(r, item, column_keys, COUNT(column_keys), smelt_arena_printf(r->arena, "a column of '%s'", table->name));
        const smelt_yaml_node *name = smelt_yaml_get(item, "name");
        if (!name) {
            report_missing(r, item, smelt_arena_printf(r->arena, "a column of '%s' has no 'name'", table->name),
                           "write `- { name: id, type: INTEGER }`");
            continue;
        }
        smelt_source_column *column = &table->columns[table->column_count];
        column->name = read_string(r, name, "the column name");
        if (!column->name) continue;
        column->start = name->start;
        column->end = name->end;
        column->nullable = true;
        const smelt_yaml_node *value;
        if ((value = smelt_yaml_get(item, "type"))) column->type = read_string(r, value, "the column type");
        if ((value = smelt_yaml_get(item, "nullable"))) read_bool(r, value, "nullable", &column->nullable);
        if ((value = smelt_yaml_get(item, "description"))) column->description = read_string(r, value, "description");
        table->column_count++;
    }
}

smelt_sources *smelt_sources_load(const char *text, size_t len, smelt_env_lookup env, void *env_context,
                                  smelt_arena *arena, smelt_diag_list *diags) {
    reader r = {arena, diags, env, env_context, false};
    smelt_sources *sources = smelt_arena_zalloc(arena, sizeof *sources);
    smelt_yaml_node *root = load_yaml(&r, text, len);
    if (!root) return sources;
    if (!expect_mapping(&r, root, "sources.yml")) return sources;
    check_keys(&r, root, sources_keys, COUNT(sources_keys), "sources.yml");
    const smelt_yaml_node *schemas = smelt_yaml_get(root, "sources");
    if (!schemas) {
        report_missing(&r, NULL, "sources.yml has no 'sources'",
                       "declare tables as sources: { schema: { tables: { name: { columns: [...] } } } }");
        return sources;
    }
    if (!expect_mapping(&r, schemas, "sources")) return sources;
    uint32_t capacity = 0;
    for (uint32_t s = 0; s < schemas->count; s++) {
        const smelt_yaml_node *tables = smelt_yaml_get(schemas->pairs[s].value, "tables");
        if (tables && tables->kind == SMELT_YAML_MAPPING) capacity += tables->count;
    }
    sources->tables = smelt_arena_zalloc(arena, (capacity ? capacity : 1) * sizeof *sources->tables);
    for (uint32_t s = 0; s < schemas->count; s++) {
        const smelt_yaml_node *schema_key = schemas->pairs[s].key, *schema_node = schemas->pairs[s].value;
        if (schema_key->kind != SMELT_YAML_SCALAR) continue;
        const char *schema = smelt_arena_strndup(arena, schema_key->value.ptr, schema_key->value.len);
        const char *where = smelt_arena_printf(arena, "source '%s'", schema);
        if (!expect_mapping(&r, schema_node, where)) continue;
        check_keys(&r, schema_node, source_schema_keys, COUNT(source_schema_keys), where);
        const smelt_yaml_node *schema_override = smelt_yaml_get(schema_node, "schema");
        if (schema_override) {
            const char *value = read_string(&r, schema_override, "schema");
            if (value) schema = value;
        }
        const smelt_yaml_node *tables = smelt_yaml_get(schema_node, "tables");
        if (!tables) {
            report_missing(&r, schema_key, smelt_arena_printf(arena, "source '%s' has no 'tables'", schema),
                           "list its tables under `tables:`");
            continue;
        }
        if (!expect_mapping(&r, tables, smelt_arena_printf(arena, "the tables of source '%s'", schema))) continue;
        uint32_t block_start = sources->table_count;
        for (uint32_t t = 0; t < tables->count; t++) {
            const smelt_yaml_node *table_key = tables->pairs[t].key, *table_node = tables->pairs[t].value;
            if (table_key->kind != SMELT_YAML_SCALAR) continue;
            smelt_source_table *table = &sources->tables[sources->table_count++];
            table->schema = schema;
            table->name = smelt_arena_strndup(arena, table_key->value.ptr, table_key->value.len);
            table->start = table_key->start;
            table->end = table_key->end;
            /* A repeat inside this mapping is a repeated YAML key, reported by the loader. */
            for (uint32_t other = 0; other < block_start; other++) {
                if (strcmp(sources->tables[other].schema, schema) == 0 && strcmp(sources->tables[other].name, table->name) == 0) {
                    report(&r, SMELT_SEVERITY_ERROR, SMELT_DIAG_CONFIG_VALUE, table_key,
                           smelt_arena_printf(arena, "table '%s.%s' is declared twice", schema, table->name));
                    break;
                }
            }
            if (smelt_yaml_is_null(table_node)) continue;
            const char *table_where = smelt_arena_printf(arena, "table '%s.%s'", schema, table->name);
            if (!expect_mapping(&r, table_node, table_where)) continue;
            check_keys(&r, table_node, source_table_keys, COUNT(source_table_keys), table_where);
            const smelt_yaml_node *value;
            if ((value = smelt_yaml_get(table_node, "description"))) table->description = read_string(&r, value, "description");
            read_columns(&r, smelt_yaml_get(table_node, "columns"), table);
        }
    }
    return sources;
}

const smelt_source_table *smelt_sources_find(const smelt_sources *sources, smelt_str schema, smelt_str table) {
    for (uint32_t i = 0; sources && i < sources->table_count; i++) {
        const smelt_source_table *candidate = &sources->tables[i];
        if (smelt_str_ieq(smelt_str_from_cstr(candidate->name), table) &&
            smelt_str_ieq(smelt_str_from_cstr(candidate->schema), schema))
            return candidate;
    }
    return NULL;
}
