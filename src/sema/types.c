/*
 * types.c — SQL types: making, parsing and printing them, and DuckDB's rules for combining them
 * (common types, numeric promotion, DECIMAL arithmetic, implicit casts). Each rule names the query
 * whose DESCRIBE it was checked against where the rule is not obvious.
 */
#include "sema/types.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
#define X(name, text, category) text,
#include "sema/types.def"
#undef X
};

static const uint8_t kind_categories[] = {
#define X(name, text, category) SMELT_TYPE_CATEGORY_##category,
#include "sema/types.def"
#undef X
};

/* DuckDB's widest DECIMAL, and the widest one that fits a 64-bit integer: arithmetic on narrow
 * decimals stays within 18 digits and checks for overflow at run time instead of widening. */
enum { MAX_DECIMAL_WIDTH = 38, MAX_INT64_DECIMAL_WIDTH = 18 };

/* ---- Making types -------------------------------------------------------------------------------- */

smelt_type smelt_type_make(smelt_type_kind kind) {
    smelt_type type = {0};
    type.kind = (uint8_t)kind;
    return type;
}

smelt_type smelt_type_unknown(void) {
    smelt_type type = smelt_type_make(SMELT_TYPE_UNKNOWN);
    type.nullable = true;
    return type;
}

smelt_type smelt_type_decimal(unsigned width, unsigned scale) {
    smelt_type type = smelt_type_make(SMELT_TYPE_DECIMAL);
    if (width < 1) width = 1;
    if (width > MAX_DECIMAL_WIDTH) width = MAX_DECIMAL_WIDTH;
    if (scale > width) scale = width;
    type.width = (uint8_t)width;
    type.scale = (uint8_t)scale;
    return type;
}

static smelt_type_ext *new_ext(smelt_arena *arena) { return smelt_arena_zalloc(arena, sizeof(smelt_type_ext)); }

smelt_type smelt_type_list(smelt_arena *arena, smelt_type element) {
    smelt_type type = smelt_type_make(SMELT_TYPE_LIST);
    smelt_type_ext *ext = new_ext(arena);
    ext->element = element;
    type.ext = ext;
    return type;
}

smelt_type smelt_type_array(smelt_arena *arena, smelt_type element, uint32_t size) {
    smelt_type type = smelt_type_list(arena, element);
    type.kind = SMELT_TYPE_ARRAY;
    type.size = size;
    return type;
}

smelt_type smelt_type_map(smelt_arena *arena, smelt_type key, smelt_type value) {
    smelt_type type = smelt_type_make(SMELT_TYPE_MAP);
    smelt_type_ext *ext = new_ext(arena);
    ext->element = key;
    ext->value = value;
    type.ext = ext;
    return type;
}

smelt_type smelt_type_struct(smelt_arena *arena, const smelt_struct_field *fields, uint32_t count) {
    smelt_type type = smelt_type_make(SMELT_TYPE_STRUCT);
    smelt_type_ext *ext = new_ext(arena);
    smelt_struct_field *copy = smelt_arena_alloc(arena, (count ? count : 1) * sizeof *copy);
    if (count) memcpy(copy, fields, count * sizeof *copy);
    ext->fields = copy;
    ext->field_count = count;
    type.ext = ext;
    return type;
}

smelt_type smelt_type_with_nullable(smelt_type type, bool nullable) {
    type.nullable = nullable;
    return type;
}

smelt_type smelt_type_copy(smelt_arena *arena, smelt_type type) {
    if (!type.ext) return type;
    smelt_type_ext *ext = new_ext(arena);
    ext->element = smelt_type_copy(arena, type.ext->element);
    ext->value = smelt_type_copy(arena, type.ext->value);
    if (type.ext->field_count) {
        smelt_struct_field *fields = smelt_arena_alloc(arena, type.ext->field_count * sizeof *fields);
        for (uint32_t i = 0; i < type.ext->field_count; i++) {
            const char *name = type.ext->fields[i].name ? type.ext->fields[i].name : "";
            fields[i].name = smelt_arena_strndup(arena, name, strlen(name));
            fields[i].type = smelt_type_copy(arena, type.ext->fields[i].type);
        }
        ext->fields = fields;
        ext->field_count = type.ext->field_count;
    }
    type.ext = ext;
    return type;
}

/* ---- Reading types ------------------------------------------------------------------------------- */

smelt_type_category smelt_type_category_of(smelt_type_kind kind) {
    return kind < SMELT_TYPE_KIND_COUNT ? (smelt_type_category)kind_categories[kind] : SMELT_TYPE_CATEGORY_OTHER;
}

const char *smelt_type_kind_name(smelt_type_kind kind) { return kind < SMELT_TYPE_KIND_COUNT ? kind_names[kind] : "?"; }

bool smelt_type_is_known(smelt_type type) {
    switch ((smelt_type_kind)type.kind) {
    case SMELT_TYPE_UNKNOWN:
    case SMELT_TYPE_NULL:
    case SMELT_TYPE_ANY:
        return false;
    case SMELT_TYPE_LIST:
    case SMELT_TYPE_ARRAY:
        return type.ext && smelt_type_is_known(type.ext->element);
    case SMELT_TYPE_MAP:
        return type.ext && smelt_type_is_known(type.ext->element) && smelt_type_is_known(type.ext->value);
    case SMELT_TYPE_STRUCT:
        if (!type.ext) return false;
        for (uint32_t i = 0; i < type.ext->field_count; i++)
            if (!smelt_type_is_known(type.ext->fields[i].type)) return false;
        return true;
    default:
        return true;
    }
}

bool smelt_type_is_integer(smelt_type_kind kind) { return kind >= SMELT_TYPE_TINYINT && kind <= SMELT_TYPE_UHUGEINT; }

bool smelt_type_is_numeric(smelt_type_kind kind) { return kind >= SMELT_TYPE_TINYINT && kind <= SMELT_TYPE_DOUBLE; }

bool smelt_type_is_timestamp(smelt_type_kind kind) { return kind >= SMELT_TYPE_TIMESTAMP && kind <= SMELT_TYPE_TIMESTAMP_TZ; }

static bool is_unsigned(smelt_type_kind kind) { return kind >= SMELT_TYPE_UTINYINT && kind <= SMELT_TYPE_UHUGEINT; }

bool smelt_type_equal(smelt_type a, smelt_type b) {
    if (a.kind != b.kind) return false;
    switch ((smelt_type_kind)a.kind) {
    case SMELT_TYPE_DECIMAL:
        return a.width == b.width && a.scale == b.scale;
    case SMELT_TYPE_ARRAY:
        if (a.size != b.size) return false;
        /* fall through */
    case SMELT_TYPE_LIST:
        return a.ext && b.ext && smelt_type_equal(a.ext->element, b.ext->element);
    case SMELT_TYPE_MAP:
        return a.ext && b.ext && smelt_type_equal(a.ext->element, b.ext->element) &&
               smelt_type_equal(a.ext->value, b.ext->value);
    case SMELT_TYPE_STRUCT:
        if (!a.ext || !b.ext || a.ext->field_count != b.ext->field_count) return false;
        for (uint32_t i = 0; i < a.ext->field_count; i++) {
            if (!smelt_str_ieq(smelt_str_from_cstr(a.ext->fields[i].name), smelt_str_from_cstr(b.ext->fields[i].name)) ||
                !smelt_type_equal(a.ext->fields[i].type, b.ext->fields[i].type))
                return false;
        }
        return true;
    default:
        return true;
    }
}

const smelt_struct_field *smelt_type_field(smelt_type type, smelt_str name) {
    if (type.kind != SMELT_TYPE_STRUCT || !type.ext) return NULL;
    for (uint32_t i = 0; i < type.ext->field_count; i++)
        if (smelt_str_ieq(smelt_str_from_cstr(type.ext->fields[i].name), name)) return &type.ext->fields[i];
    return NULL;
}

uint8_t smelt_type_integer_width(smelt_type_kind kind) {
    switch (kind) {
    case SMELT_TYPE_TINYINT: case SMELT_TYPE_UTINYINT: return 3;
    case SMELT_TYPE_SMALLINT: case SMELT_TYPE_USMALLINT: return 5;
    case SMELT_TYPE_INTEGER: case SMELT_TYPE_UINTEGER: return 10;
    case SMELT_TYPE_BIGINT: return 19;
    case SMELT_TYPE_UBIGINT: return 20;
    default: return MAX_DECIMAL_WIDTH;
    }
}

/* ---- Parsing ------------------------------------------------------------------------------------- */

typedef struct {
    const char *text;
    size_t len, pos;
    smelt_arena *arena;
    bool ok;
} type_parser;

static void skip_spaces(type_parser *p) {
    while (p->pos < p->len && isspace((unsigned char)p->text[p->pos])) p->pos++;
}

static bool peek_char(type_parser *p, char c) {
    skip_spaces(p);
    return p->pos < p->len && p->text[p->pos] == c;
}

static bool eat_char(type_parser *p, char c) {
    if (!peek_char(p, c)) return false;
    p->pos++;
    return true;
}

/* A word or a "quoted" name; false at anything else. */
static bool read_word(type_parser *p, smelt_str *word, bool *quoted) {
    skip_spaces(p);
    *quoted = false;
    if (p->pos >= p->len) return false;
    char c = p->text[p->pos];
    if (c == '"' || c == '`') {
        size_t start = ++p->pos;
        while (p->pos < p->len && p->text[p->pos] != c) p->pos++;
        *word = (smelt_str){p->text + start, p->pos - start};
        if (p->pos < p->len) p->pos++;
        *quoted = true;
        return true;
    }
    if (!isalpha((unsigned char)c) && c != '_') return false;
    size_t start = p->pos;
    while (p->pos < p->len && (isalnum((unsigned char)p->text[p->pos]) || p->text[p->pos] == '_')) p->pos++;
    *word = (smelt_str){p->text + start, p->pos - start};
    return true;
}

static bool read_number(type_parser *p, unsigned *value) {
    skip_spaces(p);
    if (p->pos >= p->len || !isdigit((unsigned char)p->text[p->pos])) return false;
    unsigned v = 0;
    while (p->pos < p->len && isdigit((unsigned char)p->text[p->pos])) {
        if (v < 100000) v = v * 10 + (unsigned)(p->text[p->pos] - '0');
        p->pos++;
    }
    *value = v;
    return true;
}

/* The next word if it is `keyword` (case-insensitive), consumed; otherwise nothing moves. */
static bool eat_keyword(type_parser *p, const char *keyword) {
    size_t saved = p->pos;
    smelt_str word;
    bool quoted;
    if (read_word(p, &word, &quoted) && !quoted && smelt_str_ieq_cstr(word, keyword)) return true;
    p->pos = saved;
    return false;
}

static void skip_parenthesised(type_parser *p) {
    if (!eat_char(p, '(')) return;
    int depth = 1;
    while (p->pos < p->len && depth > 0) {
        if (p->text[p->pos] == '(') depth++;
        else if (p->text[p->pos] == ')') depth--;
        p->pos++;
    }
}

typedef struct {
    const char *name;
    smelt_type_kind kind;
} type_alias;

/* DuckDB's names and aliases, and Spark's. */
static const type_alias aliases[] = {
    {"boolean", SMELT_TYPE_BOOLEAN}, {"bool", SMELT_TYPE_BOOLEAN}, {"logical", SMELT_TYPE_BOOLEAN},
    {"tinyint", SMELT_TYPE_TINYINT}, {"int1", SMELT_TYPE_TINYINT}, {"byte", SMELT_TYPE_TINYINT},
    {"smallint", SMELT_TYPE_SMALLINT}, {"int2", SMELT_TYPE_SMALLINT}, {"short", SMELT_TYPE_SMALLINT},
    {"integer", SMELT_TYPE_INTEGER}, {"int", SMELT_TYPE_INTEGER}, {"int4", SMELT_TYPE_INTEGER},
    {"signed", SMELT_TYPE_INTEGER}, {"int32", SMELT_TYPE_INTEGER},
    {"bigint", SMELT_TYPE_BIGINT}, {"int8", SMELT_TYPE_BIGINT}, {"long", SMELT_TYPE_BIGINT}, {"int64", SMELT_TYPE_BIGINT},
    {"hugeint", SMELT_TYPE_HUGEINT}, {"int128", SMELT_TYPE_HUGEINT},
    {"utinyint", SMELT_TYPE_UTINYINT}, {"uint8", SMELT_TYPE_UTINYINT},
    {"usmallint", SMELT_TYPE_USMALLINT}, {"uint16", SMELT_TYPE_USMALLINT},
    {"uinteger", SMELT_TYPE_UINTEGER}, {"uint32", SMELT_TYPE_UINTEGER},
    {"ubigint", SMELT_TYPE_UBIGINT}, {"uint64", SMELT_TYPE_UBIGINT},
    {"uhugeint", SMELT_TYPE_UHUGEINT}, {"uint128", SMELT_TYPE_UHUGEINT},
    {"decimal", SMELT_TYPE_DECIMAL}, {"numeric", SMELT_TYPE_DECIMAL}, {"dec", SMELT_TYPE_DECIMAL},
    {"real", SMELT_TYPE_FLOAT}, {"float", SMELT_TYPE_FLOAT}, {"float4", SMELT_TYPE_FLOAT},
    {"double", SMELT_TYPE_DOUBLE}, {"float8", SMELT_TYPE_DOUBLE},
    {"varchar", SMELT_TYPE_VARCHAR}, {"char", SMELT_TYPE_VARCHAR}, {"bpchar", SMELT_TYPE_VARCHAR},
    {"text", SMELT_TYPE_VARCHAR}, {"string", SMELT_TYPE_VARCHAR}, {"character", SMELT_TYPE_VARCHAR},
    {"nvarchar", SMELT_TYPE_VARCHAR}, {"nchar", SMELT_TYPE_VARCHAR},
    {"blob", SMELT_TYPE_BLOB}, {"bytea", SMELT_TYPE_BLOB}, {"binary", SMELT_TYPE_BLOB}, {"varbinary", SMELT_TYPE_BLOB},
    {"bit", SMELT_TYPE_BIT}, {"bitstring", SMELT_TYPE_BIT},
    {"date", SMELT_TYPE_DATE},
    {"time", SMELT_TYPE_TIME}, {"timetz", SMELT_TYPE_TIME_TZ},
    {"timestamp", SMELT_TYPE_TIMESTAMP}, {"datetime", SMELT_TYPE_TIMESTAMP}, {"timestamp_us", SMELT_TYPE_TIMESTAMP},
    {"timestamp_ntz", SMELT_TYPE_TIMESTAMP},
    {"timestamp_s", SMELT_TYPE_TIMESTAMP_S}, {"timestamp_ms", SMELT_TYPE_TIMESTAMP_MS},
    {"timestamp_ns", SMELT_TYPE_TIMESTAMP_NS},
    {"timestamptz", SMELT_TYPE_TIMESTAMP_TZ}, {"timestamp_ltz", SMELT_TYPE_TIMESTAMP_TZ},
    {"interval", SMELT_TYPE_INTERVAL},
    {"uuid", SMELT_TYPE_UUID}, {"json", SMELT_TYPE_JSON},
};

static smelt_type parse_type(type_parser *p);

/* STRUCT(name type, ...) or STRUCT<name: type, ...>. */
static smelt_type parse_struct_fields(type_parser *p, char close) {
    smelt_struct_field fields[64];
    uint32_t count = 0;
    if (!eat_char(p, close)) {
        do {
            smelt_str name;
            bool quoted;
            if (!read_word(p, &name, &quoted)) {
                p->ok = false;
                return smelt_type_unknown();
            }
            eat_char(p, ':');
            smelt_type field = parse_type(p);
            if (count < 64) {
                fields[count].name = smelt_arena_strndup(p->arena, name.ptr, name.len);
                fields[count].type = smelt_type_with_nullable(field, true);
                count++;
            } else {
                p->ok = false;
            }
        } while (eat_char(p, ','));
        if (!eat_char(p, close)) p->ok = false;
    }
    return smelt_type_struct(p->arena, fields, count);
}

static smelt_type parse_base(type_parser *p) {
    smelt_str word;
    bool quoted;
    if (!read_word(p, &word, &quoted) || quoted) {
        p->ok = false;
        return smelt_type_unknown();
    }
    /* Multi-word names first. */
    if (smelt_str_ieq_cstr(word, "double")) {
        eat_keyword(p, "precision");
        return smelt_type_make(SMELT_TYPE_DOUBLE);
    }
    if (smelt_str_ieq_cstr(word, "character") || smelt_str_ieq_cstr(word, "char")) {
        eat_keyword(p, "varying");
        skip_parenthesised(p);
        return smelt_type_make(SMELT_TYPE_VARCHAR);
    }
    if (smelt_str_ieq_cstr(word, "timestamp") || smelt_str_ieq_cstr(word, "time")) {
        bool is_time = smelt_str_ieq_cstr(word, "time");
        skip_parenthesised(p); /* TIMESTAMP(3) */
        bool zone = false;
        size_t saved = p->pos;
        if (eat_keyword(p, "with")) {
            if (eat_keyword(p, "time") && eat_keyword(p, "zone")) zone = true;
            else p->pos = saved;
        } else if (eat_keyword(p, "without")) {
            if (!(eat_keyword(p, "time") && eat_keyword(p, "zone"))) p->pos = saved;
        }
        if (is_time) return smelt_type_make(zone ? SMELT_TYPE_TIME_TZ : SMELT_TYPE_TIME);
        return smelt_type_make(zone ? SMELT_TYPE_TIMESTAMP_TZ : SMELT_TYPE_TIMESTAMP);
    }
    if (smelt_str_ieq_cstr(word, "decimal") || smelt_str_ieq_cstr(word, "numeric") || smelt_str_ieq_cstr(word, "dec")) {
        unsigned width = 18, scale = 3; /* DuckDB's default */
        if (eat_char(p, '(')) {
            if (!read_number(p, &width)) p->ok = false;
            scale = 0;
            if (eat_char(p, ',') && !read_number(p, &scale)) p->ok = false;
            if (!eat_char(p, ')')) p->ok = false;
            if (width < 1 || width > MAX_DECIMAL_WIDTH || scale > width) p->ok = false;
        }
        return smelt_type_decimal(width, scale);
    }
    if (smelt_str_ieq_cstr(word, "struct") || smelt_str_ieq_cstr(word, "row")) {
        if (eat_char(p, '(')) return parse_struct_fields(p, ')');
        if (eat_char(p, '<')) return parse_struct_fields(p, '>');
        p->ok = false;
        return smelt_type_unknown();
    }
    if (smelt_str_ieq_cstr(word, "map")) {
        char close = eat_char(p, '(') ? ')' : eat_char(p, '<') ? '>' : 0;
        if (!close) {
            p->ok = false;
            return smelt_type_unknown();
        }
        smelt_type key = parse_type(p);
        if (!eat_char(p, ',')) p->ok = false;
        smelt_type value = parse_type(p);
        if (!eat_char(p, close)) p->ok = false;
        return smelt_type_map(p->arena, smelt_type_with_nullable(key, false), smelt_type_with_nullable(value, true));
    }
    if (smelt_str_ieq_cstr(word, "array") || smelt_str_ieq_cstr(word, "list")) {
        char close = eat_char(p, '(') ? ')' : eat_char(p, '<') ? '>' : 0;
        if (!close) {
            p->ok = false;
            return smelt_type_unknown();
        }
        smelt_type element = parse_type(p);
        if (!eat_char(p, close)) p->ok = false;
        return smelt_type_list(p->arena, smelt_type_with_nullable(element, true));
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (!smelt_str_ieq_cstr(word, aliases[i].name)) continue;
        skip_parenthesised(p); /* VARCHAR(50), FLOAT(24): the length does not change the type */
        if (aliases[i].kind == SMELT_TYPE_TIMESTAMP_TZ || aliases[i].kind == SMELT_TYPE_TIME_TZ) return smelt_type_make(aliases[i].kind);
        return smelt_type_make(aliases[i].kind);
    }
    p->ok = false;
    skip_parenthesised(p);
    return smelt_type_unknown();
}

static smelt_type parse_type(type_parser *p) {
    smelt_type type = parse_base(p);
    /* INTEGER[] is a LIST; INTEGER[3] an ARRAY of three. */
    while (eat_char(p, '[')) {
        unsigned size = 0;
        bool sized = read_number(p, &size);
        if (!eat_char(p, ']')) p->ok = false;
        type = sized ? smelt_type_array(p->arena, smelt_type_with_nullable(type, true), size)
                     : smelt_type_list(p->arena, smelt_type_with_nullable(type, true));
    }
    return type;
}

bool smelt_type_parse(smelt_str text, smelt_arena *arena, smelt_type *out) {
    type_parser p = {text.ptr, text.len, 0, arena, true};
    smelt_type type = parse_type(&p);
    skip_spaces(&p);
    if (!p.ok || p.pos != p.len) {
        *out = smelt_type_unknown();
        return false;
    }
    *out = type;
    return true;
}

/* ---- Printing ------------------------------------------------------------------------------------ */

/* DuckDB quotes a struct field name unless it is a plain lower-case identifier. */
static void format_field_name(const char *name, smelt_buf *out) {
    bool plain = name[0] && (islower((unsigned char)name[0]) || name[0] == '_');
    for (const char *c = name; *c && plain; c++)
        plain = islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_';
    if (plain) {
        smelt_buf_append_cstr(out, name);
        return;
    }
    smelt_buf_append_char(out, '"');
    for (const char *c = name; *c; c++) {
        if (*c == '"') smelt_buf_append_char(out, '"');
        smelt_buf_append_char(out, *c);
    }
    smelt_buf_append_char(out, '"');
}

void smelt_type_format(smelt_type type, smelt_buf *out) {
    switch ((smelt_type_kind)type.kind) {
    case SMELT_TYPE_DECIMAL:
        smelt_buf_printf(out, "DECIMAL(%u,%u)", type.width, type.scale);
        return;
    case SMELT_TYPE_LIST:
        if (type.ext) smelt_type_format(type.ext->element, out);
        smelt_buf_append_cstr(out, "[]");
        return;
    case SMELT_TYPE_ARRAY:
        if (type.ext) smelt_type_format(type.ext->element, out);
        smelt_buf_printf(out, "[%u]", type.size);
        return;
    case SMELT_TYPE_MAP:
        smelt_buf_append_cstr(out, "MAP(");
        if (type.ext) {
            smelt_type_format(type.ext->element, out);
            smelt_buf_append_cstr(out, ", ");
            smelt_type_format(type.ext->value, out);
        }
        smelt_buf_append_char(out, ')');
        return;
    case SMELT_TYPE_STRUCT:
        smelt_buf_append_cstr(out, "STRUCT(");
        for (uint32_t i = 0; type.ext && i < type.ext->field_count; i++) {
            if (i) smelt_buf_append_cstr(out, ", ");
            format_field_name(type.ext->fields[i].name, out);
            smelt_buf_append_char(out, ' ');
            smelt_type_format(type.ext->fields[i].type, out);
        }
        smelt_buf_append_char(out, ')');
        return;
    default:
        smelt_buf_append_cstr(out, smelt_type_kind_name((smelt_type_kind)type.kind));
    }
}

const char *smelt_type_name(smelt_type type, smelt_arena *arena) {
    if (!type.ext && type.kind != SMELT_TYPE_DECIMAL) return smelt_type_kind_name((smelt_type_kind)type.kind);
    smelt_buf buf;
    smelt_buf_init(&buf);
    smelt_type_format(type, &buf);
    const char *name = smelt_arena_strndup(arena, buf.data ? buf.data : "", buf.len);
    smelt_buf_free(&buf);
    return name;
}

/* ---- Combining types ----------------------------------------------------------------------------- */

smelt_operand smelt_operand_of(smelt_type type) {
    smelt_operand operand = {type, SMELT_LITERAL_NONE, 0};
    return operand;
}

/* The signed integer rank of an integer kind, 0..4 for TINYINT..HUGEINT; unsigned kinds rank as the
 * signed kind that holds them (UTINYINT as SMALLINT, ...). */
static int integer_rank(smelt_type_kind kind) {
    switch (kind) {
    case SMELT_TYPE_TINYINT: return 0;
    case SMELT_TYPE_SMALLINT: case SMELT_TYPE_UTINYINT: return 1;
    case SMELT_TYPE_INTEGER: case SMELT_TYPE_USMALLINT: return 2;
    case SMELT_TYPE_BIGINT: case SMELT_TYPE_UINTEGER: return 3;
    default: return 4;
    }
}

static smelt_type_kind signed_of_rank(int rank) {
    static const smelt_type_kind kinds[] = {SMELT_TYPE_TINYINT, SMELT_TYPE_SMALLINT, SMELT_TYPE_INTEGER, SMELT_TYPE_BIGINT,
                                            SMELT_TYPE_HUGEINT};
    return kinds[rank < 0 ? 0 : rank > 4 ? 4 : rank];
}

/* An integer literal is typed INTEGER until something around it asks for another type; it is
 * BIGINT or HUGEINT only when its value needs it. */
static smelt_type_kind literal_base_kind(const smelt_operand *operand) {
    int rank = integer_rank((smelt_type_kind)operand->literal_fits);
    return rank <= 2 ? SMELT_TYPE_INTEGER : signed_of_rank(rank);
}

/* The effective kind of an operand: an integer literal's base kind, otherwise its type's. */
static smelt_type_kind operand_kind(const smelt_operand *operand) {
    if (operand->literal == SMELT_LITERAL_INTEGER) return literal_base_kind(operand);
    return (smelt_type_kind)operand->type.kind;
}

/* The integer type two integer values combine into. An integer literal fits itself into the other
 * side's type when its value allows (`smallint + 1` is SMALLINT, `smallint + 100000` INTEGER). */
static smelt_type_kind combine_integers(const smelt_operand *a, const smelt_operand *b) {
    bool a_literal = a->literal == SMELT_LITERAL_INTEGER, b_literal = b->literal == SMELT_LITERAL_INTEGER;
    if (a_literal && b_literal) {
        int rank = integer_rank(literal_base_kind(a));
        int other = integer_rank(literal_base_kind(b));
        return signed_of_rank(rank > other ? rank : other);
    }
    if (a_literal || b_literal) {
        const smelt_operand *literal = a_literal ? a : b, *other = a_literal ? b : a;
        smelt_type_kind kind = (smelt_type_kind)other->type.kind;
        int fits = integer_rank((smelt_type_kind)literal->literal_fits);
        if (is_unsigned(kind)) return fits == 0 && kind != SMELT_TYPE_UHUGEINT ? kind : signed_of_rank(integer_rank(kind) > fits ? integer_rank(kind) : fits);
        return integer_rank(kind) >= fits ? kind : signed_of_rank(fits);
    }
    smelt_type_kind x = (smelt_type_kind)a->type.kind, y = (smelt_type_kind)b->type.kind;
    if (x == y) return x;
    if (is_unsigned(x) == is_unsigned(y)) return integer_rank(x) >= integer_rank(y) ? x : y;
    int rank = integer_rank(x) > integer_rank(y) ? integer_rank(x) : integer_rank(y);
    return signed_of_rank(rank);
}

/* An operand's DECIMAL width and scale: its own, or an integer's (INTEGER is DECIMAL(10,0)). */
static void decimal_shape(const smelt_operand *operand, unsigned *width, unsigned *scale) {
    if (operand->type.kind == SMELT_TYPE_DECIMAL) {
        *width = operand->type.width;
        *scale = operand->type.scale;
        return;
    }
    *width = smelt_type_integer_width(operand_kind(operand));
    *scale = 0;
}

static smelt_type max_temporal(smelt_type_kind a, smelt_type_kind b, bool *ok) {
    *ok = true;
    if (a == b) return smelt_type_make(a);
    if (a == SMELT_TYPE_DATE && smelt_type_is_timestamp(b)) return smelt_type_make(b);
    if (b == SMELT_TYPE_DATE && smelt_type_is_timestamp(a)) return smelt_type_make(a);
    if (smelt_type_is_timestamp(a) && smelt_type_is_timestamp(b)) {
        if (a == SMELT_TYPE_TIMESTAMP_TZ || b == SMELT_TYPE_TIMESTAMP_TZ) return smelt_type_make(SMELT_TYPE_TIMESTAMP_TZ);
        return smelt_type_make(SMELT_TYPE_TIMESTAMP);
    }
    if ((a == SMELT_TYPE_TIME && b == SMELT_TYPE_TIME_TZ) || (a == SMELT_TYPE_TIME_TZ && b == SMELT_TYPE_TIME))
        return smelt_type_make(SMELT_TYPE_TIME_TZ);
    *ok = false;
    return smelt_type_unknown();
}

/* The common type of two numbers (DuckDB's MaxLogicalType): integers by rank, a DECIMAL with room
 * for both sides' digits (`CASE ... THEN decimal_7_2 ELSE 0 END` is DECIMAL(12,2)), FLOAT over
 * integers and decimals, DOUBLE over everything. */
static smelt_type common_numeric(const smelt_operand *a, const smelt_operand *b) {
    smelt_type_kind x = operand_kind(a), y = operand_kind(b);
    if (x == SMELT_TYPE_DOUBLE || y == SMELT_TYPE_DOUBLE) return smelt_type_make(SMELT_TYPE_DOUBLE);
    if (x == SMELT_TYPE_FLOAT || y == SMELT_TYPE_FLOAT) return smelt_type_make(SMELT_TYPE_FLOAT);
    if (x == SMELT_TYPE_DECIMAL || y == SMELT_TYPE_DECIMAL) {
        unsigned wa, sa, wb, sb;
        decimal_shape(a, &wa, &sa);
        decimal_shape(b, &wb, &sb);
        unsigned digits = wa - sa > wb - sb ? wa - sa : wb - sb;
        unsigned scale = sa > sb ? sa : sb;
        if (digits + scale > MAX_DECIMAL_WIDTH) return smelt_type_make(SMELT_TYPE_DOUBLE);
        return smelt_type_decimal(digits + scale, scale);
    }
    return smelt_type_make(combine_integers(a, b));
}

smelt_type smelt_type_common(smelt_operand a, smelt_operand b, bool force, smelt_arena *arena,
                             smelt_combine_status *status) {
    *status = SMELT_COMBINE_OK;
    smelt_type_kind x = (smelt_type_kind)a.type.kind, y = (smelt_type_kind)b.type.kind;
    if (x == SMELT_TYPE_UNKNOWN || y == SMELT_TYPE_UNKNOWN || x == SMELT_TYPE_ANY || y == SMELT_TYPE_ANY) {
        *status = SMELT_COMBINE_UNKNOWN;
        return smelt_type_unknown();
    }
    if (x == SMELT_TYPE_NULL) return b.literal == SMELT_LITERAL_STRING ? smelt_type_make(SMELT_TYPE_VARCHAR) : b.type;
    if (y == SMELT_TYPE_NULL) return a.literal == SMELT_LITERAL_STRING ? smelt_type_make(SMELT_TYPE_VARCHAR) : a.type;
    /* A string literal takes the other side's type ('x' converts when the query runs). */
    if (a.literal == SMELT_LITERAL_STRING && b.literal == SMELT_LITERAL_STRING) return smelt_type_make(SMELT_TYPE_VARCHAR);
    if (a.literal == SMELT_LITERAL_STRING) return b.type;
    if (b.literal == SMELT_LITERAL_STRING) return a.type;
    if (x == y) {
        switch (x) {
        case SMELT_TYPE_DECIMAL:
        case SMELT_TYPE_TINYINT: case SMELT_TYPE_SMALLINT: case SMELT_TYPE_INTEGER: case SMELT_TYPE_BIGINT:
        case SMELT_TYPE_HUGEINT:
            return common_numeric(&a, &b);
        case SMELT_TYPE_LIST:
        case SMELT_TYPE_ARRAY: {
            if (!a.type.ext || !b.type.ext) break;
            smelt_type element = smelt_type_common(smelt_operand_of(a.type.ext->element), smelt_operand_of(b.type.ext->element),
                                                   force, arena, status);
            if (*status != SMELT_COMBINE_OK) return smelt_type_unknown();
            return x == SMELT_TYPE_ARRAY && a.type.size == b.type.size ? smelt_type_array(arena, element, a.type.size)
                                                                       : smelt_type_list(arena, element);
        }
        case SMELT_TYPE_STRUCT:
        case SMELT_TYPE_MAP:
            if (smelt_type_equal(a.type, b.type)) return a.type;
            *status = SMELT_COMBINE_UNKNOWN;
            return smelt_type_unknown();
        default:
            return smelt_type_make(x);
        }
    }
    smelt_type_category cx = smelt_type_category_of(x), cy = smelt_type_category_of(y);
    if (cx == SMELT_TYPE_CATEGORY_NUMERIC && cy == SMELT_TYPE_CATEGORY_NUMERIC) return common_numeric(&a, &b);
    /* TRUE/FALSE become 1/0 next to a number (`CASE WHEN c THEN flag ELSE 0 END` is INTEGER). */
    if (cx == SMELT_TYPE_CATEGORY_BOOLEAN && cy == SMELT_TYPE_CATEGORY_NUMERIC) return smelt_type_make(operand_kind(&b));
    if (cy == SMELT_TYPE_CATEGORY_BOOLEAN && cx == SMELT_TYPE_CATEGORY_NUMERIC) return smelt_type_make(operand_kind(&a));
    if (cx == SMELT_TYPE_CATEGORY_TEMPORAL && cy == SMELT_TYPE_CATEGORY_TEMPORAL) {
        bool ok;
        smelt_type type = max_temporal(x, y, &ok);
        if (!ok) *status = SMELT_COMBINE_UNKNOWN;
        return type;
    }
    /* Text and anything: a set operation makes it all text; CASE and COALESCE refuse. */
    if (cx == SMELT_TYPE_CATEGORY_STRING || cy == SMELT_TYPE_CATEGORY_STRING) {
        smelt_type_category other = cx == SMELT_TYPE_CATEGORY_STRING ? cy : cx;
        if (force) return smelt_type_make(SMELT_TYPE_VARCHAR);
        if (other == SMELT_TYPE_CATEGORY_NUMERIC || other == SMELT_TYPE_CATEGORY_TEMPORAL ||
            other == SMELT_TYPE_CATEGORY_BOOLEAN || other == SMELT_TYPE_CATEGORY_INTERVAL) {
            *status = SMELT_COMBINE_INCOMPATIBLE;
            return smelt_type_unknown();
        }
        *status = SMELT_COMBINE_UNKNOWN;
        return smelt_type_unknown();
    }
    /* Numbers and dates do not mix. */
    if (!force && ((cx == SMELT_TYPE_CATEGORY_NUMERIC && cy == SMELT_TYPE_CATEGORY_TEMPORAL) ||
                   (cy == SMELT_TYPE_CATEGORY_NUMERIC && cx == SMELT_TYPE_CATEGORY_TEMPORAL))) {
        *status = SMELT_COMBINE_INCOMPATIBLE;
        return smelt_type_unknown();
    }
    *status = SMELT_COMBINE_UNKNOWN;
    return smelt_type_unknown();
}

/* ---- Arithmetic ---------------------------------------------------------------------------------- */

/* DECIMAL + and -: room for the larger integer part, the larger scale and a carry digit. Narrow
 * inputs (at most 18 digits) stay within 18 digits, checked for overflow at run time: DECIMAL(18,2)
 * + DECIMAL(18,2) is DECIMAL(18,2), DECIMAL(17,2) + DECIMAL(7,2) is DECIMAL(18,2). */
static smelt_type decimal_add(const smelt_operand *a, const smelt_operand *b) {
    unsigned wa, sa, wb, sb;
    decimal_shape(a, &wa, &sa);
    decimal_shape(b, &wb, &sb);
    unsigned digits = wa - sa > wb - sb ? wa - sa : wb - sb;
    unsigned scale = sa > sb ? sa : sb;
    unsigned width = digits + scale + 1;
    if (width > MAX_DECIMAL_WIDTH) width = MAX_DECIMAL_WIDTH;
    if (wa <= MAX_INT64_DECIMAL_WIDTH && wb <= MAX_INT64_DECIMAL_WIDTH && width > MAX_INT64_DECIMAL_WIDTH)
        width = MAX_INT64_DECIMAL_WIDTH;
    return smelt_type_decimal(width, scale);
}

/* DECIMAL *: the widths and scales add up, within the same two limits (DECIMAL(7,2) * DECIMAL(15,2)
 * is DECIMAL(18,4); BIGINT * DECIMAL(7,2) is DECIMAL(26,2)). */
static smelt_type decimal_multiply(const smelt_operand *a, const smelt_operand *b, smelt_combine_status *status) {
    unsigned wa, sa, wb, sb;
    decimal_shape(a, &wa, &sa);
    decimal_shape(b, &wb, &sb);
    unsigned width = wa + wb, scale = sa + sb;
    if (scale > MAX_DECIMAL_WIDTH) {
        *status = SMELT_COMBINE_UNKNOWN;
        return smelt_type_unknown();
    }
    if (width > MAX_DECIMAL_WIDTH) width = MAX_DECIMAL_WIDTH;
    unsigned widest = wa > wb ? wa : wb;
    if (widest <= MAX_INT64_DECIMAL_WIDTH && width > MAX_INT64_DECIMAL_WIDTH) width = MAX_INT64_DECIMAL_WIDTH;
    if (scale > width) width = scale;
    return smelt_type_decimal(width, scale);
}

/* Date and time arithmetic, after DuckDB's operator overloads. Returns UNKNOWN with *matched false
 * when the pair has no rule. */
static smelt_type temporal_arithmetic(char op, smelt_type_kind x, smelt_type_kind y, bool y_integer, bool y_number,
                                      bool *matched) {
    *matched = true;
    bool x_ts = smelt_type_is_timestamp(x), y_ts = smelt_type_is_timestamp(y);
    if (op == '+' || op == '-') {
        if (x == SMELT_TYPE_DATE && y_integer) return smelt_type_make(SMELT_TYPE_DATE);
        if (op == '+' && y == SMELT_TYPE_DATE && x != SMELT_TYPE_DATE && smelt_type_is_integer(x)) return smelt_type_make(SMELT_TYPE_DATE);
        if (x == SMELT_TYPE_INTERVAL && y == SMELT_TYPE_INTERVAL) return smelt_type_make(SMELT_TYPE_INTERVAL);
        if (x == SMELT_TYPE_DATE && y == SMELT_TYPE_INTERVAL) return smelt_type_make(SMELT_TYPE_TIMESTAMP);
        if (op == '+' && x == SMELT_TYPE_INTERVAL && y == SMELT_TYPE_DATE) return smelt_type_make(SMELT_TYPE_TIMESTAMP);
        if (x_ts && y == SMELT_TYPE_INTERVAL) return smelt_type_make(x == SMELT_TYPE_TIMESTAMP_TZ ? x : SMELT_TYPE_TIMESTAMP);
        if (op == '+' && x == SMELT_TYPE_INTERVAL && y_ts) return smelt_type_make(y == SMELT_TYPE_TIMESTAMP_TZ ? y : SMELT_TYPE_TIMESTAMP);
        if ((x == SMELT_TYPE_TIME || x == SMELT_TYPE_TIME_TZ) && y == SMELT_TYPE_INTERVAL) return smelt_type_make(x);
        if (op == '+' && x == SMELT_TYPE_INTERVAL && (y == SMELT_TYPE_TIME || y == SMELT_TYPE_TIME_TZ)) return smelt_type_make(y);
        if (op == '+' && ((x == SMELT_TYPE_DATE && y == SMELT_TYPE_TIME) || (x == SMELT_TYPE_TIME && y == SMELT_TYPE_DATE)))
            return smelt_type_make(SMELT_TYPE_TIMESTAMP);
        if (op == '-' && x == SMELT_TYPE_DATE && y == SMELT_TYPE_DATE) return smelt_type_make(SMELT_TYPE_BIGINT);
        if (op == '-' && (x_ts || x == SMELT_TYPE_DATE) && (y_ts || y == SMELT_TYPE_DATE) && (x_ts || y_ts))
            return smelt_type_make(SMELT_TYPE_INTERVAL);
        if (op == '-' && x == SMELT_TYPE_TIME && y == SMELT_TYPE_TIME) return smelt_type_make(SMELT_TYPE_INTERVAL);
    } else if (op == '*') {
        if (x == SMELT_TYPE_INTERVAL && y_number) return smelt_type_make(SMELT_TYPE_INTERVAL);
    } else if (op == '/') {
        if (x == SMELT_TYPE_INTERVAL && y_number) return smelt_type_make(SMELT_TYPE_INTERVAL);
    }
    *matched = false;
    return smelt_type_unknown();
}

smelt_type smelt_type_arithmetic(const char *op_text, const smelt_operand *left, smelt_operand right,
                                 smelt_combine_status *status) {
    *status = SMELT_COMBINE_OK;
    /* One character names the operator: '/' for '/', 'd' for '//', '^' for '^' and '**'. */
    char op = op_text[0];
    if (strcmp(op_text, "//") == 0) op = 'd';
    if (strcmp(op_text, "**") == 0) op = '^';
    smelt_type_kind y = (smelt_type_kind)right.type.kind;
    if (!left) { /* unary + and - */
        if (y == SMELT_TYPE_UNKNOWN || y == SMELT_TYPE_ANY || right.literal != SMELT_LITERAL_NONE) {
            if (right.literal == SMELT_LITERAL_INTEGER) return smelt_type_make(literal_base_kind(&right));
            *status = SMELT_COMBINE_UNKNOWN;
            return smelt_type_unknown();
        }
        if (smelt_type_is_numeric(y) || y == SMELT_TYPE_INTERVAL) return smelt_type_with_nullable(right.type, false);
        smelt_type_category c = smelt_type_category_of(y);
        if (c == SMELT_TYPE_CATEGORY_STRING || c == SMELT_TYPE_CATEGORY_BOOLEAN || c == SMELT_TYPE_CATEGORY_TEMPORAL)
            *status = SMELT_COMBINE_INCOMPATIBLE;
        else
            *status = SMELT_COMBINE_UNKNOWN;
        return smelt_type_unknown();
    }
    smelt_type_kind x = (smelt_type_kind)left->type.kind;
    /* A NULL literal or an unknown side: nothing to say. */
    if (x == SMELT_TYPE_UNKNOWN || y == SMELT_TYPE_UNKNOWN || x == SMELT_TYPE_ANY || y == SMELT_TYPE_ANY ||
        x == SMELT_TYPE_NULL || y == SMELT_TYPE_NULL) {
        *status = SMELT_COMBINE_UNKNOWN;
        return smelt_type_unknown();
    }
    /* A string literal could become a number, a date or an interval: DuckDB's choice among the
     * overloads depends on details not modelled here. */
    if (left->literal == SMELT_LITERAL_STRING || right.literal == SMELT_LITERAL_STRING) {
        *status = SMELT_COMBINE_UNKNOWN;
        return smelt_type_unknown();
    }
    bool x_num = smelt_type_is_numeric(x), y_num = smelt_type_is_numeric(y);
    if (x_num && y_num) {
        smelt_type_kind kx = operand_kind(left), ky = operand_kind(&right);
        bool any_double = kx == SMELT_TYPE_DOUBLE || ky == SMELT_TYPE_DOUBLE;
        bool any_float = kx == SMELT_TYPE_FLOAT || ky == SMELT_TYPE_FLOAT;
        bool any_decimal = kx == SMELT_TYPE_DECIMAL || ky == SMELT_TYPE_DECIMAL;
        smelt_type floating = smelt_type_make(any_double ? SMELT_TYPE_DOUBLE : SMELT_TYPE_FLOAT);
        switch (op) {
        case '+':
        case '-':
            if (any_double || any_float) return floating;
            if (any_decimal) return decimal_add(left, &right);
            return smelt_type_make(combine_integers(left, &right));
        case '*':
            if (any_double || any_float) return floating;
            if (any_decimal) return decimal_multiply(left, &right, status);
            return smelt_type_make(combine_integers(left, &right));
        case '/':
            /* '/' divides as floating point, whatever the inputs (1 / 2 is 0.5). */
            return any_float && !any_double ? floating : smelt_type_make(SMELT_TYPE_DOUBLE);
        case 'd':
            if (any_double || any_decimal) return smelt_type_make(SMELT_TYPE_DOUBLE);
            if (any_float) return floating;
            return smelt_type_make(combine_integers(left, &right));
        case '%':
            if (any_double || any_float) return floating;
            if (any_decimal) {
                *status = SMELT_COMBINE_UNKNOWN;
                return smelt_type_unknown();
            }
            return smelt_type_make(combine_integers(left, &right));
        case '^':
            return smelt_type_make(SMELT_TYPE_DOUBLE);
        default:
            *status = SMELT_COMBINE_UNKNOWN;
            return smelt_type_unknown();
        }
    }
    bool y_integer = smelt_type_is_integer(operand_kind(&right));
    bool matched;
    smelt_type result = temporal_arithmetic(op, x, y, y_integer, y_num, &matched);
    if (matched) return result;
    if (op == '*' && x_num && y == SMELT_TYPE_INTERVAL) return smelt_type_make(SMELT_TYPE_INTERVAL);
    /* What is certainly refused: text, booleans and dates where the operator wants numbers (the
     * pairs with a rule above excepted). Lists, structs, JSON and the like: no opinion. */
    smelt_type_category cx = smelt_type_category_of(x), cy = smelt_type_category_of(y);
    bool x_plain = cx == SMELT_TYPE_CATEGORY_NUMERIC || cx == SMELT_TYPE_CATEGORY_STRING || cx == SMELT_TYPE_CATEGORY_BOOLEAN ||
                   cx == SMELT_TYPE_CATEGORY_TEMPORAL || cx == SMELT_TYPE_CATEGORY_INTERVAL;
    bool y_plain = cy == SMELT_TYPE_CATEGORY_NUMERIC || cy == SMELT_TYPE_CATEGORY_STRING || cy == SMELT_TYPE_CATEGORY_BOOLEAN ||
                   cy == SMELT_TYPE_CATEGORY_TEMPORAL || cy == SMELT_TYPE_CATEGORY_INTERVAL;
    if (x_plain && y_plain && strchr("+-*/d%^", op)) {
        *status = SMELT_COMBINE_INCOMPATIBLE;
        return smelt_type_unknown();
    }
    *status = SMELT_COMBINE_UNKNOWN;
    return smelt_type_unknown();
}

/* ---- Implicit casts ------------------------------------------------------------------------------ */

/* DuckDB's preference among target types when several overloads accept a value. */
static int target_cost(smelt_type_kind kind) {
    switch (kind) {
    case SMELT_TYPE_INTEGER: return 103;
    case SMELT_TYPE_BIGINT: return 101;
    case SMELT_TYPE_DOUBLE: return 102;
    case SMELT_TYPE_HUGEINT: return 120;
    case SMELT_TYPE_TIMESTAMP: return 120;
    case SMELT_TYPE_VARCHAR: return 149;
    case SMELT_TYPE_DECIMAL: return 104;
    case SMELT_TYPE_TIMESTAMP_TZ: return 121;
    case SMELT_TYPE_STRUCT: case SMELT_TYPE_MAP: case SMELT_TYPE_LIST: return 160;
    default: return 110;
    }
}

/* The numeric kinds a numeric kind widens into implicitly. */
static bool numeric_widens(smelt_type_kind from, smelt_type_kind to) {
    if (from == to) return true;
    if (to == SMELT_TYPE_DOUBLE) return from != SMELT_TYPE_DOUBLE;
    if (to == SMELT_TYPE_FLOAT) return from != SMELT_TYPE_DOUBLE;
    if (to == SMELT_TYPE_DECIMAL) return smelt_type_is_integer(from) || from == SMELT_TYPE_DECIMAL;
    if (from == SMELT_TYPE_DECIMAL || from == SMELT_TYPE_FLOAT || from == SMELT_TYPE_DOUBLE) return false;
    if (!smelt_type_is_integer(to)) return false;
    if (is_unsigned(from) && is_unsigned(to)) return integer_rank(to) >= integer_rank(from);
    if (is_unsigned(to)) return false;
    return integer_rank(to) > integer_rank(from) || (integer_rank(to) == integer_rank(from) && !is_unsigned(from));
}

int smelt_type_cast_cost(smelt_operand from, smelt_type to) {
    smelt_type_kind x = (smelt_type_kind)from.type.kind, y = (smelt_type_kind)to.kind;
    if (y == SMELT_TYPE_ANY || x == SMELT_TYPE_UNKNOWN || x == SMELT_TYPE_ANY) return 1;
    if (x == SMELT_TYPE_NULL) return 1;
    if (from.literal == SMELT_LITERAL_STRING) return y == SMELT_TYPE_VARCHAR ? 0 : target_cost(y);
    if (from.literal == SMELT_LITERAL_INTEGER) {
        if (smelt_type_is_integer(y)) {
            if (is_unsigned(y)) return 200;
            return integer_rank(y) >= integer_rank((smelt_type_kind)from.literal_fits) ? target_cost(y) : -1;
        }
        if (y == SMELT_TYPE_DECIMAL || y == SMELT_TYPE_FLOAT || y == SMELT_TYPE_DOUBLE) return target_cost(y);
        return -1;
    }
    if (x == y) {
        if (x == SMELT_TYPE_LIST || x == SMELT_TYPE_ARRAY) {
            if (!from.type.ext || !to.ext) return 1;
            return smelt_type_cast_cost(smelt_operand_of(from.type.ext->element), to.ext->element);
        }
        return 0;
    }
    if (smelt_type_is_numeric(x) && smelt_type_is_numeric(y)) return numeric_widens(x, y) ? target_cost(y) : -1;
    if (x == SMELT_TYPE_DATE && smelt_type_is_timestamp(y)) return target_cost(y);
    if (smelt_type_is_timestamp(x) && y == SMELT_TYPE_TIMESTAMP_TZ) return target_cost(y);
    if (x == SMELT_TYPE_TIME && y == SMELT_TYPE_TIME_TZ) return target_cost(y);
    if (x == SMELT_TYPE_JSON && y == SMELT_TYPE_VARCHAR) return target_cost(y);
    if (x == SMELT_TYPE_ARRAY && y == SMELT_TYPE_LIST) return 1;
    return -1;
}

bool smelt_type_may_cast(smelt_operand from, smelt_type to) {
    smelt_type_kind x = (smelt_type_kind)from.type.kind, y = (smelt_type_kind)to.kind;
    if (from.literal != SMELT_LITERAL_NONE || y == SMELT_TYPE_ANY || y == SMELT_TYPE_UNKNOWN) return true;
    smelt_type_category cx = smelt_type_category_of(x), cy = smelt_type_category_of(y);
    if (cx == SMELT_TYPE_CATEGORY_OTHER || cy == SMELT_TYPE_CATEGORY_OTHER) return true;
    if (cx == SMELT_TYPE_CATEGORY_NESTED || cy == SMELT_TYPE_CATEGORY_NESTED) return true;
    if (cx == cy) return true;
    /* Across categories only what DuckDB refuses for certain: text, numbers, booleans, dates and
     * intervals are each their own world for function arguments (upper(INTEGER), abs(VARCHAR),
     * sum(VARCHAR) all fail to bind). */
    return smelt_type_cast_cost(from, to) >= 0;
}
