/* status.c -- status names, messages, errors, options, time budget. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core.h"

static const struct {
    const char *name, *msg;
} status_table[GALLEY_STATUS_COUNT_] = {
    [GALLEY_OK] = {"ok", "success"},
    [GALLEY_ERR_NOMEM] = {"nomem", "out of memory"},
    [GALLEY_ERR_INVALID_ARG] = {"invalid_arg", "invalid argument"},
    [GALLEY_ERR_TOO_LARGE] = {"too_large", "input larger than the size cap"},
    [GALLEY_LIMIT_DEPTH] = {"limit_depth", "tree depth cap reached"},
    [GALLEY_LIMIT_NODES] = {"limit_nodes", "node count cap reached"},
    [GALLEY_LIMIT_ATTRS] = {"limit_attrs", "attribute count cap reached"},
    [GALLEY_ERR_TIMEOUT] = {"timeout", "time budget exceeded"},
    [GALLEY_ERR_ENCODING] = {"encoding", "unknown or undecodable character encoding"},
    [GALLEY_ERR_IO] = {"io", "input/output error"},
    [GALLEY_ERR_NOT_HTML] = {"not_html", "input is not HTML"},
    [GALLEY_ERR_NO_CONTENT] = {"no_content", "no article content found"},
    [GALLEY_ERR_FETCH] = {"fetch", "URL could not be fetched"},
    [GALLEY_ERR_CORRUPT] = {"corrupt", "corrupt or truncated container"},
    [GALLEY_ERR_HTTP] = {"http", "HTTP error status"},
    [GALLEY_ERR_UNSUPPORTED] = {"unsupported", "not supported"},
    [GALLEY_ERR_ROBOTS] = {"robots", "disallowed by the site's robots.txt"},
};

GALLEY_API const char *galley_version(void)
{
    return GALLEY_VERSION_STRING;
}

GALLEY_API int galley_has_feature(galley_feature f)
{
    switch (f) {
    case GALLEY_FEATURE_FETCH:
#ifdef GALLEY_HAVE_FETCH
        return 1;
#else
        return 0;
#endif
    case GALLEY_FEATURE_LANGUAGE_ID:
#ifdef GALLEY_HAVE_CLD2
        return 1;
#else
        return 0;
#endif
    }
    return 0;
}

GALLEY_API const char *galley_status_name(galley_status s)
{
    if ((unsigned)s >= GALLEY_STATUS_COUNT_ || !status_table[s].name) return "unknown";
    return status_table[s].name;
}

GALLEY_API const char *galley_status_str(galley_status s)
{
    if ((unsigned)s >= GALLEY_STATUS_COUNT_ || !status_table[s].msg) return "unknown status";
    return status_table[s].msg;
}

GALLEY_API void galley_free(void *p)
{
    free(p);
}

void gl_error_set(galley_error *err, galley_status code, size_t pos, const char *fmt, ...)
{
    if (!err) return;
    err->code = code;
    err->pos = pos;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    } else {
        snprintf(err->msg, sizeof err->msg, "%s", galley_status_str(code));
    }
}

/* ---- options */

static const galley_options defaults = {
    .max_input_bytes = 64ll << 20,
    .max_depth = 512,
    .max_nodes = 4000000,
    .max_attrs = 256,
    .timeout_ms = 0,
    .mode = GALLEY_MODE_BALANCED,
    .comments = 0,
    .metadata = 1,
    .reference_time = 0,
    .images = 1,
    .links = 1,
    .tables = 1,
    .scripting = 0,
    .language_detect = 1,
    .trace = 0,
    .captions = 0,
};

const galley_options *gl_options_default(void)
{
    return &defaults;
}

GALLEY_API galley_options *galley_options_new(void)
{
    galley_options *o = malloc(sizeof *o);
    if (o) *o = defaults;
    return o;
}

GALLEY_API void galley_options_free(galley_options *o)
{
    free(o);
}

static int64_t *opt_slot(galley_options *o, galley_option opt, int64_t *lo, int64_t *hi)
{
    *lo = 0;
    *hi = 1;
    switch (opt) {
    case GALLEY_OPT_MAX_INPUT_BYTES: *lo = 1; *hi = INT64_MAX; return &o->max_input_bytes;
    case GALLEY_OPT_MAX_DEPTH: *lo = 1; *hi = 1000000; return &o->max_depth;
    case GALLEY_OPT_MAX_NODES: *lo = 16; *hi = INT64_MAX; return &o->max_nodes;
    case GALLEY_OPT_MAX_ATTRS: *lo = 0; *hi = 1000000; return &o->max_attrs;
    case GALLEY_OPT_TIMEOUT_MS: *hi = INT64_MAX / 1000000; return &o->timeout_ms;
    case GALLEY_OPT_MODE: *hi = 2; return &o->mode;
    case GALLEY_OPT_COMMENTS: return &o->comments;
    case GALLEY_OPT_METADATA: return &o->metadata;
    case GALLEY_OPT_REFERENCE_TIME: *lo = 0; *hi = INT64_MAX; return &o->reference_time;
    case GALLEY_OPT_IMAGES: return &o->images;
    case GALLEY_OPT_LINKS: return &o->links;
    case GALLEY_OPT_TABLES: return &o->tables;
    case GALLEY_OPT_SCRIPTING: return &o->scripting;
    case GALLEY_OPT_LANGUAGE_DETECT: return &o->language_detect;
    case GALLEY_OPT_TRACE: return &o->trace;
    case GALLEY_OPT_CAPTIONS: return &o->captions;
    }
    return NULL;
}

GALLEY_API galley_status galley_options_set_int(galley_options *o, galley_option opt,
                                                int64_t value)
{
    if (!o) return GALLEY_ERR_INVALID_ARG;
    int64_t lo, hi;
    int64_t *slot = opt_slot(o, opt, &lo, &hi);
    if (!slot || value < lo || value > hi) return GALLEY_ERR_INVALID_ARG;
    *slot = value;
    return GALLEY_OK;
}

GALLEY_API int64_t galley_options_get_int(const galley_options *o, galley_option opt)
{
    galley_options tmp = o ? *o : defaults;
    int64_t lo, hi;
    int64_t *slot = opt_slot(&tmp, opt, &lo, &hi);
    return slot ? *slot : 0;
}

/* ---- time */

uint64_t gl_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The budget is the calling thread's CPU time, not wall time: wall time
 * grows when cores are shared (-j 2 on a busy machine, other processes), so
 * a page near the budget would time out in one run and not in another.
 * Reading a thread's CPU clock is a system call (about 5 us on a VM, where
 * the monotonic clock costs 0.1 us in user space), so the checks read the
 * monotonic clock and look at CPU time only once the budget has passed in
 * wall time: a thread cannot have used more CPU time than that. */
static bool thread_cpu_ns(uint64_t *ns)
{
#ifdef CLOCK_THREAD_CPUTIME_ID
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0) {
        *ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
        return true;
    }
#endif
    return false;
}

void gl_deadline_start(gl_deadline *d, int64_t timeout_ms)
{
    d->at_ns = d->cpu_at_ns = 0;
    if (timeout_ms <= 0) return;
    uint64_t budget = (uint64_t)timeout_ms * 1000000ull, cpu;
    d->at_ns = gl_now_ns() + budget;
    if (thread_cpu_ns(&cpu)) d->cpu_at_ns = cpu + budget;
}

bool gl_deadline_passed(const gl_deadline *d)
{
    if (!d->at_ns || gl_now_ns() < d->at_ns) return false;
    uint64_t cpu;
    return !d->cpu_at_ns || !thread_cpu_ns(&cpu) || cpu >= d->cpu_at_ns;
}
