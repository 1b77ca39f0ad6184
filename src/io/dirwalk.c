/*
 * dirwalk.c -- the directory walk behind the batch: every entry of a tree,
 * in sorted (byte order) pre-order, without recursion.
 *
 * Every entry comes out as something the batch can count: a regular file
 * opened for reading, a skip with its reason, or an error (a directory that
 * cannot be read, a subtree past the depth cap, a file that cannot be
 * opened). Nothing under the root is passed over without a word.
 *
 * Files are opened with O_NONBLOCK and checked with fstat() on the open
 * descriptor: a FIFO named like a page would otherwise block open() for
 * ever, and checking the name first (lstat) leaves a window in which the
 * entry can be swapped. Symbolic links to files are read; symbolic links to
 * directories are not followed, so the walk cannot loop.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void frame_free(gl_dir_frame *f)
{
    for (size_t k = 0; k < f->n; k++) free(f->names[k]);
    free(f->names);
    free(f->path);
    memset(f, 0, sizeof(*f));
}

/* Lists a directory, sorted. False with errno set when it cannot be read
 * (or on OOM: ENOMEM). */
static bool frame_open(gl_dir_frame *f, const char *path)
{
    memset(f, 0, sizeof(*f));
    f->path = strdup(path);
    if (!f->path) {
        errno = ENOMEM;
        return false;
    }
    DIR *d = opendir(path);
    if (!d) {
        int e = errno;
        frame_free(f);
        errno = e;
        return false;
    }
    size_t cap = 0;
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (f->n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nn = realloc(f->names, nc * sizeof *nn);
            if (!nn) {
                ok = false;
                break;
            }
            f->names = nn;
            cap = nc;
        }
        char *s = strdup(e->d_name);
        if (!s) ok = false;
        else f->names[f->n++] = s;
    }
    closedir(d);
    if (!ok) {
        frame_free(f);
        errno = ENOMEM;
        return false;
    }
    if (f->n) qsort(f->names, f->n, sizeof *f->names, cmp_str);
    return true;
}

bool gl_dirwalk_open(gl_dirwalk *w, const char *root, size_t max_depth)
{
    memset(w, 0, sizeof(*w));
    w->fd = -1;
    w->max_depth = max_depth ? max_depth : 1;
    snprintf(w->depth_str, sizeof w->depth_str, "%zu", w->max_depth);
    w->stack = calloc(w->max_depth, sizeof *w->stack);
    if (!w->stack) {
        errno = ENOMEM;
        return false;
    }
    if (!frame_open(&w->stack[0], root)) {
        int e = errno;
        free(w->stack);
        w->stack = NULL;
        errno = e;
        return false;
    }
    w->depth = 1;
    return true;
}

void gl_dirwalk_close(gl_dirwalk *w)
{
    if (w->fd >= 0) close(w->fd);
    w->fd = -1;
    while (w->depth) frame_free(&w->stack[--w->depth]);
    free(w->stack);
    free(w->path);
    memset(w, 0, sizeof(*w));
    w->fd = -1;
}

static int entry(gl_dirwalk *w, gl_dirwalk_kind kind, galley_skip_reason why,
                 const char *msg, const char *arg)
{
    w->kind = kind;
    w->skip = why;
    w->status = kind == GL_DIRWALK_ERROR ? GALLEY_ERR_IO : GALLEY_OK;
    snprintf(w->msg, sizeof w->msg, msg, arg ? arg : "");
    return 1;
}

/* Opens a file entry without blocking and keeps it only when it is a
 * regular file. */
static int open_file(gl_dirwalk *w)
{
    int fd = open(w->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return entry(w, GL_DIRWALK_ERROR, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return entry(w, GL_DIRWALK_ERROR, 0, "cannot open: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return entry(w, GL_DIRWALK_SKIP, GALLEY_SKIP_NOT_REGULAR, "not a regular file%s", "");
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK); /* regular files never block */
    w->fd = fd;
    return entry(w, GL_DIRWALK_FILE, 0, "%s", "");
}

int gl_dirwalk_next(gl_dirwalk *w)
{
    if (w->fd >= 0) close(w->fd);
    w->fd = -1;
    free(w->path);
    w->path = NULL;
    while (w->depth) {
        gl_dir_frame *f = &w->stack[w->depth - 1];
        if (f->i == f->n) {
            frame_free(f);
            w->depth--;
            continue;
        }
        const char *name = f->names[f->i++];
        size_t plen = strlen(f->path) + 1 + strlen(name) + 1;
        w->path = malloc(plen);
        if (!w->path) {
            w->nomem = true;
            return 0;
        }
        snprintf(w->path, plen, "%s/%s", f->path, name);
        if (name[0] == '.') /* hidden: not an input, but counted */
            return entry(w, GL_DIRWALK_SKIP, GALLEY_SKIP_HIDDEN, "hidden%s", "");
        struct stat st;
        if (lstat(w->path, &st) != 0)
            return entry(w, GL_DIRWALK_ERROR, 0, "cannot read: %s", strerror(errno));
        if (S_ISLNK(st.st_mode) && stat(w->path, &st) == 0 && S_ISDIR(st.st_mode))
            return entry(w, GL_DIRWALK_SKIP, GALLEY_SKIP_SYMLINK_DIR,
                         "symbolic link to a directory, not followed%s", "");
        if (!S_ISDIR(st.st_mode)) return open_file(w);
        if (w->depth == w->max_depth) { /* one error record stands for the subtree */
            entry(w, GL_DIRWALK_ERROR, 0,
                  "directory deeper than the walk's cap of %s levels: not read", w->depth_str);
            w->status = GALLEY_LIMIT_DEPTH;
            return 1;
        }
        if (!frame_open(&w->stack[w->depth], w->path))
            return entry(w, GL_DIRWALK_ERROR, 0, "cannot read directory: %s", strerror(errno));
        w->depth++;
        free(w->path); /* the frame keeps its own copy */
        w->path = NULL;
    }
    return 0;
}
