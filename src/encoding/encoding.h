/*
 * encoding.h -- WHATWG encoding labels, sniffing and decoding to UTF-8,
 * internal interface. The public galley_* encoding functions wrap these.
 */
#ifndef GL_ENCODING_H
#define GL_ENCODING_H

#include "../core/core.h"

/* Decides the encoding and decodes to a malloc'd, NUL-terminated UTF-8
 * buffer. When the declared encoding (meta or transport) fails to decode
 * cleanly, falls back by evidence (GALLEY_ENC_FALLBACK). Returns the buffer
 * (caller frees) and sets *out_len, *encoding (static canonical name) and
 * *basis; NULL with err set on OOM. */
char *gl_decode_document(const char *bytes, size_t len, const char *transport_charset,
                         size_t *out_len, const char **encoding,
                         galley_encoding_basis *basis, galley_error *err);

#endif
