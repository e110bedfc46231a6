/*
 * functions.h — what smelt knows about the functions a model calls: whether they exist, how many
 * arguments they take, whether they aggregate, and the type they return for given argument types.
 *
 * The knowledge comes from two places. functions.def is DuckDB's own list of overloads, generated
 * from the engine (tools/gen_functions.c); DuckDB resolves a call to the overload whose implicit
 * casts cost least, and so does smelt. Generic results (a DECIMAL whose width depends on the
 * argument, `T` for "the argument's type") and the functions DuckDB handles as syntax rather than
 * as catalog entries (COALESCE, window functions such as row_number) have rules written here,
 * each checked against DESCRIBE of a query.
 *
 * Every answer can be "unknown": a function missing from the table, a generic result without a
 * rule. The checker then stays silent, since reporting on a guess would risk a false error.
 */
#ifndef SMELT_SEMA_FUNCTIONS_H
#define SMELT_SEMA_FUNCTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/str.h"
#include "sema/types.h"

typedef enum {
    SMELT_FUNCTION_SCALAR,
    SMELT_FUNCTION_AGGREGATE,
    SMELT_FUNCTION_TABLE,
    SMELT_FUNCTION_MACRO,
    SMELT_FUNCTION_WINDOW, /* only valid with OVER: row_number, rank, lag, ... */
} smelt_function_kind;

/* One overload, as functions.def writes it. */
typedef struct {
    const char *name;
    smelt_function_kind kind;
    const char *returns;
    const char *params;  /* parameter types separated by '|' */
    const char *varargs; /* the type of extra arguments, or "" */
} smelt_signature;

/* The overloads of a function, by its lower-case name; NULL (and *count 0) when DuckDB has none. */
const smelt_signature *smelt_function_overloads(smelt_str lower_name, uint32_t *count);
/* Whether DuckDB knows the name at all: a catalog function or one of the special forms. */
bool smelt_function_exists(smelt_str lower_name);
/* Whether the name is an aggregate (some overload aggregates, or an aggregate special form such as
 * percentile_cont). */
bool smelt_function_is_aggregate(smelt_str lower_name);
/* The same question for the grouping check, in one lookup: a macro may aggregate too. */
typedef enum { SMELT_CALL_UNKNOWN, SMELT_CALL_MAYBE_AGGREGATE, SMELT_CALL_SCALAR } smelt_call_class;
smelt_call_class smelt_function_class(smelt_str lower_name);
/* Every function name, for did-you-mean hints: fills names (may be NULL to count) and returns the count. */
uint32_t smelt_function_names(const char **names, uint32_t capacity);
/* Whether a name is one of DuckDB's keywords (lower case); such names are quoted when DuckDB prints
 * an expression. */
bool smelt_sql_keyword(smelt_str lower_name);

/* Whether the hand-written tables of functions.c are sorted, as their binary searches need (a test). */
bool smelt_function_rules_sorted(void);

/* What a call comes to. */
typedef struct {
    smelt_type type;            /* the result, with nullability; UNKNOWN when not known */
    bool exists;                /* the function is known to DuckDB */
    smelt_function_kind kind;   /* of the overloads: an AGGREGATE when any overload aggregates */
    bool arity_error;           /* no overload takes this many arguments */
    uint32_t min_args, max_args; /* the accepted counts, for the message (max UINT32_MAX: variadic) */
    bool type_error;            /* arguments of certainly wrong types: no overload accepts them */
    uint32_t bad_argument;      /* for type_error: the first argument no overload accepts there */
    bool portable;              /* the result type is the same on every engine (count, min, coalesce...) */
} smelt_call_type;

/* Types a call of the lower-case name with these arguments. `constant_text`, when not NULL, holds
 * the text of each constant string argument (NULL for the others): some results depend on it
 * (date_trunc('month', d) is a DATE, date_trunc('hour', d) a TIMESTAMP). `has_group_by` tells
 * whether an aggregate runs per group (a group is never empty, so sum of non-NULL values is not NULL). */
smelt_call_type smelt_function_type(smelt_str lower_name, const smelt_operand *args, uint32_t arg_count,
                                    const char *const *constant_text, bool has_group_by, smelt_arena *arena);

#endif
