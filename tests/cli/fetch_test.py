#!/usr/bin/env python3
"""URL inputs against a server this test starts on 127.0.0.1 (ephemeral
port, always stopped): redirects, a redirect loop, 404, an endless body
(byte cap), wrong and missing charsets, compressed transfer, a non-HTML
type, a refused connection -- one record per URL, in input order.

Usage: fetch_test.py BUILD_DIR SOURCE_DIR   (exit 77 skips)
       fetch_test.py --serve                (prints the port, serves until
                                             stdin closes; used by test_warc)
"""
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

CAFE = "caf\u00e9"


def page(title, charset_meta=None):
    meta = '<meta charset="%s">' % charset_meta if charset_meta else ""
    paras = "".join("<p>Paragraph %d: the %s on the corner opened early today, and the "
                    "people of the town came for the bread.</p>" % (k, CAFE) for k in range(5))
    return ("<!DOCTYPE html><html><head>%s<title>%s</title></head><body><article><h1>%s</h1>"
            "%s</article></body></html>" % (meta, title, title, paras))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p == "/ok":
            self.send(200, page("Fine page").encode())
        elif p == "/redirect":
            self.send(302, b"", headers=[("Location", "/redirect2")])
        elif p == "/redirect2":
            self.send(301, b"", headers=[("Location", "/ok")])
        elif p == "/loop":
            self.send(302, b"", headers=[("Location", "/loop")])
        elif p == "/missing":
            self.send(404, b"<html><body><p>Not found</p></body></html>")
        elif p == "/latin1":
            self.send(200, page("Latin page").encode("iso-8859-1"), "text/html; charset=ISO-8859-1")
        elif p == "/wrong-charset":
            # an unknown label: sniffing must carry on (meta, then UTF-8)
            self.send(200, page("Wrong label").encode(), "text/html; charset=no-such-charset")
        elif p == "/missing-charset":
            self.send(200, page("No label", "utf-8").encode(), "text/html")
        elif p == "/no-type":
            self.send(200, page("No type").encode(), None)
        elif p == "/gzip":
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                self.send(406, b"<p>gzip required</p>")
            else:
                self.send(200, gzip.compress(page("Gzip page").encode()),
                          headers=[("Content-Encoding", "gzip")])
        elif p == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        elif p == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"more " * 8000 + b"</p>"
            try:
                self.wfile.write(b"c\r\n<html><body>\r\n")
                for _ in range(100000):  # ~4 GB: the client must give up first
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif p == "/slow":
            time.sleep(3)
            try:
                self.send(200, page("Slow page").encode())
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self.send(404, b"")


def start():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return srv


def serve():
    srv = start()
    print(srv.server_address[1], flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin
    finally:
        srv.shutdown()
        srv.server_close()


def main():
    build = sys.argv[1]
    galley = os.path.join(build, "galley")
    if not os.access(galley, os.X_OK):
        print("no galley binary")
        return 77
    if os.environ.get("GALLEY_FETCH") == "OFF":
        # a build without libcurl: --url must be refused clearly, then skip
        p = subprocess.run([galley, "--url", "http://127.0.0.1:9/"], capture_output=True, text=True)
        if p.returncode != 2 or "not available in this build" not in p.stderr:
            print("GALLEY_FETCH=OFF build: --url gave exit %d: %s" % (p.returncode, p.stderr))
            return 1
        print("skipped: galley built with -DGALLEY_FETCH=OFF (--url refused with exit 2)")
        return 77
    srv = start()
    try:
        base = "http://127.0.0.1:%d" % srv.server_address[1]
        cases = [  # path, expected status, expected url suffix or None, text check
            ("/ok", "ok", "/ok", CAFE),
            ("/redirect", "ok", "/ok", CAFE),
            ("/loop", "fetch", None, None),
            ("/missing", "http", None, None),
            ("/latin1", "ok", "/latin1", CAFE),
            ("/wrong-charset", "ok", "/wrong-charset", CAFE),
            ("/missing-charset", "ok", "/missing-charset", CAFE),
            ("/no-type", "ok", "/no-type", CAFE),
            ("/gzip", "ok", "/gzip", CAFE),
            ("/image", "not_html", None, None),
            ("/endless", "too_large", None, None),
        ]
        urls = [base + c[0] for c in cases] + ["http://127.0.0.1:1/refused"]
        cases.append(("/refused", "fetch", None, None))
        # a line past the 8 KiB URL cap: an error record, in its place
        urls.append(base + "/" + "x" * 10000)
        cases.append(("/long", "fetch", None, None))
        with tempfile.TemporaryDirectory() as tmp:
            # half on the command line, half from a list file: order is kept
            lst = os.path.join(tmp, "urls.txt")
            with open(lst, "w") as f:
                f.write("# comment\n\n" + "\n".join(urls[6:]) + "\n")
            cmd = [galley, "-f", "jsonl", "-j", "2", "--max-bytes", "2000000", "--delay-ms", "0",
                   "--urls", lst]
            for u in urls[:6]:
                cmd += ["--url", u]
            r = subprocess.run(cmd, capture_output=True, timeout=120)
            if r.returncode != 0:
                print("exit %d: %s" % (r.returncode, r.stderr.decode(errors="replace")))
                return 1
            lines = r.stdout.decode().split("\n")
            assert lines[-1] == "", "output must end in a newline"
            lines = lines[:-1]
            assert len(lines) == len(cases), "%d lines for %d URLs" % (len(lines), len(cases))
            ok = 0
            for line, u, (path, st, suffix, text) in zip(lines, urls, cases):
                rec = json.loads(line)
                assert u.startswith(rec["source"]) and len(rec["source"]) >= min(len(u), 8192), \
                    "order: %s where %s was expected" % (rec["source"][:80], u[:80])
                assert rec["status"] == st, "%s: status %s (%s), expected %s" % (
                    path, rec["status"], rec.get("error"), st)
                if st == "ok":
                    ok += 1
                    assert rec["url"].endswith(suffix), "%s: url %s" % (path, rec["url"])
                    assert text in rec["text"], "%s: %r lacks %r" % (path, rec["text"][:200], text)
                else:
                    assert rec["error"], "%s: error record without a message" % path
            m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+)",
                          r.stderr.decode())
            assert m, "no summary: %r" % r.stderr
            assert tuple(map(int, m.groups())) == (len(cases), ok, 0, len(cases) - ok), m.group(0)
            print("fetch: %d URLs, %d ok, %d errors, in order" % (len(cases), ok, len(cases) - ok))
        # the fetch limits from the command line: a total time limit shorter
        # than the slow page's delay turns it into an error record; one
        # connection at a time still keeps every record and its order
        cmd = [galley, "-f", "jsonl", "--delay-ms", "0", "--fetch-timeout-ms", "1000", "--connect-timeout-ms",
               "1000", "--fetch-parallel", "1", "--url", base + "/slow", "--url", base + "/ok"]
        t0 = time.monotonic()
        r = subprocess.run(cmd, capture_output=True, timeout=60)
        took = time.monotonic() - t0
        assert r.returncode == 0, "limits: exit %d: %s" % (r.returncode, r.stderr)
        recs = [json.loads(x) for x in r.stdout.decode().split("\n") if x]
        assert [x["source"] for x in recs] == [base + "/slow", base + "/ok"], recs
        assert recs[0]["status"] == "timeout", "slow page: %s" % recs[0]["status"]
        assert recs[1]["status"] == "ok", "ok page: %s" % recs[1]["status"]
        assert took < 2.9, "the 1 s fetch limit took %.1f s" % took
        for bad in (["--fetch-parallel", "0"], ["--fetch-timeout-ms", "x"]):
            r = subprocess.run([galley] + bad + ["--url", base + "/ok"], capture_output=True,
                               timeout=60)
            assert r.returncode == 2 and r.stderr, "%s: exit %d" % (bad, r.returncode)
        print("fetch limits: timeout record after %.1f s, bad values rejected" % took)
    finally:
        srv.shutdown()
        srv.server_close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve()
        sys.exit(0)
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main())
