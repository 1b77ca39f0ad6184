"""Shared helpers for the galley package tests: invented pages and WARC
archives built in memory (example.com / example.test names only)."""
import gzip

import pytest


def page(i=1, paragraphs=6, title=None, head="", extra=""):
    """An invented article page as str."""
    title = title or f"Story {i} about the harbour ferry"
    paras = "".join(
        f"<p>Paragraph {k} of story {i} tells what the harbour committee decided about "
        f"the ferry timetable, in plain words that a reader would want to keep.</p>"
        for k in range(paragraphs))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title}</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1>{paras}{extra}</article>"
            f"<footer>Copyright Example Harbour Gazette</footer></body></html>")


def http(body, ctype="text/html; charset=utf-8", status="200 OK"):
    return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


_n = [0]


def record(wtype, uri, block, ctype="application/http; msgtype=response", length=None):
    _n[0] += 1
    h = (f"WARC/1.0\r\nWARC-Type: {wtype}\r\n"
         f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{_n[0]:012d}>\r\n"
         f"WARC-Date: 2024-01-02T03:04:05Z\r\n")
    if uri:
        h += f"WARC-Target-URI: {uri}\r\n"
    h += f"Content-Type: {ctype}\r\nContent-Length: {len(block) if length is None else length}\r\n\r\n"
    return h.encode() + block + b"\r\n\r\n"


def response(i, body=None, ctype="text/html; charset=utf-8", status="200 OK"):
    body = page(i).encode() if body is None else body
    return record("response", f"http://example.test/page/{i}", http(body, ctype, status))


def sample_warc(n_pages=3):
    """warcinfo, n pages each with its request, one image: n HTML records,
    n + 2 skipped records."""
    parts = [record("warcinfo", None, b"software: test\r\n", "application/warc-fields")]
    for i in range(1, n_pages + 1):
        parts.append(record("request", f"http://example.test/page/{i}",
                            b"GET / HTTP/1.1\r\nHost: example.test\r\n\r\n",
                            "application/http; msgtype=request"))
        parts.append(response(i))
    parts.append(response(99, b"\x89PNG\r\n\x1a\nnot html", "image/png"))
    return b"".join(parts)


def gzip_members(data_parts):
    return b"".join(gzip.compress(p) for p in data_parts)


@pytest.fixture
def warc_file(tmp_path):
    p = tmp_path / "sample.warc"
    p.write_bytes(sample_warc())
    return p
