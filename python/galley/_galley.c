/*
 * _galley.c -- the C half of the Python package `galley`: a thin layer over
 * the public header include/galley.h and nothing else.
 *
 * What lives here and why:
 *   - Core: one galley_options object, set once from already checked values
 *     (galley/__init__.py turns keyword arguments into them), then shared
 *     read-only by every call and every thread.
 *   - Core.extract(): bytes or str in, the rendering out (JSON for the
 *     Python dict, so that one writer -- the library's -- makes the record).
 *     The GIL is released while the library works, so threads scale.
 *   - WarcReader: galley_warc_open_fd/galley_warc_next, one record out per
 *     HTML record (an error record when it fails), rendered by
 *     galley_warc_record_render(), skipped records counted.
 *
 * Stable ABI (Py_LIMITED_API 3.11): the module loads unchanged in every
 * later CPython.
 */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdlib.h>
#include <string.h>

#include "galley.h"

typedef struct {
    PyTypeObject *core_type;
    PyTypeObject *warc_type;
} module_state;

static module_state *state_of(PyObject *module)
{
    return (module_state *)PyModule_GetState(module);
}

/* Raises ExtractionError(message) with .status (short name), .code (number)
 * and .result (a partial rendering, or None). */
static void raise_extraction_error(PyObject *cls, galley_status st, const char *msg,
                                   PyObject *result)
{
    PyObject *exc = PyObject_CallFunction(cls, "s", msg && *msg ? msg : galley_status_str(st));
    if (!exc) return;
    PyObject *name = PyUnicode_FromString(galley_status_name(st));
    PyObject *code = PyLong_FromLong((long)st);
    if (name && code && PyObject_SetAttrString(exc, "status", name) == 0 &&
        PyObject_SetAttrString(exc, "code", code) == 0 &&
        PyObject_SetAttrString(exc, "result", result ? result : Py_None) == 0)
        PyErr_SetObject(cls, exc);
    Py_XDECREF(name);
    Py_XDECREF(code);
    Py_DECREF(exc);
}

/* A str argument as UTF-8 without NUL bytes, or NULL for None. */
static int utf8_arg(PyObject *o, const char *what, const char **out)
{
    *out = NULL;
    if (o == Py_None) return 0;
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str or None", what);
        return -1;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) return -1;
    if ((Py_ssize_t)strlen(s) != n) {
        PyErr_Format(PyExc_ValueError, "%s contains a NUL character", what);
        return -1;
    }
    *out = s;
    return 0;
}

/* ------------------------------------------------------------------ Core */

typedef struct {
    PyObject_HEAD
    galley_options *opts;
    PyObject *extraction_error; /* strong reference */
} CoreObject;

/* Core(settings): `settings` is a sequence of (option number, value) pairs,
 * already checked for type and sign by the Python layer; the library checks
 * the range. */
static int core_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    CoreObject *c = (CoreObject *)self;
    PyObject *settings, *errcls;
    static char *kwlist[] = {"settings", "extraction_error", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:Core", kwlist, &settings, &errcls))
        return -1;
    if (c->opts) {
        PyErr_SetString(PyExc_RuntimeError, "Core is already initialised");
        return -1;
    }
    c->opts = galley_options_new();
    if (!c->opts) {
        PyErr_NoMemory();
        return -1;
    }
    Py_INCREF(errcls);
    c->extraction_error = errcls;
    PyObject *seq = PySequence_Fast(settings, "settings must be a sequence of pairs");
    if (!seq) return -1;
    Py_ssize_t n = PySequence_Size(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PySequence_GetItem(seq, i);
        if (!pair) {
            Py_DECREF(seq);
            return -1;
        }
        int opt;
        long long v;
        PyObject *name;
        if (PyTuple_Check(pair) && PyTuple_Size(pair) == 3 &&
            PyUnicode_Check(PyTuple_GetItem(pair, 0))) {
            /* ("tune", row, value): galley_options_set_tune */
            const char *row;
            PyObject *tag, *value;
            double tv = -1;
            int tok = PyArg_ParseTuple(pair, "UsO", &tag, &row, &value);
            if (tok) {
                tv = PyFloat_AsDouble(value);
                tok = !(tv == -1 && PyErr_Occurred());
            }
            if (tok && galley_options_set_tune(c->opts, row, tv) != GALLEY_OK) {
                PyErr_Format(PyExc_ValueError,
                             "bad tune entry %s=%R (an unknown name, a value its type cannot "
                             "hold, or more than 32 names; galley --tune list shows them)",
                             row, value);
                tok = 0;
            }
            Py_DECREF(pair);
            if (!tok) {
                Py_DECREF(seq);
                return -1;
            }
            continue;
        }
        int ok = PyArg_ParseTuple(pair, "iLU", &opt, &v, &name);
        Py_DECREF(pair);
        if (!ok) {
            Py_DECREF(seq);
            return -1;
        }
        if (galley_options_set_int(c->opts, (galley_option)opt, (int64_t)v) != GALLEY_OK) {
            /* the CLI's wording, with the keyword for the flag */
            PyErr_Format(PyExc_ValueError, "value out of range for %U", name);
            Py_DECREF(seq);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

static void core_dealloc(PyObject *self)
{
    CoreObject *c = (CoreObject *)self;
    PyTypeObject *tp = Py_TYPE(self);
    galley_options_free(c->opts);
    c->opts = NULL;
    Py_CLEAR(c->extraction_error);
    freefunc f = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    f(self);
    Py_DECREF(tp);
}

static int core_ready(CoreObject *c)
{
    if (!c->opts) {
        PyErr_SetString(PyExc_RuntimeError, "Core was not initialised");
        return -1;
    }
    return 0;
}

/* Core.get(option) -> the option's integer value. */
static PyObject *core_get(PyObject *self, PyObject *arg)
{
    CoreObject *c = (CoreObject *)self;
    if (core_ready(c) < 0) return NULL;
    long opt = PyLong_AsLong(arg);
    if (opt == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromLongLong((long long)galley_options_get_int(c->opts, (galley_option)opt));
}

/* Core.extract(html, url, charset, fmt) -> str. Raises ExtractionError for a
 * document that gave no article or no body. */
static PyObject *core_extract(PyObject *self, PyObject *args)
{
    CoreObject *c = (CoreObject *)self;
    PyObject *html, *urlo, *charseto;
    int fmt;
    if (!PyArg_ParseTuple(args, "OOOi:extract", &html, &urlo, &charseto, &fmt)) return NULL;
    if (core_ready(c) < 0) return NULL;
    if (fmt < GALLEY_FORMAT_TEXT || fmt > GALLEY_FORMAT_XML) {
        PyErr_Format(PyExc_ValueError, "unknown format number %d", fmt);
        return NULL;
    }
    const char *url, *charset;
    if (utf8_arg(urlo, "url", &url) < 0 || utf8_arg(charseto, "charset", &charset) < 0)
        return NULL;
    if (charset && !galley_encoding_for_label(charset, strlen(charset))) {
        PyErr_Format(PyExc_ValueError, "unknown character encoding '%s'", charset);
        return NULL;
    }

    /* str is already text: hand over its UTF-8 and say so, so that a
     * <meta charset> inside cannot re-decode it. bytes-like objects are
     * sniffed like the CLI's files. The buffer export pins a bytearray's
     * storage while the GIL is released. */
    Py_buffer view;
    int have_view = 0;
    const char *bytes;
    Py_ssize_t len;
    if (PyUnicode_Check(html)) {
        if (charset) {
            PyErr_SetString(PyExc_ValueError, "charset applies to bytes input only");
            return NULL;
        }
        bytes = PyUnicode_AsUTF8AndSize(html, &len);
        if (!bytes) return NULL;
        charset = "UTF-8";
    } else if (PyObject_CheckBuffer(html)) {
        if (PyObject_GetBuffer(html, &view, PyBUF_SIMPLE) < 0) return NULL;
        have_view = 1;
        bytes = (const char *)view.buf;
        len = view.len;
    } else {
        PyErr_SetString(PyExc_TypeError, "html must be bytes or str");
        return NULL;
    }

    galley_error err;
    memset(&err, 0, sizeof err);
    galley_article *a;
    char *out = NULL;
    size_t out_len = 0;
    galley_status st;
    Py_BEGIN_ALLOW_THREADS
    a = galley_extract(bytes, (size_t)len, url, charset, c->opts, &err);
    if (a) out = galley_article_render(a, (galley_format)fmt, &out_len);
    st = a ? galley_article_status(a) : (err.code != GALLEY_OK ? err.code : GALLEY_ERR_NOMEM);
    galley_article_free(a);
    Py_END_ALLOW_THREADS
    if (have_view) PyBuffer_Release(&view);

    if (a && !out) return PyErr_NoMemory();
    PyObject *res = NULL;
    if (out) {
        res = PyUnicode_DecodeUTF8(out, (Py_ssize_t)out_len, "replace");
        galley_free(out);
        if (!res) return NULL;
    }
    if (!a || st == GALLEY_ERR_NO_CONTENT) {
        raise_extraction_error(c->extraction_error, st, a ? NULL : err.msg, res);
        Py_XDECREF(res);
        return NULL;
    }
    return res;
}

static PyMethodDef core_methods[] = {
    {"extract", core_extract, METH_VARARGS,
     "extract(html, url, charset, fmt) -> str: the rendering of the article."},
    {"get", core_get, METH_O, "get(option) -> int: the value of an option."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot core_slots[] = {
    {Py_tp_doc, "Extraction options set once (internal: use galley.Extractor)."},
    {Py_tp_init, core_init},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, core_dealloc},
    {Py_tp_methods, core_methods},
    {0, NULL},
};

static PyType_Spec core_spec = {
    "galley._galley.Core", sizeof(CoreObject), 0, Py_TPFLAGS_DEFAULT, core_slots,
};

/* ------------------------------------------------------------- WarcReader */

typedef struct {
    PyObject_HEAD
    galley_warc *w;
    PyObject *core;   /* CoreObject: the extraction options */
    char *source;     /* the "source" of every record; NULL gives null */
    int busy;         /* a next() is running without the GIL */
    unsigned long long read, extracted, skipped, errors, junk;
} WarcObject;

/* WarcReader(fd, core, source, max_bytes, max_member_bytes): reads the fd
 * (which it does not close) sequentially. */
static int warc_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    WarcObject *r = (WarcObject *)self;
    int fd;
    PyObject *core, *sourceo;
    long long max_bytes, max_member;
    static char *kwlist[] = {"fd", "core", "source", "max_bytes", "max_member_bytes", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "iOOLL:WarcReader", kwlist, &fd, &core,
                                     &sourceo, &max_bytes, &max_member))
        return -1;
    if (r->w) {
        PyErr_SetString(PyExc_RuntimeError, "WarcReader is already initialised");
        return -1;
    }
    PyObject *mod = PyType_GetModule(Py_TYPE(self));
    if (!mod) return -1;
    if (!PyObject_TypeCheck(core, state_of(mod)->core_type) ||
        !((CoreObject *)core)->opts) {
        PyErr_SetString(PyExc_TypeError, "core must be an initialised Core");
        return -1;
    }
    if (fd < 0) {
        PyErr_SetString(PyExc_ValueError, "bad file descriptor");
        return -1;
    }
    const char *source;
    if (utf8_arg(sourceo, "source", &source) < 0) return -1;
    if (source) {
        r->source = strdup(source);
        if (!r->source) {
            PyErr_NoMemory();
            return -1;
        }
    }
    r->w = galley_warc_open_fd(fd, max_bytes, max_member);
    if (!r->w) {
        PyErr_NoMemory();
        return -1;
    }
    Py_INCREF(core);
    r->core = core;
    return 0;
}

static void warc_release(WarcObject *r)
{
    if (r->w) r->junk = galley_warc_junk_bytes(r->w);
    galley_warc_free(r->w);
    r->w = NULL;
}

static void warc_dealloc(PyObject *self)
{
    WarcObject *r = (WarcObject *)self;
    PyTypeObject *tp = Py_TYPE(self);
    warc_release(r);
    free(r->source);
    r->source = NULL;
    Py_CLEAR(r->core);
    freefunc f = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    f(self);
    Py_DECREF(tp);
}

static int warc_usable(WarcObject *r)
{
    if (r->busy) {
        PyErr_SetString(PyExc_RuntimeError,
                        "a read_warc iterator was used from two threads at once");
        return -1;
    }
    return 0;
}

/* next() -> str: the JSON record of the next HTML record (a page or an
 * error); StopIteration at the end. Skipped records are counted, not
 * returned. */
static PyObject *warc_iternext(PyObject *self)
{
    WarcObject *r = (WarcObject *)self;
    if (warc_usable(r) < 0) return NULL;
    if (!r->w) return NULL; /* closed or ended: StopIteration */
    const galley_options *opts = ((CoreObject *)r->core)->opts;
    galley_warc_record rec;
    galley_article *a = NULL;
    galley_error err;
    char *out = NULL;
    size_t out_len = 0;
    int got, ok = 0;
    unsigned long long skipped = 0;
    r->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    while ((got = galley_warc_next(r->w, &rec)) && rec.kind == GALLEY_WARC_SKIPPED) skipped++;
    if (got) {
        memset(&err, 0, sizeof err);
        if (rec.kind == GALLEY_WARC_DOCUMENT)
            a = galley_extract(rec.body, rec.body_len, rec.target_uri, rec.charset, opts, &err);
        out = galley_warc_record_render(&rec, a, r->source,
                                        err.code != GALLEY_OK ? err.code : GALLEY_ERR_NOMEM,
                                        err.msg, &out_len);
        ok = rec.kind == GALLEY_WARC_DOCUMENT && a && galley_article_status(a) == GALLEY_OK;
        galley_article_free(a);
    }
    Py_END_ALLOW_THREADS
    r->busy = 0;
    r->skipped += skipped;
    if (!got) {
        warc_release(r); /* the end: let go of the buffers now */
        return NULL;
    }
    r->read++;
    if (!out) return PyErr_NoMemory();
    if (ok) r->extracted++;
    else r->errors++;
    PyObject *res = PyUnicode_DecodeUTF8(out, (Py_ssize_t)out_len, "replace");
    galley_free(out);
    return res;
}

static PyObject *warc_close(PyObject *self, PyObject *unused)
{
    WarcObject *r = (WarcObject *)self;
    if (warc_usable(r) < 0) return NULL;
    warc_release(r);
    Py_RETURN_NONE;
}

/* counts() -> (read, extracted, skipped, errors, junk_bytes) */
static PyObject *warc_counts(PyObject *self, PyObject *unused)
{
    WarcObject *r = (WarcObject *)self;
    return Py_BuildValue("(KKKKK)", r->read, r->extracted, r->skipped, r->errors,
                         (unsigned long long)(r->w ? galley_warc_junk_bytes(r->w) : r->junk));
}

static PyMethodDef warc_methods[] = {
    {"close", warc_close, METH_NOARGS, "close(): stop reading and free the reader."},
    {"counts", warc_counts, METH_NOARGS,
     "counts() -> (read, extracted, skipped, errors, junk_bytes)"},
    {NULL, NULL, 0, NULL},
};

static PyObject *self_iter(PyObject *self)
{
    Py_INCREF(self);
    return self;
}

static PyType_Slot warc_slots[] = {
    {Py_tp_doc, "WARC records as JSON (internal: use galley.read_warc)."},
    {Py_tp_init, warc_init},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, warc_dealloc},
    {Py_tp_iter, self_iter},
    {Py_tp_iternext, warc_iternext},
    {Py_tp_methods, warc_methods},
    {0, NULL},
};

static PyType_Spec warc_spec = {
    "galley._galley.WarcReader", sizeof(WarcObject), 0, Py_TPFLAGS_DEFAULT, warc_slots,
};

/* ---------------------------------------------------------------- module */

static PyObject *mod_version(PyObject *m, PyObject *unused)
{
    return PyUnicode_FromString(galley_version());
}

/* encoding_for_label(label) -> canonical name or None */
static PyObject *mod_encoding(PyObject *m, PyObject *arg)
{
    const char *label;
    if (utf8_arg(arg, "label", &label) < 0) return NULL;
    const char *name = label ? galley_encoding_for_label(label, strlen(label)) : NULL;
    if (!name) Py_RETURN_NONE;
    return PyUnicode_FromString(name);
}

static PyMethodDef module_methods[] = {
    {"version", mod_version, METH_NOARGS, "version() -> str: the C library's version."},
    {"encoding_for_label", mod_encoding, METH_O,
     "encoding_for_label(label) -> str or None: the WHATWG name of an encoding label."},
    {NULL, NULL, 0, NULL},
};

static int add_int(PyObject *m, const char *name, long v)
{
    return PyModule_AddIntConstant(m, name, v);
}

/* The caps' defaults, read from the C library at import so that the
 * package holds no copy of its own: the per-document caps from a fresh
 * options object (galley_options_new), the time budget and the WARC
 * member cap from the batch defaults the CLI starts from
 * (galley_batch_config_init, src/io/defaults.h). */
static int add_defaults(PyObject *m)
{
    galley_options *o = galley_options_new();
    if (!o) {
        PyErr_NoMemory();
        return -1;
    }
    galley_batch_config c;
    galley_batch_config_init(&c);
    const struct { const char *name; long long v; } d[] = {
        {"DEFAULT_TIMEOUT_MS", (long long)c.timeout_ms},
        {"DEFAULT_MAX_BYTES", (long long)c.max_bytes},
        {"DEFAULT_MAX_MEMBER_BYTES", (long long)c.max_member_bytes},
        {"DEFAULT_MAX_DEPTH", (long long)galley_options_get_int(o, GALLEY_OPT_MAX_DEPTH)},
        {"DEFAULT_MAX_NODES", (long long)galley_options_get_int(o, GALLEY_OPT_MAX_NODES)},
        {"DEFAULT_MAX_ATTRS", (long long)galley_options_get_int(o, GALLEY_OPT_MAX_ATTRS)},
    };
    galley_options_free(o);
    for (size_t i = 0; i < sizeof d / sizeof *d; i++) {
        PyObject *v = PyLong_FromLongLong(d[i].v);
        int rc = v ? PyModule_AddObjectRef(m, d[i].name, v) : -1;
        Py_XDECREF(v);
        if (rc < 0) return -1;
    }
    return 0;
}

static int module_exec(PyObject *m)
{
    module_state *s = state_of(m);
    s->core_type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &core_spec, NULL);
    if (!s->core_type || PyModule_AddType(m, s->core_type) < 0) return -1;
    s->warc_type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &warc_spec, NULL);
    if (!s->warc_type || PyModule_AddType(m, s->warc_type) < 0) return -1;
    /* option numbers and formats: the Python layer names them */
    static const struct { const char *name; long v; } ints[] = {
        {"OPT_MAX_INPUT_BYTES", GALLEY_OPT_MAX_INPUT_BYTES},
        {"OPT_MAX_DEPTH", GALLEY_OPT_MAX_DEPTH},
        {"OPT_MAX_NODES", GALLEY_OPT_MAX_NODES},
        {"OPT_MAX_ATTRS", GALLEY_OPT_MAX_ATTRS},
        {"OPT_TIMEOUT_MS", GALLEY_OPT_TIMEOUT_MS},
        {"OPT_MODE", GALLEY_OPT_MODE},
        {"OPT_COMMENTS", GALLEY_OPT_COMMENTS},
        {"OPT_METADATA", GALLEY_OPT_METADATA},
        {"OPT_REFERENCE_TIME", GALLEY_OPT_REFERENCE_TIME},
        {"OPT_IMAGES", GALLEY_OPT_IMAGES},
        {"OPT_CAPTIONS", GALLEY_OPT_CAPTIONS},
        {"OPT_LINKS", GALLEY_OPT_LINKS},
        {"OPT_TABLES", GALLEY_OPT_TABLES},
        {"OPT_LANGUAGE_DETECT", GALLEY_OPT_LANGUAGE_DETECT},
        {"MODE_PRECISION", GALLEY_MODE_PRECISION},
        {"MODE_BALANCED", GALLEY_MODE_BALANCED},
        {"MODE_RECALL", GALLEY_MODE_RECALL},
        {"FORMAT_TEXT", GALLEY_FORMAT_TEXT},
        {"FORMAT_MARKDOWN", GALLEY_FORMAT_MARKDOWN},
        {"FORMAT_JSON", GALLEY_FORMAT_JSON},
        {"FORMAT_HTML", GALLEY_FORMAT_HTML},
        {"FORMAT_XML", GALLEY_FORMAT_XML},
    };
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        if (add_int(m, ints[i].name, ints[i].v) < 0) return -1;
    return add_defaults(m);
}

static int module_traverse(PyObject *m, visitproc visit, void *arg)
{
    module_state *s = state_of(m);
    Py_VISIT(s->core_type);
    Py_VISIT(s->warc_type);
    return 0;
}

static int module_clear(PyObject *m)
{
    module_state *s = state_of(m);
    Py_CLEAR(s->core_type);
    Py_CLEAR(s->warc_type);
    return 0;
}

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "galley._galley",
    "The C half of galley: extraction and WARC reading over include/galley.h.",
    sizeof(module_state),
    module_methods,
    module_slots,
    module_traverse,
    module_clear,
    NULL,
};

PyMODINIT_FUNC PyInit__galley(void)
{
    return PyModuleDef_Init(&module_def);
}
