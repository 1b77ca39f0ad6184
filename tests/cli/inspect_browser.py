#!/usr/bin/python3
"""The inspector page (`galley -f inspect`) in a real browser: headless
Chromium loads the report of several invented pages with #selftest, the
page's own script counts its blocks and works every filter, and this test
reads the result back from the rendered DOM (--dump-dom) and checks it
against the trace of `galley -f json --explain` of the same page: as many
kept and dropped blocks, one filter per rule, one table per field. A page
whose text holds "</script>" must not break out of the embedded trace. A
screenshot of one report is written to BUILD/test-artifacts/inspect/.

Usage: inspect_browser.py BUILD_DIR SOURCE_DIR   (exit 77: no chromium)
"""
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

PAGES = ["news-article", "cookie-newsletter", "credits-and-ads", "discussion-thread",
         "div-soup"]
# Chromium headless as root, on a machine without network: no sandbox (root),
# and nothing that phones home (it would hang on refused connections).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--virtual-time-budget=5000"]

HOSTILE = """<!DOCTYPE html><html lang="en"><head><title>A page about script tags</title></head>
<body><article><h1>A page about script tags</h1>
<p>Writing &lt;/script&gt;&lt;script&gt;document.title='broken'&lt;/script&gt; inside a
paragraph must stay text, wherever a tool copies it, and this paragraph is long enough
to be the body of the page that the inspector shows.</p>
<p>A second paragraph, with a comma, and a full stop, keeps the article long enough for
the extractor to choose it as the main content of this invented page.</p>
<p>Sign up for our newsletter</p></article></body></html>
"""


def chromium():
    for name in ("chromium", "chromium-browser"):
        p = shutil.which(name)
        if p:
            return p
    return None


def run_browser(browser, args, timeout=90):
    with tempfile.TemporaryDirectory(prefix="galley-chromium-") as prof:
        cmd = [browser] + FLAGS + ["--user-data-dir=" + prof] + args
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            raise SystemExit(f"chromium timed out: {' '.join(cmd)}")
        return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    build, src = sys.argv[1], sys.argv[2]
    galley = os.path.join(build, "galley")
    if not os.access(galley, os.X_OK):
        print(f"no {galley}")
        return 77
    browser = chromium()
    if not browser:
        print("skipped: chromium is not installed (tools/install-deps.sh installs it)")
        return 77
    art = os.path.join(build, "test-artifacts", "inspect")
    os.makedirs(art, exist_ok=True)
    inputs = [(n, os.path.join(src, "tests", "pages", n + ".html")) for n in PAGES]
    hostile = os.path.join(art, "script-in-text.html")
    with open(hostile, "w", encoding="utf-8") as f:
        f.write(HOSTILE)
    inputs.append(("script-in-text", hostile))

    bad = []
    for name, page in inputs:
        report = os.path.join(art, name + ".report.html")
        with open(report, "wb") as f:
            subprocess.run([galley, "-q", "-f", "inspect", page], stdout=f, check=True)
        rec = json.loads(subprocess.run([galley, "-q", "-f", "json", "--explain", page],
                                        stdout=subprocess.PIPE, check=True).stdout)
        tr = rec["trace"]
        rc, dom, err = run_browser(browser, ["--dump-dom",
                                             "file://" + os.path.abspath(report) + "#selftest"])
        m = re.search(r'<pre id="selftest">(.*?)</pre>', dom, re.S)
        if rc != 0 or not m:
            bad.append(f"{name}: no self-test result in the DOM (exit {rc}): {err[-400:]}")
            continue
        r = json.loads(html.unescape(m.group(1)))
        rules = {b["rule"] for b in tr["blocks"]}
        want = {"kept": tr["counts"]["kept"], "dropped": tr["counts"]["dropped"],
                "struck": tr["counts"]["dropped"], "rules": len(rules),
                "fields": len(tr["fields"]), "filters_ok": True, "ok": True}
        for k, v in want.items():
            if r.get(k) != v:
                bad.append(f"{name}: {k} is {r.get(k)!r} in the browser, expected {v!r}")
        if tr["counts"]["kept"] == 0 or tr["counts"]["dropped"] == 0:
            bad.append(f"{name}: expected kept and dropped blocks, trace has {tr['counts']}")
        if name == "script-in-text":
            title = re.search(r"<title>(.*?)</title>", dom, re.S)
            if not title or "broken" in title.group(1) or "script tags" not in title.group(1):
                bad.append(f"{name}: the page text escaped the embedded trace: "
                           f"{title.group(1) if title else None!r}")
        print(f"{name}: {r['kept']} kept, {r['dropped']} dropped, {r['rules']} rule filters, "
              f"{r['fields']} fields")

    shot = os.path.join(art, "inspector-news-article.png")
    if os.path.exists(shot):
        os.remove(shot)
    rc, _, err = run_browser(browser, ["--screenshot=" + shot, "--window-size=1280,1800",
                                       "file://" + os.path.abspath(
                                           os.path.join(art, "news-article.report.html"))])
    ok = os.path.exists(shot) and os.path.getsize(shot) > 10000
    if ok:
        with open(shot, "rb") as f:
            ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
    if not ok:
        bad.append(f"no screenshot at {shot} (exit {rc}): {err[-400:]}")
    else:
        print(f"screenshot: {shot}")
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
