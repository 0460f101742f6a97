"""Publishing: runs write a private copy and swap it in, so readers (a BI tool through
SQLAlchemy and duckdb-engine, as Superset connects) are never blocked and never see half a run;
a failed or killed run leaves the published file as it was; one run writes at a time."""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
import sqlalchemy

from flows.refresh import refresh_warehouse
from statwh import pipeline, publish
from statwh.publish import WarehouseBusy, lock_path, publishing, working_path, writer_lock

DEV_DOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev" / "docs"
WAIT_FOR_KILL_SECONDS = 120


def _statwh(*args: str) -> list[str]:
    return [sys.executable, "-m", "statwh.cli", *args]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _data(path: Path) -> list[tuple]:
    """Everything a run loads, to compare before and after."""
    return _rows(path, "select statistic_id, document_path, value, unit from v_statistics order by 1")


def _folder(tmp_path: Path, name: str, *documents: Path) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for document in documents:
        shutil.copy(document, folder / document.name)
    return folder


def _dev_documents(count: int) -> list[Path]:
    """Development documents other than the seed's article (which is one of them)."""
    return sorted(p for p in DEV_DOCS.iterdir() if p.is_file() and not p.name.startswith("000_"))[:count]


def _wait_for_line(log: Path, line: str, process: subprocess.Popen, seconds: float) -> None:
    """Wait until ``process`` has written ``line`` to ``log``: fail if it ends first or takes longer."""
    deadline = time.monotonic() + seconds
    while line not in log.read_text(errors="replace").splitlines():
        assert process.poll() is None, f"the run ended before it wrote {line!r}:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"no {line!r} within {seconds} s:\n{log.read_text()}"
        time.sleep(0.02)


# The lock and the working copy, without Prefect.

def test_a_second_writer_is_refused_with_the_holder_named_after_its_wait(tmp_path):
    published = tmp_path / "w.duckdb"
    with writer_lock(published, 0):
        started = time.monotonic()
        with pytest.raises(WarehouseBusy, match=rf"another run is writing .*w.duckdb \(process {os.getpid()} on .*"
                                                r"waited 0.5 s.*--wait SECONDS"):
            with writer_lock(published, 0.5):
                pass
        assert 0.5 <= time.monotonic() - started < 60  # it gave up after its wait, not the default 300 s
    with writer_lock(published, 0):  # released when the block ends
        pass


def test_a_waiting_writer_gets_the_lock_when_the_first_lets_go(tmp_path):
    published = tmp_path / "w.duckdb"
    order = []
    holding = threading.Event()

    def first():
        with writer_lock(published, 0):
            holding.set()
            time.sleep(0.6)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(60)
    with writer_lock(published, 30):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_a_killed_holder_releases_the_lock(tmp_path):
    published = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from statwh.publish import writer_lock\n"
        f"with writer_lock(Path({str(published)!r}), 0):\n    print('held', flush=True); time.sleep(600)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy, match=f"process {holder.pid} "):
            with writer_lock(published, 0):
                pass
    finally:
        holder.kill()
        holder.wait()
    with writer_lock(published, 1):
        pass


def test_a_block_that_raises_publishes_nothing_and_leaves_no_working_copy(tmp_path):
    published = tmp_path / "w.duckdb"
    con = duckdb.connect(str(published))
    con.execute("create table t as select 1 as a")
    con.close()
    before = _sha256(published)
    with pytest.raises(RuntimeError):
        with publishing(published, 0) as work:
            con = duckdb.connect(str(work))
            con.execute("insert into t values (2)")
            con.close()
            raise RuntimeError("stop")
    assert _sha256(published) == before and not working_path(published).exists()
    with publishing(published, 0) as work:
        con = duckdb.connect(str(work))
        con.execute("insert into t values (3)")
        con.close()
    assert _rows(published, "select a from t order by a") == [(1,), (3,)]
    assert not working_path(published).exists() and not publish.wal_path(published).exists()


def test_a_program_writing_to_the_published_file_is_named_not_overwritten(tmp_path):
    published = tmp_path / "w.duckdb"
    writer = subprocess.Popen([sys.executable, "-c", (  # opened for writing: what a tool must not do
        f"import duckdb, time; con = duckdb.connect({str(published)!r}); print('open', flush=True); time.sleep(600)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "open"
        with pytest.raises(publish.WarehouseError, match="open for writing in another program.*read-only"):
            with publishing(published, 0):
                pass
    finally:
        writer.kill()
        writer.wait()


# Whole runs.

@pytest.mark.slow
def test_a_reader_through_sqlalchemy_is_never_blocked_and_sees_new_data_after_reconnecting(
        prefect_server, statwh_env, tmp_path, seed_document):
    published = tmp_path / "w.duckdb"
    refresh_warehouse([seed_document], published)
    engine = sqlalchemy.create_engine(f"duckdb:///{published}", connect_args={"read_only": True},
                                      poolclass=sqlalchemy.pool.NullPool)
    reader = engine.connect()
    try:
        before = reader.exec_driver_sql("select count(*) from v_statistics").scalar_one()
        assert before == 5
        folder = _folder(tmp_path, "more", seed_document, *_dev_documents(3))
        run = subprocess.run(_statwh("run", str(folder), "--warehouse", str(published), "--wait", "0"),
                             capture_output=True, text=True, timeout=300, env=statwh_env)
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"published {published}" in run.stdout
        assert reader.exec_driver_sql("select count(*) from v_statistics").scalar_one() == before  # the old file
    finally:
        reader.close()
    with engine.connect() as fresh:
        after = fresh.exec_driver_sql("select count(*) from v_statistics").scalar_one()
        comment = fresh.exec_driver_sql(
            "select comment from duckdb_views() where view_name = 'v_statistics'").scalar_one()
    engine.dispose()
    assert after > before and comment.startswith("One row per statistic")


@pytest.mark.slow
def test_a_run_killed_midway_leaves_the_published_file_as_it_was_and_the_next_run_completes(
        prefect_server, statwh_env, tmp_path, seed_document):
    published = tmp_path / "w.duckdb"
    refresh_warehouse([seed_document], published)
    before_bytes, before_data = _sha256(published), _data(published)
    folder = _folder(tmp_path, "more", *_dev_documents(4))
    log = tmp_path / "run.log"
    with log.open("w") as output:
        # Its own session, so that anything it starts can be cleaned up after the kill.
        run = subprocess.Popen(_statwh("run", str(folder), "--warehouse", str(published)), env=statwh_env,
                               stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # Killed once it says it has loaded and is checking quality: its data are in the working copy,
        # not yet published (the checkpoint, still ahead, imports Great Expectations: seconds).
        _wait_for_line(log, "checking quality...", run, WAIT_FOR_KILL_SECONDS)
        run.send_signal(signal.SIGKILL)  # the run's own process, as the kernel's OOM killer would
        run.wait(timeout=60)
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)  # whatever it started
        except ProcessLookupError:
            pass
    assert run.returncode == -signal.SIGKILL, log.read_text()
    assert _sha256(published) == before_bytes and _data(published) == before_data
    # The working copy is left behind, half-done: the dead run loaded its documents and never finished.
    assert _rows(working_path(published), "select status from etl_run order by started_at") == [
        ("completed",), ("running",)]
    assert _rows(working_path(published), "select count(*) from dim_document") == [(5,)]
    summary = refresh_warehouse([folder], published, wait_seconds=0)
    assert summary.status == "completed" and summary.documents_new == 4
    assert not working_path(published).exists()
    runs = _rows(published, "select status, error_message from v_runs order by started_at")
    assert [r[0] for r in runs] == ["completed", "failed", "completed"]
    assert "stopped before it published" in runs[1][1]


@pytest.mark.slow
def test_a_failed_run_leaves_the_data_as_it_was_and_records_its_failure(
        prefect_server, tmp_path, seed_document, monkeypatch):
    published = tmp_path / "w.duckdb"
    refresh_warehouse([seed_document], published)
    before = _data(published)
    folder = _folder(tmp_path, "more", *_dev_documents(2))

    def failing_load(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "load_batch", failing_load)
    with pytest.raises(OSError, match="No space left"):
        refresh_warehouse([folder], published, wait_seconds=0)
    assert _data(published) == before
    assert _rows(published, "select status, error_message from v_runs limit 1") == [("failed", "OSError: No space left on device")]
    assert not working_path(published).exists()


@pytest.mark.slow
def test_a_first_run_that_fails_publishes_no_warehouse(prefect_server, tmp_path, seed_document, monkeypatch):
    published = tmp_path / "w.duckdb"
    monkeypatch.setattr(pipeline, "load_batch", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(OSError):
        refresh_warehouse([seed_document], published, wait_seconds=0)
    assert not published.exists() and not working_path(published).exists()


@pytest.mark.slow
def test_a_run_while_another_holds_the_warehouse_is_refused_clearly(prefect_server, tmp_path, seed_document):
    published = tmp_path / "w.duckdb"
    with writer_lock(published, 0):
        with pytest.raises(WarehouseBusy, match="another run is writing"):
            refresh_warehouse([seed_document], published, wait_seconds=0.2)
    assert not published.exists()
    assert lock_path(published).exists()


@pytest.mark.slow
def test_two_runs_started_together_both_publish_one_after_the_other_and_nothing_is_lost(tmp_path, seed_document,
                                                                                       statwh_env):
    published = tmp_path / "w.duckdb"
    first = _folder(tmp_path, "first", seed_document, *_dev_documents(2))
    second = _folder(tmp_path, "second", *_dev_documents(5)[2:])
    runs = [subprocess.Popen(_statwh("run", str(folder), "--warehouse", str(published), "--wait", "240"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=statwh_env)
            for folder in (first, second)]
    outputs = [run.communicate(timeout=400)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    documents = _rows(published, "select count(*) from v_documents where not retired")[0][0]
    assert documents == 6
    assert _rows(published, "select status, documents_new from v_runs order by started_at") == [
        ("completed", 3), ("completed", 3)]
    paths = {row[0] for row in _rows(published, "select distinct document_path from v_statistics")}
    assert any("/first/" in p for p in paths) and any("/second/" in p for p in paths)


# Older readers: BI tools bundle their own DuckDB driver.

def _header_version(path: Path) -> int:
    """The storage version number in a DuckDB file's header: 64 is what DuckDB 1.0 and 1.1 read
    (a DuckDB 1.1.3 client refuses DuckDB 2.0's own format, 999, naming both numbers)."""
    header = path.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    return int.from_bytes(header[12:20], "little")


def test_a_new_warehouse_is_written_for_duckdb_1_readers(tmp_path):
    published = tmp_path / "w.duckdb"
    with publishing(published, 0) as work:
        con = duckdb.connect(str(work))
        con.execute("create table t as select range as a from range(1000)")
        con.close()
    assert publish.storage_version(published) == "v1.0.0+" and _header_version(published) == 64


def test_a_warehouse_in_duckdb_2_format_is_rewritten_once_for_older_readers(tmp_path):
    published = tmp_path / "w.duckdb"
    con = duckdb.connect(str(published))  # DuckDB 2.0's default format, as statwh wrote before
    con.execute("create table t as select range as a from range(1000)")
    con.execute("create view v as select a from t")
    con.execute("comment on view v is 'described'")
    con.close()
    assert _header_version(published) != 64
    with publishing(published, 0):
        pass
    assert _header_version(published) == 64
    assert _rows(published, "select count(*) from v") == [(1000,)]
    assert _rows(published, "select comment from duckdb_views() where view_name = 'v'") == [("described",)]
