/*
 * http.c — HiveServer2's HTTP transport through libcurl: each Thrift message is the body of a POST
 * to http(s)://host:port/<http_path> (Content-Type application/x-thrift) and the reply is the
 * response body. Authentication rides on every request: a bearer token (Databricks) or HTTP basic
 * with user and password (Spark's Thrift Server in HTTP mode wants basic even with auth NONE). TLS
 * certificates are verified unless verify_tls is false. The server's session cookie is kept (curl's
 * cookie engine), so it need not re-authenticate each call.
 *
 * One curl easy handle per transport, so one connection is reused (keep-alive) by one thread. A
 * cancel aborts the transfer from curl's progress callback; the handle stays usable, since each call
 * is a request of its own. 401 and 403 are authentication failures; other statuses and curl's
 * errors are named with the URL (which holds no secret).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/library.h"
#include "backend/spark/curl_api.h"
#include "backend/spark/transport.h"
#include "base/arena.h"

typedef struct {
    smelt_spark_transport base;
    CURL *curl;
    struct curl_slist *headers;
    smelt_spark_interrupt *interrupt;
    bool interruptible; /* of the call running now */
    int request_timeout_ms;
    char url[1200];
    char error[CURL_ERROR_SIZE];
    smelt_buf *sink; /* where the running call's body goes */
    bool too_large;
    bool answered;   /* some call succeeded: a refused connection now means the server went away */
} http_transport;

static size_t write_body(char *data, size_t size, size_t count, void *context) {
    http_transport *t = context;
    size_t len = size * count;
    if (t->sink->len + len > SMELT_SPARK_MAX_REPLY) {
        t->too_large = true;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    smelt_buf_append(t->sink, data, len);
    return len;
}

static int progress(void *context, curl_off_t download_total, curl_off_t downloaded, curl_off_t upload_total,
                    curl_off_t uploaded) {
    (void)download_total, (void)downloaded, (void)upload_total, (void)uploaded;
    http_transport *t = context;
    return t->interruptible && t->interrupt && smelt_spark_interrupt_raised(t->interrupt) ? 1 : 0;
}

/* A short, printable piece of a response body for messages. */
static void body_excerpt(const smelt_buf *body, char *out, size_t size) {
    size_t n = 0;
    for (size_t i = 0; i < body->len && n + 1 < size && n < 300; i++) {
        unsigned char c = (unsigned char)body->data[i];
        out[n++] = c >= 0x20 && c < 0x7f ? (char)c : ' ';
    }
    out[n] = '\0';
}

static smelt_status http_call(smelt_spark_transport *handle, const smelt_buf *request, smelt_buf *reply,
                              bool interruptible, int timeout_ms) {
    http_transport *t = (http_transport *)handle;
    smelt_buf_clear(reply);
    if (timeout_ms <= 0) timeout_ms = t->request_timeout_ms;
    t->sink = reply;
    t->too_large = false;
    t->interruptible = interruptible;
    t->error[0] = '\0';
    smelt_curl.curl_easy_setopt(t->curl, CURLOPT_POSTFIELDS, request->data);
    smelt_curl.curl_easy_setopt(t->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->len);
    smelt_curl.curl_easy_setopt(t->curl, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
    CURLcode code = smelt_curl.curl_easy_perform(t->curl);
    t->sink = NULL;
    if (code != CURLE_OK) {
        if (code == CURLE_ABORTED_BY_CALLBACK) return smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
        if (t->too_large)
            return smelt_status_set(SMELT_ERR_PROTOCOL, "the server at %s sent a reply larger than 256 MiB", t->url);
        if (code == CURLE_COULDNT_CONNECT && t->answered)
            return smelt_status_set(SMELT_ERR_CONNECT,
                                    "lost the connection to the server at %s: it refuses connections now (did the "
                                    "server stop?)",
                                    t->url);
        if (code == CURLE_COULDNT_CONNECT)
            return smelt_status_set(SMELT_ERR_CONNECT,
                                    "cannot connect to the Spark Thrift Server at %s: connection refused (is the server "
                                    "running, and are host and port right?)",
                                    t->url);
        if (code == CURLE_COULDNT_RESOLVE_HOST)
            return smelt_status_set(SMELT_ERR_CONNECT, "cannot connect to %s: cannot resolve the host", t->url);
        if (code == CURLE_OPERATION_TIMEDOUT)
            return smelt_status_set(SMELT_ERR_TIMEOUT, "the server at %s did not answer within %d s", t->url,
                                    (timeout_ms + 999) / 1000);
        if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE)
            return smelt_status_set(SMELT_ERR_CONNECT,
                                    "cannot verify the TLS certificate of %s: %s (set verify_tls: false only for a "
                                    "server you trust)",
                                    t->url, t->error[0] ? t->error : smelt_curl.curl_easy_strerror(code));
        if (code == CURLE_GOT_NOTHING || code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR ||
            code == CURLE_PARTIAL_FILE)
            return smelt_status_set(SMELT_ERR_CONNECT,
                                    "lost the connection to the server at %s: %s (did the server stop?)", t->url,
                                    t->error[0] ? t->error : smelt_curl.curl_easy_strerror(code));
        return smelt_status_set(SMELT_ERR_CONNECT, "HTTP request to %s failed: %s", t->url,
                                t->error[0] ? t->error : smelt_curl.curl_easy_strerror(code));
    }
    long http_status = 0;
    smelt_curl.curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &http_status);
    if (http_status == 200) {
        t->answered = true;
        return SMELT_OK;
    }
    char excerpt[320];
    body_excerpt(reply, excerpt, sizeof excerpt);
    smelt_buf_clear(reply);
    if (http_status == 401 || http_status == 403)
        return smelt_status_set(SMELT_ERR_AUTH, "the server at %s refused the credentials (HTTP %ld)%s%s", t->url,
                                http_status, excerpt[0] ? ": " : "", excerpt);
    if (http_status == 404)
        return smelt_status_set(SMELT_ERR_CONNECT, "the server at %s has no such path (HTTP 404); check http_path", t->url);
    return smelt_status_set(SMELT_ERR_CONNECT, "the server at %s answered HTTP %ld%s%s", t->url, http_status,
                            excerpt[0] ? ": " : "", excerpt);
}

static void http_close(smelt_spark_transport *handle) {
    http_transport *t = (http_transport *)handle;
    if (t->curl) smelt_curl.curl_easy_cleanup(t->curl);
    /* The header list may hold the token: wipe it. */
    for (struct curl_slist *h = t->headers; h; h = h->next) memset(h->data, 0, strlen(h->data));
    smelt_curl.curl_slist_free_all(t->headers);
    free(t);
}

static const smelt_spark_transport_vtable http_vtable = {http_call, http_close};

smelt_curl_functions smelt_curl;

static void resolve_curl(smelt_library *library) {
#define X(name) smelt_library_symbol(library, #name, (void **)&smelt_curl.name);
#include "backend/spark/curl_functions.def"
#undef X
}

static smelt_library curl_library =
    SMELT_LIBRARY("libcurl.so.4", "libcurl", "install it (Debian: apt-get install libcurl4)", resolve_curl);

smelt_status smelt_curl_load(void) { return smelt_library_load(&curl_library); }

smelt_status smelt_spark_http_open(const smelt_spark_options *options, smelt_spark_interrupt *interrupt,
                                   smelt_spark_transport **out) {
    *out = NULL;
    http_transport *t = calloc(1, sizeof *t);
    if (!t) smelt_out_of_memory();
    t->base.vtable = &http_vtable;
    t->interrupt = interrupt;
    t->request_timeout_ms = options->request_timeout_ms;
    const char *path = options->http_path ? options->http_path : "cliservice";
    while (*path == '/') path++;
    /* An IPv6 literal needs brackets in a URL. */
    bool ipv6 = strchr(options->host, ':') != NULL;
    snprintf(t->url, sizeof t->url, "%s://%s%s%s:%d/%s", options->tls ? "https" : "http", ipv6 ? "[" : "", options->host,
             ipv6 ? "]" : "", options->port, path);
    t->curl = smelt_curl.curl_easy_init();
    if (!t->curl) {
        http_close(&t->base);
        return smelt_status_set(SMELT_ERR_CONNECT, "cannot start an HTTP client (libcurl) for %s", t->url);
    }
    CURL *curl = t->curl;
    smelt_curl.curl_easy_setopt(curl, CURLOPT_URL, t->url);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_POST, 1L);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for timeouts */
    smelt_curl.curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)options->connect_timeout_ms);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_XFERINFODATA, t);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, t->error);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_COOKIEFILE, ""); /* in-memory cookies: the server's session cookie */
    smelt_curl.curl_easy_setopt(curl, CURLOPT_USERAGENT, "smelt");
    smelt_curl.curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options->verify_tls ? 1L : 0L);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options->verify_tls ? 2L : 0L);
    smelt_curl.curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    t->headers = smelt_curl.curl_slist_append(t->headers, "Content-Type: application/x-thrift");
    t->headers = smelt_curl.curl_slist_append(t->headers, "Accept: application/x-thrift");
    t->headers = smelt_curl.curl_slist_append(t->headers, "Expect:"); /* no 100-continue round trip */
    if (options->auth == SMELT_SPARK_AUTH_TOKEN) {
        smelt_buf header;
        smelt_buf_init(&header);
        smelt_buf_printf(&header, "Authorization: Bearer %s", options->token ? options->token : "");
        t->headers = smelt_curl.curl_slist_append(t->headers, header.data);
        memset(header.data, 0, header.len);
        smelt_buf_free(&header);
    } else {
        smelt_curl.curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        smelt_curl.curl_easy_setopt(curl, CURLOPT_USERNAME, options->user && *options->user ? options->user : "smelt");
        smelt_curl.curl_easy_setopt(curl, CURLOPT_PASSWORD, options->password ? options->password : "");
    }
    if (!t->headers) smelt_out_of_memory();
    smelt_curl.curl_easy_setopt(curl, CURLOPT_HTTPHEADER, t->headers);
    *out = &t->base;
    return SMELT_OK;
}
