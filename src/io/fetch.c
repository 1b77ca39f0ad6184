/*
 * fetch.c -- polite URL fetching with the libcurl multi interface, on the
 * calling thread (docs/discovery.md, "Politeness"):
 *   - URLs wait in a queue per host (scheme, host and port); hosts run in
 *     parallel, each with at most `per_host` requests at a time, and a
 *     host's next request starts `delay_ms` (or its robots.txt Crawl-delay,
 *     when larger) after its last one ended;
 *   - the first request to a host reads its robots.txt (robots.c, cached for
 *     the run); a URL it disallows ends as a GALLEY_ERR_ROBOTS record;
 *   - 429, 503 and dropped connections are retried with a doubling backoff,
 *     honouring Retry-After up to `max_retry_after_ms`;
 *   - redirects are followed here, not by libcurl, so that each hop is
 *     checked (http and https only, robots.txt of the new host, the delay)
 *     and counted against `max_redirects`;
 *   - connect and total timeouts, and a byte cap that aborts the transfer.
 */
#include <curl/curl.h>
#include <stdlib.h>

#include "discover.h"
#include "io.h"

#define GL_FETCH_HOST_BUCKETS 1024
#define GL_FETCH_BACKOFF_MS 1000    /* first retry wait without Retry-After */
#define GL_FETCH_ROBOTS_REDIRS 5L   /* RFC 9309 2.3.1.2: at least five */

typedef struct host host;

/* One URL on its way: queued on its host, then a transfer, perhaps queued
 * again (a redirect, a retry). */
typedef struct job {
    char *url;
    void *tag;
    unsigned flags;
    int redirects, attempts;
    host *h;
    struct job *next;
    /* the transfer, while running */
    CURL *curl;
    gl_buf body;
    bool over;               /* aborted at the byte cap */
    bool robots;             /* the host's robots.txt, not a caller's URL */
    galley_status fail;      /* ended without a transfer: why */
    char errbuf[CURL_ERROR_SIZE];
} job;

struct host {
    char *origin;            /* "scheme://host:port" */
    job *qhead, *qtail;      /* waiting URLs, in arrival order */
    int running;
    uint64_t next_ns;        /* earliest start of the next request */
    int robots_state;        /* 0 not read, 1 being read, 2 read (or ignored) */
    bool robots_read;        /* it was read (GL_FETCH_ROBOTS asks for that) */
    gl_robots *robots;       /* NULL: everything allowed */
    galley_status robots_err; /* robots.txt unreachable: every URL fails */
    char robots_msg[160];
    int64_t delay_ms;
    host *next;              /* hash chain */
    host *active_next;       /* on the list of hosts with waiting URLs */
    bool active;
};

struct gl_fetch {
    CURLM *m;
    size_t pending;          /* jobs added and not reported */
    size_t transfers;        /* transfers running */
    size_t max_transfers;
    size_t max_bytes;
    long timeout_ms, connect_ms;
    char *user_agent;
    bool ignore_robots;
    int per_host, retries, max_redirects;
    int64_t delay_ms, max_retry_after_ms;
    host *buckets[GL_FETCH_HOST_BUCKETS];
    size_t nhosts;           /* in the buckets */
    size_t max_hosts;        /* past it, idle hosts are forgotten ... */
    size_t sweep_at;         /* ... when the table reaches this size */
    host *active;            /* hosts with waiting URLs */
    job *done_head, *done_tail; /* failed before any transfer, to report */
    gl_fetch_stats stats;
    bool global_ok;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    job *x = ud;
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
    const char *ua = cfg->user_agent && *cfg->user_agent ? cfg->user_agent : GL_FETCH_USER_AGENT;
    f->user_agent = strdup(ua);
    if (!f->m || !f->user_agent) {
        gl_fetch_free(f);
        return NULL;
    }
    f->max_bytes = cfg->max_bytes > 0 ? (size_t)cfg->max_bytes : (size_t)GL_DEFAULT_MAX_BYTES;
    f->timeout_ms = cfg->fetch_timeout_ms > 0 ? (long)cfg->fetch_timeout_ms : GL_DEFAULT_FETCH_TIMEOUT_MS;
    f->connect_ms = cfg->fetch_connect_timeout_ms > 0 ? (long)cfg->fetch_connect_timeout_ms : GL_DEFAULT_FETCH_CONNECT_MS;
    f->max_transfers = cfg->fetch_parallel > 0 ? (size_t)cfg->fetch_parallel : GL_DEFAULT_FETCH_PARALLEL;
    f->ignore_robots = cfg->ignore_robots != 0;
    f->per_host = cfg->per_host > 0 ? cfg->per_host : GL_DEFAULT_PER_HOST;
    f->delay_ms = cfg->delay_ms >= 0 ? cfg->delay_ms : GL_DEFAULT_DELAY_MS;
    f->retries = cfg->retries >= 0 ? cfg->retries : GL_DEFAULT_RETRIES;
    f->max_retry_after_ms = cfg->max_retry_after_ms >= 0 ? cfg->max_retry_after_ms : GL_DEFAULT_MAX_RETRY_AFTER_MS;
    f->max_redirects = cfg->max_redirects >= 0 ? cfg->max_redirects : GL_DEFAULT_MAX_REDIRECTS;
    f->max_hosts = cfg->max_hosts > 0 ? (size_t)cfg->max_hosts : (size_t)GL_DEFAULT_MAX_HOSTS;
    f->sweep_at = f->max_hosts;
    curl_multi_setopt(f->m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)f->max_transfers);
    return f;
}

static void job_free(job *x)
{
    if (!x) return;
    if (x->curl) curl_easy_cleanup(x->curl);
    gl_buf_free(&x->body);
    free(x->url);
    free(x);
}

static void host_free(host *h)
{
    gl_robots_free(h->robots);
    free(h->origin);
    free(h);
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
            job *x = NULL;
            curl_easy_getinfo(hs[i], CURLINFO_PRIVATE, (char **)&x);
            curl_multi_remove_handle(f->m, hs[i]);
            job_free(x);
        }
        curl_free(hs);
        curl_multi_cleanup(f->m);
    }
    for (size_t b = 0; b < GL_FETCH_HOST_BUCKETS; b++) {
        while (f->buckets[b]) {
            host *h = f->buckets[b];
            f->buckets[b] = h->next;
            while (h->qhead) {
                job *x = h->qhead;
                h->qhead = x->next;
                job_free(x);
            }
            host_free(h);
        }
    }
    while (f->done_head) {
        job *x = f->done_head;
        f->done_head = x->next;
        job_free(x);
    }
    if (f->global_ok) curl_global_cleanup();
    free(f->user_agent);
    free(f);
}

size_t gl_fetch_running(const gl_fetch *f) { return f->pending; }

const gl_fetch_stats *gl_fetch_get_stats(const gl_fetch *f) { return &f->stats; }

static host *host_of(gl_fetch *f, const char *url);

const gl_robots *gl_fetch_robots(gl_fetch *f, const char *url)
{
    host *h = host_of(f, url);
    return h ? h->robots : NULL;
}

/* A long URL list meets hosts without end: past max_hosts, hosts with
 * nothing waiting or running and past their delay are forgotten when a new
 * host comes (one seen again reads robots.txt again; its pacing is kept,
 * since only a host already due may go). The next sweep waits until the
 * table doubles, so sweeps cost O(1) per host made. */
static void sweep_hosts(gl_fetch *f)
{
    uint64_t now = gl_now_ns();
    for (size_t b = 0; b < GL_FETCH_HOST_BUCKETS; b++) {
        host **pp = &f->buckets[b];
        while (*pp) {
            host *h = *pp;
            bool idle = !h->qhead && !h->running && !h->active && h->robots_state != 1 &&
                        h->next_ns <= now;
            if (idle) {
                *pp = h->next;
                host_free(h);
                f->nhosts--;
                f->stats.hosts_forgotten++;
            } else {
                pp = &h->next;
            }
        }
    }
    f->sweep_at = f->nhosts * 2 > f->max_hosts ? f->nhosts * 2 : f->max_hosts;
}

/* The host of `url`, made on first sight; NULL for a URL without one (or
 * OOM). Chains stay short: FNV-1a over the origin into 1024 buckets. */
static host *host_of(gl_fetch *f, const char *url)
{
    char origin[512];
    if (!gl_url_origin(url, origin, sizeof origin)) return NULL;
    uint32_t hv = 2166136261u;
    for (const char *c = origin; *c; c++) hv = (hv ^ (unsigned char)*c) * 16777619u;
    host **b = &f->buckets[hv % GL_FETCH_HOST_BUCKETS];
    for (host *h = *b; h; h = h->next)
        if (strcmp(h->origin, origin) == 0) return h;
    if (f->nhosts >= f->sweep_at) sweep_hosts(f);
    host *h = calloc(1, sizeof *h);
    if (!h || !(h->origin = strdup(origin))) {
        free(h);
        return NULL;
    }
    h->delay_ms = f->delay_ms;
    h->robots_state = f->ignore_robots ? 2 : 0;
    h->next = *b;
    *b = h;
    f->nhosts++;
    return h;
}

static void activate(gl_fetch *f, host *h)
{
    if (h->active) return;
    h->active = true;
    h->active_next = f->active;
    f->active = h;
}

static void enqueue(gl_fetch *f, host *h, job *x, bool front)
{
    x->h = h;
    if (front) {
        x->next = h->qhead;
        h->qhead = x;
        if (!h->qtail) h->qtail = x;
    } else {
        x->next = NULL;
        if (h->qtail) h->qtail->next = x;
        else h->qhead = x;
        h->qtail = x;
    }
    activate(f, h);
}

/* A job that ends without (another) transfer: reported at the next poll. */
static void fail_later(gl_fetch *f, job *x, galley_status st, const char *msg)
{
    x->fail = st;
    snprintf(x->errbuf, sizeof x->errbuf, "%s", msg);
    x->next = NULL;
    if (f->done_tail) f->done_tail->next = x;
    else f->done_head = x;
    f->done_tail = x;
}

/* Queues `url` on its host; a URL that is no http(s) URL fails at once. */
static void route(gl_fetch *f, job *x, bool front)
{
    size_t n = strlen(x->url);
    bool http = (n >= 7 && gl_ascii_ieq(x->url, 7, "http://")) ||
                (n >= 8 && gl_ascii_ieq(x->url, 8, "https://"));
    host *h = http ? host_of(f, x->url) : NULL;
    if (!h) {
        fail_later(f, x, GALLEY_ERR_FETCH, http ? "invalid URL" : "not an http or https URL");
        return;
    }
    enqueue(f, h, x, front);
}

bool gl_fetch_add(gl_fetch *f, const char *url, void *tag, unsigned flags)
{
    job *x = calloc(1, sizeof *x);
    if (!x) return false;
    x->tag = tag;
    x->flags = flags;
    x->url = strdup(url);
    gl_buf_init(&x->body);
    f->pending++;
    if (!x->url) {
        fail_later(f, x, GALLEY_ERR_NOMEM, "out of memory");
        return true;
    }
    route(f, x, false);
    return true;
}

/* Starts the transfer of `x`; false when libcurl refused it. */
static bool start(gl_fetch *f, job *x)
{
    gl_buf_free(&x->body);
    gl_buf_init(&x->body);
    x->over = false;
    x->errbuf[0] = 0;
    x->body.cap = x->robots ? GL_ROBOTS_MAX_BYTES : f->max_bytes;
    CURL *c = x->curl = curl_easy_init();
    if (!c) return false;
    bool ok = curl_easy_setopt(c, CURLOPT_URL, x->url) == CURLE_OK;
    curl_easy_setopt(c, CURLOPT_PRIVATE, (char *)x);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
    /* a page's redirects come back here (route); robots.txt's are libcurl's */
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, x->robots ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, GL_FETCH_ROBOTS_REDIRS);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, f->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, f->connect_ms);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* all codings libcurl has */
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);        /* threads: no SIGALRM */
    curl_easy_setopt(c, CURLOPT_USERAGENT, f->user_agent);
    if (!x->robots) curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_bytes);
#if CURL_AT_LEAST_VERSION(7, 85, 0)
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    if (!ok || curl_multi_add_handle(f->m, c) != CURLM_OK) {
        curl_easy_cleanup(c);
        x->curl = NULL;
        return false;
    }
    x->h->running++;
    f->transfers++;
    f->stats.requests++;
    if (x->robots) f->stats.robots++;
    return true;
}

/* The robots.txt of `h` as a job of its own. */
static bool start_robots(gl_fetch *f, host *h)
{
    job *x = calloc(1, sizeof *x);
    if (!x) return false;
    size_t n = strlen(h->origin);
    x->url = malloc(n + sizeof "/robots.txt");
    if (!x->url) {
        free(x);
        return false;
    }
    memcpy(x->url, h->origin, n);
    memcpy(x->url + n, "/robots.txt", sizeof "/robots.txt");
    x->robots = true;
    x->h = h;
    gl_buf_init(&x->body);
    if (!start(f, x)) {
        job_free(x);
        return false;
    }
    h->robots_state = 1;
    return true;
}

/* Starts what may start now; returns the ms until the next host is due
 * (or `cap`). Linear in the active hosts. */
static int schedule(gl_fetch *f, int cap)
{
    uint64_t now = gl_now_ns();
    int64_t wait_ms = cap;
    host **pp = &f->active;
    while (*pp) {
        host *h = *pp;
        while (h->qhead && h->running < f->per_host && f->transfers < f->max_transfers) {
            if (now < h->next_ns) {
                int64_t w = (int64_t)((h->next_ns - now) / 1000000) + 1;
                if (w < wait_ms) wait_ms = w;
                break;
            }
            if (h->robots_state == 0) {
                if (!start_robots(f, h)) { /* no memory: read without robots.txt */
                    h->robots_state = 2;
                    continue;
                }
                break;
            }
            job *x = h->qhead;
            if ((x->flags & GL_FETCH_ROBOTS) && !h->robots_read && h->robots_state == 2) {
                h->robots_state = 0; /* ignored so far, but wanted now */
                continue;
            }
            if (h->robots_state == 1) break; /* wait for it */
            h->qhead = x->next;
            if (!h->qhead) h->qtail = NULL;
            x->next = NULL;
            if (x->flags & GL_FETCH_ROBOTS) {
                fail_later(f, x, GALLEY_OK, ""); /* done: the rules are read */
            } else if (h->robots_err && !f->ignore_robots) {
                fail_later(f, x, h->robots_err, h->robots_msg);
            } else if (!f->ignore_robots && !gl_robots_allowed(h->robots, gl_url_path_query(x->url))) {
                f->stats.disallowed++;
                fail_later(f, x, GALLEY_ERR_ROBOTS, "disallowed by robots.txt");
            } else if (!start(f, x)) {
                fail_later(f, x, GALLEY_ERR_FETCH, "invalid URL");
            } else if (h->running >= f->per_host) {
                break;
            }
        }
        if (!h->qhead) { /* off the active list until a URL comes again */
            h->active = false;
            *pp = h->active_next;
        } else {
            pp = &h->active_next;
        }
    }
    return (int)(wait_ms < 0 ? 0 : wait_ms);
}

static void report(gl_fetch *f, job *x, gl_fetch_result *r, gl_fetch_done_fn done, void *ud)
{
    f->pending--;
    done(ud, x->tag, r);
    free(r->url);
    free(r->body);
    free(r->charset);
    free(r->content_type);
    job_free(x);
}

static void report_failure(gl_fetch *f, job *x, galley_status st, gl_fetch_done_fn done,
                           void *ud)
{
    gl_fetch_result r;
    memset(&r, 0, sizeof r);
    r.status = st;
    snprintf(r.msg, sizeof r.msg, "%.190s", x->errbuf);
    report(f, x, &r, done, ud);
}

/* robots.txt answered: RFC 9309 2.3.1 -- 2xx rules, 4xx "unavailable"
 * (everything allowed), 5xx "unreachable" (everything disallowed); a
 * network failure leaves the site unreachable too, and its URLs fail as
 * fetch errors saying why. */
static void robots_done(gl_fetch *f, job *x, CURLcode rc)
{
    host *h = x->h;
    h->robots_state = 2;
    h->robots_read = true;
    long code = 0;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK && !x->over) {
        h->robots_err = rc == CURLE_OPERATION_TIMEDOUT ? GALLEY_ERR_TIMEOUT : GALLEY_ERR_FETCH;
        snprintf(h->robots_msg, sizeof h->robots_msg, "robots.txt unreachable: %.120s",
                 x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
    } else if (code >= 200 && code <= 299) {
        h->robots = gl_robots_parse(x->body.data ? x->body.data : "", x->body.len,
                                    f->user_agent);
    } else if (code >= 500) {
        h->robots = gl_robots_disallow_all();
        h->robots_err = GALLEY_ERR_ROBOTS;
        snprintf(h->robots_msg, sizeof h->robots_msg,
                 "robots.txt answered HTTP %ld: every path disallowed (RFC 9309 2.3.1.4)", code);
    }
    int64_t cd = f->ignore_robots ? -1 : gl_robots_delay_ms(h->robots);
    if (cd > h->delay_ms) h->delay_ms = cd;
}

/* Seconds a 429 or 503 asks to wait (Retry-After), -1 when not said. */
static int64_t retry_after_ms(CURL *c)
{
#if CURL_AT_LEAST_VERSION(7, 66, 0)
    curl_off_t s = 0;
    if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &s) == CURLE_OK && s > 0)
        return s > (curl_off_t)1 << 40 ? (int64_t)1 << 50 : (int64_t)s * 1000;
#else
    (void)c;
#endif
    return -1;
}

/* A page's transfer ended: retried, redirected, or reported. */
static void page_done(gl_fetch *f, job *x, CURLcode rc, gl_fetch_done_fn done, void *ud)
{
    host *h = x->h;
    gl_fetch_result r;
    memset(&r, 0, sizeof r);
    long code = 0;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
    r.http_status = code;
    bool dropped = rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
                   rc == CURLE_PARTIAL_FILE;
    bool busy = rc == CURLE_OK && (code == 429 || code == 503);
    if ((dropped || busy) && x->attempts < f->retries) {
        int64_t ra = busy ? retry_after_ms(x->curl) : -1;
        if (ra <= f->max_retry_after_ms) {
            /* the server's word when it gave one, else a doubling backoff */
            int64_t wait = ra >= 0 ? ra
                                   : (int64_t)GL_FETCH_BACKOFF_MS << (x->attempts < 10 ? x->attempts : 10);
            if (wait < h->delay_ms) wait = h->delay_ms;
            uint64_t at = gl_now_ns() + (uint64_t)wait * 1000000u;
            if (at > h->next_ns) h->next_ns = at; /* the whole host waits */
            x->attempts++;
            f->stats.retried++;
            curl_easy_cleanup(x->curl);
            x->curl = NULL;
            enqueue(f, h, x, true);
            return;
        }
        snprintf(r.msg, sizeof r.msg, "HTTP status %ld, Retry-After %lld s is longer than %lld s",
                 code, (long long)(ra / 1000), (long long)(f->max_retry_after_ms / 1000));
        r.status = GALLEY_ERR_HTTP;
        report(f, x, &r, done, ud);
        return;
    }
    char *loc = NULL;
    if (rc == CURLE_OK && code >= 300 && code <= 399)
        curl_easy_getinfo(x->curl, CURLINFO_REDIRECT_URL, &loc);
    if (loc) {
        f->stats.redirects++;
        if (x->redirects >= f->max_redirects) {
            r.status = GALLEY_ERR_FETCH;
            snprintf(r.msg, sizeof r.msg, "more than %d redirects", f->max_redirects);
            report(f, x, &r, done, ud);
            return;
        }
        size_t n = strlen(loc);
        if (!(n >= 7 && gl_ascii_ieq(loc, 7, "http://")) &&
            !(n >= 8 && gl_ascii_ieq(loc, 8, "https://"))) {
            r.status = GALLEY_ERR_FETCH;
            snprintf(r.msg, sizeof r.msg, "redirect to a URL that is not http or https: %.120s",
                     loc);
            report(f, x, &r, done, ud);
            return;
        }
        char *nu = strdup(loc);
        if (!nu) {
            r.status = GALLEY_ERR_NOMEM;
            snprintf(r.msg, sizeof r.msg, "out of memory");
            report(f, x, &r, done, ud);
            return;
        }
        free(x->url);
        x->url = nu;
        x->redirects++;
        curl_easy_cleanup(x->curl);
        x->curl = NULL;
        route(f, x, true);
        return;
    }
    r.url = strdup(x->url);
    if (rc == CURLE_OK) {
        char *ct = NULL;
        curl_easy_getinfo(x->curl, CURLINFO_CONTENT_TYPE, &ct);
        if (ct) r.content_type = strdup(ct);
        bool any = (x->flags & GL_FETCH_ANY_TYPE) != 0;
        if (code < 200 || code > 299) {
            r.status = GALLEY_ERR_HTTP;
            snprintf(r.msg, sizeof r.msg, "HTTP status %ld", code);
        } else if (ct && !any && !gl_ctype_is_html(ct, strlen(ct))) {
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
    report(f, x, &r, done, ud);
}

void gl_fetch_poll(gl_fetch *f, int ms, gl_fetch_done_fn done, void *ud)
{
    int wait = schedule(f, ms);
    int still = 0;
    curl_multi_perform(f->m, &still);
    if (!f->done_head && wait > 0) curl_multi_poll(f->m, NULL, 0, wait, NULL);
    curl_multi_perform(f->m, &still);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(f->m, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *c = msg->easy_handle;
        CURLcode rc = msg->data.result;
        job *x = NULL;
        curl_easy_getinfo(c, CURLINFO_PRIVATE, (char **)&x);
        curl_multi_remove_handle(f->m, c);
        f->transfers--;
        host *h = x->h;
        h->running--;
        uint64_t next = gl_now_ns() + (uint64_t)h->delay_ms * 1000000u;
        if (x->robots) {
            robots_done(f, x, rc);
            next = gl_now_ns() + (uint64_t)h->delay_ms * 1000000u; /* Crawl-delay known now */
            job_free(x);
        } else {
            page_done(f, x, rc, done, ud);
        }
        if (next > h->next_ns) h->next_ns = next;
        if (h->qhead) activate(f, h);
    }
    while (f->done_head) {
        job *x = f->done_head;
        f->done_head = x->next;
        if (!f->done_head) f->done_tail = NULL;
        report_failure(f, x, x->fail, done, ud);
    }
    schedule(f, 0);
}
