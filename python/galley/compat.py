"""A drop-in for trafilatura's commonest call, on galley's extractor.

    from galley.compat import extract      # instead of: from trafilatura import extract
    text = extract(html, url, output_format="markdown", with_metadata=True)

``extract`` takes trafilatura's ``extract`` arguments with trafilatura's
defaults and returns what trafilatura's returns for them: a ``str`` in the
asked format, or ``None`` when the page gives no article. The field mapping
(galley record key -> trafilatura name) is documented in docs/python.md and
in FIELD_MAP below; what galley cannot give (trafilatura's simhash
fingerprint, a license) is left out rather than invented.
"""

import datetime as _dt
import json as _json
import re as _re
import urllib.parse as _up
import xml.etree.ElementTree as _ET

from . import ExtractionError, Extractor

__all__ = ["extract", "FIELD_MAP", "OUTPUT_FORMATS"]

#: output_format values and what galley renders for them.
OUTPUT_FORMATS = ("txt", "markdown", "json", "xml", "html")

#: trafilatura metadata name -> galley record key (or how it is derived).
FIELD_MAP = {
    "title": "title",
    "author": "authors, joined with '; '",
    "url": "url",
    "hostname": "host of url, without a leading 'www.'",
    "description": "description",
    "sitename": "site_name",
    "date": "published, its date part (YYYY-MM-DD)",
    "categories": "categories, joined with ';'",
    "tags": "tags, joined with ';'",
    "id": "the record_id argument",
    "language": "language",
    "image": "image",
    "pagetype": "page_type",
    "filedate": "the day of the call (YYYY-MM-DD)",
    "text": "text (one line per paragraph)",
    "comments": "comments blocks' text (one line per block)",
}

# the YAML-like header of txt/markdown with metadata, in trafilatura's order
_HEADER_KEYS = ("sitename", "title", "author", "date", "url", "hostname", "description",
                "categories", "tags", "id", "language")

# trafilatura arguments that change nothing here: galley has one extractor
# (no fallback to switch off), no formatting markup in txt, and no
# cross-document deduplication.
_ACCEPTED_NO_EFFECT = ("fast", "no_fallback", "include_formatting", "deduplicate",
                       "date_extraction_params", "config", "settingsfile")

_EXTRACTORS = {}


def _extractor(mode, comments, tables, images, links, metadata, max_nodes):
    key = (mode, comments, tables, images, links, metadata, max_nodes)
    ex = _EXTRACTORS.get(key)
    if ex is None:
        kw = {} if max_nodes is None else {"max_nodes": max_nodes}
        ex = Extractor(format="dict", mode=mode, comments=comments, tables=tables,
                       images=images, links=links, metadata=metadata, **kw)
        if len(_EXTRACTORS) < 64:  # a few combinations in any one program
            _EXTRACTORS[key] = ex
    return ex


def _lines(text):
    """galley's plain text separates blocks by a blank line; trafilatura's
    txt puts one block on a line."""
    return _re.sub(r"\n{2,}", "\n", text or "").strip()


def _block_text(blocks):
    """Text of a block tree (the comments), one block a line, iteratively."""
    out, stack = [], list(reversed(blocks or []))
    while stack:
        b = stack.pop()
        if b.get("text"):
            out.append(b["text"])
        stack.extend(reversed(b.get("children") or []))
    return "\n".join(out)


def _metadata(rec, record_id):
    url = rec.get("url")
    host = _up.urlsplit(url).hostname if url else None
    if host and host.startswith("www."):
        host = host[4:]
    published = rec.get("published")
    return {
        "title": rec.get("title"),
        "author": "; ".join(rec.get("authors") or []) or None,
        "url": url,
        "hostname": host,
        "description": rec.get("description"),
        "sitename": rec.get("site_name"),
        "date": published[:10] if published else None,
        "categories": ";".join(rec.get("categories") or []) or None,
        "tags": ";".join(rec.get("tags") or []) or None,
        "id": record_id,
        "language": rec.get("language"),
        "image": rec.get("image"),
        "pagetype": rec.get("page_type"),
        "filedate": _dt.date.today().isoformat(),
    }


def _header(meta):
    lines = [f"{k}: {meta[k]}" for k in _HEADER_KEYS if meta.get(k)]
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n"


def _strip_doc_attributes(xml):
    """galley's XML is trafilatura's shape (<doc> with metadata attributes,
    <main>, <comments>); without metadata the <doc> carries none."""
    root = _ET.fromstring(xml)
    root.attrib.clear()
    return _ET.tostring(root, encoding="unicode")


def extract(filecontent, url=None, record_id=None, favor_precision=False,
            favor_recall=False, include_comments=True, output_format="txt",
            target_language=None, include_tables=True, include_images=False,
            include_links=False, with_metadata=False, only_with_metadata=False,
            max_tree_size=None, **ignored):
    """trafilatura.extract on galley: the article of one page as str, or None.

    filecontent: the page, str or bytes. url: its URL. record_id: the "id"
    of json output and the metadata header.
    output_format: "txt" (default), "markdown", "json", "xml" or "html".
    include_comments (True), include_tables (True), include_images (False),
    include_links (False): galley's comments, tables, images, links options.
    favor_precision / favor_recall: galley's mode "precision" / "recall"
    (precision wins when both are set).
    with_metadata: txt and markdown start with a "---" header of the page's
    metadata, json carries the metadata keys, xml and html their metadata.
    only_with_metadata: None unless the page gives a title, a date and a URL.
    target_language: None unless the page's language is this one (ISO 639-1).
    max_tree_size: galley's max_nodes.
    Other trafilatura arguments (fast, no_fallback, include_formatting,
    deduplicate, date_extraction_params, config, settingsfile) are accepted
    and change nothing; any other keyword is a TypeError.

    Returns None when the page gives no article (trafilatura's "nothing
    extracted"), the str otherwise.
    """
    unknown = sorted(set(ignored) - set(_ACCEPTED_NO_EFFECT))
    if unknown:
        raise TypeError(f"extract() got an unexpected keyword argument '{unknown[0]}'")
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output_format '{output_format}' "
                         f"({', '.join(OUTPUT_FORMATS)})")
    if filecontent is None or not isinstance(filecontent, (str, bytes, bytearray)):
        raise TypeError("filecontent must be a str or bytes")
    mode = "precision" if favor_precision else "recall" if favor_recall else "balanced"
    # html keeps galley's rendering, whose <head> and header are the metadata
    metadata = with_metadata or output_format != "html"
    ex = _extractor(mode, bool(include_comments), bool(include_tables), bool(include_images),
                    bool(include_links), bool(metadata), max_tree_size)
    # xml and html come whole from galley; the others are made from the record
    direct = output_format in ("xml", "html") and not (only_with_metadata or target_language)
    try:
        if direct:
            rendered = ex.extract(filecontent, url, format=output_format)
            return rendered if with_metadata or output_format == "html" \
                else _strip_doc_attributes(rendered)
        rec = ex.extract(filecontent, url)
    except ExtractionError:
        return None
    if not rec.get("text"):
        return None
    meta = _metadata(rec, record_id)
    if only_with_metadata and not (meta["title"] and meta["date"] and meta["url"]):
        return None
    if target_language and meta["language"] and \
            meta["language"].split("-")[0].lower() != target_language.lower():
        return None

    comments = _block_text(rec.get("comments")) if include_comments else ""
    if output_format == "txt":
        body = _lines(rec["text"])
        if comments:
            body = f"{body}\n{comments}"
        return (_header(meta) if with_metadata else "") + body
    if output_format == "markdown":
        # galley's Markdown carries the comments already (a "Comments" section)
        body = ex.extract(filecontent, url, format="markdown").strip()
        return (_header(meta) if with_metadata else "") + body
    if output_format == "json":
        if with_metadata:
            out = {"title": meta["title"], "author": meta["author"],
                   "hostname": meta["hostname"], "date": meta["date"], "id": meta["id"],
                   "language": meta["language"], "image": meta["image"],
                   "pagetype": meta["pagetype"], "filedate": meta["filedate"],
                   "source": meta["url"], "source-hostname": meta["sitename"],
                   "excerpt": meta["description"], "categories": meta["categories"] or "",
                   "tags": meta["tags"] or "", "text": _lines(rec["text"]),
                   "comments": comments}
        else:
            out = {"text": _lines(rec["text"]), "comments": comments}
        return _json.dumps(out, ensure_ascii=False)
    rendered = ex.extract(filecontent, url, format=output_format)
    if output_format == "xml" and not with_metadata:
        return _strip_doc_attributes(rendered)
    return rendered
