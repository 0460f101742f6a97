"""Extraction throughput on one core, in MB of document text per second.

    .venv/bin/python bench/extract_speed.py [FOLDER ...] [--min-mb MB] [--rounds N] [--long-sentences]

Reads the documents once, then times only :func:`statwh.extract.extract_statistics` over
them, repeated until at least ``--min-mb`` of text has been processed. It runs the compiled
extractor when one is built (make native); STATWH_PURE_PYTHON=1 times the plain Python one. Not a test: the
target (2 MB/s, issue 3) is reported, never asserted.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import statwh
from statwh.extract import extract_statistics
from statwh.ingest import ingest
from statwh.paths import SEED_DOCUMENTS_DIR

TARGET_MB_PER_S = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[SEED_DOCUMENTS_DIR])
    parser.add_argument("--min-mb", type=float, default=0.5, help="process at least this much text per round (default 0.5)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best and the median are shown (default 3)")
    parser.add_argument("--long-sentences", action="store_true",
                        help="also time one-sentence documents of 1,000 to 16,000 figures (a flattened table): "
                             "MB/s should stay level as they grow")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} ({sys.executable}, built {' '.join(platform.python_build())}); "
          f"extractor {'compiled (statwh.native)' if statwh.NATIVE else 'plain Python'}")
    print(f"{'corpus':40s} {'docs':>5s} {'MB':>6s} {'best s':>7s} {'MB/s best':>9s} {'MB/s median':>11s} {'stats':>6s}")
    for folder in args.folders:
        documents = ingest([folder]).documents
        size = sum(len(d.text.encode("utf-8")) for d in documents) / 1e6
        repeat = max(1, int(args.min_mb / size + 0.999)) if size else 1
        extract_statistics("warm-up: 5% of 80,000 people in 2019")  # compiles the patterns
        timings = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            found = 0
            for _ in range(repeat):
                for d in documents:
                    found += len(extract_statistics(d.text, d.title, d.publisher, d.published_on))
            timings.append(time.perf_counter() - started)
        mb = size * repeat
        best, median = min(timings), statistics.median(timings)
        print(f"{str(folder)[-40:]:40s} {len(documents):5d} {mb:6.2f} {best:7.2f} {mb / best:9.2f} {mb / median:11.2f} {found:6d}")
    if args.long_sentences:
        for figures in (1000, 4000, 16000):
            text = ", ".join(f"in {1950 + i % 70} the rate was {i % 97}% with {i * 7} people recorded by police in Kent"
                             for i in range(figures))
            started = time.perf_counter()
            found = len(extract_statistics(text))
            elapsed = time.perf_counter() - started
            mb = len(text.encode("utf-8")) / 1e6
            print(f"{f'one sentence, {figures} figures':40s} {1:5d} {mb:6.2f} {elapsed:7.2f} {mb / elapsed:9.2f} {'':>11s} {found:6d}")
    print(f"target: >= {TARGET_MB_PER_S} MB/s on one core")


if __name__ == "__main__":
    main()
