/*
 * parser.h -- tree construction (HTML Standard 13.2.6) over the tokenizer,
 * internal interface.
 */
#ifndef GL_PARSER_H
#define GL_PARSER_H

#include "../dom/dom.h"
#include "tokenizer.h"

/* A reusable parser: one per worker thread. Holds the tokenizer and the
 * tree builder's stacks; documents are separate objects. */
typedef struct gl_parser gl_parser;

gl_parser *gl_parser_new(void);
void gl_parser_free(gl_parser *p);

/* Builds the tree of UTF-8 `input` into `doc` (whose root is a DOCUMENT
 * node). Caps from `opts` (NULL: defaults); a tripped cap sets doc->status
 * and still leaves a valid tree. Returns GALLEY_OK, GALLEY_ERR_TIMEOUT (the
 * tree so far stays valid) or GALLEY_ERR_NOMEM. */
galley_status gl_parser_parse(gl_parser *p, gl_doc *doc, const char *input, size_t len,
                              const galley_options *opts, const gl_deadline *deadline);

/* HTML fragment parsing algorithm with a context element named `context` in
 * namespace `ns`; nodes land under doc->root (a FRAGMENT node). */
galley_status gl_parser_parse_fragment(gl_parser *p, gl_doc *doc, const char *input,
                                       size_t len, const char *context, galley_ns ns,
                                       const galley_options *opts,
                                       const gl_deadline *deadline);

/* Whole pipeline for bytes: size cap, sniff, decode, build. Used by
 * galley_parse() and galley_extract(). `p` may be NULL (a temporary parser is
 * made). Returns the document or NULL with err set. */
gl_doc *gl_parse_bytes(gl_parser *p, const char *bytes, size_t len, const char *charset,
                       const galley_options *opts, const gl_deadline *deadline,
                       galley_error *err);

#endif
