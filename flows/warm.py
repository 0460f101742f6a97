"""What the process that served runs fork from loads (``flows.runners.runs_start_warm``): the flow,
the quality check's Great Expectations, and pandera's first-use costs, paid by validating one
made-up document (0.8 s the first time in a process, 0.06 s after). Nothing here opens a database
or starts a thread: the process forks after it."""
from __future__ import annotations

import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before Great Expectations is imported

import great_expectations  # noqa: E402,F401 - 6-12 s to import: once, here, not in every run

from flows import refresh  # noqa: E402,F401 - the flow and everything it imports
from statwh import pipeline  # noqa: E402
from statwh.ingest import Document  # noqa: E402

WARM_UP_TEXT = "Police recorded 900 burglaries in Kent in 2019, up 5% on 2018."


def warm_up() -> None:
    """Extract and validate one made-up document, as a run would: its results are thrown away."""
    document = Document("0" * 16, "warm-up.txt", "warm-up.txt", WARM_UP_TEXT, "0" * 64)
    pipeline.validate_batch(pipeline.extract_batch([document]).extracted)


try:
    warm_up()
except Exception:  # noqa: BLE001 - a failed warm-up costs the runs their head start, nothing else
    pass
