"""Where a run's tasks execute, and the Prefect API that flows, schedules and workers talk to.

Threads in the flow's process by default; a Dask cluster (``--task-runner dask``) to spread
extraction over more processes or machines. Loading stays in the flow's process, the one writer.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

DASK_LOCAL_WORKERS = 2  # one per core on this machine


class ApiUnavailable(Exception):
    """No Prefect server answers where PREFECT_API_URL points (or it points nowhere)."""


def dask_task_runner(address: str | None = None, workers: int = DASK_LOCAL_WORKERS):
    """Prefect's Dask task runner: on the cluster at ``address``, or on a local cluster of
    ``workers`` single-threaded processes (the extractor holds the GIL, so threads would not help)."""
    from prefect_dask import DaskTaskRunner

    # Each batch carries its documents' text to a worker: that is the point, not a mistake to warn of.
    warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": ":0"})  # any free port: runs may overlap


def configured_api_url() -> str | None:
    """The Prefect API this process would use: the environment's or the profile's PREFECT_API_URL."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def require_server(url: str | None = None, timeout: float = 5.0) -> str:
    """The API address, once a Prefect server has answered there; :class:`ApiUnavailable` says how to
    get one when none does."""
    url = url or configured_api_url()
    hint = ("start one with `statwh server` (it listens on 127.0.0.1:4200), then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api`")
    if not url:
        raise ApiUnavailable(f"schedules need a Prefect server, and PREFECT_API_URL is not set: {hint}")
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=timeout).raise_for_status()
    except httpx.HTTPError as exc:
        raise ApiUnavailable(f"no Prefect server answers at {url} ({type(exc).__name__}): {hint}") from None
    return url


@contextmanager
def api_for_workers(timeout: float = 120.0) -> Iterator[str]:
    """A Prefect API that Dask worker processes can reach. Workers report their task runs to the API
    and take its address from their environment when they start; Prefect's ephemeral API lives only in
    the flow's process, so with none configured a local server is started for the run (the same one
    the ephemeral mode starts) and its address exported before the cluster is."""
    url = configured_api_url()
    if url:
        yield url
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=timeout)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()
