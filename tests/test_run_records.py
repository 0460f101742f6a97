"""No run goes unrecorded, however it ends (issue 16): runs killed one after another, a failure that
leaves no room on the disk for a new version of the warehouse, and the one-line reason a user reads."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import load_without_prefect
from statwh import publish, warehouse


def _runs(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select run_id, status, error_message from etl_run order by started_at, run_id").fetchall()
    finally:
        con.close()


def _kill_a_run(published: Path, run_id: str) -> None:
    """What a run killed with SIGKILL after it began leaves: its working copy, with its row 'running'
    and the records it carried from the runs before it."""
    abandoned = publish.abandoned_runs(published)
    work = publish.make_working_copy(published)
    publish.carry_run_records(work, published, abandoned)
    con = warehouse.connect(work)
    try:
        warehouse.start_run(con, run_id, None)
    finally:
        con.close()  # no publish: the process is gone


def test_runs_killed_one_after_another_are_all_recorded_by_the_next_check(tmp_path, seed_document):
    published = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], published)
    _kill_a_run(published, "killed-first")
    _kill_a_run(published, "killed-second")  # its copy carries the first's record; then it dies too
    with publish.publishing(published, 0) as work:  # what statwh check does
        pass
    runs = {run_id: (status, message) for run_id, status, message in _runs(published)}
    for run_id in ("killed-first", "killed-second"):
        assert runs[run_id][0] == "failed" and "stopped before it published" in runs[run_id][1]
    assert not publish.working_path(published).exists()


def test_a_failed_runs_record_waits_beside_the_warehouse_until_a_version_holds_it(tmp_path, seed_document):
    published = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], published)
    publish.save_pending_run(published, {"run_id": "no-room", "status": "failed", "started_at": warehouse.now(),
                                         "error_message": "OSError: No space left on device (/data/w.duckdb)"})
    assert [r["run_id"] for r in publish.pending_runs(published)] == ["no-room"]
    with publish.publishing(published, 0):
        pass
    assert ("no-room", "failed", "OSError: No space left on device (/data/w.duckdb)") in _runs(published)
    assert not publish.pending_runs_path(published).exists()


def test_a_write_that_fails_is_reported_by_its_own_error_not_by_the_rollback(tmp_path):
    from statwh.pipeline import validate_batch

    batch = validate_batch([])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    warehouse.migrate(con)
    real_execute = con.execute

    class FullDisk:
        def __getattr__(self, name):
            return getattr(con, name)

        def execute(self, sql, *args):
            if "delete from fact_statistic" in sql:
                real_execute("rollback")  # what DuckDB does when a write fails: the transaction is gone
                raise duckdb.IOException('IO Error: Could not write file "w.duckdb.wal": No space left on device')
            return real_execute(sql, *args)

    with pytest.raises(duckdb.IOException, match="No space left on device"):
        warehouse.load_batch(FullDisk(), "r1", "v", batch.documents, batch.statistics, batch.quarantine,
                             batch.dimensions)
    con.close()


def _can_mount_tmpfs(where: Path) -> bool:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


def _shrink_to_fit(disk: Path, published: Path) -> None:
    """Leave room for half a copy of the warehouse, not a whole one."""
    used = shutil.disk_usage(disk).used
    subprocess.run(["mount", "-o", f"remount,size={(used + published.stat().st_size // 2) // 1024}k", str(disk)],
                   check=True)


@pytest.mark.slow
def test_a_full_disk_is_said_and_recorded_as_a_full_disk(tmp_path, seed_document):
    """On a file system with room for half a copy of the warehouse there is none for the run's working copy."""
    disk = tmp_path / "disk"
    if shutil.which("mount") is None or not _can_mount_tmpfs(disk):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        published = disk / "w.duckdb"
        load_without_prefect([seed_document], published)
        _shrink_to_fit(disk, published)
        before = _runs(published)
        dev = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev" / "docs"
        run = subprocess.run([sys.executable, "-m", "statwh.cli", "run", str(dev if dev.is_dir() else seed_document.parent),
                              "--warehouse", str(published)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 1
        said = [line for line in run.stderr.splitlines() if line.startswith("statwh:")]
        assert len(said) == 1 and said[0].startswith("statwh: the run failed: "), run.stderr
        assert said[0].endswith("No space left on device") or "No space left on device (" in said[0], said
        assert "Traceback" not in run.stdout + run.stderr
        assert _runs(published) == before  # the published warehouse as it was
        waiting = publish.pending_runs(published)
        assert [(r["status"], r["error_message"]) for r in waiting] == [("failed", said[0].split("failed: ", 1)[1])]
        assert not publish.working_path(published).exists()
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        with publish.publishing(published, 0):  # the next version (a run or statwh check) takes it in
            pass
        assert _runs(published)[-1][1:] == ("failed", said[0].split("failed: ", 1)[1])
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


@pytest.mark.slow
def test_a_read_only_folder_is_said_in_one_line(tmp_path, seed_document):
    folder = tmp_path / "ro"
    folder.mkdir()
    if shutil.which("mount") is None or subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                                                       capture_output=True).returncode != 0:
        pytest.skip("cannot mount a read-only tmpfs here (needs root)")
    try:
        # The run fails (1); the check then finds no warehouse there, a missing path (2).
        for command, code in ((["run", str(seed_document)], 1), (["check"], 2)):
            done = subprocess.run([sys.executable, "-m", "statwh.cli", *command, "--warehouse", str(folder / "w.duckdb")],
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == code, done.stderr
            assert "Traceback" not in done.stdout + done.stderr
            said = [line for line in done.stderr.splitlines() if line.startswith("statwh:")]
            assert len(said) == 1, done.stderr
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


@pytest.mark.slow
def test_a_killed_run_leaves_no_process_behind_and_the_next_check_records_it(tmp_path, seed_document):
    """SIGKILL, as the kernel's OOM killer sends it: the run cannot clean up, so its temporary Prefect
    API server must end by itself, and the next command that touches the warehouse records the run."""
    import os
    import signal
    import time

    published = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], published)
    log = tmp_path / "run.log"
    dev = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev" / "docs"
    with log.open("w") as output:
        run = subprocess.Popen([sys.executable, "-m", "statwh.cli", "run", str(dev if dev.is_dir() else seed_document),
                                "--warehouse", str(published)], stdout=output, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while "extracting" not in log.read_text() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert run.poll() is None, log.read_text()
        children = subprocess.run(["pgrep", "-s", str(run.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) >= 2, "the run and its API server"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        deadline = time.monotonic() + 20
        left = children
        while left and time.monotonic() < deadline:
            time.sleep(0.5)
            left = subprocess.run(["pgrep", "-s", str(run.pid)], capture_output=True, text=True).stdout.split()
        assert not left, subprocess.run(["ps", "-o", "pid,cmd", "-s", str(run.pid)], capture_output=True, text=True).stdout
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    check = subprocess.run([sys.executable, "-m", "statwh.cli", "check", "--warehouse", str(published)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    runs = _runs(published)
    assert [status for _, status, _ in runs][-1] == "failed" and "stopped before it published" in runs[-1][2]
    assert not publish.working_path(published).exists()


def test_a_run_that_changed_no_data_keeps_a_passing_check_and_redoes_a_failing_one(tmp_path, seed_document):
    from statwh import pipeline

    published = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], published)
    first = pipeline.check_warehouse(published, "r1", None, data_changed=True)
    assert not first.critical_failures
    kept = pipeline.check_warehouse(published, "r2", None, data_changed=False)
    assert kept.check_id == first.check_id  # the same checkpoint, not run again
    con = duckdb.connect(str(published))
    try:  # the last checkpoint failed: a run that changed nothing must not keep it
        con.execute("update dq_result set success = false where check_id = ? and critical", [first.check_id])
    finally:
        con.close()
    again = pipeline.check_warehouse(published, "r3", None, data_changed=False)  # run again, not kept
    assert again.check_id != first.check_id and not again.critical_failures and not again.reused
    con = duckdb.connect(str(published))
    try:
        checks = con.execute("select count(distinct check_id) from dq_result").fetchone()[0]
    finally:
        con.close()
    assert checks == 2


def test_a_failed_runs_working_copy_goes_and_only_its_record_is_published(tmp_path, seed_document):
    from statwh import pipeline

    published = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], published)
    before = _runs(published)
    work = publish.make_working_copy(published)
    con = warehouse.connect(work)
    try:
        warehouse.start_run(con, "failed-run", None)
        warehouse.finish_run(con, "failed-run", "failed", warehouse.RunCounts(documents_read=3), 1.5, "ValueError: x")
        con.execute("delete from fact_statistic")  # what the run did to its copy: never published
    finally:
        con.close()
    pipeline.keep_failed_run(work, published, "failed-run")
    assert not publish.working_path(published).exists()
    assert _runs(published) == before + [("failed-run", "failed", "ValueError: x")]
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert con.execute("select count(*) from fact_statistic").fetchone()[0] == 5
    finally:
        con.close()
