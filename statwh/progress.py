"""Progress of a run for the person watching it: one rewritten line on a terminal, plain lines
in a log (a scheduled run, a pipe), at most one every few seconds."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

LOG_EVERY_SECONDS = 5.0


class Progress:
    """Reports the stage a run is in and how far through a stage's items it is."""

    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None,
                 log_every: float = LOG_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.log_every = log_every
        self._clock = clock
        self._stage = ""
        self._started = clock()
        # None, not 0.0: the monotonic clock starts near 0 when the machine boots, so any number
        # taken to mean "never" is a time a newly booted machine can be at.
        self._last_line: float | None = None
        self._open_line = False

    def stage(self, name: str) -> None:
        """A new stage begins ("reading files", "extracting")."""
        self._stage, self._started, self._last_line = name, self._clock(), None
        if self.interactive:  # the stage's line is rewritten as it advances, then by the next stage
            self._write(f"\r\x1b[K{name}...")
            self._open_line = True
        else:
            self._write(f"{name}...\n")

    def advance(self, done: int, total: int, unit: str = "documents") -> None:
        """``done`` of ``total`` items of the current stage are finished."""
        now = self._clock()
        finished = done >= total
        too_soon = self._last_line is not None and now - self._last_line < self.log_every
        if not self.interactive and not finished and (done == 0 or too_soon):
            return
        self._last_line = now
        line = f"{self._stage}: {describe(done, total, now - self._started, unit)}"
        if self.interactive:
            self._write(f"\r\x1b[K{line}")
            self._open_line = True
        else:
            self._write(line + "\n")

    def finish(self) -> None:
        """The run is over: leave the terminal on a fresh line."""
        self._end_line()

    def _end_line(self) -> None:
        if self._open_line:
            self._write("\n")
            self._open_line = False

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def describe(done: int, total: int, seconds: float, unit: str = "documents") -> str:
    """How far through, how fast, and how long is left.

    >>> describe(1200, 10000, 3.0)
    '1,200 of 10,000 documents (12%), 400 documents/s, 22 s left'
    >>> describe(10000, 10000, 25.0)
    '10,000 of 10,000 documents (100%), 400 documents/s, done in 25 s'
    >>> describe(0, 50, 0.0)
    '0 of 50 documents (0%)'
    """
    share = done / total if total else 1.0
    text = f"{done:,} of {total:,} {unit} ({share:.0%})"
    if done == 0 or seconds <= 0:
        return text
    rate = done / seconds
    text += f", {rate:,.0f} {unit}/s"
    if done >= total:
        return text + f", done in {seconds:,.0f} s"
    return text + f", {(total - done) / rate:,.0f} s left"
