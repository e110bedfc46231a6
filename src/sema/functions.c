/*
 * functions.c — the signature table (functions.def, generated from DuckDB), the special forms
 * DuckDB handles outside its catalog, overload resolution by implicit-cast cost, and the rules for
 * results the table leaves generic.
 */
#include "sema/functions.h"

#include <string.h>

static const smelt_signature signatures[] = {
#define F(name, kind, returns, params, varargs) {name, SMELT_FUNCTION_##kind, returns, params, varargs},
#define K(word)
#include "sema/functions.def"
#undef F
#undef K
};

static const char *const keywords[] = {
#define F(name, kind, returns, params, varargs)
#define K(word) word,
#include "sema/functions.def"
#undef F
#undef K
};

enum { SIGNATURE_COUNT = sizeof signatures / sizeof signatures[0], KEYWORD_COUNT = sizeof keywords / sizeof keywords[0] };

/* Functions DuckDB parses as syntax or binds without a catalog entry; with the argument counts they
 * take. Calls of these are never "unknown functions". */
typedef struct {
    const char *name;
    smelt_function_kind kind;
    uint32_t min_args, max_args;
} special_form;

#define MANY UINT32_MAX
static const special_form special_forms[] = {
    {"all", SMELT_FUNCTION_SCALAR, 1, 1}, /* x = ALL (subquery or list) */
    {"any", SMELT_FUNCTION_SCALAR, 1, 1},
    {"coalesce", SMELT_FUNCTION_SCALAR, 1, MANY},
    {"columns", SMELT_FUNCTION_SCALAR, 1, 1},
    {"cume_dist", SMELT_FUNCTION_WINDOW, 0, 0},
    {"dense_rank", SMELT_FUNCTION_WINDOW, 0, 0},
    {"fill", SMELT_FUNCTION_WINDOW, 1, 1},
    {"first_value", SMELT_FUNCTION_WINDOW, 1, 1},
    {"grouping", SMELT_FUNCTION_SCALAR, 1, MANY},
    {"grouping_id", SMELT_FUNCTION_SCALAR, 1, MANY},
    {"if", SMELT_FUNCTION_SCALAR, 3, 3},
    {"ifnull", SMELT_FUNCTION_SCALAR, 2, 2},
    {"lag", SMELT_FUNCTION_WINDOW, 1, 3},
    {"last_value", SMELT_FUNCTION_WINDOW, 1, 1},
    {"lead", SMELT_FUNCTION_WINDOW, 1, 3},
    {"nth_value", SMELT_FUNCTION_WINDOW, 2, 2},
    {"ntile", SMELT_FUNCTION_WINDOW, 1, 1},
    {"percent_rank", SMELT_FUNCTION_WINDOW, 0, 0},
    {"percentile_cont", SMELT_FUNCTION_AGGREGATE, 1, 1}, /* ... WITHIN GROUP (ORDER BY x) */
    {"percentile_disc", SMELT_FUNCTION_AGGREGATE, 1, 1},
    {"rank", SMELT_FUNCTION_WINDOW, 0, 0},
    {"rank_dense", SMELT_FUNCTION_WINDOW, 0, 0},
    {"row_number", SMELT_FUNCTION_WINDOW, 0, 0},
    {"some", SMELT_FUNCTION_SCALAR, 1, 1},
    {"try", SMELT_FUNCTION_SCALAR, 1, 1},
    {"unnest", SMELT_FUNCTION_SCALAR, 1, MANY},
};
enum { SPECIAL_COUNT = sizeof special_forms / sizeof special_forms[0] };

/* Compares a NUL-terminated table name with a slice. */
static int compare_name(const char *table_name, smelt_str name) {
    /* Byte by byte: most comparisons of a binary search differ in the first byte. */
    for (size_t i = 0; i < name.len; i++) {
        unsigned char a = (unsigned char)table_name[i], b = (unsigned char)name.ptr[i];
        if (a != b) return a < b ? -1 : 1; /* also when the table name ends first (a == 0) */
    }
    return table_name[name.len] != '\0';
}

const smelt_signature *smelt_function_overloads(smelt_str lower_name, uint32_t *count) {
    size_t low = 0, high = SIGNATURE_COUNT;
    while (low < high) { /* the first row not below the name */
        size_t mid = (low + high) / 2;
        if (compare_name(signatures[mid].name, lower_name) < 0) low = mid + 1;
        else high = mid;
    }
    size_t end = low;
    while (end < SIGNATURE_COUNT && compare_name(signatures[end].name, lower_name) == 0) end++;
    *count = (uint32_t)(end - low);
    return end > low ? &signatures[low] : NULL;
}

static const special_form *find_special(smelt_str lower_name) {
    size_t low = 0, high = SPECIAL_COUNT;
    while (low < high) {
        size_t mid = (low + high) / 2;
        int c = compare_name(special_forms[mid].name, lower_name);
        if (c == 0) return &special_forms[mid];
        if (c < 0) low = mid + 1;
        else high = mid;
    }
    return NULL;
}

bool smelt_function_is_aggregate(smelt_str lower_name) {
    const special_form *special = find_special(lower_name);
    if (special) return special->kind == SMELT_FUNCTION_AGGREGATE;
    uint32_t count;
    const smelt_signature *sigs = smelt_function_overloads(lower_name, &count);
    for (uint32_t i = 0; i < count; i++)
        if (sigs[i].kind == SMELT_FUNCTION_AGGREGATE) return true;
    return false;
}

smelt_call_class smelt_function_class(smelt_str lower_name) {
    const special_form *special = find_special(lower_name);
    if (special) return special->kind == SMELT_FUNCTION_AGGREGATE ? SMELT_CALL_MAYBE_AGGREGATE : SMELT_CALL_SCALAR;
    uint32_t count;
    const smelt_signature *sigs = smelt_function_overloads(lower_name, &count);
    if (!sigs) return SMELT_CALL_UNKNOWN;
    for (uint32_t i = 0; i < count; i++)
        if (sigs[i].kind == SMELT_FUNCTION_AGGREGATE || sigs[i].kind == SMELT_FUNCTION_MACRO) return SMELT_CALL_MAYBE_AGGREGATE;
    return SMELT_CALL_SCALAR;
}

bool smelt_function_exists(smelt_str lower_name) {
    uint32_t count;
    return smelt_function_overloads(lower_name, &count) != NULL || find_special(lower_name) != NULL;
}

uint32_t smelt_function_names(const char **names, uint32_t capacity) {
    uint32_t count = 0;
    for (size_t i = 0; i < SIGNATURE_COUNT; i++) {
        if (i > 0 && strcmp(signatures[i].name, signatures[i - 1].name) == 0) continue;
        if (signatures[i].kind == SMELT_FUNCTION_TABLE || signatures[i].kind == SMELT_FUNCTION_MACRO) continue;
        if (names && count < capacity) names[count] = signatures[i].name;
        count++;
    }
    for (size_t i = 0; i < SPECIAL_COUNT; i++) {
        if (names && count < capacity) names[count] = special_forms[i].name;
        count++;
    }
    return count;
}

bool smelt_sql_keyword(smelt_str lower_name) {
    size_t low = 0, high = KEYWORD_COUNT;
    while (low < high) {
        size_t mid = (low + high) / 2;
        int c = compare_name(keywords[mid], lower_name);
        if (c == 0) return true;
        if (c < 0) low = mid + 1;
        else high = mid;
    }
    return false;
}

/* ---- Signature types ------------------------------------------------------------------------------- */

/* A parameter or return type of the table. Generic ones: ANY (with `width` holding the template
 * letter T, K or V when it is one), a DECIMAL of width 0 (any DECIMAL), and LIST, MAP or STRUCT
 * without parts (any of those). */
static smelt_type signature_type(smelt_str text, smelt_arena *arena) {
    /* Trailing [] or [N]: a list or array of what comes before. */
    if (text.len > 2 && text.ptr[text.len - 1] == ']') {
        size_t open = text.len - 1;
        while (open > 0 && text.ptr[open] != '[') open--;
        smelt_type element = signature_type((smelt_str){text.ptr, open}, arena);
        bool sized = open + 1 < text.len - 1;
        return sized ? smelt_type_array(arena, element, 0) : smelt_type_list(arena, element);
    }
    if (text.len == 1 && (text.ptr[0] == 'T' || text.ptr[0] == 'K' || text.ptr[0] == 'V')) {
        smelt_type type = smelt_type_make(SMELT_TYPE_ANY);
        type.width = (uint8_t)text.ptr[0];
        return type;
    }
    if (smelt_str_eq_cstr(text, "ANY") || smelt_str_eq_cstr(text, "\"NULL\"") || smelt_str_eq_cstr(text, "NULL") ||
        smelt_str_eq_cstr(text, "LAMBDA") || smelt_str_eq_cstr(text, "UNION") || smelt_str_eq_cstr(text, "TABLE") ||
        smelt_str_eq_cstr(text, "POINTER") || smelt_str_eq_cstr(text, "INVALID") || text.len == 0)
        return smelt_type_make(SMELT_TYPE_ANY);
    if (smelt_str_eq_cstr(text, "DECIMAL")) {
        smelt_type type = smelt_type_make(SMELT_TYPE_DECIMAL);
        type.width = 0;
        return type;
    }
    if (smelt_str_eq_cstr(text, "LIST")) return smelt_type_make(SMELT_TYPE_LIST);
    if (smelt_str_eq_cstr(text, "ARRAY")) return smelt_type_make(SMELT_TYPE_ARRAY);
    if (smelt_str_eq_cstr(text, "MAP")) return smelt_type_make(SMELT_TYPE_MAP);
    if (text.len >= 6 && memcmp(text.ptr, "STRUCT", 6) == 0 && (text.len == 6 || text.ptr[6] == '('))
        return smelt_type_make(SMELT_TYPE_STRUCT);
    if (text.len >= 3 && memcmp(text.ptr, "MAP", 3) == 0) return smelt_type_make(SMELT_TYPE_MAP);
    /* Types smelt does not model, by their nearest kin: what accepts one accepts only the same
     * category (sum(BIGNUM) must not make sum accept text). */
    if (smelt_str_eq_cstr(text, "BIGNUM") || smelt_str_eq_cstr(text, "VARINT")) return smelt_type_make(SMELT_TYPE_HUGEINT);
    if (smelt_str_eq_cstr(text, "TIME_NS")) return smelt_type_make(SMELT_TYPE_TIME);
    /* The table writes DuckDB's own names: most are found without parsing. */
    for (int kind = SMELT_TYPE_BOOLEAN; kind < SMELT_TYPE_LIST; kind++)
        if (smelt_str_eq_cstr(text, smelt_type_kind_name((smelt_type_kind)kind)) && kind != SMELT_TYPE_DECIMAL)
            return smelt_type_make((smelt_type_kind)kind);
    smelt_type type;
    if (!smelt_type_parse(text, arena, &type)) return smelt_type_make(SMELT_TYPE_ANY);
    return type;
}

static bool is_generic(smelt_type type) {
    switch ((smelt_type_kind)type.kind) {
    case SMELT_TYPE_ANY: return true;
    case SMELT_TYPE_DECIMAL: return type.width == 0;
    case SMELT_TYPE_LIST: case SMELT_TYPE_ARRAY: return !type.ext || is_generic(type.ext->element);
    case SMELT_TYPE_MAP: case SMELT_TYPE_STRUCT: return !type.ext;
    default: return false;
    }
}

/* The i-th parameter type of an overload (0-based), or the variadic type past the fixed ones;
 * false when the overload takes fewer arguments. */
static bool parameter_text(const smelt_signature *sig, uint32_t index, smelt_str *out) {
    const char *p = sig->params;
    uint32_t i = 0;
    while (*p) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (i == index) {
            *out = (smelt_str){p, len};
            return true;
        }
        i++;
        if (!end) break;
        p = end + 1;
    }
    if (sig->varargs[0]) {
        *out = smelt_str_from_cstr(sig->varargs);
        return true;
    }
    return false;
}

static uint32_t parameter_count(const smelt_signature *sig) {
    if (!sig->params[0]) return 0;
    uint32_t count = 1;
    for (const char *p = sig->params; *p; p++) count += *p == '|';
    return count;
}

/* The cost of passing a value where a (possibly generic) parameter type is expected; -1 when
 * impossible. Generic parameters accept what matches their shape. */
static int parameter_cost(smelt_operand arg, smelt_type param) {
    smelt_type_kind a = (smelt_type_kind)arg.type.kind;
    switch ((smelt_type_kind)param.kind) {
    case SMELT_TYPE_ANY:
        return 1;
    case SMELT_TYPE_DECIMAL:
        if (param.width != 0) break;
        if (a == SMELT_TYPE_DECIMAL) return 0;
        if (a == SMELT_TYPE_UNKNOWN || a == SMELT_TYPE_NULL) return 1;
        if (arg.literal == SMELT_LITERAL_INTEGER || smelt_type_is_integer(a) || arg.literal == SMELT_LITERAL_STRING) return 104;
        return -1;
    case SMELT_TYPE_LIST:
    case SMELT_TYPE_ARRAY:
        if (!is_generic(param)) break;
        if (a == SMELT_TYPE_LIST || a == SMELT_TYPE_ARRAY) return a == param.kind ? 0 : 1;
        if (a == SMELT_TYPE_UNKNOWN || a == SMELT_TYPE_NULL || arg.literal == SMELT_LITERAL_STRING) return 1;
        return -1;
    case SMELT_TYPE_MAP:
    case SMELT_TYPE_STRUCT:
        if (param.ext) break;
        if (a == param.kind) return 0;
        if (a == SMELT_TYPE_UNKNOWN || a == SMELT_TYPE_NULL) return 1;
        return -1;
    default:
        break;
    }
    return smelt_type_cast_cost(arg, param);
}

/* Whether an argument may be passed for a parameter as far as smelt can tell. */
static bool parameter_may_accept(smelt_operand arg, smelt_type param) {
    if (is_generic(param)) {
        smelt_type_category c = smelt_type_category_of((smelt_type_kind)arg.type.kind);
        if (param.kind == SMELT_TYPE_DECIMAL)
            return arg.literal != SMELT_LITERAL_NONE || c == SMELT_TYPE_CATEGORY_NUMERIC || c == SMELT_TYPE_CATEGORY_OTHER ||
                   c == SMELT_TYPE_CATEGORY_BOOLEAN;
        return true;
    }
    return smelt_type_may_cast(arg, param);
}

/* ---- Results ------------------------------------------------------------------------------------ */

static smelt_type operand_type(smelt_operand operand) {
    if (operand.literal == SMELT_LITERAL_INTEGER) {
        smelt_type_kind fits = (smelt_type_kind)operand.literal_fits;
        smelt_type type = smelt_type_make(fits == SMELT_TYPE_BIGINT || fits == SMELT_TYPE_HUGEINT ? fits : SMELT_TYPE_INTEGER);
        return type;
    }
    if (operand.literal == SMELT_LITERAL_STRING || operand.type.kind == SMELT_TYPE_NULL)
        return smelt_type_make(operand.type.kind == SMELT_TYPE_NULL ? SMELT_TYPE_NULL : SMELT_TYPE_VARCHAR);
    return smelt_type_with_nullable(operand.type, false);
}

/* Binds the template letters of a generic return type from the arguments given for the same letters. */
static smelt_type bind_template(smelt_type returns, const smelt_signature *sig, const smelt_operand *args, uint32_t count,
                                smelt_arena *arena) {
    if (returns.kind == SMELT_TYPE_ANY && returns.width) {
        for (uint32_t i = 0; i < count; i++) {
            smelt_str text;
            if (!parameter_text(sig, i, &text)) break;
            smelt_type param = signature_type(text, arena);
            if (param.kind == SMELT_TYPE_ANY && param.width == returns.width) return operand_type(args[i]);
            if ((param.kind == SMELT_TYPE_LIST || param.kind == SMELT_TYPE_ARRAY) && param.ext &&
                param.ext->element.kind == SMELT_TYPE_ANY && param.ext->element.width == returns.width &&
                (args[i].type.kind == SMELT_TYPE_LIST || args[i].type.kind == SMELT_TYPE_ARRAY) && args[i].type.ext)
                return args[i].type.ext->element;
        }
        return smelt_type_unknown();
    }
    if ((returns.kind == SMELT_TYPE_LIST || returns.kind == SMELT_TYPE_ARRAY) && returns.ext && is_generic(returns.ext->element)) {
        smelt_type element = bind_template(returns.ext->element, sig, args, count, arena);
        if (element.kind == SMELT_TYPE_UNKNOWN) return element;
        return smelt_type_list(arena, element);
    }
    return smelt_type_unknown();
}

/* What smelt knows about a function beyond its signatures: a rule for its result type, and how its
 * result's nullability follows from its arguments'. One sorted table, searched once per call. */
typedef enum {
    RULE_NONE,     /* the signature table decides */
    RULE_BIGINT,   /* count, row_number, rank, grouping, ... */
    RULE_DOUBLE,   /* percent_rank, cume_dist */
    RULE_COMMON,   /* coalesce, ifnull, greatest, least: the common type of the arguments */
    RULE_IF,       /* if(c, a, b): the common type of a and b */
    RULE_NULLIF,   /* the first argument's type */
    RULE_FIRST,    /* min, max, lag, any_value, ...: the first argument's type */
    RULE_SUM,
    RULE_AVG,
    RULE_QUANTILE, /* median, quantile_cont: DECIMALs and dates keep their type, numbers become DOUBLE */
    RULE_QUANTILE_DISCRETE,
    RULE_LIST,     /* list(x): a LIST of x */
    RULE_VARCHAR,  /* string_agg */
    RULE_UNNEST,
    RULE_ROUNDING, /* ceil, floor, trunc of a DECIMAL drop its scale */
    RULE_ROUND,    /* round(x, n) of a DECIMAL(w, s) is DECIMAL(w, n) */
    RULE_ABS,
    RULE_DATE_TRUNC,
    RULE_CONCAT,
} result_rule;

enum {
    FLAG_NEVER_NULL = 1,      /* never NULL (count, row_number, concat) */
    FLAG_NULL_IF_ALL = 2,     /* NULL only when every argument is (coalesce) */
    FLAG_NULL_PRESERVING = 4, /* NULL only when an argument is (upper, year, ...); for an aggregate:
                                 not NULL over a non-empty group of non-NULL values (sum, min, ...) */
};

typedef struct {
    const char *name;
    uint8_t rule;
    uint8_t flags;
} function_rule;

/* Sorted by name (test_sema checks it). Anything absent: result from the signature table, NULL
 * assumed possible. */
static const function_rule function_rules[] = {
    {"abs", RULE_ABS, FLAG_NULL_PRESERVING},
    {"any_value", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"approx_count_distinct", RULE_BIGINT, FLAG_NEVER_NULL},
    {"arbitrary", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"arg_max", RULE_FIRST, 0},
    {"arg_max_null", RULE_FIRST, 0},
    {"arg_min", RULE_FIRST, 0},
    {"arg_min_null", RULE_FIRST, 0},
    {"argmax", RULE_FIRST, 0},
    {"argmin", RULE_FIRST, 0},
    {"array_agg", RULE_LIST, FLAG_NULL_PRESERVING},
    {"array_length", RULE_NONE, FLAG_NULL_PRESERVING},
    {"ascii", RULE_NONE, FLAG_NULL_PRESERVING},
    {"avg", RULE_AVG, FLAG_NULL_PRESERVING},
    {"bit_and", RULE_FIRST, 0},
    {"bit_length", RULE_NONE, FLAG_NULL_PRESERVING},
    {"bit_or", RULE_FIRST, 0},
    {"bit_xor", RULE_FIRST, 0},
    {"bool_and", RULE_NONE, FLAG_NULL_PRESERVING},
    {"bool_or", RULE_NONE, FLAG_NULL_PRESERVING},
    {"ceil", RULE_ROUNDING, FLAG_NULL_PRESERVING},
    {"ceiling", RULE_ROUNDING, FLAG_NULL_PRESERVING},
    {"century", RULE_NONE, FLAG_NULL_PRESERVING},
    {"char_length", RULE_NONE, FLAG_NULL_PRESERVING},
    {"character_length", RULE_NONE, FLAG_NULL_PRESERVING},
    {"chr", RULE_NONE, FLAG_NULL_PRESERVING},
    {"coalesce", RULE_COMMON, FLAG_NULL_IF_ALL},
    {"concat", RULE_CONCAT, FLAG_NEVER_NULL},
    {"concat_ws", RULE_NONE, FLAG_NULL_PRESERVING},
    {"contains", RULE_NONE, FLAG_NULL_PRESERVING},
    {"cos", RULE_NONE, FLAG_NULL_PRESERVING},
    {"count", RULE_BIGINT, FLAG_NEVER_NULL},
    {"count_star", RULE_BIGINT, FLAG_NEVER_NULL},
    {"cume_dist", RULE_DOUBLE, FLAG_NEVER_NULL},
    {"current_date", RULE_NONE, FLAG_NULL_PRESERVING},
    {"date_add", RULE_NONE, FLAG_NULL_PRESERVING},
    {"date_diff", RULE_NONE, FLAG_NULL_PRESERVING},
    {"date_part", RULE_NONE, FLAG_NULL_PRESERVING},
    {"date_sub", RULE_NONE, FLAG_NULL_PRESERVING},
    {"date_trunc", RULE_DATE_TRUNC, FLAG_NULL_PRESERVING},
    {"datediff", RULE_NONE, FLAG_NULL_PRESERVING},
    {"datepart", RULE_NONE, FLAG_NULL_PRESERVING},
    {"datesub", RULE_NONE, FLAG_NULL_PRESERVING},
    {"datetrunc", RULE_DATE_TRUNC, FLAG_NULL_PRESERVING},
    {"day", RULE_NONE, FLAG_NULL_PRESERVING},
    {"dayofmonth", RULE_NONE, FLAG_NULL_PRESERVING},
    {"dayofweek", RULE_NONE, FLAG_NULL_PRESERVING},
    {"dayofyear", RULE_NONE, FLAG_NULL_PRESERVING},
    {"decade", RULE_NONE, FLAG_NULL_PRESERVING},
    {"degrees", RULE_NONE, FLAG_NULL_PRESERVING},
    {"dense_rank", RULE_BIGINT, FLAG_NEVER_NULL},
    {"ends_with", RULE_NONE, FLAG_NULL_PRESERVING},
    {"epoch", RULE_NONE, FLAG_NULL_PRESERVING},
    {"epoch_ms", RULE_NONE, FLAG_NULL_PRESERVING},
    {"even", RULE_ROUNDING, FLAG_NULL_PRESERVING},
    {"exp", RULE_NONE, FLAG_NULL_PRESERVING},
    {"favg", RULE_NONE, FLAG_NULL_PRESERVING},
    {"fill", RULE_FIRST, 0},
    {"first", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"first_value", RULE_FIRST, 0},
    {"floor", RULE_ROUNDING, FLAG_NULL_PRESERVING},
    {"format", RULE_NONE, FLAG_NULL_PRESERVING},
    {"fsum", RULE_NONE, FLAG_NULL_PRESERVING},
    {"gen_random_uuid", RULE_NONE, FLAG_NULL_PRESERVING},
    {"greatest", RULE_COMMON, FLAG_NULL_IF_ALL},
    {"group_concat", RULE_VARCHAR, FLAG_NULL_PRESERVING},
    {"grouping", RULE_BIGINT, FLAG_NEVER_NULL},
    {"grouping_id", RULE_BIGINT, FLAG_NEVER_NULL},
    {"hash", RULE_NONE, FLAG_NULL_PRESERVING},
    {"hour", RULE_NONE, FLAG_NULL_PRESERVING},
    {"if", RULE_IF, FLAG_NULL_IF_ALL},
    {"ifnull", RULE_COMMON, FLAG_NULL_IF_ALL},
    {"initcap", RULE_NONE, FLAG_NULL_PRESERVING},
    {"isodow", RULE_NONE, FLAG_NULL_PRESERVING},
    {"kahan_sum", RULE_NONE, FLAG_NULL_PRESERVING},
    {"lag", RULE_FIRST, 0},
    {"last", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"last_day", RULE_NONE, FLAG_NULL_PRESERVING},
    {"last_value", RULE_FIRST, 0},
    {"lcase", RULE_NONE, FLAG_NULL_PRESERVING},
    {"lead", RULE_FIRST, 0},
    {"least", RULE_COMMON, FLAG_NULL_IF_ALL},
    {"left", RULE_NONE, FLAG_NULL_PRESERVING},
    {"len", RULE_NONE, FLAG_NULL_PRESERVING},
    {"length", RULE_NONE, FLAG_NULL_PRESERVING},
    {"list", RULE_LIST, FLAG_NULL_PRESERVING},
    {"list_agg", RULE_LIST, 0},
    {"list_distinct", RULE_NONE, FLAG_NULL_PRESERVING},
    {"list_reverse_sort", RULE_NONE, FLAG_NULL_PRESERVING},
    {"list_sort", RULE_NONE, FLAG_NULL_PRESERVING},
    {"list_value", RULE_NONE, FLAG_NULL_PRESERVING},
    {"listagg", RULE_VARCHAR, FLAG_NULL_PRESERVING},
    {"lower", RULE_NONE, FLAG_NULL_PRESERVING},
    {"lpad", RULE_NONE, FLAG_NULL_PRESERVING},
    {"ltrim", RULE_NONE, FLAG_NULL_PRESERVING},
    {"make_date", RULE_NONE, FLAG_NULL_PRESERVING},
    {"make_timestamp", RULE_NONE, FLAG_NULL_PRESERVING},
    {"max", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"max_by", RULE_FIRST, 0},
    {"md5", RULE_NONE, FLAG_NULL_PRESERVING},
    {"mean", RULE_AVG, FLAG_NULL_PRESERVING},
    {"median", RULE_QUANTILE, FLAG_NULL_PRESERVING},
    {"min", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"min_by", RULE_FIRST, 0},
    {"minute", RULE_NONE, FLAG_NULL_PRESERVING},
    {"mode", RULE_FIRST, FLAG_NULL_PRESERVING},
    {"month", RULE_NONE, FLAG_NULL_PRESERVING},
    {"now", RULE_NONE, FLAG_NULL_PRESERVING},
    {"nth_value", RULE_FIRST, 0},
    {"ntile", RULE_BIGINT, FLAG_NEVER_NULL},
    {"nullif", RULE_NULLIF, FLAG_NULL_IF_ALL},
    {"octet_length", RULE_NONE, FLAG_NULL_PRESERVING},
    {"percent_rank", RULE_DOUBLE, FLAG_NEVER_NULL},
    {"pi", RULE_NONE, FLAG_NULL_PRESERVING},
    {"prefix", RULE_NONE, FLAG_NULL_PRESERVING},
    {"printf", RULE_NONE, FLAG_NULL_PRESERVING},
    {"product", RULE_NONE, FLAG_NULL_PRESERVING},
    {"quantile", RULE_QUANTILE_DISCRETE, 0},
    {"quantile_cont", RULE_QUANTILE, 0},
    {"quantile_disc", RULE_QUANTILE_DISCRETE, 0},
    {"quarter", RULE_NONE, FLAG_NULL_PRESERVING},
    {"radians", RULE_NONE, FLAG_NULL_PRESERVING},
    {"random", RULE_NONE, FLAG_NULL_PRESERVING},
    {"rank", RULE_BIGINT, FLAG_NEVER_NULL},
    {"rank_dense", RULE_BIGINT, FLAG_NEVER_NULL},
    {"regexp_matches", RULE_NONE, FLAG_NULL_PRESERVING},
    {"regexp_replace", RULE_NONE, FLAG_NULL_PRESERVING},
    {"repeat", RULE_NONE, FLAG_NULL_PRESERVING},
    {"replace", RULE_NONE, FLAG_NULL_PRESERVING},
    {"reverse", RULE_NONE, FLAG_NULL_PRESERVING},
    {"right", RULE_NONE, FLAG_NULL_PRESERVING},
    {"round", RULE_ROUND, FLAG_NULL_PRESERVING},
    {"row", RULE_NONE, FLAG_NULL_PRESERVING},
    {"row_number", RULE_BIGINT, FLAG_NEVER_NULL},
    {"rpad", RULE_NONE, FLAG_NULL_PRESERVING},
    {"rtrim", RULE_NONE, FLAG_NULL_PRESERVING},
    {"second", RULE_NONE, FLAG_NULL_PRESERVING},
    {"sign", RULE_NONE, FLAG_NULL_PRESERVING},
    {"sin", RULE_NONE, FLAG_NULL_PRESERVING},
    {"sqrt", RULE_NONE, FLAG_NULL_PRESERVING},
    {"starts_with", RULE_NONE, FLAG_NULL_PRESERVING},
    {"strftime", RULE_NONE, FLAG_NULL_PRESERVING},
    {"string_agg", RULE_VARCHAR, FLAG_NULL_PRESERVING},
    {"strlen", RULE_NONE, FLAG_NULL_PRESERVING},
    {"struct_pack", RULE_NONE, FLAG_NULL_PRESERVING},
    {"substr", RULE_NONE, FLAG_NULL_PRESERVING},
    {"substring", RULE_NONE, FLAG_NULL_PRESERVING},
    {"suffix", RULE_NONE, FLAG_NULL_PRESERVING},
    {"sum", RULE_SUM, FLAG_NULL_PRESERVING},
    {"sumkahan", RULE_NONE, FLAG_NULL_PRESERVING},
    {"tan", RULE_NONE, FLAG_NULL_PRESERVING},
    {"to_days", RULE_NONE, FLAG_NULL_PRESERVING},
    {"to_hours", RULE_NONE, FLAG_NULL_PRESERVING},
    {"to_minutes", RULE_NONE, FLAG_NULL_PRESERVING},
    {"to_months", RULE_NONE, FLAG_NULL_PRESERVING},
    {"to_seconds", RULE_NONE, FLAG_NULL_PRESERVING},
    {"to_years", RULE_NONE, FLAG_NULL_PRESERVING},
    {"today", RULE_NONE, FLAG_NULL_PRESERVING},
    {"trim", RULE_NONE, FLAG_NULL_PRESERVING},
    {"trunc", RULE_ROUNDING, FLAG_NULL_PRESERVING},
    {"try", RULE_FIRST, 0},
    {"ucase", RULE_NONE, FLAG_NULL_PRESERVING},
    {"unnest", RULE_UNNEST, 0},
    {"upper", RULE_NONE, FLAG_NULL_PRESERVING},
    {"uuid", RULE_NONE, FLAG_NULL_PRESERVING},
    {"week", RULE_NONE, FLAG_NULL_PRESERVING},
    {"weekofyear", RULE_NONE, FLAG_NULL_PRESERVING},
    {"year", RULE_NONE, FLAG_NULL_PRESERVING},
    {"yearweek", RULE_NONE, FLAG_NULL_PRESERVING},
};

static const function_rule *find_rule(smelt_str name) {
    size_t low = 0, high = sizeof function_rules / sizeof function_rules[0];
    while (low < high) {
        size_t mid = (low + high) / 2;
        int c = compare_name(function_rules[mid].name, name);
        if (c == 0) return &function_rules[mid];
        if (c < 0) low = mid + 1;
        else high = mid;
    }
    return NULL;
}

bool smelt_function_rules_sorted(void) {
    for (size_t i = 1; i < sizeof function_rules / sizeof function_rules[0]; i++)
        if (strcmp(function_rules[i - 1].name, function_rules[i].name) >= 0) return false;
    for (size_t i = 1; i < SPECIAL_COUNT; i++)
        if (strcmp(special_forms[i - 1].name, special_forms[i].name) >= 0) return false;
    return true;
}

/* date_trunc on a DATE with a part of a day or more keeps a DATE. */
static bool truncates_to_date(const char *part) {
    static const char *const parts[] = {"millennium", "century", "decade", "year", "years", "y", "yr", "yrs",
                                        "quarter", "quarters", "month", "months", "mon", "week", "weeks", "w",
                                        "day", "days", "d", "dayofmonth", "yearweek", "isoyear", NULL};
    for (const char *const *p = parts; *p; p++)
        if (smelt_str_ieq_cstr(smelt_str_from_cstr(part), *p)) return true;
    return false;
}

/* The common type of all arguments from `from` on (COALESCE, greatest, ...). */
static smelt_type common_of(const smelt_operand *args, uint32_t from, uint32_t count, smelt_arena *arena, bool *incompatible) {
    if (from >= count) return smelt_type_unknown();
    smelt_operand acc = args[from];
    for (uint32_t i = from + 1; i < count; i++) {
        smelt_combine_status status;
        smelt_type type = smelt_type_common(acc, args[i], false, arena, &status);
        if (status == SMELT_COMBINE_INCOMPATIBLE) *incompatible = true;
        if (status != SMELT_COMBINE_OK) return smelt_type_unknown();
        /* A literal next to a literal stays a literal of the wider kind, as DuckDB keeps it. */
        bool literal = acc.literal == SMELT_LITERAL_INTEGER && args[i].literal == SMELT_LITERAL_INTEGER;
        uint8_t fits = acc.literal_fits > args[i].literal_fits ? acc.literal_fits : args[i].literal_fits;
        bool strings = acc.literal == SMELT_LITERAL_STRING && args[i].literal == SMELT_LITERAL_STRING;
        acc = smelt_operand_of(type);
        if (literal) {
            acc.literal = SMELT_LITERAL_INTEGER;
            acc.literal_fits = fits;
        } else if (strings) {
            acc.literal = SMELT_LITERAL_STRING;
        }
    }
    return operand_type(acc);
}

/* Results by rule for the functions whose result the table leaves generic or gets wrong. Returns
 * true when a rule applied. */
static bool apply_rule(result_rule rule, const smelt_operand *args, uint32_t count, const char *const *constant_text,
                       smelt_arena *arena, smelt_call_type *out) {
    smelt_type_kind first = count ? (smelt_type_kind)args[0].type.kind : SMELT_TYPE_UNKNOWN;
    if (count && args[0].literal == SMELT_LITERAL_INTEGER) first = SMELT_TYPE_INTEGER;
    bool incompatible = false;
    switch (rule) {
    case RULE_NONE:
        return false;
    case RULE_BIGINT:
        out->type = smelt_type_make(SMELT_TYPE_BIGINT);
        return true;
    case RULE_DOUBLE:
        out->type = smelt_type_make(SMELT_TYPE_DOUBLE);
        return true;
    case RULE_COMMON:
    case RULE_IF: {
        uint32_t from = rule == RULE_IF ? 1 : 0;
        out->type = common_of(args, from, count, arena, &incompatible);
        out->type_error = incompatible;
        out->bad_argument = count ? count - 1 : 0;
        bool all_nullable = true;
        for (uint32_t i = from; i < count; i++) all_nullable &= args[i].type.nullable;
        if (rule == RULE_IF) all_nullable = (count > 1 && args[1].type.nullable) || (count > 2 && args[2].type.nullable);
        out->type.nullable = all_nullable;
        return true;
    }
    case RULE_NULLIF:
        out->type = count ? operand_type(args[0]) : smelt_type_unknown();
        out->type.nullable = true;
        return true;
    case RULE_FIRST:
        out->type = count ? operand_type(args[0]) : smelt_type_unknown();
        if (first == SMELT_TYPE_NULL) out->type = smelt_type_unknown();
        return true;
    case RULE_SUM:
        if (smelt_type_is_integer(first) || first == SMELT_TYPE_BOOLEAN) out->type = smelt_type_make(SMELT_TYPE_HUGEINT);
        else if (first == SMELT_TYPE_DECIMAL) out->type = smelt_type_decimal(38, args[0].type.scale);
        else if (first == SMELT_TYPE_FLOAT || first == SMELT_TYPE_DOUBLE) out->type = smelt_type_make(SMELT_TYPE_DOUBLE);
        else return false;
        return true;
    case RULE_AVG:
        if (!smelt_type_is_numeric(first)) return false;
        out->type = smelt_type_make(SMELT_TYPE_DOUBLE);
        return true;
    case RULE_QUANTILE:
    case RULE_QUANTILE_DISCRETE:
        if (first == SMELT_TYPE_DECIMAL || smelt_type_is_timestamp(first) || first == SMELT_TYPE_DATE ||
            (rule == RULE_QUANTILE_DISCRETE && smelt_type_is_numeric(first)))
            out->type = operand_type(args[0]);
        else if (smelt_type_is_numeric(first))
            out->type = smelt_type_make(SMELT_TYPE_DOUBLE);
        else
            return false;
        return true;
    case RULE_LIST:
        if (!count) return false;
        out->type = smelt_type_list(arena, smelt_type_with_nullable(operand_type(args[0]), true));
        return true;
    case RULE_VARCHAR:
        out->type = smelt_type_make(SMELT_TYPE_VARCHAR);
        return true;
    case RULE_UNNEST:
        if (!count || (first != SMELT_TYPE_LIST && first != SMELT_TYPE_ARRAY) || !args[0].type.ext) return false;
        out->type = smelt_type_with_nullable(args[0].type.ext->element, true);
        return true;
    case RULE_ROUNDING:
    case RULE_ROUND: {
        if (first != SMELT_TYPE_DECIMAL) return false;
        unsigned scale = 0;
        if (rule == RULE_ROUND && count == 2) {
            if (args[1].literal != SMELT_LITERAL_INTEGER || !constant_text || !constant_text[1]) return false;
            int n = 0;
            for (const char *c = constant_text[1]; *c >= '0' && *c <= '9'; c++) n = n * 10 + (*c - '0');
            if (n > args[0].type.scale) n = args[0].type.scale;
            scale = (unsigned)n;
        }
        out->type = smelt_type_decimal(args[0].type.width, scale);
        return true;
    }
    case RULE_ABS:
        if (first != SMELT_TYPE_DECIMAL) return false;
        out->type = operand_type(args[0]);
        return true;
    case RULE_DATE_TRUNC:
        if (count != 2 || args[1].type.kind != SMELT_TYPE_DATE || !constant_text || !constant_text[0]) return false;
        out->type = smelt_type_make(truncates_to_date(constant_text[0]) ? SMELT_TYPE_DATE : SMELT_TYPE_TIMESTAMP);
        return true;
    case RULE_CONCAT:
        for (uint32_t i = 0; i < count; i++)
            if (args[i].type.kind == SMELT_TYPE_LIST || args[i].type.kind == SMELT_TYPE_UNKNOWN) return false;
        out->type = smelt_type_make(SMELT_TYPE_VARCHAR);
        return true;
    }
    return false;
}

smelt_call_type smelt_function_type(smelt_str name, const smelt_operand *args, uint32_t arg_count,
                                    const char *const *constant_text, bool has_group_by, smelt_arena *arena) {
    smelt_call_type out = {0};
    out.type = smelt_type_unknown();
    uint32_t count;
    const smelt_signature *sigs = smelt_function_overloads(name, &count);
    const special_form *special = find_special(name);
    out.exists = sigs || special;
    if (!out.exists) return out;

    /* The kind, and the argument counts the function accepts. */
    out.kind = special ? special->kind : SMELT_FUNCTION_SCALAR;
    out.min_args = special ? special->min_args : UINT32_MAX;
    out.max_args = special ? special->max_args : 0;
    bool only_tables = !special;
    bool has_macro = false;
    for (uint32_t i = 0; i < count && !special; i++) {
        if (sigs[i].kind == SMELT_FUNCTION_TABLE) continue;
        only_tables = false;
        if (sigs[i].kind == SMELT_FUNCTION_AGGREGATE) out.kind = SMELT_FUNCTION_AGGREGATE;
        if (sigs[i].kind == SMELT_FUNCTION_MACRO) has_macro = true;
        uint32_t params = parameter_count(&sigs[i]);
        if (params < out.min_args) out.min_args = params;
        uint32_t max = sigs[i].varargs[0] ? UINT32_MAX : params;
        if (max > out.max_args) out.max_args = max;
    }
    if (only_tables) { /* a table function called as a value: not ours to judge */
        out.exists = true;
        return out;
    }
    /* Macros may declare default parameters, which duckdb_functions() does not show: fewer
     * arguments than listed can be right, so only too many is an error for them. */
    if (has_macro) out.min_args = 0;
    out.arity_error = arg_count < out.min_args || arg_count > out.max_args;
    if (out.arity_error) return out;

    bool all_non_null = true;
    for (uint32_t i = 0; i < arg_count; i++) all_non_null &= !args[i].type.nullable && args[i].type.kind != SMELT_TYPE_NULL;

    const function_rule *rule = find_rule(name);
    if (rule) {
        result_rule kind = (result_rule)rule->rule;
        out.portable = kind == RULE_FIRST || kind == RULE_COMMON || kind == RULE_IF || kind == RULE_NULLIF ||
                       smelt_str_eq_cstr(name, "count") || smelt_str_eq_cstr(name, "count_star") ||
                       smelt_str_eq_cstr(name, "approx_count_distinct");
    }
    if (!apply_rule(rule ? (result_rule)rule->rule : RULE_NONE, args, arg_count, constant_text, arena, &out) && sigs) {
        /* Overload resolution: the overload whose casts cost least; ties leave the type unknown. */
        const smelt_signature *best = NULL;
        long best_cost = -1;
        bool tie = false, any_applicable = false, any_arity = false;
        uint32_t first_bad = UINT32_MAX;
        for (uint32_t o = 0; o < count; o++) {
            const smelt_signature *sig = &sigs[o];
            if (sig->kind == SMELT_FUNCTION_TABLE) continue;
            uint32_t params = parameter_count(sig);
            if (arg_count < params || (arg_count > params && !sig->varargs[0])) continue;
            any_arity = true;
            long cost = 0;
            bool applicable = true;
            for (uint32_t i = 0; i < arg_count && cost >= 0; i++) {
                smelt_str text;
                parameter_text(sig, i, &text);
                smelt_type param = signature_type(text, arena);
                if (!parameter_may_accept(args[i], param)) {
                    applicable = false;
                    if (first_bad == UINT32_MAX || i > first_bad) first_bad = i;
                }
                int c = parameter_cost(args[i], param);
                cost = c < 0 ? -1 : cost + c;
            }
            if (applicable) any_applicable = true;
            if (cost < 0) continue;
            if (!best || cost < best_cost) {
                best = sig;
                best_cost = cost;
                tie = false;
            } else if (cost == best_cost && strcmp(sig->returns, best->returns) != 0) {
                tie = true;
            }
        }
        if (any_arity && !any_applicable) {
            out.type_error = true;
            out.bad_argument = first_bad == UINT32_MAX ? 0 : first_bad;
        }
        if (best && !tie && best->kind != SMELT_FUNCTION_MACRO) {
            smelt_type returns = signature_type(smelt_str_from_cstr(best->returns), arena);
            if (!is_generic(returns)) {
                out.type = returns;
            } else if (returns.kind == SMELT_TYPE_DECIMAL) {
                /* A generic DECIMAL result: the functions without a rule above keep their first
                 * DECIMAL argument's type (abs, sign-less arithmetic helpers). Anything else is
                 * left unknown rather than guessed. */
                out.type = smelt_type_unknown();
            } else {
                out.type = bind_template(returns, best, args, arg_count, arena);
            }
        }
    }
    /* Nullability: NULL in, NULL out for the functions known to work so; otherwise maybe NULL. */
    if (out.type.kind != SMELT_TYPE_UNKNOWN) {
        uint8_t flags = rule ? rule->flags : 0;
        bool nullable = true;
        if (flags & FLAG_NEVER_NULL) nullable = false;
        else if (flags & FLAG_NULL_IF_ALL) nullable = out.type.nullable; /* set by the rule */
        else if (out.kind == SMELT_FUNCTION_AGGREGATE) nullable = !(has_group_by && all_non_null && (flags & FLAG_NULL_PRESERVING));
        else if (flags & FLAG_NULL_PRESERVING) nullable = !all_non_null;
        out.type.nullable = nullable;
    }
    return out;
}
