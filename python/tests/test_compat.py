"""galley.compat.extract: trafilatura's call shape, defaults and return types."""
import json
import xml.etree.ElementTree as ET

import pytest

from galley import compat
from conftest import page

META = ("<meta property='article:published_time' content='2024-05-01T10:00:00Z'>"
        "<meta name='author' content='Jane Roe'><meta property='og:site_name' "
        "content='Example Harbour Gazette'>")
COMMENTS = ("<div id='comments' class='comments'><h3>Comments</h3><div class='comment'>"
            "<p>A reader from the north quay thanks the committee for the later ferry.</p>"
            "</div></div>")


def html(extra=""):
    return page(1, head=META).replace("</body>", COMMENTS + "</body>").replace(
        "</article>", extra + "</article>")


URL = "https://www.example.com/news/ferry"


def test_txt_is_the_default_one_line_per_paragraph():
    out = compat.extract(html(), URL)
    assert isinstance(out, str)
    lines = out.split("\n")
    assert lines[0].startswith("Paragraph 0 of story 1") and "" not in lines
    assert "Home" not in out and "Copyright" not in out
    # comments are included by default (trafilatura's include_comments=True)
    assert "north quay" in out
    assert "north quay" not in compat.extract(html(), URL, include_comments=False)


def test_with_metadata_header():
    out = compat.extract(html(), URL, with_metadata=True)
    head, body = out.split("---\n")[1], out.split("---\n")[2]
    fields = dict(line.split(": ", 1) for line in head.strip().split("\n"))
    assert fields["title"] == "Story 1 about the harbour ferry"
    assert fields["author"] == "Jane Roe"
    assert fields["date"] == "2024-05-01"
    assert fields["hostname"] == "example.com"
    assert fields["sitename"] == "Example Harbour Gazette"
    assert fields["url"] == URL
    assert body.startswith("Paragraph 0 of story 1")


def test_json_keys():
    plain = json.loads(compat.extract(html(), URL, output_format="json"))
    assert set(plain) == {"text", "comments"} and "north quay" in plain["comments"]
    full = json.loads(compat.extract(html(), URL, output_format="json", with_metadata=True,
                                     record_id="rec-7"))
    assert full["source"] == URL and full["source-hostname"] == "Example Harbour Gazette"
    assert full["author"] == "Jane Roe" and full["date"] == "2024-05-01"
    assert full["id"] == "rec-7" and full["text"].startswith("Paragraph 0")
    for k in ("title", "hostname", "excerpt", "categories", "tags", "language", "image",
              "pagetype", "filedate"):
        assert k in full


def test_markdown_xml_html():
    md = compat.extract(html("<h2>Timetable</h2><p>The first ferry leaves at six in the "
                             "morning from the south pier, every day.</p>"), URL,
                        output_format="markdown")
    assert "## Timetable" in md
    xml = compat.extract(html(), URL, output_format="xml")
    root = ET.fromstring(xml)
    assert root.tag == "doc" and root.find("main") is not None and not root.attrib
    xml_meta = ET.fromstring(compat.extract(html(), URL, output_format="xml",
                                            with_metadata=True).encode())
    assert xml_meta.get("title") == "Story 1 about the harbour ferry"
    h = compat.extract(html(), URL, output_format="html")
    assert h.lstrip().startswith("<!DOCTYPE html>") and "<p>Paragraph 0" in h


def test_option_mapping():
    table = ("<table><tr><th>Day</th><th>Sailings</th></tr>"
             "<tr><td>Monday</td><td>4</td></tr></table>")
    assert "Monday" in compat.extract(html(table), URL)
    assert "Monday" not in compat.extract(html(table), URL, include_tables=False)
    link = "<p>See <a href='/maps/ferry'>the map</a> for the route of the evening ferry.</p>"
    assert "example.com/maps/ferry" not in compat.extract(html(link), URL,
                                                          output_format="markdown")
    assert "https://www.example.com/maps/ferry" in compat.extract(
        html(link), URL, output_format="markdown", include_links=True)
    for kw in (dict(favor_precision=True), dict(favor_recall=True)):
        assert compat.extract(html(), URL, **kw).startswith("Paragraph 0")


def test_nothing_found_is_none():
    assert compat.extract("<html><body></body></html>") is None
    assert compat.extract(b"") is None
    assert compat.extract(html(), URL, only_with_metadata=True) is not None
    assert compat.extract(page(2), only_with_metadata=True) is None  # no date, no URL
    assert compat.extract(html(), URL, target_language="de") is None
    assert compat.extract(html(), URL, target_language="en") is not None


def test_trafilatura_arguments_that_change_nothing_are_accepted():
    base = compat.extract(html(), URL)
    assert compat.extract(html(), URL, fast=True, no_fallback=True, deduplicate=True,
                          include_formatting=False) == base


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown output_format 'pdf'"):
        compat.extract(html(), output_format="pdf")
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        compat.extract(html(), bogus=1)
    with pytest.raises(TypeError):
        compat.extract(None)
    with pytest.raises(TypeError):
        compat.extract(3.5)
