"""Progress lines: rewritten in place on a terminal, plain and throttled in a log."""
from __future__ import annotations

import io

import pytest

from statwh.progress import Progress


class _Clock:
    """A monotonic clock that reads ``now`` seconds, moved on by the test."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# The monotonic clock counts from boot: a few seconds on a new CI machine or container, days on a desk.
@pytest.mark.parametrize("booted_seconds_ago", [0.0, 1.5, 4.9, 86400.0 * 30])
def test_a_log_gets_a_line_per_stage_and_at_most_one_per_interval_within_it(booted_seconds_ago):
    stream, clock = io.StringIO(), _Clock(booted_seconds_ago)
    progress = Progress(stream, interactive=False, log_every=5, clock=clock)
    progress.stage("extracting")
    for done in range(0, 1001, 100):
        progress.advance(done, 1000)
        clock.now += 1  # a line at 100 documents, then one five seconds later (600), then the end
    progress.stage("loading")
    clock.now += 1
    progress.advance(1, 10)  # a new stage's first progress is shown however soon it comes
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "extracting..."
    assert lines[1].startswith("extracting: 100 of 1,000 documents (10%), 100 documents/s")
    assert lines[2].startswith("extracting: 600 of 1,000 documents (60%)")
    assert lines[3] == "extracting: 1,000 of 1,000 documents (100%), 100 documents/s, done in 10 s"
    assert lines[4:] == ["loading...", "loading: 1 of 10 documents (10%), 1 documents/s, 9 s left"]
    assert "\r" not in stream.getvalue()


def test_the_real_clock_shows_the_first_progress_of_a_stage():
    stream = io.StringIO()
    progress = Progress(stream, interactive=False, log_every=3600)
    progress.stage("extracting")
    progress.advance(100, 1000)
    progress.advance(200, 1000)  # within the hour: not shown
    assert stream.getvalue().splitlines()[1:] == [stream.getvalue().splitlines()[1]]
    assert stream.getvalue().splitlines()[1].startswith("extracting: 100 of 1,000 documents (10%)")


def test_a_terminal_gets_one_line_rewritten_and_a_newline_at_the_end():
    stream = io.StringIO()
    progress = Progress(stream, interactive=True)
    progress.stage("extracting")
    progress.advance(0, 50)
    progress.advance(25, 50)
    progress.stage("loading")
    progress.finish()
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert text.split("\r\x1b[K")[1:] == ["extracting...", "extracting: 0 of 50 documents (0%)",
                                          text.split("\r\x1b[K")[3], "loading...\n"]
    assert text.split("\r\x1b[K")[3].startswith("extracting: 25 of 50 documents (50%)")


def test_a_pipe_is_not_a_terminal():
    assert Progress(io.StringIO()).interactive is False
