#!/bin/sh
# Nothing lost: a WARC of N HTML records -- among them truncated and corrupt
# ones, junk between records, non-HTML records, pathological pages and
# decompression bombs -- gives exactly N JSON Lines, in input order, and a
# summary that adds up. Checked for plain WARC, gzip per record (Common
# Crawl), whole-file gzip, zstd, stdin, and -j 1 against -j 3.
# argv: build dir, source dir. Exit 77 skips.
set -eu
BUILD=$1
GALLEY=$BUILD/galley
[ -x "$GALLEY" ] || { echo "no $GALLEY"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

python3 - "$T" <<'EOF'
import gzip, json, os, sys, zlib
T = sys.argv[1]

def page(i, extra=""):
    paras = "".join("<p>Paragraph %d of story %d tells what happened next, in plain words "
                    "that a reader would want to keep.</p>" % (k, i) for k in range(6))
    return ("<!DOCTYPE html><html><head><title>Story %d</title></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>Story %d</h1>%s%s</article>"
            "</body></html>" % (i, i, paras, extra)).encode()

def http(body, ctype="text/html; charset=utf-8", status="200 OK", headers=()):
    h = "HTTP/1.1 %s\r\nContent-Type: %s\r\n" % (status, ctype)
    for k, v in headers:
        h += "%s: %s\r\n" % (k, v)
    return h.encode() + b"\r\n" + body

def record(wtype, uri, block, ctype="application/http; msgtype=response", length=None, n=[0]):
    n[0] += 1
    h = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n"
         "WARC-Date: 2024-01-02T03:04:05Z\r\n" % (wtype, n[0]))
    if uri:
        h += "WARC-Target-URI: %s\r\n" % uri
    h += "Content-Type: %s\r\nContent-Length: %s\r\n\r\n" % (
        ctype, len(block) if length is None else length)
    return h.encode() + block + b"\r\n\r\n"

def chunked(b):
    out = b""
    for k in range(0, len(b), 100):
        c = b[k:k + 100]
        out += b"%x\r\n" % len(c) + c + b"\r\n"
    return out + b"0\r\n\r\n"

# (bytes, expectation) where expectation is "ok", "err", "any" (a record
# either way, e.g. a pathological page that may time out) or "skip".
recs = []
u = lambda i: "http://example.test/page/%d" % i
recs.append((record("warcinfo", None, b"software: test\r\n", "application/warc-fields"), "skip"))
recs.append((record("response", u(1), http(page(1))), "ok"))
recs.append((record("request", u(1), b"GET /page/1 HTTP/1.1\r\nHost: example.test\r\n\r\n",
                    "application/http; msgtype=request"), "skip"))
recs.append((b"\x00junk between records\r\nWARC/1.x not a header\r\n\r\n", None))
recs.append((record("response", u(2), http(page(2), "text/html; charset=ISO-8859-1")), "ok"))
recs.append((record("response", u(3), http(b"\x89PNG\r\n\x1a\nnot html", "image/png")), "skip"))
recs.append((record("resource", u(4), page(4), "text/html"), "ok"))
recs.append((record("metadata", u(4), b"fetchTimeMs: 12\r\n", "application/warc-fields"), "skip"))
recs.append((record("response", u(5), http(chunked(page(5)), headers=[("Transfer-Encoding", "chunked")])), "ok"))
recs.append((record("response", u(6), http(gzip.compress(page(6)), headers=[("Content-Encoding", "gzip")])), "ok"))
recs.append((record("response", u(7), http(page(7), status="404 Not Found")), "skip"))
recs.append((record("response", u(8), http(b"<div>" * 100000 + b"deep" + b"</div>" * 100000)), "any"))
recs.append((record("response", u(9), http(page(9, "<p title='%s'>x</p>" % ("a" * 5000000)))), "any"))
recs.append((record("response", u(10), http(page(10), ctype="")), "ok"))
# truncated: claims more bytes than it has; the next record starts inside
body = http(page(11))
recs.append((record("response", u(11), body, length=len(body) + 5000)[:-4], "err"))
recs.append((record("response", u(12), http(page(12))), "ok"))
# corrupt: Content-Length that is not a number
recs.append((record("response", u(13), http(page(13)), length="12x"), "err"))
recs.append((record("response", u(14), http(page(14))), "ok"))
# corrupt compressed payload
recs.append((record("response", u(15), http(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff",
                                            headers=[("Content-Encoding", "gzip")])), "err"))
# payload bomb: 200 MB of zeros in ~200 KB, over the 64 MiB max_bytes
co = zlib.compressobj(9, zlib.DEFLATED, 31)
bomb = b"".join(co.compress(b"\0" * (1 << 20)) for _ in range(200)) + co.flush()
recs.append((record("response", u(16), http(bomb, headers=[("Content-Encoding", "gzip")])), "err"))
recs.append((record("response", u(17), http(page(17))), "ok"))
recs.append((record("revisit", u(17), b"", "application/http"), "skip"))
# the last record is cut off mid-body
last = record("response", u(18), http(page(18)))
recs.append((last[:len(last) // 2], "err"))

plain = b"".join(r for r, _ in recs)
open(os.path.join(T, "a.warc"), "wb").write(plain)
exp = [(u, e) for (r, e), u in zip(recs, [None] * len(recs))]

def expectation(extra=()):
    ex = [e for _, e in recs if e] + list(extra)
    return ex

# Common Crawl layout: one gzip member per record; plus a member bomb (a
# record whose gzip member inflates past max_member_bytes) and a member with
# a corrupt deflate stream after an intact WARC header.
members = []
for r, e in recs:
    if e is None:
        members.append(r)  # junk between members, uncompressed
    else:
        members.append(gzip.compress(r))
hdr = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.test/page/19\r\n"
       "Content-Type: application/http; msgtype=response\r\nContent-Length: 400000000\r\n\r\n"
       "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>").encode()
co = zlib.compressobj(1, zlib.DEFLATED, 31)
mb = co.compress(hdr)
for _ in range(300):
    mb += co.compress(b" " * (1 << 20))
mb += co.flush()
members.insert(len(members) - 1, mb)
co = zlib.compressobj(6, zlib.DEFLATED, 31)
hdr = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.test/page/20\r\n"
       "Content-Type: application/http; msgtype=response\r\nContent-Length: 5000\r\n\r\n"
       "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>").encode()
members.insert(len(members) - 1, co.compress(hdr) + co.flush(zlib.Z_FULL_FLUSH) + b"\xff" * 16)
open(os.path.join(T, "b.warc.gz"), "wb").write(b"".join(members))
open(os.path.join(T, "c.warc.gz"), "wb").write(gzip.compress(plain))

def urls(ex_extra):
    out = []
    for r, e in recs:
        if e in ("ok", "err", "any"):
            i = r.find(b"WARC-Target-URI: ")
            out.append(r[i + 17:r.index(b"\r\n", i)].decode())
    return out

base = urls(())
gz = base[:-1] + ["http://example.test/page/19", "http://example.test/page/20"] + base[-1:]
kinds = [e for _, e in recs if e in ("ok", "err", "any")]
gzk = kinds[:-1] + ["err", "err"] + kinds[-1:]
skips = sum(1 for _, e in recs if e == "skip")
# every record's URI in file order, skipped ones too (for the member cap)
order = []
for r, e in recs:
    i = r.find(b"WARC-Target-URI: ")
    if e is not None and i >= 0:
        order.append(r[i + 17:r.index(b"\r\n", i)].decode())
order = order[:-1] + ["http://example.test/page/19", "http://example.test/page/20"] + order[-1:]
json.dump(order, open(os.path.join(T, "order.json"), "w"))
json.dump({"a.warc": [base, kinds, skips], "b.warc.gz": [gz, gzk, skips],
           "c.warc.gz": [base, kinds, skips], "d.warc.zst": [base, kinds, skips],
           "stdin": [base, kinds, skips]}, open(os.path.join(T, "expect.json"), "w"))
EOF

if command -v zstd >/dev/null; then
    zstd -q -3 "$T/a.warc" -o "$T/d.warc.zst"
fi

check() { # name, input file or -, jobs
    name=$1; in=$2; jobs=$3
    if [ "$in" = - ]; then
        "$GALLEY" -f jsonl --timeout-ms 60000 -j "$jobs" - <"$T/a.warc" >"$T/out" 2>"$T/err" || { echo "$name: exit $?"; cat "$T/err"; exit 1; }
    else
        "$GALLEY" -f jsonl --timeout-ms 60000 -j "$jobs" "$in" >"$T/out" 2>"$T/err" || { echo "$name: exit $?"; cat "$T/err"; exit 1; }
    fi
    python3 - "$T" "$name" "$jobs" <<'EOF'
import json, re, sys
T, name, jobs = sys.argv[1:4]
urls, kinds, skips = json.load(open(T + "/expect.json"))[name]
lines = open(T + "/out", encoding="utf-8").read().split("\n")
assert lines[-1] == "", "%s: output does not end in a newline" % name
lines = lines[:-1]
assert len(lines) == len(urls), "%s -j%s: %d lines for %d records" % (name, jobs, len(lines), len(urls))
ok = err = 0
for k, (line, url, kind) in enumerate(zip(lines, urls, kinds)):
    rec = json.loads(line)
    assert rec["url"] == url, "%s: line %d is %s, expected %s" % (name, k + 1, rec["url"], url)
    st = rec["status"]
    if kind == "ok":
        assert st == "ok", "%s: %s: %s %s" % (name, url, st, rec.get("error"))
    if kind == "err":
        assert st != "ok" and rec["error"], "%s: %s should fail" % (name, url)
    if st == "ok":
        ok += 1
    else:
        err += 1
summary = open(T + "/err").read().strip().split("\n")[-1]
m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+)", summary)
assert m, "%s: no summary line: %r" % (name, summary)
r, e, s, x = map(int, m.groups())
# read counts skipped records too: read = extracted + skipped + errors
assert (r - s, e, x) == (len(urls), ok, err), "%s: summary %s vs %d lines (%d ok, %d errors)" % (
    name, summary, len(urls), ok, err)
assert s == skips, "%s: %d skipped, expected %d" % (name, s, skips)
print("%s -j%s: %d records, %d ok, %d errors, %d skipped" % (name, jobs, r, e, x, s))
EOF
}

check a.warc "$T/a.warc" 1
cp "$T/out" "$T/out.j1"
check a.warc "$T/a.warc" 3
cmp -s "$T/out" "$T/out.j1" || { echo "-j 1 and -j 3 differ"; exit 1; }
check b.warc.gz "$T/b.warc.gz" 2
check c.warc.gz "$T/c.warc.gz" 2
check stdin - 2
if [ -f "$T/d.warc.zst" ]; then check d.warc.zst "$T/d.warc.zst" 2; fi
# a member cap from the command line: a member over it becomes an error
# record in its place, named from the part under the cap (a response whose
# status went past the cap is an error too: it cannot be classified), so
# records + skipped still equals the records in the file: nothing is lost
"$GALLEY" -f jsonl --max-member-bytes 600 "$T/b.warc.gz" >"$T/out.cap" 2>"$T/err.cap" ||
    { echo "--max-member-bytes: exit $?"; cat "$T/err.cap"; exit 1; }
python3 - "$T" <<'EOF'
import json, re, sys
T = sys.argv[1]
urls, kinds, skips = json.load(open(T + "/expect.json"))["b.warc.gz"]
recs = [json.loads(x) for x in open(T + "/out.cap", encoding="utf-8").read().split("\n") if x]
m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+)",
              open(T + "/err.cap").read())
r, e, s, x = map(int, m.groups())
assert r - s == len(recs) and e + x + s == r, "--max-member-bytes: summary %s, %d lines" % (m.group(0), len(recs))
assert len(recs) + s == len(urls) + skips, "--max-member-bytes: %d records + %d skipped for %d" % (
    len(recs), s, len(urls) + skips)
named = [x["url"] for x in recs if x["url"]]
it = iter(json.load(open(T + "/order.json")))
assert all(u in it for u in named), "--max-member-bytes: records out of order: %s" % named
big = [x for x in recs if x["status"] == "too_large"]
assert len(big) >= len(recs) // 2, "--max-member-bytes 600: %d of %d too_large" % (len(big), len(recs))
print("--max-member-bytes 600: %d records (%d too_large) + %d skipped" % (len(recs), len(big), s))
EOF
# the very first member unreadable (a gzip header, then no deflate data):
# the file is still read as a WARC after it, and the lost member is an
# unnamed error record in its place; a member over the cap is named
python3 - "$T/e.warc.gz" <<'EOF'
import gzip, sys
out = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 64
for i, reps in enumerate((2, 60, 2)):
    body = b"<html><body><article><h1>Page %d</h1>%s</article></body></html>" % (
        i + 1, b"<p>Some words in a paragraph of this page.</p>" * reps)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://e.test/%d\r\n"
            "Content-Length: %d\r\n\r\n" % (i + 1, len(http))).encode()
    out += gzip.compress(head + http + b"\r\n\r\n")
open(sys.argv[1], "wb").write(out)
EOF
"$GALLEY" -f jsonl -q --max-member-bytes 1000 "$T/e.warc.gz" >"$T/out.e" ||
    { echo "first member lost: exit $?"; exit 1; }
python3 - "$T/out.e" <<'EOF'
import json, sys
recs = [json.loads(x) for x in open(sys.argv[1], encoding="utf-8") if x.strip()]
got = [(r["url"], r["status"]) for r in recs]
want = [(None, "corrupt"), ("http://e.test/1", "ok"), ("http://e.test/2", "too_large"),
        ("http://e.test/3", "ok")]
assert got == want, "first member lost: %s" % got
print("first member lost: %d records in order" % len(recs))
EOF
"$GALLEY" --max-member-bytes 0 "$T/b.warc.gz" >/dev/null 2>&1 && { echo "--max-member-bytes 0 accepted"; exit 1; }
# provenance: every WARC-born record names its WARC-Target-URI (whatever
# the flags), its file, and the offset and length of its gzip member, as a
# Common Crawl index does: the slice at that offset inflates to the record
for flags in "" "--no-metadata"; do
    # shellcheck disable=SC2086
    "$GALLEY" -f jsonl -q $flags "$T/b.warc.gz" >"$T/out.prov" || { echo "provenance: exit $?"; exit 1; }
    python3 - "$T" "$flags" <<'EOF'
import json, sys, zlib
T, flags = sys.argv[1:3]
data = open(T + "/b.warc.gz", "rb").read()
recs = [json.loads(x) for x in open(T + "/out.prov", encoding="utf-8") if x.strip()]
placed = 0
for r in recs:
    for k in ("target_uri", "warc_filename", "warc_offset", "warc_length", "http_status", "content_type"):
        assert k in r, "provenance %s: no %s in %s" % (flags, k, r)
    assert r["warc_filename"] == T + "/b.warc.gz"
    if r["status"] != "ok":
        continue
    off, n = r["warc_offset"], r["warc_length"]
    d = zlib.decompressobj(31)
    rec = d.decompress(data[off:off + n])
    assert d.eof and not d.unused_data, "provenance %s: %s is not one member" % (flags, r["target_uri"])
    assert b"WARC-Target-URI: " + r["target_uri"].encode() + b"\r\n" in rec
    assert r["http_status"] in (200, None) and (r["content_type"] or "text/html").startswith("text/html"), r
    placed += 1
assert placed >= 8, "provenance %s: %d records placed" % (flags, placed)
print("provenance %s: %d records, %d placed by member offset" % (flags or "(default)", len(recs), placed))
EOF
done
echo "batch_warc: ok"
