/*
 * xtrace.c -- what the trace (core/trace.h) sees of extraction.
 *
 * Decisions about subtrees (clean's hard and soft marks, the roots select
 * chose, the metadata marks blocks.c skips) are notes on nodes, in the
 * side array c->why. Blocks built from the roots are recorded as they are
 * emitted, and post-processing rewrites the record of a block it drops.
 * When a reading ends, the notes are inherited down the tree, the text that
 * never reached a block is recorded with the note that kept it out, and the
 * blocks that stayed take the rule of the root they came from.
 */
#include <stdlib.h>

#include "../article/bwalk.h"
#include "extract_int.h"

void gl_xtrace_mark(gl_xctx *c, const gl_node *n, const char *rule, bool kept,
                    const gl_trace_fig *fig, size_t nfig)
{
    if (!c->tr) return;
    const gl_trace_note *note = gl_trace_note_new(c->tr, rule, kept, fig, nfig);
    /* script, style and kin hold no text a reader sees: not listed */
    if (note && strcmp(rule, "hard.non_text") == 0) ((gl_trace_note *)note)->silent = true;
    c->why[n->index] = note;
}

void gl_xtrace_emit(gl_xctx *c, gl_block *b, uint32_t pos)
{
    if (!c->tr || !b) return;
    if (b->type == GALLEY_BLOCK_RULE || b->type == GALLEY_BLOCK_LIST ||
        b->type == GALLEY_BLOCK_TABLE || b->type == GALLEY_BLOCK_TABLE_ROW ||
        b->type == GALLEY_BLOCK_QUOTE)
        return; /* containers: their items and cells are recorded */
    uint32_t chars = (uint32_t)gl_extract_count_chars(b->text, b->text_len);
    b->trace_id = gl_trace_block_add(c->tr, pos, b->type, b->text, b->text_len, chars, NULL);
}

void gl_xtrace_cut(gl_xctx *c, uint32_t pos, const char *text, size_t len, const char *rule,
                   const gl_trace_fig *fig, size_t nfig)
{
    if (!c->tr) return;
    const gl_trace_note *note = gl_trace_note_new(c->tr, rule, false, fig, nfig);
    gl_trace_block_add(c->tr, pos, GALLEY_BLOCK_HEADING, text, len,
                       (uint32_t)gl_extract_count_chars(text, len), note);
}

static void note_block(gl_xctx *c, const gl_block *b, const char *rule, bool kept,
                       const gl_trace_fig *fig, size_t nfig)
{
    gl_xtrace_judge(c, b, rule, kept, fig, nfig);
}

void gl_xtrace_judge(gl_xctx *c, const gl_block *b, const char *rule, bool kept,
                     const gl_trace_fig *fig, size_t nfig)
{
    if (!c->tr || !b) return;
    const gl_trace_note *note = gl_trace_note_new(c->tr, rule, kept, fig, nfig);
    if (!note) return;
    /* the block and its descendants */
    gl_bwalk w;
    gl_bwalk_init_tree(&w, b);
    for (const gl_block *p; (p = gl_bwalk_next_block(&w));) {
        gl_trace_block *r = gl_trace_block_at(c->tr, p->trace_id);
        if (r) r->note = *note;
    }
    gl_bwalk_free(&w);
}

void gl_xtrace_drop(gl_xctx *c, const gl_block *b, const char *rule, const gl_trace_fig *fig,
                    size_t nfig)
{
    note_block(c, b, rule, false, fig, nfig);
}

void gl_xtrace_keep(gl_xctx *c, const gl_block *b, const char *rule, const gl_trace_fig *fig,
                    size_t nfig)
{
    note_block(c, b, rule, true, fig, nfig);
}

void gl_xtrace_forget(gl_xctx *c)
{
    if (!c->tr) return;
    memset(c->why, 0, c->nx * sizeof *c->why);
    memset(c->seen, 0, c->nx);
}

static const gl_node *block_owner(const gl_node *t)
{
    const gl_node *p = t->parent;
    while (p && p->type == GALLEY_NODE_ELEMENT && !gl_extract_is_block_tag(p) && p->parent &&
           p->parent->type == GALLEY_NODE_ELEMENT)
        p = p->parent;
    return p;
}

typedef struct unit {
    const gl_node *owner;
    const gl_trace_note *note;
    gl_buf text;
    uint32_t chars;
    uint32_t pos;
} unit;

static void unit_flush(gl_xctx *c, unit *u)
{
    if (u->owner && u->chars) {
        const gl_trace_note *note = u->note;
        gl_trace_note tmp;
        if (!note || note->kept) {
            /* no root holds it: the selection left it out; or a kept
             * subtree whose text the block builder never read */
            const gl_xnode *x = gl_x(c, u->owner);
            double ld = x->chars ? (double)x->lchars / x->chars : 0.0;
            const char *rule = note ? "blocks.unread" : "select.outside";
            note = gl_trace_note_new(c->tr, rule, false,
                                     GL_FIGS({"chars", x->chars}, {"link_density", ld},
                                             {"prose_mass", x->tot}));
            if (!note) {
                memset(&tmp, 0, sizeof tmp);
                tmp.rule = rule;
                note = &tmp;
            }
        }
        gl_trace_block_add(c->tr, u->pos, 0, u->text.data ? u->text.data : "", u->text.len,
                           u->chars, note);
    }
    gl_buf_clear(&u->text);
    u->chars = 0;
    u->owner = NULL;
    u->note = NULL;
}

/* Appends text with white space collapsed, up to the excerpt's length. */
static void unit_text(unit *u, const char *s, size_t n)
{
    for (size_t i = 0; i < n && u->text.len < GL_TRACE_EXCERPT + 4; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (gl_is_ascii_ws(ch)) {
            if (u->text.len && u->text.data[u->text.len - 1] != ' ') gl_buf_putc(&u->text, ' ');
            continue;
        }
        gl_buf_putc(&u->text, (char)ch);
    }
}

void gl_xtrace_reading_end(gl_xctx *c)
{
    gl_trace *t = c->tr;
    if (!t) return;
    gl_node *root = c->doc->root;
    /* notes flow down: a node without its own takes its parent's
     * (document order visits the parent first) */
    for (gl_node *n = root; n; n = gl_walk_next(root, n, false))
        if (n != root && n->parent && !c->why[n->index]) c->why[n->index] = c->why[n->parent->index];

    /* kept blocks: the rule of the root they came from */
    gl_trace_block *bv = (gl_trace_block *)(void *)t->blocks.data;
    size_t nb = t->blocks.len / sizeof *bv;
    const gl_trace_note *resort =
        c->ignore_soft ? gl_trace_note_new(t, "read.ignore_soft", true, GL_NOFIGS) : NULL;
    for (size_t i = 0; i < nb; i++) {
        gl_trace_block *b = &bv[i];
        if (b->reading != t->reading || b->note.rule) continue;
        const gl_trace_note *w = b->pos < c->nx ? c->why[b->pos] : NULL;
        if (w && w->kept) b->note = *w;
        else if (resort) b->note = *resort;
        else b->note.rule = "select.kept", b->note.kept = true;
    }

    /* text that reached no block */
    unit u;
    memset(&u, 0, sizeof u);
    gl_buf_init(&u.text);
    for (gl_node *n = root; n;) {
        bool skip = false;
        if (n->type == GALLEY_NODE_ELEMENT) {
            const gl_trace_note *w = c->why[n->index];
            skip = w && w->silent;
            if (gl_is_html(n, GL_TAG_BR)) unit_text(&u, " ", 1); /* a line break parts words */
        } else if (n->type == GALLEY_NODE_TEXT && !c->seen[n->index]) {
            size_t ch = gl_extract_count_chars(n->data, n->data_len);
            if (!ch && u.owner) unit_text(&u, " ", 1); /* white space between inline boxes */
            if (ch) {
                const gl_node *owner = block_owner(n);
                const gl_trace_note *w = c->why[n->index];
                if (owner != u.owner || w != u.note) {
                    unit_flush(c, &u);
                    u.owner = owner;
                    u.note = w;
                    u.pos = n->index;
                }
                unit_text(&u, n->data, n->data_len);
                u.chars += (uint32_t)ch;
            }
        }
        n = gl_walk_next(root, n, skip);
    }
    unit_flush(c, &u);
    gl_buf_free(&u.text);
}
