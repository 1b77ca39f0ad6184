"""python3 -m galley.dask: the command line over galley.dask.run()."""

import argparse
import sys

from . import RunError, run

USAGE = """\
python3 -m galley.dask [options] INPUT... -o OUT
Extracts every HTML record of WARC archives on a Dask cluster: one task and
one output shard (OUT/<name>.jsonl.zst) per input, a manifest
(OUT/manifest.jsonl); re-running the same command resumes."""

EPILOG = """\
INPUT is a WARC file (.warc, .warc.gz, .warc.zst), a glob, a directory
(searched for WARC files) or an http(s) URL of a WARC.

Exit status: 0 every input has its complete shard; 2 usage error;
3 an input or the output directory failed (each failure is named)."""


def _parser():
    p = argparse.ArgumentParser(prog="python3 -m galley.dask", usage=USAGE, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help=argparse.SUPPRESS)
    g = p.add_argument_group("run")
    g.add_argument("-o", "--output-dir", metavar="OUT", required=True,
                   help="directory of the shards and the manifest (created if missing; "
                        "every worker must see it under the same path)")
    g.add_argument("-l", "--list", metavar="FILE|URL", action="append", default=[],
                   help="a file listing inputs one a line, plain or gzip, local or "
                        "http(s) (repeatable); blank lines and # comments are ignored")
    g.add_argument("--base", metavar="DIR|URL",
                   help="what relative entries of --list are joined to "
                        "(Common Crawl: https://data.commoncrawl.org/)")
    g.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run on this existing Dask cluster (default: a local cluster)")
    g.add_argument("--workers", type=int, metavar="N",
                   help="worker processes of the local cluster (default: one per core)")
    g.add_argument("--limit-files", type=int, metavar="N",
                   help="only the first N inputs (a sample; shard names stay the same)")
    g.add_argument("--retries", type=int, default=2, metavar="N",
                   help="times a task that raised is retried (default 2)")
    g.add_argument("--zstd-level", type=int, default=3, metavar="N",
                   help="zstd level of the shards (default 3)")
    g.add_argument("--url-timeout", type=float, default=60.0, metavar="SECONDS",
                   help="network timeout for http(s) inputs and lists (default 60)")
    g.add_argument("-q", "--quiet", action="store_true",
                   help="no progress line and no summary on stderr (errors still show)")
    x = p.add_argument_group("extraction (as the galley command)")
    x.add_argument("--mode", choices=("precision", "balanced", "recall"))
    x.add_argument("--comments", action="store_true", default=None,
                   help="return the comment thread separately")
    x.add_argument("--no-metadata", dest="metadata", action="store_false", default=None,
                   help="body only: no title, authors, dates, ...")
    x.add_argument("--no-images", dest="images", action="store_false", default=None)
    x.add_argument("--captions", action="store_true", default=None,
                   help="put figure captions in the plain text too")
    x.add_argument("--no-links", dest="links", action="store_false", default=None)
    x.add_argument("--no-tables", dest="tables", action="store_false", default=None)
    x.add_argument("--reference-time", metavar="T",
                   help="dates after T (ISO 8601 or unix seconds) are rejected")
    for opt in ("timeout-ms", "max-bytes", "max-depth", "max-nodes", "max-attrs",
                "max-member-bytes"):
        x.add_argument("--" + opt, type=int, metavar="N")
    x.add_argument("--tune", action="append", metavar="NAME=VALUE",
                   help="expert: override a named threshold of body extraction "
                        "(repeatable; `galley --tune list` prints the names)")
    return p


def _options(p, a):
    """The extractor options of the parsed command line, as run() takes them."""
    options = {k: getattr(a, k) for k in (
        "mode", "comments", "metadata", "images", "captions", "links", "tables", "reference_time",
        "timeout_ms", "max_bytes", "max_depth", "max_nodes", "max_attrs", "max_member_bytes")
        if getattr(a, k) is not None}
    if a.tune:
        tune = {}
        for t in a.tune:
            name, eq, value = t.partition("=")
            try:
                if not name or not eq:
                    raise ValueError
                tune[name] = float(value)
            except ValueError:
                p.error("bad --tune '%s' (NAME=VALUE; galley --tune list shows the names)" % t)
        options["tune"] = tune
    return options


def _fmt_errors(errors):
    if not errors:
        return ""
    return " (%s)" % ", ".join("%s %d" % kv for kv in sorted(errors.items(), key=lambda kv: -kv[1]))


def main(argv=None):
    p = _parser()
    a = p.parse_args(argv)
    if not a.inputs and not a.list:
        p.error("no INPUT and no --list")
    options = _options(p, a)
    try:
        s = run(a.inputs, a.output_dir, lists=a.list, base=a.base, scheduler=a.scheduler,
                workers=a.workers, limit_files=a.limit_files, retries=a.retries,
                zstd_level=a.zstd_level, url_timeout=a.url_timeout, quiet=a.quiet, **options)
    except RunError as e:
        print("galley.dask: error: %s" % e, file=sys.stderr)
        return e.exit_status
    except KeyboardInterrupt:
        print("galley.dask: interrupted; re-run the same command to resume", file=sys.stderr)
        return 130
    for _, msg in s.failed:
        print("galley.dask: error: %s" % msg, file=sys.stderr)
    if not a.quiet:
        nerr = sum(s.errors.values())
        print("galley.dask: %d files: %d done, %d already complete, %d failed; read %d, "
              "extracted %d, skipped %d, errors %d%s; %.2f s"
              % (s.files, s.done, s.skipped_complete, len(s.failed), s.read, s.extracted,
                 s.skipped, nerr, _fmt_errors(s.errors), s.seconds), file=sys.stderr)
        print("galley.dask: records out %d %s HTML records in %d, %d duplicate record ids"
              % (s.records, "=" if s.records == s.read else "!=", s.read, s.duplicates),
              file=sys.stderr)
    return 0 if s.complete else 3


if __name__ == "__main__":
    sys.exit(main())
