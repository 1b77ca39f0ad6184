"""galley.dask on a real Dask cluster: a scheduler and two workers started as
separate `dask scheduler` / `dask worker` processes on 127.0.0.1, WARCs
generated here (invented pages; one WARC faulty), the real extension on the
workers. Nothing is mocked."""

import contextlib
import gzip
import http.server
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
import zstandard

import galley
import galley.dask

# tornado, under distributed, warns about its own event-loop calls
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")

PY = sys.executable
# What the worker and driver processes import: the galley the tests import.
PYPATH = os.path.dirname(os.path.dirname(os.path.abspath(galley.__file__)))
PAGES = 120       # HTML responses per WARC: enough that a task lasts a while
NWARCS = 6
STARTUP_S = 60    # how long a cluster or a run may take to come up
# `dask scheduler` / `dask worker`; through this interpreter when the dask
# command on PATH belongs to another
DASK = (["dask"] if shutil.which("dask") and sys.executable == "/usr/bin/python3"
        else [PY, "-m", "dask"])


# ---------------------------------------------------------------- WARCs

WORDS = ("harbor council river budget school bridge festival library weather "
         "market station garden museum ferry orchard tram bakery choir").split()


def _page(r):
    title = "%s %s opens in Exampleton" % (r.choice(WORDS).title(), r.choice(WORDS))
    body = "".join("<p>%s.</p>" % " ".join(r.choice(WORDS) for _ in range(40)).capitalize()
                   for _ in range(5))
    return ("<!doctype html><html lang=en><head><title>%s - Example Gazette</title></head>"
            "<body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>%s</h1>%s"
            "</article><footer>Example Gazette, Exampleton</footer></body></html>"
            % (title, title, body)).encode()


def _record(kind, uri, block, rid, ctype):
    head = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: %s\r\n"
            "Content-Length: %d\r\n\r\n" % (kind, rid, uri, ctype, len(block))).encode()
    return head + block + b"\r\n\r\n"


def make_warc(path, seed, pages, faulty=False):
    """Writes a gzip-per-record WARC like Common Crawl's; returns the ids of
    the records that must come out (one per HTML response, the faulty ones
    included) and the number of unnamed error records expected."""
    r = random.Random(seed)
    ids = []
    with open(path, "wb") as f:
        info = b"software: galley tests\r\n"
        f.write(gzip.compress(_record("warcinfo", "", info, uuid.UUID(int=seed << 40),
                                      "application/warc-fields"), 1))
        for i in range(pages):
            rid = str(uuid.UUID(int=(seed << 40) + i + 1))
            uri = "https://news%d.example.com/story/%d" % (seed, i)
            req = b"GET /story/%d HTTP/1.1\r\nHost: news.example.com\r\n\r\n" % i
            f.write(gzip.compress(_record("request", uri, req, uuid.UUID(int=(seed << 40) + 10**6 + i),
                                          "application/http; msgtype=request"), 1))
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _page(r)
            rec = _record("response", uri, http, rid, "application/http; msgtype=response")
            if faulty and i == pages // 2:
                rec = rec[:-200]  # truncated: its block is shorter than Content-Length
            f.write(gzip.compress(rec, 1))
            ids.append("urn:uuid:" + rid)
        unnamed = 0
        if faulty:
            f.write(b"\x1f\x8b\x08\x00 not deflate data at all")  # a member broken from byte 0
            unnamed = 1
    return ids, unnamed


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    d = tmp_path_factory.mktemp("warcs")
    expect = {}
    for k in range(NWARCS):
        p = str(d / ("CC-TEST-%05d.warc.gz" % k))
        expect[p] = make_warc(p, k + 1, PAGES, faulty=(k == 2))
    return str(d), expect


# ---------------------------------------------------------------- cluster

def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = PYPATH + os.pathsep + env.get("PYTHONPATH", "")
    return env


class Cluster:
    """`dask scheduler` and `dask worker` processes on 127.0.0.1."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.file = os.path.join(tmp, "scheduler.json")
        self.log = open(os.path.join(tmp, "cluster.log"), "ab")
        self.scheduler = subprocess.Popen(
            DASK + ["scheduler", "--host", "127.0.0.1", "--port", "0",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", self.file],
            stdout=self.log, stderr=self.log, env=_env())
        deadline = time.monotonic() + STARTUP_S
        while not os.path.exists(self.file) or os.path.getsize(self.file) == 0:
            assert self.scheduler.poll() is None, "dask scheduler exited: see cluster.log"
            assert time.monotonic() < deadline, "dask scheduler did not start"
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written in one go, but be safe about a partial read
        with open(self.file) as f:
            self.address = json.load(f)["address"]
        self.workers = []

    def add_worker(self, n_expected):
        w = subprocess.Popen(
            DASK + ["worker", self.address, "--nthreads", "1",
             "--no-nanny", "--no-dashboard", "--memory-limit", "0", "--host", "127.0.0.1",
             "--local-directory", self.tmp],
            stdout=self.log, stderr=self.log, env=_env())
        self.workers.append(w)
        import distributed
        with distributed.Client(self.address, timeout=STARTUP_S) as c:
            c.wait_for_workers(n_expected, timeout=STARTUP_S)
        return w

    def close(self):
        for p in self.workers + [self.scheduler]:
            if p.poll() is None:
                p.terminate()
        for p in self.workers + [self.scheduler]:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.log.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(str(tmp_path_factory.mktemp("cluster")))
    try:
        c.add_worker(1)
        c.add_worker(2)
        yield c
    finally:
        c.close()


def _alive(cluster):
    return [w for w in cluster.workers if w.poll() is None]


def _ensure_two_workers(cluster):
    while len(_alive(cluster)) < 2:
        cluster.add_worker(2)


# ---------------------------------------------------------------- helpers

def runner(*args, wait=True):
    cmd = [PY, "-m", "galley.dask"] + [str(a) for a in args]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
                         text=True)
    if not wait:
        return p
    out, err = p.communicate(timeout=300)
    return p.returncode, out, err


def read_manifest(out):
    with open(os.path.join(out, "manifest.jsonl")) as f:
        return [json.loads(line) for line in f]


def read_shard(path):
    with open(path, "rb") as f:
        data = zstandard.ZstdDecompressor().stream_reader(f).read()
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def check_complete(out, expect):
    """The manifest names each input once; each shard holds exactly the
    records its WARC should give, none lost, none twice; the counts agree."""
    man = read_manifest(out)
    assert sorted(e["input"] for e in man) == sorted(expect)
    total_in = total_out = 0
    for e in man:
        ids, unnamed = expect[e["input"]]
        recs = read_shard(os.path.join(out, e["shard"]))
        got = [r["warc_record_id"] for r in recs if r.get("warc_record_id") is not None]
        assert sorted(got) == sorted(ids), e["shard"]        # nothing lost, nothing twice
        assert sum(r.get("warc_record_id") is None for r in recs) == unnamed
        assert e["records"] == len(recs) == e["read"] == len(ids) + unnamed
        assert e["extracted"] == sum(r["status"] == "ok" for r in recs)
        assert e["extracted"] + sum(e["errors"].values()) == e["read"]
        assert e["skipped"] == 1 + PAGES  # warcinfo and the requests
        assert e["duplicates"] == 0
        assert e["bytes"] == os.path.getsize(os.path.join(out, e["shard"]))
        total_in += len(ids) + unnamed
        total_out += len(recs)
    assert total_in == total_out
    return man


def shard_mtimes(out):
    return {n: os.stat(os.path.join(out, n)).st_mtime_ns
            for n in os.listdir(out) if n.endswith(".jsonl.zst")}


# ---------------------------------------------------------------- tests

def test_kill_a_worker_mid_run_then_resume(cluster, warcs, tmp_path):
    """A worker SIGKILLed while it writes a shard: its task moves to the
    other worker, the run ends complete, nothing lost or doubled. The same
    command again skips every shard and rewrites nothing."""
    _ensure_two_workers(cluster)
    wdir, expect = warcs
    out = str(tmp_path / "out")
    victim = _alive(cluster)[0]
    import distributed
    with distributed.Client(cluster.address, timeout=STARTUP_S) as c:
        by_pid = {pid: a for a, pid in c.run(os.getpid).items()}
    victim_address = by_pid[victim.pid]
    p = runner(os.path.join(wdir, "*.warc.gz"), "-o", out, "--scheduler", cluster.address,
               wait=False)
    # a temporary shard named with the victim's pid proves it is mid-task
    mark = re.compile(r"^\..+\.jsonl\.zst\.%d\.[0-9a-f]{8}\.tmp$" % victim.pid)
    deadline = time.monotonic() + STARTUP_S
    killed_in = None
    while killed_in is None:
        assert time.monotonic() < deadline, "the victim never started a shard"
        assert p.poll() is None, p.communicate()
        names = os.listdir(out) if os.path.isdir(out) else []
        hit = [n for n in names if mark.match(n)]
        if hit:
            victim.send_signal(signal.SIGKILL)
            killed_in = hit[0].split(".jsonl.zst")[0][1:] + ".jsonl.zst"
        else:
            time.sleep(0.005)
    victim.wait()
    outp, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    man = check_complete(out, expect)
    # the shard the victim was writing was made again by the other worker
    redone = [e for e in man if e["shard"] == killed_in]
    assert len(redone) == 1
    assert redone[0]["worker"] in by_pid.values() and redone[0]["worker"] != victim_address
    read = sum(e["read"] for e in man)
    assert "records out %d = HTML records in %d, 0 duplicate record ids" % (read, read) in err
    assert not [n for n in os.listdir(out) if n.endswith(".tmp")]  # no partial left behind
    print("kill-a-worker: killed pid %d inside %s; %s" % (
        victim.pid, killed_in, err.strip().splitlines()[-1]))

    before = shard_mtimes(out)
    rc, _, err2 = runner(os.path.join(wdir, "*.warc.gz"), "-o", out, "--scheduler",
                         cluster.address)
    assert rc == 0, err2
    assert "skipped %d complete shards; 0 to do" % NWARCS in err2
    assert shard_mtimes(out) == before  # nothing redone
    print("resume: " + [line for line in err2.splitlines() if "complete shards" in line][0])

    # a shard gone and a partial one left by a dead attempt: only that one is redone
    gone = sorted(before)[1]
    os.unlink(os.path.join(out, gone))
    stale = os.path.join(out, ".%s.4242.0badf00d.tmp" % gone)
    with open(stale, "wb") as f:
        f.write(b"partial")
    rc, _, err3 = runner(os.path.join(wdir, "*.warc.gz"), "-o", out, "--scheduler",
                         cluster.address)
    assert rc == 0, err3
    assert "skipped %d complete shards; 1 to do" % (NWARCS - 1) in err3
    assert not os.path.exists(stale)
    after = shard_mtimes(out)
    assert {n for n in after if after[n] != before.get(n)} == {gone}
    check_complete(out, expect)


def test_bad_inputs(cluster, warcs, tmp_path):
    _ensure_two_workers(cluster)
    wdir, expect = warcs
    good = sorted(expect)[0]

    # a missing file: named, nothing started
    out = tmp_path / "o1"
    rc, _, err = runner(good, str(tmp_path / "nope.warc.gz"), "-o", out,
                        "--scheduler", cluster.address)
    assert rc == 3 and "nope.warc.gz: no such file" in err
    assert not (out / "manifest.jsonl").exists()

    # a glob that matches nothing
    rc, _, err = runner(str(tmp_path / "*.warc.zst"), "-o", out, "--scheduler", cluster.address)
    assert rc == 3 and "no file matches" in err

    # not a WARC (an HTML page under a WARC name): named; the good input still done
    html = tmp_path / "page.warc.gz"
    html.write_bytes(gzip.compress(b"<html><body><p>Not an archive.</p></body></html>"))
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    rc, _, err = runner(good, html, empty, "-o", out, "--scheduler", cluster.address)
    assert rc == 3
    assert "page.warc.gz: not a WARC archive" in err and "empty.warc: not a WARC archive" in err
    assert "3 files: 1 done, 0 already complete, 2 failed" in err
    man = read_manifest(out)
    assert [e["input"] for e in man] == [good]
    assert sorted(os.listdir(out)) == sorted([".galley-dask.lock", "manifest.jsonl",
                                              man[0]["shard"]])

    # an output directory that cannot be made (a file is in its path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rc, _, err = runner(good, "-o", blocker / "out", "--scheduler", cluster.address)
    assert rc == 3 and "output directory" in err and "not usable" in err

    # a scheduler address that is none
    rc, _, err = runner(good, "-o", tmp_path / "o2", "--scheduler", "foo://127.0.0.1:1")
    assert rc == 3 and "cannot use the scheduler at foo://127.0.0.1:1" in err

    # a bad extractor option and a bad runner option: usage errors
    rc, _, err = runner(good, "-o", out, "--mode", "fast")
    assert rc == 2 and "--mode" in err
    rc, _, err = runner(good, "-o", out, "--max-depth", "-1", "--scheduler", cluster.address)
    assert rc == 2 and "max" in err.lower()
    rc, _, err = runner(good, "-o", out, "--workers", "2", "--scheduler", cluster.address)
    assert rc == 2 and "workers" in err
    rc, _, err = runner("-o", out)
    assert rc == 2


def test_function_options_list_and_limit(cluster, warcs, tmp_path):
    """The Python function on an existing client; extractor options reach the
    workers; inputs from a gzip list served over HTTP with --base; a limit."""
    import distributed
    _ensure_two_workers(cluster)
    wdir, expect = warcs
    names = sorted(os.path.basename(p) for p in expect)
    with open(os.path.join(wdir, "warc.paths.gz"), "wb") as f:
        f.write(gzip.compress(("# invented crawl\n" + "\n".join(names) + "\n").encode()))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=wdir, **k)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        base = "http://127.0.0.1:%d/" % srv.server_address[1]
        out = str(tmp_path / "o")
        with distributed.Client(cluster.address, timeout=STARTUP_S) as client:
            s = galley.dask.run([], out, lists=[base + "warc.paths.gz"], base=base,
                                limit_files=3, client=client, quiet=True,
                                metadata=False, mode="precision")
        assert s.complete and s.files == 3 and s.done == 3 and not s.failed
        man = read_manifest(out)
        assert [e["input"] for e in man] == [base + n for n in names[:3]]
        for e in man:
            assert e["options"] == {"metadata": False, "mode": "precision"}
            recs = read_shard(os.path.join(out, e["shard"]))
            assert all(r["title"] is None for r in recs)  # --no-metadata reached the worker
            assert sum(r["status"] == "ok" for r in recs) == e["extracted"] > 0
        assert s.read == s.records == sum(len(expect[os.path.join(wdir, n)][0])
                                          + expect[os.path.join(wdir, n)][1] for n in names[:3])
        # a relative entry in a remote list without --base is refused
        with pytest.raises(galley.dask.RunError, match="--base"):
            galley.dask.run([], out, lists=[base + "warc.paths.gz"], quiet=True)
        # changed options: the shards are redone, not mixed
        with distributed.Client(cluster.address, timeout=STARTUP_S) as client:
            s2 = galley.dask.run([], out, lists=[base + "warc.paths.gz"], base=base,
                                 limit_files=3, client=client, quiet=True)
        assert s2.done == 3 and s2.skipped_complete == 0
    finally:
        srv.shutdown()
        srv.server_close()


def test_local_cluster(warcs, tmp_path):
    """No --scheduler: a LocalCluster of --workers processes; the dashboard
    line says why there is none rather than failing."""
    wdir, expect = warcs
    out = tmp_path / "o"
    rc, _, err = runner(wdir, "-o", out, "--workers", "2", "--limit-files", "2")
    assert rc == 0, err
    assert "skipped 0 complete shards; 2 to do" in err
    assert re.search(r"dashboard: (http://|not available, bokeh is not installed)", err)
    assert re.search(r"files 2/2, records \d+ \([\d.]+/s\)", err)
    man = read_manifest(str(out))
    assert [e["input"] for e in man] == sorted(expect)[:2]


def test_input_names_and_lists(tmp_path):
    """Shard names come from file names; colliding ones get a hash of the
    full input, so a name depends only on the input list. Lists: comments,
    blank lines, gzip, relative entries, repeats."""
    from galley.dask import inputs
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for d in (a, b):
        (d / "CC-X-001.warc.gz").write_bytes(b"")
    (a / "other.warc").write_bytes(b"")
    names = inputs.shard_names([str(a / "CC-X-001.warc.gz"), str(b / "CC-X-001.warc.gz"),
                                str(a / "other.warc"), "https://data.example.com/x/CC-Y.warc.zst"])
    assert names[str(a / "other.warc")] == "other.jsonl.zst"
    assert names["https://data.example.com/x/CC-Y.warc.zst"] == "CC-Y.jsonl.zst"
    twins = [names[str(d / "CC-X-001.warc.gz")] for d in (a, b)]
    assert twins[0] != twins[1] and all(re.fullmatch(r"CC-X-001-[0-9a-f]{10}\.jsonl\.zst", t)
                                        for t in twins)
    lst = tmp_path / "warc.paths.gz"
    lst.write_bytes(gzip.compress(b"# a comment\n\nCC-X-001.warc.gz\nother.warc\nCC-X-001.warc.gz\n"))
    got, repeats = inputs.collect([], [str(lst)], base=str(a))
    assert got == [str(a / "CC-X-001.warc.gz"), str(a / "other.warc")] and repeats == 1
    got, _ = inputs.collect([str(tmp_path)])  # a directory: its WARCs, recursively, sorted
    assert got == sorted(got) and len(got) == 3
    with pytest.raises(inputs.InputError, match="no such file"):
        inputs.collect([], [str(lst)], base=str(b))  # b has no other.warc


MALLOC_PROBE = r"""
import ctypes, sys
from galley.dask import shard
libc = ctypes.CDLL(None)
libc.sbrk.restype = ctypes.c_void_p
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
if sys.argv[1] == "tune":
    shard._tune_malloc()
b0 = libc.sbrk(0)
p = libc.malloc(1 << 20)
b1 = libc.sbrk(0)
libc.free(p)
b2 = libc.sbrk(0)
print(b1 - b0 >= 1 << 20, b2 == b1)
"""


def test_worker_malloc_tuning():
    """Under Dask's nanny (MALLOC_TRIM_THRESHOLD_=65536) a page-sized block
    is mmapped and unmapped for every record; after the task's tuning it
    comes from the heap and stays there when freed."""
    env = _env()
    env["MALLOC_TRIM_THRESHOLD_"] = "65536"
    out = lambda mode: subprocess.run([PY, "-c", MALLOC_PROBE, mode], env=env, check=True,
                                      capture_output=True, text=True).stdout.split()
    assert out("plain") == ["False", "True"]   # mmapped: the heap never grew
    assert out("tune") == ["True", "True"]     # from the heap, and not trimmed


def test_cli_tune_reaches_the_options(tmp_path):
    """`--tune NAME=VALUE` (repeatable) becomes run()'s tune={...}; a malformed
    one is a usage error, an unknown name the library's error, before any
    cluster starts."""
    from galley.dask import __main__ as cli
    p = cli._parser()
    a = p.parse_args(["-o", str(tmp_path / "o"), "--tune", "read_class_blind=0",
                      "--tune", "climb_mass=1.3", "--mode", "recall", "in.warc"])
    assert cli._options(p, a) == {"mode": "recall",
                                  "tune": {"read_class_blind": 0.0, "climb_mass": 1.3}}
    a = p.parse_args(["-o", str(tmp_path / "o"), "--captions", "in.warc"])
    assert cli._options(p, a) == {"captions": True}
    for bad in ("climb_mass", "=1", "climb_mass=fast"):
        with pytest.raises(SystemExit) as ei:
            cli._options(p, p.parse_args(["-o", "x", "--tune", bad, "in.warc"]))
        assert ei.value.code == 2
    rc = cli.main(["-o", str(tmp_path / "o2"), "-q", "--tune", "no_such_row=1",
                   str(tmp_path / "missing.warc")])
    assert rc == 2
