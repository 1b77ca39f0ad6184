#!/usr/bin/env python3
"""Discovery against a fake news site this test starts on 127.0.0.1
(ephemeral port, always stopped): robots.txt with a Sitemap line, a sitemap
index (listing itself, a dated-out sitemap and an endless one), a gzipped
Google News sitemap, a plain sitemap, RSS, Atom and RDF feeds, a home page
that names its feeds, article and non-article pages, a disallowed path, a
429 with Retry-After, a redirect loop, a redirect to file:///etc/passwd and
a slow-drip body. Checks: the right URLs in the right order, nothing
disallowed fetched, the delay held (the server's clock), every failure a
record with a clear status, the counts adding up, nothing fetched twice.

Usage: discover_test.py BUILD_DIR SOURCE_DIR   (exit 77 skips)
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import polite_test  # noqa: E402 (its fake site server)

BODY = ("<p>The harbour board met on Tuesday evening to settle the future of the old pier, "
        "which has stood on the east shore since the town was founded and needs repair.</p>")

ARTICLES = ["/news/2026/12/05/harbour-opens", "/news/2026/12/04/market-day",
            "/news/2026/12/06/ferry-timetable", "/news/2026/12/07/lighthouse-keeper",
            "/news/2026/12/03/school-choir", "/news/2026/12/02/rdf-story"]


def article(path):
    # every article links two others and a non-article page: the crawl's food
    links = "".join('<a href="%s">more</a> ' % a for a in ARTICLES if a != path)
    return ("<!DOCTYPE html><html><head><title>%s</title></head><body><nav><a href=\"/about\">"
            "About</a> <a href=\"/tag/harbour\">Harbour</a></nav><article><h1>%s</h1>%s</article>"
            "<aside>%s</aside></body></html>" % (path, path, BODY * 4, links)).encode()


def home():
    return ("<!DOCTYPE html><html><head><title>Town news</title>"
            "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.rss\">"
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"atom.xml\">"
            "<link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
            "<a href=\"/about\">About us</a> <a href=\"/tag/harbour\">Harbour</a> "
            "<a href=\"/category/news\">News</a> <a href=\"/private/drafts\">Drafts</a> "
            "<a href=\"http://other.example/elsewhere\">Elsewhere</a> "
            "<a href=\"mailto:desk@example.com\">Write</a> "
            + "".join('<a href="%s?utm_source=home">Story</a> ' % a for a in ARTICLES[:3])
            + "</body></html>").encode()


def urlset(entries, news=False):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
           'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for loc, date in entries:
        out.append("<url><loc>%s</loc>" % loc)
        if date and news:
            out.append("<news:news><news:publication_date>%s</news:publication_date>"
                       "<news:title>Story</news:title></news:news>" % date)
        elif date:
            out.append("<lastmod>%s</lastmod>" % date)
        out.append("</url>")
    out.append("</urlset>")
    return "".join(out).encode()


class Site(polite_test.Site):
    """The fake news site: polite_test's server with this site's pages."""

    def __init__(self):
        super().__init__()
        self.busy_hits = 0

    def route(self, h, p):
        b = self.base
        if p == "/robots.txt":
            h.send(200, ("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n\n"
                         "Sitemap: %s/sitemap_index.xml\n" % b).encode(), "text/plain")
        elif p == "/sitemap_index.xml":
            h.send(200, ('<?xml version="1.0"?><sitemapindex '
                         'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                         '<sitemap><loc>%s/sitemap-news.xml.gz</loc><lastmod>2026-12-06</lastmod></sitemap>'
                         '<sitemap><loc>%s/sitemap-pages.xml</loc><lastmod>2026-12-01</lastmod></sitemap>'
                         '<sitemap><loc>%s/sitemap-2019.xml</loc><lastmod>2019-05-01</lastmod></sitemap>'
                         '<sitemap><loc>%s/sitemap_index.xml</loc></sitemap>'
                         '<sitemap><loc>%s/sitemap-endless.xml</loc></sitemap>'
                         '</sitemapindex>' % (b, b, b, b, b)).encode(), "application/xml")
        elif p == "/sitemap-news.xml.gz":
            h.send(200, gzip.compress(urlset([
                (b + ARTICLES[0] + "?utm_medium=news", "2026-12-05T09:00:00Z"),
                (b + ARTICLES[1], "2026-12-04T09:00:00Z"),
                (b + "/private/leaked-story", "2026-12-05T10:00:00Z"),
                (b + "/news/2025/01/01/too-old", "2025-01-01T09:00:00Z")], news=True)),
                "application/x-gzip")
        elif p == "/sitemap-pages.xml":
            h.send(200, urlset([
                (b + "/about", "2026-11-20"),
                (b + ARTICLES[0] + "#comments", "2026-12-05"),
                (b + "/busy-story", "2026-12-01"),
                (b + "/loop", "2026-12-01"),
                (b + "/to-passwd", "2026-12-01"),
                (b + "/slow-drip", "2026-12-01"),
                (b + "/undated", None)]), "application/xml")
        elif p == "/sitemap-2019.xml":
            h.send(200, urlset([(b + "/news/2019/old", "2019-05-01")]), "application/xml")
        elif p == "/sitemap-endless.xml":
            h.send_response(200)
            h.send_header("Content-Type", "application/xml")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            h.wfile.write(b"%x\r\n%s\r\n" % (len(b"<urlset>"), b"<urlset>"))
            chunk = b"".join(b"<url><loc>%s/gen/%d</loc></url>" % (b.encode(), k)
                             for k in range(500))
            for _ in range(100000):  # far past any cap: the client must stop
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        elif p == "/feed.rss":
            items = "".join("<item><title>Story</title><link>%s%s</link><pubDate>%s</pubDate></item>"
                            % (b, a, d) for a, d in [
                                (ARTICLES[2], "Sun, 06 Dec 2026 08:00:00 GMT"),
                                (ARTICLES[0], "Sat, 05 Dec 2026 08:00:00 GMT")])
            h.send(200, ('<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title>'
                         '<link>%s/</link>%s</channel></rss>' % (b, items)).encode(),
                   "application/rss+xml")
        elif p == "/atom.xml":
            h.send(200, ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                         '<title>Town</title><link href="%s/"/>'
                         '<entry><title>Keeper</title><link rel="alternate" href="%s%s"/>'
                         '<updated>2026-12-07T08:00:00Z</updated></entry>'
                         '<entry><title>Choir</title><link href="news/2026/12/03/school-choir"/>'
                         '<updated>2026-12-03T08:00:00Z</updated></entry></feed>'
                         % (b, b, ARTICLES[3])).encode(), "application/atom+xml")
        elif p == "/rdf.xml":
            h.send(200, ('<?xml version="1.0"?><rdf:RDF '
                         'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                         'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                         '<channel rdf:about="%s/"><link>%s/</link></channel>'
                         '<item rdf:about="%s%s"><link>%s%s</link><dc:date>2026-12-02</dc:date></item>'
                         '</rdf:RDF>' % (b, b, b, ARTICLES[5], b, ARTICLES[5])).encode(),
                   "application/rdf+xml")
        elif p == "/laughs.xml":
            h.send(200, b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaa">'
                   b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><urlset><url><loc>&b;</loc></url></urlset>',
                   "application/xml")
        elif p == "/xxe.xml":
            h.send(200, b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM '
                   b'"file:///etc/passwd">]><urlset><url><loc>&x;</loc></url></urlset>',
                   "application/xml")
        elif p == "/":
            h.send(200, home())
        elif p.split("?")[0] in ARTICLES:
            h.send(200, article(p.split("?")[0]))
        elif p in ("/about", "/tag/harbour", "/category/news", "/undated"):
            h.send(200, ("<html><body><h1>%s</h1><ul><li><a href=\"%s\">a story</a></li></ul>"
                         "%s</body></html>" % (p, ARTICLES[4], BODY)).encode())
        elif p == "/busy-story":
            with self.lock:
                self.busy_hits += 1
                first = self.busy_hits == 1
            if first:
                h.send(429, b"slow down", headers=[("Retry-After", "1")])
            else:
                h.send(200, article(p))
        elif p == "/loop":
            h.send(302, b"", headers=[("Location", "/loop")])
        elif p == "/to-passwd":
            h.send(302, b"", headers=[("Location", "file:///etc/passwd")])
        elif p == "/slow-drip":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            for _ in range(1000):  # a byte every 50 ms: the client's time limit ends it
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.05)
        else:
            h.send(404, b"")


def run(galley, args, timeout=180):
    r = subprocess.run([galley] + args, capture_output=True, timeout=timeout)
    return r.returncode, r.stdout.decode(), r.stderr.decode(errors="replace")


def main():
    galley = os.path.join(sys.argv[1], "galley")
    if not os.access(galley, os.X_OK):
        print("no galley binary")
        return 77
    if os.environ.get("GALLEY_FETCH") == "OFF":
        rc, _, err = run(galley, ["--sitemap", "http://127.0.0.1:9/"])
        assert rc == 2 and "not available in this build" in err, (rc, err)
        print("skipped: galley built with -DGALLEY_FETCH=OFF (--sitemap refused with exit 2)")
        return 77
    site = Site()
    b = site.base
    common = ["--delay-ms", "100", "--max-bytes", "300000", "--fetch-timeout-ms", "2000"]
    try:
        # 1. the site root, listed: robots.txt -> index -> gzip news sitemap,
        # plain sitemap; 2019's sitemap dated out; the index itself and the
        # duplicates (tracking parameter, fragment) once; the endless one
        # cut at --max-bytes
        rc, out, err = run(galley, ["--sitemap", b + "/", "--list", "--since", "2026-06-01"] + common)
        assert rc == 0, (rc, err)
        lines = out.splitlines()
        want = [b + ARTICLES[0] + "\t2026-12-05T09:00:00Z", b + ARTICLES[1] + "\t2026-12-04T09:00:00Z",
                b + "/private/leaked-story\t2026-12-05T10:00:00Z", b + "/about\t2026-11-20",
                b + "/busy-story\t2026-12-01", b + "/loop\t2026-12-01",
                b + "/to-passwd\t2026-12-01", b + "/slow-drip\t2026-12-01"]
        assert lines == want, "listed:\n%s\nexpected:\n%s" % ("\n".join(lines), "\n".join(want))
        assert "sitemap-endless.xml: too_large:" in err, err
        sp = site.paths()
        assert sp == ["/robots.txt", "/sitemap_index.xml", "/sitemap-news.xml.gz",
                      "/sitemap-pages.xml", "/sitemap-endless.xml"], sp
        listed = len(lines)
        # the list goes back through --urls (the date after the tab ignored)
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
            f.write("\n".join(lines[:2]) + "\n")
            f.flush()
            rc, out2, err2 = run(galley, ["--urls", f.name, "-f", "jsonl", "--delay-ms", "0"])
            recs = [json.loads(x) for x in out2.splitlines()]
            assert rc == 0 and [r["status"] for r in recs] == ["ok", "ok"], (rc, err2)
            assert recs[0]["source"] == b + ARTICLES[0], recs[0]["source"]

        # 2. the same, fetched and extracted: one record per URL in order,
        # the endless sitemap's error record first; /private/ never asked for
        n0 = len(site.log)
        t0 = time.monotonic()
        rc, out, err = run(galley, ["--sitemap", b + "/", "-f", "jsonl", "--since", "2026-06-01"]
                           + common)
        took = time.monotonic() - t0
        assert rc == 0, (rc, err)
        recs = [json.loads(x) for x in out.splitlines()]
        got = [(r["source"].replace(b, ""), r["status"]) for r in recs]
        want = [("/sitemap-endless.xml", "too_large"), (ARTICLES[0], "ok"), (ARTICLES[1], "ok"),
                ("/private/leaked-story", "robots"), ("/about", "ok"), ("/busy-story", "ok"),
                ("/loop", "fetch"), ("/to-passwd", "fetch"), ("/slow-drip", "timeout")]
        assert got == want, "records:\n%s" % "\n".join(map(str, got))
        for r in recs:
            if r["status"] != "ok":
                assert r["error"], "%s: no message" % r["source"]
        assert "file:///etc/passwd" in recs[7]["error"], recs[7]["error"]
        assert "redirects" in recs[6]["error"], recs[6]["error"]
        sp = site.paths(n0)
        assert not any(p.startswith("/private/") for p in sp), sp
        counts = {p: sp.count(p) for p in set(sp)}
        twice = {p: c for p, c in counts.items() if c > 1}
        assert twice == {"/busy-story": 2, "/loop": 11}, "fetched more than once: %s" % twice
        log = site.log[n0:]
        gaps = [t2 - t1 for (t1, _, _), (t2, _, _) in zip(log, log[1:])]
        busy = [t for t, p, _ in log if p == "/busy-story"]
        assert busy[1] - busy[0] >= 0.98, "429 retried after %.2f s" % (busy[1] - busy[0])
        # one request at a time, Crawl-delay 0.3 (larger than --delay-ms 100)
        # from the end of one to the start of the next: a lower bound
        assert min(gaps) >= 0.29, "a gap of %.3f s under Crawl-delay 0.3" % min(gaps)
        m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+)", err)
        read, ok, skipped, errors = map(int, m.groups())
        assert read == len(recs) == ok + skipped + errors and ok == 4, m.group(0)
        m = re.search(r"discovered (\d+); requests (\d+) \(robots.txt (\d+)\), disallowed (\d+), "
                      r"retried (\d+)", err)
        assert m, err
        disc, req, rob, dis, ret = map(int, m.groups())
        assert (disc, rob, dis, ret) == (listed, 1, 1, 1) and req == len(sp), (m.group(0), len(sp))
        figures = ("sitemap: %d URLs found, %d requests (robots.txt %d), %d disallowed and never "
                   "requested, %d retried (429 after %.2f s), smallest gap %.3f s (Crawl-delay "
                   "0.3), %d records (%d ok), %.1f s" % (disc, req, rob, dis, ret,
                                                         busy[1] - busy[0], min(gaps), len(recs),
                                                         ok, took))

        # 3. feeds: the home page names an RSS and an Atom feed (auto-
        # discovery); RDF given directly; items de-duplicated across feeds
        n0 = len(site.log)
        rc, out, err = run(galley, ["--feed", b + "/", "--feed", b + "/rdf.xml", "--list",
                                    "--delay-ms", "0"])
        assert rc == 0, (rc, err)
        got = [x.split("\t")[0].replace(b, "") for x in out.splitlines()]
        # sources are read in order, and a page's feeds join the end of the queue
        want = [ARTICLES[5], ARTICLES[2], ARTICLES[0], ARTICLES[3], "/news/2026/12/03/school-choir"]
        assert got == want, got
        assert site.paths(n0) == ["/robots.txt", "/", "/rdf.xml", "/feed.rss", "/atom.xml"], \
            site.paths(n0)

        # 4. a crawl from the home page: breadth-first on the host, articles
        # first at each depth, nothing disallowed, off-site or twice
        n0 = len(site.log)
        rc, out, err = run(galley, ["--crawl", b + "/", "--crawl-depth", "2", "--max-pages", "6",
                                    "--list", "--delay-ms", "0"])
        assert rc == 0, (rc, err)
        got = [x.replace(b, "") for x in out.splitlines()]
        # six pages taken: the home page, its three articles, then the
        # disallowed /private/drafts (an error on stderr, never requested)
        # and one more page
        assert got[0] == "/" and len(got) == 5, got
        assert "/private/drafts: robots:" in err, err
        assert all(g.startswith("/news/") for g in got[1:4]), "articles first: %s" % got
        assert len(set(got)) == len(got), got
        sp = site.paths(n0)
        assert not any(p.startswith("/private/") for p in sp) and len(sp) == len(set(sp)), sp
        crawl_fig = "crawl: %s" % " ".join(got)

        # 4b. the crawl, extracted: the same pages, each one record
        rc, out, err = run(galley, ["--crawl", b + "/", "--crawl-depth", "1", "--max-pages", "4",
                                    "-f", "jsonl", "--delay-ms", "0"])
        recs = [json.loads(x) for x in out.splitlines()]
        assert rc == 0 and len(recs) == 4, (rc, err)
        assert [r["source"] for r in recs][0] == b + "/", recs[0]["source"]

        # 5. hostile XML: refused with a clear status, nothing read from it
        rc, out, err = run(galley, ["--sitemap", b + "/laughs.xml", "--sitemap", b + "/xxe.xml",
                                    "-f", "jsonl", "--delay-ms", "0"])
        recs = [json.loads(x) for x in out.splitlines()]
        assert [r["status"] for r in recs] == ["unsupported", "unsupported"], recs
        assert all("entity" in r["error"] for r in recs), recs
        for bad in (["--since", "yesterday"], ["--max-pages", "0"], ["--list", "--url", b + "/"],
                    ["--since", "2026-01-01", "--crawl", b + "/"], ["--crawl-depth", "x"]):
            rc, _, err = run(galley, bad + ["--sitemap", b + "/"] if "--sitemap" not in bad
                             and "--crawl" not in bad and "--url" not in bad else bad)
            assert rc == 2 and err, "%s: exit %d" % (bad, rc)
        # 6. a site without Sitemap lines: /sitemap.xml, here missing: one
        # error record, exit 1 (the only record failed)
        bare = polite_test.Site(None)
        try:
            rc, out, err = run(galley, ["--sitemap", bare.base + "/", "-f", "jsonl", "--delay-ms",
                                        "0"])
            assert bare.paths() == ["/robots.txt", "/sitemap.xml"], bare.paths()
            recs = [json.loads(x) for x in out.splitlines()]
            assert rc == 1 and [r["status"] for r in recs] == ["http"], (rc, out, err)
        finally:
            bare.stop()
        print("discover: " + figures)
        print(crawl_fig)
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main())
