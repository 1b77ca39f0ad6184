/*
 * treebuilder.h -- state of the HTML tree builder (HTML Standard 13.2.4 and
 * 13.2.6), private to src/html/. parser.c owns the lifecycle; treebuilder.c
 * implements the insertion modes as the tokenizer's sink.
 */
#ifndef GL_TREEBUILDER_H
#define GL_TREEBUILDER_H

#include "parser.h"

/* 13.2.4.1 The insertion mode */
typedef enum gl_tb_mode {
    TB_INITIAL,
    TB_BEFORE_HTML,
    TB_BEFORE_HEAD,
    TB_IN_HEAD,
    TB_IN_HEAD_NOSCRIPT,
    TB_AFTER_HEAD,
    TB_IN_BODY,
    TB_TEXT,
    TB_IN_TABLE,
    TB_IN_TABLE_TEXT,
    TB_IN_CAPTION,
    TB_IN_COLUMN_GROUP,
    TB_IN_TABLE_BODY,
    TB_IN_ROW,
    TB_IN_CELL,
    TB_IN_TEMPLATE,
    TB_AFTER_BODY,
    TB_IN_FRAMESET,
    TB_AFTER_FRAMESET,
    TB_AFTER_AFTER_BODY,
    TB_AFTER_AFTER_FRAMESET
} gl_tb_mode;

struct gl_parser {
    gl_tokenizer *tok;
    gl_doc *doc;
    galley_status fail;  /* NOMEM, or the reason parsing stopped early */
    bool stop;           /* tells the sink to stop the tokenizer */
    bool scripting;
    size_t max_depth, max_nodes;
    size_t chunk_cap; /* arena chunk size ceiling for this document */
    size_t nodes_per_input; /* node ceiling from the input's length */
    size_t errors;

    gl_tb_mode mode, orig_mode;
    bool frameset_ok, skip_lf, fragment, foster;
    gl_node *head, *form, *context;

    /* 13.2.4.3 the stack of open elements, with per-entry indexes (see
     * treebuilder.c) and, per element-name key, the topmost entry. */
    gl_node **stack;
    struct tb_entry *meta;
    size_t nstack, capstack;
    int32_t *top;  /* indexed by key: topmost stack index, -1 if none */
    size_t ntop;
    struct tb_keytmp {
        uint32_t stamp;
        int32_t below, above, last;
    } *keytmp;     /* per-key scratch of stack_rotate */
    uint32_t keystamp;
    /* keys for names without an interned tag id */
    struct tb_key {
        const char *name;
        uint32_t len, hash, id;
        bool foreign;
    } *keys;
    size_t nkeys, capkeys;

    /* 13.2.4.3 the list of active formatting elements (NULL = marker), with
     * per-tag counts of its entries. */
    gl_node **afe;
    size_t nafe, capafe;
    uint32_t afe_count[GL_TAG_COUNT_];

    /* stack of template insertion modes */
    uint8_t *tmodes;
    size_t ntmodes, captmodes;

    /* pending table character tokens (13.2.6.4.10) */
    gl_buf table_text;
    bool table_text_dirty; /* holds a non-whitespace character */

    /* customizable <select>: the select's first selectedcontent element,
     * which receives a copy of the selected option's contents */
    gl_node *sc_node, *sc_select;
    bool sc_first_done, sc_has_selected;
    size_t sc_budget; /* nodes the copies may still create */

    /* the text nodes most recently grown, and their capacities: repeated
     * appends to one node, or alternating between a few (foster-parented
     * text and a cell's), are amortised O(1) */
    gl_node *grown[4];
    size_t grown_cap[4];
    unsigned grown_next;
};

/* The tokenizer sink: tree construction for one token. */
int gl_tb_sink(void *ud, const galley_token *tok);
/* Prepares the tree builder for a document parse into p->doc. */
void gl_tb_begin(gl_parser *p, const galley_options *opts);
/* Prepares a fragment parse with context element (name, ns). Returns false
 * on OOM. */
bool gl_tb_begin_fragment(gl_parser *p, const galley_options *opts, const char *context,
                          galley_ns ns);
/* Finishes a parse: pops the stack, moves a fragment's nodes to the root. */
void gl_tb_finish(gl_parser *p);

#endif
