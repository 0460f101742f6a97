"""Scheduled refreshes through a real Prefect server on loopback, the Dask task runner, retries,
and the deployment file: what `statwh schedule`, `statwh server`, `--task-runner dask` and
`prefect deploy` rely on."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from statwh import pipeline

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ROOT.parent / "shared" / "eval" / "dev" / "docs"
SERVER_START_SECONDS = 120
SCHEDULED_RUN_SECONDS = 150


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rows(path: Path, sql: str) -> list[tuple]:
    """Rows from the published warehouse, or [] while there is none yet."""
    if not path.exists():
        return []
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _wait_for(condition, seconds: float, what: str, *logs: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(1)
    raise AssertionError(f"{what} within {seconds:g} s\n" + "\n".join(log.read_text()[-4000:] for log in logs))


def _start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen([sys.executable, "-m", "statwh.cli", *args], stdout=output,
                                stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.slow
def test_a_served_schedule_loads_a_document_dropped_into_the_folder_without_anyone_running_statwh(
        tmp_path, seed_document):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    server = _start(["server", "--port", str(port)], tmp_path / "server.log", env)
    schedule = None
    try:
        import httpx

        def healthy() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait_for(healthy, SERVER_START_SECONDS, "the Prefect server did not answer", tmp_path / "server.log")
        inbox, published = tmp_path / "inbox", tmp_path / "w.duckdb"
        inbox.mkdir()
        shutil.copy(seed_document, inbox / seed_document.name)
        env["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
        schedule = _start(["schedule", str(inbox), "--warehouse", str(published), "--interval", "5"],
                          tmp_path / "schedule.log", env)
        documents = "select count(*) from v_documents"
        _wait_for(lambda: _rows(published, documents) == [(1,)], SCHEDULED_RUN_SECONDS,
                  "no scheduled run loaded the seed", tmp_path / "schedule.log")
        dropped = sorted(DEV_DOCS.glob("04_*.md"))[0] if DEV_DOCS.is_dir() else None
        if dropped is None:
            pytest.skip("no development documents to drop")
        shutil.copy(dropped, inbox / dropped.name)
        _wait_for(lambda: _rows(published, documents) == [(2,)], SCHEDULED_RUN_SECONDS,
                  "no scheduled run loaded the dropped document", tmp_path / "schedule.log")
        # A second schedule by cron, under another name, beside the first (the README's --cron and --name).
        from flows.security import read_credential

        auth = tuple(read_credential(tmp_path / "prefect-home" / "statwh-api-auth").partition(":")[::2])
        nightly = _start(["schedule", str(inbox), "--warehouse", str(tmp_path / "nightly.duckdb"), "--cron",
                          "0 6 * * *", "--name", "nightly"], tmp_path / "nightly.log", env)
        try:
            api = f"http://127.0.0.1:{port}/api/deployments/name/refresh-warehouse"

            def deployed(name: str) -> dict | None:
                answer = httpx.get(f"{api}/{name}", auth=auth, timeout=5)
                return answer.json() if answer.status_code == 200 else None

            _wait_for(lambda: deployed("nightly") is not None, SCHEDULED_RUN_SECONDS, "no nightly deployment",
                      tmp_path / "nightly.log")
            crons = [entry["schedule"].get("cron") for entry in deployed("nightly")["schedules"]]
            assert crons == ["0 6 * * *"] and deployed("scheduled-refresh") is not None
        finally:
            _stop(nightly)
    finally:
        if schedule is not None:
            _stop(schedule)
        _stop(server)
    runs = _rows(published, "select status, documents_new, flow_run_id from v_runs order by started_at")
    assert all(status == "completed" for status, _, _ in runs)
    assert sum(new for _, new, _ in runs) == 2  # each document read once: later runs find them unchanged
    assert all(flow_run_id for _, _, flow_run_id in runs)  # each one a Prefect flow run
    loaded = _rows(published, f"select count(*) from v_statistics where document_path like '%{dropped.name}'")
    documents = pipeline.read_documents([inbox]).documents
    expected = {d.file_name: len(stats) for d, stats in
                pipeline.extract_batch(documents, pipeline.repeated_furniture(documents)).extracted}
    assert loaded == [(expected[dropped.name],)] and expected[dropped.name] > 1  # what the extractor finds in it
    log = (tmp_path / "schedule.log").read_text(encoding="utf-8")
    assert re.search(r"run [0-9a-f]{8} completed: documents new 1, changed 0, unchanged \d+, failed 0; "
                     r"statistics loaded \d+; [\d.]+ s", log), log[-3000:]  # one line per run in the log


def test_a_run_that_comes_due_while_one_is_going_is_cancelled_not_queued():
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy

    from statwh.cli import one_run_at_a_time

    config = one_run_at_a_time()
    assert config.limit == 1 and config.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW


def _statistics(path: Path) -> list[tuple]:
    return _rows(path, "select * exclude (run_id) from v_statistics order by statistic_id")


@pytest.mark.slow
@pytest.mark.skipif(not DEV_DOCS.is_dir(), reason="no development documents")
def test_the_dask_task_runner_builds_the_same_warehouse_as_the_default_one(prefect_server, tmp_path):
    """And both the same as the pipeline's steps called without Prefect, which the fast tier's
    extraction and view tests use."""
    from conftest import load_without_prefect
    from flows.refresh import refresh_warehouse

    threads, dask, plain = tmp_path / "threads.duckdb", tmp_path / "dask.duckdb", tmp_path / "plain.duckdb"
    refresh_warehouse([DEV_DOCS], threads)
    load_without_prefect([DEV_DOCS], plain)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    command = [sys.executable, "-m", "statwh.cli", "run", str(DEV_DOCS), "--warehouse", str(dask),
               "--task-runner", "dask", "--dask-workers", "2"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
                          start_new_session=True) as run:
        servers, workers = _watch_session(run)
        output = run.stdout.read()
    assert run.returncode == 0, output
    # The run's one temporary Prefect server served its Dask workers too (each would start its own
    # if it found no API in its environment), and the workers were processes of their own.
    assert servers == 1 and workers >= 2, (servers, workers)
    assert len(_statistics(threads)) == len(_rows(plain, "select * from fact_statistic")) > 80
    assert _statistics(dask) == _statistics(threads) == _statistics(plain)


def _watch_session(process: subprocess.Popen) -> tuple[int, int]:
    """Until ``process`` ends: the most Prefect API servers and Dask worker processes seen at once
    in its session (it was started in a session of its own)."""
    import time

    most_servers = most_workers = 0
    while process.poll() is None:
        listed = subprocess.run(["ps", "-ww", "-s", str(process.pid), "-o", "args="], capture_output=True, text=True).stdout
        lines = listed.splitlines()
        most_servers = max(most_servers, sum("prefect.server.api.server:create_app" in line for line in lines))
        most_workers = max(most_workers, sum("from multiprocessing.spawn import spawn_main" in line
                                             or "distributed" in line for line in lines))
        time.sleep(0.2)
    return most_servers, most_workers


@pytest.mark.slow
def test_a_transient_error_is_retried_and_the_run_completes(prefect_server, tmp_path, seed_document, monkeypatch):
    from flows.refresh import refresh_warehouse

    calls = []
    real_load = pipeline.load_batch

    def flaky_load(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        return real_load(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_batch", flaky_load)
    summary = refresh_warehouse([seed_document], tmp_path / "w.duckdb")
    assert summary.status == "completed" and summary.statistics_loaded == 5 and len(calls) == 2


@pytest.mark.slow
def test_a_mistake_is_not_retried(prefect_server, tmp_path, seed_document, monkeypatch):
    from flows.refresh import refresh_warehouse

    calls = []

    def broken_load(*args, **kwargs):
        calls.append(1)
        raise ValueError("a bug, not a blip")

    monkeypatch.setattr(pipeline, "load_batch", broken_load)
    with pytest.raises(ValueError, match="a bug"):
        refresh_warehouse([seed_document], tmp_path / "w.duckdb")
    assert len(calls) == 1


def test_the_deployment_file_names_the_flow_and_only_its_parameters():
    import inspect

    from flows.refresh import refresh_warehouse

    declared = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    accepted = set(inspect.signature(refresh_warehouse.fn).parameters)
    assert declared["deployments"]
    for deployment in declared["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        assert (ROOT / path).is_file() and name == "refresh_warehouse"
        assert set(deployment["parameters"]) <= accepted
        assert deployment["concurrency_limit"] == 1


def _where_am_i(out: str) -> None:
    """The probe flow's body: what its process had imported when the flow began, and who forked it."""
    import json

    Path(out).write_text(json.dumps({"gx": "great_expectations" in sys.modules, "parent": os.getppid()}))


@pytest.mark.slow
def test_served_runs_start_from_a_process_that_imported_the_pipeline_and_great_expectations_once(
        prefect_server, tmp_path, monkeypatch):
    """What `statwh schedule` sets up (flows.runners.runs_start_warm): each served run is a fork of one
    process that imported its modules once, not a new interpreter that imports them again."""
    import json
    from multiprocessing import forkserver

    import prefect.runner._starter_direct as starter
    from prefect import flow

    from flows.runners import runs_start_warm

    monkeypatch.setattr(starter, "run_flow_in_subprocess", starter.run_flow_in_subprocess)  # put back afterwards
    runs_start_warm()  # flows.warm: the flow, Great Expectations, pandera warmed up
    probe = flow(name="where-am-i")(_where_am_i)
    outputs = [tmp_path / f"run{i}.json" for i in range(2)]
    for out in outputs:
        process = starter.run_flow_in_subprocess(probe, parameters={"out": str(out)})
        process.join(timeout=300)
        assert process.exitcode == 0
    seen = [json.loads(out.read_text()) for out in outputs]
    server_pid = forkserver._forkserver._forkserver_pid
    assert all(s["gx"] for s in seen)  # imported before the run began: the forkserver preloaded it
    assert {s["parent"] for s in seen} == {server_pid} and server_pid != os.getpid()
