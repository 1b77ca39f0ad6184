/* PLACEHOLDER until the tree-construction suite lands: reports nothing run, which fails the bar. */
#include "h5.h"
int h5_run_tree(const char *dir, const char *known, h5_counts *c, int verbose) { (void)dir; (void)known; (void)verbose; c->passed = c->failed = 0; return 0; }
