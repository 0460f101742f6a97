"""Prefect's fixed and per-task costs on this machine: what batch sizes and start-up choices rest on.

    .venv/bin/python bench/orchestration_overhead.py [--tasks 100] [--dask-tasks 40]

Times, in one process:
- starting Prefect's local API server (what a run without PREFECT_API_URL waits for);
- a flow run of trivial work, with and without the flow heartbeat;
- a trivial task, called directly and submitted to the default thread runner;
- a local two-process Dask cluster: its start, and a trivial task submitted to it.
Not a test: the figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from flows.settings import apply_offline_defaults  # noqa: E402

apply_offline_defaults()

from prefect import flow, task  # noqa: E402
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings  # noqa: E402

from flows.runners import dask_task_runner  # noqa: E402


@task
def trivial(n: int) -> int:
    """No work: what is left is Prefect's cost."""
    return n + 1


@flow
def empty_flow() -> None:
    """A flow run with nothing in it."""


@flow
def called_tasks(count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        trivial(i)
    return (time.perf_counter() - started) / count


@flow
def submitted_tasks(count: int) -> float:
    started = time.perf_counter()
    futures = [trivial.submit(i) for i in range(count)]
    [f.result() for f in futures]
    return (time.perf_counter() - started) / count


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--dask-tasks", type=int, default=40)
    args = parser.parse_args()
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    seconds, _ = timed(server.start, 120)
    os.environ["PREFECT_API_URL"] = server.api_url  # shared with the Dask workers below
    print(f"Prefect API server start-up: {seconds:.1f} s")
    try:
        empty_flow()  # warm the client
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}):
            with_heartbeat = min(timed(empty_flow)[0] for _ in range(3))
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            without = min(timed(empty_flow)[0] for _ in range(3))
            print(f"empty flow run: {with_heartbeat:.2f} s with the heartbeat, {without:.2f} s without")
            print(f"task called directly: {called_tasks(args.tasks) * 1000:.1f} ms each ({args.tasks} tasks)")
            print(f"task submitted to threads: {submitted_tasks(args.tasks) * 1000:.1f} ms each ({args.tasks} tasks)")
            on_dask = submitted_tasks.with_options(task_runner=dask_task_runner(workers=2))
            seconds, per_task = timed(on_dask, args.dask_tasks)
            print(f"task submitted to a local 2-process Dask cluster: {per_task * 1000:.0f} ms each "
                  f"({args.dask_tasks} tasks); the flow run with the cluster's start and stop: {seconds:.1f} s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
