"""The pipeline at scale: 100, 1,000 and 10,000 documents end to end, the cost curve, the fixed costs.

    .venv/bin/python bench/scale.py [--sizes 100 1000 10000] [--seed 0] [--keep DIR]

For each size, builds a corpus with bench/corpus.py (the development documents varied: years
shifted, numbers redrawn, places and organisations swapped; deterministic from --seed), then runs
the real command, `statwh run`, as a user would, orchestration included, three times into a fresh
warehouse:
1. the first load;
2. a re-run with nothing changed;
3. a re-run with one new document dropped in;
4. a re-run with 1% of the documents changed (rewritten with other numbers).

It prints one table of the runs: wall seconds of the whole command, seconds per stage (from
`v_runs`), documents/s, MB/s, the command's peak RSS, the warehouse's size and the statistics
loaded. A second table times the extractor alone (no Prefect, no database) on each corpus, in
MB/s on one core.

By default each run starts its own temporary Prefect server, as `statwh run` does out of the box.
With `statwh server` running (or PREFECT_API_URL set), they use that server, as scheduled runs do. Not a test:
the figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import duckdb  # noqa: E402
from corpus import generate, originals, vary  # noqa: E402

STAGES = ("publish", "ingest", "extract", "validate", "load", "check")


def run_statwh(corpus: Path, warehouse: Path) -> tuple[float, int]:
    """Run `statwh run` on the corpus; returns its wall seconds and its peak RSS in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "statwh.cli", "run", str(corpus), "--warehouse", str(warehouse)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=BENCH.parent)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"statwh run failed:\n{output.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss * 1024


def last_run(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = ", ".join(f"seconds_{s}" for s in STAGES)
        cursor = con.execute(f"select documents_read, documents_new, documents_changed, statistics_loaded, {columns} "
                             "from v_runs limit 1")
        row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
        row["statistics_total"] = con.execute("select count(*) from v_statistics").fetchone()[0]
        return row
    finally:
        con.close()


def change_some(corpus: Path, share: float, seed: int) -> int:
    """Rewrite ``share`` of the corpus's documents with other numbers; returns how many."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    rng = random.Random(seed)
    chosen = rng.sample(files, max(1, round(len(files) * share)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")  # keep the front matter, vary the body again
        path.write_text(head + "\n---\n" + vary(body, random.Random(rng.random())), encoding="utf-8")
    return len(chosen)


def add_one(corpus: Path, seed: int) -> Path:
    """Copy one document of the corpus under a new name with other numbers, as a new document."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    rng = random.Random(seed)
    source = rng.choice(files)
    head, _, body = source.read_text(encoding="utf-8").partition("\n---\n")
    added = source.with_name(f"new-{seed}-{source.name}")
    added.write_text(head + "\n---\n" + vary(body, random.Random(rng.random())), encoding="utf-8")
    return added


def extractor_alone(corpus: Path, rounds: int = 3) -> tuple[float, float]:
    """Megabytes of text and the extractor's best MB/s over the corpus, on one core."""
    from statwh import pipeline
    from statwh.extract import extract_statistics

    documents = pipeline.read_documents([corpus]).documents
    megabytes = sum(len(d.text.encode("utf-8")) for d in documents) / 1e6
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for d in documents:
            extract_statistics(d.text, d.title, d.publisher, d.published_on)
        best = min(best, time.perf_counter() - started)
    return megabytes, megabytes / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="build corpora and warehouses here and keep them")
    args = parser.parse_args()

    import statwh

    from flows.runners import running_local_server

    api = os.environ.get("PREFECT_API_URL") or running_local_server()
    print(f"statwh on {sys.executable}, compiled extractor: {statwh.NATIVE}; Prefect API: "
          f"{api or 'a temporary server started by each run'}; corpus from {len(originals())} documents, "
          f"seed {args.seed}")
    rows, extraction = [], []
    with tempfile.TemporaryDirectory(prefix="statwh-scale-") as scratch:
        root = args.keep or Path(scratch)
        for size in args.sizes:
            corpus, warehouse = root / f"corpus-{size}", root / f"warehouse-{size}.duckdb"
            made = generate(corpus, size, args.seed)
            for path in warehouse.parent.glob(warehouse.name + "*"):
                path.unlink()
            for scenario in ("first load", "nothing changed", "one new document", "1% changed"):
                if scenario == "one new document":
                    add_one(corpus, args.seed + size)
                if scenario == "1% changed":
                    change_some(corpus, 0.01, args.seed + size)
                seconds, peak = run_statwh(corpus, warehouse)
                rows.append((size, made.bytes / 1e6, scenario, seconds, peak, warehouse.stat().st_size,
                             last_run(warehouse)))
                print(f"  {size} documents, {scenario}: {seconds:.1f} s", flush=True)
            extraction.append((size, *extractor_alone(corpus)))

    print()
    header = ["documents", "MB", "run", "wall s", *STAGES, "docs/s", "MB/s", "ms/doc", "peak RSS MB",
              "warehouse MB", "statistics loaded", "statistics in warehouse"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size, megabytes, scenario, seconds, peak, warehouse_bytes, run in rows:
        stages = [f"{run[f'seconds_{s}'] or 0:.2f}" for s in STAGES]
        print("| " + " | ".join([f"{size:,}", f"{megabytes:.1f}", scenario, f"{seconds:.1f}", *stages,
                                 f"{size / seconds:,.0f}", f"{megabytes / seconds:.2f}",
                                 f"{1000 * seconds / size:.1f}", f"{peak / 1e6:,.0f}",
                                 f"{warehouse_bytes / 1e6:.1f}", f"{run['statistics_loaded']:,}",
                                 f"{run['statistics_total']:,}"]) + " |")
    print()
    print("| documents | MB | extractor alone, MB/s (best of 3, one core) |")
    print("|---|---|---|")
    for size, megabytes, rate in extraction:
        print(f"| {size:,} | {megabytes:.1f} | {rate:.2f} |")


if __name__ == "__main__":
    main()
