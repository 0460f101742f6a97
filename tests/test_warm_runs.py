"""`statwh run` with a `statwh server` running (issue 17): the server runs the flow in a process that
has loaded the pipeline and Great Expectations once, and the command prints what the run did and
exits as a local run would."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_SECONDS = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _statwh(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "statwh.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_statwh_run_hands_its_run_to_a_running_statwh_server_and_exits_as_a_local_run_would(tmp_path, seed_document):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "STATWH_SERVER_PORT": str(port)}
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "statwh.cli", "server"], stdout=output,
                                  stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while "serving `statwh run`" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.5)
        assert "serving `statwh run`" in log.read_text(), log.read_text()[-3000:]
        import httpx

        from flows.security import read_credential

        user, _, password = read_credential(tmp_path / "prefect-home" / "statwh-api-auth").partition(":")
        deployment = f"http://127.0.0.1:{port}/api/deployments/name/refresh-warehouse/statwh-run"
        while httpx.get(deployment, auth=(user, password)).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)  # the runner registers it as it starts serving
        docs, warehouse = tmp_path / "docs", tmp_path / "w.duckdb"
        docs.mkdir()
        shutil.copy(seed_document, docs / "seed.txt")

        first = _statwh(env, "run", str(docs), "--warehouse", str(warehouse))
        assert first.returncode == 0, first.stdout + first.stderr
        assert f"run by the statwh server at http://127.0.0.1:{port}/api" in first.stdout, first.stderr[-2000:]
        assert "documents read: 1  new: 1" in first.stdout and "loaded: 5" in first.stdout
        assert "extracting (1 new" in log.read_text()  # the progress lines are the server's
        # The command itself imports almost nothing: it talks to the server's REST API.
        probe = ("import sys; from statwh.cli import main; code = main(sys.argv[1:]); "
                 "print('HEAVY=' + ','.join(sorted(m for m in ('prefect', 'great_expectations', 'pandera', 'pandas') "
                 "if m in sys.modules))); sys.exit(code)")
        second = subprocess.run([sys.executable, "-c", probe, "run", str(docs), "--warehouse", str(warehouse)],
                                capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        assert second.returncode == 0 and "unchanged: 1" in second.stdout, second.stdout + second.stderr
        assert "run by the statwh server" in second.stdout and "HEAVY=\n" in second.stdout, second.stdout + second.stderr
        # Unlike a schedule's deployment, statwh-run takes any folders and warehouse it is given.
        other = _statwh(env, "run", str(seed_document.parent), "--warehouse", str(tmp_path / "other.duckdb"))
        assert other.returncode == 0 and "run by the statwh server" in other.stdout, other.stdout + other.stderr

        (docs / "empty.txt").write_text("", encoding="utf-8")  # cannot be read: --strict fails the command
        strict = _statwh(env, "run", str(docs), "--warehouse", str(warehouse), "--strict")
        assert strict.returncode == 1 and "could not be read, and --strict was given" in strict.stderr, strict.stderr

        broken = tmp_path / "broken.duckdb"
        broken.write_text("not a database", encoding="utf-8")
        failed = _statwh(env, "run", str(docs), "--warehouse", str(broken))
        assert failed.returncode == 1 and "statwh: the run failed:" in failed.stderr, failed.stdout + failed.stderr
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        runs = con.execute("select status, flow_run_id from v_runs order by started_at").fetchall()
    finally:
        con.close()
    assert [status for status, _ in runs] == ["completed"] * 3 and all(flow_run for _, flow_run in runs)


def test_a_busy_server_is_asked_again_before_the_run_falls_back(monkeypatch):
    """A Prefect server answers 503 while its database is locked: the hand-over waits and asks again."""
    import httpx

    from flows import runners

    monkeypatch.setattr(runners, "BUSY_RETRY_SECONDS", (0, 0, 0))
    answers = iter([503, 503, 200])
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.content)
        return httpx.Response(next(answers), json={"id": "x"})

    with httpx.Client(transport=runners._RetryBusy(httpx.MockTransport(answer))) as client:
        assert client.post("http://127.0.0.1:9/api/x", json={"a": 1}).status_code == 200
    assert len(calls) == 3 and len(set(calls)) == 1  # the same request each time
    always_busy = runners._RetryBusy(httpx.MockTransport(lambda request: httpx.Response(503)))
    with httpx.Client(transport=always_busy) as client:
        assert client.get("http://127.0.0.1:9/api/x").status_code == 503  # then the caller falls back
