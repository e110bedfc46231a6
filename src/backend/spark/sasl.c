/* sasl.c — SASL negotiation messages and data frames of the binary transport (see sasl.h). */
#include "backend/spark/sasl.h"

#include <string.h>

static void put_u32(smelt_buf *out, uint32_t value) {
    char bytes[4] = {(char)(value >> 24), (char)(value >> 16), (char)(value >> 8), (char)value};
    smelt_buf_append(out, bytes, 4);
}

static uint32_t get_u32(const uint8_t *at) {
    return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | (uint32_t)at[3];
}

void smelt_sasl_write_message(smelt_buf *out, smelt_sasl_status status, const void *payload, size_t len) {
    smelt_buf_append_char(out, (char)status);
    put_u32(out, (uint32_t)len);
    smelt_buf_append(out, payload, len);
}

void smelt_sasl_write_plain_start(smelt_buf *out, const char *user, const char *password) {
    smelt_sasl_write_message(out, SMELT_SASL_START, "PLAIN", 5);
    /* authzid (empty) NUL authcid NUL password */
    smelt_buf response;
    smelt_buf_init(&response);
    smelt_buf_append_char(&response, '\0');
    smelt_buf_append_cstr(&response, user);
    smelt_buf_append_char(&response, '\0');
    smelt_buf_append_cstr(&response, password);
    smelt_sasl_write_message(out, SMELT_SASL_COMPLETE, response.data, response.len);
    /* The response holds the password: wipe it before it goes back to the allocator. */
    memset(response.data, 0, response.len);
    smelt_buf_free(&response);
}

smelt_sasl_parse_result smelt_sasl_parse_message(const void *data, size_t len, smelt_sasl_status *status,
                                                 smelt_str *payload, size_t *consumed, const char **error) {
    const uint8_t *bytes = data;
    *error = NULL;
    *consumed = 0;
    *payload = (smelt_str){"", 0};
    if (len < 1) return SMELT_SASL_NEED_MORE;
    if (bytes[0] < SMELT_SASL_START || bytes[0] > SMELT_SASL_COMPLETE) {
        *error = "the server's SASL reply has an unknown status (is the server using NOSASL, or HTTP mode?)";
        return SMELT_SASL_INVALID;
    }
    *status = (smelt_sasl_status)bytes[0];
    if (len < 5) return SMELT_SASL_NEED_MORE;
    uint32_t size = get_u32(bytes + 1);
    if (size > SMELT_SASL_MAX_FRAME) {
        *error = "the server's SASL reply claims an impossibly long payload";
        return SMELT_SASL_INVALID;
    }
    if (len - 5 < size) return SMELT_SASL_NEED_MORE;
    *payload = (smelt_str){(const char *)bytes + 5, size};
    *consumed = 5 + (size_t)size;
    return SMELT_SASL_PARSED;
}

void smelt_sasl_write_frame(smelt_buf *out, const void *payload, size_t len) {
    put_u32(out, (uint32_t)len);
    smelt_buf_append(out, payload, len);
}

smelt_sasl_parse_result smelt_sasl_parse_frame(const void *data, size_t len, smelt_str *payload, size_t *consumed,
                                               const char **error) {
    const uint8_t *bytes = data;
    *error = NULL;
    *consumed = 0;
    *payload = (smelt_str){"", 0};
    if (len < 4) return SMELT_SASL_NEED_MORE;
    uint32_t size = get_u32(bytes);
    if (size > SMELT_SASL_MAX_FRAME) {
        *error = "the server sent a frame longer than 256 MiB (is the server in HTTP mode, or not a Thrift server?)";
        return SMELT_SASL_INVALID;
    }
    if (len - 4 < size) return SMELT_SASL_NEED_MORE;
    *payload = (smelt_str){(const char *)bytes + 4, size};
    *consumed = 4 + (size_t)size;
    return SMELT_SASL_PARSED;
}
