/*
 * content.h -- whether bytes may be an HTML page at all (content.c). Its
 * own header, apart from encoding.h, so that the io module can ask too.
 */
#ifndef GL_CONTENT_H
#define GL_CONTENT_H

#include "../core/core.h"

/* NULL when `bytes` may be an HTML page; otherwise a short phrase saying
 * what they are instead ("PNG image", "binary data", "text without
 * markup"), a static string. Empty input is not judged (NULL). Linear;
 * thread-safe. */
const char *gl_content_not_html(const char *bytes, size_t len);

#endif
