#!/usr/bin/env python3
"""Polite fetching against servers this test starts on 127.0.0.1 (ephemeral
ports, always stopped): robots.txt read once per host and obeyed, the
per-host delay held (measured by the server's own clock), a 429 retried
after its Retry-After, a 503 past --max-retry-after-ms given up, a
redirect to file:///etc/passwd and a redirect loop refused, the User-Agent
sent, two hosts fetched in parallel -- and every URL one record, in order.

Usage: polite_test.py BUILD_DIR SOURCE_DIR   (exit 77 skips)
"""
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time

PARA = ("<p>The lighthouse keeper's log for the week records three storms, a "
        "supply boat two days late and a lamp that had to be cleaned twice.</p>")


def page(title):
    return ("<!DOCTYPE html><html><head><title>%s</title></head><body><article><h1>%s</h1>%s"
            "</article></body></html>" % (title, title, PARA * 4)).encode()


class Site:
    """One fake site on 127.0.0.1: its request log (time, path, user agent);
    route() answers (discover_test.py's site overrides it)."""

    def __init__(self, robots=None):
        self.robots = robots
        self.log = []
        self.lock = threading.Lock()
        self.hits429 = 0
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send(self, code, body, ctype="text/html; charset=utf-8", headers=()):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                with site.lock:
                    site.log.append((time.monotonic(), self.path,
                                     self.headers.get("User-Agent", "")))
                try:
                    site.route(self, self.path)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.srv.daemon_threads = True
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.base = "http://127.0.0.1:%d" % self.srv.server_address[1]

    def route(self, h, p):
        if p == "/robots.txt":
            if self.robots is None:
                h.send(404, b"")
            else:
                h.send(200, self.robots.encode(), "text/plain")
        elif p.startswith("/page/") or p == "/private-ok/page":
            h.send(200, page("Page " + p))
        elif p == "/busy":
            with self.lock:
                self.hits429 += 1
                first = self.hits429 == 1
            if first:
                h.send(429, b"slow down", headers=[("Retry-After", "1")])
            else:
                h.send(200, page("After the wait"))
        elif p == "/overloaded":
            h.send(503, b"", headers=[("Retry-After", "3600")])
        elif p == "/to-file":
            h.send(302, b"", headers=[("Location", "file:///etc/passwd")])
        elif p == "/loop":
            h.send(302, b"", headers=[("Location", "/loop")])
        elif p == "/to-private":
            h.send(301, b"", headers=[("Location", "/private/secret")])
        else:
            h.send(404, b"")

    def paths(self, since=0):
        return [p for _, p, _ in self.log[since:]]

    def stop(self):
        self.srv.shutdown()
        self.srv.server_close()


def main():
    galley = os.path.join(sys.argv[1], "galley")
    if not os.access(galley, os.X_OK):
        print("no galley binary")
        return 77
    if os.environ.get("GALLEY_FETCH") == "OFF":
        print("skipped: galley built with -DGALLEY_FETCH=OFF")
        return 77
    a = Site("# the test site\nUser-agent: *\nDisallow: /private\n\n"
             "User-agent: politebot\nDisallow: /private/\nAllow: /private-ok/\nCrawl-delay: 0.4\n")
    b = Site(None)
    try:
        cases = [  # site, path, expected status, error text
            (a, "/page/1", "ok", None),
            (a, "/private/secret", "robots", "robots.txt"),
            (a, "/page/2", "ok", None),
            (a, "/busy", "ok", None),
            (a, "/overloaded", "http", "Retry-After"),
            (a, "/to-file", "fetch", "not http or https"),
            (a, "/loop", "fetch", "redirects"),
            (a, "/to-private", "robots", "robots.txt"),
            (a, "/private-ok/page", "ok", None),
            (b, "/page/1", "ok", None),
            (b, "/page/2", "ok", None),
            (b, "/page/3", "ok", None),
        ]
        cmd = [galley, "-f", "jsonl", "--user-agent", "PoliteBot/2.0 (+https://example.org/bot)",
               "--delay-ms", "250", "--max-retry-after-ms", "5000", "--max-redirects", "3",
               "--fetch-parallel", "4"]
        for site, path, _, _ in cases:
            cmd += ["--url", site.base + path]
        t0 = time.monotonic()
        r = subprocess.run(cmd, capture_output=True, timeout=120)
        took = time.monotonic() - t0
        err = r.stderr.decode(errors="replace")
        assert r.returncode == 0, "exit %d: %s" % (r.returncode, err)
        recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
        assert len(recs) == len(cases), "%d records for %d URLs" % (len(recs), len(cases))
        for rec, (site, path, st, text) in zip(recs, cases):
            assert rec["source"] == site.base + path, "order: %s for %s" % (rec["source"], path)
            assert rec["status"] == st, "%s: %s (%s), expected %s" % (path, rec["status"],
                                                                       rec.get("error"), st)
            if text:
                assert text in rec["error"], "%s: error %r lacks %r" % (path, rec["error"], text)
        # robots.txt once per host, first; nothing disallowed ever asked for
        for site in (a, b):
            paths = [p for _, p, _ in site.log]
            assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1, paths
            assert not any(p.startswith("/private/") for p in paths), paths
            assert all(ua == "PoliteBot/2.0 (+https://example.org/bot)" for _, _, ua in site.log)
        # nothing fetched twice but the retried URL
        pa = [p for _, p, _ in a.log]
        dup = {p for p in pa if pa.count(p) > 1}
        assert dup == {"/busy", "/loop"}, "fetched twice: %s" % dup
        assert pa.count("/loop") == 4, "the loop: %d requests for 3 redirects" % pa.count("/loop")
        # the delay: Crawl-delay 0.4 s on site a (larger than --delay-ms),
        # --delay-ms on site b; lower bounds only (a loaded machine is slower)
        gaps_a = [t2 - t1 for (t1, _, _), (t2, _, _) in zip(a.log, a.log[1:])]
        gaps_b = [t2 - t1 for (t1, _, _), (t2, _, _) in zip(b.log, b.log[1:])]
        assert min(gaps_a) >= 0.38, "site a: a gap of %.3f s under Crawl-delay 0.4" % min(gaps_a)
        assert min(gaps_b) >= 0.23, "site b: a gap of %.3f s under --delay-ms 250" % min(gaps_b)
        busy = [t for t, p, _ in a.log if p == "/busy"]
        assert busy[1] - busy[0] >= 0.98, "429 retried after %.2f s, Retry-After 1" % (
            busy[1] - busy[0])
        # both hosts at once: b's requests fall inside a's span
        assert b.log[-1][0] < a.log[-1][0], "host b waited for host a"
        m = re.search(r"requests (\d+) \(robots.txt (\d+)\), disallowed (\d+), retried (\d+)", err)
        assert m, "no fetch figures in the summary: %r" % err
        req, rob, dis, ret = map(int, m.groups())
        assert (rob, dis, ret) == (2, 2, 1), m.group(0)
        assert req == len(a.log) + len(b.log), "%d requests, the servers saw %d" % (
            req, len(a.log) + len(b.log))
        assert "read 12, extracted 7, skipped 0, errors 5" in err, err
        print("polite: %d records in order; %d requests (robots.txt %d), disallowed %d, retried "
              "%d; smallest gaps %.3f s (Crawl-delay 0.4) and %.3f s (--delay-ms 250); 429 "
              "retried after %.2f s; %.1f s in all" % (len(recs), req, rob, dis, ret,
                                                        min(gaps_a), min(gaps_b),
                                                        busy[1] - busy[0], took))
        # --ignore-robots: no robots.txt request, the disallowed path fetched
        n0 = len(a.log)
        r = subprocess.run([galley, "-f", "jsonl", "--ignore-robots", "--delay-ms", "0",
                            "--url", a.base + "/private/secret"], capture_output=True, timeout=60)
        paths = [p for _, p, _ in a.log[n0:]]
        assert paths == ["/private/secret"], paths
        # --max-hosts: a host that went idle is forgotten when a new one comes
        # past the cap, and reads robots.txt again when it comes back. One
        # worker and one transfer keep the window at 5 URLs, so /page/1 of a
        # is written (done) before c's URL is queued.
        c = Site(None)
        try:
            urls = ([a.base + "/page/1"] + [b.base + "/page/%d" % i for i in range(1, 9)] +
                    [c.base + "/page/1", a.base + "/page/2"])
            for cap, robots_a in ((None, 1), ("1", 2)):
                n0 = len(a.log)
                cmd = [galley, "-f", "jsonl", "-j", "1", "--fetch-parallel", "1",
                       "--delay-ms", "0"] + (["--max-hosts", cap] if cap else [])
                for u in urls:
                    cmd += ["--url", u]
                r = subprocess.run(cmd, capture_output=True, timeout=120)
                recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
                assert r.returncode == 0 and [x["status"] for x in recs] == ["ok"] * len(urls), \
                    r.stderr.decode(errors="replace")
                paths = [p for _, p, _ in a.log[n0:]]
                assert paths.count("/robots.txt") == robots_a, (cap, paths)
        finally:
            c.stop()
        print("polite: --max-hosts 1 forgets an idle host (robots.txt read again), the "
              "default keeps it")
        for bad in (["--delay-ms", "-1"], ["--per-host", "0"], ["--retries", "11"],
                    ["--user-agent", ""], ["--max-redirects", "x"], ["--max-hosts", "0"]):
            r = subprocess.run([galley] + bad + ["--url", a.base + "/page/1"], capture_output=True,
                               timeout=60)
            assert r.returncode == 2 and r.stderr, "%s: exit %d" % (bad, r.returncode)
    finally:
        a.stop()
        b.stop()
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main())
