/*
 * serialize.h -- HTML Standard 13.3 "Serializing HTML fragments",
 * internal interface.
 */
#ifndef GL_SERIALIZE_H
#define GL_SERIALIZE_H

#include "../dom/dom.h"

/* Appends the serialization of `n`'s children (or of `n` itself when
 * `outer`) to `out`. Iterative; false on OOM. `scripting` makes noscript's
 * text literal, as the scripting flag does. */
bool gl_html_serialize(const gl_node *n, bool outer, bool scripting, gl_buf *out);

#endif
