/*
 * consumer.c -- a program outside galley's tree, built against an installed
 * galley (tests/consumer/run.sh builds it through pkg-config, shared and
 * static, and through find_package and add_subdirectory). It extracts an
 * invented page with the public API only and checks what comes back.
 *
 * Usage: consumer FETCH   FETCH is 1 or 0: whether the linked library was
 * built with URL fetching; without it, a batch URL must give an
 * `unsupported` record.
 */
#include <galley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><title>The Lantern Makers of Ostrava Lane"
    " | Example Gazette</title>"
    "<meta name=\"author\" content=\"Mira Tollund\"></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article>"
    "<h1>The Lantern Makers of Ostrava Lane</h1>"
    "<p>Every winter the workshop at the end of the lane lights its windows before dawn, and "
    "the three families who run it begin folding paper for the spring festival lanterns.</p>"
    "<p>The craft came with their grandparents, who sold the first lanterns from a handcart, "
    "and today the orders arrive from towns along the whole river valley.</p>"
    "<p>Apprentices learn the frames first, bending willow over a wooden form, and only in "
    "their second year are they trusted with the painted silk panels.</p>"
    "</article><footer>Contact us</footer></body></html>";

static int fail(const char *what)
{
    fprintf(stderr, "consumer: %s\n", what);
    return 1;
}

/* Two URLs in a build without fetching: an `unsupported` record each, and the
 * run completes (exit status 0: not a single failed document). */
static int check_batch_url(void)
{
    FILE *out = tmpfile(), *err = tmpfile();
    if (!out || !err) return fail("tmpfile");
    const char *urls[] = {"http://example.com/lanterns", "http://example.com/frames"};
    galley_batch_config c;
    galley_batch_config_init(&c);
    c.urls = urls;
    c.nurls = 2;
    c.jsonl = 1;
    c.format = GALLEY_FORMAT_JSON;
    c.out = out;
    c.err = err;
    galley_batch_summary sum;
    int rc = galley_batch_run(&c, &sum);
    if (rc != GALLEY_EXIT_OK) {
        fprintf(stderr, "consumer: batch run gave exit status %d\n", rc);
        return 1;
    }
    char line[4096] = "";
    rewind(out);
    if (!fgets(line, sizeof line, out)) return fail("no batch record");
    fclose(out);
    fclose(err);
    if (sum.errors_by_status[GALLEY_ERR_UNSUPPORTED] != 2 || !strstr(line, "\"unsupported\"") ||
        !strstr(line, "not available in this build"))
        return fail("a URL without fetching is not an unsupported record");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) return fail("usage: consumer 0|1");
    int want_fetch = atoi(argv[1]);
    galley_error err;
    galley_article *a =
        galley_extract(page, sizeof page - 1, "https://example.com/lanterns", NULL, NULL, &err);
    if (!a) return fail(err.msg);
    const char *title = galley_article_field(a, GALLEY_FIELD_TITLE);
    size_t n = 0;
    const char *text = galley_article_text(a, &n);
    int bad = 0;
    if (!title || strcmp(title, "The Lantern Makers of Ostrava Lane") != 0)
        bad |= fail("wrong title");
    if (galley_article_list_count(a, GALLEY_FIELD_AUTHORS) != 1 ||
        strcmp(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0), "Mira Tollund") != 0)
        bad |= fail("wrong author");
    if (!text || !strstr(text, "willow") || strstr(text, "Contact us"))
        bad |= fail("wrong body text");
    char *md = galley_article_render(a, GALLEY_FORMAT_MARKDOWN, NULL);
    if (!md || !strstr(md, "# The Lantern Makers")) bad |= fail("wrong Markdown");
    galley_free(md);
    galley_article_free(a);
    if (galley_has_feature(GALLEY_FEATURE_FETCH) != want_fetch) bad |= fail("wrong fetch feature");
    if (!want_fetch) bad |= check_batch_url();
    if (bad) return 1;
    printf("consumer: galley %s, \"%s\", %zu bytes of text, fetch %d\n", galley_version(), title,
           n, want_fetch);
    return 0;
}
