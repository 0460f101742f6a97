"""A run over a drop folder of hostile files at the sizes a probe used (issue 16): a 45 MB text with
no line breaks, a Word file whose XML inflates to 1.5 GB, "billion laughs" front matter, JSON nested
200,000 deep, truncated and malformed Word files, a feed with a bad line, a file named with a newline
and a byte that is not UTF-8, a named pipe, beside one good document.

    .venv/bin/python bench/hostile_files.py [--long-line-mb 45] [--bomb-mb 1500] [--keep DIR]

Prints the run's exit code, wall time and peak resident memory (/usr/bin/time -v), the message each
bad file got in v_ingest_errors, and what loaded. Not a test: tests/test_hostile_files.py asserts the
same at smaller sizes; the target (peak RSS <= 1.5 GB, exit 0) is reported here.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from hostile import write_hostile_folder  # noqa: E402

TARGET_RSS_GB = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-line-mb", type=float, default=45)
    parser.add_argument("--bomb-mb", type=int, default=1500)
    parser.add_argument("--keep", type=Path, help="build the folder and warehouse here (default: a temporary folder)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="statwh-hostile-"))
    folder, warehouse = root / "drop", root / "hostile.duckdb"
    started = time.perf_counter()
    write_hostile_folder(folder, long_line_mb=args.long_line_mb, bomb_mb=args.bomb_mb)
    print(f"built {folder} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "statwh.cli", "run", str(folder),
                           "--warehouse", str(warehouse)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    peak_gb = int(peak.group(1)) / 1e6 if peak else float("nan")
    print(f"statwh run: exit {done.returncode}, {wall:.1f} s, peak RSS {peak_gb:.2f} GB (target <= {TARGET_RSS_GB} GB)")
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for path, message in con.execute("select path, message from v_ingest_errors order by path").fetchall():
            print(f"  error  {Path(path).name[:40]:40s} {message}")
        for path, count, longest in con.execute(
                "select document_path, count(*), max(length(quote)) from v_statistics group by 1 order by 1").fetchall():
            print(f"  loaded {Path(path).name[:40]:40s} {count} statistics, longest quote {longest} characters")
        size = warehouse.stat().st_size / 1e6
    finally:
        con.close()
    print(f"warehouse {size:.1f} MB")


if __name__ == "__main__":
    main()
