"""galley.read_warc: every HTML record gives one record, the counts add up,
streaming from paths and file objects alike."""
import gzip
import io
import json
import os
import pathlib
import subprocess
import threading

import pytest

import galley
from conftest import gzip_members, page, record, response, sample_warc


def check_counts(it, read, extracted, skipped):
    assert (it.read, it.extracted, it.skipped) == (read, extracted, skipped)
    assert it.read == it.extracted + it.errors


def test_path_forms(tmp_path, warc_file):
    for src in (str(warc_file), warc_file, os.fsencode(warc_file)):
        it = galley.read_warc(src)
        recs = list(it)
        assert [r["url"] for r in recs] == [f"http://example.test/page/{i}" for i in (1, 2, 3)]
        assert all(r["status"] == "ok" and r["source"] == str(warc_file) for r in recs)
        assert recs[0]["warc_record_id"].startswith("urn:uuid:")
        assert recs[0]["warc_date"] == "2024-01-02T03:04:05Z"
        assert recs[0]["title"] == "Story 1 about the harbour ferry"
        check_counts(it, 3, 3, 5)
    # provenance, as the CLI writes it: the record's own bytes in the file
    data = warc_file.read_bytes()
    for r in recs:
        assert r["target_uri"] == r["url"] and r["warc_filename"] == str(warc_file)
        assert r["http_status"] == 200 and r["content_type"] == "text/html; charset=utf-8"
        piece = data[r["warc_offset"]:r["warc_offset"] + r["warc_length"]]
        assert piece.startswith(b"WARC/1.0\r\n") and r["target_uri"].encode() in piece


def test_file_objects_stream_like_paths(warc_file):
    data = warc_file.read_bytes()
    by_path = list(galley.read_warc(warc_file))
    with open(warc_file, "rb") as f:
        it = galley.read_warc(f)
        from_file = list(it)
    check_counts(it, 3, 3, 5)
    from_bytesio = list(galley.read_warc(io.BytesIO(data)))
    strip = lambda rs: [{k: v for k, v in r.items() if k not in ("source", "warc_filename")}
                         for r in rs]
    assert strip(from_file) == strip(by_path) == strip(from_bytesio)
    assert from_bytesio[0]["source"] == "-"


def test_compressed_archives(tmp_path):
    parts = [response(i) for i in range(1, 5)]
    members = tmp_path / "a.warc.gz"
    members.write_bytes(gzip_members(parts))
    whole = tmp_path / "b.warc.gz"
    whole.write_bytes(gzip.compress(b"".join(parts)))
    for p in (members, whole):
        it = galley.read_warc(p)
        assert [r["status"] for r in it] == ["ok"] * 4
        check_counts(it, 4, 4, 0)


def test_nothing_lost_error_records(tmp_path):
    parts = [
        record("warcinfo", None, b"software: test\r\n", "application/warc-fields"),
        response(1),
        b"\x00junk between records\r\n",
        response(2, b"<html><body></body></html>"),                     # no content
        response(3, b"<p>" + b"big " * 5000 + b"</p>"),                 # over max_bytes
        response(4, b"<html>nothing here</html>", status="404 Not Found"),  # skipped
        response(5),
        # truncated: declares more bytes than the archive holds
        record("response", "http://example.test/page/6",
               b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>cut", length=900),
    ]
    p = tmp_path / "mixed.warc"
    p.write_bytes(b"".join(parts))
    it = galley.read_warc(p, max_bytes=10000)
    recs = list(it)
    urls = [r["url"] for r in recs]
    assert urls[:4] == [f"http://example.test/page/{i}" for i in (1, 2, 3, 5)]
    status = {r["url"]: r["status"] for r in recs}
    assert status["http://example.test/page/1"] == "ok"
    assert status["http://example.test/page/2"] == "no_content"
    assert status["http://example.test/page/3"] == "too_large"
    assert status["http://example.test/page/5"] == "ok"
    assert all(r["error"] for r in recs if r["status"] != "ok")
    assert it.read == len(recs) and it.read == it.extracted + it.errors
    assert it.skipped == 2 and it.junk_bytes > 0
    assert it.errors == len(recs) - 2


@pytest.mark.skipif(not os.environ.get("GALLEY_CLI"), reason="GALLEY_CLI not set")
def test_json_lines_are_the_cli_s(tmp_path, warc_file):
    cli = subprocess.run([os.environ["GALLEY_CLI"], "-q", "-f", "jsonl", "-j", "1",
                          "--reference-time", "2030-01-01", str(warc_file)],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    mine = list(galley.read_warc(warc_file, format="json", reference_time="2030-01-01"))
    assert mine == cli


def test_early_close_and_context_manager(tmp_path):
    p = tmp_path / "many.warc"
    p.write_bytes(b"".join(response(i) for i in range(50)))
    with galley.read_warc(p) as it:
        first = next(it)
        assert first["status"] == "ok"
    assert it.read == 1 and list(it) == []
    it.close()  # idempotent
    # a file object being fed through a pipe: closing early ends the feeder
    f = io.BytesIO(p.read_bytes() * 20)
    it = galley.read_warc(f)
    next(it)
    it.close()
    assert it._feeder is not None and not it._feeder.is_alive()


def test_bad_sources():
    with pytest.raises(FileNotFoundError):
        galley.read_warc("/nonexistent/galley-test.warc")
    with pytest.raises(TypeError, match="binary file"):
        galley.read_warc(io.StringIO("WARC/1.0"))
    with pytest.raises(TypeError, match="path or a binary file"):
        galley.read_warc(42)
    with pytest.raises(ValueError, match="for read_warc"):
        galley.read_warc(io.BytesIO(b""), format="text")
    with pytest.raises(ValueError, match="bad max_member_bytes value '0'"):
        galley.read_warc(io.BytesIO(b""), max_member_bytes=0)
    with pytest.raises(ValueError, match="unknown mode"):
        galley.read_warc(io.BytesIO(b""), mode="loose")


def test_a_failing_file_object_is_reported_after_its_records(warc_file):
    class Flaky(io.RawIOBase):
        def __init__(self, data):
            self.data, self.pos = data, 0

        def readable(self):
            return True

        def read(self, n=-1):
            if self.pos >= len(self.data):
                raise OSError("disk went away")
            chunk = self.data[self.pos:self.pos + 100]
            self.pos += len(chunk)
            return chunk

    it = galley.read_warc(Flaky(warc_file.read_bytes()))
    got = []
    with pytest.raises(OSError, match="disk went away"):
        for r in it:
            got.append(r)
    assert len(got) == 3


def test_empty_and_non_warc_input():
    it = galley.read_warc(io.BytesIO(b""))
    assert list(it) == [] and it.read == 0
    it = galley.read_warc(io.BytesIO(page(1).encode()))
    assert list(it) == [] and it.read == 0 and it.junk_bytes > 0


def test_iterators_in_threads(tmp_path, warc_file):
    results = {}

    def run(k):
        results[k] = [r["url"] for r in galley.read_warc(warc_file)]

    ts = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len({tuple(v) for v in results.values()}) == 1 and len(results) == 4


def test_one_iterator_shared_by_threads_never_crashes(tmp_path):
    p = tmp_path / "many.warc"
    p.write_bytes(b"".join(response(i) for i in range(200)))
    it = galley.read_warc(p)
    seen, errors = [], []

    def run():
        while True:
            try:
                r = next(it)
            except StopIteration:
                return
            except RuntimeError as e:  # used from two threads at once
                errors.append(e)
                continue
            seen.append(r["url"])

    ts = [threading.Thread(target=run) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(seen) == len(set(seen)) == 200 == it.read
