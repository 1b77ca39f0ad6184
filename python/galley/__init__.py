"""galley: articles out of web pages, at web-crawl scale.

A C extension over galley's C library (include/galley.h). Three entry points:

    galley.extract(html, url=None, **options)     one page -> dict or str
    galley.Extractor(**options).extract(html)     options checked once, reused;
                                                  safe to share between threads
    galley.read_warc(path_or_file, **options)     the records of a WARC archive,
                                                  streamed, one dict per HTML record

and ``galley.compat.extract``, a drop-in for trafilatura's ``extract``.

The dict is the record of the CLI's JSON output (docs/cli.md): source, url,
status, error, title, authors, published, modified, site_name, description,
language, image, categories, tags, organizations, page_type, free,
confidence, language_confidence, encoding, word_count, fingerprint, sources, text,
blocks, comments.
The library writes it; Python only parses it, so the CLI and the package
never disagree.

The GIL is released while the C library works: threads sharing one
Extractor run in parallel.
"""

import datetime as _dt
import io as _io
import json as _json
import os as _os
import threading as _threading

from . import _galley

__all__ = [
    "extract",
    "Extractor",
    "read_warc",
    "WarcRecords",
    "ExtractionError",
    "FORMATS",
    "MODES",
    "version",
    "__version__",
]

__version__ = _galley.version()

#: Output formats: "dict" (the parsed JSON record) and the library's own.
FORMATS = ("dict", "json", "text", "markdown", "html", "xml")
#: Extraction modes, from fewest doubtful blocks kept to most.
MODES = ("precision", "balanced", "recall")

_FORMAT_CODES = {
    "dict": _galley.FORMAT_JSON,
    "json": _galley.FORMAT_JSON,
    "text": _galley.FORMAT_TEXT,
    "txt": _galley.FORMAT_TEXT,
    "markdown": _galley.FORMAT_MARKDOWN,
    "md": _galley.FORMAT_MARKDOWN,
    "html": _galley.FORMAT_HTML,
    "xml": _galley.FORMAT_XML,
}
_MODE_CODES = {
    "precision": _galley.MODE_PRECISION,
    "balanced": _galley.MODE_BALANCED,
    "recall": _galley.MODE_RECALL,
}

# Defaults: the CLI's (docs/cli.md), which the library's differ from only in
# the time budget (the library has none; a crawl wants one). The extension
# reads them from the C library, their one owner.
DEFAULT_TIMEOUT_MS = _galley.DEFAULT_TIMEOUT_MS
DEFAULT_MAX_BYTES = _galley.DEFAULT_MAX_BYTES
DEFAULT_MAX_DEPTH = _galley.DEFAULT_MAX_DEPTH
DEFAULT_MAX_NODES = _galley.DEFAULT_MAX_NODES
DEFAULT_MAX_ATTRS = _galley.DEFAULT_MAX_ATTRS
DEFAULT_MAX_MEMBER_BYTES = _galley.DEFAULT_MAX_MEMBER_BYTES

# Chunk the feeder thread moves from a Python file object to the reader.
_FEED_CHUNK = 1 << 16


class ExtractionError(Exception):
    """A document gave no article (timeout, too large, not decodable, no body).

    Attributes:
        status: the short status name, as in the record's "status" key
            ("timeout", "too_large", "no_content", ...).
        code: the status number (galley_status in include/galley.h).
        result: for "no_content", what the page still gave (metadata, in the
            requested format: a dict or str); otherwise None.
    """

    status = "error"
    code = 0
    result = None


def version():
    """Return the version of the C library inside the extension."""
    return _galley.version()


def _flag(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
    return int(value)


def _count(name, value, zero_ok=True):
    """A non-negative int option; the CLI's "bad --NAME value" wording."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0 or (value == 0 and not zero_ok):
        raise ValueError(f"bad {name} value '{value}'")
    return value


def _reference_time(value):
    """None (now), unix seconds, a datetime/date, or an ISO 8601 string."""
    if value is None:
        return 0
    bad = ValueError(f"bad reference_time '{value}' (ISO 8601 date/time or unix seconds)")
    if isinstance(value, bool):
        raise TypeError("reference_time must be an int, a datetime or an ISO 8601 str")
    if isinstance(value, int):
        if value <= 0:
            raise bad
        return value
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise bad from None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        seconds = int(value.timestamp())
        if seconds <= 0:
            raise bad
        return seconds
    raise TypeError("reference_time must be an int, a datetime or an ISO 8601 str")


def _format(value):
    if not isinstance(value, str):
        raise TypeError(f"format must be a str, not {type(value).__name__}")
    if value not in _FORMAT_CODES:
        raise ValueError(f"unknown format '{value}' (dict, json, text, markdown, html, xml)")
    return value


def _tune(tune):
    """tune={"row": number, ...} -> ("tune", row, float) entries of the settings;
    the library checks the names and values (galley --tune list)."""
    if tune is None:
        return ()
    if not hasattr(tune, "items"):
        raise TypeError(f"tune must be a mapping of threshold names to numbers, not "
                        f"{type(tune).__name__}")
    out = []
    for k, v in tune.items():
        if not isinstance(k, str):
            raise TypeError(f"tune names must be str, not {type(k).__name__}")
        if isinstance(v, bool):
            v = int(v)
        if not isinstance(v, (int, float)):
            raise TypeError(f"tune[{k!r}] must be a number, not {type(v).__name__}")
        out.append(("tune", k, float(v)))
    return tuple(out)


def _settings(mode, metadata, comments, images, links, tables, language_detect,
              reference_time, timeout_ms, max_bytes, max_depth, max_nodes, max_attrs,
              tune=None, captions=False):
    """Checks every option once; returns the (option, value, name) triples,
    then the ("tune", name, value) entries."""
    if not isinstance(mode, str):
        raise TypeError(f"mode must be a str, not {type(mode).__name__}")
    if mode not in _MODE_CODES:
        raise ValueError(f"unknown mode '{mode}' (precision, balanced, recall)")
    g = _galley
    return (
        (g.OPT_MODE, _MODE_CODES[mode], "mode"),
        (g.OPT_METADATA, _flag("metadata", metadata), "metadata"),
        (g.OPT_COMMENTS, _flag("comments", comments), "comments"),
        (g.OPT_IMAGES, _flag("images", images), "images"),
        (g.OPT_CAPTIONS, _flag("captions", captions), "captions"),
        (g.OPT_LINKS, _flag("links", links), "links"),
        (g.OPT_TABLES, _flag("tables", tables), "tables"),
        (g.OPT_LANGUAGE_DETECT, _flag("language_detect", language_detect), "language_detect"),
        (g.OPT_REFERENCE_TIME, _reference_time(reference_time), "reference_time"),
        (g.OPT_TIMEOUT_MS, _count("timeout_ms", timeout_ms), "timeout_ms"),
        (g.OPT_MAX_INPUT_BYTES, _count("max_bytes", max_bytes, zero_ok=False), "max_bytes"),
        (g.OPT_MAX_DEPTH, _count("max_depth", max_depth), "max_depth"),
        (g.OPT_MAX_NODES, _count("max_nodes", max_nodes), "max_nodes"),
        (g.OPT_MAX_ATTRS, _count("max_attrs", max_attrs), "max_attrs"),
    ) + _tune(tune)


class Extractor:
    """Extraction options checked once, for many pages.

    Extractor(*, format="dict", mode="balanced", metadata=True,
              comments=False, images=True, links=True, tables=True,
              language_detect=True, reference_time=None,
              timeout_ms=1000, max_bytes=67108864, max_depth=512,
              max_nodes=4000000, max_attrs=256, tune=None, captions=False)

    Options (the CLI's flags, docs/cli.md):
        format: "dict" (the JSON record parsed), "json" (that record as a
            str), "text", "markdown", "html" or "xml" (str).
        mode: "precision", "balanced" or "recall".
        metadata: False for the body only (no title, authors, dates, ...).
        comments: True to return the comment thread ("comments" in the dict).
        images, links, tables: False to leave figures, link targets, tables
            out of the body.
        captions: True to put figure captions in the plain text too ("text"
            of the dict and the json str, format "text"); by default they
            stay with their figure blocks and the text is the prose.
        language_detect: False to trust only the declared language.
        reference_time: dates after it are rejected as publication dates;
            unix seconds, a datetime (naive means UTC) or an ISO 8601 str;
            None: the time of each call.
        timeout_ms: time budget per document (0: none).
        max_bytes: largest document in bytes.
        max_depth: deepest element nesting kept.
        max_nodes: most DOM nodes per document.
        max_attrs: most attributes per element.
        tune: expert, a mapping {name: number} overriding named thresholds of
            body extraction in every mode (the CLI's --tune; `galley --tune
            list` prints the names, docs/extraction.md says what each
            guards), e.g. {"read_class_blind": 0}.

    Bad options raise TypeError (wrong type) or ValueError (wrong value).
    One Extractor may be used from many threads at once: it is read-only,
    and the GIL is released while a page is extracted.
    """

    __slots__ = ("_core", "_format", "_code", "_options")

    def __init__(self, *, format="dict", mode="balanced", metadata=True, comments=False,
                 images=True, links=True, tables=True, language_detect=True,
                 reference_time=None, timeout_ms=DEFAULT_TIMEOUT_MS,
                 max_bytes=DEFAULT_MAX_BYTES, max_depth=DEFAULT_MAX_DEPTH,
                 max_nodes=DEFAULT_MAX_NODES, max_attrs=DEFAULT_MAX_ATTRS, tune=None,
                 captions=False):
        self._format = _format(format)
        self._code = _FORMAT_CODES[format]
        settings = _settings(mode, metadata, comments, images, links, tables,
                             language_detect, reference_time, timeout_ms, max_bytes,
                             max_depth, max_nodes, max_attrs, tune, captions)
        self._core = _galley.Core(settings, ExtractionError)
        self._options = dict(
            format=format, mode=mode, metadata=metadata, comments=comments, images=images,
            links=links, tables=tables, language_detect=language_detect,
            reference_time=reference_time, timeout_ms=timeout_ms, max_bytes=max_bytes,
            max_depth=max_depth, max_nodes=max_nodes, max_attrs=max_attrs,
            tune=dict(tune) if tune is not None else None, captions=captions)

    @property
    def options(self):
        """The options this Extractor was made with (a new dict)."""
        return dict(self._options)

    def __repr__(self):
        changed = ", ".join(f"{k}={v!r}" for k, v in self._options.items()
                            if v != _DEFAULTS.get(k))
        return f"galley.Extractor({changed})"

    def extract(self, html, url=None, *, charset=None, format=None):
        """Extract the article of one page.

        html: the page as bytes (or bytearray, memoryview), whose encoding
            is sniffed like the CLI's files (BOM, then `charset`, then
            <meta>, then the bytes), or as str (already text).
        url: the page's URL, to resolve relative links and images.
        charset: the transport charset (as an HTTP Content-Type would give
            it) for bytes input.
        format: overrides the Extractor's format for this call.

        Returns a dict for format "dict", else a str. Raises ExtractionError
        when the page gives no article (.status says why: "timeout",
        "too_large", "no_content", ...), TypeError/ValueError for bad
        arguments.
        """
        if format is None or format == self._format:
            fmt, code = self._format, self._code
        else:
            fmt = _format(format)
            code = _FORMAT_CODES[fmt]
        if fmt == "dict":
            try:
                return _json.loads(self._core.extract(html, url, charset, code))
            except ExtractionError as e:
                if e.result is not None:
                    e.result = _json.loads(e.result)
                raise
        return self._core.extract(html, url, charset, code)

    __call__ = extract


_DEFAULTS = Extractor.__init__.__kwdefaults__


def extract(html, url=None, *, format="dict", charset=None, mode="balanced", metadata=True,
            comments=False, images=True, links=True, tables=True, language_detect=True,
            reference_time=None, timeout_ms=DEFAULT_TIMEOUT_MS, max_bytes=DEFAULT_MAX_BYTES,
            max_depth=DEFAULT_MAX_DEPTH, max_nodes=DEFAULT_MAX_NODES,
            max_attrs=DEFAULT_MAX_ATTRS, tune=None, captions=False):
    """Extract the article of one page: galley.Extractor(**options).extract(html, url).

    html: bytes (encoding sniffed like the CLI: BOM, `charset`, <meta>, the
        bytes) or str. url: the page's URL, to resolve links and images.
    format: "dict" (default: the CLI's JSON record as a dict, blocks as
        nested dicts), "json", "text", "markdown", "html" or "xml" (str).
    The other options are Extractor's (help(galley.Extractor)): mode,
    metadata, comments, images, captions, links, tables, language_detect,
    reference_time, the caps timeout_ms (default 1000), max_bytes,
    max_depth, max_nodes, max_attrs, and tune.

    Raises ExtractionError (with .status) when the page gives no article,
    TypeError/ValueError for bad arguments. For many pages, make one
    Extractor and reuse it.
    """
    ex = Extractor(format=format, mode=mode, metadata=metadata, comments=comments,
                   images=images, links=links, tables=tables,
                   language_detect=language_detect, reference_time=reference_time,
                   timeout_ms=timeout_ms, max_bytes=max_bytes, max_depth=max_depth,
                   max_nodes=max_nodes, max_attrs=max_attrs, tune=tune, captions=captions)
    return ex.extract(html, url, charset=charset)


class WarcRecords:
    """Iterator over the records of a WARC archive (see read_warc).

    Attributes (counts so far, as in the CLI's summary):
        read: HTML records read, one record yielded for each.
        extracted: of those, records with status "ok".
        errors: of those, error records (status other than "ok").
        skipped: records that are not HTML pages (warcinfo, request,
            metadata, non-HTML or non-2xx responses): counted, not yielded.
        junk_bytes: bytes skipped between records.

    read == extracted + errors always. Use as a context manager or call
    close() to stop early and release the file.
    """

    def __init__(self, reader, fd, owns_fd, feeder, fmt):
        self._reader = reader
        self._fd = fd
        self._owns_fd = owns_fd
        self._feeder = feeder
        self._dict = fmt == "dict"
        self._counts = (0, 0, 0, 0, 0)
        self._closed = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._closed:
            raise StopIteration
        try:
            line = next(self._reader)
        except StopIteration:
            self._finish()
            raise
        return _json.loads(line) if self._dict else line

    def _finish(self):
        """At the end: keep the counts, release everything, and report a
        failure of the file object being read (after its records)."""
        self._close()
        feeder = self._feeder
        if feeder is not None and feeder.error is not None:
            err, feeder.error = feeder.error, None
            raise err

    def _close(self):
        if self._closed:
            return
        self._counts = self._reader.counts()
        self._reader.close()
        self._closed = True
        if self._owns_fd:
            _os.close(self._fd)
        if self._feeder is not None:
            # it ends at once: its pipe's reader is gone (or it is done)
            self._feeder.join(timeout=5)

    def close(self):
        """Stop reading; release the reader and the file. Idempotent."""
        self._close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self._close()
        except Exception:
            pass

    def _count(self, i):
        return self._counts[i] if self._closed else self._reader.counts()[i]

    read = property(lambda self: self._count(0), doc="HTML records read (one yielded each)")
    extracted = property(lambda self: self._count(1), doc="records with status ok")
    skipped = property(lambda self: self._count(2), doc="non-HTML records, not yielded")
    errors = property(lambda self: self._count(3), doc="error records yielded")
    junk_bytes = property(lambda self: self._count(4), doc="bytes skipped between records")

    def __repr__(self):
        return (f"<galley.WarcRecords read={self.read} extracted={self.extracted} "
                f"skipped={self.skipped} errors={self.errors}>")


class _Feeder(_threading.Thread):
    """Copies a Python binary file object into a pipe, so that the C reader
    streams from any file-like object with constant memory."""

    def __init__(self, f, wfd):
        super().__init__(name="galley-warc-feeder", daemon=True)
        self._f = f
        self._wfd = wfd
        self.error = None

    def run(self):
        try:
            while True:
                chunk = self._f.read(_FEED_CHUNK)
                if not chunk:
                    break
                if not isinstance(chunk, (bytes, bytearray, memoryview)):
                    raise TypeError("read_warc needs a binary file (read() returned "
                                    f"{type(chunk).__name__})")
                view = memoryview(chunk)
                while view:
                    n = _os.write(self._wfd, view)
                    view = view[n:]
        except BrokenPipeError:
            pass  # the reader was closed early
        except BaseException as e:  # reported by the iterator at its end
            self.error = e
        finally:
            _os.close(self._wfd)


def read_warc(source, *, format="dict", mode="balanced", metadata=True, comments=False,
              images=True, links=True, tables=True, language_detect=True,
              reference_time=None, timeout_ms=DEFAULT_TIMEOUT_MS, max_bytes=DEFAULT_MAX_BYTES,
              max_depth=DEFAULT_MAX_DEPTH, max_nodes=DEFAULT_MAX_NODES,
              max_attrs=DEFAULT_MAX_ATTRS, max_member_bytes=DEFAULT_MAX_MEMBER_BYTES,
              tune=None, captions=False):
    """Extract every HTML page of a WARC archive, streaming.

    source: a path (str, bytes, os.PathLike) or a binary file object (open
        in "rb", a socket's makefile("rb"), io.BytesIO, ...). Plain, gzip
        (per record or whole file) and zstd archives are told apart by
        their bytes.
    format: "dict" (default) gives each record as a dict, "json" as the
        JSON Lines str the CLI writes (no trailing newline).
    max_bytes: largest page after decompression (larger: an error record).
    max_member_bytes: largest a gzip member or zstd frame may inflate to.
    The other options are Extractor's (help(galley.Extractor)).

    Returns a WarcRecords iterator: one record for every HTML record, in
    archive order, the CLI's JSON Lines record ("source", "url",
    "target_uri", "warc_filename", "warc_offset", "warc_length",
    "warc_record_id", "warc_date", "http_status", "content_type", "status",
    "error", "title", ...), with
    error records (status other than "ok") for pages that failed and for
    truncated or corrupt records, so nothing is lost unseen. Non-HTML
    records are counted in .skipped. Memory stays constant: one record at a
    time. The GIL is released while a record is read and extracted.

    Raises OSError at once when a path cannot be opened, TypeError or
    ValueError for bad options.
    """
    fmt = _format(format)
    if fmt not in ("dict", "json"):
        raise ValueError(f"unknown format '{format}' for read_warc (dict, json)")
    max_member_bytes = _count("max_member_bytes", max_member_bytes, zero_ok=False)
    settings = _settings(mode, metadata, comments, images, links, tables, language_detect,
                         reference_time, timeout_ms, max_bytes, max_depth, max_nodes,
                         max_attrs, tune, captions)
    core = _galley.Core(settings, ExtractionError)

    feeder = None
    if isinstance(source, (str, bytes, _os.PathLike)):
        fd = _os.open(source, _os.O_RDONLY | getattr(_os, "O_CLOEXEC", 0))
        name = _os.fsdecode(_os.fspath(source))
    elif hasattr(source, "read"):
        if isinstance(source, _io.TextIOBase):
            raise TypeError("read_warc needs a binary file, not a text file")
        fd, wfd = _os.pipe()
        feeder = _Feeder(source, wfd)
        name = getattr(source, "name", None)
        name = _os.fsdecode(name) if isinstance(name, (str, bytes)) else "-"
    else:
        raise TypeError("read_warc needs a path or a binary file object, not "
                        f"{type(source).__name__}")
    try:
        reader = _galley.WarcReader(fd, core, name, max_bytes, max_member_bytes)
    except BaseException:
        _os.close(fd)
        if feeder is not None:
            _os.close(wfd)
        raise
    if feeder is not None:
        feeder.start()
    return WarcRecords(reader, fd, True, feeder, fmt)
