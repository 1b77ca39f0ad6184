/*
 * encoding.c -- html5lib-tests encoding tests (tests1.dat, tests2.dat,
 * test-yahoo-jp.dat): BOM and the <meta> prescan. Each case is
 * "#data\n<bytes>\n#encoding\n<name>\n"; the expected name is what a browser
 * picks with windows-1252 as its default, so a case takes a BOM, else runs
 * galley_prescan_encoding over all its bytes and falls back to
 * windows-1252. The scripted folder needs document.write and is not run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "galley.h"
#include "h5.h"

static const char *const FILES[] = {"tests1.dat", "tests2.dat", "test-yahoo-jp.dat"};

/* Runs every case of one file; returns -1 when it cannot be read. */
static int run_file(const char *path, h5_counts *c, int verbose)
{
    size_t len;
    char *buf = h5_read_file(path, &len);
    if (!buf) return -1;
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *d = strstr(p, "#data\n");
        if (!d) break;
        const char *data = d + 6;
        const char *e = strstr(data, "\n#encoding\n");
        if (!e) break;
        size_t dlen = (size_t)(e - data); /* the newline before #encoding is not data */
        const char *name = e + 11;
        const char *nl = memchr(name, '\n', (size_t)(end - name));
        size_t nlen = nl ? (size_t)(nl - name) : (size_t)(end - name);
        while (nlen > 0 && (name[nlen - 1] == '\r' || name[nlen - 1] == ' '))
            nlen--;
        galley_encoding_basis basis;
        const char *got = galley_sniff_encoding(data, dlen, NULL, &basis);
        if (basis != GALLEY_ENC_BOM) got = galley_prescan_encoding(data, dlen);
        if (!got) got = "windows-1252";
        if (strlen(got) == nlen && strncasecmp(got, name, nlen) == 0) {
            c->passed++;
        } else {
            c->failed++;
            if (verbose)
                printf("encoding FAIL %s: expected %.*s, got %s\n  data: %.*s\n", path, (int)nlen,
                       name, got, (int)(dlen > 200 ? 200 : dlen), data);
        }
        p = nl ? nl : end;
    }
    free(buf);
    return 0;
}

int h5_run_encoding(const char *dir, h5_counts *c, int verbose)
{
    c->passed = c->failed = c->skipped = 0;
    int rc = 0;
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/encoding/%s", dir, FILES[i]);
        if (run_file(path, c, verbose) != 0) {
            fprintf(stderr, "encoding: cannot read %s\n", path);
            rc = -1;
        }
    }
    c->skipped++; /* encoding/scripted/tests1.dat: needs document.write */
    return rc;
}
