/*
 * entities.h -- the WHATWG named character reference table (HTML Standard
 * 13.5), generated into entities.c by tools/gen_entities.py. Names are
 * stored without the leading '&' (legacy names lack the ';'), sorted by
 * bytes for binary search; replacements are UTF-8.
 */
#ifndef GL_ENTITIES_H
#define GL_ENTITIES_H

#include <stdint.h>

#define GL_ENTITY_COUNT 2231
#define GL_ENTITY_MAX_NAME 32 /* "CounterClockwiseContourIntegral;" */

typedef struct gl_entity {
    const char *name;
    uint8_t name_len;
    const char *utf8;
    uint8_t utf8_len;
} gl_entity;

extern const gl_entity gl_entities[GL_ENTITY_COUNT];

#endif
