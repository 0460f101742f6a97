"""What publishing costs: the copy a run starts from, the checkpoint, and the rename, at scale.

    .venv/bin/python bench/publish_cost.py [--documents 10000] [--rounds 3] [--keep DIR]

Builds a corpus of N documents from the development documents (or the seed), varied by
bench/corpus.py. Runs the real refresh flow over it into
a fresh warehouse, then again with nothing changed, and prints each run's seconds per stage from
``v_runs``. Then times publishing on its own over the loaded warehouse, best of R rounds: copying
the published file to a working copy, checkpointing it, and renaming it into place. Not a test:
the figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from flows.settings import apply_offline_defaults  # noqa: E402

apply_offline_defaults()

import duckdb  # noqa: E402
from corpus import generate  # noqa: E402

from statwh import publish  # noqa: E402
STAGES = ("seconds_publish", "seconds_ingest", "seconds_extract", "seconds_validate", "seconds_load",
          "seconds_check", "duration_seconds")


def last_run(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(f"select status, documents_read, statistics_loaded, {', '.join(STAGES)} "
                             "from v_runs limit 1")
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    finally:
        con.close()


def time_publish(warehouse: Path, rounds: int) -> dict[str, float]:
    """Best-of-``rounds`` seconds for each step of publishing an unchanged warehouse."""
    best = {"copy": float("inf"), "checkpoint": float("inf"), "rename": float("inf")}
    for _ in range(rounds):
        with publish.writer_lock(warehouse, 0):
            started = time.perf_counter()
            work = publish.make_working_copy(warehouse)
            copied = time.perf_counter()
            con = duckdb.connect(str(work))
            con.execute("update etl_run set error_message = error_message where false")  # open it as a run does
            con.close()
            publish.checkpoint(work)
            checkpointed = time.perf_counter()
            publish.publish(work, warehouse)
            renamed = time.perf_counter()
        for step, seconds in (("copy", copied - started), ("checkpoint", checkpointed - copied),
                              ("rename", renamed - checkpointed)):
            best[step] = min(best[step], seconds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the corpus and warehouse here and keep them")
    args = parser.parse_args()

    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.refresh import refresh_warehouse

    with tempfile.TemporaryDirectory(prefix="statwh-publish-") as scratch:
        root = args.keep or Path(scratch)
        corpus, warehouse = root / "corpus", root / "statistics.duckdb"
        corpus.mkdir(parents=True, exist_ok=True)
        made = generate(corpus, args.documents)
        print(f"corpus: {made.documents} documents, {made.bytes / 1e6:.1f} MB")
        rows = []
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            for label in ("first run", "nothing changed"):
                started = time.perf_counter()
                refresh_warehouse([corpus], warehouse)
                wall = time.perf_counter() - started
                rows.append((label, wall, last_run(warehouse)))
        print(f"warehouse: {warehouse.stat().st_size / 1e6:.1f} MB; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print()
        header = ["run", "wall s", "statistics", *(s.removeprefix("seconds_") for s in STAGES)]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for label, wall, run in rows:
            cells = [label, f"{wall:.1f}", str(run["statistics_loaded"])] + [f"{run[s]:.2f}" for s in STAGES]
            print("| " + " | ".join(cells) + " |")
        print()
        best = time_publish(warehouse, args.rounds)
        print(f"publishing alone, best of {args.rounds}: copy {best['copy']:.3f} s, checkpoint "
              f"{best['checkpoint']:.3f} s, rename {best['rename']:.4f} s, total {sum(best.values()):.3f} s")


if __name__ == "__main__":
    main()
