/*
 * scope.c — relations, scopes and name resolution: what a column reference means at the point it
 * is written.
 *
 * DuckDB's rules, which these follow: an unqualified name is looked up among the relations of the
 * innermost query (a lambda's parameters first), then in the select aliases where the clause allows
 * them, then outwards in the enclosing queries (a correlated reference). Two relations of the same
 * query having the name is an ambiguity, unless a USING or NATURAL join merged them. `x.y` is column
 * y of the relation x when there is one, otherwise field y of the column x; `s.t.c` is column c of
 * table t in schema s. SQL compares names without case, and DuckDB does so even for quoted names.
 */
#include <string.h>

#include "sema/binder.h"

/* ---- Names --------------------------------------------------------------------------------------- */

uint32_t sema_name_hash(const char *text, size_t len) {
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        hash = (hash ^ c) * 16777619u;
    }
    return hash ? hash : 1;
}

uint32_t smelt_sema_name_hash(const char *name, size_t len) { return sema_name_hash(name, len); }

bool sema_names_equal(const char *a, uint32_t a_len, const char *b, uint32_t b_len) {
    if (a_len != b_len) return false;
    for (uint32_t i = 0; i < a_len; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

/* An unquoted name is its token's text, used in place; a quoted one is unquoted into the arena.
 * Either way the result is NUL-terminated only when copied: callers use (pointer, length). */
const char *sema_node_name(binder *b, const smelt_node *name, uint32_t *len) {
    *len = 0;
    if (!name) return "";
    const smelt_token *first = &b->tree->tokens[name->first_token];
    if (first->kind == SMELT_TOKEN_WORD) { /* the usual case: a plain word, used in place */
        *len = smelt_token_len(first);
        return b->tree->text + first->offset;
    }
    for (uint32_t i = name->first_token; i < name->end_token; i++) {
        const smelt_token *token = &b->tree->tokens[i];
        if (smelt_token_is_trivia((smelt_token_kind)token->kind)) continue;
        if (token->kind == SMELT_TOKEN_WORD) {
            *len = smelt_token_len(token);
            return b->tree->text + token->offset;
        }
        break;
    }
    smelt_ast_name_value(b->tree, name, &b->scratch);
    *len = (uint32_t)b->scratch.len;
    return smelt_arena_strndup(b->arena, b->scratch.data ? b->scratch.data : "", b->scratch.len);
}

/* ---- Relations ----------------------------------------------------------------------------------- */

relation *sema_relation_new(binder *b, const char *alias, uint32_t alias_len) {
    relation *rel = smelt_arena_zalloc(b->arena, sizeof *rel);
    rel->alias = alias;
    rel->alias_len = alias_len;
    rel->alias_hash = alias ? sema_name_hash(alias, alias_len) : 0;
    return rel;
}

void sema_relation_rehash(binder *b, relation *rel) {
    rel->hashes = smelt_arena_alloc(b->arena, (rel->column_count ? rel->column_count : 1) * sizeof *rel->hashes);
    for (uint32_t i = 0; i < rel->column_count; i++) rel->hashes[i] = rel->columns[i].hash;
}

relation *sema_relation_from_schema(binder *b, const smelt_schema *schema, const char *alias, uint32_t alias_len,
                               const char *origin_name, bool origin_is_model) {
    relation *rel = sema_relation_new(b, alias, alias_len);
    rel->origin_name = origin_name;
    rel->origin_is_model = origin_is_model;
    if (!schema) {
        rel->open = true;
        return rel;
    }
    rel->open = schema->open;
    rel->column_count = schema->column_count;
    rel->columns = smelt_arena_zalloc(b->arena, (schema->column_count ? schema->column_count : 1) * sizeof *rel->columns);
    for (uint32_t i = 0; i < schema->column_count; i++) {
        const smelt_column *source = &schema->columns[i];
        column *col = &rel->columns[i];
        col->name = source->name;
        col->name_len = source->name_len ? source->name_len : (uint32_t)strlen(source->name);
        col->hash = source->name_hash ? source->name_hash : sema_name_hash(col->name, col->name_len);
        col->type = source->type;
    }
    sema_relation_rehash(b, rel);
    return rel;
}

relation *sema_relation_from_columns(binder *b, const column *columns, uint32_t count, const char *alias, uint32_t alias_len) {
    relation *rel = sema_relation_new(b, alias, alias_len);
    rel->column_count = count;
    rel->columns = smelt_arena_alloc(b->arena, (count ? count : 1) * sizeof *rel->columns);
    for (uint32_t i = 0; i < count; i++) {
        rel->columns[i] = columns[i];
        rel->columns[i].flags = 0;
    }
    sema_relation_rehash(b, rel);
    return rel;
}

void sema_scope_add(binder *b, scope *s, relation *rel) {
    if (s->rel_count == s->rel_cap) {
        uint32_t cap = s->rel_cap ? s->rel_cap * 2 : 8;
        relation **rels = smelt_arena_alloc(b->arena, cap * sizeof *rels);
        if (s->rel_count) memcpy(rels, s->rels, s->rel_count * sizeof *rels);
        s->rels = rels;
        s->rel_cap = cap;
    }
    s->rels[s->rel_count++] = rel;
}

smelt_type sema_column_type(const relation *rel, const column *col) {
    smelt_type type = col->type;
    if (rel->outer_nullable) type.nullable = true;
    return type;
}

const smelt_column_origin *sema_column_origin(binder *b, relation *rel, column *col) {
    if (col->origin || !rel->origin_name) return col->origin;
    smelt_column_origin *origin = smelt_arena_alloc(b->arena, sizeof *origin);
    origin->relation = rel->origin_name;
    origin->column = smelt_arena_strndup(b->arena, col->name, col->name_len);
    origin->model = rel->origin_is_model;
    col->origin = origin;
    return origin;
}

lineage sema_column_lineage(binder *b, relation *rel, column *col) {
    if (col->lin.count) return col->lin;
    const smelt_column_origin *origin = sema_column_origin(b, rel, col);
    if (origin) return sema_lineage_of(b, origin);
    return col->lin;
}

/* ---- Lookup -------------------------------------------------------------------------------------- */

static column *find_column(relation *rel, const char *name, uint32_t len, uint32_t hash, bool include_hidden) {
    for (uint32_t i = 0; i < rel->column_count; i++) {
        if (rel->hashes[i] != hash) continue; /* the hashes sit together: a scan touches few cache lines */
        column *col = &rel->columns[i];
        if (!include_hidden && (col->flags & COLUMN_HIDDEN)) continue;
        if (sema_names_equal(col->name, col->name_len, name, len)) return col;
    }
    return NULL;
}

relation *sema_find_relation(scope *s, const char *name, uint32_t len, scope **found_in) {
    uint32_t hash = sema_name_hash(name, len);
    for (scope *sc = s; sc; sc = sc->parent) {
        for (uint32_t i = sc->rel_count; i-- > 0;) {
            relation *rel = sc->rels[i];
            if (rel->alias && rel->alias_hash == hash && sema_names_equal(rel->alias, rel->alias_len, name, len)) {
                if (found_in) *found_in = sc;
                return rel;
            }
        }
    }
    return NULL;
}

/* schema.table: a relation with this schema and name. */
static relation *find_qualified_relation(scope *s, const char *schema, uint32_t schema_len, const char *name, uint32_t len,
                                         scope **found_in) {
    for (scope *sc = s; sc; sc = sc->parent) {
        for (uint32_t i = 0; i < sc->rel_count; i++) {
            relation *rel = sc->rels[i];
            if (!rel->alias || !rel->schema_name || !sema_names_equal(rel->alias, rel->alias_len, name, len)) continue;
            if (sema_names_equal(rel->schema_name, (uint32_t)strlen(rel->schema_name), schema, schema_len)) {
                if (found_in) *found_in = sc;
                return rel;
            }
        }
    }
    return NULL;
}

/* Notes that a condition being bound reads a relation of a query's FROM (for the cross-join check). */
static void touch(scope *found_in, relation *rel, bool unsure) {
    scope *target = found_in->query ? found_in : found_in->touch_target;
    if (!target || !target->query) return;
    if (unsure || !rel || rel->item >= 64) target->query->touched_unsure = true;
    else target->query->touched |= (uint64_t)1 << rel->item;
}

/* An unqualified name in one scope. Returns true when the scope settles it. */
static bool lookup_in_scope(scope *sc, const char *name, uint32_t len, uint32_t hash, resolution *out) {
    for (uint32_t i = 0; i < sc->param_count; i++) {
        if (sema_names_equal(sc->params[i].name, (uint32_t)strlen(sc->params[i].name), name, len)) {
            out->status = RESOLVE_PARAM;
            out->param = &sc->params[i];
            out->found_in = sc;
            return true;
        }
    }
    uint32_t known = 0, open = 0;
    relation *open_rel = NULL;
    for (uint32_t i = 0; i < sc->rel_count; i++) {
        relation *rel = sc->rels[i];
        column *col = find_column(rel, name, len, hash, false);
        if (col) {
            if (known < 8) out->candidates[known] = rel;
            if (known == 0) {
                out->rel = rel;
                out->col = col;
            }
            known++;
        } else if (rel->open) {
            open++;
            open_rel = rel;
        }
    }
    out->found_in = sc;
    if (known >= 2) {
        out->status = RESOLVE_AMBIGUOUS;
        out->candidate_count = known < 8 ? known : 8;
        touch(sc, NULL, true);
        return true;
    }
    if (known == 1) {
        out->status = RESOLVE_FOUND;
        touch(sc, out->rel, open > 0);
        return true;
    }
    if (open) {
        out->status = RESOLVE_UNKNOWN;
        out->rel = open == 1 ? open_rel : NULL;
        touch(sc, out->rel, open > 1);
        return true;
    }
    return false;
}

/* A select alias of the query: explicit aliases only, and not the item being bound itself. */
static bool lookup_alias(scope *sc, const char *name, uint32_t len, resolution *out) {
    query_state *q = sc->query;
    if (!q) return false;
    for (uint32_t i = 0; i < q->item_count; i++) {
        select_item *item = &q->items[i];
        if (!item->alias_text || i == q->binding_item || !item->expr) continue;
        if (!sema_names_equal(item->alias_text, item->alias_len, name, len)) continue;
        /* In the select list only the items before this one are bound (a lateral alias). */
        if (q->clause == CLAUSE_SELECT && !item->bound) continue;
        out->status = RESOLVE_ALIAS;
        out->alias = item;
        out->found_in = sc;
        return true;
    }
    return false;
}

/* Whether a query's current clause lets a name mean one of its select aliases. */
static bool clause_allows_aliases(const query_state *q) {
    switch (q->clause) {
    case CLAUSE_SELECT: case CLAUSE_WHERE: case CLAUSE_GROUP_BY: case CLAUSE_HAVING: case CLAUSE_QUALIFY:
    case CLAUSE_ORDER_BY:
        return true;
    default:
        return false;
    }
}

/* One name looked up through the scope chain. A query's select aliases come after its own columns
 * and before the queries around it (a subquery in a select list may use the aliases before it). */
static void resolve_name(binder *b, scope *s, const char *name, uint32_t len, bool allow_aliases, resolution *out) {
    (void)b;
    uint32_t hash = sema_name_hash(name, len);
    for (scope *sc = s; sc; sc = sc->parent) {
        if (lookup_in_scope(sc, name, len, hash, out)) return;
        if (allow_aliases && sc->query && clause_allows_aliases(sc->query) && lookup_alias(sc, name, len, out)) return;
    }
    out->status = RESOLVE_NOT_FOUND;
    out->found_in = NULL;
}

void sema_resolve_column(binder *b, scope *s, const smelt_node *column_ref, bool allow_aliases, resolution *out) {
    memset(out, 0, sizeof *out);
    uint32_t parts = smelt_ast_name_part_count(column_ref);
    if (parts == 0) {
        out->status = RESOLVE_UNKNOWN;
        return;
    }
    const char *names[4];
    uint32_t lens[4];
    uint32_t used = parts < 4 ? parts : 4;
    for (uint32_t i = 0; i < used; i++) names[i] = sema_node_name(b, smelt_ast_name_part(column_ref, i), &lens[i]);
    if (parts == 1) {
        resolve_name(b, s, names[0], lens[0], allow_aliases, out);
        out->parts_used = 1;
        return;
    }
    /* schema.table.column (and catalog.schema.table.column) before anything else. */
    if (parts >= 3) {
        uint32_t t = parts >= 4 ? 2 : 1;
        scope *found_in = NULL;
        relation *rel = find_qualified_relation(s, names[t - 1], lens[t - 1], names[t], lens[t], &found_in);
        if (rel && t + 1 < used) {
            out->rel = rel;
            out->found_in = found_in;
            out->parts_used = t + 2;
            column *col = find_column(rel, names[t + 1], lens[t + 1], sema_name_hash(names[t + 1], lens[t + 1]), true);
            if (col) {
                out->col = col;
                out->status = RESOLVE_FOUND;
            } else {
                out->status = rel->open ? RESOLVE_UNKNOWN : RESOLVE_NOT_FOUND;
            }
            touch(found_in, rel, false);
            return;
        }
    }
    /* table.column[.field...] */
    scope *found_in = NULL;
    relation *rel = sema_find_relation(s, names[0], lens[0], &found_in);
    if (rel) {
        column *col = find_column(rel, names[1], lens[1], sema_name_hash(names[1], lens[1]), true);
        out->rel = rel;
        out->found_in = found_in;
        out->parts_used = 2;
        if (col) {
            out->col = col;
            out->status = RESOLVE_FOUND;
            touch(found_in, rel, false);
            return;
        }
        if (rel->open) {
            out->status = RESOLVE_UNKNOWN;
            touch(found_in, rel, false);
            return;
        }
        /* Not a column of the table: maybe a struct column of the same name, with a field. */
        resolution as_column;
        memset(&as_column, 0, sizeof as_column);
        resolve_name(b, s, names[0], lens[0], false, &as_column);
        if (as_column.status == RESOLVE_FOUND || as_column.status == RESOLVE_PARAM) {
            *out = as_column;
            out->parts_used = 1;
            return;
        }
        out->status = RESOLVE_NOT_FOUND;
        return;
    }
    /* column.field[.field...]: the first part is a column (or a lambda parameter, or an alias). */
    resolve_name(b, s, names[0], lens[0], allow_aliases, out);
    out->parts_used = 1;
    if (out->status == RESOLVE_NOT_FOUND) out->status = RESOLVE_NO_TABLE;
}

const char **sema_visible_column_names(binder *b, scope *s, uint32_t *count) {
    uint32_t total = 0;
    for (scope *sc = s; sc; sc = sc->parent) {
        for (uint32_t i = 0; i < sc->rel_count; i++) total += sc->rels[i]->column_count;
        total += sc->param_count;
    }
    const char **names = smelt_arena_alloc(b->arena, (total ? total : 1) * sizeof *names);
    *count = 0;
    for (scope *sc = s; sc; sc = sc->parent) {
        for (uint32_t i = 0; i < sc->rel_count; i++) {
            relation *rel = sc->rels[i];
            for (uint32_t c = 0; c < rel->column_count; c++) {
                if (rel->columns[c].flags & COLUMN_HIDDEN) continue;
                names[(*count)++] = smelt_arena_strndup(b->arena, rel->columns[c].name, rel->columns[c].name_len);
            }
        }
        for (uint32_t i = 0; i < sc->param_count; i++) names[(*count)++] = sc->params[i].name;
    }
    return names;
}

/* ---- USING and NATURAL ----------------------------------------------------------------------------- */

/* The one visible column of that name among a group of relations; sets *open when an open relation
 * might have it. */
static column *find_in_group(relation **rels, uint32_t count, const char *name, uint32_t len, relation **owner, bool *open) {
    uint32_t hash = sema_name_hash(name, len);
    *open = false;
    column *found = NULL;
    for (uint32_t i = 0; i < count; i++) {
        column *col = find_column(rels[i], name, len, hash, false);
        if (col && !found) {
            found = col;
            *owner = rels[i];
        }
        if (!col && rels[i]->open) *open = true;
    }
    return found;
}

void sema_join_using(binder *b, relation **left, uint32_t left_count, relation **right, uint32_t right_count,
                const char *name, uint32_t len, bool right_join, const smelt_node *where) {
    relation *left_owner = NULL, *right_owner = NULL;
    bool left_open, right_open;
    column *l = find_in_group(left, left_count, name, len, &left_owner, &left_open);
    column *r = find_in_group(right, right_count, name, len, &right_owner, &right_open);
    if (l && r) {
        l->flags |= COLUMN_USING;
        r->flags |= COLUMN_USING;
        /* One copy stands for both: the left one, or the right one in a RIGHT JOIN (whose left side
         * can be NULL). */
        if (right_join) l->flags |= COLUMN_HIDDEN;
        else r->flags |= COLUMN_HIDDEN;
        return;
    }
    if (!where) return; /* NATURAL: only the names both sides have */
    if ((!l && left_open) || (!r && right_open)) return;
    const char *side = !l ? "left" : "right";
    smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_COLUMN, where,
                                        smelt_arena_printf(b->out, "USING column '%.*s' is not a column of the %s side of the join",
                                                           (int)len, name, side));
    if (diag) diag->hint = "USING (c) needs a column c on both sides; write ON left.a = right.b otherwise";
}
