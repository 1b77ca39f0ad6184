/* PLACEHOLDER until the encoding suite lands: reports nothing run, which fails the bar. */
#include "h5.h"
int h5_run_encoding(const char *dir, h5_counts *c, int verbose) { (void)dir; (void)verbose; c->passed = c->failed = 0; return 0; }
