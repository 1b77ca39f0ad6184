/* tuning.c -- the per-mode table of tuning.h, and the overrides an options
 * object may carry (galley_options_set_tune). */
#include <math.h>
#include <string.h>

#include "../../include/galley.h"
#include "../core/core.h"
#include "tuning.h"
#include "tuning_fitted.h"

#define GL_XTUNE_P(type, name, p, b, r) .name = p,
#define GL_XTUNE_B(type, name, p, b, r) .name = b,
#define GL_XTUNE_R(type, name, p, b, r) .name = r,
/* a fitted row after the table's: the later initializer of a member wins
 * (C11 6.7.9p19); a name that is no row does not compile */
#define GL_XTUNE_FIT(name, v) .name = v,
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#endif
static const gl_xtune tunes[] = {
    [GALLEY_MODE_PRECISION] = {GL_XTUNE_TABLE(GL_XTUNE_P)},
    [GALLEY_MODE_BALANCED] = {GL_XTUNE_TABLE(GL_XTUNE_B) GL_XTUNE_FITTED(GL_XTUNE_FIT)},
    [GALLEY_MODE_RECALL] = {GL_XTUNE_TABLE(GL_XTUNE_R) GL_XTUNE_FITTED(GL_XTUNE_FIT)},
};
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

const gl_xtune *gl_xtune_for(int mode)
{
    if (mode < 0 || (size_t)mode >= sizeof tunes / sizeof *tunes) mode = GALLEY_MODE_BALANCED;
    return &tunes[mode];
}

/* ---- rows by number: the overrides name a row, the options keep its number */

enum {
#define GL_XTUNE_ID(type, name, p, b, r) TUNE_##name,
    GL_XTUNE_TABLE(GL_XTUNE_ID)
#undef GL_XTUNE_ID
    TUNE_COUNT
};

typedef enum { KIND_BOOL, KIND_INT, KIND_UINT, KIND_REAL } tune_kind;

#define KIND_OF_bool KIND_BOOL
#define KIND_OF_int KIND_INT
#define KIND_OF_uint32_t KIND_UINT
#define KIND_OF_float KIND_REAL
#define KIND_OF_double KIND_REAL

static const struct {
    const char *name;
    const char *type;
    tune_kind kind;
} rows[TUNE_COUNT] = {
#define GL_XTUNE_ROW(type, name, p, b, r) [TUNE_##name] = {#name, #type, KIND_OF_##type},
    GL_XTUNE_TABLE(GL_XTUNE_ROW)
#undef GL_XTUNE_ROW
};

static double get_row(const gl_xtune *t, int id)
{
    switch (id) {
#define GL_XTUNE_GET(type, name, p, b, r) \
    case TUNE_##name: return (double)t->name;
        GL_XTUNE_TABLE(GL_XTUNE_GET)
#undef GL_XTUNE_GET
    }
    return 0;
}

/* values were checked against the row's kind when set */
static void set_row(gl_xtune *t, int id, double v)
{
    switch (id) {
#define GL_XTUNE_SET(type, name, p, b, r) \
    case TUNE_##name: t->name = (type)v; break;
        GL_XTUNE_TABLE(GL_XTUNE_SET)
#undef GL_XTUNE_SET
    }
}

static bool fits(tune_kind k, double v)
{
    if (!isfinite(v)) return false;
    switch (k) {
    case KIND_BOOL: return v == 0 || v == 1;
    case KIND_INT: return v == floor(v) && v >= -1e9 && v <= 1e9;
    case KIND_UINT: return v == floor(v) && v >= 0 && v <= 4e9;
    case KIND_REAL: return v >= -1e30 && v <= 1e30;
    }
    return false;
}

const gl_xtune *gl_xtune_with(const galley_options *o, gl_xtune *scratch)
{
    const gl_xtune *base = gl_xtune_for(o ? (int)o->mode : GALLEY_MODE_BALANCED);
    if (!o || !o->ntune) return base;
    *scratch = *base;
    for (uint16_t i = 0; i < o->ntune && i < GL_OPTIONS_MAX_TUNE; i++)
        set_row(scratch, o->tune[i].id, o->tune[i].value);
    return scratch;
}

GALLEY_API galley_status galley_options_set_tune(galley_options *o, const char *name,
                                                 double value)
{
    if (!o || !name) return GALLEY_ERR_INVALID_ARG;
    int id = 0;
    while (id < TUNE_COUNT && strcmp(rows[id].name, name) != 0) id++;
    if (id == TUNE_COUNT || !fits(rows[id].kind, value)) return GALLEY_ERR_INVALID_ARG;
    uint16_t i = 0;
    while (i < o->ntune && o->tune[i].id != id) i++;
    if (i == o->ntune) {
        if (o->ntune >= GL_OPTIONS_MAX_TUNE) return GALLEY_ERR_INVALID_ARG;
        o->ntune++;
    }
    o->tune[i].id = (uint16_t)id;
    o->tune[i].value = value;
    return GALLEY_OK;
}

GALLEY_API const char *galley_tune_name(size_t i, const galley_options *o, galley_mode mode,
                                        const char **type, double *value)
{
    if (i >= TUNE_COUNT) return NULL;
    if (type) *type = rows[i].type;
    if (value) {
        galley_options tmp = o ? *o : *gl_options_default();
        tmp.mode = (mode >= GALLEY_MODE_PRECISION && mode <= GALLEY_MODE_RECALL)
                       ? mode
                       : GALLEY_MODE_BALANCED;
        gl_xtune scratch;
        *value = get_row(gl_xtune_with(&tmp, &scratch), (int)i);
    }
    return rows[i].name;
}
