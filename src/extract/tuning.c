/* tuning.c -- the per-mode table of tuning.h. */
#include "../../include/galley.h"
#include "tuning.h"

#define GL_XTUNE_P(type, name, p, b, r) .name = p,
#define GL_XTUNE_B(type, name, p, b, r) .name = b,
#define GL_XTUNE_R(type, name, p, b, r) .name = r,
static const gl_xtune tunes[] = {
    [GALLEY_MODE_PRECISION] = {GL_XTUNE_TABLE(GL_XTUNE_P)},
    [GALLEY_MODE_BALANCED] = {GL_XTUNE_TABLE(GL_XTUNE_B)},
    [GALLEY_MODE_RECALL] = {GL_XTUNE_TABLE(GL_XTUNE_R)},
};

const gl_xtune *gl_xtune_for(int mode)
{
    if (mode < 0 || (size_t)mode >= sizeof tunes / sizeof *tunes) mode = GALLEY_MODE_BALANCED;
    return &tunes[mode];
}
