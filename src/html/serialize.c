/*
 * serialize.c -- HTML Standard 13.3 "Serializing HTML fragments". Walks the
 * tree iteratively with an explicit stack (template contents are not
 * reachable by parent pointers, so a pointer walk alone will not do).
 */
#include <stdlib.h>

#include "serialize.h"

static bool is_void(const gl_node *n)
{
    if (n->ns != GALLEY_NS_HTML) return false;
    switch (n->tag) {
    case GL_TAG_AREA: case GL_TAG_BASE: case GL_TAG_BASEFONT: case GL_TAG_BGSOUND:
    case GL_TAG_BR: case GL_TAG_COL: case GL_TAG_EMBED: case GL_TAG_FRAME: case GL_TAG_HR:
    case GL_TAG_IMG: case GL_TAG_INPUT: case GL_TAG_KEYGEN: case GL_TAG_LINK:
    case GL_TAG_META: case GL_TAG_PARAM: case GL_TAG_SOURCE: case GL_TAG_TRACK:
    case GL_TAG_WBR: return true;
    default: return false;
    }
}

static bool raw_text_parent(const gl_node *n, bool scripting)
{
    if (!n || n->type != GALLEY_NODE_ELEMENT || n->ns != GALLEY_NS_HTML) return false;
    switch (n->tag) {
    case GL_TAG_STYLE: case GL_TAG_SCRIPT: case GL_TAG_XMP: case GL_TAG_IFRAME:
    case GL_TAG_NOEMBED: case GL_TAG_NOFRAMES: case GL_TAG_PLAINTEXT: return true;
    case GL_TAG_NOSCRIPT: return scripting;
    default: return false;
    }
}

/* "escaping a string": & and U+00A0 always; < > in text and, as the
 * current standard has it, in attribute values too; " in attribute mode. */
static bool escape(gl_buf *out, const char *s, size_t n, bool attr)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        size_t skip = 1;
        unsigned char c = (unsigned char)s[i];
        if (c == '&') rep = "&amp;";
        else if (c == '<') rep = "&lt;";
        else if (c == '>') rep = "&gt;";
        else if (c == '"' && attr) rep = "&quot;";
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            rep = "&nbsp;";
            skip = 2;
        }
        if (rep) {
            if (!gl_buf_append(out, s + run, i - run) || !gl_buf_puts(out, rep)) return false;
            i += skip - 1;
            run = i + 1;
        }
    }
    return gl_buf_append(out, s + run, n - run);
}

static bool open_tag(gl_buf *out, const gl_node *n)
{
    if (!gl_buf_putc(out, '<') || !gl_buf_append(out, n->name, n->name_len)) return false;
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        if (!gl_buf_putc(out, ' ')) return false;
        if (a->ns == GALLEY_NS_XML) gl_buf_puts(out, "xml:");
        else if (a->ns == GALLEY_NS_XLINK) gl_buf_puts(out, "xlink:");
        else if (a->ns == GALLEY_NS_XMLNS && !(a->name_len == 5 && !memcmp(a->name, "xmlns", 5)))
            gl_buf_puts(out, "xmlns:");
        if (!gl_buf_append(out, a->name, a->name_len) || !gl_buf_puts(out, "=\"") ||
            !escape(out, a->value, a->value_len, true) || !gl_buf_putc(out, '"'))
            return false;
    }
    return gl_buf_putc(out, '>');
}

static bool close_tag(gl_buf *out, const gl_node *n)
{
    return gl_buf_puts(out, "</") && gl_buf_append(out, n->name, n->name_len) &&
           gl_buf_putc(out, '>');
}

static const gl_node *children_of(const gl_node *n)
{
    if (n->type == GALLEY_NODE_ELEMENT && n->ns == GALLEY_NS_HTML && n->tag == GL_TAG_TEMPLATE)
        return n->u.template_content ? n->u.template_content->first_child : NULL;
    return n->first_child;
}

typedef struct frame {
    const gl_node *container, *next;
} frame;

bool gl_html_serialize(const gl_node *root, bool outer, bool scripting, gl_buf *out)
{
    if (!root) return true;
    if (outer && root->type != GALLEY_NODE_ELEMENT && root->type != GALLEY_NODE_DOCUMENT &&
        root->type != GALLEY_NODE_FRAGMENT) {
        /* a lone text, comment or doctype node */
        if (root->type == GALLEY_NODE_TEXT)
            return raw_text_parent(root->parent, scripting)
                       ? gl_buf_append(out, root->data, root->data_len)
                       : escape(out, root->data, root->data_len, false);
        if (root->type == GALLEY_NODE_COMMENT)
            return gl_buf_puts(out, "<!--") && gl_buf_append(out, root->data, root->data_len) &&
                   gl_buf_puts(out, "-->");
        return gl_buf_puts(out, "<!DOCTYPE ") && gl_buf_append(out, root->name, root->name_len) &&
               gl_buf_putc(out, '>');
    }
    if (outer && root->type == GALLEY_NODE_ELEMENT) {
        if (!open_tag(out, root)) return false;
        if (is_void(root)) return true;
    }
    size_t cap = 64, depth = 0;
    frame *st = malloc(cap * sizeof *st);
    if (!st) return false;
    st[depth++] = (frame){root, children_of(root)};
    bool ok = true;
    while (depth && ok) {
        frame *f = &st[depth - 1];
        const gl_node *c = f->next;
        if (!c) {
            const gl_node *done = f->container;
            depth--;
            if (done->type == GALLEY_NODE_ELEMENT && (depth || outer)) ok = close_tag(out, done);
            continue;
        }
        f->next = c->next;
        switch (c->type) {
        case GALLEY_NODE_ELEMENT:
            ok = open_tag(out, c);
            if (ok && !is_void(c)) {
                if (depth == cap) {
                    frame *ns = realloc(st, cap * 2 * sizeof *st);
                    if (!ns) {
                        ok = false;
                        break;
                    }
                    st = ns;
                    cap *= 2;
                }
                st[depth++] = (frame){c, children_of(c)};
            }
            break;
        case GALLEY_NODE_TEXT:
            ok = raw_text_parent(f->container, scripting)
                     ? gl_buf_append(out, c->data, c->data_len)
                     : escape(out, c->data, c->data_len, false);
            break;
        case GALLEY_NODE_COMMENT:
            ok = gl_buf_puts(out, "<!--") && gl_buf_append(out, c->data, c->data_len) &&
                 gl_buf_puts(out, "-->");
            break;
        case GALLEY_NODE_DOCTYPE:
            ok = gl_buf_puts(out, "<!DOCTYPE ") && gl_buf_append(out, c->name, c->name_len) &&
                 gl_buf_putc(out, '>');
            break;
        default: break;
        }
    }
    free(st);
    return ok && !out->failed;
}
