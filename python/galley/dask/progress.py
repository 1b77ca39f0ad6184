"""The runner's progress line: files and records done, rate, ETA."""

import sys
import time

TTY_INTERVAL = 0.5   # seconds between redraws on a terminal
LOG_INTERVAL = 10.0  # seconds between lines when stderr is a file or pipe


def _clock(s):
    s = int(s)
    return "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)


class Progress:
    """Counts this run's finished files; `total_bytes` is the input bytes to
    do when every input's size is known (local files), else None and the ETA
    goes by files."""

    def __init__(self, total_files, total_bytes, quiet, stream=None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.total_files = total_files
        self.total_bytes = total_bytes
        self.files = self.records = self.bytes = 0
        self.start = time.monotonic()
        self.last = self.start
        self.drawn = False

    def done(self, records, nbytes):
        self.files += 1
        self.records += records
        self.bytes += nbytes or 0

    def line(self):
        el = max(time.monotonic() - self.start, 1e-9)
        s = "galley.dask: files %d/%d, records %d (%.1f/s)" % (
            self.files, self.total_files, self.records, self.records / el)
        if self.total_bytes and self.bytes:
            eta = (self.total_bytes - self.bytes) * el / self.bytes
        elif self.files:
            eta = (self.total_files - self.files) * el / self.files
        else:
            eta = None
        s += ", elapsed %s" % _clock(el)
        if eta is not None and self.files < self.total_files:
            s += ", ETA %s" % _clock(eta)
        return s

    def tick(self, force=False):
        if self.quiet:
            return
        now = time.monotonic()
        if not force and now - self.last < (TTY_INTERVAL if self.tty else LOG_INTERVAL):
            return
        self.last = now
        if self.tty:
            self.stream.write("\r\033[K" + self.line())
            self.drawn = True
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def finish(self):
        if self.quiet:
            return
        if self.tty and self.drawn:
            self.stream.write("\r\033[K")
        self.stream.write(self.line() + "\n")
        self.stream.flush()
