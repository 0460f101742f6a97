"""How long the command line takes to answer when it has little to do (issue 17's target: --help <= 0.5 s).

    .venv/bin/python bench/cli_startup.py [--rounds 5] [--warehouse FILE]

Times `statwh --help`, each subcommand's --help, and a query against a warehouse (default: the
seed's, warehouse/statistics.duckdb, if there is one), each in a new process; prints the best and the
median. Not a test: tests/test_startup.py checks the imports that made --help slow, not the time.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_HELP_SECONDS = 0.5


def timed(args: list[str], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "statwh.cli", *args], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warehouse", type=Path, default=Path("warehouse/statistics.duckdb"))
    args = parser.parse_args()
    commands = [["--help"], ["run", "--help"], ["query", "--help"], ["runs", "--help"], ["check", "--help"]]
    if args.warehouse.is_file():
        commands += [["query", "select count(*) from v_statistics", "--warehouse", str(args.warehouse)],
                     ["runs", "--warehouse", str(args.warehouse)]]
    print(f"{'command':60s} {'best s':>7s} {'median s':>9s}")
    for command in commands:
        best, median = timed(command, args.rounds)
        print(f"{'statwh ' + ' '.join(command)[:53]:60s} {best:7.2f} {median:9.2f}")
    print(f"target: statwh --help <= {TARGET_HELP_SECONDS} s")


if __name__ == "__main__":
    main()
