/* dom.c -- node construction, tree surgery, traversal. */
#include <stdlib.h>

#include "dom.h"

gl_doc *gl_doc_new(bool fragment)
{
    return gl_doc_new_sized(fragment, 1 << 16);
}

gl_doc *gl_doc_new_sized(bool fragment, size_t first_chunk)
{
    gl_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    gl_arena_init(&d->arena, first_chunk);
    d->root = gl_node_new(d, fragment ? GALLEY_NODE_FRAGMENT : GALLEY_NODE_DOCUMENT);
    if (!d->root) {
        gl_doc_free(d);
        return NULL;
    }
    d->encoding = "UTF-8";
    d->encoding_basis = GALLEY_ENC_VALID_UTF8;
    return d;
}

void gl_doc_free(gl_doc *d)
{
    if (!d) return;
    gl_arena_destroy(&d->arena);
    free(d->text);
    free(d);
}

gl_node *gl_node_new(gl_doc *d, galley_node_type type)
{
    gl_node *n = gl_arena_calloc(&d->arena, sizeof *n);
    if (!n) return NULL;
    n->type = (uint8_t)type;
    n->index = (uint32_t)d->node_count++;
    return n;
}

gl_node *gl_element_new(gl_doc *d, const char *name, size_t len, galley_ns ns)
{
    gl_node *n = gl_node_new(d, GALLEY_NODE_ELEMENT);
    if (!n) return NULL;
    n->ns = (uint8_t)ns;
    n->tag = gl_tag_lookup(name, len);
    /* known names share the static table's spelling when it matches exactly */
    const char *canon = gl_tag_name(n->tag);
    if (n->tag && strlen(canon) == len && memcmp(canon, name, len) == 0) {
        n->name = canon;
    } else {
        n->name = gl_arena_strndup(&d->arena, name, len);
        if (!n->name) return NULL;
    }
    n->name_len = (uint32_t)len;
    return n;
}

static gl_node *chardata_new(gl_doc *d, galley_node_type type, const char *s, size_t len)
{
    gl_node *n = gl_node_new(d, type);
    if (!n) return NULL;
    n->data = gl_arena_strndup(&d->arena, s, len);
    if (!n->data) return NULL;
    n->data_len = (uint32_t)len;
    return n;
}

gl_node *gl_text_new(gl_doc *d, const char *s, size_t len)
{
    return chardata_new(d, GALLEY_NODE_TEXT, s, len);
}

gl_node *gl_comment_new(gl_doc *d, const char *s, size_t len)
{
    return chardata_new(d, GALLEY_NODE_COMMENT, s, len);
}

bool gl_text_append(gl_doc *d, gl_node *t, const char *s, size_t len)
{
    size_t old = t->data_len;
    if (len > UINT32_MAX - old - 1) return false;
    char *p = gl_arena_grow(&d->arena, t->data, old + 1, old + len + 1);
    if (!p) return false;
    memcpy(p + old, s, len);
    p[old + len] = '\0';
    t->data = p;
    t->data_len = (uint32_t)(old + len);
    return true;
}

void gl_node_append(gl_node *parent, gl_node *child)
{
    gl_node_insert_before(parent, child, NULL);
}

void gl_node_insert_before(gl_node *parent, gl_node *child, gl_node *ref)
{
    child->parent = parent;
    if (!ref) {
        child->prev = parent->last_child;
        child->next = NULL;
        if (parent->last_child) parent->last_child->next = child;
        else parent->first_child = child;
        parent->last_child = child;
    } else {
        child->next = ref;
        child->prev = ref->prev;
        if (ref->prev) ref->prev->next = child;
        else parent->first_child = child;
        ref->prev = child;
    }
    if (child->type == GALLEY_NODE_ELEMENT) {
        unsigned dep = parent->type == GALLEY_NODE_ELEMENT ? parent->depth + 1u : 1u;
        child->depth = (uint16_t)(dep > 65535 ? 65535 : dep);
    }
}

void gl_node_detach(gl_node *n)
{
    gl_node *p = n->parent;
    if (!p) return;
    if (n->prev) n->prev->next = n->next;
    else p->first_child = n->next;
    if (n->next) n->next->prev = n->prev;
    else p->last_child = n->prev;
    n->parent = n->prev = n->next = NULL;
}

const gl_attr *gl_node_attr(const gl_node *n, const char *name)
{
    if (!n || n->type != GALLEY_NODE_ELEMENT) return NULL;
    /* the first byte rules out most attributes; the length is only
     * measured once one might match (this runs per node in every walk) */
    size_t len = SIZE_MAX;
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->name[0] != name[0] || a->ns != GALLEY_NS_NONE) continue;
        if (len == SIZE_MAX) len = strlen(name);
        if (a->name_len == len && memcmp(a->name, name, len) == 0) return a;
    }
    return NULL;
}

const char *gl_node_attr_value(const gl_node *n, const char *name)
{
    const gl_attr *a = gl_node_attr(n, name);
    return a ? a->value : NULL;
}

bool gl_node_add_attr(gl_doc *d, gl_node *n, const char *name, size_t nlen, const char *value,
                      size_t vlen)
{
    gl_attr *na = gl_arena_grow(&d->arena, n->attrs, n->nattrs * sizeof(gl_attr),
                                (n->nattrs + 1) * sizeof(gl_attr));
    if (!na) return false;
    gl_attr *a = &na[n->nattrs];
    memset(a, 0, sizeof *a);
    a->name = gl_arena_strndup(&d->arena, name, nlen);
    a->value = gl_arena_strndup(&d->arena, value, vlen);
    if (!a->name || !a->value) return false;
    a->name_len = (uint32_t)nlen;
    a->value_len = (uint32_t)vlen;
    a->ns = GALLEY_NS_NONE;
    n->attrs = na;
    n->nattrs++;
    return true;
}

bool gl_node_gather_text(const gl_node *n, gl_buf *out)
{
    if (n->type == GALLEY_NODE_TEXT) return gl_buf_append(out, n->data, n->data_len);
    for (const gl_node *c = n->first_child; c; c = gl_walk_next(n, c, false)) {
        if (c->type == GALLEY_NODE_TEXT && !gl_buf_append(out, c->data, c->data_len))
            return false;
    }
    return true;
}
