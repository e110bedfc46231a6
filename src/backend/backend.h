/*
 * backend.h — one interface for every engine smelt builds on.
 *
 * A backend is an open engine (an embedded DuckDB database, a Spark Thrift Server address, a
 * PostgreSQL server); a connection is one session on it, used by one thread at a time. The scheduler
 * opens one connection per worker thread. Backends receive SQL text and return typed results; they
 * never see syntax trees. Each backend is one file with one const vtable (curl style), chosen by the
 * target's type; its capability bits tell compilation and planning what the engine can do.
 *
 * Every call returns a smelt_status; on failure the thread-local message (base/status.h) says what
 * the engine said. smelt_connection_cancel may be called from another thread (Ctrl-C) and makes the
 * running statement fail with SMELT_ERR_CANCELLED.
 */
#ifndef SMELT_BACKEND_BACKEND_H
#define SMELT_BACKEND_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "compile/dialect.h"
#include "project/config.h"

typedef enum {
    SMELT_CAP_TRANSACTIONS = 1u << 0,       /* DDL inside BEGIN/COMMIT, all or nothing */
    SMELT_CAP_RENAME_TABLE = 1u << 1,       /* ALTER TABLE ... RENAME TO */
    SMELT_CAP_CREATE_OR_REPLACE = 1u << 2,  /* CREATE OR REPLACE TABLE/VIEW */
    SMELT_CAP_QUALIFY = 1u << 3,
    SMELT_CAP_TIME_TRAVEL = 1u << 4,
    SMELT_CAP_CANCEL = 1u << 5,
    SMELT_CAP_SAMPLE = 1u << 6,
} smelt_capability;

typedef enum { SMELT_RELATION_NONE, SMELT_RELATION_TABLE, SMELT_RELATION_VIEW } smelt_relation_kind;

typedef struct {
    const char *name;
    const char *type; /* the engine's type name, e.g. "DECIMAL(10,2)" */
    bool nullable;
} smelt_backend_column;

/* A relation as the engine sees it; columns are owned by the info (free with smelt_relation_info_free). */
typedef struct {
    smelt_relation_kind kind;
    smelt_backend_column *columns;
    uint32_t column_count;
} smelt_relation_info;

/* Every table and view a connection sees, for a run to learn in one query what exists. */
typedef struct {
    char *schema;
    char *name;
    smelt_relation_kind kind;
} smelt_relation_entry;

typedef struct {
    smelt_relation_entry *items;
    uint32_t count;
} smelt_relation_list;

typedef struct smelt_backend smelt_backend;
typedef struct smelt_connection smelt_connection;
typedef struct smelt_result smelt_result;

typedef struct {
    const char *project_dir;      /* relative paths of the target (a DuckDB file) are under it */
    const char *database_override; /* --database: replaces the target's database file */
    int threads_hint;             /* connections the caller will open */
} smelt_backend_open_options;

typedef struct {
    const char *name; /* "duckdb" */
    smelt_dialect dialect;
    unsigned capabilities;
    smelt_status (*open)(const smelt_target *target, const smelt_backend_open_options *options, smelt_backend **out);
    void (*close)(smelt_backend *backend);
    smelt_status (*connect)(smelt_backend *backend, smelt_connection **out);
    void (*disconnect)(smelt_connection *connection);
    smelt_status (*execute)(smelt_connection *connection, const char *sql, int64_t *rows_changed);
    smelt_status (*query)(smelt_connection *connection, const char *sql, smelt_result **out);
    /* Binds sql without running it (for --dry-run): name resolution and types, no effects. */
    smelt_status (*check)(smelt_connection *connection, const char *sql);
    smelt_status (*describe)(smelt_connection *connection, const char *schema, const char *name, smelt_relation_info *out);
    void (*cancel)(smelt_connection *connection);
    /* Every table and view of the database, in one call. Optional (NULL): callers describe relations
     * one by one instead, which costs a catalog query per model. */
    smelt_status (*list_relations)(smelt_connection *connection, smelt_relation_list *out);
    /* Results */
    uint32_t (*result_column_count)(const smelt_result *result);
    const char *(*result_column_name)(const smelt_result *result, uint32_t column);
    const char *(*result_column_type)(const smelt_result *result, uint32_t column);
    uint64_t (*result_row_count)(const smelt_result *result);
    /* The value at (row, column) as text; NULL for SQL NULL. Valid until the result is freed. */
    const char *(*result_value)(smelt_result *result, uint64_t row, uint32_t column);
    void (*result_free)(smelt_result *result);
} smelt_backend_vtable;

/* Every backend and connection struct starts with its vtable, so the wrappers below can dispatch. */
struct smelt_backend {
    const smelt_backend_vtable *vtable;
};
struct smelt_connection {
    const smelt_backend_vtable *vtable;
};
struct smelt_result {
    const smelt_backend_vtable *vtable;
};

/* The vtable for an engine; NULL when smelt was built without it. */
const smelt_backend_vtable *smelt_backend_for_engine(smelt_engine engine);

smelt_status smelt_backend_open(const smelt_target *target, const smelt_backend_open_options *options,
                                smelt_backend **out);
void smelt_backend_close(smelt_backend *backend); /* NULL-safe */
smelt_status smelt_backend_connect(smelt_backend *backend, smelt_connection **out);
void smelt_connection_close(smelt_connection *connection); /* NULL-safe */
smelt_status smelt_connection_execute(smelt_connection *connection, const char *sql, int64_t *rows_changed);
smelt_status smelt_connection_query(smelt_connection *connection, const char *sql, smelt_result **out);
smelt_status smelt_connection_check(smelt_connection *connection, const char *sql);
smelt_status smelt_connection_describe(smelt_connection *connection, const char *schema, const char *name,
                                       smelt_relation_info *out);
void smelt_connection_cancel(smelt_connection *connection);
const smelt_backend_vtable *smelt_connection_vtable(const smelt_connection *connection);

uint32_t smelt_result_column_count(const smelt_result *result);
const char *smelt_result_column_name(const smelt_result *result, uint32_t column);
const char *smelt_result_column_type(const smelt_result *result, uint32_t column);
uint64_t smelt_result_row_count(const smelt_result *result);
const char *smelt_result_value(smelt_result *result, uint64_t row, uint32_t column);
void smelt_result_free(smelt_result *result); /* NULL-safe */

void smelt_relation_info_free(smelt_relation_info *info);
/* SMELT_ERR_UNSUPPORTED when the backend cannot list relations in one call. */
smelt_status smelt_connection_list_relations(smelt_connection *connection, smelt_relation_list *out);
void smelt_relation_list_free(smelt_relation_list *list);

#endif
