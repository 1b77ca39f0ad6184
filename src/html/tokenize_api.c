/* tokenize_api.c -- galley_tokenize(), the public face of the tokenizer. */
#include "tokenizer.h"

GALLEY_API galley_status galley_tokenize(const char *input, size_t len,
                                         galley_tokenizer_state initial_state,
                                         const char *last_start_tag, galley_token_cb cb,
                                         void *userdata, size_t *nerrors)
{
    if (nerrors) *nerrors = 0;
    if ((!input && len) || !cb) return GALLEY_ERR_INVALID_ARG;
    gl_tokenizer *t = gl_tokenizer_new();
    if (!t) return GALLEY_ERR_NOMEM;
    gl_tokenizer_reset(t, input, len, cb, userdata);
    /* The library's default attribute cap (256 per tag) applies here too:
     * without one, a page of "<a b c d ..." would hold ~40 bytes of
     * bookkeeping per input byte. */
    gl_tokenizer_set_max_attrs(t, (size_t)gl_options_default()->max_attrs);
    gl_tokenizer_set_state(t, initial_state);
    if (last_start_tag) gl_tokenizer_set_last_start_tag(t, last_start_tag, strlen(last_start_tag));
    galley_status st = gl_tokenizer_run(t, NULL);
    if (nerrors) *nerrors = gl_tokenizer_errors(t);
    gl_tokenizer_free(t);
    return st;
}
