#!/usr/bin/python3
"""--urls waits, never spins, while the reorder window is full: pages that
are fetched at once but slow to extract (a server this test starts on
127.0.0.1, always stopped) fill the window with no transfer running; the
reader thread must then sleep until a worker moves the window on. Its CPU
time (sampled from /proc) is checked against the workers' (issue 11, item 6:
it burnt ~58% of a core).

Usage: urls_wait.py BUILD_DIR SOURCE_DIR   (exit 77 skips)
"""
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time

PARAS = "".join("<p>Paragraph %d: the bakery on the corner opened early today, and the "
                "people of the town came for the bread and the news.</p>" % k
                for k in range(8000))
PAGE = ("<!DOCTYPE html><html><head><title>Long page</title></head><body><article>"
        "<h1>Long page</h1>%s</article></body></html>" % PARAS).encode()
URLS = 40


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        try:
            self.wfile.write(PAGE)
        except (BrokenPipeError, ConnectionResetError):
            pass


def cpu_ticks(pid, tid):
    """utime + stime of one thread, in clock ticks; None once it is gone."""
    try:
        with open("/proc/%d/task/%d/stat" % (pid, tid)) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def main():
    galley = os.path.join(sys.argv[1], "galley")
    if not os.access(galley, os.X_OK):
        print("no galley binary")
        return 77
    if os.environ.get("GALLEY_FETCH") == "OFF":
        print("skipped: galley built with -DGALLEY_FETCH=OFF")
        return 77
    if not os.path.isdir("/proc/self/task"):
        print("no /proc: cannot sample thread CPU time")
        return 77
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        base = "http://127.0.0.1:%d" % srv.server_address[1]
        with tempfile.TemporaryDirectory() as tmp:
            lst = os.path.join(tmp, "urls.txt")
            with open(lst, "w") as f:
                f.write("".join("%s/page/%d\n" % (base, k) for k in range(URLS)))
            out = open(os.path.join(tmp, "out"), "wb")
            # one worker and one connection: a window of 5 documents
            p = subprocess.Popen([galley, "-q", "-f", "jsonl", "-j", "1", "--fetch-parallel", "1",
                                  "--delay-ms", "0", "--urls", lst], stdout=out, stderr=subprocess.PIPE)
            reader = total = 0
            while p.poll() is None:
                r = cpu_ticks(p.pid, p.pid)
                try:
                    tids = [int(t) for t in os.listdir("/proc/%d/task" % p.pid)]
                except OSError:
                    tids = []
                t = sum(filter(None, (cpu_ticks(p.pid, x) for x in tids)))
                if r is not None and t >= total:
                    reader, total = r, t
                time.sleep(0.02)
            err = p.stderr.read().decode(errors="replace")
            out.close()
            if p.returncode != 0:
                print("exit %d: %s" % (p.returncode, err))
                return 1
            with open(os.path.join(tmp, "out"), "rb") as f:
                n = f.read().count(b'"status":"ok"')
            assert n == URLS, "%d ok records for %d URLs" % (n, URLS)
        hz = os.sysconf("SC_CLK_TCK")
        workers = total - reader
        print("urls_wait: reader thread %.2f s CPU, workers %.2f s" % (reader / hz, workers / hz))
        # fetching 40 pages over loopback costs the reader a few percent of
        # what extracting them costs the worker; spinning costs it about as
        # much as the worker's wall time
        assert workers > 0, "no worker time sampled"
        assert reader <= workers * 0.3, "the reader thread spun: %.2f s CPU against %.2f s" % (
            reader / hz, workers / hz)
    finally:
        srv.shutdown()
        srv.server_close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main())
