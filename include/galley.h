/*
 * galley.h -- the one public header of galley, a library that turns web
 * pages into articles.
 *
 * Conventions that hold for every function below unless its comment says
 * otherwise:
 *   - Objects returned by a `*_new`, `galley_parse*`, `galley_extract*`
 *     call are owned by the caller and released with the matching `*_free`
 *     call; every `*_free` accepts NULL.
 *   - Strings returned by accessors are NUL-terminated UTF-8, owned by the
 *     object they were read from, and valid until that object is freed.
 *     Functions whose comment says "caller frees" return malloc'd memory to
 *     be released with galley_free().
 *   - Functions are re-entrant: distinct objects may be used from distinct
 *     threads at once; one object must not be used from two threads at once
 *     unless the comment says it is read-only. There is no global mutable
 *     state.
 *   - The library never aborts or exits. Failures come back as a NULL result
 *     plus an optional galley_error filled in by the call.
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define GALLEY_API
#else
#define GALLEY_API __attribute__((visibility("default")))
#endif

#define GALLEY_VERSION_STRING "0.1.0"

/* Returns GALLEY_VERSION_STRING of the library actually linked. */
GALLEY_API const char *galley_version(void);

/* Optional parts of the library, chosen when it was built. Numbers are never
 * reused. */
typedef enum galley_feature {
    GALLEY_FEATURE_FETCH = 0,       /* URL fetching with libcurl (batch `urls`,
                                       CLI --url/--urls); CMake -DGALLEY_FETCH */
    GALLEY_FEATURE_LANGUAGE_ID = 1  /* language identification from the text
                                       (CLD2), beside the declared language */
} galley_feature;

/* Returns 1 when the library actually linked was built with feature `f`,
 * 0 when it was not or `f` is unknown. Thread-safe. */
GALLEY_API int galley_has_feature(galley_feature f);

/* ------------------------------------------------------------------------
 * Status codes. Numbers are never reused or renumbered.
 * ---------------------------------------------------------------------- */
typedef enum galley_status {
    GALLEY_OK = 0,
    GALLEY_ERR_NOMEM = 1,         /* an allocation failed */
    GALLEY_ERR_INVALID_ARG = 2,   /* a NULL or out-of-range argument */
    GALLEY_ERR_TOO_LARGE = 3,     /* input exceeds max_input_bytes */
    GALLEY_LIMIT_DEPTH = 4,       /* tree depth cap reached; tree still valid */
    GALLEY_LIMIT_NODES = 5,       /* node cap reached; later nodes dropped */
    GALLEY_LIMIT_ATTRS = 6,       /* attribute cap reached; extra attrs dropped */
    GALLEY_ERR_TIMEOUT = 7,       /* the per-document time budget ran out */
    GALLEY_ERR_ENCODING = 8,      /* unknown charset label or decoder failure */
    GALLEY_ERR_IO = 9,            /* reading or writing a file failed */
    GALLEY_ERR_NOT_HTML = 10,     /* input is not an HTML document */
    GALLEY_ERR_NO_CONTENT = 11,   /* no article body was found */
    GALLEY_ERR_FETCH = 12,        /* a URL could not be fetched */
    GALLEY_ERR_CORRUPT = 13,      /* corrupt container (WARC, gzip, zstd) */
    GALLEY_ERR_HTTP = 14,         /* HTTP status other than 2xx */
    GALLEY_ERR_UNSUPPORTED = 15,  /* feature not compiled in or not supported */
    GALLEY_ERR_ROBOTS = 16,       /* the site's robots.txt disallows the URL, or
                                     answered 5xx (RFC 9309: disallow all) */
    GALLEY_STATUS_COUNT_
} galley_status;

/* Short, stable, lower-case name of a status, e.g. "timeout". Never NULL. */
GALLEY_API const char *galley_status_name(galley_status s);
/* Human-readable sentence for a status. Never NULL. */
GALLEY_API const char *galley_status_str(galley_status s);

/* Optional error out-parameter. `pos` is a byte offset into the input where
 * meaningful, otherwise 0. */
typedef struct galley_error {
    galley_status code;
    size_t pos;
    char msg[240];
} galley_error;

/* Releases memory returned by functions documented "caller frees".
 * Accepts NULL. */
GALLEY_API void galley_free(void *p);

/* ------------------------------------------------------------------------
 * Options. An opaque bag of settings with sane defaults; read-only once
 * passed to a parse or extract call, so one options object may be shared by
 * many threads as long as nobody sets values meanwhile.
 * ---------------------------------------------------------------------- */
typedef struct galley_options galley_options;

typedef enum galley_option {
    /* integers (galley_options_set_int) */
    GALLEY_OPT_MAX_INPUT_BYTES = 1, /* default 64 MiB; larger input: ERR_TOO_LARGE */
    GALLEY_OPT_MAX_DEPTH = 2,       /* default 512; deeper elements attach at the cap */
    GALLEY_OPT_MAX_NODES = 3,       /* default 4,000,000 nodes per document; the
                                       tree builder also stops at 8 nodes per input
                                       byte + 4096 (misnested formatting can clone
                                       elements far past the input's own count) */
    GALLEY_OPT_MAX_ATTRS = 4,       /* default 256 attributes per element */
    GALLEY_OPT_TIMEOUT_MS = 5,      /* budget in CPU time of the calling thread,
                                       so that load and other threads do not
                                       change the result; default 0 (no limit)
                                       for the library; CLI uses 1000 */
    GALLEY_OPT_MODE = 6,            /* galley_mode; default GALLEY_MODE_BALANCED */
    GALLEY_OPT_COMMENTS = 7,        /* 1: return the comment thread separately; default 0 */
    GALLEY_OPT_METADATA = 8,        /* 1: extract metadata (default); 0: body only */
    GALLEY_OPT_REFERENCE_TIME = 9,  /* unix seconds, >= 0; dates after it are
                                       rejected (a date without a zone gets 14 h
                                       of slack); default 0 = the current time
                                       at call */
    GALLEY_OPT_IMAGES = 10,         /* 1: keep figures/images in blocks (default) */
    GALLEY_OPT_LINKS = 11,          /* 1: keep link targets in inline spans (default) */
    GALLEY_OPT_TABLES = 12,         /* 1: keep tables (default) */
    GALLEY_OPT_SCRIPTING = 13,      /* tree builder scripting flag; default 0 (off) */
    GALLEY_OPT_LANGUAGE_DETECT = 14, /* 1: identify language from text (default) */
    GALLEY_OPT_TRACE = 15,          /* 1: record why each block and field value was
                                       chosen (galley_article_trace); default 0 */
    GALLEY_OPT_CAPTIONS = 16        /* 1: figure captions are part of the plain
                                       text (galley_article_text, the text
                                       format, the "text" of JSON and CSV);
                                       default 0: they stay with their figure
                                       blocks (JSON blocks, Markdown, HTML,
                                       XML) and the plain text is the prose;
                                       a body of pictures only is their
                                       captions either way */
} galley_option;

typedef enum galley_mode {
    GALLEY_MODE_PRECISION = 0,
    GALLEY_MODE_BALANCED = 1,
    GALLEY_MODE_RECALL = 2
} galley_mode;

/* Returns a new options object holding the defaults, or NULL on OOM.
 * Caller frees with galley_options_free(). */
GALLEY_API galley_options *galley_options_new(void);
GALLEY_API void galley_options_free(galley_options *o);
/* Sets an integer option. GALLEY_ERR_INVALID_ARG for an unknown option or an
 * out-of-range value (the option keeps its old value). */
GALLEY_API galley_status galley_options_set_int(galley_options *o, galley_option opt,
                                                int64_t value);
/* Reads an integer option; NULL `o` reads the defaults. */
GALLEY_API int64_t galley_options_get_int(const galley_options *o, galley_option opt);

/* Expert setting: overrides one named threshold of body extraction in every
 * mode, e.g. ("climb_mass", 1.3). The names, their types and each mode's
 * value are listed by galley_tune_name() (CLI: galley --tune list); what each
 * guards is documented in docs/extraction.md. A flag takes 0 or 1, a count a
 * whole number >= 0. Setting a name again replaces its value.
 * GALLEY_ERR_INVALID_ARG for an unknown name, a value its type cannot hold,
 * or more than 32 names overridden on one options object. */
GALLEY_API galley_status galley_options_set_tune(galley_options *o, const char *name,
                                                 double value);
/* The i-th threshold's name (0-based; NULL past the last), its type in
 * `*type` ("bool", "int", "uint32_t", "float" or "double") and its value in
 * `mode` -- overrides in `o` applied, NULL `o` reads the defaults -- in
 * `*value`; either pointer may be NULL. Static strings. */
GALLEY_API const char *galley_tune_name(size_t i, const galley_options *o, galley_mode mode,
                                        const char **type, double *value);

/* ------------------------------------------------------------------------
 * Encoding (WHATWG Encoding Standard; HTML "determining the character
 * encoding"). Encoding names are WHATWG canonical names ("UTF-8",
 * "windows-1252", "EUC-KR", ...), static strings never to be freed.
 * ---------------------------------------------------------------------- */

/* Maps a label (" latin1 ", "utf8", ...) to its canonical encoding name, or
 * NULL if the label is unknown. Thread-safe. */
GALLEY_API const char *galley_encoding_for_label(const char *label, size_t len);

/* How the encoding of a document was decided. */
typedef enum galley_encoding_basis {
    GALLEY_ENC_BOM = 1,
    GALLEY_ENC_TRANSPORT = 2, /* charset supplied by the caller (HTTP header) */
    GALLEY_ENC_META = 3,      /* <meta> prescan */
    GALLEY_ENC_XML = 4,       /* <?xml encoding=...?> declaration */
    GALLEY_ENC_VALID_UTF8 = 5,/* no declaration; the bytes are valid UTF-8 */
    GALLEY_ENC_DEFAULT = 6,   /* no declaration, not UTF-8: windows-1252 */
    GALLEY_ENC_FALLBACK = 7   /* declared encoding failed to decode; chosen by evidence */
} galley_encoding_basis;

/* Determines the encoding of `bytes`: BOM, then `transport_charset` (may be
 * NULL), then the <meta> prescan of the first 1024 bytes, then evidence
 * (valid UTF-8 -> UTF-8, else windows-1252). Writes how it was decided to
 * `*basis` when not NULL. Never returns NULL. Thread-safe. */
GALLEY_API const char *galley_sniff_encoding(const char *bytes, size_t len,
                                             const char *transport_charset,
                                             galley_encoding_basis *basis);

/* The HTML spec's <meta> prescan alone (then the XML declaration) over all
 * `len` bytes given -- pass at most 1024 for the browsers' window; the
 * html5lib tests expect no window: the encoding it finds, or NULL.
 * Thread-safe. */
GALLEY_API const char *galley_prescan_encoding(const char *bytes, size_t len);

/* Decodes `bytes` in `encoding` (a label or name) to UTF-8; invalid sequences
 * become U+FFFD; a leading BOM is removed. Returns the UTF-8 text
 * (NUL-terminated; caller frees) and its length in `*out_len`, or NULL with
 * `err` filled in (unknown encoding, OOM). Thread-safe. */
GALLEY_API char *galley_decode(const char *bytes, size_t len, const char *encoding,
                               size_t *out_len, galley_error *err);

/* ------------------------------------------------------------------------
 * Tokenizer (WHATWG HTML 13.2.5). Exposed for conformance tests, fuzzing and
 * streaming users. Tokens are valid only during the callback.
 * ---------------------------------------------------------------------- */
typedef enum galley_token_type {
    GALLEY_TOKEN_DOCTYPE = 1,
    GALLEY_TOKEN_START_TAG = 2,
    GALLEY_TOKEN_END_TAG = 3,
    GALLEY_TOKEN_COMMENT = 4,
    GALLEY_TOKEN_CHARACTER = 5, /* a run of characters, may contain U+0000 */
    GALLEY_TOKEN_EOF = 6
} galley_token_type;

typedef enum galley_tokenizer_state {
    GALLEY_TS_DATA = 0,
    GALLEY_TS_RCDATA = 1,
    GALLEY_TS_RAWTEXT = 2,
    GALLEY_TS_SCRIPT_DATA = 3,
    GALLEY_TS_PLAINTEXT = 4,
    GALLEY_TS_CDATA_SECTION = 5
} galley_tokenizer_state;

typedef struct galley_token_attr {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} galley_token_attr;

typedef struct galley_token {
    galley_token_type type;
    /* START_TAG / END_TAG: lower-cased tag name. DOCTYPE: name or NULL when
     * missing. COMMENT / CHARACTER: the data. */
    const char *data;
    size_t data_len;
    /* START_TAG / END_TAG */
    const galley_token_attr *attrs; /* duplicates already removed */
    size_t nattrs;
    int self_closing;
    /* DOCTYPE: NULL means missing */
    const char *public_id;
    size_t public_id_len;
    const char *system_id;
    size_t system_id_len;
    int force_quirks;
} galley_token;

/* Called once per token; return 0 to go on, non-zero to stop tokenizing. */
typedef int (*galley_token_cb)(void *userdata, const galley_token *tok);

/* Tokenizes UTF-8 `input` from `initial_state`, with `last_start_tag` (may be
 * NULL) as the appropriate end tag name, calling `cb` for every token and
 * counting parse errors into `*nerrors` when not NULL. Adjacent character
 * tokens are merged into one run. Token strings are not NUL-terminated (use
 * the lengths); they may point into `input` or into the tokenizer's buffers
 * and are valid only during the callback. Attributes past the library's
 * default cap (256 per tag, GALLEY_OPT_MAX_ATTRS) are dropped. Returns
 * GALLEY_OK, or the status that stopped it. Thread-safe. */
GALLEY_API galley_status galley_tokenize(const char *input, size_t len,
                                         galley_tokenizer_state initial_state,
                                         const char *last_start_tag, galley_token_cb cb,
                                         void *userdata, size_t *nerrors);

/* ------------------------------------------------------------------------
 * Documents and nodes (read-only DOM). A document owns all of its nodes
 * and strings; galley_doc_free() releases them in one call.
 * ---------------------------------------------------------------------- */
typedef struct galley_doc galley_doc;
typedef struct galley_node galley_node;

typedef enum galley_node_type {
    GALLEY_NODE_DOCUMENT = 1,
    GALLEY_NODE_ELEMENT = 2,
    GALLEY_NODE_TEXT = 3,
    GALLEY_NODE_COMMENT = 4,
    GALLEY_NODE_DOCTYPE = 5,
    GALLEY_NODE_FRAGMENT = 6 /* root of a fragment parse / template contents */
} galley_node_type;

typedef enum galley_ns {
    GALLEY_NS_HTML = 0,
    GALLEY_NS_SVG = 1,
    GALLEY_NS_MATHML = 2,
    /* attribute namespaces */
    GALLEY_NS_NONE = 3,
    GALLEY_NS_XLINK = 4,
    GALLEY_NS_XML = 5,
    GALLEY_NS_XMLNS = 6
} galley_ns;

/* Parses a whole document: sniffs and decodes `bytes` (charset: optional
 * transport-layer label, may be NULL), tokenizes and builds the tree.
 * `opts` may be NULL for defaults. Returns the document (caller frees with
 * galley_doc_free()) or NULL with `err` filled in: OOM, input over the size
 * cap, timeout. HTML parse errors are not failures. A tripped depth, node or
 * attribute cap still yields a valid tree; galley_doc_status() reports it. */
GALLEY_API galley_doc *galley_parse(const char *bytes, size_t len, const char *charset,
                                    const galley_options *opts, galley_error *err);

/* Parses UTF-8 `input` as an HTML fragment in the context of an element named
 * `context` in namespace `context_ns` (HTML fragment parsing algorithm). The
 * fragment's nodes are the children of galley_doc_root(), a FRAGMENT node.
 * Ownership and errors as galley_parse(). */
GALLEY_API galley_doc *galley_parse_fragment(const char *input, size_t len,
                                             const char *context, galley_ns context_ns,
                                             const galley_options *opts, galley_error *err);

GALLEY_API void galley_doc_free(galley_doc *doc);
/* GALLEY_OK, or the first cap that tripped (GALLEY_LIMIT_*). */
GALLEY_API galley_status galley_doc_status(const galley_doc *doc);
/* Canonical name of the encoding the bytes were decoded from. */
GALLEY_API const char *galley_doc_encoding(const galley_doc *doc,
                                           galley_encoding_basis *basis);
/* 0 no-quirks, 1 quirks, 2 limited-quirks. */
GALLEY_API int galley_doc_quirks_mode(const galley_doc *doc);
/* Number of parse errors seen. */
GALLEY_API size_t galley_doc_parse_errors(const galley_doc *doc);
/* The document (or fragment) node. */
GALLEY_API galley_node *galley_doc_root(const galley_doc *doc);

/* Node accessors; all return NULL/0 for a NULL node. */
GALLEY_API galley_node_type galley_node_get_type(const galley_node *n);
/* Element: local name (lower-case for HTML; adjusted case for SVG). Doctype:
 * the doctype name ("" when missing). Others: NULL. */
GALLEY_API const char *galley_node_name(const galley_node *n, size_t *len);
GALLEY_API galley_ns galley_node_ns(const galley_node *n);
GALLEY_API galley_node *galley_node_parent(const galley_node *n);
GALLEY_API galley_node *galley_node_first_child(const galley_node *n);
GALLEY_API galley_node *galley_node_last_child(const galley_node *n);
GALLEY_API galley_node *galley_node_next(const galley_node *n);
GALLEY_API galley_node *galley_node_prev(const galley_node *n);
/* Text and comment nodes: their data. Others: NULL. */
GALLEY_API const char *galley_node_data(const galley_node *n, size_t *len);
/* Element attributes, in source order. */
GALLEY_API size_t galley_node_attr_count(const galley_node *n);
/* i-th attribute: name (local name), value, namespace (GALLEY_NS_NONE for
 * plain attributes). Returns 0 when i is out of range. */
GALLEY_API int galley_node_attr(const galley_node *n, size_t i, const char **name,
                                const char **value, size_t *value_len, galley_ns *ns);
/* Value of the attribute named `name` in no namespace, or NULL. */
GALLEY_API const char *galley_node_get_attr(const galley_node *n, const char *name);
/* <template> element: its contents (a FRAGMENT node), else NULL. */
GALLEY_API galley_node *galley_node_template_content(const galley_node *n);
/* Doctype: public and system identifiers; NULL when missing. */
GALLEY_API const char *galley_node_doctype_public(const galley_node *n);
GALLEY_API const char *galley_node_doctype_system(const galley_node *n);
/* Concatenated text of the node and its descendants (caller frees). */
GALLEY_API char *galley_node_text_content(const galley_node *n, size_t *len);
/* HTML serialization (HTML "serializing HTML fragments") of the node's
 * children, or of the node itself with `outer` != 0 (caller frees). */
GALLEY_API char *galley_node_serialize(const galley_node *n, int outer, size_t *len);

/* ------------------------------------------------------------------------
 * Articles: extraction results.
 * ---------------------------------------------------------------------- */
typedef struct galley_article galley_article;
typedef struct galley_block galley_block;

/* Single-valued metadata fields. */
typedef enum galley_field {
    GALLEY_FIELD_TITLE = 0,
    GALLEY_FIELD_PUBLISHED = 1,   /* ISO 8601 */
    GALLEY_FIELD_MODIFIED = 2,    /* ISO 8601 */
    GALLEY_FIELD_SITE_NAME = 3,
    GALLEY_FIELD_DESCRIPTION = 4,
    GALLEY_FIELD_LANGUAGE = 5,    /* BCP 47 */
    GALLEY_FIELD_URL = 6,         /* canonical URL, else the page URL */
    GALLEY_FIELD_IMAGE = 7,       /* lead image URL */
    GALLEY_FIELD_PAGE_TYPE = 8,   /* article, listing, product, forum, ... */
    GALLEY_FIELD_FREE = 9,        /* "true"/"false" where declared */
    GALLEY_FIELD_AUTHORS = 10,    /* list field: source only via field_source */
    GALLEY_FIELD_CATEGORIES = 11, /* list field */
    GALLEY_FIELD_TAGS = 12,       /* list field */
    GALLEY_FIELD_ORGANIZATIONS = 13, /* list field: organisations given as author */
    GALLEY_FIELD_HOSTNAME = 14,   /* host of the URL field, lower-cased, no port */
    GALLEY_FIELD_LICENSE = 15,    /* content licence: rel="license" link, JSON-LD
                                     "license"; Creative Commons URLs read as
                                     "CC BY-SA 4.0" */
    GALLEY_FIELD_COUNT_
} galley_field;

/* Extracts the article from the bytes of an HTML page. `url` (the page URL,
 * used to resolve links and images) and `charset` (transport charset) may be
 * NULL; `opts` may be NULL for defaults. Returns the article (caller frees
 * with galley_article_free()) or NULL with `err` filled in. Bytes that are
 * not a page by their content (a known binary signature such as PNG, PDF
 * or ELF; binary bytes in the first KiB; JSON; text without any markup)
 * give NULL with GALLEY_ERR_NOT_HTML and never an article. A page with no
 * findable body still returns an article, with empty blocks and status
 * GALLEY_ERR_NO_CONTENT from galley_article_status(). Thread-safe. */
GALLEY_API galley_article *galley_extract(const char *bytes, size_t len, const char *url,
                                          const char *charset, const galley_options *opts,
                                          galley_error *err);
GALLEY_API void galley_article_free(galley_article *a);
GALLEY_API galley_status galley_article_status(const galley_article *a);

/* A single-valued field (not AUTHORS, CATEGORIES, TAGS, ORGANIZATIONS),
 * or NULL when the page does not give it. */
GALLEY_API const char *galley_article_field(const galley_article *a, galley_field f);
/* Where a field's value came from: "json-ld", "opengraph", "meta",
 * "microdata", "time", "byline", "url", "text", "title", "html-lang",
 * "detector", ... or NULL when the field is empty. */
GALLEY_API const char *galley_article_field_source(const galley_article *a, galley_field f);
/* List fields (AUTHORS, CATEGORIES, TAGS, ORGANIZATIONS). */
GALLEY_API size_t galley_article_list_count(const galley_article *a, galley_field f);
GALLEY_API const char *galley_article_list_item(const galley_article *a, galley_field f,
                                                size_t i);
/* Number of words in the body: runs of letters and digits, each CJK
 * ideograph or kana counting as one (comments excluded). 0 for NULL. */
GALLEY_API uint64_t galley_article_word_count(const galley_article *a);
/* 64-bit SimHash of the body's words (3-word shingles, FNV-1a, SplitMix64;
 * src/output/measure.c and docs/cli.md give the exact recipe): the same on
 * every run and platform; near-identical bodies are a few bits apart
 * (galley_fingerprint_distance). 0 for an empty body or NULL. */
GALLEY_API uint64_t galley_article_fingerprint(const galley_article *a);
/* Hamming distance between two fingerprints: 0 to 64. */
GALLEY_API int galley_fingerprint_distance(uint64_t x, uint64_t y);
/* Confidence in [0,1] that the page is an article. */
GALLEY_API double galley_article_confidence(const galley_article *a);
/* Confidence of the language identification in [0,1]; 1 when declared and
 * agreeing with the text. */
GALLEY_API double galley_article_language_confidence(const galley_article *a);

/* The decision trace of an article extracted with GALLEY_OPT_TRACE = 1, as
 * one JSON object: the readings of the page and which one won, every text
 * block of the page in order with `kept`, the `rule` that decided it (a
 * stable id such as "post.prompt" or "select.outside") and the `figures`
 * it looked at, and every metadata field with all the candidates offered
 * (`value`, `source`, `rule`, `priority`, `won`). Schema in
 * docs/extraction.md. Returns NULL when the article was extracted without
 * the option, when `a` is NULL, or on OOM; writes the length to `*len`
 * when not NULL. The string is owned by the article and valid until
 * galley_article_free(). Made on the first call and kept: like
 * galley_article_text(), the first call must not race another on the same
 * article; later calls are read-only. */
GALLEY_API const char *galley_article_trace(const galley_article *a, size_t *len);

/* Body as typed blocks. */
typedef enum galley_block_type {
    GALLEY_BLOCK_HEADING = 1,    /* level 1-6 */
    GALLEY_BLOCK_PARAGRAPH = 2,
    GALLEY_BLOCK_LIST = 3,       /* children: LIST_ITEM; ordered flag */
    GALLEY_BLOCK_LIST_ITEM = 4,  /* text, and children (nested lists, paragraphs) */
    GALLEY_BLOCK_QUOTE = 5,      /* children: blocks */
    GALLEY_BLOCK_TABLE = 6,      /* children: TABLE_ROW */
    GALLEY_BLOCK_TABLE_ROW = 7,  /* children: TABLE_CELL */
    GALLEY_BLOCK_TABLE_CELL = 8, /* header flag; text */
    GALLEY_BLOCK_FIGURE = 9,     /* src, alt, caption */
    GALLEY_BLOCK_CODE = 10,      /* preformatted text; attr "language" */
    GALLEY_BLOCK_RULE = 11       /* thematic break */
} galley_block_type;

/* First body block, first comment block (NULL unless comments were asked
 * for and found). */
GALLEY_API const galley_block *galley_article_blocks(const galley_article *a);
GALLEY_API const galley_block *galley_article_comments(const galley_article *a);
GALLEY_API galley_block_type galley_block_get_type(const galley_block *b);
GALLEY_API const galley_block *galley_block_next(const galley_block *b);
GALLEY_API const galley_block *galley_block_first_child(const galley_block *b);
/* Plain text of the block itself (not of its children); "" if none. */
GALLEY_API const char *galley_block_text(const galley_block *b, size_t *len);
/* Heading level (1-6); for lists, 1 when ordered; for cells, 1 when header. */
GALLEY_API int galley_block_level(const galley_block *b);
/* Named attribute of a block: "src", "alt", "caption", "language", "href",
 * "start"; NULL when absent. */
GALLEY_API const char *galley_block_attr(const galley_block *b, const char *name);

/* An inline link in a block's own text. */
typedef struct galley_link {
    const char *href;  /* target; absolute when the page URL or <base href> is
                          known; owned by the article */
    size_t start, end; /* byte offsets into galley_block_text(): the link's
                          text is text[start, end), on UTF-8 boundaries */
} galley_link;

/* The inline links of the block's own text (not of its children), in text
 * order, never overlapping: copies the first `cap` of them into `out` (may
 * be NULL when `cap` is 0) and returns how many there are in all, so a call
 * with cap 0 counts them. Empty when links were turned off
 * (GALLEY_OPT_LINKS 0). NULL `b`: 0. Read-only: safe from many threads. */
GALLEY_API size_t galley_block_links(const galley_block *b, galley_link *out, size_t cap);

/* Output formats. */
typedef enum galley_format {
    GALLEY_FORMAT_TEXT = 0,
    GALLEY_FORMAT_MARKDOWN = 1,
    GALLEY_FORMAT_JSON = 2,  /* one object on one line (JSON Lines ready) */
    GALLEY_FORMAT_HTML = 3,
    GALLEY_FORMAT_XML = 4,
    GALLEY_FORMAT_INSPECT = 5, /* the inspector: one self-contained HTML page that
                                  shows the trace (extract with GALLEY_OPT_TRACE) */
    GALLEY_FORMAT_CSV = 6      /* RFC 4180: a header row, then one row (docs/cli.md) */
} galley_format;

/* Flags of galley_article_render_opt(). */
enum {
    /* text and Markdown start with a YAML header of the metadata ("---",
     * title, authors, published, modified, url, hostname, site_name,
     * language, license as double-quoted scalars, "---") */
    GALLEY_RENDER_FRONT_MATTER = 1u << 0
};

/* Serializes the article in `fmt`. Returns NUL-terminated text (caller
 * frees) and its length in `*len`, or NULL on OOM. Thread-safe. */
GALLEY_API char *galley_article_render(const galley_article *a, galley_format fmt, size_t *len);
/* The same with GALLEY_RENDER_* `flags` (unknown bits are ignored). */
GALLEY_API char *galley_article_render_opt(const galley_article *a, galley_format fmt,
                                           unsigned flags, size_t *len);
/* The body as plain text (paragraphs separated by a blank line). Owned by
 * the article. */
GALLEY_API const char *galley_article_text(const galley_article *a, size_t *len);

/* ------------------------------------------------------------------------
 * Batch: the crawl-scale driver behind the CLI. Enumerates inputs (files,
 * directories recursively, WARC records, URLs, stdin), extracts them on a
 * pool of worker threads with bounded memory, and writes one record per
 * input document in input order.
 * ---------------------------------------------------------------------- */
typedef struct galley_batch_config {
    size_t struct_size;         /* sizeof(galley_batch_config): set by init */
    const char *const *inputs;  /* paths; "-" is stdin */
    size_t ninputs;
    const char *const *urls;    /* URLs to fetch; without GALLEY_FEATURE_FETCH
                                   each URL gives an `unsupported` error record */
    size_t nurls;
    const char *urls_file;      /* file with one URL a line, or NULL */
    galley_format format;       /* per-document format (files, output_dir) */
    int jsonl;                  /* 1: one JSON object a line for every record */
    const char *output_dir;     /* one file per document, or NULL for `out` */
    int jobs;                   /* worker threads; <= 0: number of cores */
    int quiet;                  /* 1: no progress line, no summary */
    const galley_options *opts; /* extraction options (NULL: defaults) */
    int64_t timeout_ms;         /* per document; default 1000 */
    int64_t max_bytes;          /* per document after decompression; default 64 MiB */
    int64_t max_member_bytes;   /* per WARC member decompressed; default 256 MiB */
    int64_t fetch_timeout_ms;   /* per URL, total; default 30000 */
    int64_t fetch_connect_timeout_ms; /* default 10000 */
    int fetch_parallel;         /* connections at a time; default 4 */
    FILE *out;                  /* records (default stdout) */
    FILE *err;                  /* progress and summary (default stderr) */
    /* Added after the first release of this struct (struct_size tells). */
    const char *charset;        /* transport charset label for every local
                                   input, or NULL to sniff (CLI --charset) */
    const char *page_url;       /* URL of the page when the inputs are one
                                   local file or stdin: resolves relative links
                                   and images (CLI --page-url); NULL: none */
    int max_dir_depth;          /* directory levels walked, the root being 1;
                                   <= 0: 64 (CLI --max-dir-depth) */
    int json_array;             /* 1: with jsonl, the records to `out` form one
                                   JSON array ("[", records joined by ",",
                                   "]"; "[]" for none) (CLI -f json, several
                                   inputs) */
    int doc_headers;            /* 1: text, Markdown, HTML, XML to `out`: each
                                   document is preceded by a line
                                   "==> SOURCE <==" and documents are
                                   separated by a blank line (CLI, several
                                   inputs) */
    unsigned render_flags;      /* GALLEY_RENDER_* for every document */
    /* Corpus filters (docs/batch.md). They judge documents whose status is
     * ok; a document they drop is not written and is counted in
     * galley_batch_summary.filtered by reason. Lists are comma-separated,
     * NULL or "" for no filter. */
    const char *languages;      /* "en,de": the detected language's primary
                                   subtag is listed and its confidence is at
                                   least min_language_confidence */
    double min_language_confidence; /* default 0.5 */
    const char *page_types;     /* "article,forum": page_type is listed */
    double min_confidence;      /* article confidence at least this; 0: none */
    const char *require;        /* "title,published,authors": each field (JSON
                                   key names) is present and non-empty */
    int64_t min_words;          /* word_count at least this; 0: none */
    int dedup;                  /* galley_dedup: drop later duplicates of a
                                   document written before, in input order */
    int dedup_distance;         /* GALLEY_DEDUP_NEAR: largest Hamming distance
                                   between fingerprints that counts as a
                                   duplicate, 0-7; default 5 */
    /* Politeness, for every URL fetched (docs/discovery.md). */
    const char *user_agent;     /* User-Agent header; its product token (before
                                   "/") picks the robots.txt group; NULL:
                                   "galley/VERSION" */
    int ignore_robots;          /* 1: robots.txt is not read */
    int64_t delay_ms;           /* between two requests to one host (from the
                                   end of one to the start of the next), or
                                   the host's Crawl-delay when larger;
                                   default 1000; 0: none */
    int per_host;               /* requests at a time to one host; default 1 */
    int retries;                /* retries of a 429, 503 or dropped connection;
                                   default 2; 0: none */
    int64_t max_retry_after_ms; /* longest Retry-After waited for; a longer one
                                   ends the URL as an error; default 60000 */
    int max_redirects;          /* redirects followed per URL; default 10 */
    /* Discovery (docs/discovery.md): the page URLs found are fetched and
     * extracted after `urls` and `urls_file`, or only listed (list_only). */
    const char *const *sitemaps; /* sitemap URLs, or site roots
                                   ("https://example.com/": robots.txt Sitemap
                                   lines, else /sitemap.xml) */
    size_t nsitemaps;
    const char *const *feeds;   /* RSS, Atom or RDF feed URLs, or pages that
                                   link their feed (<link rel="alternate">) */
    size_t nfeeds;
    const char *const *crawl;   /* start pages of a breadth-first crawl that
                                   stays on their hosts */
    size_t ncrawl;
    int64_t max_pages;          /* page URLs taken from sitemaps and feeds, and
                                   pages a crawl fetches; default 10000 */
    int crawl_depth;            /* links followed from a crawl's start page;
                                   default 2 */
    int64_t max_sitemaps;       /* sitemaps and feeds read; default 1000 */
    const char *since;          /* ISO 8601 date or date-time: sitemap and feed
                                   entries dated before it, or undated, are
                                   left out; NULL: all */
    int list_only;              /* 1: write the discovered page URLs to `out`,
                                   one a line ("URL" or "URL<TAB>DATE"),
                                   instead of fetching and extracting them */
    int64_t max_hosts;          /* hosts the fetcher remembers (robots.txt
                                   rules, pacing); past it, hosts with nothing
                                   waiting or running are forgotten and read
                                   robots.txt again if they come back;
                                   default 10000 */
} galley_batch_config;

/* Duplicate removal within a run. */
typedef enum galley_dedup {
    GALLEY_DEDUP_NONE = 0,
    GALLEY_DEDUP_EXACT = 1, /* the same normalised text: the same words in the
                               same order, case and punctuation aside */
    GALLEY_DEDUP_NEAR = 2   /* fingerprints within dedup_distance bits */
} galley_dedup;

/* Why a document was filtered out: not written, counted. */
typedef enum galley_filter_reason {
    GALLEY_FILTER_PAGE_TYPE = 0,
    GALLEY_FILTER_CONFIDENCE = 1,
    GALLEY_FILTER_LANGUAGE = 2,
    GALLEY_FILTER_REQUIRE = 3,
    GALLEY_FILTER_MIN_WORDS = 4,
    GALLEY_FILTER_DUPLICATE = 5,
    GALLEY_FILTER_REASON_COUNT_ = 8
} galley_filter_reason;

/* Short, stable name of a filter reason ("language", ...); never NULL. */
GALLEY_API const char *galley_filter_reason_name(galley_filter_reason r);

/* Why an input was skipped: counted, with no record written. */
typedef enum galley_skip_reason {
    GALLEY_SKIP_WARC_RECORD = 0, /* a WARC record that is no HTML document
                                    (warcinfo, request, non-HTML response...) */
    GALLEY_SKIP_NOT_HTML = 1,    /* a file met in a directory walk whose bytes
                                    are not HTML (image, PDF, script, JSON...) */
    GALLEY_SKIP_NOT_REGULAR = 2, /* a FIFO, socket or device in a directory */
    GALLEY_SKIP_SYMLINK_DIR = 3, /* a symbolic link to a directory: not followed */
    GALLEY_SKIP_HIDDEN = 4,      /* an entry whose name starts with '.' (a hidden
                                    directory counts once, its contents not read) */
    GALLEY_SKIP_REASON_COUNT_ = 8
} galley_skip_reason;

/* Short, stable name of a skip reason ("not_html", ...); never NULL. */
GALLEY_API const char *galley_skip_reason_name(galley_skip_reason r);

/* The counts of a run. read = extracted + filtered + skipped + errors always
 * holds
 * (fields may be added at the end of this struct while the version is 0.x). */
typedef struct galley_batch_summary {
    uint64_t read;      /* inputs counted: documents plus skipped inputs */
    uint64_t extracted; /* records written with status ok */
    uint64_t skipped;   /* inputs that are no document: see skipped_by_reason */
    uint64_t errors;    /* error records written */
    uint64_t errors_by_status[32]; /* indexed by galley_status */
    uint64_t bytes;     /* input bytes after decompression */
    double elapsed_s;
    uint64_t skipped_by_reason[GALLEY_SKIP_REASON_COUNT_]; /* by galley_skip_reason */
    uint64_t filtered;  /* ok documents the corpus filters dropped (not written) */
    uint64_t filtered_by_reason[GALLEY_FILTER_REASON_COUNT_]; /* by galley_filter_reason */
    /* URL fetching and discovery (docs/discovery.md) */
    uint64_t requests;   /* HTTP requests made, robots.txt, sitemaps and feeds included */
    uint64_t robots;     /* of those, robots.txt requests (one per host at most) */
    uint64_t disallowed; /* URLs robots.txt kept galley from (error records) */
    uint64_t retried;    /* retries after 429, 503 or a dropped connection */
    uint64_t discovered; /* page URLs discovery found (after de-duplication) */
} galley_batch_summary;

/* Exit codes of galley_batch_run() and the CLI. GALLEY_EXIT_FAILED: the run
 * read exactly one document and it failed (its status is in the error
 * record and on the error stream), so that scripts can tell. */
enum {
    GALLEY_EXIT_OK = 0,
    GALLEY_EXIT_FAILED = 1,
    GALLEY_EXIT_USAGE = 2,
    GALLEY_EXIT_IO = 3,
    GALLEY_EXIT_NOMEM = 4
};

/* Fills `c` with defaults (stdout/stderr, JSON Lines off, text format). */
GALLEY_API void galley_batch_config_init(galley_batch_config *c);
/* Runs the batch. Returns GALLEY_EXIT_OK when the run completed, whatever
 * per-document errors it recorded (each is an error record), except
 * GALLEY_EXIT_FAILED when its one and only document failed; otherwise
 * GALLEY_EXIT_USAGE or GALLEY_EXIT_IO (fatal input/output failure, or an
 * input named in `inputs` that could not be opened). Fills
 * `sum` when not NULL. Not re-entrant on the same FILE streams. */
GALLEY_API int galley_batch_run(const galley_batch_config *cfg, galley_batch_summary *sum);

/* ------------------------------------------------------------------------
 * WARC reader: the records of a WARC 1.0/1.1 archive -- plain, gzip (one
 * member per record or the whole file) or zstd, told apart by their bytes --
 * as galley_batch_run() sees them. Junk between records is skipped; a
 * truncated or corrupt record that may hold a page comes back as an ERROR
 * record and reading goes on. One reader must not be used from two threads
 * at once; distinct readers may.
 * ---------------------------------------------------------------------- */
typedef struct galley_warc galley_warc;

typedef enum galley_warc_kind {
    GALLEY_WARC_DOCUMENT = 1, /* an HTML page: body, charset, target_uri */
    GALLEY_WARC_SKIPPED = 2,  /* warcinfo, request, metadata, non-HTML or non-2xx response */
    GALLEY_WARC_ERROR = 3     /* a response/resource record that failed: status, message */
} galley_warc_kind;

typedef struct galley_warc_record {
    galley_warc_kind kind;
    galley_status status;   /* GALLEY_OK unless kind is GALLEY_WARC_ERROR */
    const char *message;    /* why it failed; "" otherwise */
    const char *type;       /* WARC-Type, lower-cased; "" when missing */
    const char *target_uri; /* WARC-Target-URI, or NULL */
    const char *record_id;  /* WARC-Record-ID, or NULL */
    const char *date;       /* WARC-Date, or NULL */
    const char *charset;    /* charset of the HTTP (or WARC) Content-Type, or NULL */
    const char *body;       /* DOCUMENT: the page, transfer and content codings
                               undone; NUL-terminated. NULL otherwise */
    size_t body_len;
    int http_status;        /* status of an HTTP response, else 0 */
    uint64_t offset;        /* offset of the record in the decompressed stream */
    /* Where the record lies in the file, as a Common Crawl index gives it:
     * the offset and length of the gzip member (or zstd frame) that holds
     * this record alone; for a plain WARC, of the record itself, trailing
     * CRLF CRLF included. -1 when the record shares its member with others
     * (a whole-file gzip) or its member could not be told. */
    int64_t warc_offset;
    int64_t warc_length;
    const char *content_type; /* HTTP Content-Type of a response (WARC
                                 Content-Type of other records), or NULL */
} galley_warc_record;

/* Opens a reader over `len` bytes at `data`, which are not copied and must
 * outlive the reader. `max_bytes` caps a page after decompression (<= 0:
 * 64 MiB; larger pages are ERROR records with GALLEY_ERR_TOO_LARGE);
 * `max_member_bytes` caps what one gzip member or zstd frame may inflate to
 * (<= 0: 256 MiB), against decompression bombs. Returns the reader (caller
 * frees with galley_warc_free()) or NULL on OOM. */
GALLEY_API galley_warc *galley_warc_open_memory(const void *data, size_t len, int64_t max_bytes,
                                                int64_t max_member_bytes);
/* The same over a file descriptor read sequentially (pipes work). The fd is
 * not closed by the reader. */
GALLEY_API galley_warc *galley_warc_open_fd(int fd, int64_t max_bytes, int64_t max_member_bytes);
/* Reads the next record into `*rec`, whose strings are owned by the reader
 * and valid until the next call or galley_warc_free(). Returns 1 for a
 * record, 0 at the end of the archive (or when `w` or `rec` is NULL). A gzip
 * member or zstd frame that fails before any of it could be read (over
 * `max_member_bytes`, corrupt) comes back as one ERROR record without a
 * target URI, so that no record goes missing unseen. */
GALLEY_API int galley_warc_next(galley_warc *w, galley_warc_record *rec);
/* Renders the JSON Lines record the CLI writes for a WARC record (schema in
 * docs/cli.md), so that a binding or an embedder driving its own loop writes
 * the very same record: `rec` is a DOCUMENT or ERROR record from
 * galley_warc_next() (its strings must still be valid); `a` the article
 * extracted from its body, or NULL when extraction failed or `rec` is an
 * ERROR record; `source` the input's name (path, "-"; NULL gives null);
 * `status` and `error` the extraction failure when `a` is NULL (an ERROR
 * record's own status and message win; `error` may be NULL for the status's
 * sentence). Returns one JSON object on one line, without a newline
 * (NUL-terminated, caller frees with galley_free()), its length in `*len`
 * when not NULL; NULL on OOM or when `rec` is NULL or a SKIPPED record.
 * Thread-safe. */
GALLEY_API char *galley_warc_record_render(const galley_warc_record *rec,
                                           const galley_article *a, const char *source,
                                           galley_status status, const char *error,
                                           size_t *len);
/* Bytes skipped as junk between records so far. */
GALLEY_API uint64_t galley_warc_junk_bytes(const galley_warc *w);
GALLEY_API void galley_warc_free(galley_warc *w);

/* ------------------------------------------------------------------------
 * Discovery helpers (docs/discovery.md): robots.txt and URL normalisation
 * as the batch's --sitemap, --feed and --crawl use them, public for an
 * embedder that runs its own fetch loop. Pure functions of their input, no
 * I/O; each object is read-only after it is made (safe from many threads).
 * ---------------------------------------------------------------------- */
typedef struct galley_robots galley_robots;

/* Parses a robots.txt (RFC 9309; the first 500 KiB) for the crawler whose
 * User-Agent is `user_agent` (its product token, before any "/", picks the
 * group; NULL: only the "*" group applies). Never fails on content. Returns
 * the rules (caller frees with galley_robots_free()), NULL on OOM or when
 * `txt` is NULL with `len` > 0. */
GALLEY_API galley_robots *galley_robots_parse(const char *txt, size_t len,
                                              const char *user_agent);
/* 1 when `path` (a URL's path and query, starting with "/") may be
 * fetched, else 0: the longest matching Allow/Disallow pattern decides, an
 * Allow wins a tie, "*" and a final "$" as RFC 9309 2.2.3. NULL `r`: 1;
 * NULL `path`: 0. */
GALLEY_API int galley_robots_allowed(const galley_robots *r, const char *path);
/* The group's Crawl-delay in milliseconds, -1 when none (or `r` NULL). */
GALLEY_API int64_t galley_robots_crawl_delay_ms(const galley_robots *r);
/* The Sitemap lines in file order (at most 1000): how many, and the i-th
 * (owned by `r`; NULL past the end). */
GALLEY_API size_t galley_robots_sitemap_count(const galley_robots *r);
GALLEY_API const char *galley_robots_sitemap(const galley_robots *r, size_t i);
GALLEY_API void galley_robots_free(galley_robots *r);

/* The URL discovery de-duplicates by: `url` resolved against `base` (may be
 * NULL) by RFC 3986, http(s) only, scheme and host lower-cased, default port
 * and fragment dropped, an empty path made "/", tracking parameters
 * ("utm_*", "fbclid", "gclid", ... docs/discovery.md) removed. Returns a
 * string (caller frees with galley_free()), NULL when the result is no
 * absolute http(s) URL, on OOM, or when `url` is NULL. Thread-safe. */
GALLEY_API char *galley_url_normalize(const char *base, const char *url);

/* The URLs of a sitemap (<urlset>, Google News extensions included), a
 * sitemap index, or an RSS 2.0, Atom 1.0 or RSS 1.0/RDF feed, gzip or not,
 * read with expat: no entities at all (a document that declares one is
 * refused: no billion laughs, no external entities), no DTD or network
 * access; at most GALLEY_OPT_MAX_INPUT_BYTES before and after inflating,
 * elements nested at most GALLEY_OPT_MAX_DEPTH deep, 50,000 entries.
 * `base` (may be NULL) resolves relative URLs; every URL is normalised as
 * galley_url_normalize() does, and entries without an http(s) URL are left
 * out. `opts` NULL: defaults. Returns the set (caller frees with
 * galley_urlset_free()), even when reading failed part-way (see
 * galley_urlset_status(): the entries before the failure are kept); NULL
 * on OOM or when `data` is NULL with `len` > 0. Thread-safe. */
typedef struct galley_urlset galley_urlset;
GALLEY_API galley_urlset *galley_urlset_parse(const char *data, size_t len, const char *base,
                                              const galley_options *opts);
/* GALLEY_OK, or why reading stopped (corrupt, too_large, limit_depth,
 * limit_nodes, unsupported for an entity declaration or an unknown root);
 * `*msg` (may be NULL) gets a sentence owned by the set. */
GALLEY_API galley_status galley_urlset_status(const galley_urlset *s, const char **msg);
/* "urlset", "sitemapindex", "rss", "atom", "rdf", or "" when unknown. */
GALLEY_API const char *galley_urlset_kind(const galley_urlset *s);
GALLEY_API size_t galley_urlset_count(const galley_urlset *s);
/* The i-th entry's URL, its date as ISO 8601 (news publication date,
 * lastmod, published, updated, pubDate or dc:date, the first given; NULL
 * when none), its title (NULL when none). Owned by the set; NULL past the
 * end. In a sitemap index the URLs are sitemaps. */
GALLEY_API const char *galley_urlset_url(const galley_urlset *s, size_t i);
GALLEY_API const char *galley_urlset_date(const galley_urlset *s, size_t i);
GALLEY_API const char *galley_urlset_title(const galley_urlset *s, size_t i);
GALLEY_API void galley_urlset_free(galley_urlset *s);

#ifdef __cplusplus
}
#endif
#endif /* GALLEY_H */
