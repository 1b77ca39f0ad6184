/*
 * fetch_off.c -- the fetcher of a build without URL fetching
 * (-DGALLEY_FETCH=OFF, no libcurl): every URL finishes at the next poll as
 * an `unsupported` error record, so a batch given URLs still writes one
 * record per URL, in order, and its counts add up.
 */
#include <stdlib.h>

#include "io.h"

struct gl_fetch {
    void **tags; /* URLs added since the last poll */
    size_t n, cap;
    gl_fetch_stats stats; /* all zero: nothing is ever fetched */
};

gl_fetch *gl_fetch_new(const galley_batch_config *cfg)
{
    gl_fetch *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    (void)cfg;
    f->cap = 16; /* grows: the batch queues up to its window of URLs */
    f->tags = calloc(f->cap, sizeof *f->tags);
    if (!f->tags) {
        free(f);
        return NULL;
    }
    return f;
}

void gl_fetch_free(gl_fetch *f)
{
    if (!f) return;
    free(f->tags);
    free(f);
}

size_t gl_fetch_running(const gl_fetch *f)
{
    return f->n;
}

bool gl_fetch_add(gl_fetch *f, const char *url, void *tag, unsigned flags)
{
    (void)url;
    (void)flags;
    if (f->n == f->cap) {
        void **nt = realloc(f->tags, f->cap * 2 * sizeof *nt);
        if (!nt) return false; /* nothing queued: the caller records the URL */
        f->tags = nt;
        f->cap *= 2;
    }
    f->tags[f->n++] = tag;
    return true;
}

void gl_fetch_poll(gl_fetch *f, int ms, gl_fetch_done_fn done, void *ud)
{
    (void)ms;
    for (size_t i = 0; i < f->n; i++) {
        gl_fetch_result r = {.status = GALLEY_ERR_UNSUPPORTED};
        snprintf(r.msg, sizeof r.msg, "URL fetching is not available in this build of galley "
                                      "(configured with -DGALLEY_FETCH=OFF)");
        done(ud, f->tags[i], &r);
    }
    f->n = 0;
}

const gl_fetch_stats *gl_fetch_get_stats(const gl_fetch *f) { return &f->stats; }

const gl_robots *gl_fetch_robots(gl_fetch *f, const char *url)
{
    (void)f;
    (void)url;
    return NULL; /* nothing is ever read */
}
