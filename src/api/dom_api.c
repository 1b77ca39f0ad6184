/*
 * dom_api.c -- the public, read-only DOM: galley_parse*, galley_doc_*,
 * galley_node_*. Handles are the internal structs (src/dom/dom.h).
 */
#include <stdlib.h>

#include "../dom/dom.h"
#include "../html/parser.h"
#include "../html/serialize.h"

GALLEY_API galley_doc *galley_parse(const char *bytes, size_t len, const char *charset,
                                    const galley_options *opts, galley_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!opts) opts = gl_options_default();
    gl_deadline dl;
    gl_deadline_start(&dl, opts->timeout_ms);
    return gl_parse_bytes(NULL, bytes, len, charset, opts, &dl, err);
}

GALLEY_API galley_doc *galley_parse_fragment(const char *input, size_t len, const char *context,
                                             galley_ns context_ns, const galley_options *opts,
                                             galley_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if ((!input && len) || !context || context_ns > GALLEY_NS_MATHML) {
        gl_error_set(err, GALLEY_ERR_INVALID_ARG, 0, "bad fragment arguments");
        return NULL;
    }
    if (!opts) opts = gl_options_default();
    if (opts->max_input_bytes > 0 && (uint64_t)len > (uint64_t)opts->max_input_bytes) {
        gl_error_set(err, GALLEY_ERR_TOO_LARGE, 0, NULL);
        return NULL;
    }
    gl_deadline dl;
    gl_deadline_start(&dl, opts->timeout_ms);
    gl_parser *p = gl_parser_new();
    gl_doc *doc = gl_doc_new(true);
    if (!p || !doc) {
        gl_parser_free(p);
        gl_doc_free(doc);
        gl_error_set(err, GALLEY_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    /* the document keeps its own copy of the input, as galley_parse does */
    doc->text = malloc(len + 1);
    if (!doc->text) {
        gl_parser_free(p);
        gl_doc_free(doc);
        gl_error_set(err, GALLEY_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    if (len) memcpy(doc->text, input, len);
    doc->text[len] = '\0';
    doc->text_len = len;
    galley_status st =
        gl_parser_parse_fragment(p, doc, doc->text, len, context, context_ns, opts, &dl);
    gl_parser_free(p);
    if (st != GALLEY_OK) {
        gl_error_set(err, st, 0, NULL);
        gl_doc_free(doc);
        return NULL;
    }
    return doc;
}

GALLEY_API void galley_doc_free(galley_doc *doc)
{
    gl_doc_free(doc);
}

GALLEY_API galley_status galley_doc_status(const galley_doc *doc)
{
    return doc ? doc->status : GALLEY_ERR_INVALID_ARG;
}

GALLEY_API const char *galley_doc_encoding(const galley_doc *doc, galley_encoding_basis *basis)
{
    if (!doc) return NULL;
    if (basis) *basis = doc->encoding_basis;
    return doc->encoding;
}

GALLEY_API int galley_doc_quirks_mode(const galley_doc *doc)
{
    return doc ? doc->quirks_mode : 0;
}

GALLEY_API size_t galley_doc_parse_errors(const galley_doc *doc)
{
    return doc ? doc->parse_errors : 0;
}

GALLEY_API galley_node *galley_doc_root(const galley_doc *doc)
{
    return doc ? doc->root : NULL;
}

GALLEY_API galley_node_type galley_node_get_type(const galley_node *n)
{
    return n ? (galley_node_type)n->type : (galley_node_type)0;
}

GALLEY_API const char *galley_node_name(const galley_node *n, size_t *len)
{
    if (!n || (n->type != GALLEY_NODE_ELEMENT && n->type != GALLEY_NODE_DOCTYPE)) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = n->name_len;
    return n->name ? n->name : "";
}

GALLEY_API galley_ns galley_node_ns(const galley_node *n)
{
    return n ? (galley_ns)n->ns : GALLEY_NS_HTML;
}

GALLEY_API galley_node *galley_node_parent(const galley_node *n) { return n ? n->parent : NULL; }
GALLEY_API galley_node *galley_node_first_child(const galley_node *n)
{
    return n ? n->first_child : NULL;
}
GALLEY_API galley_node *galley_node_last_child(const galley_node *n)
{
    return n ? n->last_child : NULL;
}
GALLEY_API galley_node *galley_node_next(const galley_node *n) { return n ? n->next : NULL; }
GALLEY_API galley_node *galley_node_prev(const galley_node *n) { return n ? n->prev : NULL; }

GALLEY_API const char *galley_node_data(const galley_node *n, size_t *len)
{
    if (!n || (n->type != GALLEY_NODE_TEXT && n->type != GALLEY_NODE_COMMENT)) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = n->data_len;
    return n->data ? n->data : "";
}

GALLEY_API size_t galley_node_attr_count(const galley_node *n)
{
    return n && n->type == GALLEY_NODE_ELEMENT ? n->nattrs : 0;
}

GALLEY_API int galley_node_attr(const galley_node *n, size_t i, const char **name,
                                const char **value, size_t *value_len, galley_ns *ns)
{
    if (!n || n->type != GALLEY_NODE_ELEMENT || i >= n->nattrs) return 0;
    const gl_attr *a = &n->attrs[i];
    if (name) *name = a->name;
    if (value) *value = a->value;
    if (value_len) *value_len = a->value_len;
    if (ns) *ns = (galley_ns)a->ns;
    return 1;
}

GALLEY_API const char *galley_node_get_attr(const galley_node *n, const char *name)
{
    if (!n || !name) return NULL;
    return gl_node_attr_value(n, name);
}

GALLEY_API galley_node *galley_node_template_content(const galley_node *n)
{
    if (!n || n->type != GALLEY_NODE_ELEMENT || n->ns != GALLEY_NS_HTML ||
        n->tag != GL_TAG_TEMPLATE)
        return NULL;
    return n->u.template_content;
}

GALLEY_API const char *galley_node_doctype_public(const galley_node *n)
{
    return n && n->type == GALLEY_NODE_DOCTYPE ? n->u.doctype.public_id : NULL;
}

GALLEY_API const char *galley_node_doctype_system(const galley_node *n)
{
    return n && n->type == GALLEY_NODE_DOCTYPE ? n->u.doctype.system_id : NULL;
}

GALLEY_API char *galley_node_text_content(const galley_node *n, size_t *len)
{
    if (len) *len = 0;
    if (!n) return NULL;
    gl_buf b;
    gl_buf_init(&b);
    if (n->type == GALLEY_NODE_COMMENT) gl_buf_append(&b, n->data, n->data_len);
    else gl_node_gather_text(n, &b);
    if (b.failed || !gl_buf_cstr(&b)) {
        gl_buf_free(&b);
        return NULL;
    }
    return gl_buf_detach(&b, len);
}

GALLEY_API char *galley_node_serialize(const galley_node *n, int outer, size_t *len)
{
    if (len) *len = 0;
    if (!n) return NULL;
    gl_buf b;
    gl_buf_init(&b);
    if (!gl_html_serialize(n, outer != 0, false, &b) || !gl_buf_cstr(&b)) {
        gl_buf_free(&b);
        return NULL;
    }
    return gl_buf_detach(&b, len);
}
