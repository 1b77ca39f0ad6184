/*
 * dom.h -- galley's internal DOM: nodes in one arena per document.
 *
 * Public handles (galley_doc, galley_node) are these same structs; the
 * public header keeps them opaque. Modules read fields directly.
 * Nodes are never freed one by one: gl_doc_free() drops the arena.
 */
#ifndef GL_DOM_H
#define GL_DOM_H

#include "../core/core.h"
#include "tags.h"

typedef struct gl_attr {
    const char *name;  /* local name, NUL-terminated */
    const char *value; /* NUL-terminated */
    uint32_t name_len, value_len;
    uint8_t ns;        /* GALLEY_NS_NONE, XLINK, XML, XMLNS */
    const char *prefix; /* "xlink", "xml", "xmlns" or NULL */
} gl_attr;

/* node flags (bits of gl_node.flags) */
enum {
    GL_NF_SELF_CLOSING = 1u << 0, /* start tag had a trailing slash */
    GL_NF_PARSER_INSERTED = 1u << 1,
    GL_NF_HTML_INTEGRATION = 1u << 2, /* annotation-xml that is an HTML integration point */
    /* bits 3..4 are the tree builder's own marks, meaningful only while parsing */
    GL_NF_OPEN = 1u << 3, /* on the stack of open elements */
    GL_NF_AFE = 1u << 4,  /* in the list of active formatting elements */
    /* bits 5..10 are unused (the metadata pass hands its marks over in gl_page_hints) */
    /* bits 11..15 are the extractor's own scratch marks */
    GL_NF_EXTRACT0 = 1u << 11,
};

typedef struct galley_node gl_node;
struct galley_node {
    gl_node *parent, *first_child, *last_child, *prev, *next;
    uint8_t type;   /* galley_node_type */
    uint8_t ns;     /* galley_ns (element namespace) */
    uint16_t tag;   /* enum gl_tag; GL_TAG_UNKNOWN for other names */
    uint16_t flags;
    uint16_t depth; /* element depth below the document, capped at 65535 */
    uint32_t index; /* creation order; unique within the document */
    uint32_t nattrs;
    gl_attr *attrs;
    /* element: local name; doctype: name ("" when missing) */
    const char *name;
    uint32_t name_len;
    /* text/comment: data. */
    uint32_t data_len;
    char *data;
    /* doctype: public/system ids (NULL when missing); template: content */
    union {
        struct {
            const char *public_id, *system_id;
        } doctype;
        gl_node *template_content;
    } u;
};

typedef struct galley_doc gl_doc;
struct galley_doc {
    gl_arena arena;
    gl_node *root;          /* DOCUMENT or FRAGMENT node */
    const char *encoding;   /* canonical name of the source encoding */
    galley_encoding_basis encoding_basis;
    int quirks_mode;        /* 0 no-quirks, 1 quirks, 2 limited-quirks */
    galley_status status;   /* first cap that tripped, or OK */
    size_t parse_errors;
    size_t node_count;
    /* the decoded UTF-8 input, kept for the document's lifetime */
    char *text;
    size_t text_len;
};

/* Creates an empty document with a DOCUMENT root (or FRAGMENT when
 * `fragment`). NULL on OOM. */
gl_doc *gl_doc_new(bool fragment);
/* As gl_doc_new, with the arena's first chunk sized for the document
 * (small pages need not pay for a 64 KiB chunk). */
gl_doc *gl_doc_new_sized(bool fragment, size_t first_chunk);
void gl_doc_free(gl_doc *d);

/* Node constructors: NULL on OOM. Strings are copied into the arena. */
gl_node *gl_node_new(gl_doc *d, galley_node_type type);
gl_node *gl_element_new(gl_doc *d, const char *name, size_t len, galley_ns ns);
gl_node *gl_text_new(gl_doc *d, const char *s, size_t len);
gl_node *gl_comment_new(gl_doc *d, const char *s, size_t len);

/* Appends `s` to a text node's data (amortised by arena growth). */
bool gl_text_append(gl_doc *d, gl_node *t, const char *s, size_t len);

/* Tree surgery. `child` must be detached before appending/inserting. */
void gl_node_append(gl_node *parent, gl_node *child);
void gl_node_insert_before(gl_node *parent, gl_node *child, gl_node *ref); /* ref NULL: append */
void gl_node_detach(gl_node *n);

/* Attribute value by name (no namespace, ASCII case-sensitive since names
 * are stored lower-cased for HTML), or NULL. */
const gl_attr *gl_node_attr(const gl_node *n, const char *name);
const char *gl_node_attr_value(const gl_node *n, const char *name);
/* Adds an attribute (copied into the arena). */
bool gl_node_add_attr(gl_doc *d, gl_node *n, const char *name, size_t nlen, const char *value,
                      size_t vlen);

static inline bool gl_is_html(const gl_node *n, uint16_t tag)
{
    return n && n->type == GALLEY_NODE_ELEMENT && n->ns == GALLEY_NS_HTML && n->tag == tag;
}
static inline bool gl_is_element(const gl_node *n)
{
    return n && n->type == GALLEY_NODE_ELEMENT;
}

/* Iterative pre-order walk within the subtree of `root`: returns the node
 * after `n`, or NULL when the subtree is done. `skip_children` skips n's
 * descendants. No recursion, O(1) memory. Inline: every walk over a page
 * takes this step once per node. */
static inline gl_node *gl_walk_next(const gl_node *root, const gl_node *n, bool skip_children)
{
    if (!skip_children && n->first_child) return n->first_child;
    while (n && n != root) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

/* Appends the text of all descendant text nodes of `n` to `out`. */
bool gl_node_gather_text(const gl_node *n, gl_buf *out);

#endif
