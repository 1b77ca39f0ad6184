"""galley.extract and galley.Extractor: results, formats, options, errors."""
import json
import os
import subprocess

import pytest

import galley
from conftest import page

KEYS = ["source", "url", "status", "error", "title", "authors", "published", "modified",
        "site_name", "description", "language", "image", "hostname", "license",
        "categories", "tags",
        "organizations", "page_type", "free", "confidence", "language_confidence",
        "encoding", "word_count", "fingerprint", "sources", "text", "blocks", "comments"]


def test_dict_has_the_json_schema_keys_in_order():
    r = galley.extract(page(1).encode(), "https://example.com/a")
    assert list(r) == KEYS
    assert r["status"] == "ok" and r["error"] is None
    assert r["title"] == "Story 1 about the harbour ferry"
    assert r["language"] == "en"
    assert r["encoding"] == "UTF-8"
    assert "Paragraph 0 of story 1" in r["text"]
    assert "Home" not in r["text"] and "Copyright" not in r["text"]
    assert all(isinstance(b, dict) and "type" in b for b in r["blocks"])


def test_blocks_are_nested_dicts():
    extra = "<ul><li>first point</li><li>second point</li></ul>"
    r = galley.extract(page(2, extra=extra))
    lists = [b for b in r["blocks"] if b["type"] == "list"]
    assert lists and [c["text"] for c in lists[0]["children"]] == ["first point",
                                                                     "second point"]


@pytest.mark.skipif(not os.environ.get("GALLEY_CLI"), reason="GALLEY_CLI not set")
def test_dict_equals_the_cli_record(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(page(3, extra="<table><tr><th>a</th></tr><tr><td>1</td></tr></table>"))
    out = subprocess.run([os.environ["GALLEY_CLI"], "-f", "json", "--reference-time",
                          "2030-01-01", str(f)], check=True, capture_output=True).stdout
    cli = json.loads(out)
    r = galley.extract(f.read_bytes(), reference_time="2030-01-01")
    cli.pop("source")
    r.pop("source")
    assert r == cli


@pytest.mark.skipif(not os.environ.get("GALLEY_CLI"), reason="GALLEY_CLI not set")
def test_defaults_are_the_cli_defaults():
    # the package holds no copy: its caps' defaults are the CLI's, as --help states them
    import re
    usage = subprocess.run([os.environ["GALLEY_CLI"], "--help"], check=True,
                           capture_output=True, text=True).stdout
    cli = {m.group(1): int(m.group(2))
           for m in re.finditer(r"--([a-z-]+) N\s[^(]*\(default (\d+)", usage)}
    for flag, value in [("timeout-ms", galley.DEFAULT_TIMEOUT_MS),
                        ("max-bytes", galley.DEFAULT_MAX_BYTES),
                        ("max-depth", galley.DEFAULT_MAX_DEPTH),
                        ("max-nodes", galley.DEFAULT_MAX_NODES),
                        ("max-attrs", galley.DEFAULT_MAX_ATTRS),
                        ("max-member-bytes", galley.DEFAULT_MAX_MEMBER_BYTES)]:
        assert cli[flag] == value, flag

def test_str_and_bytes_agree_and_str_is_not_re_decoded():
    text = page(4, extra="<p>Café owners on the quay said the new timetable suits them.</p>")
    a = galley.extract(text)
    b = galley.extract(text.encode("utf-8"))
    assert a["text"] == b["text"] and "Café" in a["text"]
    # a str says nothing about bytes: a contrary <meta charset> must not re-decode it
    lying = text.replace("<meta charset='utf-8'>", "<meta charset='windows-1252'>")
    assert "Café" in galley.extract(lying)["text"]


def test_bytes_are_sniffed_like_the_cli():
    text = page(5, extra="<p>Café owners on the quay said the new timetable suits them.</p>")
    latin = text.replace("<meta charset='utf-8'>", "<meta charset='iso-8859-1'>")
    r = galley.extract(latin.encode("latin-1"))
    assert r["encoding"] == "windows-1252" and "Café" in r["text"]
    # transport charset wins over the bytes' evidence (no meta)
    plain = text.replace("<meta charset='utf-8'>", "")
    r = galley.extract(plain.encode("latin-1"), charset="latin1")
    assert "Café" in r["text"]
    # bytearray and memoryview work too
    assert galley.extract(bytearray(plain.encode()))["status"] == "ok"
    assert galley.extract(memoryview(plain.encode()))["status"] == "ok"


@pytest.mark.parametrize("fmt,probe", [("text", "Paragraph 0 of story 6"),
                                       ("markdown", "# Story 6"),
                                       ("html", "<p>"),
                                       ("xml", "<"),
                                       ("json", '"title":')])
def test_formats_return_str(fmt, probe):
    out = galley.extract(page(6), format=fmt)
    assert isinstance(out, str) and probe in out


def test_json_format_is_the_dict_record():
    ex = galley.Extractor(reference_time=2_000_000_000)
    assert json.loads(ex.extract(page(7), format="json")) == ex.extract(page(7))


def test_url_resolves_links_and_images():
    extra = "<p>See <a href='/maps/ferry'>the map</a> for the route.</p>"
    r = galley.extract(page(8, extra=extra), "https://example.com/news/ferry")
    assert r["url"] == "https://example.com/news/ferry"
    md = galley.extract(page(8, extra=extra), "https://example.com/news/ferry",
                        format="markdown")
    assert "(https://example.com/maps/ferry)" in md
    assert "(https://" not in galley.extract(page(8, extra=extra), "https://example.com/n",
                                             format="markdown", links=False)


def test_options_change_the_result():
    extra = ("<table><tr><th>Day</th><th>Sailings</th></tr>"
             "<tr><td>Monday</td><td>4</td></tr></table>")
    html = page(9, extra=extra)
    with_t = galley.extract(html)
    without = galley.extract(html, tables=False)
    assert any(b["type"] == "table" for b in with_t["blocks"])
    assert not any(b["type"] == "table" for b in without["blocks"])
    body_only = galley.extract(html, metadata=False)
    assert body_only["title"] is None and body_only["authors"] == []
    assert "title" not in body_only["sources"]
    for mode in galley.MODES:
        assert galley.extract(html, mode=mode)["status"] == "ok"


def test_tune_overrides_a_named_threshold():
    links = ("<ul><li><a href='/a'>Ferry timetables for the coming summer</a></li>"
             "<li><a href='/b'>Harbour board minutes of every meeting</a></li>"
             "<li><a href='/c'>Tide tables for the harbour mouth</a></li></ul>"
             "<p>Engineers told the board that repairs would cost less than a new pier, "
             "but warned that the work could not begin before the spring tides.</p>")
    html = page(14, extra=links)
    assert "Tide tables for the harbour mouth" not in galley.extract(html)["text"]
    ex = galley.Extractor(tune={"drop_link_list": False})
    assert "Tide tables for the harbour mouth" in ex.extract(html)["text"]
    assert ex.options["tune"] == {"drop_link_list": False}
    assert "tune={'drop_link_list': False}" in repr(ex)
    assert "Tide tables for the harbour mouth" in galley.extract(
        html, format="text", tune={"drop_link_list": 0})


def test_captions_stay_with_their_figures_unless_asked_for():
    cap = "The harbour mouth at low tide, seen from the breakwater"
    fig = ("<figure><img src='/img/mouth.jpg' width='800' height='500' alt=''>"
           f"<figcaption>{cap}</figcaption></figure>")
    html = page(14, extra=fig)
    rec = galley.extract(html)
    assert cap not in rec["text"]
    assert [b["caption"] for b in rec["blocks"] if b["type"] == "figure"] == [cap]
    assert cap in galley.extract(html, captions=True)["text"]
    assert cap in galley.extract(html, format="text", captions=True)
    assert cap not in galley.extract(html, format="text")
    ex = galley.Extractor(captions=True)
    assert ex.options["captions"] is True and "captions=True" in repr(ex)
    with pytest.raises(TypeError):
        galley.Extractor(captions="yes")


def test_no_content_raises_with_status_and_partial_result():
    html = "<html><head><title>An empty room</title></head><body></body></html>"
    with pytest.raises(galley.ExtractionError) as ei:
        galley.extract(html)
    e = ei.value
    assert e.status == "no_content" and e.code == 11
    assert isinstance(e.result, dict) and e.result["title"] == "An empty room"
    with pytest.raises(galley.ExtractionError) as ei:
        galley.extract(html, format="text")
    assert ei.value.result == ""


def test_too_large_raises():
    with pytest.raises(galley.ExtractionError) as ei:
        galley.extract(page(10), max_bytes=100)
    assert ei.value.status == "too_large" and ei.value.result is None
    assert "exceeds the cap of 100" in str(ei.value)


def test_caps_keep_a_usable_article():
    deep = "<div>" * 2000 + "<p>" + "Deep words about ferries. " * 40 + "</p>" + "</div>" * 2000
    r = galley.extract(page(11, extra=deep), max_depth=64)
    assert r["status"] in ("ok", "limit_depth") and r["text"]


@pytest.mark.parametrize("kw,exc,msg", [
    (dict(mode="fast"), ValueError, "unknown mode 'fast' (precision, balanced, recall)"),
    (dict(mode=1), TypeError, "mode must be a str"),
    (dict(format="pdf"), ValueError, "unknown format 'pdf'"),
    (dict(format=None), TypeError, "format must be a str"),
    (dict(timeout_ms=-1), ValueError, "bad timeout_ms value '-1'"),
    (dict(timeout_ms=1.5), TypeError, "timeout_ms must be an int"),
    (dict(max_bytes=0), ValueError, "bad max_bytes value '0'"),
    (dict(max_depth=True), TypeError, "max_depth must be an int"),
    (dict(max_depth=10**12), ValueError, "value out of range for max_depth"),
    (dict(max_nodes=-5), ValueError, "bad max_nodes value '-5'"),
    (dict(max_attrs="9"), TypeError, "max_attrs must be an int"),
    (dict(metadata=1), TypeError, "metadata must be True or False"),
    (dict(comments=None), TypeError, "comments must be True or False"),
    (dict(reference_time="yesterday"), ValueError, "bad reference_time 'yesterday'"),
    (dict(reference_time=-3), ValueError, "bad reference_time '-3'"),
    (dict(reference_time=2.5), TypeError, "reference_time must be"),
    (dict(charset="klingon-8"), ValueError, "unknown character encoding 'klingon-8'"),
    (dict(unknown=1), TypeError, "unexpected keyword"),
    (dict(tune={"no_such_row": 1}), ValueError, "bad tune entry no_such_row=1.0"),
    (dict(tune={"drop_link_list": 2}), ValueError, "bad tune entry drop_link_list=2.0"),
    (dict(tune={"para_min_chars": -1}), ValueError, "bad tune entry para_min_chars=-1.0"),
    (dict(tune=[("climb_mass", 1.2)]), TypeError, "tune must be a mapping"),
    (dict(tune={"climb_mass": "1.2"}), TypeError, "tune['climb_mass'] must be a number"),
    (dict(tune={3: 1}), TypeError, "tune names must be str"),
])
def test_bad_options_raise_with_the_cli_wording(kw, exc, msg):
    with pytest.raises(exc) as ei:
        galley.extract(page(12).encode(), **kw)
    assert msg in str(ei.value)


@pytest.mark.parametrize("html,url,exc", [
    (None, None, TypeError),
    (12, None, TypeError),
    (["<p>"], None, TypeError),
    (b"<p>x</p>", 5, TypeError),
    (b"<p>x</p>", "https://example.com/a\0b", ValueError),
    ("<p>x</p>\udcff", None, UnicodeEncodeError),
])
def test_bad_input_raises(html, url, exc):
    with pytest.raises(exc):
        galley.extract(html, url)


def test_charset_with_str_is_an_error():
    with pytest.raises(ValueError, match="bytes input only"):
        galley.extract(page(13), charset="utf-8")


def test_reference_time_forms_agree():
    import datetime as dt
    html = page(14, head="<meta property='article:published_time' content='2024-05-01T10:00:00Z'>")
    forms = [1_800_000_000, "2027-01-15T08:00:00+00:00", "2027-01-15",
             dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.timezone.utc), dt.date(2027, 1, 15)]
    assert {galley.extract(html, reference_time=f)["published"] for f in forms} == {
        "2024-05-01T10:00:00Z"}
    assert galley.extract(html, reference_time="2020-01-01")["published"] is None


@pytest.mark.parametrize("junk", [
    b"", b"\0" * 1000, bytes(range(256)) * 64, b"<" * 100000, b"<div>" * 100000,
    b"<a " + b"x=1 " * 10000 + b">", b"\xef\xbb\xbf<html>\xff\xfe", "\u2028<p>\x00</p>".encode(),
    b"<table>" * 5000 + b"<td>x" * 5000, b"<svg><math>" * 3000,
])
def test_hostile_input_never_crashes(junk):
    try:
        r = galley.extract(junk)
        assert r["status"] != "ok" or isinstance(r["text"], str)
    except galley.ExtractionError as e:
        assert e.status in ("no_content", "timeout", "not_html", "too_large")


def test_extractor_reuses_its_options():
    ex = galley.Extractor(format="text", tables=False, timeout_ms=0)
    assert ex.options["tables"] is False and ex.options["format"] == "text"
    assert ex(page(15)) == ex.extract(page(15))
    assert isinstance(ex.extract(page(15), format="dict"), dict)
    assert "tables=False" in repr(ex)
    with pytest.raises(TypeError):
        galley.Extractor("text")  # keyword-only


def test_version_and_docs():
    assert galley.__version__ == galley.version() and galley.version().count(".") == 2
    for f in (galley.extract, galley.Extractor, galley.Extractor.extract, galley.read_warc,
              galley.ExtractionError, galley.WarcRecords):
        assert f.__doc__ and len(f.__doc__) > 80
    import pydoc
    text = pydoc.render_doc(galley.extract, renderer=pydoc.plaintext)
    assert "format='dict'" in text and "timeout_ms=1000" in text and "max_nodes" in text
