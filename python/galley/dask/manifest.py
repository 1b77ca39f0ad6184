"""The run's manifest: OUT/manifest.jsonl, one JSON object a line per
complete shard (see docs/dask.md for the keys).

The driver is its only writer. It appends a shard's entry as soon as the
shard is done (so a driver that dies loses no finished work) and, at the end
of each run, rewrites the file with one entry per shard, in input order, so
the final manifest names each shard once. A shard counts as complete when
its file exists with the size the manifest gives and was made with the same
extractor options; anything else is redone.
"""

import json
import os

NAME = "manifest.jsonl"


class Manifest:
    def __init__(self, out_dir):
        self.path = os.path.join(out_dir, NAME)
        self.out_dir = out_dir
        self.entries = {}  # shard name -> entry, the last one written wins
        self.bad_lines = 0
        try:
            with open(self.path, "rb") as f:
                for line in f:
                    try:
                        e = json.loads(line)
                        self.entries[e["shard"]] = e
                    except (ValueError, KeyError, TypeError):
                        # a line cut short when a driver died mid-append: its
                        # shard has no valid entry and will be redone
                        self.bad_lines += 1
        except FileNotFoundError:
            pass
        self._f = None

    def complete(self, inp, name, options):
        """True when shard `name` of `inp` is whole and made with `options`."""
        e = self.entries.get(name)
        if e is None or e.get("input") != inp or e.get("options") != options:
            return False
        try:
            return os.path.getsize(os.path.join(self.out_dir, name)) == e.get("bytes")
        except OSError:
            return False

    def add(self, entry):
        if self._f is None:
            self._f = open(self.path, "a", encoding="utf-8")
        self._f.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())
        self.entries[entry["shard"]] = entry

    def compact(self, order):
        """Rewrites the manifest with one entry per shard: the shards named in
        `order` first, in that order, then those of earlier runs over other
        inputs. Atomic: a reader sees the old file or the new one."""
        if self._f is not None:
            self._f.close()
            self._f = None
        rank = {n: i for i, n in enumerate(order)}
        names = sorted(self.entries, key=lambda n: (rank.get(n, len(rank)), n))
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            for n in names:
                f.write(json.dumps(self.entries[n], ensure_ascii=False, separators=(",", ":")) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def close(self):
        if self._f is not None:
            self._f.close()
            self._f = None
