"""What keeps `statwh server` to its user (issue 16): a credential for its API, made private and
reused; the server on loopback, refusing requests without the credential and cross-origin requests
from other origins; deployments that refuse other parameters; a local Dask cluster on loopback."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from flows.security import (CredentialError, ParametersRefused, load_or_create_credential, pinned_refresh_flow,
                            read_credential, refuse_other_parameters, server_environment)

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_SECONDS = 120


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_credential_is_made_once_readable_by_its_owner_alone_and_reused(tmp_path):
    path = tmp_path / "prefect-home" / "statwh-api-auth"
    made = load_or_create_credential(path)
    user, password = made.split(":")
    assert user == "statwh" and len(password) >= 40  # secrets.token_urlsafe(32)
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert load_or_create_credential(path) == read_credential(path) == made  # the same one, next time
    assert load_or_create_credential(tmp_path / "elsewhere" / "statwh-api-auth") != made  # random
    assert not [p for p in path.parent.iterdir() if p != path]  # no temporary file left behind


def test_processes_making_the_credential_at_once_end_up_with_the_same_one(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "statwh-api-auth"
    with ThreadPoolExecutor(8) as pool:
        made = set(pool.map(lambda _: load_or_create_credential(path), range(16)))
    assert made == {read_credential(path)}


def test_a_credential_file_other_users_could_read_or_a_link_is_refused(tmp_path):
    path = tmp_path / "statwh-api-auth"
    load_or_create_credential(path)
    path.chmod(0o644)
    with pytest.raises(CredentialError, match="other users"):
        load_or_create_credential(path)
    link = tmp_path / "link"
    link.symlink_to(path)
    path.chmod(0o600)
    with pytest.raises(CredentialError, match="symbolic link"):
        read_credential(link)


def test_the_server_is_told_to_listen_on_loopback_with_basic_auth_and_its_own_origin_only():
    env = server_environment(4321, "statwh:secret")
    assert env["PREFECT_SERVER_API_AUTH_STRING"] == env["PREFECT_API_AUTH_STRING"] == "statwh:secret"
    assert env["PREFECT_SERVER_API_HOST"] == "127.0.0.1"
    assert env["PREFECT_SERVER_CORS_ALLOWED_ORIGINS"] == "http://127.0.0.1:4321"
    assert env["PREFECT_SERVER_UI_API_URL"] == "http://127.0.0.1:4321/api"


def _pinned(tmp_path: Path) -> dict:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return {"paths": [str(inbox)], "warehouse_path": str(tmp_path / "w.duckdb"), "max_file_bytes": 50_000_000,
            "wait_seconds": 300.0}


def test_a_deployment_run_asking_for_other_folders_or_another_warehouse_is_refused_before_it_reads(tmp_path):
    import cloudpickle

    from flows.refresh import refresh_warehouse

    pinned = _pinned(tmp_path)
    secret, elsewhere = tmp_path / "secret", tmp_path / "elsewhere.duckdb"
    secret.mkdir()
    (secret / "s.txt").write_text("The secret: 45% of 200 people agreed in 2024.\n")
    flow = pinned_refresh_flow(pinned)
    assert flow.name == refresh_warehouse.name and flow.parameters == refresh_warehouse.parameters
    # What the runner does: the flow is pickled to the process that runs it; the check goes with it.
    flow = cloudpickle.loads(cloudpickle.dumps(flow))
    as_prefect_passes_them = {"paths": [Path(p) for p in pinned["paths"]],
                              "warehouse_path": Path(pinned["warehouse_path"]),
                              "max_file_bytes": 50_000_000, "wait_seconds": 300}
    refuse_other_parameters(pinned, as_prefect_passes_them)  # the same parameters pass
    for override in ({"paths": [secret]}, {"warehouse_path": elsewhere},
                     {"paths": [secret], "warehouse_path": elsewhere},
                     {"paths": [*pinned["paths"], secret]}, {"wait_seconds": 1e9}, {"max_file_bytes": 10**12}):
        with pytest.raises(ParametersRefused, match="refused: this deployment runs only with"):
            flow.fn(**(as_prefect_passes_them | override))
    with pytest.raises(ParametersRefused):
        flow.fn([secret], elsewhere)  # given positionally too
    assert not elsewhere.exists() and not Path(pinned["warehouse_path"]).exists()
    assert not list(tmp_path.glob("*.duckdb*")) and not list(tmp_path.glob("*.quality"))


def test_the_local_dask_cluster_is_asked_for_loopback_and_tls():
    from flows.runners import dask_task_runner

    kwargs = dask_task_runner(None, 2).cluster_kwargs
    assert kwargs["host"] == "127.0.0.1" and kwargs["dashboard_address"].startswith("127.0.0.1:")
    assert kwargs["security"].require_encryption


def _listening(pid: int) -> set[str]:
    """The addresses a process and its children listen on."""
    import psutil

    process = psutil.Process(pid)
    return {c.laddr.ip for p in [process, *process.children(recursive=True)]
            for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


@pytest.mark.slow
def test_the_local_dask_cluster_and_its_dashboard_listen_on_loopback_only():
    from distributed import Client, LocalCluster

    from flows.runners import local_cluster_kwargs

    with LocalCluster(**local_cluster_kwargs(1)) as cluster, Client(cluster) as client:
        assert client.submit(sum, [1, 2]).result() == 3
        assert cluster.scheduler_address.startswith("tls://127.0.0.1:")
        assert cluster.dashboard_link.startswith("http://127.0.0.1:")
        assert _listening(os.getpid()) == {"127.0.0.1"}  # scheduler, dashboard, worker and nanny


@pytest.mark.slow
def test_statwh_server_needs_the_credential_listens_on_loopback_and_allows_only_its_own_origin(tmp_path):
    from prefect.settings import PREFECT_API_AUTH_STRING, temporary_settings

    from flows.runners import ApiRefused, check_access
    from test_schedule import _free_port, _start, _stop, _wait_for

    port, home = _free_port(), tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_CORS_ALLOWED_ORIGINS": "*"}  # the user's own setting is overridden
    server = _start(["server", "--port", str(port)], tmp_path / "server.log", env)
    api, origin = f"http://127.0.0.1:{port}/api", f"http://127.0.0.1:{port}"
    try:
        def healthy() -> bool:  # /health answers without a credential, for probes
            try:
                return httpx.get(f"{api}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait_for(healthy, SERVER_START_SECONDS, "the Prefect server did not answer", tmp_path / "server.log")
        credential = home / "statwh-api-auth"
        assert _mode(credential) == 0o600
        user, password = read_credential(credential).split(":")
        flows = {"limit": 1}
        assert httpx.get(f"{api}/admin/version").status_code == 401
        assert httpx.post(f"{api}/flows/filter", json=flows).status_code == 401
        assert httpx.post(f"{api}/flows/filter", json=flows, auth=(user, "wrong")).status_code == 401
        assert httpx.post(f"{api}/flows/filter", json=flows, auth=(user, password)).status_code == 200
        assert httpx.get(f"{origin}/ui-settings").json()["auth"] == "BASIC"  # the UI asks for it

        def preflight(from_origin: str) -> httpx.Response:
            return httpx.options(f"{api}/deployments/filter", headers={
                "Origin": from_origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type"})

        foreign = preflight("http://evil.example")
        assert foreign.status_code != 200 and foreign.headers.get("access-control-allow-origin") is None
        assert preflight(origin).headers["access-control-allow-origin"] == origin
        assert _listening(server.pid) == {"127.0.0.1"}

        with pytest.raises(ApiRefused, match="needs a credential"):
            check_access(api)  # what `statwh schedule` says without the credential
        with temporary_settings({PREFECT_API_AUTH_STRING: f"{user}:{password}"}):
            assert check_access(api) is True
    finally:
        _stop(server)


def test_a_running_statwh_server_is_found_with_the_credential_and_nothing_else(tmp_path, monkeypatch):
    """`statwh run` with no PREFECT_API_URL uses a `statwh server` already running on loopback, when
    it answers to statwh's credential; a server that does not, or no credential, means none."""
    import base64
    import http.server
    import threading

    from flows import runners, security

    credential = "statwh:" + "s" * 43
    expected = "Basic " + base64.b64encode(credential.encode()).decode()

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            ok = self.path == "/api/health" and self.headers.get("Authorization") == expected
            self.send_response(200 if ok else 401)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    path = tmp_path / "statwh-api-auth"
    monkeypatch.setattr(security, "credential_path", lambda: path)
    try:
        assert runners.running_local_server(port) is None  # no credential: nothing to answer to
        path.write_text(credential, encoding="utf-8")
        path.chmod(0o600)
        assert runners.running_local_server(port) == f"http://127.0.0.1:{port}/api"
        path.write_text("statwh:" + "x" * 43, encoding="utf-8")
        assert runners.running_local_server(port) is None  # another server's credential: refused, not used
    finally:
        server.shutdown()
    assert runners.running_local_server(port) is None  # nothing listening


@pytest.mark.slow
def test_a_runs_temporary_server_is_on_loopback_behind_a_credential_of_its_own_and_stops(tmp_path, monkeypatch):
    from flows import runners

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    server = runners.LocalServer.start()
    try:
        server.wait(SERVER_START_SECONDS)
        assert server.api_url.startswith("http://127.0.0.1:")
        user, _, password = server.credential.partition(":")
        assert user == "statwh-run" and len(password) >= 30
        probe = f"{server.api_url}/admin/version"
        assert httpx.get(probe, timeout=10).status_code == 401
        assert httpx.get(probe, auth=("statwh", "x" * 43), timeout=10).status_code == 401
        assert httpx.get(probe, auth=(user, password), timeout=10).status_code == 200
        assert not (tmp_path / "prefect-home" / "statwh-api-auth").exists()  # never written down
    finally:
        server.stop()
    assert server.process.poll() is not None
