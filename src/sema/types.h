/*
 * types.h — SQL types with nullability, as DuckDB (the default engine) defines them: the integer
 * family, DECIMAL(width, scale), FLOAT/DOUBLE, VARCHAR, BOOLEAN, DATE, TIME, TIMESTAMP [WITH TIME
 * ZONE], INTERVAL, BLOB, UUID, JSON, LIST, ARRAY, STRUCT, MAP, and UNKNOWN for what cannot be known.
 *
 * A smelt_type is a small value (16 bytes) passed by copy. Nested types point at a smelt_type_ext
 * allocated in an arena; a type that outlives the arena it was built in must be copied with
 * smelt_type_copy. Every type carries its nullability: `nullable` true means the value may be NULL.
 *
 * Besides the types, this module holds DuckDB's rules for combining them, checked against DESCRIBE
 * of real queries: the common type of two values (CASE branches, COALESCE, UNION columns), numeric
 * promotion with its special case for integer literals (`smallint_column + 1` stays SMALLINT),
 * DECIMAL arithmetic (width and scale of +, -, *), and the implicit casts function overloads may use.
 * Where a rule is not known, the answer is UNKNOWN, never a guess that could produce a false error.
 */
#ifndef SMELT_SEMA_TYPES_H
#define SMELT_SEMA_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/str.h"

typedef enum {
#define X(name, text, category) SMELT_TYPE_##name,
#include "sema/types.def"
#undef X
    SMELT_TYPE_KIND_COUNT
} smelt_type_kind;

typedef enum {
    SMELT_TYPE_CATEGORY_OTHER,
    SMELT_TYPE_CATEGORY_BOOLEAN,
    SMELT_TYPE_CATEGORY_NUMERIC,
    SMELT_TYPE_CATEGORY_STRING,
    SMELT_TYPE_CATEGORY_BINARY,
    SMELT_TYPE_CATEGORY_TEMPORAL,
    SMELT_TYPE_CATEGORY_INTERVAL,
    SMELT_TYPE_CATEGORY_NESTED,
} smelt_type_category;

typedef struct smelt_type_ext smelt_type_ext;

typedef struct {
    uint8_t kind;          /* smelt_type_kind */
    uint8_t width, scale;  /* DECIMAL(width, scale) */
    bool nullable;
    uint32_t size;         /* ARRAY: the fixed length */
    const smelt_type_ext *ext; /* LIST, ARRAY, MAP, STRUCT; NULL otherwise */
} smelt_type;

typedef struct {
    const char *name;
    smelt_type type;
} smelt_struct_field;

struct smelt_type_ext {
    smelt_type element; /* LIST and ARRAY: the element; MAP: the key */
    smelt_type value;   /* MAP: the value */
    const smelt_struct_field *fields; /* STRUCT */
    uint32_t field_count;
};

/* ---- Making types -------------------------------------------------------------------------------- */

smelt_type smelt_type_make(smelt_type_kind kind); /* not nullable */
smelt_type smelt_type_unknown(void);              /* UNKNOWN, nullable */
smelt_type smelt_type_decimal(unsigned width, unsigned scale);
smelt_type smelt_type_list(smelt_arena *arena, smelt_type element);
smelt_type smelt_type_array(smelt_arena *arena, smelt_type element, uint32_t size);
smelt_type smelt_type_map(smelt_arena *arena, smelt_type key, smelt_type value);
smelt_type smelt_type_struct(smelt_arena *arena, const smelt_struct_field *fields, uint32_t count);
smelt_type smelt_type_with_nullable(smelt_type type, bool nullable);
/* A deep copy in arena (names and nested parts), for a type that must outlive the arena it was made in. */
smelt_type smelt_type_copy(smelt_arena *arena, smelt_type type);

/* ---- Reading types ------------------------------------------------------------------------------- */

smelt_type_category smelt_type_category_of(smelt_type_kind kind);
bool smelt_type_is_known(smelt_type type);   /* not UNKNOWN, NULL or ANY, and no unknown part */
bool smelt_type_is_integer(smelt_type_kind kind);
bool smelt_type_is_numeric(smelt_type_kind kind);
bool smelt_type_is_timestamp(smelt_type_kind kind); /* TIMESTAMP in any precision or zone */
/* Same type, ignoring nullability (at every level). */
bool smelt_type_equal(smelt_type a, smelt_type b);
/* The field of a STRUCT with this name (case-insensitive), or NULL. */
const smelt_struct_field *smelt_type_field(smelt_type type, smelt_str name);

/* Parses a type as written in sources.yml or after CAST ... AS / '::': DuckDB's names and their
 * aliases (INT, INT4, TEXT, STRING, NUMERIC(10,2), DOUBLE PRECISION, TIMESTAMPTZ, ...), Spark's
 * (LONG, SHORT, BYTE, BINARY, ARRAY<INT>, STRUCT<a: INT>, MAP<K, V>) and nested forms (INTEGER[],
 * STRUCT(a INT, b VARCHAR), MAP(VARCHAR, INT)). Returns false, with *out UNKNOWN, for a name it
 * does not know (an ENUM or user type): the checker then says nothing about such values. */
bool smelt_type_parse(smelt_str text, smelt_arena *arena, smelt_type *out);
/* DuckDB's name of the type, as DESCRIBE shows it: DECIMAL(7,2), INTEGER[], STRUCT(a INTEGER). */
void smelt_type_format(smelt_type type, smelt_buf *out);
const char *smelt_type_name(smelt_type type, smelt_arena *arena);
const char *smelt_type_kind_name(smelt_type_kind kind);

/* ---- Combining types ----------------------------------------------------------------------------- */

/* What kind of literal a value is, when it is one: DuckDB types literals late (an integer literal
 * fits the smallest type around it, a string literal converts into anything). */
typedef enum {
    SMELT_LITERAL_NONE,
    SMELT_LITERAL_NULL,
    SMELT_LITERAL_INTEGER,
    SMELT_LITERAL_STRING,
} smelt_literal_kind;

/* A value's type and, for an integer literal, the smallest signed integer kind holding it. */
typedef struct {
    smelt_type type;
    uint8_t literal;      /* smelt_literal_kind */
    uint8_t literal_fits; /* SMELT_TYPE_TINYINT .. SMELT_TYPE_HUGEINT, for integer literals */
} smelt_operand;

typedef enum {
    SMELT_COMBINE_OK,
    SMELT_COMBINE_UNKNOWN,      /* no rule known: the result is UNKNOWN and nothing is reported */
    SMELT_COMBINE_INCOMPATIBLE, /* the engine refuses these types together */
} smelt_combine_status;

smelt_operand smelt_operand_of(smelt_type type);

/* The common type of two values: of CASE branches and COALESCE arguments (force false), or of the
 * columns of a set operation (force true: DuckDB then turns a mix with VARCHAR into VARCHAR). The
 * result's nullability is the caller's business. */
smelt_type smelt_type_common(smelt_operand a, smelt_operand b, bool force, smelt_arena *arena,
                             smelt_combine_status *status);

/* The type of `left op right` for the arithmetic operators + - * / // % ^ (op is the operator as
 * written, "**" for power), or of a unary + / - when left is NULL. */
smelt_type smelt_type_arithmetic(const char *op, const smelt_operand *left, smelt_operand right,
                                 smelt_combine_status *status);

/* DuckDB's cost of implicitly casting a value to a parameter type in overload resolution: 0 for
 * the same type, -1 when no implicit cast exists. ANY parameters and UNKNOWN values cost 1. */
int smelt_type_cast_cost(smelt_operand from, smelt_type to);
/* Whether the value can be passed where `to` is expected as far as smelt can tell: false only
 * when the engine certainly refuses (text where a number is expected, a number where a date is). */
bool smelt_type_may_cast(smelt_operand from, smelt_type to);
/* DECIMAL(width, 0) for an integer kind (TINYINT -> 3, INTEGER -> 10, BIGINT -> 19, ...). */
uint8_t smelt_type_integer_width(smelt_type_kind kind);

#endif
