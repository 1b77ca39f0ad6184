"""galley.dask -- extract WARC collections on a Dask cluster.

    python3 -m galley.dask INPUT... -o OUT [--scheduler tcp://HOST:PORT]
                                           [--workers N] [extractor options]

or, from Python, ``galley.dask.run(inputs, out_dir, **options)``.

One task per input WARC; each writes one shard, OUT/<name>.jsonl.zst, under a
temporary name renamed when complete, and the driver records it in
OUT/manifest.jsonl. Re-running the same command skips complete shards and
redoes the rest. docs/dask.md is the full description.

This module's name shadows nothing: ``import dask`` here is the absolute
import of the Dask library.
"""

import dataclasses
import fcntl
import io
import json
import os
import re
import secrets
import sys
import time

import distributed

import galley

from . import inputs as _inputs
from .manifest import Manifest
from .progress import Progress
from .shard import extract_shard

__all__ = ["run", "RunSummary", "RunError"]

_TMP = re.compile(r"^\..+\.jsonl\.zst\.\d+\.[0-9a-f]{8}\.tmp$")
POLL_SECONDS = 0.2        # how often the driver collects finished tasks
SCHEDULER_TIMEOUT_S = 30  # how long --scheduler may take to answer


class RunError(Exception):
    """The run could not start (bad input, unusable output directory, bad
    option): nothing was extracted. `exit_status` is the CLI's."""

    def __init__(self, msg, exit_status=3):
        super().__init__(msg)
        self.exit_status = exit_status


@dataclasses.dataclass
class RunSummary:
    """What a run did, over the inputs it was given."""
    files: int = 0              # inputs in this run (after --limit-files)
    done: int = 0               # shards written by this run
    skipped_complete: int = 0   # shards already complete, left as they were
    failed: list = dataclasses.field(default_factory=list)  # [(input, message)]
    read: int = 0               # HTML records in, over every shard of the run
    extracted: int = 0
    skipped: int = 0            # WARC records that are not pages
    errors: dict = dataclasses.field(default_factory=dict)  # status -> count
    records: int = 0            # records out (lines in the shards)
    duplicates: int = 0         # record ids seen twice within a shard
    seconds: float = 0.0
    dashboard: str = ""

    @property
    def complete(self):
        """Every input has its shard, and records out = HTML records in."""
        return (not self.failed and self.done + self.skipped_complete == self.files
                and self.records == self.read and self.duplicates == 0)


def _check_options(options):
    """Checks the extractor options once, in the driver, as every worker's
    galley.read_warc() will (same messages); returns them as the manifest
    keeps them (JSON values), which is also how a re-run compares them."""
    if "format" in options:
        raise RunError("format: the shards are always the JSON Lines records", 2)
    try:
        galley.read_warc(io.BytesIO(b""), **options).close()
    except (ValueError, TypeError) as e:
        raise RunError(str(e), 2) from e
    return json.loads(json.dumps(options, sort_keys=True, default=str))


def _prepare_out(out_dir):
    """Creates OUT, proves it writable, and locks it against a second driver."""
    try:
        os.makedirs(out_dir, exist_ok=True)
        probe = os.path.join(out_dir, ".galley-probe-%d" % os.getpid())
        with open(probe, "wb") as f:
            f.write(b"x")
        os.unlink(probe)
        lock = open(os.path.join(out_dir, ".galley-dask.lock"), "w")
    except OSError as e:
        raise RunError("output directory %s is not usable: %s" % (
            out_dir, e.strerror or e)) from e
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        lock.close()
        raise RunError("output directory %s is in use by another galley.dask run" % out_dir) from e
    return lock


def _remove_stale_temps(out_dir):
    for n in os.listdir(out_dir):
        if _TMP.match(n):
            try:
                os.unlink(os.path.join(out_dir, n))
            except OSError:
                pass


def _dashboard(client):
    """The dashboard's address, or why there is none."""
    try:
        has_bokeh = client.run_on_scheduler(
            lambda: __import__("importlib.util").util.find_spec("bokeh") is not None)
    except Exception:  # an old or locked-down scheduler: say nothing certain
        has_bokeh = None
    link = client.dashboard_link if "dashboard" in client.scheduler_info().get("services", {}) else ""
    if link and has_bokeh is not False:
        return "dashboard: " + link
    why = "bokeh is not installed on the scheduler (Debian 12 does not package it)"
    if link:
        info = link.rsplit("/status", 1)[0] + "/info/main/workers.html"
        return "dashboard: not available, %s; worker pages: %s" % (why, info)
    if has_bokeh is False:
        return "dashboard: not available, %s" % why
    return "dashboard: not running"


def _say(quiet, msg):
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def run(inputs, out_dir, *, lists=(), base=None, scheduler=None, workers=None,
        limit_files=None, retries=2, zstd_level=3, url_timeout=60.0, quiet=False,
        client=None, **options):
    """Extracts every HTML record of the WARC `inputs` (paths, globs,
    directories, http(s) URLs; `lists`: files or URLs listing more, one a
    line, relative entries joined to `base`) into one shard per input under
    `out_dir`, on the Dask cluster at `scheduler` (an address), on `client`
    (a distributed.Client), or on a new local cluster of `workers` processes
    (default: one per core, at most one per input). `options` go to
    galley.read_warc() unchanged (`mode`, `metadata`, caps, ...; not
    `format`: shards hold the JSON Lines records). A task that raises is retried `retries`
    times; a task whose worker dies is moved to another worker.

    Returns a RunSummary; failed inputs are in its `failed` list (the run
    goes on past them). Raises RunError when the run cannot start."""
    t0 = time.monotonic()
    if limit_files is not None and limit_files < 1:
        raise RunError("limit_files must be at least 1", 2)
    if workers is not None and (scheduler is not None or client is not None):
        raise RunError("workers applies to the local cluster only, not to --scheduler", 2)
    if workers is not None and workers < 1:
        raise RunError("workers must be at least 1", 2)
    options = _check_options(options)
    try:
        todo_all, repeats = _inputs.collect(list(inputs), lists, base, url_timeout)
    except _inputs.InputError as e:
        raise RunError(str(e)) from e
    except OSError as e:  # a list URL that cannot be fetched
        raise RunError("cannot read an input list: %s" % e) from e
    if not todo_all:
        raise RunError("no input", 2)
    names = _inputs.shard_names(todo_all)  # over every input: names stable under a limit
    run_inputs = todo_all[:limit_files] if limit_files else todo_all
    out_dir = os.path.abspath(out_dir)
    lock = _prepare_out(out_dir)
    try:
        return _run_locked(run_inputs, names, repeats, out_dir, scheduler, workers, client,
                           retries, zstd_level, url_timeout, quiet, options, t0)
    finally:
        lock.close()


def _run_locked(run_inputs, names, repeats, out_dir, scheduler, workers, client,
                retries, zstd_level, url_timeout, quiet, options, t0):
    _remove_stale_temps(out_dir)
    man = Manifest(out_dir)
    summary = RunSummary(files=len(run_inputs))
    todo = [i for i in run_inputs if not man.complete(i, names[i], options)]
    for i in todo:
        man.entries.pop(names[i], None)  # a stale entry must not outlive its redo
    summary.skipped_complete = len(run_inputs) - len(todo)
    if repeats:
        _say(quiet, "galley.dask: %d repeated inputs ignored" % repeats)
    if man.bad_lines:
        _say(quiet, "galley.dask: %d unreadable manifest lines ignored (their shards are redone)"
             % man.bad_lines)
    _say(quiet, "galley.dask: %d files; skipped %d complete shards; %d to do"
         % (len(run_inputs), summary.skipped_complete, len(todo)))
    if todo:
        _dispatch(todo, names, out_dir, scheduler, workers, client, retries, zstd_level,
                  url_timeout, quiet, options, man, summary)
    man.compact([names[i] for i in run_inputs])
    _remove_stale_temps(out_dir)
    for i in run_inputs:
        e = man.entries.get(names[i])
        if e is None:
            continue
        summary.read += e["read"]
        summary.extracted += e["extracted"]
        summary.skipped += e["skipped"]
        summary.records += e["records"]
        summary.duplicates += e["duplicates"]
        for k, v in e["errors"].items():
            summary.errors[k] = summary.errors.get(k, 0) + v
    summary.seconds = time.monotonic() - t0
    return summary


def _dispatch(todo, names, out_dir, scheduler, workers, client, retries, zstd_level,
              url_timeout, quiet, options, man, summary):
    sizes = [None if _inputs.is_url(i) else os.path.getsize(i) for i in todo]
    total_bytes = None if None in sizes else sum(sizes)
    size_of = dict(zip(todo, sizes))
    cluster = None
    own_client = client is None
    try:
        if client is None:
            if scheduler is not None:
                try:
                    client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
                except (OSError, ValueError) as e:  # unreachable, or not an address
                    raise RunError("cannot use the scheduler at %s: %s" % (scheduler, e)) from e
            else:
                cluster = distributed.LocalCluster(
                    n_workers=min(workers or os.cpu_count() or 1, len(todo)),
                    threads_per_worker=1,
                    processes=True)
                client = distributed.Client(cluster)
        summary.dashboard = _dashboard(client)
        _say(quiet, "galley.dask: " + summary.dashboard)
        token = secrets.token_hex(4)
        futures = {}
        for i in todo:
            f = client.submit(extract_shard, i, out_dir, names[i], options, zstd_level,
                              url_timeout, key="galley-%s-%s" % (names[i], token),
                              retries=retries, pure=False)
            futures[f] = i
        prog = Progress(len(todo), total_bytes, quiet)
        ac = distributed.as_completed(list(futures))
        while not ac.is_empty():
            batch = ac.next_batch(block=False)
            if not batch:
                time.sleep(POLL_SECONDS)
            for f in batch:
                inp = futures.pop(f)
                if f.status != "finished":
                    exc = f.exception()
                    summary.failed.append((inp, "%s: %s: %s" % (inp, type(exc).__name__, exc)))
                else:
                    e = f.result()
                    if "error" in e:
                        summary.failed.append((inp, e["error"]))
                    else:
                        man.add(e)
                        summary.done += 1
                        prog.done(e["records"], size_of[inp])
                f.release()
            prog.tick(force=bool(batch) and prog.tty)
        prog.finish()
    finally:
        man.close()
        if own_client and client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
