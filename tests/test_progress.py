"""Progress lines: rewritten in place on a terminal, plain and throttled in a log."""
from __future__ import annotations

import io

from statwh.progress import Progress


def test_a_log_gets_a_line_per_stage_and_at_most_one_per_interval_within_it():
    stream = io.StringIO()
    progress = Progress(stream, interactive=False, log_every=3600)
    progress.stage("extracting")
    for done in range(0, 1001, 100):
        progress.advance(done, 1000)
    progress.stage("loading")
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "extracting..."
    assert lines[1].startswith("extracting: 100 of 1,000 documents (10%)")  # the first, then none for an hour
    assert lines[2].startswith("extracting: 1,000 of 1,000 documents (100%)") and "done in" in lines[2]
    assert lines[3:] == ["loading..."]
    assert "\r" not in stream.getvalue()


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
