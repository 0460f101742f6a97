"""Prefect settings for running offline, and the options the refresh flow's tasks run with.

The environment defaults are applied before Prefect is imported; a value the user has already
set wins.
"""
from __future__ import annotations

import errno
import os

import duckdb

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The ephemeral API server took 10-25 s to start on a loaded 2-core machine before the environment
    # was compiled to bytecode (3-5 s after); Prefect's 20 s default could fail.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # a local cluster's start and stop, line by line, otherwise
}

# Tasks that touch files or the database retry what can pass (a busy disk, a file being written,
# a database locked for a moment), twice, after 2 then 10 seconds; a timeout stops one that hangs.
RETRIES = 2
RETRY_DELAY_SECONDS = [2, 10]
TIMEOUT_SECONDS = {"files": 3600, "database": 1800, "check": 1800}

# A Prefect task costs about 10 ms with the default thread runner and about 300 ms on a local
# Dask cluster (measured on this 2-core machine); extraction reads about 2 MB/s per core. A batch
# is sized so that the per-task cost stays under 5% of the batch's work.
TASK_OVERHEAD_SECONDS = {"threads": 0.01, "dask": 0.3}
MAX_OVERHEAD_SHARE = 0.05
EXTRACT_BYTES_PER_SECOND = 2_000_000


def apply_offline_defaults() -> None:
    """Set the offline defaults unless the environment already says otherwise."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)


def batch_bytes(task_runner: str) -> int:
    """The text per extraction task that keeps the task's own cost under 5% of its work.

    >>> batch_bytes("threads"), batch_bytes("dask")
    (400000, 12000000)
    """
    return round(TASK_OVERHEAD_SECONDS[task_runner] / MAX_OVERHEAD_SHARE * EXTRACT_BYTES_PER_SECOND)


def is_transient(error: BaseException) -> bool:
    """Whether an error is worth retrying: input/output that may pass, not a missing file, a
    refused permission, a timeout, or a mistake in the data.

    >>> is_transient(OSError(5, "Input/output error")), is_transient(FileNotFoundError("x"))
    (True, False)
    >>> is_transient(ValueError("bad row")), is_transient(TimeoutError()), is_transient(OSError(errno.ENOSPC, "full"))
    (False, False, False)
    """
    if isinstance(error, (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError, TimeoutError)):
        return False
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        return False  # a full disk or a read-only one stays so for longer than a retry waits
    return isinstance(error, (OSError, duckdb.IOException))


def retry_if_transient(task, task_run, state) -> bool:
    """Prefect's ``retry_condition_fn``: retry a failed task run only for a transient error."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, BaseException) and is_transient(error)
