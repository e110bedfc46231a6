/*
 * lineage.c — column lineage and schema values: sets of upstream columns while binding, the final
 * schema copied out of the binder's scratch arena (lineage merged by content), source schemas from
 * sources.yml, and schema hashes for the analysis database's early cutoff.
 */
#include <string.h>

#include "sema/binder.h"

/* ---- Lineage sets -------------------------------------------------------------------------------- */

lineage sema_lineage_of(binder *b, const smelt_column_origin *origin) {
    lineage set = {NULL, 0};
    if (!origin) return set;
    const smelt_column_origin **items = smelt_arena_alloc(b->arena, sizeof *items);
    items[0] = origin;
    set.items = items;
    set.count = 1;
    return set;
}

lineage sema_lineage_union(binder *b, lineage a, lineage c) {
    if (c.count == 0) return a;
    if (a.count == 0) return c;
    if (a.items == c.items && a.count == c.count) return a;
    /* Small sets: a linear merge by identity is cheapest. */
    const smelt_column_origin **items = smelt_arena_alloc(b->arena, (a.count + c.count) * sizeof *items);
    memcpy(items, a.items, a.count * sizeof *items);
    uint32_t count = a.count;
    for (uint32_t i = 0; i < c.count; i++) {
        bool seen = false;
        for (uint32_t j = 0; j < a.count && !seen; j++) seen = a.items[j] == c.items[i];
        if (!seen) items[count++] = c.items[i];
    }
    if (count == a.count) return a;
    return (lineage){items, count};
}

/* ---- The final schema ---------------------------------------------------------------------------- */

static const char *copy_cstr(smelt_arena *arena, const char *text) { return smelt_arena_strndup(arena, text, strlen(text)); }

void sema_copy_schema_out(binder *b, const query_result *result, smelt_schema *schema) {
    smelt_arena *out = b->out;
    schema->open = result->open;
    schema->column_count = result->count;
    schema->columns = smelt_arena_zalloc(out, (result->count ? result->count : 1) * sizeof *schema->columns);
    for (uint32_t i = 0; i < result->count; i++) {
        const column *col = &result->columns[i];
        smelt_column *target = &schema->columns[i];
        target->name = smelt_arena_strndup(out, col->name, col->name_len);
        target->name_len = col->name_len;
        target->name_hash = col->hash ? col->hash : sema_name_hash(col->name, col->name_len);
        target->type = smelt_type_copy(out, col->type);
        if (target->type.kind == SMELT_TYPE_NULL) target->type = smelt_type_with_nullable(smelt_type_make(SMELT_TYPE_INTEGER), true);
        /* Lineage: the same upstream column reached through two aliases is one origin. */
        smelt_column_origin *origins = smelt_arena_alloc(out, (col->lin.count ? col->lin.count : 1) * sizeof *origins);
        uint32_t count = 0;
        for (uint32_t l = 0; l < col->lin.count; l++) {
            const smelt_column_origin *origin = col->lin.items[l];
            bool seen = false;
            for (uint32_t k = 0; k < count && !seen; k++)
                seen = origins[k].model == origin->model && strcmp(origins[k].relation, origin->relation) == 0 &&
                       strcmp(origins[k].column, origin->column) == 0;
            if (seen) continue;
            origins[count].relation = copy_cstr(out, origin->relation);
            origins[count].column = copy_cstr(out, origin->column);
            origins[count].model = origin->model;
            count++;
        }
        target->lineage = origins;
        target->lineage_count = count;
    }
}

/* ---- Sources ------------------------------------------------------------------------------------- */

smelt_schema *smelt_sema_source_schemas(const smelt_sources *sources, smelt_arena *arena) {
    uint32_t count = sources ? sources->table_count : 0;
    smelt_schema *schemas = smelt_arena_zalloc(arena, (count ? count : 1) * sizeof *schemas);
    for (uint32_t t = 0; t < count; t++) {
        const smelt_source_table *table = &sources->tables[t];
        smelt_schema *schema = &schemas[t];
        schema->column_count = table->column_count;
        schema->columns = smelt_arena_zalloc(arena, (table->column_count ? table->column_count : 1) * sizeof *schema->columns);
        /* A table declared without columns says nothing about them: any name may be read. */
        schema->open = table->column_count == 0;
        for (uint32_t c = 0; c < table->column_count; c++) {
            const smelt_source_column *declared = &table->columns[c];
            smelt_column *col = &schema->columns[c];
            col->name = declared->name;
            col->name_len = (uint32_t)strlen(declared->name);
            col->name_hash = sema_name_hash(declared->name, col->name_len);
            smelt_type type = smelt_type_unknown();
            if (declared->type) smelt_type_parse(smelt_str_from_cstr(declared->type), arena, &type);
            type.nullable = declared->nullable;
            col->type = type;
        }
    }
    return schemas;
}

/* ---- Hashes and lookups -------------------------------------------------------------------------- */

static uint64_t mix(uint64_t hash, uint64_t value) { return (hash ^ value) * 1099511628211ull; }

static uint64_t mix_text(uint64_t hash, const char *text) {
    for (const char *c = text; *c; c++) hash = mix(hash, (unsigned char)*c);
    return mix(hash, 0xff);
}

static uint64_t hash_type(uint64_t hash, smelt_type type) {
    hash = mix(hash, type.kind);
    hash = mix(hash, ((uint64_t)type.width << 16) | ((uint64_t)type.scale << 8) | type.nullable);
    hash = mix(hash, type.size);
    if (type.ext) {
        hash = hash_type(hash, type.ext->element);
        hash = hash_type(hash, type.ext->value);
        for (uint32_t i = 0; i < type.ext->field_count; i++) {
            hash = mix_text(hash, type.ext->fields[i].name);
            hash = hash_type(hash, type.ext->fields[i].type);
        }
    }
    return hash;
}

uint64_t smelt_schema_hash(const smelt_schema *schema) {
    uint64_t hash = 1469598103934665603ull;
    if (!schema) return mix(hash, 1);
    hash = mix(hash, schema->open ? 2 : 3);
    for (uint32_t i = 0; i < schema->column_count; i++) {
        const smelt_column *col = &schema->columns[i];
        hash = mix_text(hash, col->name);
        hash = hash_type(hash, col->type);
    }
    return hash;
}

const smelt_column *smelt_schema_find(const smelt_schema *schema, const char *name) {
    if (!schema) return NULL;
    uint32_t len = (uint32_t)strlen(name), hash = sema_name_hash(name, len);
    for (uint32_t i = 0; i < schema->column_count; i++) {
        const smelt_column *col = &schema->columns[i];
        if (col->name_hash == hash && sema_names_equal(col->name, col->name_len, name, len)) return col;
    }
    return NULL;
}
