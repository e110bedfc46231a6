/* dialect.c — identifier quoting and the engine-specific clauses compilation writes. */
#include "compile/dialect.h"

#include <string.h>

smelt_dialect smelt_dialect_for_engine(smelt_engine engine) {
    switch (engine) {
    case SMELT_ENGINE_SPARK: return SMELT_DIALECT_SPARK;
    case SMELT_ENGINE_POSTGRES: return SMELT_DIALECT_POSTGRES;
    default: return SMELT_DIALECT_DUCKDB;
    }
}

void smelt_dialect_quote(smelt_dialect dialect, const char *name, smelt_buf *out) {
    char quote = dialect == SMELT_DIALECT_SPARK ? '`' : '"';
    smelt_buf_append_char(out, quote);
    for (const char *c = name; *c; c++) {
        if (*c == quote) smelt_buf_append_char(out, quote);
        smelt_buf_append_char(out, *c);
    }
    smelt_buf_append_char(out, quote);
}

void smelt_dialect_relation(smelt_dialect dialect, const char *schema, const char *name, smelt_buf *out) {
    if (schema && *schema) {
        smelt_dialect_quote(dialect, schema, out);
        smelt_buf_append_char(out, '.');
    }
    smelt_dialect_quote(dialect, name, out);
}

void smelt_dialect_sample(smelt_dialect dialect, double fraction, smelt_buf *out) {
    double percent = fraction * 100.0;
    switch (dialect) {
    case SMELT_DIALECT_SPARK: smelt_buf_printf(out, " TABLESAMPLE (%g PERCENT)", percent); break;
    case SMELT_DIALECT_POSTGRES: smelt_buf_printf(out, " TABLESAMPLE BERNOULLI (%g)", percent); break;
    default: smelt_buf_printf(out, " USING SAMPLE %g%% (bernoulli)", percent); break;
    }
}
