/* backend.c — dispatch from the generic interface to each backend's vtable. */
#include "backend/backend.h"

#include <stdlib.h>

extern const smelt_backend_vtable smelt_duckdb_backend;
extern const smelt_backend_vtable smelt_spark_backend;

const smelt_backend_vtable *smelt_backend_for_engine(smelt_engine engine) {
    switch (engine) {
    case SMELT_ENGINE_DUCKDB: return &smelt_duckdb_backend;
    case SMELT_ENGINE_SPARK: return &smelt_spark_backend;
    default: return NULL;
    }
}

smelt_status smelt_backend_open(const smelt_target *target, const smelt_backend_open_options *options,
                                smelt_backend **out) {
    *out = NULL;
    const smelt_backend_vtable *vtable = smelt_backend_for_engine(target->engine);
    if (!vtable)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED, "target '%s' has type %s, which this build of smelt cannot run yet",
                                target->name, smelt_engine_name(target->engine));
    return vtable->open(target, options, out);
}

void smelt_backend_close(smelt_backend *backend) {
    if (backend) backend->vtable->close(backend);
}

smelt_status smelt_backend_connect(smelt_backend *backend, smelt_connection **out) {
    return backend->vtable->connect(backend, out);
}

void smelt_connection_close(smelt_connection *connection) {
    if (connection) connection->vtable->disconnect(connection);
}

smelt_status smelt_connection_execute(smelt_connection *connection, const char *sql, int64_t *rows_changed) {
    return connection->vtable->execute(connection, sql, rows_changed);
}

smelt_status smelt_connection_query(smelt_connection *connection, const char *sql, smelt_result **out) {
    return connection->vtable->query(connection, sql, out);
}

smelt_status smelt_connection_check(smelt_connection *connection, const char *sql) {
    return connection->vtable->check(connection, sql);
}

smelt_status smelt_connection_describe(smelt_connection *connection, const char *schema, const char *name,
                                       smelt_relation_info *out) {
    return connection->vtable->describe(connection, schema, name, out);
}

void smelt_connection_cancel(smelt_connection *connection) {
    if (connection) connection->vtable->cancel(connection);
}

const smelt_backend_vtable *smelt_connection_vtable(const smelt_connection *connection) { return connection->vtable; }

uint32_t smelt_result_column_count(const smelt_result *result) { return result->vtable->result_column_count(result); }

const char *smelt_result_column_name(const smelt_result *result, uint32_t column) {
    return result->vtable->result_column_name(result, column);
}

const char *smelt_result_column_type(const smelt_result *result, uint32_t column) {
    return result->vtable->result_column_type(result, column);
}

uint64_t smelt_result_row_count(const smelt_result *result) { return result->vtable->result_row_count(result); }

const char *smelt_result_value(smelt_result *result, uint64_t row, uint32_t column) {
    return result->vtable->result_value(result, row, column);
}

void smelt_result_free(smelt_result *result) {
    if (result) result->vtable->result_free(result);
}

void smelt_relation_info_free(smelt_relation_info *info) {
    if (!info) return;
    for (uint32_t i = 0; i < info->column_count; i++) {
        free((void *)info->columns[i].name);
        free((void *)info->columns[i].type);
    }
    free(info->columns);
    info->columns = NULL;
    info->column_count = 0;
}

smelt_status smelt_connection_list_relations(smelt_connection *connection, smelt_relation_list *out) {
    out->items = NULL;
    out->count = 0;
    if (!connection->vtable->list_relations)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED, "%s cannot list relations in one call", connection->vtable->name);
    return connection->vtable->list_relations(connection, out);
}

void smelt_relation_list_free(smelt_relation_list *list) {
    if (!list) return;
    for (uint32_t i = 0; i < list->count; i++) {
        free(list->items[i].schema);
        free(list->items[i].name);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}
