"""The DuckDB warehouse: open it, migrate it, load a batch into it, and record runs.

Migrations are the numbered files in ``sql/migrations``, applied once each, in order, and
recorded in ``schema_version``; on every migration the tables' comments (``sql/comments``) are
set again and the views in ``sql/views`` are recreated with theirs.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING, NamedTuple

import duckdb

if TYPE_CHECKING:  # pandas costs most of a second to import: only the functions that build frames import it
    import pandas as pd

from statwh.paths import SQL_DIR

_DIMENSIONS = ("sources", "geographies", "periods", "units")  # statwh.frames.dimension_frames


class WarehouseError(Exception):
    """The warehouse file cannot be opened or is not a statwh warehouse."""


class WarehouseMissing(WarehouseError):
    """There is no file where the warehouse should be: a wrong path, or no run yet (exit code 2)."""


def missing_warehouse(path: Path) -> WarehouseMissing:
    """The error for a warehouse file that does not exist, saying where to point commands instead."""
    return WarehouseMissing(f"no warehouse at {path}: run `statwh run` first, or give --warehouse FILE "
                            "(or set STATWH_WAREHOUSE to it)")


class WarehouseInUse(WarehouseError):
    """Another process holds the warehouse file open for writing."""


@dataclass
class RunCounts:
    """What a run counted and how long each stage took: the columns of its ``etl_run`` row that
    :func:`finish_run` writes. A count the run did not reach (it failed first) stays None."""

    documents_read: int | None = None
    documents_new: int | None = None
    documents_changed: int | None = None
    documents_unchanged: int | None = None
    documents_retired: int | None = None
    documents_failed: int | None = None
    documents_skipped: int | None = None
    statistics_extracted: int | None = None
    statistics_valid: int | None = None
    statistics_quarantined: int | None = None
    statistics_loaded: int | None = None
    seconds_ingest: float | None = None
    seconds_extract: float | None = None
    seconds_validate: float | None = None
    seconds_load: float | None = None
    seconds_check: float | None = None
    seconds_publish: float | None = None

    def add_seconds(self, stage: str, seconds: float) -> None:
        """Add the time of a stage (``"load"``: ``seconds_load``); a stage timed twice adds up.

        >>> counts = RunCounts()
        >>> counts.add_seconds("publish", 0.25); counts.add_seconds("publish", 0.5); counts.seconds_publish
        0.75
        """
        name = f"seconds_{stage}"
        setattr(self, name, round((getattr(self, name) or 0.0) + seconds, 3))


def failure_line(exc: BaseException) -> str:
    """A failure in one line a user can act on: the operating system's reason for an I/O error
    (a full disk, a read-only folder), else the first line of the message.

    >>> failure_line(OSError(28, "No space left on device", "/data/w.duckdb.work"))
    'OSError: No space left on device (/data/w.duckdb.work)'
    >>> failure_line(duckdb.IOException("IO Error: Could not write file \\"w.work\\": No space left on device\\nmore"))
    'IOException: Could not write file "w.work": No space left on device'
    """
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}" + (f" ({exc.filename})" if exc.filename else "")
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    line = next((line for line in lines if "No space left" in line or "Read-only file system" in line),
                lines[0] if lines else "")
    line = line.split(" Error: ", 1)[-1] if " Error: " in line[:40] else line
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


@dataclass(frozen=True)
class LoadCounts:
    """Rows written by one load."""

    documents: int
    statistics: int
    quarantined: int


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file; a plain-English :class:`WarehouseError` when that fails."""
    if read_only and not path.exists():
        raise missing_warehouse(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseInUse(f"{path} is in use by another process that is writing to it; try again when it has finished") from None
        raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {str(exc).splitlines()[0]}") from None


def migrate(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply the migrations this file has not had yet, then recreate the views; return what was applied."""
    con.execute(
        "create table if not exists schema_version (version integer primary key, name varchar not null, "
        "applied_at timestamp not null)"
    )
    done = {row[0] for row in con.execute("select version from schema_version").fetchall()}
    applied = []
    for script in sorted((sql_dir / "migrations").glob("*.sql")):
        version = int(script.name.split("_", 1)[0])
        if version in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(script.read_text(encoding="utf-8"))
            con.execute("insert into schema_version values (?, ?, current_timestamp)", [version, script.stem])
            con.execute("commit")
        except duckdb.Error:
            con.execute("rollback")
            raise
        applied.append(script.name)
    for script in sorted((sql_dir / "comments").glob("*.sql")):
        con.execute(script.read_text(encoding="utf-8"))
    create_views(con, sorted((sql_dir / "views").glob("*.sql")))
    return applied


def create_views(con: duckdb.DuckDBPyConnection, scripts: list[Path]) -> None:
    """Run each view's script (the view and its comments), a view that reads another after it:
    a script that names a view not made yet is retried once others have been."""
    pending = list(scripts)
    while pending:
        waiting, first_error = [], None
        for script in pending:
            try:
                con.execute(script.read_text(encoding="utf-8"))
            except duckdb.CatalogException as exc:
                waiting.append(script)
                first_error = first_error or exc
        if len(waiting) == len(pending):
            raise WarehouseError(f"cannot create view {waiting[0].stem}: {str(first_error).splitlines()[0]}")
        pending = waiting


def new_run_id() -> str:
    """A fresh run id."""
    return uuid.uuid4().hex


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None) -> None:
    """Record that a run has begun."""
    con.execute(
        "insert into etl_run (run_id, flow_run_id, started_at, status) values (?, ?, ?, 'running')",
        [run_id, flow_run_id, _now()],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: RunCounts,
               duration_seconds: float, error_message: str | None = None) -> None:
    """Record how a run ended and what it counted."""
    con.execute(
        """
        update etl_run set ended_at = ?, status = ?, documents_read = ?, documents_new = ?,
            documents_changed = ?, documents_unchanged = ?, documents_retired = ?, documents_failed = ?,
            statistics_extracted = ?, statistics_valid = ?, statistics_quarantined = ?,
            statistics_loaded = ?, duration_seconds = ?, error_message = ?, seconds_ingest = ?,
            seconds_extract = ?, seconds_validate = ?, seconds_load = ?, seconds_check = ?, seconds_publish = ?,
            documents_skipped = ?
        where run_id = ?
        """,
        [_now(), status, counts.documents_read, counts.documents_new, counts.documents_changed,
         counts.documents_unchanged, counts.documents_retired, counts.documents_failed,
         counts.statistics_extracted, counts.statistics_valid, counts.statistics_quarantined, counts.statistics_loaded,
         round(duration_seconds, 3), error_message, counts.seconds_ingest, counts.seconds_extract,
         counts.seconds_validate, counts.seconds_load, counts.seconds_check, counts.seconds_publish,
         counts.documents_skipped, run_id],
    )


def record_abandoned_runs(con: duckdb.DuckDBPyConnection, runs: list[tuple[str, str | None, datetime]]) -> None:
    """Record runs that stopped before publishing (see :func:`statwh.publish.abandoned_runs`) as failed."""
    if not runs:
        return
    con.executemany(
        "insert or ignore into etl_run (run_id, flow_run_id, started_at, status, error_message) "
        "values (?, ?, ?, 'failed', ?)",
        [(run_id, flow_run_id, started_at, "the run stopped before it published (the process was killed or the "
          "machine went down); the published warehouse was left as it was") for run_id, flow_run_id, started_at in runs],
    )


def run_record(con: duckdb.DuckDBPyConnection, run_id: str) -> dict | None:
    """One run's ``etl_run`` row as a dict (to carry a failed run's record over to the published file)."""
    cursor = con.execute("select * from etl_run where run_id = ?", [run_id])
    columns = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return None if row is None else dict(zip(columns, row))


def write_run_record(con: duckdb.DuckDBPyConnection, record: dict) -> None:
    """Insert (or replace) a run's ``etl_run`` row read by :func:`run_record`."""
    names = ", ".join(record)
    marks = ", ".join("?" for _ in record)
    con.execute(f"insert or replace into etl_run ({names}) values ({marks})", list(record.values()))


class DocumentState(NamedTuple):
    """What the warehouse holds of one loaded document, for planning a run."""

    path: str
    content_hash: str
    extractor_version: str
    retired: bool
    file_id: str | None = None  # its file's id and signature when loaded (document_file), if known
    file_signature: tuple[int, int, int] | None = None


def document_states(con: duckdb.DuckDBPyConnection) -> dict[str, DocumentState]:
    """Every loaded document by id, with its file's signature where the warehouse has one."""
    rows = con.execute("select d.document_id, d.path, d.content_hash, d.extractor_version, d.retired_at is not null, "
                       "f.file_id, f.file_size, f.file_mtime_ns, f.file_ctime_ns "
                       "from dim_document d left join document_file f using (document_id)").fetchall()
    return {row[0]: DocumentState(row[1], row[2], row[3], row[4], row[5],
                                  None if row[6] is None else (row[6], row[7], row[8])) for row in rows}


def furniture_index(con: duckdb.DuckDBPyConnection, groups: list[str],
                    leave_out: list[str]) -> list[tuple[str, int, int]]:
    """(furniture group, text key, line key) of each long line of the current documents of ``groups``
    except those in ``leave_out``: what :func:`statwh.pipeline.repeated_furniture` counts besides
    the documents a run read."""
    if not groups:
        return []
    return con.execute(
        "select f.furniture_group, f.text_key, l.line_key from document_file f "
        "join document_line l using (document_id) join dim_document d using (document_id) "
        "where d.retired_at is null and f.furniture_group in (select unnest($groups)) "
        "and f.document_id not in (select unnest($leave_out))",
        {"groups": groups, "leave_out": leave_out}).fetchall()


def retire_documents(con: duckdb.DuckDBPyConnection, run_id: str, document_ids: list[str]) -> int:
    """Flag documents that are gone from the input; their statistics stay. Returns how many."""
    if not document_ids:
        return 0
    con.execute("create or replace temporary table retiring (document_id varchar)")
    con.executemany("insert into retiring values (?)", [(d,) for d in document_ids])
    con.execute("update dim_document set retired_at = ?, retired_run_id = ? "
                "where retired_at is null and document_id in (select document_id from retiring)", [_now(), run_id])
    con.execute("drop table retiring")
    return len(document_ids)


def record_ingest_errors(con: duckdb.DuckDBPyConnection, run_id: str, errors: list[tuple[str, str, str]]) -> None:
    """Store the files that could not be read: (path, error class, message)."""
    if errors:
        con.executemany(
            "insert into ingest_error values (?, ?, ?, ?, ?)",
            [(run_id, path, cls, message, _now()) for path, cls, message in errors],
        )


def load_batch(con: duckdb.DuckDBPyConnection, run_id: str, extractor_version: str,
               documents: pd.DataFrame, statistics: pd.DataFrame, quarantine: pd.DataFrame,
               dimensions: dict[str, pd.DataFrame], sql_dir: Path = SQL_DIR,
               blanked: pd.DataFrame | None = None,
               files: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> LoadCounts:
    """Replace the batch's documents, their statistics, quarantined rows and blanked spans in one
    transaction, adding the sources, places, periods and units they name (``dimensions``, keyed,
    validated), and what the warehouse keeps of the files read (``files``: frames of
    :func:`statwh.frames.document_file_frames`)."""
    from statwh.frames import blanked_frame, document_file_frames

    con.register("incoming_documents", documents)
    con.register("incoming_blanked", blanked if blanked is not None else blanked_frame([]))
    incoming_files, incoming_lines = files if files is not None else document_file_frames([])
    con.register("incoming_files", incoming_files)
    con.register("incoming_lines", incoming_lines)
    con.register("incoming_statistics", statistics)
    con.register("incoming_quarantine", quarantine)
    for name in _DIMENSIONS:
        con.register(f"incoming_{name}", dimensions[name])
    params = {"run_id": run_id, "extractor_version": extractor_version}
    con.execute("begin transaction")
    try:
        for script in sorted((sql_dir / "load").glob("*.sql")):
            text = script.read_text(encoding="utf-8")
            con.execute(text, {k: v for k, v in params.items() if f"${k}" in text})
        con.execute("commit")
    except duckdb.Error:
        try:  # a failed write (a full disk) may have ended the transaction already: its error is the one to tell
            con.execute("rollback")
        except duckdb.Error:
            pass
        raise
    finally:
        for name in ("incoming_documents", "incoming_statistics", "incoming_quarantine", "incoming_blanked",
                     "incoming_files", "incoming_lines",
                     *(f"incoming_{d}" for d in _DIMENSIONS)):
            con.unregister(name)
    return LoadCounts(len(documents), len(statistics), len(quarantine))


def quarantine_frame(records: list[dict]) -> pd.DataFrame:
    """The quarantine rows to load, in the column order of ``incoming_quarantine``."""
    import pandas as pd

    columns = ["quarantine_id", "document_id", "document_path", "entity", "check_name",
               "column_name", "failing_value", "row_json"]
    frame = pd.DataFrame(records, columns=columns)
    return frame.astype({c: "object" for c in columns})


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in every base table, for summaries and idempotence checks."""
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' "
        "and table_schema = 'main' order by table_name").fetchall()]
    return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


now = _now  # when something happens, in UTC as the tables store it


__all__ = ["LoadCounts", "RunCounts", "WarehouseError", "WarehouseInUse", "DocumentState", "connect", "document_states", "furniture_index", "failure_line", "finish_run", "load_batch", "migrate", "now",
           "new_run_id", "quarantine_frame", "record_abandoned_runs", "record_ingest_errors", "retire_documents", "row_counts", "run_record", "start_run",
           "write_run_record"]
