/* thrift.c — the Thrift binary protocol: a writer into smelt_buf and a bounds-checked reader (see thrift.h). */
#include "backend/spark/thrift.h"

#include <string.h>

/* ---- Writing ------------------------------------------------------------------------------------ */

static void put_u32(smelt_buf *out, uint32_t value) {
    char bytes[4] = {(char)(value >> 24), (char)(value >> 16), (char)(value >> 8), (char)value};
    smelt_buf_append(out, bytes, 4);
}

static void put_u64(smelt_buf *out, uint64_t value) {
    put_u32(out, (uint32_t)(value >> 32));
    put_u32(out, (uint32_t)value);
}

void smelt_thrift_write_message_begin(smelt_buf *out, const char *name, smelt_thrift_message_type type, int32_t seqid) {
    put_u32(out, 0x80010000u | (uint32_t)type);
    smelt_thrift_write_string(out, name);
    smelt_thrift_write_i32(out, seqid);
}

void smelt_thrift_write_field(smelt_buf *out, smelt_thrift_type type, int16_t id) {
    smelt_thrift_write_byte(out, (int8_t)type);
    smelt_thrift_write_i16(out, id);
}

void smelt_thrift_write_stop(smelt_buf *out) { smelt_thrift_write_byte(out, SMELT_THRIFT_STOP); }

void smelt_thrift_write_bool(smelt_buf *out, bool value) { smelt_thrift_write_byte(out, value ? 1 : 0); }

void smelt_thrift_write_byte(smelt_buf *out, int8_t value) { smelt_buf_append_char(out, (char)value); }

void smelt_thrift_write_i16(smelt_buf *out, int16_t value) {
    uint16_t bits = (uint16_t)value;
    char bytes[2] = {(char)(bits >> 8), (char)bits};
    smelt_buf_append(out, bytes, 2);
}

void smelt_thrift_write_i32(smelt_buf *out, int32_t value) { put_u32(out, (uint32_t)value); }

void smelt_thrift_write_i64(smelt_buf *out, int64_t value) { put_u64(out, (uint64_t)value); }

void smelt_thrift_write_double(smelt_buf *out, double value) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    put_u64(out, bits);
}

void smelt_thrift_write_binary(smelt_buf *out, const void *bytes, size_t len) {
    put_u32(out, (uint32_t)len);
    smelt_buf_append(out, bytes, len);
}

void smelt_thrift_write_string(smelt_buf *out, const char *text) { smelt_thrift_write_binary(out, text, strlen(text)); }

void smelt_thrift_write_list_begin(smelt_buf *out, smelt_thrift_type element, uint32_t count) {
    smelt_thrift_write_byte(out, (int8_t)element);
    put_u32(out, count);
}

void smelt_thrift_write_map_begin(smelt_buf *out, smelt_thrift_type key, smelt_thrift_type value, uint32_t count) {
    smelt_thrift_write_byte(out, (int8_t)key);
    smelt_thrift_write_byte(out, (int8_t)value);
    put_u32(out, count);
}

/* ---- Reading ------------------------------------------------------------------------------------ */

void smelt_thrift_reader_init(smelt_thrift_reader *reader, const void *data, size_t len) {
    reader->data = data;
    reader->len = len;
    reader->pos = 0;
    reader->depth = 0;
    reader->error = NULL;
    reader->truncated = false;
}

bool smelt_thrift_fail(smelt_thrift_reader *reader, const char *error) {
    if (!reader->error) reader->error = error;
    return false;
}

/* The next n bytes, or NULL (and a truncation error) when fewer remain. */
static const uint8_t *take(smelt_thrift_reader *reader, size_t n) {
    if (reader->error) return NULL;
    if (reader->len - reader->pos < n) {
        reader->error = "the message ends in the middle of a value";
        reader->truncated = true;
        return NULL;
    }
    const uint8_t *at = reader->data + reader->pos;
    reader->pos += n;
    return at;
}

static uint32_t get_u32(const uint8_t *at) {
    return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | (uint32_t)at[3];
}

bool smelt_thrift_read_bool(smelt_thrift_reader *reader) {
    const uint8_t *at = take(reader, 1);
    if (!at) return false;
    if (*at > 1) return smelt_thrift_fail(reader, "a boolean is neither 0 nor 1");
    return *at == 1;
}

int8_t smelt_thrift_read_byte(smelt_thrift_reader *reader) {
    const uint8_t *at = take(reader, 1);
    return at ? (int8_t)*at : 0;
}

int16_t smelt_thrift_read_i16(smelt_thrift_reader *reader) {
    const uint8_t *at = take(reader, 2);
    return at ? (int16_t)(uint16_t)((unsigned)at[0] << 8 | at[1]) : 0;
}

int32_t smelt_thrift_read_i32(smelt_thrift_reader *reader) {
    const uint8_t *at = take(reader, 4);
    return at ? (int32_t)get_u32(at) : 0;
}

int64_t smelt_thrift_read_i64(smelt_thrift_reader *reader) {
    const uint8_t *at = take(reader, 8);
    return at ? (int64_t)((uint64_t)get_u32(at) << 32 | get_u32(at + 4)) : 0;
}

double smelt_thrift_read_double(smelt_thrift_reader *reader) {
    const uint8_t *at = take(reader, 8);
    if (!at) return 0.0;
    uint64_t bits = (uint64_t)get_u32(at) << 32 | get_u32(at + 4);
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

smelt_str smelt_thrift_read_binary(smelt_thrift_reader *reader) {
    smelt_str none = {"", 0};
    int32_t len = smelt_thrift_read_i32(reader);
    if (reader->error) return none;
    if (len < 0) {
        smelt_thrift_fail(reader, "a string has a negative length");
        return none;
    }
    const uint8_t *at = take(reader, (size_t)len);
    return at ? (smelt_str){(const char *)at, (size_t)len} : none;
}

bool smelt_thrift_read_message_begin(smelt_thrift_reader *reader, smelt_str *name, smelt_thrift_message_type *type,
                                     int32_t *seqid) {
    *name = (smelt_str){"", 0};
    *type = 0;
    *seqid = 0;
    uint32_t version = (uint32_t)smelt_thrift_read_i32(reader);
    if (reader->error) return false;
    if ((version & 0xffff0000u) != 0x80010000u)
        return smelt_thrift_fail(reader, "the message does not start with a strict Thrift binary header (0x8001)");
    uint32_t kind = version & 0xffu;
    if (kind < SMELT_THRIFT_CALL || kind > SMELT_THRIFT_ONEWAY || (version & 0xff00u) != 0)
        return smelt_thrift_fail(reader, "the message has an unknown message type");
    *type = (smelt_thrift_message_type)kind;
    *name = smelt_thrift_read_binary(reader);
    *seqid = smelt_thrift_read_i32(reader);
    return reader->error == NULL;
}

static bool enter(smelt_thrift_reader *reader) {
    if (reader->error) return false;
    if (reader->depth >= SMELT_THRIFT_MAX_DEPTH) return smelt_thrift_fail(reader, "values nest too deeply");
    reader->depth++;
    return true;
}

bool smelt_thrift_struct_enter(smelt_thrift_reader *reader) { return enter(reader); }

void smelt_thrift_struct_leave(smelt_thrift_reader *reader) {
    if (reader->depth > 0) reader->depth--;
}

void smelt_thrift_container_leave(smelt_thrift_reader *reader) {
    if (reader->depth > 0) reader->depth--;
}

static bool known_type(int type) {
    switch (type) {
    case SMELT_THRIFT_BOOL:
    case SMELT_THRIFT_BYTE:
    case SMELT_THRIFT_DOUBLE:
    case SMELT_THRIFT_I16:
    case SMELT_THRIFT_I32:
    case SMELT_THRIFT_I64:
    case SMELT_THRIFT_STRING:
    case SMELT_THRIFT_STRUCT:
    case SMELT_THRIFT_MAP:
    case SMELT_THRIFT_SET:
    case SMELT_THRIFT_LIST: return true;
    default: return false;
    }
}

/* The fewest bytes one value of a type can take: bounds container counts before any loop runs. */
static size_t smallest_size(smelt_thrift_type type) {
    switch (type) {
    case SMELT_THRIFT_BOOL:
    case SMELT_THRIFT_BYTE:
    case SMELT_THRIFT_STRUCT: return 1;
    case SMELT_THRIFT_I16: return 2;
    case SMELT_THRIFT_I32:
    case SMELT_THRIFT_STRING: return 4;
    case SMELT_THRIFT_DOUBLE:
    case SMELT_THRIFT_I64: return 8;
    case SMELT_THRIFT_MAP: return 6;
    case SMELT_THRIFT_SET:
    case SMELT_THRIFT_LIST: return 5;
    default: return 1;
    }
}

bool smelt_thrift_read_field(smelt_thrift_reader *reader, smelt_thrift_type *type, int16_t *id) {
    *type = SMELT_THRIFT_STOP;
    *id = 0;
    int8_t kind = smelt_thrift_read_byte(reader);
    if (reader->error || kind == SMELT_THRIFT_STOP) return false;
    if (!known_type(kind)) return smelt_thrift_fail(reader, "a field has an unknown type");
    *type = (smelt_thrift_type)kind;
    *id = smelt_thrift_read_i16(reader);
    return reader->error == NULL;
}

/* Checks a container's element count against what is left; counts a container level. */
static bool check_count(smelt_thrift_reader *reader, int32_t count, size_t element_size) {
    if (reader->error) return false;
    if (count < 0) return smelt_thrift_fail(reader, "a container has a negative size");
    size_t left = reader->len - reader->pos;
    if ((uint64_t)count * element_size > left) {
        reader->truncated = true;
        return smelt_thrift_fail(reader, "a container claims more elements than the message holds");
    }
    return enter(reader);
}

bool smelt_thrift_read_list_begin(smelt_thrift_reader *reader, smelt_thrift_type *element, uint32_t *count) {
    *element = SMELT_THRIFT_STOP;
    *count = 0;
    int8_t kind = smelt_thrift_read_byte(reader);
    int32_t n = smelt_thrift_read_i32(reader);
    if (reader->error) return false;
    if (!known_type(kind)) return smelt_thrift_fail(reader, "a list has an unknown element type");
    if (!check_count(reader, n, smallest_size((smelt_thrift_type)kind))) return false;
    *element = (smelt_thrift_type)kind;
    *count = (uint32_t)n;
    return true;
}

bool smelt_thrift_read_map_begin(smelt_thrift_reader *reader, smelt_thrift_type *key, smelt_thrift_type *value,
                                 uint32_t *count) {
    *key = *value = SMELT_THRIFT_STOP;
    *count = 0;
    int8_t key_kind = smelt_thrift_read_byte(reader);
    int8_t value_kind = smelt_thrift_read_byte(reader);
    int32_t n = smelt_thrift_read_i32(reader);
    if (reader->error) return false;
    /* An empty map may carry no types (some writers send 0, 0). */
    if (n == 0) return enter(reader);
    if (!known_type(key_kind) || !known_type(value_kind)) return smelt_thrift_fail(reader, "a map has an unknown type");
    size_t pair = smallest_size((smelt_thrift_type)key_kind) + smallest_size((smelt_thrift_type)value_kind);
    if (!check_count(reader, n, pair)) return false;
    *key = (smelt_thrift_type)key_kind;
    *value = (smelt_thrift_type)value_kind;
    *count = (uint32_t)n;
    return true;
}

void smelt_thrift_skip(smelt_thrift_reader *reader, smelt_thrift_type type) {
    if (reader->error) return;
    switch (type) {
    case SMELT_THRIFT_BOOL:
    case SMELT_THRIFT_BYTE: take(reader, 1); return;
    case SMELT_THRIFT_I16: take(reader, 2); return;
    case SMELT_THRIFT_I32: take(reader, 4); return;
    case SMELT_THRIFT_DOUBLE:
    case SMELT_THRIFT_I64: take(reader, 8); return;
    case SMELT_THRIFT_STRING: smelt_thrift_read_binary(reader); return;
    case SMELT_THRIFT_STRUCT: {
        if (!smelt_thrift_struct_enter(reader)) return;
        smelt_thrift_type field;
        int16_t id;
        while (smelt_thrift_read_field(reader, &field, &id)) smelt_thrift_skip(reader, field);
        smelt_thrift_struct_leave(reader);
        return;
    }
    case SMELT_THRIFT_MAP: {
        smelt_thrift_type key, value;
        uint32_t count;
        if (!smelt_thrift_read_map_begin(reader, &key, &value, &count)) return;
        for (uint32_t i = 0; i < count && !reader->error; i++) {
            smelt_thrift_skip(reader, key);
            smelt_thrift_skip(reader, value);
        }
        smelt_thrift_container_leave(reader);
        return;
    }
    case SMELT_THRIFT_SET:
    case SMELT_THRIFT_LIST: {
        smelt_thrift_type element;
        uint32_t count;
        if (!smelt_thrift_read_list_begin(reader, &element, &count)) return;
        /* Fixed-size elements are skipped in one step (a long list of i64 values, say). */
        size_t size = smallest_size(element);
        if (element != SMELT_THRIFT_STRING && element != SMELT_THRIFT_STRUCT && element != SMELT_THRIFT_MAP &&
            element != SMELT_THRIFT_SET && element != SMELT_THRIFT_LIST) {
            take(reader, (size_t)count * size);
        } else {
            for (uint32_t i = 0; i < count && !reader->error; i++) smelt_thrift_skip(reader, element);
        }
        smelt_thrift_container_leave(reader);
        return;
    }
    default: smelt_thrift_fail(reader, "a value has an unknown type"); return;
    }
}

smelt_thrift_measure_result smelt_thrift_measure_message(const void *data, size_t len, size_t *message_len,
                                                         const char **error) {
    smelt_thrift_reader reader;
    smelt_thrift_reader_init(&reader, data, len);
    smelt_str name;
    smelt_thrift_message_type type;
    int32_t seqid;
    *message_len = 0;
    *error = NULL;
    if (smelt_thrift_read_message_begin(&reader, &name, &type, &seqid)) smelt_thrift_skip(&reader, SMELT_THRIFT_STRUCT);
    if (!reader.error) {
        *message_len = reader.pos;
        return SMELT_THRIFT_COMPLETE;
    }
    if (reader.truncated) return SMELT_THRIFT_INCOMPLETE;
    *error = reader.error;
    return SMELT_THRIFT_MALFORMED;
}
