/*
 * test_sema.c — static typing: types and their combination rules, function signatures, schema
 * inference (names, types, nullability, lineage) for each construct, and every check with its exact
 * message and span. Models are checked through the analysis database, as `smelt check` does.
 *
 * A diagnostic is written "CODE L:C-L:C message" (1-based line and byte column of its span's start
 * and end), a schema "name TYPE?" per column, `?` marking a column that may be NULL.
 */
#include <stdlib.h>

#include "analysis/db.h"
#include "analysis/schema.h"
#include "base/text.h"
#include "sema/functions.h"
#include "sema/types.h"
#include "test.h"

/* ---- Helpers ------------------------------------------------------------------------------------- */

static const char *const SOURCES =
    "version: 1\n"
    "sources:\n"
    "  raw:\n"
    "    tables:\n"
    "      orders:\n"
    "        columns:\n"
    "          - { name: id, type: INTEGER, nullable: false }\n"
    "          - { name: customer_id, type: INTEGER }\n"
    "          - { name: status, type: VARCHAR }\n"
    "          - { name: amount, type: \"DECIMAL(10,2)\" }\n"
    "          - { name: ordered_at, type: TIMESTAMP }\n"
    "          - { name: order_date, type: DATE, nullable: false }\n"
    "          - { name: tags, type: \"VARCHAR[]\" }\n"
    "          - { name: info, type: \"STRUCT(a INTEGER, b VARCHAR)\" }\n"
    "      customers:\n"
    "        columns:\n"
    "          - { name: id, type: INTEGER, nullable: false }\n"
    "          - { name: name, type: VARCHAR, nullable: false }\n"
    "          - { name: country, type: VARCHAR }\n"
    "  main:\n"
    "    tables:\n"
    "      payments:\n"
    "        columns:\n"
    "          - { name: id, type: INTEGER, nullable: false }\n"
    "          - { name: order_id, type: INTEGER }\n"
    "          - { name: amount, type: DOUBLE }\n";

static smelt_db *new_db_on(bool strict, const char *engine) {
    smelt_db_options options = {NULL, NULL, NULL};
    smelt_db *db = smelt_db_new(&options);
    char config[256];
    snprintf(config, sizeof config, "name: t\n%stargets:\n  dev: { type: %s, schema: main }\n", strict ? "strict: true\n" : "", engine);
    smelt_db_set_config(db, "smelt.yml", config, strlen(config));
    smelt_db_set_sources(db, "sources.yml", SOURCES, strlen(SOURCES));
    return db;
}

static smelt_db *new_db(bool strict) { return new_db_on(strict, "duckdb"); }

static uint32_t set_model(smelt_db *db, const char *name, const char *sql) {
    char path[96];
    snprintf(path, sizeof path, "models/%s.sql", name);
    return smelt_db_set_model(db, path, path, sql, strlen(sql));
}

/* Every diagnostic of one model, one per line, with hint and fix on request. */
static char out[8192];

static const char *format_diags(smelt_db *db, uint32_t model, bool details) {
    smelt_db_diagnostics all;
    smelt_db_collect_diagnostics(db, &all);
    size_t len;
    const char *text = smelt_db_model_text(db, model, &len);
    smelt_line_index lines;
    smelt_line_index_build(&lines, text, len);
    smelt_buf buf;
    smelt_buf_init(&buf);
    for (uint32_t i = 0; i < all.count; i++) {
        const smelt_located_diag *d = &all.items[i];
        if (!d->path || strcmp(d->path, smelt_db_model_path(db, model)) != 0) continue;
        if (d->diag.code == SMELT_DIAG_UNDECLARED_TABLE) continue; /* facts' warning, not ours */
        uint32_t l1, c1, l2, c2;
        smelt_line_index_locate(&lines, d->diag.start, &l1, &c1);
        smelt_line_index_locate(&lines, d->diag.end, &l2, &c2);
        if (buf.len) smelt_buf_append_char(&buf, '\n');
        smelt_buf_printf(&buf, "%s%s %u:%u-%u:%u %s", d->diag.severity == SMELT_SEVERITY_ERROR ? "" : "",
                         smelt_diag_code_string(d->diag.code), l1, c1, l2, c2, d->diag.message);
        if (d->diag.severity == SMELT_SEVERITY_ERROR && smelt_diag_code_string(d->diag.code)[0] == 'W')
            smelt_buf_append_cstr(&buf, " [error]");
        if (details && d->diag.hint) smelt_buf_printf(&buf, " | hint: %s", d->diag.hint);
        if (details && d->diag.fix) {
            uint32_t fl1, fc1, fl2, fc2;
            smelt_line_index_locate(&lines, d->diag.fix->start, &fl1, &fc1);
            smelt_line_index_locate(&lines, d->diag.fix->end, &fl2, &fc2);
            smelt_buf_printf(&buf, " | fix %u:%u-%u:%u '%s'", fl1, fc1, fl2, fc2, d->diag.fix->replacement);
        }
    }
    snprintf(out, sizeof out, "%s", buf.data ? buf.data : "");
    smelt_buf_free(&buf);
    smelt_line_index_free(&lines);
    smelt_db_diagnostics_free(&all);
    return out;
}

/* The diagnostics of a model m with this text, in a project with the test sources. */
static const char *check_sql(const char *sql, bool details) {
    smelt_db *db = new_db(false);
    uint32_t m = set_model(db, "m", sql);
    static char copy[8192];
    snprintf(copy, sizeof copy, "%s", format_diags(db, m, details));
    smelt_db_free(db);
    return copy;
}

#define DIAGS(sql) check_sql(sql, false)
#define DETAILS(sql) check_sql(sql, true)

static const char *format_schema(const smelt_model_schema *schema) {
    smelt_buf buf;
    smelt_buf_init(&buf);
    for (uint32_t i = 0; schema && i < schema->schema.column_count; i++) {
        const smelt_column *c = &schema->schema.columns[i];
        if (i) smelt_buf_append_cstr(&buf, ", ");
        smelt_buf_printf(&buf, "%s ", c->name);
        smelt_type_format(c->type, &buf);
        if (c->type.nullable) smelt_buf_append_char(&buf, '?');
    }
    if (schema && schema->schema.open) smelt_buf_append_cstr(&buf, buf.len ? ", ..." : "...");
    snprintf(out, sizeof out, "%s", buf.data ? buf.data : "");
    smelt_buf_free(&buf);
    return out;
}

/* The schema of a model m with this text. */
static const char *schema_of(const char *sql) {
    smelt_db *db = new_db(false);
    uint32_t m = set_model(db, "m", sql);
    static char copy[8192];
    snprintf(copy, sizeof copy, "%s", format_schema(smelt_db_model_schema(db, m)));
    smelt_db_free(db);
    return copy;
}

static const char *type_text(smelt_type type) {
    static char buffer[256];
    smelt_buf buf;
    smelt_buf_init(&buf);
    smelt_type_format(type, &buf);
    if (type.nullable) smelt_buf_append_char(&buf, '?');
    snprintf(buffer, sizeof buffer, "%s", buf.data ? buf.data : "");
    smelt_buf_free(&buf);
    return buffer;
}

static smelt_type parse(smelt_arena *arena, const char *text) {
    smelt_type type;
    smelt_type_parse(smelt_str_from_cstr(text), arena, &type);
    return type;
}

/* ---- Types --------------------------------------------------------------------------------------- */

static void test_type_names(void) {
    smelt_arena *arena = smelt_arena_new();
    static const char *const cases[][2] = {
        {"INTEGER", "INTEGER"}, {"int4", "INTEGER"}, {"Int", "INTEGER"}, {"bigint", "BIGINT"}, {"LONG", "BIGINT"},
        {"smallint", "SMALLINT"}, {"tinyint", "TINYINT"}, {"HUGEINT", "HUGEINT"}, {"UBIGINT", "UBIGINT"},
        {"DECIMAL(10,2)", "DECIMAL(10,2)"}, {"numeric ( 12 , 4 )", "DECIMAL(12,4)"}, {"DECIMAL", "DECIMAL(18,3)"},
        {"DECIMAL(5)", "DECIMAL(5,0)"}, {"REAL", "FLOAT"}, {"float", "FLOAT"}, {"DOUBLE PRECISION", "DOUBLE"},
        {"float8", "DOUBLE"}, {"VARCHAR(50)", "VARCHAR"}, {"CHAR(16)", "VARCHAR"}, {"TEXT", "VARCHAR"},
        {"string", "VARCHAR"}, {"character varying(10)", "VARCHAR"}, {"BOOLEAN", "BOOLEAN"}, {"bool", "BOOLEAN"},
        {"DATE", "DATE"}, {"TIME", "TIME"}, {"TIMESTAMP", "TIMESTAMP"}, {"datetime", "TIMESTAMP"},
        {"TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"}, {"timestamptz", "TIMESTAMP WITH TIME ZONE"},
        {"timestamp without time zone", "TIMESTAMP"}, {"TIME WITH TIME ZONE", "TIME WITH TIME ZONE"},
        {"INTERVAL", "INTERVAL"}, {"BLOB", "BLOB"}, {"bytea", "BLOB"}, {"UUID", "UUID"}, {"JSON", "JSON"},
        {"INTEGER[]", "INTEGER[]"}, {"VARCHAR[][]", "VARCHAR[][]"}, {"DOUBLE[3]", "DOUBLE[3]"},
        {"ARRAY<INT>", "INTEGER[]"}, {"STRUCT(a INT, b VARCHAR)", "STRUCT(a INTEGER, b VARCHAR)"},
        {"STRUCT<a: INT, \"B\": STRING>", "STRUCT(a INTEGER, \"B\" VARCHAR)"}, {"MAP(VARCHAR, INT)", "MAP(VARCHAR, INTEGER)"},
        {"map<string, double>", "MAP(VARCHAR, DOUBLE)"}, {"STRUCT(x INT[])[]", "STRUCT(x INTEGER[])[]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        smelt_type type;
        bool ok = smelt_type_parse(smelt_str_from_cstr(cases[i][0]), arena, &type);
        CHECK(ok);
        smelt_buf buf;
        smelt_buf_init(&buf);
        smelt_type_format(type, &buf);
        CHECK_STR_EQ(buf.data, cases[i][1]);
        smelt_buf_free(&buf);
    }
    /* What is not known is UNKNOWN, never a guess. */
    static const char *const unknown[] = {"mood_enum", "DECIMAL(40,2)", "DECIMAL(5,6)", "INTEGER garbage", "STRUCT(", ""};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        smelt_type type;
        CHECK(!smelt_type_parse(smelt_str_from_cstr(unknown[i]), arena, &type));
        CHECK(type.kind == SMELT_TYPE_UNKNOWN && !smelt_type_is_known(type));
    }
    smelt_arena_free(arena);
}

static smelt_operand literal_int(smelt_type_kind fits) {
    smelt_operand op = smelt_operand_of(smelt_type_make(SMELT_TYPE_INTEGER));
    op.literal = SMELT_LITERAL_INTEGER;
    op.literal_fits = (uint8_t)fits;
    return op;
}

static const char *arith(smelt_arena *arena, const char *op, smelt_operand a, smelt_operand b) {
    smelt_combine_status status;
    smelt_type type = smelt_type_arithmetic(op, &a, b, &status);
    if (status == SMELT_COMBINE_INCOMPATIBLE) return "incompatible";
    if (status == SMELT_COMBINE_UNKNOWN) return "unknown";
    (void)arena;
    return type_text(type);
}

static void test_promotion(void) {
    smelt_arena *arena = smelt_arena_new();
#define T(text) smelt_operand_of(parse(arena, text))
    /* DECIMAL + and -: the larger integer part, the larger scale and a carry digit, within 18 digits
     * for narrow inputs and 38 for wide ones (each checked against DuckDB 1.4's DESCRIBE). */
    CHECK_STR_EQ(arith(arena, "+", T("DECIMAL(7,2)"), T("DECIMAL(7,2)")), "DECIMAL(8,2)");
    CHECK_STR_EQ(arith(arena, "+", T("INTEGER"), T("DECIMAL(7,2)")), "DECIMAL(13,2)");
    CHECK_STR_EQ(arith(arena, "-", T("DECIMAL(7,2)"), T("DECIMAL(2,1)")), "DECIMAL(8,2)");
    CHECK_STR_EQ(arith(arena, "+", T("DECIMAL(17,2)"), T("DECIMAL(17,2)")), "DECIMAL(18,2)");
    CHECK_STR_EQ(arith(arena, "+", T("DECIMAL(18,2)"), T("DECIMAL(18,2)")), "DECIMAL(18,2)");
    CHECK_STR_EQ(arith(arena, "+", T("DECIMAL(38,2)"), T("DECIMAL(7,2)")), "DECIMAL(38,2)");
    CHECK_STR_EQ(arith(arena, "+", T("DECIMAL(7,2)"), literal_int(SMELT_TYPE_TINYINT)), "DECIMAL(13,2)");
    /* DECIMAL *: widths and scales add up, within the same limits. */
    CHECK_STR_EQ(arith(arena, "*", T("DECIMAL(7,2)"), T("DECIMAL(7,2)")), "DECIMAL(14,4)");
    CHECK_STR_EQ(arith(arena, "*", T("DECIMAL(7,2)"), T("DECIMAL(15,2)")), "DECIMAL(18,4)");
    CHECK_STR_EQ(arith(arena, "*", T("BIGINT"), T("DECIMAL(7,2)")), "DECIMAL(26,2)");
    CHECK_STR_EQ(arith(arena, "*", T("DECIMAL(38,2)"), T("DECIMAL(7,2)")), "DECIMAL(38,4)");
    CHECK_STR_EQ(arith(arena, "*", T("DECIMAL(7,2)"), literal_int(SMELT_TYPE_TINYINT)), "DECIMAL(17,2)");
    CHECK_STR_EQ(arith(arena, "*", T("SMALLINT"), T("DECIMAL(7,2)")), "DECIMAL(12,2)");
    /* '/' divides as floating point. */
    CHECK_STR_EQ(arith(arena, "/", T("DECIMAL(7,2)"), T("DECIMAL(7,2)")), "DOUBLE");
    CHECK_STR_EQ(arith(arena, "/", T("INTEGER"), T("INTEGER")), "DOUBLE");
    CHECK_STR_EQ(arith(arena, "//", T("INTEGER"), T("INTEGER")), "INTEGER");
    CHECK_STR_EQ(arith(arena, "*", T("DECIMAL(7,2)"), T("REAL")), "FLOAT");
    CHECK_STR_EQ(arith(arena, "+", T("DECIMAL(7,2)"), T("DOUBLE")), "DOUBLE");
    /* Integers: the wider type; an integer literal fits itself into the other side when it can. */
    CHECK_STR_EQ(arith(arena, "+", T("SMALLINT"), literal_int(SMELT_TYPE_TINYINT)), "SMALLINT");
    CHECK_STR_EQ(arith(arena, "+", T("SMALLINT"), literal_int(SMELT_TYPE_INTEGER)), "INTEGER");
    CHECK_STR_EQ(arith(arena, "+", T("TINYINT"), literal_int(SMELT_TYPE_TINYINT)), "TINYINT");
    CHECK_STR_EQ(arith(arena, "+", T("INTEGER"), T("BIGINT")), "BIGINT");
    CHECK_STR_EQ(arith(arena, "+", T("INTEGER"), literal_int(SMELT_TYPE_BIGINT)), "BIGINT");
    CHECK_STR_EQ(arith(arena, "%", T("SMALLINT"), literal_int(SMELT_TYPE_TINYINT)), "SMALLINT");
    /* Dates. */
    CHECK_STR_EQ(arith(arena, "+", T("DATE"), literal_int(SMELT_TYPE_TINYINT)), "DATE");
    CHECK_STR_EQ(arith(arena, "-", T("DATE"), T("DATE")), "BIGINT");
    CHECK_STR_EQ(arith(arena, "+", T("DATE"), T("INTERVAL")), "TIMESTAMP");
    CHECK_STR_EQ(arith(arena, "-", T("TIMESTAMP"), T("TIMESTAMP")), "INTERVAL");
    CHECK_STR_EQ(arith(arena, "+", T("INTEGER"), T("DATE")), "DATE");
    /* What DuckDB refuses. */
    CHECK_STR_EQ(arith(arena, "+", T("VARCHAR"), T("INTEGER")), "incompatible");
    CHECK_STR_EQ(arith(arena, "+", T("VARCHAR"), T("VARCHAR")), "incompatible");
    CHECK_STR_EQ(arith(arena, "+", T("DATE"), T("DATE")), "incompatible");
    CHECK_STR_EQ(arith(arena, "+", T("BOOLEAN"), literal_int(SMELT_TYPE_TINYINT)), "incompatible");
    CHECK_STR_EQ(arith(arena, "+", T("DATE"), T("DECIMAL(2,1)")), "incompatible");
    /* What smelt does not know it says nothing about. */
    CHECK_STR_EQ(arith(arena, "+", T("JSON"), T("INTEGER")), "unknown");
    CHECK_STR_EQ(arith(arena, "+", smelt_operand_of(smelt_type_unknown()), T("INTEGER")), "unknown");

    /* Common types of CASE branches, COALESCE arguments (force false) and UNION columns (force true). */
    smelt_combine_status status;
    CHECK_STR_EQ(type_text(smelt_type_common(T("DECIMAL(7,2)"), literal_int(SMELT_TYPE_TINYINT), false, arena, &status)),
                 "DECIMAL(12,2)");
    CHECK_STR_EQ(type_text(smelt_type_common(T("SMALLINT"), literal_int(SMELT_TYPE_TINYINT), false, arena, &status)), "SMALLINT");
    CHECK_STR_EQ(type_text(smelt_type_common(T("DECIMAL(7,2)"), T("DECIMAL(15,2)"), false, arena, &status)), "DECIMAL(15,2)");
    CHECK_STR_EQ(type_text(smelt_type_common(T("INTEGER"), T("DECIMAL(2,1)"), true, arena, &status)), "DECIMAL(11,1)");
    CHECK_STR_EQ(type_text(smelt_type_common(T("BOOLEAN"), T("INTEGER"), false, arena, &status)), "INTEGER");
    CHECK_STR_EQ(type_text(smelt_type_common(T("DATE"), T("TIMESTAMP"), false, arena, &status)), "TIMESTAMP");
    CHECK_STR_EQ(type_text(smelt_type_common(T("INTEGER"), T("VARCHAR"), true, arena, &status)), "VARCHAR");
    CHECK(status == SMELT_COMBINE_OK);
    smelt_type_common(T("INTEGER"), T("VARCHAR"), false, arena, &status);
    CHECK(status == SMELT_COMBINE_INCOMPATIBLE);
    smelt_operand text_literal = smelt_operand_of(smelt_type_make(SMELT_TYPE_VARCHAR));
    text_literal.literal = SMELT_LITERAL_STRING;
    CHECK_STR_EQ(type_text(smelt_type_common(T("INTEGER"), text_literal, false, arena, &status)), "INTEGER");
    CHECK(status == SMELT_COMBINE_OK);
#undef T
    smelt_arena_free(arena);
}

/* ---- Functions ----------------------------------------------------------------------------------- */

static const char *call(smelt_arena *arena, const char *name, const char *const *types, uint32_t count,
                        const char *const *constants, bool grouped) {
    smelt_operand ops[8];
    for (uint32_t i = 0; i < count; i++) {
        if (strcmp(types[i], "lit") == 0) {
            ops[i] = literal_int(SMELT_TYPE_TINYINT);
        } else if (strcmp(types[i], "'") == 0) {
            ops[i] = smelt_operand_of(smelt_type_make(SMELT_TYPE_VARCHAR));
            ops[i].literal = SMELT_LITERAL_STRING;
        } else {
            /* A trailing '!' marks a value that is never NULL. */
            size_t len = strlen(types[i]);
            bool not_null = types[i][len - 1] == '!';
            smelt_type type;
            smelt_type_parse((smelt_str){types[i], not_null ? len - 1 : len}, arena, &type);
            type.nullable = !not_null;
            ops[i] = smelt_operand_of(type);
        }
    }
    smelt_call_type result = smelt_function_type(smelt_str_from_cstr(name), ops, count, constants, grouped, arena);
    if (!result.exists) return "unknown function";
    if (result.arity_error) return "wrong argument count";
    if (result.type_error) return "wrong argument type";
    return type_text(result.type);
}

static void test_functions(void) {
    smelt_arena *arena = smelt_arena_new();
    CHECK(smelt_function_rules_sorted());
    uint32_t count;
    CHECK(smelt_function_overloads(smelt_str_from_cstr("sum"), &count) && count >= 5);
    CHECK(!smelt_function_overloads(smelt_str_from_cstr("sume"), &count) && count == 0);
    CHECK(smelt_function_exists(smelt_str_from_cstr("row_number")));
    CHECK(smelt_function_exists(smelt_str_from_cstr("coalesce")));
    CHECK(!smelt_function_exists(smelt_str_from_cstr("no_such_function")));
    CHECK(smelt_sql_keyword(smelt_str_from_cstr("year")) && !smelt_sql_keyword(smelt_str_from_cstr("amount")));
#define ARGS(...) (const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)
#define CONSTS(...) (const char *const[]){__VA_ARGS__}
    /* Aggregates: DuckDB's result types; NULL over no rows unless grouped and fed non-NULL values. */
    CHECK_STR_EQ(call(arena, "sum", ARGS("INTEGER"), NULL, true), "HUGEINT?");
    CHECK_STR_EQ(call(arena, "sum", ARGS("INTEGER!"), NULL, true), "HUGEINT");
    CHECK_STR_EQ(call(arena, "sum", ARGS("INTEGER!"), NULL, false), "HUGEINT?");
    CHECK_STR_EQ(call(arena, "sum", ARGS("DECIMAL(7,2)!"), NULL, true), "DECIMAL(38,2)");
    CHECK_STR_EQ(call(arena, "sum", ARGS("DOUBLE"), NULL, true), "DOUBLE?");
    CHECK_STR_EQ(call(arena, "avg", ARGS("DECIMAL(7,2)"), NULL, true), "DOUBLE?");
    CHECK_STR_EQ(call(arena, "min", ARGS("DATE!"), NULL, true), "DATE");
    CHECK_STR_EQ(call(arena, "count", ARGS("VARCHAR"), NULL, false), "BIGINT");
    CHECK_STR_EQ(call(arena, "count_star", NULL, 0, NULL, false), "BIGINT");
    CHECK_STR_EQ(call(arena, "median", ARGS("INTEGER"), NULL, true), "DOUBLE?");
    CHECK_STR_EQ(call(arena, "median", ARGS("DECIMAL(7,2)"), NULL, true), "DECIMAL(7,2)?");
    CHECK_STR_EQ(call(arena, "stddev_samp", ARGS("DOUBLE!"), NULL, true), "DOUBLE?");
    CHECK_STR_EQ(call(arena, "string_agg", ARGS("VARCHAR!", "'"), NULL, true), "VARCHAR");
    CHECK_STR_EQ(call(arena, "list", ARGS("INTEGER"), NULL, true), "INTEGER[]?");
    /* Window functions. */
    CHECK_STR_EQ(call(arena, "row_number", NULL, 0, NULL, false), "BIGINT");
    CHECK_STR_EQ(call(arena, "lag", ARGS("DECIMAL(7,2)!"), NULL, false), "DECIMAL(7,2)?");
    CHECK_STR_EQ(call(arena, "ntile", ARGS("lit"), NULL, false), "BIGINT");
    CHECK_STR_EQ(call(arena, "percent_rank", NULL, 0, NULL, false), "DOUBLE");
    /* Scalars, from the signature table and the rules. */
    CHECK_STR_EQ(call(arena, "upper", ARGS("VARCHAR!"), NULL, false), "VARCHAR");
    CHECK_STR_EQ(call(arena, "upper", ARGS("VARCHAR"), NULL, false), "VARCHAR?");
    CHECK_STR_EQ(call(arena, "length", ARGS("VARCHAR!"), NULL, false), "BIGINT");
    CHECK_STR_EQ(call(arena, "year", ARGS("DATE!"), NULL, false), "BIGINT");
    CHECK_STR_EQ(call(arena, "round", ARGS("DECIMAL(7,2)!", "lit"), CONSTS(NULL, "1"), false), "DECIMAL(7,1)");
    CHECK_STR_EQ(call(arena, "round", ARGS("DOUBLE!", "lit"), CONSTS(NULL, "1"), false), "DOUBLE");
    CHECK_STR_EQ(call(arena, "ceil", ARGS("DECIMAL(7,2)!"), NULL, false), "DECIMAL(7,0)");
    CHECK_STR_EQ(call(arena, "date_trunc", ARGS("'", "DATE!"), CONSTS("month", NULL), false), "DATE");
    CHECK_STR_EQ(call(arena, "date_trunc", ARGS("'", "DATE!"), CONSTS("hour", NULL), false), "TIMESTAMP");
    CHECK_STR_EQ(call(arena, "date_trunc", ARGS("'", "TIMESTAMP!"), CONSTS("month", NULL), false), "TIMESTAMP");
    CHECK_STR_EQ(call(arena, "coalesce", ARGS("DECIMAL(7,2)", "lit"), NULL, false), "DECIMAL(12,2)");
    CHECK_STR_EQ(call(arena, "coalesce", ARGS("INTEGER", "INTEGER"), NULL, false), "INTEGER?");
    CHECK_STR_EQ(call(arena, "coalesce", ARGS("INTEGER", "SMALLINT!"), NULL, false), "INTEGER");
    CHECK_STR_EQ(call(arena, "nullif", ARGS("INTEGER!", "lit"), NULL, false), "INTEGER?");
    CHECK_STR_EQ(call(arena, "greatest", ARGS("DECIMAL(7,2)!", "INTEGER!"), NULL, false), "DECIMAL(12,2)");
    CHECK_STR_EQ(call(arena, "concat", ARGS("VARCHAR", "INTEGER"), NULL, false), "VARCHAR");
    /* Checks: unknown names, argument counts, argument types. */
    CHECK_STR_EQ(call(arena, "sume", ARGS("INTEGER"), NULL, false), "unknown function");
    CHECK_STR_EQ(call(arena, "substr", ARGS("VARCHAR"), NULL, false), "wrong argument count");
    CHECK_STR_EQ(call(arena, "upper", ARGS("VARCHAR", "VARCHAR"), NULL, false), "wrong argument count");
    CHECK_STR_EQ(call(arena, "row_number", ARGS("INTEGER"), NULL, false), "wrong argument count");
    CHECK_STR_EQ(call(arena, "upper", ARGS("INTEGER"), NULL, false), "wrong argument type");
    CHECK_STR_EQ(call(arena, "abs", ARGS("VARCHAR"), NULL, false), "wrong argument type");
    CHECK_STR_EQ(call(arena, "sum", ARGS("VARCHAR"), NULL, false), "wrong argument type");
    CHECK_STR_EQ(call(arena, "coalesce", ARGS("INTEGER", "VARCHAR"), NULL, false), "wrong argument type");
    /* Literals go anywhere; unknown values too. */
    CHECK_STR_EQ(call(arena, "upper", ARGS("'"), NULL, false), "VARCHAR");
    CHECK_STR_EQ(call(arena, "abs", ARGS("JSON"), NULL, false), "UNKNOWN?");
#undef ARGS
#undef CONSTS
    smelt_arena_free(arena);
}

/* ---- Schemas ------------------------------------------------------------------------------------- */

static void test_schema_basics(void) {
    /* Declared columns, their nullability, outer joins. */
    CHECK_STR_EQ(schema_of("SELECT id, status, amount, order_date FROM raw.orders"),
                 "id INTEGER, status VARCHAR?, amount DECIMAL(10,2)?, order_date DATE");
    CHECK_STR_EQ(schema_of("SELECT o.id, c.name FROM raw.orders o JOIN raw.customers c ON c.id = o.customer_id"),
                 "id INTEGER, name VARCHAR");
    CHECK_STR_EQ(schema_of("SELECT o.id, c.name FROM raw.orders o LEFT JOIN raw.customers c ON c.id = o.customer_id"),
                 "id INTEGER, name VARCHAR?");
    CHECK_STR_EQ(schema_of("SELECT o.id, c.name FROM raw.orders o RIGHT JOIN raw.customers c ON c.id = o.customer_id"),
                 "id INTEGER?, name VARCHAR");
    CHECK_STR_EQ(schema_of("SELECT o.id, c.name FROM raw.orders o FULL JOIN raw.customers c ON c.id = o.customer_id"),
                 "id INTEGER?, name VARCHAR?");
    /* An unqualified name is looked up in the target's schema (main). */
    CHECK_STR_EQ(schema_of("SELECT * FROM payments"), "id INTEGER, order_id INTEGER?, amount DOUBLE?");
    /* Literals and expressions, named as DuckDB names them. */
    CHECK_STR_EQ(schema_of("SELECT 1, 'a', 1.50, NULL, true, id + 1, amount * 2, CAST(id AS BIGINT), count(*) FROM raw.orders GROUP BY ALL"),
                 "1 INTEGER, 'a' VARCHAR, 1.50 DECIMAL(3,2), NULL INTEGER?, CAST('t' AS BOOLEAN) BOOLEAN, (id + 1) INTEGER, "
                 "(amount * 2) DECIMAL(18,2)?, CAST(id AS BIGINT) BIGINT, count_star() BIGINT");
    CHECK_STR_EQ(schema_of("SELECT Sum(amount), avg(amount) AS a FROM raw.orders"), "sum(amount) DECIMAL(38,2)?, a DOUBLE?");
    CHECK_STR_EQ(schema_of("SELECT CASE WHEN id > 1 THEN 1 ELSE 2 END, CASE WHEN id > 1 THEN 'x' END AS y FROM raw.orders"),
                 "CASE  WHEN ((id > 1)) THEN (1) ELSE 2 END INTEGER, y VARCHAR?");
    CHECK_STR_EQ(schema_of("SELECT coalesce(amount, 0) AS a, coalesce(status, 'none') AS s FROM raw.orders"),
                 "a DECIMAL(12,2), s VARCHAR");
    CHECK_STR_EQ(schema_of("SELECT order_date + 1 AS d, order_date + INTERVAL 1 DAY AS t, year(order_date) AS y, "
                           "date_trunc('month', order_date) AS m FROM raw.orders"),
                 "d DATE, t TIMESTAMP, y BIGINT, m DATE");
    CHECK_STR_EQ(schema_of("SELECT amount / 2 AS half, id // 2 AS q, id % 2 AS r FROM raw.orders"),
                 "half DOUBLE?, q INTEGER?, r INTEGER?");
    CHECK_STR_EQ(schema_of("SELECT id IS NULL AS a, EXISTS (SELECT 1) AS b, id IN (1, 2) AS c, status LIKE 'x%' AS d FROM raw.orders"),
                 "a BOOLEAN, b BOOLEAN, c BOOLEAN, d BOOLEAN?");
    CHECK_STR_EQ(schema_of("SELECT (SELECT max(id) FROM raw.customers) AS top"), "top INTEGER?");
    CHECK_STR_EQ(schema_of("SELECT current_date AS today"), "today DATE");
}

static void test_schema_scopes(void) {
    /* CTEs, with and without column lists; a recursive CTE from its anchor. */
    CHECK_STR_EQ(schema_of("WITH t AS (SELECT id, amount FROM raw.orders) SELECT * FROM t"), "id INTEGER, amount DECIMAL(10,2)?");
    CHECK_STR_EQ(schema_of("WITH t(a, b) AS (SELECT id, amount FROM raw.orders) SELECT b, a FROM t"), "b DECIMAL(10,2)?, a INTEGER");
    CHECK_STR_EQ(schema_of("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r"),
                 "n INTEGER");
    CHECK_STR_EQ(DIAGS("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r"), "");
    /* A CTE shadows a source of the same name. */
    CHECK_STR_EQ(schema_of("WITH payments AS (SELECT 1 AS x) SELECT * FROM payments"), "x INTEGER");
    /* Subqueries in FROM, with an alias and columns. */
    CHECK_STR_EQ(schema_of("SELECT s.k, s.v FROM (SELECT id, status FROM raw.orders) AS s(k, v)"), "k INTEGER, v VARCHAR?");
    /* USING and NATURAL joins: the joined column once. */
    CHECK_STR_EQ(schema_of("SELECT * FROM raw.orders JOIN raw.customers USING (id)"),
                 "id INTEGER, customer_id INTEGER?, status VARCHAR?, amount DECIMAL(10,2)?, ordered_at TIMESTAMP?, "
                 "order_date DATE, tags VARCHAR[]?, info STRUCT(a INTEGER, b VARCHAR)?, name VARCHAR, country VARCHAR?");
    CHECK_STR_EQ(schema_of("SELECT id, name FROM raw.customers NATURAL JOIN (SELECT id, 1 AS n FROM raw.orders)"),
                 "id INTEGER, name VARCHAR");
    /* `*` with EXCLUDE, REPLACE and RENAME, and `t.*`. */
    CHECK_STR_EQ(schema_of("SELECT * EXCLUDE (country) FROM raw.customers"), "id INTEGER, name VARCHAR");
    CHECK_STR_EQ(schema_of("SELECT * REPLACE (upper(name) AS name) FROM raw.customers"), "id INTEGER, name VARCHAR, country VARCHAR?");
    CHECK_STR_EQ(schema_of("SELECT * RENAME (name AS full_name) FROM raw.customers"), "id INTEGER, full_name VARCHAR, country VARCHAR?");
    /* `*` with a pattern on the column names, as DuckDB keeps them (checked with DuckDB 1.4). */
    CHECK_STR_EQ(schema_of("SELECT * LIKE '%id' FROM raw.orders"), "id INTEGER, customer_id INTEGER?");
    CHECK_STR_EQ(schema_of("SELECT * EXCLUDE (tags, info) NOT LIKE 'order%' FROM raw.orders"),
                 "id INTEGER, customer_id INTEGER?, status VARCHAR?, amount DECIMAL(10,2)?");
    CHECK_STR_EQ(schema_of("SELECT * ILIKE 'ORDER%' FROM raw.orders"), "ordered_at TIMESTAMP?, order_date DATE");
    CHECK_STR_EQ(schema_of("SELECT * LIKE 'o_der%' FROM raw.orders"), "ordered_at TIMESTAMP?, order_date DATE");
    CHECK_STR_EQ(schema_of("SELECT * GLOB '*_*' FROM raw.orders"), "customer_id INTEGER?, ordered_at TIMESTAMP?, order_date DATE");
    CHECK_STR_EQ(schema_of("SELECT * SIMILAR TO 'st.*|amount' FROM raw.orders"),
                 "customer_id INTEGER?, status VARCHAR?, amount DECIMAL(10,2)?");
    CHECK_STR_EQ(schema_of("SELECT c.*, o.id AS order_id FROM raw.customers c LEFT JOIN raw.orders o ON o.customer_id = c.id"),
                 "id INTEGER, name VARCHAR, country VARCHAR?, order_id INTEGER?");
    /* Correlated references. */
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.orders o WHERE amount > (SELECT avg(amount) FROM raw.orders i "
                       "WHERE i.customer_id = o.customer_id)"),
                 "");
    /* Lateral: unnest reads the table to its left. */
    CHECK_STR_EQ(schema_of("SELECT o.id, t.tag FROM raw.orders o, unnest(o.tags) AS t(tag)"), "id INTEGER, tag VARCHAR?");
    /* Lambdas and struct fields. */
    CHECK_STR_EQ(schema_of("SELECT list_transform(tags, x -> upper(x)) AS up, info.a, o.info.b FROM raw.orders o"),
                 "up VARCHAR[]?, a INTEGER?, b VARCHAR?");
    CHECK_STR_EQ(DIAGS("SELECT list_filter(tags, t -> t LIKE 'a%') FROM raw.orders"), "");
    /* Named windows. */
    CHECK_STR_EQ(schema_of("SELECT sum(amount) OVER w AS running, rank() OVER w AS r FROM raw.orders "
                           "WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at)"),
                 "running DECIMAL(38,2)?, r BIGINT");
    /* GROUP BY by ordinal and by alias; aggregates are not NULL over non-empty groups of non-NULL values. */
    CHECK_STR_EQ(schema_of("SELECT order_date AS d, count(*) AS n, sum(id) AS s FROM raw.orders GROUP BY 1"),
                 "d DATE, n BIGINT, s HUGEINT");
    CHECK_STR_EQ(schema_of("SELECT status AS st, max(amount) AS m FROM raw.orders GROUP BY st"), "st VARCHAR?, m DECIMAL(10,2)?");
    CHECK_STR_EQ(schema_of("SELECT sum(id) AS s FROM raw.orders"), "s HUGEINT?");
    /* ROLLUP: the grouped columns are NULL in the subtotal rows. */
    CHECK_STR_EQ(schema_of("SELECT order_date, count(*) AS n FROM raw.orders GROUP BY ROLLUP (order_date)"), "order_date DATE?, n BIGINT");
    /* Set operations: the left side's names, common types, NULL if either side may be. */
    CHECK_STR_EQ(schema_of("SELECT id, amount FROM raw.orders UNION ALL SELECT 1, NULL"), "id INTEGER, amount DECIMAL(10,2)?");
    CHECK_STR_EQ(schema_of("SELECT id AS k FROM raw.orders UNION SELECT id FROM raw.customers"), "k INTEGER");
    /* VALUES. */
    CHECK_STR_EQ(schema_of("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s)"), "n INTEGER, s VARCHAR");
    /* A table nobody declared: every column is accepted, its type unknown. */
    CHECK_STR_EQ(schema_of("SELECT x, y + 1 AS z FROM somewhere"), "x UNKNOWN?, z UNKNOWN?");
    CHECK_STR_EQ(schema_of("SELECT * FROM somewhere"), "...");
    CHECK_STR_EQ(schema_of("SELECT s.*, 1 AS one FROM somewhere s"), "one INTEGER, ...");
}

static void test_refs_and_memo(void) {
    smelt_db *db = new_db(false);
    uint32_t a = set_model(db, "a", "SELECT id, amount, status FROM raw.orders");
    uint32_t b = set_model(db, "b", "SELECT id, sum(amount) AS total FROM smelt.ref('a') GROUP BY id");
    uint32_t c = set_model(db, "c", "SELECT b.total, a.status FROM smelt.ref('b') b JOIN smelt.ref('a') a USING (id)");
    CHECK_STR_EQ(format_schema(smelt_db_model_schema(db, c)), "total DECIMAL(38,2)?, status VARCHAR?");
    CHECK_STR_EQ(format_schema(smelt_db_model_schema(db, b)), "id INTEGER, total DECIMAL(38,2)?");
    const smelt_model_schema *schema = smelt_db_model_schema(db, c);
    /* Lineage: each output column's upstream columns. */
    CHECK(schema->schema.columns[0].lineage_count == 1);
    CHECK_STR_EQ(schema->schema.columns[0].lineage[0].relation, "b");
    CHECK_STR_EQ(schema->schema.columns[0].lineage[0].column, "total");
    CHECK(schema->schema.columns[0].lineage[0].model);
    const smelt_model_schema *sb = smelt_db_model_schema(db, b);
    CHECK(sb->schema.columns[1].lineage_count == 1);
    CHECK_STR_EQ(sb->schema.columns[1].lineage[0].relation, "a");
    const smelt_model_schema *sa = smelt_db_model_schema(db, a);
    CHECK_STR_EQ(sa->schema.columns[1].lineage[0].relation, "raw.orders");
    CHECK_STR_EQ(sa->schema.columns[1].lineage[0].column, "amount");
    CHECK(!sa->schema.columns[1].lineage[0].model);

    /* An edit of a that keeps its schema: a alone is inferred again (b and c are kept). */
    uint64_t runs = smelt_db_schema_runs(db);
    set_model(db, "a", "-- edited\nSELECT id, amount, status FROM raw.orders WHERE id > 0");
    smelt_db_model_schema(db, c);
    CHECK(smelt_db_schema_runs(db) - runs == 1);
    /* An edit that changes a's schema: b and c follow. */
    runs = smelt_db_schema_runs(db);
    set_model(db, "a", "SELECT id, amount::DOUBLE AS amount, status FROM raw.orders");
    CHECK_STR_EQ(format_schema(smelt_db_model_schema(db, c)), "total DOUBLE?, status VARCHAR?");
    CHECK(smelt_db_schema_runs(db) - runs == 3);
    /* Nothing changed: nothing inferred. */
    runs = smelt_db_schema_runs(db);
    smelt_db_model_schema(db, c);
    smelt_db_prepare_schemas(db, 2);
    CHECK(smelt_db_schema_runs(db) == runs);
    /* A column the upstream lacks is an error downstream. */
    set_model(db, "d", "SELECT totl FROM smelt.ref('b')");
    CHECK_STR_EQ(format_diags(db, smelt_db_find_model(db, "d"), true),
                 "E0501 1:8-1:12 unknown column 'totl' | hint: did you mean 'total'? | fix 1:8-1:12 'total'");
    /* A cycle: no hang; a model reads the one that closes the cycle as an open relation. */
    set_model(db, "x", "SELECT id, anything FROM smelt.ref('y')");
    uint32_t y = set_model(db, "y", "SELECT id FROM smelt.ref('x')");
    CHECK_STR_EQ(format_diags(db, y, false), "");
    /* (y selects id alone, whatever x has: x reading `anything` from it is wrong either way.) */
    CHECK_STR_EQ(format_diags(db, smelt_db_find_model(db, "x"), false),
                 "E0501 1:12-1:20 unknown column 'anything'\n"
                 "E0304 1:36-1:39 models depend on each other in a cycle: x -> y -> x");
    CHECK(smelt_db_model_schema(db, y) != NULL);
    smelt_db_free(db);
    uint32_t m;

    /* An upstream that does not parse: its schema is what was read before the error, open, and a
     * model reading it is not told a column after the error is unknown, nor judged on the types of
     * those before it (issue 8: "unknown column 'v'" cascaded from an unterminated comment). */
    db = new_db(false);
    uint32_t broken = set_model(db, "broken", "SELECT 1 AS id, 'x' AS s, /* the new value\n'new' AS v");
    m = set_model(db, "reader", "SELECT id, v, s + 1 AS t FROM smelt.ref('broken')");
    CHECK_STR_EQ(format_schema(smelt_db_model_schema(db, broken)), "id INTEGER, s VARCHAR, ...");
    CHECK_STR_EQ(format_diags(db, m, false), "");
    CHECK_STR_EQ(format_schema(smelt_db_model_schema(db, m)), "id UNKNOWN?, v UNKNOWN?, t UNKNOWN?");
    /* Fixed, it is judged again: v exists, s + 1 does not type. */
    set_model(db, "broken", "SELECT 1 AS id, 'x' AS s, 'new' AS v");
    CHECK_STR_EQ(format_diags(db, m, false), "E0504 1:15-1:20 cannot apply '+' to VARCHAR and INTEGER");
    set_model(db, "broken", "SELECT 1 AS id, 'x' AS s");
    CHECK_STR_EQ(format_diags(db, m, false), "E0501 1:12-1:13 unknown column 'v'\n"
                                             "E0504 1:15-1:20 cannot apply '+' to VARCHAR and INTEGER");
    smelt_db_free(db);

    /* On Spark, what only DuckDB refuses is not reported ('1' + 1 is legal there, nvl exists), and
     * function results are typed only where every engine agrees. */
    db = new_db_on(false, "spark");
    m = set_model(db, "m", "SELECT status + 1 AS x, nvl(status, 'a') AS y, count(*) AS n, sum(id) AS s, min(order_date) AS d "
                           "FROM raw.orders GROUP BY ALL");
    CHECK_STR_EQ(format_diags(db, m, false), "");
    CHECK_STR_EQ(format_schema(smelt_db_model_schema(db, m)), "x UNKNOWN?, y UNKNOWN?, n BIGINT, s UNKNOWN?, d DATE");
    smelt_db_free(db);

    /* Strict mode: warnings are errors. */
    db = new_db(true);
    m = set_model(db, "m", "SELECT id FROM raw.orders WHERE status = NULL");
    CHECK_STR_EQ(format_diags(db, m, false), "W0510 1:33-1:46 '= NULL' is never true: a comparison with NULL is NULL [error]");
    smelt_db_free(db);
}

/* ---- Checks -------------------------------------------------------------------------------------- */

static void test_checks_columns(void) {
    CHECK_STR_EQ(DETAILS("SELECT amout FROM raw.orders"),
                 "E0501 1:8-1:13 unknown column 'amout' | hint: did you mean 'amount'? | fix 1:8-1:13 'amount'");
    CHECK_STR_EQ(DETAILS("SELECT o.amout FROM raw.orders o"),
                 "E0501 1:10-1:15 'o' has no column 'amout' | hint: did you mean 'amount'? | fix 1:10-1:15 'amount'");
    CHECK_STR_EQ(DETAILS("SELECT x.amount FROM raw.orders o"),
                 "E0503 1:8-1:9 'x' is neither a table in FROM nor a column | hint: qualify a column with the name or alias of a table in FROM");
    CHECK_STR_EQ(DETAILS("SELECT ordrs.amount FROM raw.orders"),
                 "E0503 1:8-1:13 'ordrs' is neither a table in FROM nor a column | hint: did you mean 'orders'? | fix 1:8-1:13 'orders'");
    CHECK_STR_EQ(DETAILS("SELECT id FROM raw.orders o JOIN raw.customers c ON c.id = o.customer_id"),
                 "E0502 1:8-1:10 ambiguous column 'id': it is a column of o and c | hint: qualify it with the table it should "
                 "come from, e.g. o.id | fix 1:8-1:10 'o.id'");
    /* Nothing is reported where nothing is known: an undeclared table, a namespaced function. */
    CHECK_STR_EQ(DIAGS("SELECT anything, other.thing FROM somewhere JOIN other ON other.k = somewhere.k"), "");
    CHECK_STR_EQ(DIAGS("SELECT anything FROM raw.orders, somewhere WHERE somewhere.order_id = orders.id"), "");
    CHECK_STR_EQ(DIAGS("SELECT my_schema.my_udf(id) FROM raw.orders"), "");
    /* A USING column is not ambiguous; a column neither side has is reported. */
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.orders JOIN raw.customers USING (id)"), "");
    CHECK_STR_EQ(DIAGS("SELECT 1 FROM raw.orders JOIN raw.customers USING (name)"),
                 "E0501 1:52-1:56 USING column 'name' is not a column of the left side of the join");
    /* Select aliases where DuckDB allows them: WHERE, GROUP BY, HAVING, ORDER BY, later items. */
    CHECK_STR_EQ(DIAGS("SELECT amount * 2 AS double_amount, double_amount + 1 AS more FROM raw.orders "
                       "WHERE double_amount > 10 ORDER BY double_amount"),
                 "");
    /* ORDER BY binds a name to a select item only through an explicit alias or the same
     * expression; otherwise to FROM, where it can be ambiguous (TPC-DS q58). */
    CHECK_STR_EQ(DIAGS("SELECT o.id FROM raw.orders o JOIN raw.customers c ON c.id = o.customer_id ORDER BY id"),
                 "E0502 1:85-1:87 ambiguous column 'id': it is a column of o and c");
    CHECK_STR_EQ(DIAGS("SELECT o.id AS id FROM raw.orders o JOIN raw.customers c ON c.id = o.customer_id ORDER BY id"), "");
    CHECK_STR_EQ(DIAGS("SELECT nope FROM raw.orders ORDER BY nope"), "E0501 1:8-1:12 unknown column 'nope'");
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.orders ORDER BY 1"), "");
    /* EXCLUDE of a column * does not have. */
    CHECK_STR_EQ(DIAGS("SELECT * EXCLUDE (nope) FROM raw.customers"), "E0501 1:19-1:23 EXCLUDE names 'nope', which * does not have");
}

static void test_checks_types(void) {
    CHECK_STR_EQ(DETAILS("SELECT status + 1 FROM raw.orders"),
                 "E0504 1:8-1:18 cannot apply '+' to VARCHAR and INTEGER | hint: to join text use ||; to add numbers, convert "
                 "the text with CAST(... AS <number type>)");
    CHECK_STR_EQ(DIAGS("SELECT order_date + order_date FROM raw.orders"), "E0504 1:8-1:31 cannot apply '+' to DATE and DATE");
    CHECK_STR_EQ(DIAGS("SELECT -status FROM raw.orders"), "E0504 1:8-1:15 cannot apply unary '-' to VARCHAR");
    CHECK_STR_EQ(DIAGS("SELECT upper(id) FROM raw.orders"), "E0504 1:14-1:16 upper does not accept INTEGER here");
    CHECK_STR_EQ(DIAGS("SELECT sum(status) FROM raw.orders"), "E0504 1:12-1:18 sum does not accept VARCHAR here");
    CHECK_STR_EQ(DETAILS("SELECT id FROM raw.orders WHERE id LIKE 'x%'"),
                 "E0504 1:33-1:35 pattern matching needs text, found INTEGER | hint: convert it: CAST(id AS VARCHAR) | "
                 "fix 1:33-1:35 'CAST(id AS VARCHAR)'");
    CHECK_STR_EQ(DIAGS("SELECT CASE WHEN id > 1 THEN status ELSE id END FROM raw.orders"),
                 "E0504 1:42-1:44 this CASE branch is INTEGER, but an earlier one is VARCHAR");
    CHECK_STR_EQ(DIAGS("SELECT coalesce(status, id) FROM raw.orders"), "E0504 1:25-1:27 coalesce does not accept INTEGER here");
    CHECK_STR_EQ(DIAGS("SELECT substring(id, 1, 2) FROM raw.orders"), "E0504 1:18-1:20 substring needs text, found INTEGER");
    /* Literals convert; a string literal for a date is the usual way to write one. */
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.orders WHERE order_date = '2024-01-01' AND id = '5' AND amount > 1"), "");
    CHECK_STR_EQ(DIAGS("SELECT coalesce(status, 'none'), CASE WHEN id > 1 THEN 0 ELSE amount END FROM raw.orders"), "");
    /* Functions: unknown ones (with did-you-mean) and argument counts. */
    CHECK_STR_EQ(DETAILS("SELECT sume(amount) FROM raw.orders"),
                 "E0507 1:8-1:12 unknown function 'sume' | hint: did you mean 'sum'? | fix 1:8-1:12 'sum'");
    CHECK_STR_EQ(DIAGS("SELECT substr(status) FROM raw.orders"), "E0508 1:8-1:22 substr takes 2 to 3 arguments, found 1");
    CHECK_STR_EQ(DIAGS("SELECT upper(status, status) FROM raw.orders"), "E0508 1:8-1:29 upper takes 1 argument, found 2");
    CHECK_STR_EQ(DIAGS("SELECT coalesce() FROM raw.orders"), "E0508 1:8-1:18 coalesce takes at least 1 argument, found 0");
    CHECK_STR_EQ(DIAGS("SELECT row_number() OVER (ORDER BY id), lag(id, 1, 0) OVER (ORDER BY id) FROM raw.orders"), "");
}

static void test_checks_grouping(void) {
    CHECK_STR_EQ(DETAILS("SELECT status, count(*) FROM raw.orders GROUP BY customer_id"),
                 "E0505 1:8-1:14 column 'status' is neither in GROUP BY nor inside an aggregate | hint: add it to GROUP BY, or "
                 "aggregate it, e.g. any_value(status) | fix 1:61-1:61 ', status'");
    CHECK_STR_EQ(DETAILS("SELECT status, count(*) FROM raw.orders"),
                 "E0505 1:8-1:14 column 'status' is neither in GROUP BY nor inside an aggregate | hint: the query aggregates; "
                 "aggregate this column too, e.g. any_value(status), or add GROUP BY | fix 1:8-1:14 'any_value(status)'");
    CHECK_STR_EQ(DIAGS("SELECT o.status, count(*) FROM raw.orders o GROUP BY status"), "");
    CHECK_STR_EQ(DIAGS("SELECT upper(status) AS s, count(*) FROM raw.orders GROUP BY upper(status)"), "");
    CHECK_STR_EQ(DIAGS("SELECT status AS s, count(*) FROM raw.orders GROUP BY s"), "");
    CHECK_STR_EQ(DIAGS("SELECT status, count(*) FROM raw.orders GROUP BY 1"), "");
    CHECK_STR_EQ(DIAGS("SELECT status, id, count(*) FROM raw.orders GROUP BY ALL"), "");
    CHECK_STR_EQ(DIAGS("SELECT status, sum(amount) FROM raw.orders GROUP BY ROLLUP (status)"), "");
    CHECK_STR_EQ(DIAGS("SELECT status, rank() OVER (ORDER BY sum(amount)) FROM raw.orders GROUP BY status"), "");
    CHECK_STR_EQ(DIAGS("SELECT status, count(*) FROM raw.orders GROUP BY customer_id HAVING max(id) > 1 AND amount > 0"),
                 "E0505 1:8-1:14 column 'status' is neither in GROUP BY nor inside an aggregate\n"
                 "E0505 1:85-1:91 column 'amount' is neither in GROUP BY nor inside an aggregate");
    /* Set operations of different widths. */
    CHECK_STR_EQ(DIAGS("SELECT id, status FROM raw.orders UNION ALL SELECT id FROM raw.customers"),
                 "E0506 1:52-1:54 UNION of 2 columns with 1 column");
    CHECK_STR_EQ(DIAGS("SELECT * FROM somewhere UNION ALL SELECT id FROM raw.customers"), "");
}

static void test_checks_warnings(void) {
    CHECK_STR_EQ(DETAILS("SELECT id FROM raw.orders WHERE status = NULL"),
                 "W0510 1:33-1:46 '= NULL' is never true: a comparison with NULL is NULL | hint: use IS NULL | fix 1:40-1:46 'IS NULL'");
    CHECK_STR_EQ(DETAILS("SELECT id FROM raw.orders WHERE status <> NULL"),
                 "W0510 1:33-1:47 '<> NULL' is never true: a comparison with NULL is NULL | hint: use IS NOT NULL | "
                 "fix 1:40-1:47 'IS NOT NULL'");
    CHECK_STR_EQ(DETAILS("SELECT id FROM raw.orders WHERE status = 5"),
                 "W0509 1:33-1:43 comparing VARCHAR with INTEGER converts one of them when the query runs | hint: say which "
                 "conversion you mean: CAST(status AS INTEGER) | fix 1:33-1:39 'CAST(status AS INTEGER)'");
    CHECK_STR_EQ(DIAGS("SELECT o.id FROM raw.orders o JOIN raw.customers c ON c.name = o.id"),
                 "W0509 1:55-1:68 comparing VARCHAR with INTEGER converts one of them when the query runs");
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.orders WHERE id"), "W0509 1:33-1:35 a condition of type INTEGER is converted to BOOLEAN");
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.orders UNION SELECT name FROM raw.customers"),
                 "W0509 1:40-1:44 UNION column 1 mixes INTEGER and VARCHAR: the result is text");
    /* Implicit cross joins: tables of a comma join that no condition relates. */
    CHECK_STR_EQ(DETAILS("SELECT o.id FROM raw.orders o, raw.customers c WHERE o.amount > 1"),
                 "W0511 1:32-1:47 implicit cross join: no condition relates 'c' to the other tables in FROM | hint: add the join "
                 "condition to WHERE, or write CROSS JOIN if every combination of rows is meant");
    CHECK_STR_EQ(DIAGS("SELECT o.id FROM raw.orders o, raw.customers c WHERE o.customer_id = c.id"), "");
    CHECK_STR_EQ(DIAGS("SELECT o.id FROM raw.orders o, raw.customers c WHERE c.id IN (SELECT 1 WHERE o.customer_id > 0)"), "");
    CHECK_STR_EQ(DIAGS("SELECT o.id FROM raw.orders o CROSS JOIN raw.customers c"), "");
    CHECK_STR_EQ(DIAGS("SELECT * FROM (SELECT count(*) AS a FROM raw.orders) x, (SELECT count(*) AS b FROM raw.customers) y"), "");
    /* ORDER BY in a subquery without LIMIT. */
    CHECK_STR_EQ(DETAILS("SELECT * FROM (SELECT id FROM raw.orders ORDER BY id) s"),
                 "W0512 1:42-1:53 ORDER BY in a subquery without LIMIT: the order is not kept by the query around it | hint: "
                 "remove it, or order the outer query | fix 1:41-1:53 ''");
    CHECK_STR_EQ(DIAGS("SELECT * FROM (SELECT id FROM raw.orders ORDER BY id LIMIT 5) s ORDER BY id"), "");
    CHECK_STR_EQ(DIAGS("WITH t AS (SELECT id FROM raw.orders ORDER BY id) SELECT * FROM t"),
                 "W0512 1:38-1:49 ORDER BY in a subquery without LIMIT: the order is not kept by the query around it");
    /* SELECT * over a join. */
    CHECK_STR_EQ(DETAILS("SELECT * FROM raw.customers c JOIN payments p ON p.order_id = c.id"),
                 "W0513 1:8-1:9 SELECT * over a join: the output columns change whenever a joined table's do | hint: list the "
                 "columns the model needs | fix 1:8-1:9 'c.id, c.name, c.country, p.id, p.order_id, p.amount'");
    CHECK_STR_EQ(DIAGS("SELECT c.* FROM raw.customers c JOIN payments p ON p.order_id = c.id"), "");
    CHECK_STR_EQ(DIAGS("SELECT id FROM raw.customers c WHERE EXISTS (SELECT * FROM payments p, raw.orders o "
                       "WHERE p.order_id = o.id AND o.customer_id = c.id)"),
                 "");
    /* All at once. */
    CHECK_STR_EQ(DIAGS("SELECT amout, status + 1, sume(id) FROM raw.orders WHERE id = NULL"),
                 "E0501 1:8-1:13 unknown column 'amout'\n"
                 "E0504 1:15-1:25 cannot apply '+' to VARCHAR and INTEGER\n"
                 "E0507 1:27-1:31 unknown function 'sume'\n"
                 "W0510 1:58-1:67 '= NULL' is never true: a comparison with NULL is NULL");
    /* A model with a syntax error gets no checks of its columns (the syntax error is the news). */
    CHECK_STR_EQ(DIAGS("SELECT amout FROM raw.orders WHERE"), "E0101 1:35-1:35 expected a condition after WHERE, found end of input");
}

int main(void) {
    test_type_names();
    test_promotion();
    test_functions();
    test_schema_basics();
    test_schema_scopes();
    test_refs_and_memo();
    test_checks_columns();
    test_checks_types();
    test_checks_grouping();
    test_checks_warnings();
    return TEST_SUMMARY();
}
