/*
 * fetch.c -- URL fetching with the libcurl multi interface: a few transfers
 * at a time on the calling thread, redirects followed (bounded), connect and
 * total timeouts, a byte cap that aborts the transfer, compressed transfer.
 */
#include <curl/curl.h>
#include <stdlib.h>

#include "io.h"

#define GL_FETCH_MAX_REDIRS 10L

typedef struct xfer {
    CURL *h;
    void *tag;
    gl_buf body;
    bool over;               /* aborted at the byte cap */
    char errbuf[CURL_ERROR_SIZE];
    struct xfer *next;       /* on the could-not-start list */
    galley_status early;     /* set when the transfer could not start */
} xfer;

struct gl_fetch {
    CURLM *m;
    size_t running;
    size_t max_bytes;
    long timeout_ms, connect_ms;
    xfer *early;             /* transfers that failed before starting */
    bool global_ok;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (x->body.len + len > x->body.cap) {
        x->over = true;
        return 0; /* aborts the transfer: the cap bounds memory */
    }
    return gl_buf_append(&x->body, p, len) ? len : 0;
}

gl_fetch *gl_fetch_new(const galley_batch_config *cfg)
{
    gl_fetch *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    /* reference-counted by libcurl; a no-op when already initialised */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        free(f);
        return NULL;
    }
    f->global_ok = true;
    f->m = curl_multi_init();
    if (!f->m) {
        gl_fetch_free(f);
        return NULL;
    }
    f->max_bytes = cfg->max_bytes > 0 ? (size_t)cfg->max_bytes : (size_t)64 << 20;
    f->timeout_ms = cfg->fetch_timeout_ms > 0 ? (long)cfg->fetch_timeout_ms : 30000;
    f->connect_ms = cfg->fetch_connect_timeout_ms > 0 ? (long)cfg->fetch_connect_timeout_ms : 10000;
    int par = cfg->fetch_parallel > 0 ? cfg->fetch_parallel : 4;
    curl_multi_setopt(f->m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)par);
    return f;
}

static void xfer_free(xfer *x)
{
    if (!x) return;
    if (x->h) curl_easy_cleanup(x->h);
    gl_buf_free(&x->body);
    free(x);
}

void gl_fetch_free(gl_fetch *f)
{
    if (!f) return;
    if (f->m) {
        /* transfers still running are abandoned (the batch stopped early) */
        CURL **hs = NULL;
#if CURL_AT_LEAST_VERSION(8, 4, 0)
        hs = curl_multi_get_handles(f->m);
#endif
        for (size_t i = 0; hs && hs[i]; i++) {
            xfer *x = NULL;
            curl_easy_getinfo(hs[i], CURLINFO_PRIVATE, (char **)&x);
            curl_multi_remove_handle(f->m, hs[i]);
            xfer_free(x);
        }
        curl_free(hs);
        curl_multi_cleanup(f->m);
    }
    while (f->early) {
        xfer *x = f->early;
        f->early = x->next;
        xfer_free(x);
    }
    if (f->global_ok) curl_global_cleanup();
    free(f);
}

size_t gl_fetch_running(const gl_fetch *f)
{
    return f->running;
}

bool gl_fetch_add(gl_fetch *f, const char *url, void *tag)
{
    xfer *x = calloc(1, sizeof *x);
    if (!x) return false;
    x->tag = tag;
    gl_buf_init(&x->body);
    x->body.cap = f->max_bytes;
    x->h = curl_easy_init();
    CURL *h = x->h;
    bool ok = h != NULL;
    if (ok) {
        ok = curl_easy_setopt(h, CURLOPT_URL, url) == CURLE_OK;
        curl_easy_setopt(h, CURLOPT_PRIVATE, (char *)x);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, GL_FETCH_MAX_REDIRS);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, f->timeout_ms);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, f->connect_ms);
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* all codings libcurl has */
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);        /* threads: no SIGALRM */
        curl_easy_setopt(h, CURLOPT_USERAGENT, "galley/" GALLEY_VERSION_STRING);
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_bytes);
#if CURL_AT_LEAST_VERSION(7, 85, 0)
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    }
    if (ok && curl_multi_add_handle(f->m, h) == CURLM_OK) {
        f->running++;
        return true;
    }
    /* reported through the callback at the next poll, like any failure */
    x->early = h ? GALLEY_ERR_FETCH : GALLEY_ERR_NOMEM;
    snprintf(x->errbuf, sizeof x->errbuf, "%s", h ? "invalid URL" : "out of memory");
    x->next = f->early;
    f->early = x;
    return true;
}

static void finish(gl_fetch *f, xfer *x, CURLcode rc, gl_fetch_done_fn done, void *ud)
{
    gl_fetch_result r;
    memset(&r, 0, sizeof r);
    r.status = GALLEY_OK;
    if (x->early) {
        r.status = x->early;
        snprintf(r.msg, sizeof r.msg, "%.190s", x->errbuf);
    } else if (rc == CURLE_OK) {
        curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &r.http_status);
        char *ct = NULL, *eff = NULL;
        curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ct);
        curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &eff);
        if (eff) r.url = strdup(eff);
        if (r.http_status < 200 || r.http_status > 299) {
            r.status = GALLEY_ERR_HTTP;
            snprintf(r.msg, sizeof r.msg, "HTTP status %ld", r.http_status);
        } else if (ct && !gl_ctype_is_html(ct, strlen(ct))) {
            r.status = GALLEY_ERR_NOT_HTML;
            snprintf(r.msg, sizeof r.msg, "Content-Type %.120s is not HTML", ct);
        } else {
            char cs[64];
            if (ct && gl_ctype_charset(ct, strlen(ct), cs, sizeof cs)) r.charset = strdup(cs);
            if (!gl_buf_cstr(&x->body)) {
                r.status = GALLEY_ERR_NOMEM;
                snprintf(r.msg, sizeof r.msg, "out of memory");
            } else {
                r.body = gl_buf_detach(&x->body, &r.len);
            }
        }
    } else if (x->over || rc == CURLE_FILESIZE_EXCEEDED) {
        r.status = GALLEY_ERR_TOO_LARGE;
        snprintf(r.msg, sizeof r.msg, "response exceeds %zu bytes", f->max_bytes);
    } else {
        /* a transfer over its time limit is a timeout like a page over its
         * extraction budget: one status for "too slow" */
        r.status = rc == CURLE_OUT_OF_MEMORY         ? GALLEY_ERR_NOMEM
                   : rc == CURLE_OPERATION_TIMEDOUT ? GALLEY_ERR_TIMEOUT
                                                    : GALLEY_ERR_FETCH;
        snprintf(r.msg, sizeof r.msg, "%.190s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
    }
    done(ud, x->tag, &r);
}

void gl_fetch_poll(gl_fetch *f, int ms, gl_fetch_done_fn done, void *ud)
{
    while (f->early) {
        xfer *x = f->early;
        f->early = x->next;
        finish(f, x, CURLE_OK, done, ud);
        xfer_free(x);
    }
    int still = 0;
    curl_multi_perform(f->m, &still);
    if (still) {
        curl_multi_poll(f->m, NULL, 0, ms, NULL);
        curl_multi_perform(f->m, &still);
    }
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(f->m, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *h = msg->easy_handle;
        CURLcode rc = msg->data.result;
        xfer *x = NULL;
        curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&x);
        curl_multi_remove_handle(f->m, h);
        f->running--;
        finish(f, x, rc, done, ud);
        xfer_free(x);
    }
}
