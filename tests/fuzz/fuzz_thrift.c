/*
 * fuzz_thrift.c — libFuzzer target for everything that reads bytes a Spark Thrift Server (or
 * something pretending to be one) sends: the Thrift message measure and skip, every HiveServer2
 * reply decoder, and the SASL negotiation and frame parsers.
 *
 * Any bytes must decode or fail with SMELT_ERR_PROTOCOL — no crash, no leak, no undefined
 * behaviour, no read outside the input — and what decodes must hold together: a measured message
 * lies inside the input, every cell of a decoded row set is a readable string or NULL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend/spark/hs2_messages.h"
#include "backend/spark/sasl.h"
#include "backend/spark/thrift.h"

/* Reads every cell so AddressSanitizer checks it. */
static void touch_table(const smelt_hs2_table *table) {
    size_t total = 0;
    for (uint32_t c = 0; c < table->column_count; c++)
        total += strlen(table->columns[c].name) + strlen(table->columns[c].type_name);
    for (uint64_t i = 0; i < table->row_count * table->column_count; i++)
        if (table->cells[i]) total += strlen(table->cells[i]);
    if (total == SIZE_MAX) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* The message's own name and sequence id, so replies get past the header checks. */
    smelt_thrift_reader peek;
    smelt_thrift_reader_init(&peek, data, size);
    smelt_str name;
    smelt_thrift_message_type type;
    int32_t seqid = 0;
    char method[64] = "ExecuteStatement";
    if (smelt_thrift_read_message_begin(&peek, &name, &type, &seqid) && name.len < sizeof method) {
        memcpy(method, name.ptr, name.len);
        method[name.len] = '\0';
    }

    size_t measured = 0;
    const char *error = NULL;
    if (smelt_thrift_measure_message(data, size, &measured, &error) == SMELT_THRIFT_COMPLETE && measured > size) abort();

    smelt_thrift_reader reader;
    smelt_thrift_reader_init(&reader, data, size);
    smelt_thrift_skip(&reader, SMELT_THRIFT_STRUCT);
    if (reader.pos > size || reader.depth < 0 || reader.depth > SMELT_THRIFT_MAX_DEPTH) abort();

    smelt_hs2_open_session_reply open;
    smelt_hs2_decode_open_session(data, size, seqid, &open);
    smelt_hs2_status status;
    smelt_hs2_decode_status_only(data, size, method, seqid, &status);
    smelt_hs2_operation_reply operation;
    smelt_hs2_decode_operation(data, size, method, seqid, &operation);
    smelt_hs2_operation_status_reply operation_status;
    smelt_hs2_decode_operation_status(data, size, seqid, &operation_status);

    smelt_hs2_table metadata;
    smelt_hs2_table_init(&metadata);
    if (smelt_hs2_decode_result_set_metadata(data, size, seqid, &status, &metadata) == SMELT_OK) touch_table(&metadata);
    smelt_hs2_table_free(&metadata);

    /* Row sets against tables of 1 to 12 columns of every type. */
    for (uint32_t columns = 1; columns <= 12; columns++) {
        smelt_hs2_table table;
        smelt_hs2_table_init(&table);
        table.column_count = columns;
        table.columns = smelt_arena_zalloc(table.arena, columns * sizeof *table.columns);
        for (uint32_t c = 0; c < columns; c++) {
            table.columns[c].name = "c";
            table.columns[c].type_name = "T";
            table.columns[c].type = (smelt_hs2_type_id)((c * 5 + size) % SMELT_HS2_TYPE_COUNT);
        }
        smelt_hs2_fetch_reply fetch;
        if (smelt_hs2_decode_fetch_results(data, size, seqid, &table, &fetch) == SMELT_OK) {
            if (fetch.rows != table.row_count) abort();
            touch_table(&table);
        }
        smelt_hs2_table_free(&table);
    }

    smelt_sasl_status sasl;
    smelt_str payload;
    size_t consumed;
    if (smelt_sasl_parse_message(data, size, &sasl, &payload, &consumed, &error) == SMELT_SASL_PARSED &&
        (consumed > size || payload.len > size))
        abort();
    if (smelt_sasl_parse_frame(data, size, &payload, &consumed, &error) == SMELT_SASL_PARSED && consumed > size) abort();
    return 0;
}
