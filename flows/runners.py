"""Where a run's tasks execute, and the Prefect API that flows, schedules and workers talk to.

Threads in the flow's process by default; a Dask cluster (``--task-runner dask``) to spread
extraction over more processes or machines. Loading stays in the flow's process, the one writer.
A local cluster listens on 127.0.0.1 only (its scheduler, workers and dashboard) and speaks TLS
with a certificate made for the run: a process without it cannot hand the workers code. A Prefect
server on loopback gets statwh's credential (``flows/security.py``) from this process and the
workers it starts.
"""
from __future__ import annotations

import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import httpx

DASK_LOCAL_WORKERS = 2  # one per core on this machine


class ApiUnavailable(Exception):
    """No Prefect server answers where PREFECT_API_URL points (or it points nowhere)."""


class ApiRefused(Exception):
    """The Prefect server answers, but refuses the credential this process sends it (or sends none)."""


def dask_task_runner(address: str | None = None, workers: int = DASK_LOCAL_WORKERS):
    """Prefect's Dask task runner: on the cluster at ``address``, or on a local cluster of
    ``workers`` single-threaded processes (the extractor holds the GIL, so threads would not help)."""
    from prefect_dask import DaskTaskRunner

    # Each batch carries its documents' text to a worker: that is the point, not a mistake to warn of.
    warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(workers))


def local_cluster_kwargs(workers: int = DASK_LOCAL_WORKERS) -> dict:
    """A local Dask cluster of ``workers`` single-threaded processes, reachable from this machine only:
    scheduler, workers and dashboard on 127.0.0.1 (the dashboard on any free port: runs may overlap;
    Dask's default would be every interface), and TLS with a certificate made for this cluster, which
    every connection to its scheduler and workers must present."""
    from distributed.security import Security

    return {"n_workers": workers, "threads_per_worker": 1, "processes": True, "host": "127.0.0.1",
            "dashboard_address": "127.0.0.1:0", "security": Security.temporary()}


def configured_api_url() -> str | None:
    """The Prefect API this process would use: the environment's or the profile's PREFECT_API_URL."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


DEFAULT_SERVER_PORT = 4200  # where `statwh server` listens unless given --port


def server_port() -> int:
    """The port `statwh server` listens on and `statwh run` looks for it on: ``$STATWH_SERVER_PORT``, else 4200."""
    return int(os.environ.get("STATWH_SERVER_PORT") or DEFAULT_SERVER_PORT)


def running_local_server(port: int | None = None, timeout: float = 0.5) -> str | None:
    """The API of a `statwh server` running on this machine, when one answers on 127.0.0.1:``port``
    (default :func:`server_port`) to statwh's credential (it exists only where `statwh server` made
    it); else None. A run with no PREFECT_API_URL hands its run to it, or at least uses it instead of
    starting a temporary server of its own."""
    from flows.security import CredentialError, read_credential

    port = port or server_port()

    try:
        user, _, password = read_credential().partition(":")
    except (FileNotFoundError, CredentialError, OSError):
        return None
    url = f"http://127.0.0.1:{port}/api"
    try:
        answer = httpx.get(f"{url}/health", timeout=timeout, auth=(user, password))
    except httpx.HTTPError:
        return None
    return url if answer.status_code == 200 else None


def use_api(url: str) -> None:
    """Point this process, and the processes it starts, at the Prefect API at ``url``."""
    from prefect.context import refresh_global_settings_context

    os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()


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
    send_credential(url)
    return url


def send_credential(url: str) -> bool:
    """Have this process, and the processes it starts, send statwh's credential to the Prefect API at
    ``url``, if that is on loopback, the credential exists (`statwh server` makes it) and no other
    credential is configured (``PREFECT_API_AUTH_STRING`` or ``PREFECT_API_KEY``). True if it does.

    The credential goes into this process's environment, which the Dask workers and the processes
    of scheduled runs inherit, and into Prefect's settings, which were read when Prefect was imported."""
    from prefect.context import refresh_global_settings_context
    from prefect.settings import get_current_settings

    from flows.security import CredentialError, is_loopback, read_credential

    api = get_current_settings().api
    if api.auth_string is not None or api.key is not None or not is_loopback(url):
        return False
    try:
        credential = read_credential()
    except FileNotFoundError:
        return False
    except (CredentialError, OSError) as exc:
        print(f"statwh: not sending the Prefect API a credential: {exc}", file=sys.stderr)
        return False
    os.environ["PREFECT_API_AUTH_STRING"] = credential
    refresh_global_settings_context()
    return True


def check_access(url: str, timeout: float = 5.0) -> bool:
    """Whether the Prefect API at ``url`` is protected: True if it refuses a request without a
    credential and accepts the one this process sends; False if it accepts anyone (a server not
    started by `statwh server`); :class:`ApiRefused` if it refuses this process too."""
    from prefect.settings import get_current_settings

    from flows.security import credential_path

    probe = f"{url.rstrip('/')}/admin/version"
    secret = get_current_settings().api.auth_string
    user, _, password = secret.get_secret_value().partition(":") if secret is not None else ("", "", "")
    auth = (user, password) if secret is not None else None
    try:
        if httpx.get(probe, timeout=timeout).status_code == 200:
            return False
        answer = httpx.get(probe, auth=auth, timeout=timeout) if auth else None
    except httpx.HTTPError as exc:
        raise ApiUnavailable(f"the Prefect server at {url} stopped answering ({type(exc).__name__})") from None
    if answer is None or answer.status_code in (401, 403):
        said = ("it was refused" if answer is not None else
                f"none was found in PREFECT_API_AUTH_STRING or {credential_path()}")
        raise ApiRefused(
            f"the Prefect server at {url} needs a credential, and {said}: start the server with `statwh server` "
            "under the same user and PREFECT_HOME as this command, or set PREFECT_API_AUTH_STRING to its user:password")
    if answer.status_code != 200:
        raise ApiUnavailable(f"the Prefect server at {url} answered {answer.status_code} to {probe}")
    return True


class LocalServer:
    """A Prefect API server this process started on 127.0.0.1, behind a credential, ending with this
    process however that ends (Linux's parent-death signal: a run killed with SIGKILL leaves nothing
    behind): `statwh server`'s, or a run's temporary one (:meth:`start`)."""

    def __init__(self, port: int, credential: str, process: subprocess.Popen) -> None:
        self.port, self.credential, self.process = port, credential, process

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @classmethod
    def start(cls) -> LocalServer:
        """A run's temporary server, when no other is configured or running: what Prefect's ephemeral
        mode would start (the same uvicorn command and settings), but started at the top of
        ``statwh run``, before Prefect is imported, so that its 5-15 s start overlaps the run's own
        imports on the machine's other core; behind a credential made for the run, never written
        down. :meth:`wait` for it before the run talks to it."""
        from flows.security import server_environment

        port = _free_port()
        credential = f"statwh-run:{secrets.token_urlsafe(24)}"
        prefect_home = Path(importlib.util.find_spec("prefect").origin).parent  # not imported: that takes seconds
        # A run uses no blocks: registering Prefect's block types at start-up would import every
        # installed Prefect collection first (prefect-dask imports Dask: 0.5-1 s of the start).
        environment = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                       "PREFECT__SERVER_FINAL": "1", "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
                       "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false", **server_environment(port, credential)}
        environment.pop("PREFECT_API_URL", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_home.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=environment, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent(os.getpid()))
        return cls(port, credential, process)

    def use(self) -> None:
        """Point this process, and the processes it starts (Dask workers), at this server, with its credential."""
        os.environ["PREFECT_API_AUTH_STRING"] = self.credential
        use_api(self.api_url)

    def wait(self, timeout: float | None = None) -> None:
        """Return once the server answers; :class:`ApiUnavailable` if it ended or did not answer in time
        (``timeout``, default PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, else 120 s)."""
        from time import monotonic, sleep

        timeout = timeout or float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 120)
        user, _, password = self.credential.partition(":")
        deadline = monotonic() + timeout
        with httpx.Client(auth=(user, password), timeout=2.0) as client:
            while monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ApiUnavailable(f"the Prefect server on 127.0.0.1:{self.port} stopped as it started "
                                         f"(exit code {self.process.returncode}); its error is above")
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                sleep(0.1)
        self.stop()
        raise ApiUnavailable(f"the Prefect server on 127.0.0.1:{self.port} did not answer within {timeout:.0f} s "
                             "(set PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS to wait longer, or start "
                             "`statwh server` once and let runs use it)")

    def stop(self) -> None:
        """End the server (it answers SIGTERM within a second or two; then it is killed)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def die_with_parent(parent: int):
    """What a child runs between fork and exec to be sent SIGTERM when ``parent`` dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None

    def ask_for_death_signal() -> None:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)

    return ask_for_death_signal


# What a served run's process needs, imported once by the process served runs are forked from.
WARM_MODULES = ("flows.warm",)


def runs_start_warm(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Have the flow runs this process serves (``flow.serve``) start as forks of one process that has
    imported Prefect, the pipeline and Great Expectations once, instead of as new interpreters that
    import them again for every run (about 4 s, and 6-12 s more for the quality check's Great
    Expectations). Python's forkserver does it: a single-threaded process, started now, imports
    ``modules`` and forks a child for each run, which Prefect then drives as before.

    Prefect starts a served run with ``run_flow_in_subprocess``, whose reference in its direct
    starter is there to be replaced (its docstring says so); the replacement calls Prefect's own
    function with the forkserver in place of the fresh interpreter ("spawn") it asks for.
    """
    import multiprocessing
    from multiprocessing import forkserver

    import prefect.flow_engine as engine
    import prefect.runner._starter_direct as starter

    if getattr(starter.run_flow_in_subprocess, "starts_warm", False):
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(modules))
    forkserver.ensure_running()  # now, so the imports are done by the first run
    fresh_interpreter = engine.run_flow_in_subprocess

    class _Forkserver:
        """Stands in for the multiprocessing module in Prefect's function: every context is the forkserver."""

        @staticmethod
        def get_context(method: str | None = None):
            return context

    def run_flow_in_warm_subprocess(*args, **kwargs):  # type: ignore[no-untyped-def]
        module = engine.multiprocessing
        engine.multiprocessing = _Forkserver  # type: ignore[assignment]
        try:
            return fresh_interpreter(*args, **kwargs)
        finally:
            engine.multiprocessing = module

    run_flow_in_warm_subprocess.starts_warm = True  # type: ignore[attr-defined]
    starter.run_flow_in_subprocess = run_flow_in_warm_subprocess


# The deployment `statwh server` serves for `statwh run`: any folders and warehouse, run on demand.
ON_DEMAND_DEPLOYMENT = "statwh-run"
ON_DEMAND_POLL_SECONDS = 0.2  # how often the server's runner looks for runs to start (Prefect's default: 10)


def serve_runs_on_demand(api_url: str, limit: int = 2) -> None:
    """Serve the refresh flow, on the Prefect API at ``api_url``, as the deployment `statwh run` hands
    its runs to when `statwh server` is running, each run forked from a process that imported the
    pipeline and Great Expectations once (:func:`runs_start_warm`); until interrupted. At most
    ``limit`` runs at once (each warehouse has one writer at a time anyway: ``statwh.publish.writer_lock``)."""
    # The runs log their summaries, which `statwh run` prints, at INFO, and send their logs in batches:
    # small ones, often.
    os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    os.environ["PREFECT_LOGGING_TO_API_BATCH_INTERVAL"] = "0.2"
    use_api(api_url)
    runs_start_warm()  # the forkserver starts with the environment above
    import asyncio

    from prefect.runner import Runner

    from flows.refresh import refresh_warehouse

    # What flow.serve does, with the runner looking for new runs every 0.2 s (serve takes Prefect's
    # setting, whole seconds, 10 by default): a run handed over waits 0.1 s for it on average.
    runner = Runner(name=ON_DEMAND_DEPLOYMENT, limit=limit, query_seconds=ON_DEMAND_POLL_SECONDS)
    runner.add_flow(refresh_warehouse, name=ON_DEMAND_DEPLOYMENT)
    asyncio.run(runner.start())


FINAL_STATES = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")
BUSY_STATUSES = (429, 502, 503)  # a Prefect server answers 503 while its SQLite database is locked by a write
BUSY_RETRY_SECONDS = (0.1, 0.2, 0.4, 0.8, 1.6, 3.2)


class _RetryBusy(httpx.BaseTransport):
    """A transport that sends a request again, after a pause, while the server says it is busy
    (:data:`BUSY_STATUSES`): a `statwh server` under load answered 503 to one request in a few
    hundred, and the run then fell back to running in the command's own process."""

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self.transport = transport

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from time import sleep

        for pause in BUSY_RETRY_SECONDS:
            response = self.transport.handle_request(request)
            if response.status_code not in BUSY_STATUSES:
                return response
            response.close()
            sleep(pause)
        return self.transport.handle_request(request)

    def close(self) -> None:
        self.transport.close()


def run_on_server(url: str, credential: str, parameters: dict, poll_seconds: float = 0.1) -> dict | None:
    """Have the `statwh server` at ``url`` run the refresh flow with ``parameters`` in its warm process
    and wait for the run to end: the flow run as the API describes it, with the messages its flow
    logged (``logs``); None when the server serves no on-demand deployment (a plain Prefect server,
    or a `statwh server` from before it did), so the caller runs the flow itself. Talks to the REST
    API directly: importing Prefect's client would cost this process 2 s."""
    from time import monotonic, sleep

    user, _, password = credential.partition(":")
    with httpx.Client(base_url=url.rstrip("/"), auth=(user, password), timeout=30.0,
                      transport=_RetryBusy(httpx.HTTPTransport())) as client:
        found = client.get(f"/deployments/name/refresh-warehouse/{ON_DEMAND_DEPLOYMENT}")
        if found.status_code == 404:
            return None
        found.raise_for_status()
        created = client.post(f"/deployments/{found.json()['id']}/create_flow_run",
                              json={"parameters": parameters, "state": {"type": "SCHEDULED", "name": "Scheduled"}})
        created.raise_for_status()
        run_id = created.json()["id"]
        try:
            while True:
                run = client.get(f"/flow_runs/{run_id}").raise_for_status().json()
                if run.get("state_type") in FINAL_STATES:
                    break
                sleep(poll_seconds)
        except KeyboardInterrupt:  # the user gave up on it: so does the server
            client.post(f"/flow_runs/{run_id}/set_state", json={"state": {"type": "CANCELLING"}, "force": True})
            raise
        # The run's process sends its logs in the background: the summary may come a moment after the state.
        deadline = monotonic() + (3.0 if run.get("state_type") == "COMPLETED" else 0.5)
        while True:
            logs = client.post("/logs/filter", json={"logs": {"flow_run_id": {"any_": [run_id]}},
                                                     "sort": "TIMESTAMP_ASC", "limit": 200})
            run["logs"] = [entry["message"] for entry in (logs.json() if logs.status_code == 200 else [])
                           if entry.get("name") == "prefect.flow_runs"]
            if any(message.startswith("run ") for message in run["logs"]) or monotonic() > deadline:
                return run
            sleep(poll_seconds)
