/*
 * duckdb.c — the DuckDB backend: smelt's embedded default engine, through DuckDB's C API (1.4 LTS).
 *
 * A backend is one duckdb_database (a file, or memory when the target names none); each smelt
 * connection is one duckdb_connection, used by one worker thread at a time. Everything DuckDB says is
 * translated here, at the edge, into a smelt_status and the thread-local message: a lock held by
 * another process becomes SMELT_ERR_LOCKED, an interrupt SMELT_ERR_CANCELLED, any other rejected
 * statement SMELT_ERR_ENGINE with DuckDB's own text.
 *
 * Statements arrive as scripts ("BEGIN; ...; COMMIT;"), so execute splits them with DuckDB's own
 * parser (duckdb_extract_statements) and runs them one by one; when one fails, the connection rolls
 * back whatever transaction is open, so a half-run script never commits and the connection stays
 * usable. Query results are materialized and read through data chunks (the non-deprecated API);
 * each value becomes text by building a duckdb_value from the vector and asking DuckDB to cast it to
 * VARCHAR, so every type — DECIMAL, dates, nested LIST/STRUCT/MAP — prints exactly as DuckDB prints
 * it. Type names are rebuilt from logical types, because the 1.4 C API has no type-to-string.
 */
#include "backend/backend.h"

#include <duckdb.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend/library.h"
#include "base/arena.h"
#include "base/str.h"
#include "compile/dialect.h"

/* DuckDB's functions, looked up in libduckdb when the first DuckDB target is opened (library.h). */
static struct {
#define X(name) __typeof__(name) *name;
#include "backend/duckdb/duckdb_functions.def"
#undef X
} lib;

static void resolve_duckdb(smelt_library *library) {
#define X(name) smelt_library_symbol(library, #name, (void **)&lib.name);
#include "backend/duckdb/duckdb_functions.def"
#undef X
}

static smelt_library duckdb_library =
    SMELT_LIBRARY("libduckdb.so", "DuckDB's C library", "run scripts/bootstrap.sh, or set DUCKDB_DIR when building",
                  resolve_duckdb);

/* The structs behind the generic handles; each starts with the generic struct so backend.c can read
 * the vtable. */
typedef struct {
    smelt_backend base;
    duckdb_database database;
    char *path;    /* the database file as opened; NULL in memory */
    char *catalog; /* the name DuckDB gives the database: the file's stem, or "memory" */
} duck_backend;

typedef struct {
    smelt_connection base;
    duck_backend *backend;
    duckdb_connection connection;
    /* Set by smelt_connection_cancel from another thread. DuckDB drops an interrupt that arrives
     * while no statement runs, so the flag keeps it until a statement of this connection observes it:
     * a cancel can never fall into the gap between two statements of a script. */
    atomic_bool cancel_pending;
    /* describe's two statements, prepared on first use and kept for the connection's life. */
    duckdb_prepared_statement find_relation;
    duckdb_prepared_statement list_columns;
} duck_connection;

/* Marks a cell that was read and is SQL NULL (a NULL slot means "not converted yet"). */
static const char null_cell[] = "";

typedef struct {
    smelt_result base;
    duckdb_result result; /* kept alive: the chunks may point into its storage */
    uint32_t column_count;
    char **column_names;
    char **column_types;
    duckdb_logical_type *types;
    duckdb_data_chunk *chunks;
    uint64_t *chunk_first_row; /* the row number of each chunk's first row */
    size_t chunk_count;
    uint64_t row_count;
    const char **cells; /* row-major, converted on first access; allocated on first access */
} duck_result;

extern const smelt_backend_vtable smelt_duckdb_backend;

static char *copy_string(const char *text) {
    size_t len = strlen(text);
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    return copy;
}

static char *copy_bytes(const char *bytes, size_t len) {
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    return copy;
}

/* ---- type names --------------------------------------------------------------------------------- */

static const char *primitive_type_name(duckdb_type id) {
    switch (id) {
    case DUCKDB_TYPE_BOOLEAN: return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT: return "TINYINT";
    case DUCKDB_TYPE_SMALLINT: return "SMALLINT";
    case DUCKDB_TYPE_INTEGER: return "INTEGER";
    case DUCKDB_TYPE_BIGINT: return "BIGINT";
    case DUCKDB_TYPE_UTINYINT: return "UTINYINT";
    case DUCKDB_TYPE_USMALLINT: return "USMALLINT";
    case DUCKDB_TYPE_UINTEGER: return "UINTEGER";
    case DUCKDB_TYPE_UBIGINT: return "UBIGINT";
    case DUCKDB_TYPE_FLOAT: return "FLOAT";
    case DUCKDB_TYPE_DOUBLE: return "DOUBLE";
    case DUCKDB_TYPE_TIMESTAMP: return "TIMESTAMP";
    case DUCKDB_TYPE_DATE: return "DATE";
    case DUCKDB_TYPE_TIME: return "TIME";
    case DUCKDB_TYPE_INTERVAL: return "INTERVAL";
    case DUCKDB_TYPE_HUGEINT: return "HUGEINT";
    case DUCKDB_TYPE_UHUGEINT: return "UHUGEINT";
    case DUCKDB_TYPE_VARCHAR: return "VARCHAR";
    case DUCKDB_TYPE_BLOB: return "BLOB";
    case DUCKDB_TYPE_TIMESTAMP_S: return "TIMESTAMP_S";
    case DUCKDB_TYPE_TIMESTAMP_MS: return "TIMESTAMP_MS";
    case DUCKDB_TYPE_TIMESTAMP_NS: return "TIMESTAMP_NS";
    case DUCKDB_TYPE_UUID: return "UUID";
    case DUCKDB_TYPE_BIT: return "BIT";
    case DUCKDB_TYPE_TIME_TZ: return "TIME WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP_TZ: return "TIMESTAMP WITH TIME ZONE";
    case DUCKDB_TYPE_ANY: return "ANY";
    case DUCKDB_TYPE_BIGNUM: return "BIGNUM";
    case DUCKDB_TYPE_SQLNULL: return "\"NULL\"";
    case DUCKDB_TYPE_STRING_LITERAL: return "STRING_LITERAL";
    case DUCKDB_TYPE_INTEGER_LITERAL: return "INTEGER_LITERAL";
    case DUCKDB_TYPE_TIME_NS: return "TIME_NS";
    default: return NULL;
    }
}

/* A STRUCT field or UNION member name as DuckDB prints it: bare when it is a plain identifier,
 * double-quoted otherwise. (DuckDB also quotes keywords, which would need its keyword list; a field
 * named like a keyword prints bare here.) */
static void append_member_name(const char *name, smelt_buf *out) {
    bool plain = name[0] != '\0' && !(name[0] >= '0' && name[0] <= '9');
    for (const char *c = name; *c && plain; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (plain) smelt_buf_append_cstr(out, name);
    else smelt_dialect_quote(SMELT_DIALECT_DUCKDB, name, out);
}

/* Appends the type's name as DuckDB's typeof() spells it, e.g. DECIMAL(10,2), INTEGER[],
 * STRUCT(a INTEGER, b VARCHAR), MAP(VARCHAR, INTEGER). */
static void append_type_name(duckdb_logical_type type, smelt_buf *out) {
    char *alias = lib.duckdb_logical_type_get_alias(type);
    if (alias) {
        smelt_buf_append_cstr(out, alias);
        lib.duckdb_free(alias);
        return;
    }
    duckdb_type id = lib.duckdb_get_type_id(type);
    switch (id) {
    case DUCKDB_TYPE_DECIMAL:
        smelt_buf_printf(out, "DECIMAL(%u,%u)", (unsigned)lib.duckdb_decimal_width(type), (unsigned)lib.duckdb_decimal_scale(type));
        return;
    case DUCKDB_TYPE_LIST: {
        duckdb_logical_type child = lib.duckdb_list_type_child_type(type);
        append_type_name(child, out);
        lib.duckdb_destroy_logical_type(&child);
        smelt_buf_append_cstr(out, "[]");
        return;
    }
    case DUCKDB_TYPE_ARRAY: {
        duckdb_logical_type child = lib.duckdb_array_type_child_type(type);
        append_type_name(child, out);
        lib.duckdb_destroy_logical_type(&child);
        smelt_buf_printf(out, "[%llu]", (unsigned long long)lib.duckdb_array_type_array_size(type));
        return;
    }
    case DUCKDB_TYPE_MAP: {
        duckdb_logical_type key = lib.duckdb_map_type_key_type(type);
        duckdb_logical_type value = lib.duckdb_map_type_value_type(type);
        smelt_buf_append_cstr(out, "MAP(");
        append_type_name(key, out);
        smelt_buf_append_cstr(out, ", ");
        append_type_name(value, out);
        smelt_buf_append_char(out, ')');
        lib.duckdb_destroy_logical_type(&key);
        lib.duckdb_destroy_logical_type(&value);
        return;
    }
    case DUCKDB_TYPE_STRUCT:
    case DUCKDB_TYPE_UNION: {
        bool is_struct = id == DUCKDB_TYPE_STRUCT;
        idx_t count = is_struct ? lib.duckdb_struct_type_child_count(type) : lib.duckdb_union_type_member_count(type);
        smelt_buf_append_cstr(out, is_struct ? "STRUCT(" : "UNION(");
        for (idx_t i = 0; i < count; i++) {
            char *name = is_struct ? lib.duckdb_struct_type_child_name(type, i) : lib.duckdb_union_type_member_name(type, i);
            duckdb_logical_type child =
                is_struct ? lib.duckdb_struct_type_child_type(type, i) : lib.duckdb_union_type_member_type(type, i);
            if (i > 0) smelt_buf_append_cstr(out, ", ");
            append_member_name(name ? name : "", out);
            smelt_buf_append_char(out, ' ');
            append_type_name(child, out);
            lib.duckdb_destroy_logical_type(&child);
            lib.duckdb_free(name);
        }
        smelt_buf_append_char(out, ')');
        return;
    }
    case DUCKDB_TYPE_ENUM: {
        uint32_t count = lib.duckdb_enum_dictionary_size(type);
        smelt_buf_append_cstr(out, "ENUM(");
        for (uint32_t i = 0; i < count; i++) {
            char *member = lib.duckdb_enum_dictionary_value(type, i);
            if (i > 0) smelt_buf_append_cstr(out, ", ");
            smelt_buf_append_char(out, '\'');
            for (const char *c = member ? member : ""; *c; c++) {
                if (*c == '\'') smelt_buf_append_char(out, '\'');
                smelt_buf_append_char(out, *c);
            }
            smelt_buf_append_char(out, '\'');
            lib.duckdb_free(member);
        }
        smelt_buf_append_char(out, ')');
        return;
    }
    default: {
        const char *name = primitive_type_name(id);
        if (name) smelt_buf_append_cstr(out, name);
        else smelt_buf_printf(out, "UNKNOWN(%d)", (int)id);
        return;
    }
    }
}

static char *type_name(duckdb_logical_type type) {
    smelt_buf buf;
    smelt_buf_init(&buf);
    append_type_name(type, &buf);
    char *name = copy_bytes(buf.data ? buf.data : "", buf.len);
    smelt_buf_free(&buf);
    return name;
}

/* ---- values ------------------------------------------------------------------------------------- */

static bool row_is_null(duckdb_vector vector, idx_t row) {
    uint64_t *validity = lib.duckdb_vector_get_validity(vector);
    return validity && !lib.duckdb_validity_row_is_valid(validity, row);
}

static duckdb_string_t *string_at(duckdb_vector vector, idx_t row) {
    return (duckdb_string_t *)lib.duckdb_vector_get_data(vector) + row;
}

/* A hugeint (or a value that fits in 64 bits) the way duckdb_decimal carries it. */
static duckdb_hugeint hugeint_from_int64(int64_t value) {
    duckdb_hugeint result = {.lower = (uint64_t)value, .upper = value < 0 ? -1 : 0};
    return result;
}

static duckdb_value value_at(duckdb_vector vector, duckdb_logical_type type, idx_t row);

/* Builds the values of count consecutive rows of a child vector; false when one cannot be built
 * (the ones built so far are destroyed). */
static bool child_values(duckdb_vector child, duckdb_logical_type child_type, idx_t first, idx_t count,
                         duckdb_value *out) {
    for (idx_t i = 0; i < count; i++) {
        out[i] = value_at(child, child_type, first + i);
        if (!out[i]) {
            for (idx_t j = 0; j < i; j++) lib.duckdb_destroy_value(&out[j]);
            return false;
        }
    }
    return true;
}

static void destroy_values(duckdb_value *values, idx_t count) {
    for (idx_t i = 0; i < count; i++) lib.duckdb_destroy_value(&values[i]);
    free(values);
}

/* BIGNUM's storage is a 3-byte header whose top bit is set for non-negative numbers, then the
 * magnitude's bytes, all inverted for negative numbers; duckdb_bignum wants the plain magnitude. */
static duckdb_value bignum_value(duckdb_string_t *stored) {
    uint32_t len = lib.duckdb_string_t_length(*stored);
    const uint8_t *bytes = (const uint8_t *)lib.duckdb_string_t_data(stored);
    if (len < 4) return NULL;
    bool negative = (bytes[0] & 0x80) == 0;
    uint8_t *magnitude = smelt_xmalloc(len - 3);
    for (uint32_t i = 3; i < len; i++) magnitude[i - 3] = negative ? (uint8_t)~bytes[i] : bytes[i];
    duckdb_bignum bignum = {.data = magnitude, .size = len - 3, .is_negative = negative};
    duckdb_value value = lib.duckdb_create_bignum(bignum);
    free(magnitude);
    return value;
}

static duckdb_value list_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    duckdb_list_entry entry = ((duckdb_list_entry *)lib.duckdb_vector_get_data(vector))[row];
    duckdb_vector child = lib.duckdb_list_vector_get_child(vector);
    duckdb_logical_type child_type = lib.duckdb_list_type_child_type(type);
    duckdb_value result = NULL;
    /* At least one slot: the C API refuses a NULL array even for an empty list. */
    duckdb_value *values = smelt_xmalloc(sizeof *values * (entry.length ? entry.length : 1));
    if (child_values(child, child_type, entry.offset, entry.length, values)) {
        result = lib.duckdb_create_list_value(child_type, values, entry.length);
        destroy_values(values, entry.length);
    } else {
        free(values);
    }
    lib.duckdb_destroy_logical_type(&child_type);
    return result;
}

static duckdb_value array_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    idx_t size = lib.duckdb_array_type_array_size(type);
    duckdb_vector child = lib.duckdb_array_vector_get_child(vector);
    duckdb_logical_type child_type = lib.duckdb_array_type_child_type(type);
    duckdb_value result = NULL;
    duckdb_value *values = smelt_xmalloc(sizeof *values * (size ? size : 1));
    if (child_values(child, child_type, row * size, size, values)) {
        result = lib.duckdb_create_array_value(child_type, values, size);
        destroy_values(values, size);
    } else {
        free(values);
    }
    lib.duckdb_destroy_logical_type(&child_type);
    return result;
}

static duckdb_value struct_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    idx_t count = lib.duckdb_struct_type_child_count(type);
    duckdb_value *values = smelt_xmalloc(sizeof *values * (count ? count : 1));
    idx_t built = 0;
    for (; built < count; built++) {
        duckdb_logical_type child_type = lib.duckdb_struct_type_child_type(type, built);
        values[built] = value_at(lib.duckdb_struct_vector_get_child(vector, built), child_type, row);
        lib.duckdb_destroy_logical_type(&child_type);
        if (!values[built]) break;
    }
    duckdb_value result = built == count ? lib.duckdb_create_struct_value(type, values) : NULL;
    destroy_values(values, built);
    return result;
}

/* A MAP is stored as a LIST of STRUCT(key, value). */
static duckdb_value map_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    duckdb_list_entry entry = ((duckdb_list_entry *)lib.duckdb_vector_get_data(vector))[row];
    duckdb_vector entries = lib.duckdb_list_vector_get_child(vector);
    duckdb_logical_type key_type = lib.duckdb_map_type_key_type(type);
    duckdb_logical_type value_type = lib.duckdb_map_type_value_type(type);
    idx_t slots = entry.length ? entry.length : 1;
    duckdb_value *keys = smelt_xmalloc(sizeof *keys * slots);
    duckdb_value *values = smelt_xmalloc(sizeof *values * slots);
    duckdb_value result = NULL;
    if (!child_values(lib.duckdb_struct_vector_get_child(entries, 0), key_type, entry.offset, entry.length, keys)) {
        free(keys);
        free(values);
        goto cleanup;
    }
    if (!child_values(lib.duckdb_struct_vector_get_child(entries, 1), value_type, entry.offset, entry.length, values)) {
        destroy_values(keys, entry.length);
        free(values);
        goto cleanup;
    }
    result = lib.duckdb_create_map_value(type, keys, values, entry.length);
    destroy_values(keys, entry.length);
    destroy_values(values, entry.length);
cleanup:
    lib.duckdb_destroy_logical_type(&key_type);
    lib.duckdb_destroy_logical_type(&value_type);
    return result;
}

/* A UNION is stored as a STRUCT whose first child is the tag and whose other children are the
 * members. */
static duckdb_value union_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    uint8_t tag = ((uint8_t *)lib.duckdb_vector_get_data(lib.duckdb_struct_vector_get_child(vector, 0)))[row];
    if (tag >= lib.duckdb_union_type_member_count(type)) return NULL;
    duckdb_logical_type member_type = lib.duckdb_union_type_member_type(type, tag);
    duckdb_value member = value_at(lib.duckdb_struct_vector_get_child(vector, (idx_t)tag + 1), member_type, row);
    duckdb_value result = member ? lib.duckdb_create_union_value(type, tag, member) : NULL;
    lib.duckdb_destroy_value(&member);
    lib.duckdb_destroy_logical_type(&member_type);
    return result;
}

static duckdb_value decimal_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    void *data = lib.duckdb_vector_get_data(vector);
    duckdb_decimal decimal = {.width = lib.duckdb_decimal_width(type), .scale = lib.duckdb_decimal_scale(type)};
    switch (lib.duckdb_decimal_internal_type(type)) {
    case DUCKDB_TYPE_SMALLINT: decimal.value = hugeint_from_int64(((int16_t *)data)[row]); break;
    case DUCKDB_TYPE_INTEGER: decimal.value = hugeint_from_int64(((int32_t *)data)[row]); break;
    case DUCKDB_TYPE_BIGINT: decimal.value = hugeint_from_int64(((int64_t *)data)[row]); break;
    case DUCKDB_TYPE_HUGEINT: decimal.value = ((duckdb_hugeint *)data)[row]; break;
    default: return NULL;
    }
    return lib.duckdb_create_decimal(decimal);
}

static duckdb_value enum_value(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    void *data = lib.duckdb_vector_get_data(vector);
    uint64_t index;
    switch (lib.duckdb_enum_internal_type(type)) {
    case DUCKDB_TYPE_UTINYINT: index = ((uint8_t *)data)[row]; break;
    case DUCKDB_TYPE_USMALLINT: index = ((uint16_t *)data)[row]; break;
    case DUCKDB_TYPE_UINTEGER: index = ((uint32_t *)data)[row]; break;
    default: return NULL;
    }
    return lib.duckdb_create_enum_value(type, index);
}

/* The value at row of vector as a duckdb_value (a NULL value for SQL NULL); NULL only when the type
 * is one DuckDB cannot hand back through the C API. */
static duckdb_value value_at(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    if (row_is_null(vector, row)) return lib.duckdb_create_null_value();
    void *data = lib.duckdb_vector_get_data(vector);
    switch (lib.duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN: return lib.duckdb_create_bool(((bool *)data)[row]);
    case DUCKDB_TYPE_TINYINT: return lib.duckdb_create_int8(((int8_t *)data)[row]);
    case DUCKDB_TYPE_SMALLINT: return lib.duckdb_create_int16(((int16_t *)data)[row]);
    case DUCKDB_TYPE_INTEGER: return lib.duckdb_create_int32(((int32_t *)data)[row]);
    case DUCKDB_TYPE_BIGINT: return lib.duckdb_create_int64(((int64_t *)data)[row]);
    case DUCKDB_TYPE_UTINYINT: return lib.duckdb_create_uint8(((uint8_t *)data)[row]);
    case DUCKDB_TYPE_USMALLINT: return lib.duckdb_create_uint16(((uint16_t *)data)[row]);
    case DUCKDB_TYPE_UINTEGER: return lib.duckdb_create_uint32(((uint32_t *)data)[row]);
    case DUCKDB_TYPE_UBIGINT: return lib.duckdb_create_uint64(((uint64_t *)data)[row]);
    case DUCKDB_TYPE_FLOAT: return lib.duckdb_create_float(((float *)data)[row]);
    case DUCKDB_TYPE_DOUBLE: return lib.duckdb_create_double(((double *)data)[row]);
    case DUCKDB_TYPE_HUGEINT: return lib.duckdb_create_hugeint(((duckdb_hugeint *)data)[row]);
    case DUCKDB_TYPE_UHUGEINT: return lib.duckdb_create_uhugeint(((duckdb_uhugeint *)data)[row]);
    case DUCKDB_TYPE_DATE: return lib.duckdb_create_date(((duckdb_date *)data)[row]);
    case DUCKDB_TYPE_TIME: return lib.duckdb_create_time(((duckdb_time *)data)[row]);
    case DUCKDB_TYPE_TIME_NS: return lib.duckdb_create_time_ns(((duckdb_time_ns *)data)[row]);
    case DUCKDB_TYPE_TIME_TZ: return lib.duckdb_create_time_tz_value(((duckdb_time_tz *)data)[row]);
    case DUCKDB_TYPE_TIMESTAMP: return lib.duckdb_create_timestamp(((duckdb_timestamp *)data)[row]);
    case DUCKDB_TYPE_TIMESTAMP_TZ: return lib.duckdb_create_timestamp_tz(((duckdb_timestamp *)data)[row]);
    case DUCKDB_TYPE_TIMESTAMP_S: return lib.duckdb_create_timestamp_s(((duckdb_timestamp_s *)data)[row]);
    case DUCKDB_TYPE_TIMESTAMP_MS: return lib.duckdb_create_timestamp_ms(((duckdb_timestamp_ms *)data)[row]);
    case DUCKDB_TYPE_TIMESTAMP_NS: return lib.duckdb_create_timestamp_ns(((duckdb_timestamp_ns *)data)[row]);
    case DUCKDB_TYPE_INTERVAL: return lib.duckdb_create_interval(((duckdb_interval *)data)[row]);
    case DUCKDB_TYPE_UUID: {
        /* Stored as a hugeint with the top bit flipped (so UUIDs sort as text); duckdb_create_uuid
         * takes the unflipped unsigned form. */
        duckdb_hugeint stored = ((duckdb_hugeint *)data)[row];
        duckdb_uhugeint uuid = {.lower = stored.lower, .upper = (uint64_t)stored.upper ^ ((uint64_t)1 << 63)};
        return lib.duckdb_create_uuid(uuid);
    }
    case DUCKDB_TYPE_VARCHAR: {
        duckdb_string_t *text = string_at(vector, row);
        return lib.duckdb_create_varchar_length(lib.duckdb_string_t_data(text), lib.duckdb_string_t_length(*text));
    }
    case DUCKDB_TYPE_BLOB: {
        duckdb_string_t *bytes = string_at(vector, row);
        return lib.duckdb_create_blob((const uint8_t *)lib.duckdb_string_t_data(bytes), lib.duckdb_string_t_length(*bytes));
    }
    case DUCKDB_TYPE_BIT: {
        /* BIT's storage is exactly duckdb_bit's layout (a padding byte, then the bits). */
        duckdb_string_t *bits = string_at(vector, row);
        duckdb_bit bit = {.data = (uint8_t *)lib.duckdb_string_t_data(bits), .size = lib.duckdb_string_t_length(*bits)};
        return lib.duckdb_create_bit(bit);
    }
    case DUCKDB_TYPE_BIGNUM: return bignum_value(string_at(vector, row));
    case DUCKDB_TYPE_DECIMAL: return decimal_value(vector, type, row);
    case DUCKDB_TYPE_ENUM: return enum_value(vector, type, row);
    case DUCKDB_TYPE_LIST: return list_value(vector, type, row);
    case DUCKDB_TYPE_ARRAY: return array_value(vector, type, row);
    case DUCKDB_TYPE_STRUCT: return struct_value(vector, type, row);
    case DUCKDB_TYPE_MAP: return map_value(vector, type, row);
    case DUCKDB_TYPE_UNION: return union_value(vector, type, row);
    case DUCKDB_TYPE_SQLNULL: return lib.duckdb_create_null_value();
    default: return NULL;
    }
}

/* The text of one cell (malloc'd), or NULL for SQL NULL. VARCHAR is copied straight; everything
 * else goes through DuckDB's cast to VARCHAR so it prints as DuckDB prints it. */
static char *cell_text(duckdb_vector vector, duckdb_logical_type type, idx_t row) {
    if (row_is_null(vector, row)) return NULL;
    if (lib.duckdb_get_type_id(type) == DUCKDB_TYPE_VARCHAR) {
        duckdb_string_t *text = string_at(vector, row);
        return copy_bytes(lib.duckdb_string_t_data(text), lib.duckdb_string_t_length(*text));
    }
    duckdb_value value = value_at(vector, type, row);
    if (!value) {
        char *name = type_name(type);
        smelt_buf buf;
        smelt_buf_init(&buf);
        smelt_buf_printf(&buf, "<%s value>", name);
        char *text = copy_bytes(buf.data, buf.len);
        smelt_buf_free(&buf);
        free(name);
        return text;
    }
    char *text = lib.duckdb_get_varchar(value);
    char *copy = copy_string(text ? text : "");
    lib.duckdb_free(text);
    lib.duckdb_destroy_value(&value);
    return copy;
}

/* ---- errors ------------------------------------------------------------------------------------- */

/* Takes the pending cancel, if any. */
static bool take_pending_cancel(duck_connection *connection) {
    return atomic_exchange(&connection->cancel_pending, false);
}

/* Translates a statement's failure. DuckDB reports an interrupt as an error of type INTERRUPT; where
 * only the message is known (prepare errors), its "INTERRUPT Error" prefix says the same. */
static smelt_status statement_error(duck_connection *connection, bool interrupted, const char *message) {
    if (!message) message = "unknown error";
    if (interrupted || strncmp(message, "INTERRUPT Error", 15) == 0) {
        /* The interrupt was the cancel: it is consumed. */
        atomic_store(&connection->cancel_pending, false);
        return smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
    }
    /* A database file named like a schema (raw.duckdb holding schema raw) makes raw.t ambiguous;
     * DuckDB's message alone does not say why. */
    if (strstr(message, "Ambiguous reference to catalog or schema"))
        return smelt_status_set(SMELT_ERR_ENGINE,
                                "%s\nhint: the database %s is attached as catalog \"%s\", the same name as a schema; "
                                "qualify names with the catalog or rename the database file",
                                message, connection->backend->path ? connection->backend->path : "in memory",
                                connection->backend->catalog);
    return smelt_status_set(SMELT_ERR_ENGINE, "%s", message);
}

/* After a failed statement: a script that stopped between BEGIN and COMMIT would leave its
 * transaction open (DuckDB keeps it valid after binder errors), so roll back whatever is open. A
 * failure outside a transaction makes ROLLBACK fail harmlessly ("no transaction is active"). */
static void rollback_open_transaction(duck_connection *connection) {
    duckdb_result result;
    lib.duckdb_query(connection->connection, "ROLLBACK", &result);
    lib.duckdb_destroy_result(&result);
}

/* ---- backend ------------------------------------------------------------------------------------ */

/* What to do when the folders for a database cannot be made, after what is wrong. */
#define DATABASE_ELSEWHERE "choose another place for the database (`database:` of the target in smelt.yml, or --database)"

/* mkdir(folder) failed with error on the way to the database at path: the OS's reason, and a hint
 * naming the folder that refused (the one folder would be created in) and what to do. */
static smelt_status folder_error(const char *folder, const char *path, int error) {
    const char *slash = strrchr(folder, '/');
    int parent_len = slash ? (slash == folder ? 1 : (int)(slash - folder)) : 1;
    const char *parent = slash ? folder : ".";
    char hint[1024];
    switch (error) {
    case EACCES:
    case EPERM:
        snprintf(hint, sizeof hint, "this user may not create folders in %.*s: make it writable, or " DATABASE_ELSEWHERE,
                 parent_len, parent);
        break;
    case EROFS:
        snprintf(hint, sizeof hint, "%.*s is on a read-only file system: " DATABASE_ELSEWHERE, parent_len, parent);
        break;
    case ENOSPC:
    case EDQUOT:
        snprintf(hint, sizeof hint, "the file system of %.*s is full: free some space, or " DATABASE_ELSEWHERE, parent_len,
                 parent);
        break;
    case ENOTDIR:
        snprintf(hint, sizeof hint, "%.*s is a file, not a folder: move it away, or " DATABASE_ELSEWHERE, parent_len, parent);
        break;
    default:
        snprintf(hint, sizeof hint, "check that %.*s is a folder this user can write in, or " DATABASE_ELSEWHERE, parent_len,
                 parent);
        break;
    }
    return smelt_status_set(SMELT_ERR_IO, "cannot create the folder %s for the database %s: %s\nhint: %s", folder, path,
                            strerror(error), hint);
}

/* Creates every missing folder above the file at path (mkdir -p of its parent). */
static smelt_status make_parent_folders(const char *path) {
    char *folder = copy_string(path);
    smelt_status status = SMELT_OK;
    char *last_slash = strrchr(folder, '/');
    if (!last_slash || last_slash == folder) goto cleanup;
    *last_slash = '\0';
    for (char *c = folder + 1;; c++) {
        if (*c != '/' && *c != '\0') continue;
        char saved = *c;
        *c = '\0';
        if (mkdir(folder, 0777) != 0 && errno != EEXIST) {
            status = folder_error(folder, path, errno);
            goto cleanup;
        }
        *c = saved;
        if (saved == '\0') break;
    }
    struct stat info;
    if (stat(folder, &info) != 0 || !S_ISDIR(info.st_mode)) {
        status = smelt_status_set(SMELT_ERR_IO,
                                  "cannot create the database %s: %s is not a folder\nhint: it is a file: move it away, "
                                  "or " DATABASE_ELSEWHERE,
                                  path, folder);
        goto cleanup;
    }
cleanup:
    free(folder);
    return status;
}

/* The name DuckDB gives a file database's catalog: the file name without folder and extension. */
static char *catalog_name(const char *path) {
    if (!path) return copy_string("memory");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strchr(base, '.');
    return copy_bytes(base, dot ? (size_t)(dot - base) : strlen(base));
}

/* Turns duckdb_open's failure into a status: a lock held elsewhere, a file that cannot be written,
 * or anything else DuckDB refused. */
static smelt_status open_error(const char *path, const char *message) {
    if (!message) message = "unknown error";
    if (strstr(message, "Could not set lock on file") || strstr(message, "Conflicting lock")) {
        /* DuckDB names the holder: "Conflicting lock is held in /usr/bin/x (PID 123)." */
        const char *holder = strstr(message, "is held in ");
        int holder_len = 0;
        if (holder) {
            holder += strlen("is held in ");
            const char *end = strstr(holder, ". See also");
            holder_len = (int)(end ? (size_t)(end - holder) : strlen(holder));
        }
        return smelt_status_set(SMELT_ERR_LOCKED,
                                "the database file %s is locked: another process holds it%s%.*s. DuckDB lets one "
                                "process at a time write a file: stop that process or choose another file",
                                path, holder ? ": " : "", holder_len, holder ? holder : "");
    }
    if (strstr(message, "Permission denied") || strstr(message, "Read-only file system"))
        return smelt_status_set(SMELT_ERR_IO, "cannot open the database file %s for writing: %s", path, message);
    if (strncmp(message, "IO Error", 8) == 0)
        return smelt_status_set(SMELT_ERR_IO, "cannot open the database file %s: %s", path, message);
    return smelt_status_set(SMELT_ERR_CONNECT, "cannot open the DuckDB database %s: %s", path ? path : "in memory",
                            message);
}

/* CREATE SCHEMA IF NOT EXISTS for the target's schema, on a short-lived connection. */
static smelt_status create_schema(duck_backend *backend, const char *schema) {
    duckdb_connection connection = NULL;
    smelt_buf sql;
    smelt_buf_init(&sql);
    smelt_status status = SMELT_OK;
    if (lib.duckdb_connect(backend->database, &connection) == DuckDBError) {
        status = smelt_status_set(SMELT_ERR_CONNECT, "cannot connect to the DuckDB database %s",
                                  backend->path ? backend->path : "in memory");
        goto cleanup;
    }
    smelt_buf_append_cstr(&sql, "CREATE SCHEMA IF NOT EXISTS ");
    smelt_dialect_quote(SMELT_DIALECT_DUCKDB, schema, &sql);
    duckdb_result result;
    if (lib.duckdb_query(connection, sql.data, &result) == DuckDBError)
        status = smelt_status_set(SMELT_ERR_ENGINE, "cannot create the schema %s in %s: %s", schema,
                                  backend->path ? backend->path : "the in-memory database", lib.duckdb_result_error(&result));
    lib.duckdb_destroy_result(&result);
cleanup:
    if (connection) lib.duckdb_disconnect(&connection);
    smelt_buf_free(&sql);
    return status;
}

static void duck_close(smelt_backend *handle) {
    duck_backend *backend = (duck_backend *)handle;
    if (!backend) return;
    if (backend->database) lib.duckdb_close(&backend->database);
    free(backend->path);
    free(backend->catalog);
    free(backend);
}

/* The database is the target's `database`, relative to the project folder unless absolute, or the
 * --database override taken as given (relative to the working directory, as a command-line path
 * is). No database, "" or ":memory:" means an in-memory database. */
static smelt_status duck_open(const smelt_target *target, const smelt_backend_open_options *options,
                              smelt_backend **out) {
    *out = NULL;
    smelt_status loaded = smelt_library_load(&duckdb_library);
    if (loaded != SMELT_OK) return loaded;
    const char *database = options && options->database_override ? options->database_override : target->database;
    bool overridden = options && options->database_override;
    const char *project_dir = options && options->project_dir ? options->project_dir : ".";
    duck_backend *backend = smelt_xmalloc(sizeof *backend);
    memset(backend, 0, sizeof *backend);
    backend->base.vtable = &smelt_duckdb_backend;
    smelt_status status = SMELT_OK;

    if (database && database[0] != '\0' && strcmp(database, ":memory:") != 0) {
        if (database[0] == '/' || overridden || strcmp(project_dir, ".") == 0) {
            backend->path = copy_string(database);
        } else {
            smelt_buf joined;
            smelt_buf_init(&joined);
            smelt_buf_printf(&joined, "%s/%s", project_dir, database);
            backend->path = copy_bytes(joined.data, joined.len);
            smelt_buf_free(&joined);
        }
        status = make_parent_folders(backend->path);
        if (status != SMELT_OK) goto fail;
    }
    backend->catalog = catalog_name(backend->path);

    char *error = NULL;
    if (lib.duckdb_open_ext(backend->path, &backend->database, NULL, &error) == DuckDBError) {
        status = open_error(backend->path, error);
        lib.duckdb_free(error);
        backend->database = NULL;
        goto fail;
    }
    if (target->schema && target->schema[0] != '\0') {
        status = create_schema(backend, target->schema);
        if (status != SMELT_OK) goto fail;
    }
    *out = &backend->base;
    return SMELT_OK;
fail:
    duck_close(&backend->base);
    return status;
}

/* ---- connections -------------------------------------------------------------------------------- */

static smelt_status duck_connect(smelt_backend *handle, smelt_connection **out) {
    duck_backend *backend = (duck_backend *)handle;
    *out = NULL;
    duck_connection *connection = smelt_xmalloc(sizeof *connection);
    memset(connection, 0, sizeof *connection);
    connection->base.vtable = &smelt_duckdb_backend;
    connection->backend = backend;
    atomic_init(&connection->cancel_pending, false);
    if (lib.duckdb_connect(backend->database, &connection->connection) == DuckDBError) {
        free(connection);
        return smelt_status_set(SMELT_ERR_CONNECT, "cannot open a connection to the DuckDB database %s",
                                backend->path ? backend->path : "in memory");
    }
    *out = &connection->base;
    return SMELT_OK;
}

static void duck_disconnect(smelt_connection *handle) {
    duck_connection *connection = (duck_connection *)handle;
    if (!connection) return;
    /* Prepared statements belong to the connection's context: destroy them first. */
    if (connection->find_relation) lib.duckdb_destroy_prepare(&connection->find_relation);
    if (connection->list_columns) lib.duckdb_destroy_prepare(&connection->list_columns);
    lib.duckdb_disconnect(&connection->connection);
    free(connection);
}

/* DuckDB reports INSERT/UPDATE/DELETE counts as changed rows, but CREATE TABLE ... AS returns its
 * count as a one-row "Count" column instead; both are what a caller means by rows written. -1 when
 * the statement reports no count. The result's rows are consumed. */
static int64_t rows_reported(duckdb_result *result) {
    if (lib.duckdb_result_return_type(*result) == DUCKDB_RESULT_TYPE_CHANGED_ROWS) return (int64_t)lib.duckdb_rows_changed(result);
    if (lib.duckdb_result_statement_type(*result) != DUCKDB_STATEMENT_TYPE_CREATE || lib.duckdb_column_count(result) != 1 ||
        lib.duckdb_column_type(result, 0) != DUCKDB_TYPE_BIGINT || strcmp(lib.duckdb_column_name(result, 0), "Count") != 0)
        return -1;
    int64_t rows = -1;
    duckdb_data_chunk chunk = lib.duckdb_fetch_chunk(*result);
    if (chunk && lib.duckdb_data_chunk_get_size(chunk) == 1) {
        duckdb_vector vector = lib.duckdb_data_chunk_get_vector(chunk, 0);
        if (!row_is_null(vector, 0)) rows = ((int64_t *)lib.duckdb_vector_get_data(vector))[0];
    }
    if (chunk) lib.duckdb_destroy_data_chunk(&chunk);
    return rows;
}

/* Runs every statement of a script in order. rows (when not NULL) receives the count of the last
 * statement that reported one, else -1. last (when not NULL) receives the last statement's result,
 * which the caller destroys. On failure the open transaction, if any, is rolled back. */
static smelt_status run_script(duck_connection *connection, const char *sql, int64_t *rows, duckdb_result *last) {
    duckdb_extracted_statements statements = NULL;
    smelt_status status = SMELT_OK;
    bool have_last = false;
    if (rows) *rows = -1;

    idx_t count = lib.duckdb_extract_statements(connection->connection, sql, &statements);
    if (count == 0) {
        const char *error = lib.duckdb_extract_statements_error(statements);
        if (error) {
            status = statement_error(connection, false, error);
            goto cleanup;
        }
        if (last) {
            status = smelt_status_set(SMELT_ERR_ENGINE, "the query has no statement");
            goto cleanup;
        }
    }
    for (idx_t i = 0; i < count; i++) {
        if (take_pending_cancel(connection)) {
            status = smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
            goto fail;
        }
        duckdb_prepared_statement prepared = NULL;
        if (lib.duckdb_prepare_extracted_statement(connection->connection, statements, i, &prepared) == DuckDBError) {
            status = statement_error(connection, false, lib.duckdb_prepare_error(prepared));
            lib.duckdb_destroy_prepare(&prepared);
            goto fail;
        }
        duckdb_result result;
        duckdb_state state = lib.duckdb_execute_prepared(prepared, &result);
        lib.duckdb_destroy_prepare(&prepared);
        if (state == DuckDBError) {
            status = statement_error(connection, lib.duckdb_result_error_type(&result) == DUCKDB_ERROR_INTERRUPT,
                                     lib.duckdb_result_error(&result));
            lib.duckdb_destroy_result(&result);
            goto fail;
        }
        if (last && i + 1 == count) {
            *last = result;
            have_last = true;
            continue;
        }
        if (rows) {
            int64_t reported = rows_reported(&result);
            if (reported >= 0) *rows = reported;
        }
        lib.duckdb_destroy_result(&result);
    }
    goto cleanup;
fail:
    if (have_last) lib.duckdb_destroy_result(last);
    rollback_open_transaction(connection);
cleanup:
    lib.duckdb_destroy_extracted(&statements);
    return status;
}

static smelt_status duck_execute(smelt_connection *handle, const char *sql, int64_t *rows_changed) {
    int64_t rows = -1;
    smelt_status status = run_script((duck_connection *)handle, sql, &rows, NULL);
    if (rows_changed) *rows_changed = status == SMELT_OK ? rows : -1;
    return status;
}

/* Binds every statement of the script without running it. Statements are bound one by one against
 * the current catalog, so a statement that reads what an earlier one of the same script creates
 * cannot be checked this way. */
static smelt_status duck_check(smelt_connection *handle, const char *sql) {
    duck_connection *connection = (duck_connection *)handle;
    duckdb_extracted_statements statements = NULL;
    smelt_status status = SMELT_OK;
    idx_t count = lib.duckdb_extract_statements(connection->connection, sql, &statements);
    if (count == 0 && lib.duckdb_extract_statements_error(statements)) {
        status = statement_error(connection, false, lib.duckdb_extract_statements_error(statements));
        goto cleanup;
    }
    for (idx_t i = 0; i < count; i++) {
        if (take_pending_cancel(connection)) {
            status = smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
            goto cleanup;
        }
        duckdb_prepared_statement prepared = NULL;
        if (lib.duckdb_prepare_extracted_statement(connection->connection, statements, i, &prepared) == DuckDBError)
            status = statement_error(connection, false, lib.duckdb_prepare_error(prepared));
        lib.duckdb_destroy_prepare(&prepared);
        if (status != SMELT_OK) goto cleanup;
    }
cleanup:
    lib.duckdb_destroy_extracted(&statements);
    return status;
}

static void duck_cancel(smelt_connection *handle) {
    duck_connection *connection = (duck_connection *)handle;
    atomic_store(&connection->cancel_pending, true);
    lib.duckdb_interrupt(connection->connection);
}

/* ---- results ------------------------------------------------------------------------------------ */

static void duck_result_free(smelt_result *handle) {
    duck_result *result = (duck_result *)handle;
    if (!result) return;
    if (result->cells) {
        for (uint64_t i = 0; i < result->row_count * result->column_count; i++)
            if (result->cells[i] != null_cell) free((void *)result->cells[i]);
        free(result->cells);
    }
    for (size_t i = 0; i < result->chunk_count; i++) lib.duckdb_destroy_data_chunk(&result->chunks[i]);
    free(result->chunks);
    free(result->chunk_first_row);
    for (uint32_t i = 0; i < result->column_count; i++) {
        free(result->column_names[i]);
        free(result->column_types[i]);
        lib.duckdb_destroy_logical_type(&result->types[i]);
    }
    free(result->column_names);
    free(result->column_types);
    free(result->types);
    lib.duckdb_destroy_result(&result->result);
    free(result);
}

static smelt_status duck_query(smelt_connection *handle, const char *sql, smelt_result **out) {
    *out = NULL;
    duckdb_result last;
    smelt_status status = run_script((duck_connection *)handle, sql, NULL, &last);
    if (status != SMELT_OK) return status;

    duck_result *result = smelt_xmalloc(sizeof *result);
    memset(result, 0, sizeof *result);
    result->base.vtable = &smelt_duckdb_backend;
    result->result = last;
    result->column_count = (uint32_t)lib.duckdb_column_count(&result->result);
    size_t columns = result->column_count ? result->column_count : 1;
    result->column_names = smelt_xmalloc(sizeof *result->column_names * columns);
    result->column_types = smelt_xmalloc(sizeof *result->column_types * columns);
    result->types = smelt_xmalloc(sizeof *result->types * columns);
    for (uint32_t i = 0; i < result->column_count; i++) {
        const char *name = lib.duckdb_column_name(&result->result, i);
        result->column_names[i] = copy_string(name ? name : "");
        result->types[i] = lib.duckdb_column_logical_type(&result->result, i);
        result->column_types[i] = type_name(result->types[i]);
    }
    size_t capacity = 0;
    for (;;) {
        duckdb_data_chunk chunk = lib.duckdb_fetch_chunk(result->result);
        if (!chunk) break;
        idx_t size = lib.duckdb_data_chunk_get_size(chunk);
        if (size == 0) {
            lib.duckdb_destroy_data_chunk(&chunk);
            break;
        }
        if (result->chunk_count == capacity) {
            capacity = capacity ? capacity * 2 : 8;
            result->chunks = smelt_xrealloc(result->chunks, sizeof *result->chunks * capacity);
            result->chunk_first_row = smelt_xrealloc(result->chunk_first_row, sizeof *result->chunk_first_row * capacity);
        }
        result->chunks[result->chunk_count] = chunk;
        result->chunk_first_row[result->chunk_count] = result->row_count;
        result->chunk_count++;
        result->row_count += size;
    }
    *out = &result->base;
    return SMELT_OK;
}

static uint32_t duck_result_column_count(const smelt_result *handle) {
    return ((const duck_result *)handle)->column_count;
}

static const char *duck_result_column_name(const smelt_result *handle, uint32_t column) {
    const duck_result *result = (const duck_result *)handle;
    return column < result->column_count ? result->column_names[column] : NULL;
}

static const char *duck_result_column_type(const smelt_result *handle, uint32_t column) {
    const duck_result *result = (const duck_result *)handle;
    return column < result->column_count ? result->column_types[column] : NULL;
}

static uint64_t duck_result_row_count(const smelt_result *handle) { return ((const duck_result *)handle)->row_count; }

/* Converts the cell on first access and keeps the text until the result is freed. */
static const char *duck_result_value(smelt_result *handle, uint64_t row, uint32_t column) {
    duck_result *result = (duck_result *)handle;
    if (row >= result->row_count || column >= result->column_count) return NULL;
    if (!result->cells) {
        size_t count = (size_t)(result->row_count * result->column_count);
        result->cells = smelt_xmalloc(sizeof *result->cells * count);
        memset(result->cells, 0, sizeof *result->cells * count);
    }
    const char **cell = &result->cells[row * result->column_count + column];
    if (!*cell) {
        /* The chunk holding row: the last one whose first row is not after it. */
        size_t low = 0, high = result->chunk_count - 1;
        while (low < high) {
            size_t middle = (low + high + 1) / 2;
            if (result->chunk_first_row[middle] <= row) low = middle;
            else high = middle - 1;
        }
        duckdb_vector vector = lib.duckdb_data_chunk_get_vector(result->chunks[low], column);
        char *text = cell_text(vector, result->types[column], row - result->chunk_first_row[low]);
        *cell = text ? text : null_cell;
    }
    return *cell == null_cell ? NULL : *cell;
}

/* ---- describe ----------------------------------------------------------------------------------- */

/* Finds the relation the engine would resolve schema.name to: catalog lookups are case-insensitive
 * in DuckDB, so the match is too, preferring an exact spelling. A NULL schema means the current one. */
static const char find_relation_sql[] =
    "SELECT table_schema, table_name, table_type FROM information_schema.tables "
    "WHERE table_catalog = current_database() "
    "AND lower(table_schema) = lower(coalesce($1, current_schema())) AND lower(table_name) = lower($2) "
    "ORDER BY table_schema = coalesce($1, current_schema()) DESC, table_name = $2 DESC LIMIT 1";

static const char list_columns_sql[] =
    "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
    "WHERE table_catalog = current_database() AND table_schema = $1 AND table_name = $2 "
    "ORDER BY ordinal_position";

/* Prepares sql into *statement unless it already is. */
static smelt_status prepare_once(duck_connection *connection, const char *sql, duckdb_prepared_statement *statement) {
    if (*statement) return SMELT_OK;
    if (lib.duckdb_prepare(connection->connection, sql, statement) == DuckDBError) {
        smelt_status status = statement_error(connection, false, lib.duckdb_prepare_error(*statement));
        lib.duckdb_destroy_prepare(statement);
        *statement = NULL;
        return status;
    }
    return SMELT_OK;
}

/* Binds two text parameters (a NULL first one binds SQL NULL) and runs the statement. */
static smelt_status run_with_names(duck_connection *connection, duckdb_prepared_statement statement, const char *first,
                                   const char *second, duckdb_result *out) {
    lib.duckdb_clear_bindings(statement);
    if ((first ? lib.duckdb_bind_varchar(statement, 1, first) : lib.duckdb_bind_null(statement, 1)) == DuckDBError ||
        lib.duckdb_bind_varchar(statement, 2, second) == DuckDBError)
        return smelt_status_set(SMELT_ERR_ENGINE, "cannot bind the names of a catalog query");
    if (lib.duckdb_execute_prepared(statement, out) == DuckDBError) {
        smelt_status status = statement_error(connection, lib.duckdb_result_error_type(out) == DUCKDB_ERROR_INTERRUPT,
                                              lib.duckdb_result_error(out));
        lib.duckdb_destroy_result(out);
        return status;
    }
    return SMELT_OK;
}

static char *vector_text(duckdb_vector vector, idx_t row) {
    if (row_is_null(vector, row)) return copy_string("");
    duckdb_string_t *text = string_at(vector, row);
    return copy_bytes(lib.duckdb_string_t_data(text), lib.duckdb_string_t_length(*text));
}

static smelt_status duck_describe(smelt_connection *handle, const char *schema, const char *name,
                                  smelt_relation_info *out) {
    duck_connection *connection = (duck_connection *)handle;
    memset(out, 0, sizeof *out);
    out->kind = SMELT_RELATION_NONE;
    char *found_schema = NULL, *found_name = NULL;
    duckdb_result result;
    bool have_result = false;
    duckdb_data_chunk chunk = NULL;
    uint32_t capacity = 0;
    smelt_status status = SMELT_OK;

    if (take_pending_cancel(connection)) return smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
    status = prepare_once(connection, find_relation_sql, &connection->find_relation);
    if (status != SMELT_OK) goto cleanup;
    status = prepare_once(connection, list_columns_sql, &connection->list_columns);
    if (status != SMELT_OK) goto cleanup;

    status = run_with_names(connection, connection->find_relation, schema, name, &result);
    if (status != SMELT_OK) goto cleanup;
    have_result = true;
    chunk = lib.duckdb_fetch_chunk(result);
    if (!chunk || lib.duckdb_data_chunk_get_size(chunk) == 0) goto cleanup; /* no such relation */
    found_schema = vector_text(lib.duckdb_data_chunk_get_vector(chunk, 0), 0);
    found_name = vector_text(lib.duckdb_data_chunk_get_vector(chunk, 1), 0);
    char *table_type = vector_text(lib.duckdb_data_chunk_get_vector(chunk, 2), 0);
    out->kind = strcmp(table_type, "VIEW") == 0 ? SMELT_RELATION_VIEW : SMELT_RELATION_TABLE;
    free(table_type);
    lib.duckdb_destroy_data_chunk(&chunk);
    lib.duckdb_destroy_result(&result);
    have_result = false;

    status = run_with_names(connection, connection->list_columns, found_schema, found_name, &result);
    if (status != SMELT_OK) goto cleanup;
    have_result = true;
    while ((chunk = lib.duckdb_fetch_chunk(result)) != NULL) {
        idx_t size = lib.duckdb_data_chunk_get_size(chunk);
        duckdb_vector names = lib.duckdb_data_chunk_get_vector(chunk, 0);
        duckdb_vector types = lib.duckdb_data_chunk_get_vector(chunk, 1);
        duckdb_vector nullable = lib.duckdb_data_chunk_get_vector(chunk, 2);
        for (idx_t row = 0; row < size; row++) {
            if (out->column_count == capacity) {
                capacity = capacity ? capacity * 2 : 16;
                out->columns = smelt_xrealloc(out->columns, sizeof *out->columns * capacity);
            }
            smelt_backend_column *column = &out->columns[out->column_count++];
            column->name = vector_text(names, row);
            column->type = vector_text(types, row);
            column->nullable = row_is_null(nullable, row) || ((bool *)lib.duckdb_vector_get_data(nullable))[row];
        }
        lib.duckdb_destroy_data_chunk(&chunk);
    }
cleanup:
    if (chunk) lib.duckdb_destroy_data_chunk(&chunk);
    if (have_result) lib.duckdb_destroy_result(&result);
    if (status != SMELT_OK) {
        smelt_relation_info_free(out);
        out->kind = SMELT_RELATION_NONE;
    }
    free(found_schema);
    free(found_name);
    return status;
}

/* Tables and views of the open database (not temporary or internal ones), through DuckDB's own
 * catalog functions: one query for the whole run instead of one describe per model. */
static smelt_status duck_list_relations(smelt_connection *handle, smelt_relation_list *out) {
    static const char sql[] =
        "SELECT schema_name, table_name, 'table' FROM duckdb_tables() "
        "WHERE database_name = current_database() AND NOT temporary "
        "UNION ALL SELECT schema_name, view_name, 'view' FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT temporary AND NOT internal";
    smelt_result *result = NULL;
    smelt_status status = duck_query(handle, sql, &result);
    if (status != SMELT_OK) return status;
    uint64_t rows = duck_result_row_count(result);
    out->items = calloc(rows ? rows : 1, sizeof *out->items);
    if (!out->items) smelt_out_of_memory();
    for (uint64_t r = 0; r < rows; r++) {
        const char *schema = duck_result_value(result, r, 0), *name = duck_result_value(result, r, 1);
        const char *kind = duck_result_value(result, r, 2);
        if (!schema || !name || !kind) continue;
        smelt_relation_entry *entry = &out->items[out->count++];
        entry->schema = strdup(schema);
        entry->name = strdup(name);
        if (!entry->schema || !entry->name) smelt_out_of_memory();
        entry->kind = strcmp(kind, "view") == 0 ? SMELT_RELATION_VIEW : SMELT_RELATION_TABLE;
    }
    duck_result_free(result);
    return SMELT_OK;
}

const smelt_backend_vtable smelt_duckdb_backend = {
    .name = "duckdb",
    .dialect = SMELT_DIALECT_DUCKDB,
    .capabilities = SMELT_CAP_TRANSACTIONS | SMELT_CAP_RENAME_TABLE | SMELT_CAP_CREATE_OR_REPLACE | SMELT_CAP_QUALIFY |
                    SMELT_CAP_CANCEL | SMELT_CAP_SAMPLE,
    .open = duck_open,
    .close = duck_close,
    .connect = duck_connect,
    .disconnect = duck_disconnect,
    .execute = duck_execute,
    .query = duck_query,
    .check = duck_check,
    .describe = duck_describe,
    .list_relations = duck_list_relations,
    .cancel = duck_cancel,
    .result_column_count = duck_result_column_count,
    .result_column_name = duck_result_column_name,
    .result_column_type = duck_result_column_type,
    .result_row_count = duck_result_row_count,
    .result_value = duck_result_value,
    .result_free = duck_result_free,
};
