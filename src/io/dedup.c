/*
 * dedup.c -- duplicate removal within a run (--dedup exact|near).
 *
 * The batch asks in input order (from the writer, which sees records in
 * sequence), so the first document of a group is the one kept, whatever
 * -j is.
 *
 * exact: a set of the 64-bit hashes of the documents' normalised text
 * (measure.c), open addressing with linear probing, grown at 3/4 load:
 * 10.7 to 21.3 bytes per kept document.
 *
 * near: a document is a duplicate when its SimHash fingerprint is within
 * `distance` bits (Hamming) of a kept one's. By the pigeonhole principle two
 * 64-bit values that differ in at most k bits agree exactly on at least one
 * of k + 1 disjoint bands, so each kept fingerprint is filed under each of
 * its k + 1 band values and only the fingerprints sharing a band value are
 * compared (Manku, Jain, Das Sarma, WWW 2007). Per kept document: the
 * fingerprint (8 bytes) and one 4-byte chain link per band; per band, a
 * table of 2^bits chain heads (4 bytes each). With the default distance 5
 * (6 bands of 10-11 bits): 32 bytes per kept document, 320 MB for 10
 * million, plus 48 KiB of heads; distance 3 (4 bands of 16 bits): 24 bytes,
 * plus 1 MiB of heads.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

#define GL_DEDUP_NIL UINT32_MAX
/* A band wider than this is indexed by its low bits: a chain then also holds
 * fingerprints that differ higher up in the band, which the final popcount
 * sorts out (distances 0 to 2 have bands of 22 to 64 bits). */
#define GL_DEDUP_INDEX_BITS 16

static unsigned band_bits(unsigned nb, unsigned i)
{
    return 64 / nb + (i < 64 % nb ? 1 : 0);
}

static uint32_t band_of(uint64_t fp, unsigned shift, unsigned bits)
{
    return (uint32_t)((fp >> shift) & (((uint64_t)1 << bits) - 1));
}

bool gl_dedup_init(gl_dedup *d, galley_dedup mode, int distance)
{
    memset(d, 0, sizeof(*d));
    d->mode = mode;
    if (mode != GALLEY_DEDUP_NEAR) return true;
    if (distance < 0) distance = 0;
    if (distance > GL_DEDUP_DISTANCE_MAX) distance = GL_DEDUP_DISTANCE_MAX;
    d->distance = distance;
    d->nbands = (unsigned)distance + 1;
    unsigned shift = 0;
    for (unsigned i = 0; i < d->nbands; i++) {
        d->shift[i] = shift;
        unsigned w = band_bits(d->nbands, i);
        d->bits[i] = w < GL_DEDUP_INDEX_BITS ? w : GL_DEDUP_INDEX_BITS;
        shift += w;
        size_t nh = (size_t)1 << d->bits[i];
        d->heads[i] = malloc(nh * sizeof *d->heads[i]);
        if (!d->heads[i]) return false;
        memset(d->heads[i], 0xff, nh * sizeof *d->heads[i]); /* GL_DEDUP_NIL */
    }
    return true;
}

void gl_dedup_free(gl_dedup *d)
{
    free(d->set);
    free(d->fps);
    for (unsigned i = 0; i < GL_DEDUP_DISTANCE_MAX + 1; i++) {
        free(d->heads[i]);
        free(d->next[i]);
    }
    memset(d, 0, sizeof(*d));
}

/* exact: 0 stands for an empty slot, so a hash of 0 is stored as 1 */
static int exact_check(gl_dedup *d, uint64_t h)
{
    if (!h) h = 1;
    if ((d->n + 1) * 4 > d->cap * 3) {
        size_t nc = d->cap ? d->cap * 2 : 1024;
        uint64_t *ns = calloc(nc, sizeof *ns);
        if (!ns) return -1;
        for (size_t i = 0; i < d->cap; i++) {
            if (!d->set[i]) continue;
            size_t j = (size_t)d->set[i] & (nc - 1);
            while (ns[j]) j = (j + 1) & (nc - 1);
            ns[j] = d->set[i];
        }
        free(d->set);
        d->set = ns;
        d->cap = nc;
    }
    size_t j = (size_t)h & (d->cap - 1);
    while (d->set[j]) {
        if (d->set[j] == h) return 1;
        j = (j + 1) & (d->cap - 1);
    }
    d->set[j] = h;
    d->n++;
    return 0;
}

static int near_check(gl_dedup *d, uint64_t fp)
{
    for (unsigned i = 0; i < d->nbands; i++) {
        uint32_t k = d->heads[i][band_of(fp, d->shift[i], d->bits[i])];
        /* a chain holds the kept documents sharing this band value: about
         * n / 2^bits of them for fingerprints spread like hashes */
        for (; k != GL_DEDUP_NIL; k = d->next[i][k])
            if (__builtin_popcountll(d->fps[k] ^ fp) <= d->distance) return 1;
    }
    if (d->n == GL_DEDUP_NIL - 1) return -1; /* index space spent */
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 1024;
        uint64_t *nf = realloc(d->fps, nc * sizeof *nf);
        if (!nf) return -1;
        d->fps = nf;
        for (unsigned i = 0; i < d->nbands; i++) {
            uint32_t *nn = realloc(d->next[i], nc * sizeof *nn);
            if (!nn) return -1;
            d->next[i] = nn;
        }
        d->cap = nc;
    }
    uint32_t idx = (uint32_t)d->n++;
    d->fps[idx] = fp;
    for (unsigned i = 0; i < d->nbands; i++) {
        uint32_t *head = &d->heads[i][band_of(fp, d->shift[i], d->bits[i])];
        d->next[i][idx] = *head;
        *head = idx;
    }
    return 0;
}

int gl_dedup_check(gl_dedup *d, uint64_t text_hash, uint64_t fingerprint)
{
    switch (d->mode) {
    case GALLEY_DEDUP_EXACT: return exact_check(d, text_hash);
    case GALLEY_DEDUP_NEAR: return near_check(d, fingerprint);
    default: return 0;
    }
}
