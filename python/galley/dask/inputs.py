"""Turns the runner's INPUT arguments into an ordered list of WARC inputs.

An input is a local path or an http(s) URL. Arguments may be paths, globs,
directories (searched recursively for .warc, .warc.gz and .warc.zst) and,
through --list, files listing inputs one a line (local or http(s), gzip or
plain, as Common Crawl's warc.paths.gz). Local inputs are checked here, in
the driver, so that a missing file stops the run before any work starts.
"""

import glob
import gzip
import hashlib
import io
import os
import re
import urllib.parse
import urllib.request

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst")
# Suffixes taken off an input's base name to name its shard.
_NAME_SUFFIXES = (".gz", ".zst", ".warc", ".arc")
_GLOB_CHARS = re.compile(r"[*?[]")
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


class InputError(Exception):
    """An input argument that cannot be used: missing, unreadable, empty glob."""


def is_url(s):
    return s.startswith(("http://", "https://"))


def open_url(url, timeout):
    """A streaming binary response for `url`; urllib raises on a non-2xx."""
    req = urllib.request.Request(url, headers={"User-Agent": "galley.dask"})
    return urllib.request.urlopen(req, timeout=timeout)


def _list_lines(source, timeout):
    if is_url(source):
        with open_url(source, timeout) as r:
            data = r.read()
    else:
        try:
            with open(source, "rb") as f:
                data = f.read()
        except OSError as e:
            raise InputError("cannot read list %s: %s" % (source, e.strerror or e)) from e
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise InputError("list %s: bad gzip data: %s" % (source, e)) from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError("list %s is not UTF-8 text (byte %d)" % (source, e.start)) from e
    for line in io.StringIO(text):
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def _resolve(entry, base, source):
    if is_url(entry) or os.path.isabs(entry):
        return entry
    if base is not None:
        if is_url(base):
            return urllib.parse.urljoin(base.rstrip("/") + "/", entry)
        return os.path.join(base, entry)
    if is_url(source):
        raise InputError("list %s: relative entry %r needs --base (for Common Crawl: "
                         "--base https://data.commoncrawl.org/)" % (source, entry))
    return entry


def _walk(top):
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, f) for f in sorted(files)
                     if f.endswith(WARC_SUFFIXES) and not f.startswith("."))
    return found


def _expand_arg(arg):
    if is_url(arg):
        return [arg]
    if os.path.isdir(arg):
        found = _walk(arg)
        if not found:
            raise InputError("%s: no .warc, .warc.gz or .warc.zst file in this directory" % arg)
        return found
    if not os.path.lexists(arg) and _GLOB_CHARS.search(arg):
        found = sorted(p for p in glob.glob(arg, recursive=True) if not os.path.isdir(p))
        if not found:
            raise InputError("%s: no file matches this pattern" % arg)
        return found
    return [arg]


def collect(args, lists=(), base=None, timeout=60.0):
    """Returns the inputs named by `args` and the files `lists`, in order,
    each once (the first occurrence wins), and the number of repeats dropped.
    Raises InputError naming every missing or unreadable local input."""
    raw = []
    for a in args:
        raw.extend(_expand_arg(a))
    for src in lists:
        raw.extend(_resolve(e, base, src) for e in _list_lines(src, timeout))
    seen = set()
    inputs = []
    for p in raw:
        key = p if is_url(p) else os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            inputs.append(key)
    bad = []
    for p in inputs:
        if is_url(p):
            continue
        if not os.path.exists(p):
            bad.append("%s: no such file" % p)
        elif not os.path.isfile(p):
            bad.append("%s: not a regular file" % p)
        elif not os.access(p, os.R_OK):
            bad.append("%s: not readable" % p)
    if bad:
        shown = bad[:10]
        more = len(bad) - len(shown)
        raise InputError("\n".join(shown + (["... and %d more" % more] if more else [])))
    return inputs, len(raw) - len(inputs)


def _stem(inp):
    base = urllib.parse.urlsplit(inp).path if is_url(inp) else inp
    name = os.path.basename(base.rstrip("/")) or "input"
    changed = True
    while changed:
        changed = False
        for suf in _NAME_SUFFIXES:
            if name.endswith(suf) and len(name) > len(suf):
                name = name[: -len(suf)]
                changed = True
    return _SAFE.sub("_", name).lstrip(".") or "input"


def shard_names(inputs):
    """Maps each input to its shard's base name, `<stem>.jsonl.zst`, the
    stem being the input's file name without its WARC suffixes. Inputs whose
    stems collide all get a hash of their full path or URL appended, so a name
    depends only on the input list, and a re-run finds the same shards."""
    stems = [_stem(i) for i in inputs]
    count = {}
    for s in stems:
        count[s] = count.get(s, 0) + 1
    names = {}
    for inp, s in zip(inputs, stems):
        if count[s] > 1:
            s += "-" + hashlib.sha1(inp.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        names[inp] = s + ".jsonl.zst"
    return names
