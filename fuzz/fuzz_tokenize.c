/*
 * fuzz_tokenize -- libFuzzer target for galley_tokenize().
 *
 * Input: byte 0 picks the initial tokenizer state (all six) and the
 * "appropriate end tag" name; byte 1 picks after how many tokens the callback
 * asks to stop (0: never), so the early-stop path is fuzzed too; the rest is
 * the text. The callback reads every byte of every token so that ASan sees
 * any token that points outside live memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "galley.h"

static const char *const END_TAGS[] = {NULL,    "title",   "textarea", "style",
                                       "xmp",   "iframe",  "noembed",  "noframes",
                                       "script", "noscript", "plaintext", "svg"};
#define NEND (sizeof END_TAGS / sizeof END_TAGS[0])

typedef struct walk {
    size_t tokens, stop_after;
    unsigned sum;
    int saw_eof;
} walk;

static unsigned touch(const char *p, size_t n)
{
    unsigned s = 0;
    if (n && !p)
        __builtin_trap(); /* a length without data */
    for (size_t i = 0; i < n; i++)
        s += (unsigned char)p[i];
    return s;
}

static int on_token(void *ud, const galley_token *t)
{
    walk *w = ud;
    if (w->saw_eof)
        __builtin_trap(); /* a token after EOF */
    w->tokens++;
    switch (t->type) {
    case GALLEY_TOKEN_START_TAG:
    case GALLEY_TOKEN_END_TAG:
        w->sum += touch(t->data, t->data_len);
        for (size_t i = 0; i < t->nattrs; i++) {
            w->sum += touch(t->attrs[i].name, t->attrs[i].name_len);
            w->sum += touch(t->attrs[i].value, t->attrs[i].value_len);
        }
        break;
    case GALLEY_TOKEN_DOCTYPE:
        w->sum += touch(t->data, t->data_len);
        w->sum += touch(t->public_id, t->public_id_len);
        w->sum += touch(t->system_id, t->system_id_len);
        break;
    case GALLEY_TOKEN_COMMENT:
    case GALLEY_TOKEN_CHARACTER:
        w->sum += touch(t->data, t->data_len);
        break;
    case GALLEY_TOKEN_EOF:
        w->saw_eof = 1;
        break;
    default:
        __builtin_trap(); /* unknown token type */
    }
    return w->stop_after && w->tokens >= w->stop_after;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    galley_tokenizer_state st = (galley_tokenizer_state)(data[0] % 6);
    const char *end_tag = END_TAGS[(data[0] / 6) % NEND];
    walk w = {0, data[1] & 0x0f, 0, 0};
    size_t nerr = 0;
    galley_tokenize((const char *)data + 2, size - 2, st, end_tag, on_token, &w, &nerr);
    return 0;
}
