"""Publishing the warehouse: a run writes a private working copy, and readers only ever see whole, checked runs.

DuckDB lets one process write a file or many read it, never both. So a run never opens the
published file for writing: it copies it to a working file beside it (the same folder, so the
final rename is atomic), writes there, checkpoints it (no write-ahead log left), and renames it
over the published file once the quality checkpoint has passed. A BI tool holding the published
file open keeps reading the old data until it reconnects; a run that fails or is killed leaves
the published file as it was.

One run writes at a time: an advisory lock on ``<warehouse>.lock``, which the operating system
releases when the process holding it ends, however it ends.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from statwh.warehouse import WarehouseError, WarehouseInUse, connect

from statwh.paths import DEFAULT_WAIT_SECONDS  # noqa: E402 - how long a run waits for another to finish
_POLL_SECONDS = 0.2
# The oldest DuckDB that can read the warehouse: BI tools bundle their own DuckDB driver, often a
# 1.x one, and DuckDB 2.0's default storage format cannot be read before 2.0.
STORAGE_COMPATIBILITY = "v1.0.0"


class WarehouseBusy(WarehouseError):
    """Another run held the warehouse's writer lock for longer than this run would wait."""


def lock_path(published: Path) -> Path:
    """The lock file beside the published warehouse.

    >>> lock_path(Path("warehouse/statistics.duckdb"))
    PosixPath('warehouse/statistics.duckdb.lock')
    """
    return published.with_name(published.name + ".lock")


def working_path(published: Path) -> Path:
    """The working copy a run writes before it publishes.

    >>> working_path(Path("warehouse/statistics.duckdb"))
    PosixPath('warehouse/statistics.duckdb.work')
    """
    return published.with_name(published.name + ".work")


def wal_path(database: Path) -> Path:
    """DuckDB's write-ahead log for a database file.

    >>> wal_path(Path("warehouse/statistics.duckdb"))
    PosixPath('warehouse/statistics.duckdb.wal')
    """
    return database.with_name(database.name + ".wal")


@contextmanager
def writer_lock(published: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[None]:
    """Hold the one-writer lock of ``published`` for the block, waiting up to ``wait_seconds`` for it;
    :class:`WarehouseBusy` names the run that holds it when the wait runs out."""
    published.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(published)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait_seconds)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is writing {published} ({_describe_holder(path)}); waited {wait_seconds:g} s. "
                        "Try again when it has finished, or wait longer with --wait SECONDS") from None
                time.sleep(_POLL_SECONDS)
        # Who holds the lock, for the message a waiting run prints; the lock itself is the flock.
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _describe_holder(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    if not holder:
        return "process unknown"
    return f"process {holder.get('pid')} on {holder.get('host')}, since {holder.get('since')}"


def abandoned_runs(published: Path) -> list[tuple[str, str | None, datetime]]:
    """Runs that stopped before publishing (killed, or the machine went down): read from the
    working copy they left behind, as (run id, flow run id, started at). Call with the lock held."""
    work = working_path(published)
    if not work.exists():
        return []
    try:
        con = duckdb.connect(str(work), read_only=True)
    except duckdb.Error:  # too damaged to read: it is discarded all the same
        return []
    try:
        # Runs still 'running' there died; 'failed' ones with the abandoned message were recorded there by
        # a run that then died itself, and are carried on so that no record is lost.
        return [tuple(row) for row in con.execute(
            "select run_id, flow_run_id, started_at from etl_run where status = 'running' "
            "or (status = 'failed' and error_message like 'the run stopped before it published%')").fetchall()]
    except duckdb.Error:
        return []
    finally:
        con.close()


def pending_runs_path(published: Path) -> Path:
    """Where the record of a run that failed and could not be written into a new version of the
    warehouse waits (a full disk has no room for a copy), until the next version takes it in.

    >>> pending_runs_path(Path("warehouse/statistics.duckdb"))
    PosixPath('warehouse/statistics.duckdb.runs.jsonl')
    """
    return published.with_name(published.name + ".runs.jsonl")


def save_pending_run(published: Path, record: dict) -> None:
    """Keep a failed run's ``etl_run`` row beside the warehouse, one JSON line, for the next version."""
    with open(pending_runs_path(published), "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, default=str) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def pending_runs(published: Path) -> list[dict]:
    """The run records waiting beside the warehouse (a line that cannot be read is skipped)."""
    try:
        lines = pending_runs_path(published).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("run_id"):
            records.append(record)
    return records


def clear_pending_runs(published: Path) -> None:
    """Forget the waiting records once a published version holds them."""
    pending_runs_path(published).unlink(missing_ok=True)


def carry_run_records(work: Path, published: Path, abandoned: list) -> None:
    """Write into a new working copy the runs that died before publishing and the failed runs whose
    records wait beside the warehouse: no run goes unrecorded, however it ended."""
    pending = pending_runs(published)
    if not abandoned and not pending:
        return
    from statwh.warehouse import migrate, record_abandoned_runs, write_run_record

    con = connect(work)
    try:
        migrate(con)
        record_abandoned_runs(con, abandoned)
        for record in pending:
            write_run_record(con, record)
    finally:
        con.close()


def make_working_copy(published: Path) -> Path:
    """Copy the published warehouse to the working file (replacing one a killed run left) and return
    its path; with no published warehouse yet the run starts from an empty file. Call with the lock held."""
    work = working_path(published)
    for leftover in (work, wal_path(work)):
        leftover.unlink(missing_ok=True)
    if not published.exists():
        duckdb.connect(str(work), config={"storage_compatibility_version": STORAGE_COMPATIBILITY}).close()
        return work
    if published.is_dir():
        raise WarehouseError(f"{published} is a folder; give a file name")
    _refuse_other_writers(published)
    if wal_path(published).exists():
        _fold_in_log(published)
    try:
        if storage_version(published) == f"{STORAGE_COMPATIBILITY}+":
            shutil.copyfile(published, work)
        else:  # written by an earlier statwh in DuckDB 2.0's own format: rewritten once, for older readers
            _copy_for_older_readers(published, work)
    except BaseException:
        discard(work)  # a partial copy (the disk filled up) would hold the space the failure's record needs
        raise
    return work


def storage_version(database: Path) -> str:
    """The storage format of a DuckDB file ("v1.0.0+" is readable by DuckDB 1.0 and later)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute("select tags['storage_version'] from duckdb_databases() "
                           "where database_name = current_database()").fetchone()[0]
    finally:
        con.close()


def _copy_for_older_readers(published: Path, work: Path) -> None:
    con = duckdb.connect()
    try:
        con.execute("attach ? as published (read_only)", [str(published)])
        con.execute(f"attach ? as work (storage_version '{STORAGE_COMPATIBILITY}')", [str(work)])
        con.execute("copy from database published to work")
    finally:
        con.close()


def _fold_in_log(published: Path) -> None:
    """Checkpoint a published file that another program wrote to directly and left with a
    write-ahead log, so the copy has its changes and no stale log is left beside the new file."""
    try:
        con = duckdb.connect(str(published))
        try:
            con.execute("checkpoint")
        finally:
            con.close()
    except duckdb.Error as exc:
        raise WarehouseError(
            f"{published} has a write-ahead log left by another program that wrote to it, and it cannot be "
            f"checkpointed now ({str(exc).splitlines()[0]}); close the programs using it and run again") from None


def _refuse_other_writers(published: Path) -> None:
    """A clear error when another program has the published file open for writing (its changes
    would be lost when this run publishes); readers are fine."""
    try:
        connect(published, read_only=True).close()
    except WarehouseInUse:
        raise WarehouseError(
            f"{published} is open for writing in another program. statwh publishes a new file after "
            "each run, so tools should open it read-only (see docs/connecting.md); close it and run again"
        ) from None


def checkpoint(work: Path) -> None:
    """Fold the working copy's write-ahead log into the file, so it can be published on its own."""
    con = connect(work)
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def publish(work: Path, published: Path) -> None:
    """Rename the checkpointed working copy over the published file, atomically and durably.
    Call with the lock held and every connection to the working copy closed."""
    if wal_path(work).exists():
        raise WarehouseError(f"{work} still has a write-ahead log; it was not closed cleanly, so it is not published")
    if wal_path(published).exists():
        raise WarehouseError(f"{published} was written to by another program during this run; not publishing "
                             "over its changes. Tools should open it read-only (see docs/connecting.md)")
    _fsync(work)
    os.replace(work, published)
    _fsync(published.parent)


def discard(work: Path) -> None:
    """Remove a working copy that will not be published."""
    for path in (work, wal_path(work)):
        path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def new_version(published: Path) -> Iterator[Path]:
    """With the writer lock already held: yields a working copy to write (close every connection
    before the block ends); published when the block ends normally, discarded when it raises. Runs
    that died before publishing (their working copy left behind) are recorded in the new version."""
    abandoned = abandoned_runs(published) if published.exists() else []
    work = make_working_copy(published)
    try:
        carry_run_records(work, published, abandoned)
        yield work
        checkpoint(work)
        publish(work, published)
    except BaseException:
        discard(work)
        raise
    clear_pending_runs(published)


@contextmanager
def publishing(published: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[Path]:
    """Take the writer lock and write a new version of ``published`` (see :func:`new_version`)."""
    with writer_lock(published, wait_seconds), new_version(published) as work:
        yield work


__all__ = ["DEFAULT_WAIT_SECONDS", "STORAGE_COMPATIBILITY", "WarehouseBusy", "abandoned_runs", "carry_run_records", "checkpoint",
           "clear_pending_runs", "discard", "lock_path", "pending_runs", "pending_runs_path", "save_pending_run",
           "make_working_copy", "new_version", "publish", "publishing", "storage_version", "wal_path", "working_path",
           "writer_lock"]
