"""The ``statwh`` command: run the pipeline and query the warehouse.

    statwh run [PATH ...] [--warehouse FILE] [--strict] [--max-file-mb MB] [--wait SECONDS]
               [--task-runner threads|dask] [--dask-address tcp://HOST:PORT] [--dask-workers N]
    statwh schedule [PATH ...] (--interval SECONDS | --cron EXPR) [--warehouse FILE] [--name NAME]
    statwh server [--port PORT]
    statwh query "SQL" [--format table|csv|json] [--warehouse FILE]
    statwh check [--warehouse FILE] [--wait SECONDS]
    statwh runs [--limit N] [--warehouse FILE]
    statwh explain PATH|TEXT [--format text|json] [--publisher NAME]
    statwh export DIR [--format parquet|csv] [--warehouse FILE]
    statwh report [--warehouse FILE] [--out DIR]
"""
from __future__ import annotations

import argparse
import atexit
import csv
import io
import json
import logging
import os
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from statwh.paths import DEFAULT_WAIT_SECONDS, MAX_FILE_BYTES, SEED_DOCUMENTS_DIR, default_warehouse

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors prefixed by the command name (exit code 2), and an argument no
    subcommand knows reported with that subcommand's usage (`statwh run --bogus` shows run's), not
    the top-level one argparse would show."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            commands = next((a.choices for a in self._actions if isinstance(a, argparse._SubParsersAction)), {})
            subcommand = commands.get(getattr(parsed, "command", None), self)
            subcommand.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = _Parser(prog="statwh", description="A warehouse of the statistics stated in documents.")
    warehouse = default_warehouse()
    warehouse_help = ("DuckDB file (default: %(default)s, from $STATWH_WAREHOUSE)" if os.environ.get("STATWH_WAREHOUSE")
                      else "DuckDB file (default: %(default)s; set STATWH_WAREHOUSE to change it)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="read documents, extract statistics and load the warehouse")
    run.add_argument("paths", nargs="*", type=Path,
                     help="files or folders of documents: text, Markdown, HTML, PDF, Word, JSON records "
                          f"(default: {SEED_DOCUMENTS_DIR})")
    run.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)
    run.add_argument("--strict", action="store_true",
                     help="exit with status 1 if any file could not be read (the others are still loaded)")
    run.add_argument("--max-file-mb", type=float, default=MAX_FILE_BYTES / 1e6, metavar="MB",
                     help="refuse files larger than this (default: %(default)g)")
    run.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS, metavar="SECONDS",
                     help="while another run is writing the warehouse, wait this long for it, then give up "
                          "(default: %(default)g)")
    run.add_argument("--task-runner", choices=("threads", "dask"), default="threads",
                     help="where extraction runs: threads in this process, or a Dask cluster (default: %(default)s)")
    run.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                     help="the Dask scheduler to use (its workers need PREFECT_API_URL); default: a local cluster")
    run.add_argument("--dask-workers", type=int, default=2, metavar="N",
                     help="processes in the local Dask cluster (default: %(default)s)")

    schedule = commands.add_parser(
        "schedule", help="refresh the warehouse on a schedule, through a Prefect server",
        description="Serve the refresh flow as a deployment on the Prefect server at PREFECT_API_URL (start one "
                    "with `statwh server`). Its runs read only these paths and write only this warehouse: a run "
                    "started through the API with other parameters is refused.")
    schedule.add_argument("paths", nargs="*", type=Path, help=f"files or folders to read (default: {SEED_DOCUMENTS_DIR})")
    when = schedule.add_mutually_exclusive_group(required=True)
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every this many seconds")
    when.add_argument("--cron", metavar="EXPR", help='run on a cron schedule, e.g. "0 6 * * *" (06:00 daily)')
    schedule.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)
    schedule.add_argument("--name", default="scheduled-refresh", help="the deployment's name (default: %(default)s)")
    schedule.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS, metavar="SECONDS",
                          help="how long a run waits for another to finish writing (default: %(default)g)")

    server = commands.add_parser(
        "server", help="start a local Prefect server (for schedules and the Prefect UI)",
        description="Start Prefect's server on 127.0.0.1, its API protected by a credential made on first use "
                    "and kept in $PREFECT_HOME/statwh-api-auth (default ~/.prefect/statwh-api-auth, mode 0600); "
                    "statwh commands send it, the UI asks for it.")
    server.add_argument("--port", type=int, default=int(os.environ.get("STATWH_SERVER_PORT") or 4200),
                        help="port on 127.0.0.1 (default: $STATWH_SERVER_PORT, else 4200; `statwh run` looks "
                             "for the server there)")

    query = commands.add_parser("query", help="run a read-only SQL query against the warehouse",
                                description=QUERY_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("sql", help='for example "select * from v_statistics limit 5"; several statements '
                                   "separated by ';' if all are allowed (the last one's rows are printed)")
    query.add_argument("--format", choices=("table", "csv", "json", "jsonl"), default="table",
                       help="an aligned table, CSV with a header, a JSON array of objects, or JSON lines (one "
                            "object per line) (default: %(default)s)")
    query.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)

    check = commands.add_parser("check", help="run the data-quality checkpoint over the warehouse now")
    check.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)
    check.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS, metavar="SECONDS",
                       help="while a run is writing the warehouse, wait this long for it (default: %(default)g)")

    export = commands.add_parser("export", help="write every view to files, for tools without a DuckDB driver")
    export.add_argument("directory", type=Path, help="folder to write into (created if missing)")
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    export.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)

    explain = commands.add_parser(
        "explain", help="show each number of a document or sentence, whether it became a statistic, and why")
    explain.add_argument("target", metavar="PATH|TEXT",
                         help="a document file (any format `run` reads), or a sentence or text in quotes")
    explain.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    explain.add_argument("--publisher", help="for TEXT: who published it (an organisation's own release may be "
                                             "the source of its unattributed figures; a news outlet never is)")

    report = commands.add_parser(
        "report", help="write a static HTML report of the warehouse, with charts, that opens offline",
        description="Write the warehouse's report: figures stated by more than one document, measure series, "
                    "disagreements, sources over time and the warehouse's health, each chart with its data as a "
                    "table and each figure with its sentence. It reads the warehouse read-only and opens with no "
                    "network (its chart scripts are copied beside it).")
    report.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)
    report.add_argument("--out", type=Path, metavar="DIR",
                        help="folder to write it into (default: <warehouse file>.report beside the warehouse)")

    runs = commands.add_parser("runs", help="list the latest pipeline runs")
    runs.add_argument("--limit", type=int, default=10, help="how many (default: %(default)s)")
    runs.add_argument("--warehouse", type=Path, default=warehouse, help=warehouse_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    if args.command == "run":
        if args.max_file_mb <= 0:
            print("statwh: --max-file-mb must be more than 0", file=sys.stderr)
            return EXIT_USAGE
        if args.dask_address and args.task_runner != "dask":
            print("statwh: --dask-address needs --task-runner dask", file=sys.stderr)
            return EXIT_USAGE
        return _run(args.paths or [SEED_DOCUMENTS_DIR], args.warehouse, args.strict, int(args.max_file_mb * 1e6),
                    args.wait, args.task_runner, args.dask_address, args.dask_workers)
    if args.command == "schedule":
        return _schedule(args.paths or [SEED_DOCUMENTS_DIR], args.warehouse, args.interval, args.cron, args.name,
                         args.wait)
    if args.command == "server":
        return _server(args.port)
    if args.command == "check":
        return _check(args.warehouse, args.wait)
    if args.command == "export":
        return _export(args.directory, args.format, args.warehouse)
    if args.command == "explain":
        return _explain(args.target, args.format, args.publisher)
    if args.command == "report":
        return _report(args.warehouse, args.out)
    if args.command == "runs":
        return _query(
            "select started_at, status, documents_read, documents_new, documents_changed, documents_unchanged, "
            "documents_retired, documents_failed, statistics_loaded, statistics_quarantined, duration_seconds, "
            "seconds_ingest, seconds_extract, seconds_validate, seconds_load, seconds_check, seconds_publish, "
            f"error_message from v_runs limit {max(1, args.limit)}", "table", args.warehouse)
    return _query(args.sql, args.format, args.warehouse)


def _explain(target: str, output_format: str, publisher: str | None) -> int:
    """Explain a file's documents, or a text given on the command line."""
    from statwh.explain import as_json, explain, format_explanation
    from statwh.ingest import read_documents

    path = Path(target)
    is_file = "\n" not in target and len(target) < 4096 and path.is_file()
    if not is_file and "\n" not in target and len(target) < 4096 and (path.suffix or "/" in target) and " " not in target:
        print(f"statwh: no such file: {target} (to explain a sentence, give it in quotes with its spaces)",
              file=sys.stderr)
        return EXIT_USAGE
    if is_file:
        try:
            documents = read_documents(path)
        except (ValueError, OSError) as exc:
            print(f"statwh: cannot read {target}: {exc}", file=sys.stderr)
            return EXIT_FAILED
        parts: list[tuple[str | None, list]] = [
            (f"# {d.path}" + (f" ({d.title})" if d.title else ""), explain(d.text, d.title, d.publisher, d.published_on))
            for d in documents]
    else:
        parts = [(None, explain(target, None, publisher, None))]
    if output_format == "json":
        print(as_json([e for _, explained in parts for e in explained]))
    else:
        print("\n\n".join(format_explanation(explained, heading) for heading, explained in parts))
    return EXIT_OK


def _report(warehouse_path: Path, out_dir: Path | None) -> int:
    """Write the warehouse's HTML report and say where it is."""
    import duckdb

    from statwh.quality import docs_dir
    from statwh.report import write_report
    from statwh.warehouse import WarehouseError

    try:
        docs = docs_dir(warehouse_path) / "index.html"
        report = write_report(warehouse_path, out_dir, docs if docs.is_file() else None)
    except WarehouseError as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return _exit_code_of(exc)
    except (OSError, duckdb.Error) as exc:
        print(f"statwh: the report failed: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_FAILED
    print(report.describe())
    return EXIT_OK


def _check(warehouse_path: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> int:
    """Run the quality checkpoint on demand: exit 1, naming them, if critical expectations fail."""
    if not warehouse_path.is_file():
        from statwh.warehouse import missing_warehouse

        print(f"statwh: {missing_warehouse(warehouse_path)}", file=sys.stderr)
        return EXIT_USAGE
    import duckdb

    from statwh import quality
    from statwh.publish import publishing
    from statwh.warehouse import WarehouseError, connect, failure_line, migrate

    try:
        # The results are stored in the warehouse, so a check publishes a new version like a run does.
        with publishing(warehouse_path, wait_seconds) as work:
            con = connect(work)
            try:
                migrate(con)
                report = quality.run_checkpoint(con, None, quality.docs_dir(warehouse_path))
            finally:
                con.close()
    except WarehouseError as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (OSError, duckdb.Error) as exc:  # a full disk, a read-only folder: one line
        print(f"statwh: the check failed: {failure_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(report.describe())
    print(f"  Data Docs: {quality.docs_dir(warehouse_path) / 'index.html'}")
    return EXIT_FAILED if report.critical_failures else EXIT_OK


def _run(paths: list[Path], warehouse_path: Path, strict: bool = False, max_file_bytes: int = MAX_FILE_BYTES,
         wait_seconds: float = DEFAULT_WAIT_SECONDS, task_runner: str = "threads", dask_address: str | None = None,
         dask_workers: int = 2) -> int:
    if _report_missing(paths):
        return EXIT_USAGE
    if warehouse_path.exists() and warehouse_path.is_dir():
        print(f"statwh: --warehouse {warehouse_path} is a folder; give a file name", file=sys.stderr)
        return EXIT_USAGE

    from flows.settings import apply_offline_defaults

    apply_offline_defaults()
    from flows.runners import LocalServer, running_local_server

    found = server = None
    if not os.environ.get("PREFECT_API_URL") and not dask_address:
        found = running_local_server()  # a `statwh server` on this machine: no temporary one to start
        if found and task_runner == "threads":  # it runs the flow in its warm process, if it serves runs
            code = _run_on_server(found, paths, warehouse_path, strict, max_file_bytes, wait_seconds)
            if code is not None:
                return code
        if not found:  # started now, it gets ready (5-15 s) while this process imports Prefect and the flow
            server = LocalServer.start()
    try:
        return _run_flow(paths, warehouse_path, strict, max_file_bytes, wait_seconds, task_runner, dask_address,
                         dask_workers, found, server)
    finally:
        if server is not None:
            server.stop()


def _run_on_server(url: str, paths: list[Path], warehouse_path: Path, strict: bool, max_file_bytes: int,
                   wait_seconds: float) -> int | None:
    """Hand the run to the `statwh server` at ``url`` and print what it did; None when that server
    serves no runs (the caller runs the flow itself)."""
    import httpx

    from flows.runners import run_on_server
    from flows.security import CredentialError, read_credential

    parameters = {"paths": [str(p.resolve()) for p in paths], "warehouse_path": str(warehouse_path.resolve()),
                  "max_file_bytes": max_file_bytes, "wait_seconds": wait_seconds}
    started = time.perf_counter()
    try:
        run = run_on_server(url, read_credential(), parameters)
    except (httpx.HTTPError, CredentialError, OSError, ValueError) as exc:
        print(f"statwh: the statwh server at {url} could not take the run ({type(exc).__name__}: {exc}); "
              "running it here", file=sys.stderr)
        return None
    if run is None:
        return None
    print(f"statwh: run by the statwh server at {url} (flow run {run.get('name')}), in its warm process", flush=True)
    for message in run["logs"]:
        if message.startswith("run "):
            print(message)
    if run.get("state_type") != "COMPLETED":
        reason = (run.get("state") or {}).get("message") or run.get("state_type", "").lower()
        print(f"statwh: the run failed: {reason}", file=sys.stderr)
        return EXIT_FAILED
    print(f"  wall time: {time.perf_counter() - started:.1f} s")
    if strict:
        failed = _documents_failed(warehouse_path, run["id"])
        if failed:
            print(f"statwh: {failed} file(s) could not be read, and --strict was given", file=sys.stderr)
            return EXIT_FAILED
    return EXIT_OK


def _documents_failed(warehouse_path: Path, flow_run_id: str) -> int:
    """How many files the run with this Prefect flow run id could not read, from its ``etl_run`` row."""
    con = _open_read_only(warehouse_path)
    if isinstance(con, int):
        return 0
    with con:
        row = con.execute("select documents_failed from etl_run where flow_run_id = ?", [flow_run_id]).fetchone()
    return int(row[0] or 0) if row else 0


def _run_flow(paths: list[Path], warehouse_path: Path, strict: bool, max_file_bytes: int, wait_seconds: float,
              task_runner: str, dask_address: str | None, dask_workers: int, found: str | None,
              server) -> int:
    """The run, once the Prefect API it reports to is known: the one configured, a running
    `statwh server` (``found``), or the run's own temporary ``server``."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.refresh import refresh_warehouse
    import duckdb

    from flows.runners import ApiUnavailable, configured_api_url, dask_task_runner, require_server, use_api
    from statwh.warehouse import WarehouseError, failure_line

    _one_line_failures()
    api = configured_api_url()  # the environment's, or the profile's (read now that Prefect is imported)
    if api and server is not None:
        server.stop()
        server = found = None
    if found:
        use_api(found)
        api = found
        print(f"statwh: using the Prefect server running at {found} (statwh server)", flush=True)
    from statwh.pipeline import may_change_data
    from statwh.quality import import_in_background

    if may_change_data(paths, warehouse_path):  # the check will run: Great Expectations loads meanwhile
        import_in_background()
    if server is not None:
        server.use()
    elif api:
        try:
            require_server(api)
        except ApiUnavailable:
            print(f"statwh: PREFECT_API_URL is {api}, but no Prefect server answers there: start it "
                  "(statwh server), or unset PREFECT_API_URL to let the run start a temporary one", file=sys.stderr)
            return EXIT_FAILED
    if dask_address and not api:
        print("statwh: the workers of a Dask cluster report to Prefect's API: start a server they can reach "
              "(statwh server), and set PREFECT_API_URL here and on the workers", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    try:
        if server is not None:
            server.wait()
        # A heartbeat costs about a second per flow run and serves only long-running workers.
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            if task_runner == "dask":
                flow = refresh_warehouse.with_options(task_runner=dask_task_runner(dask_address, dask_workers))
                summary = flow(paths, warehouse_path, max_file_bytes, wait_seconds)
            else:
                summary = refresh_warehouse(paths, warehouse_path, max_file_bytes, wait_seconds)
    except ApiUnavailable as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except WarehouseError as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (OSError, duckdb.Error) as exc:  # a full disk, a read-only folder: said in one line, recorded in etl_run
        print(f"statwh: the run failed: {failure_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(summary.describe())
    print(f"  wall time with Prefect start-up: {time.perf_counter() - started:.1f} s")
    if strict and summary.documents_failed:
        print(f"statwh: {summary.documents_failed} file(s) could not be read, and --strict was given", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


class _WithoutTraceback(logging.Filter):
    """Prefect's log of a failed task or flow, without the traceback under it: the user reads what
    failed in one line, then statwh's own line saying why (STATWH_DEBUG=1 keeps the tracebacks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


def _one_line_failures() -> None:
    if os.environ.get("STATWH_DEBUG"):
        return
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _WithoutTraceback) for f in logger.filters):  # once, however many runs
            logger.addFilter(_WithoutTraceback())


def _report_missing(paths: list[Path]) -> bool:
    """Say which input paths do not exist; True if any."""
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(f"statwh: no such file or folder: {path}", file=sys.stderr)
    return bool(missing)


def _schedule(paths: list[Path], warehouse_path: Path, interval: float | None, cron: str | None, name: str,
              wait_seconds: float) -> int:
    """Serve the refresh flow as a deployment on the configured Prefect server until interrupted. The
    deployment runs only with the folders, warehouse and settings given here (flows/security.py)."""
    if _report_missing(paths):
        return EXIT_USAGE
    if interval is not None and interval <= 0:
        print("statwh: --interval must be more than 0 seconds", file=sys.stderr)
        return EXIT_USAGE
    from flows.settings import apply_offline_defaults

    apply_offline_defaults()
    from flows.runners import ApiRefused, ApiUnavailable, check_access, require_server

    try:
        url = require_server()  # and sends statwh's credential to it, if it is on loopback
        protected = check_access(url)
    except (ApiUnavailable, ApiRefused) as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not protected:
        print(f"statwh: warning: the Prefect server at {url} accepts requests without a credential, so any "
              "local process can read its runs and start them; `statwh server` starts one that does not",
              file=sys.stderr)
    from flows.security import pinned_refresh_flow
    from statwh.ingest import MAX_FILE_BYTES

    parameters = {"paths": [str(p.resolve()) for p in paths], "warehouse_path": str(warehouse_path.resolve()),
                  "max_file_bytes": MAX_FILE_BYTES, "wait_seconds": wait_seconds}
    flow = pinned_refresh_flow(parameters)  # a run asking for other parameters fails before it starts
    from flows.runners import runs_start_warm

    runs_start_warm()  # each run forks from a process that imported Prefect, the pipeline and GX once
    when = f"every {interval:g} s" if interval is not None else f"on cron {cron!r}"
    print(f"statwh: serving deployment {flow.name}/{name} on {url}, {when}: "
          f"{', '.join(parameters['paths'])} -> {parameters['warehouse_path']} (Ctrl-C to stop)", flush=True)
    flow.serve(name=name, interval=interval, cron=cron, parameters=parameters, global_limit=one_run_at_a_time(),
               print_starting_message=False)
    return EXIT_OK


def one_run_at_a_time():
    """The deployment's concurrency: one run at a time, and a run that comes due while one is still going
    is cancelled by Prefect (state Cancelled, its reason logged), not queued: queued runs piled up and
    started minutes late (issue 17)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    return ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)


def _server(port: int) -> int:
    """Run a Prefect server on 127.0.0.1 (a child process), its API behind statwh's credential, made on
    first use (flows/security.py), and answering cross-origin requests only from its own origin; and
    serve the runs `statwh run` hands it, each forked from this process's warm copy of the pipeline
    and Great Expectations (flows.runners.serve_runs_on_demand). Until interrupted."""
    import os
    import subprocess

    from flows.settings import apply_offline_defaults

    apply_offline_defaults()
    from flows.runners import ApiUnavailable, LocalServer, die_with_parent, serve_runs_on_demand
    from flows.security import CredentialError, credential_path, load_or_create_credential, server_environment

    path = credential_path()
    try:
        credential = load_or_create_credential(path)
    except (CredentialError, OSError) as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_FAILED
    os.environ.update(server_environment(port, credential))
    print(f"statwh: starting Prefect's server on 127.0.0.1:{port} (this machine only). Its API needs the "
          f"credential in {path} (yours alone to read): statwh commands send it; the UI at "
          f"http://127.0.0.1:{port} asks for it once (paste the file's line); "
          f'curl -u "$(cat {path})" ... In other shells, '
          f"export PREFECT_API_URL=http://127.0.0.1:{port}/api", flush=True)
    process = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                "--port", str(port)], preexec_fn=die_with_parent(os.getpid()))
    server = LocalServer(port, credential, process)
    try:
        server.wait()
        print(f"statwh: serving `statwh run`: runs start from a process that has loaded the pipeline and "
              f"Great Expectations once (Ctrl-C stops the server)", flush=True)
        serve_runs_on_demand(server.api_url)
    except ApiUnavailable as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK


def _open_read_only(warehouse_path: Path):
    """The warehouse opened read-only, or the exit code after saying why it cannot be."""
    from statwh.warehouse import WarehouseError, connect

    try:
        return connect(warehouse_path, read_only=True)
    except WarehouseError as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return _exit_code_of(exc)


def _exit_code_of(exc: Exception) -> int:
    """2 for a warehouse path that leads nowhere (as for any missing path), else 1."""
    from statwh.warehouse import WarehouseMissing

    return EXIT_USAGE if isinstance(exc, WarehouseMissing) else EXIT_FAILED


def _export(directory: Path, output_format: str, warehouse_path: Path) -> int:
    """Write each view of the warehouse to DIRECTORY/<view>.<format>, read-only."""
    con = _open_read_only(warehouse_path)
    if isinstance(con, int):
        return con
    try:
        directory.mkdir(parents=True, exist_ok=True)
        views = [row[0] for row in con.execute(
            "select view_name from duckdb_views() where not internal and schema_name = 'main' order by 1").fetchall()]
        options = "(format parquet)" if output_format == "parquet" else "(format csv, header true)"
        for view in views:
            target = directory / f"{view}.{output_format}"
            con.execute(f"copy (select * from {view}) to '{str(target).replace(chr(39), chr(39) * 2)}' {options}")
            rows = con.execute(f"select count(*) from {view}").fetchone()[0]
            print(f"{target}: {rows} rows")
    finally:
        con.close()
    return EXIT_OK


QUERY_DESCRIPTION = """\
Run SQL that reads the warehouse, and print its rows. Only these statements run:
  SELECT, with WITH, FROM ..., VALUES, UNION/INTERSECT/EXCEPT, PIVOT ... IN (...)
  DESCRIBE, SHOW, SHOW TABLES, SUMMARIZE
  EXPLAIN [ANALYZE] of a SELECT
  PRAGMA collations, database_list, database_size, functions, platform,
         show_databases, show_tables, show_tables_expanded, storage_info,
         table_info, user_agent, version
Anything else is refused before anything runs (exit 1): INSERT, UPDATE, DELETE,
MERGE, CREATE, DROP, ALTER, COPY, EXPORT, ATTACH, DETACH, INSTALL, LOAD, SET,
RESET, USE, CALL, CHECKPOINT, VACUUM, ANALYZE, transactions, PREPARE/EXECUTE and
other PRAGMAs. The warehouse is opened read-only with DuckDB's external access
off and its settings locked, so a query cannot read or write any other file
(read_csv, read_text, read_parquet, glob, ...), database, URL or extension.
Statements are told apart by DuckDB's own parser."""


def _query(sql: str, output_format: str, warehouse_path: Path) -> int:
    """Run SQL that only reads (statwh/query.py says what is allowed) and print its rows."""
    import duckdb

    from statwh.query import QueryRefused, connect_confined, failure_message, run_read_only
    from statwh.warehouse import WarehouseError

    try:
        con = connect_confined(warehouse_path)
    except WarehouseError as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return _exit_code_of(exc)
    try:
        columns, rows = run_read_only(con, sql)
    except QueryRefused as exc:
        print(f"statwh: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except duckdb.Error as exc:
        print(failure_message(exc), file=sys.stderr)
        return EXIT_FAILED
    finally:
        con.close()
    sys.stdout.write(format_rows(columns, rows, output_format))
    return EXIT_OK


def format_rows(columns: list[str], rows: list[tuple], output_format: str) -> str:
    """Render query results as an aligned table, CSV, a JSON array, or JSON lines.

    >>> print(format_rows(["n", "unit"], [(5, "count")], "table"), end="")
    n | unit
    --+------
    5 | count
    >>> format_rows(["n"], [(5,), (6,)], "json")
    '[\\n{"n": 5},\\n{"n": 6}\\n]\\n'
    >>> format_rows(["n"], [], "json")
    '[]\\n'
    >>> format_rows(["n"], [(5,), (6,)], "jsonl")
    '{"n": 5}\\n{"n": 6}\\n'
    """
    if output_format in ("json", "jsonl"):
        objects = [json.dumps(dict(zip(columns, row)), default=_json_value) for row in rows]
        if output_format == "jsonl":
            return "".join(line + "\n" for line in objects)
        return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue()
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def _json_value(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def console() -> None:
    """The `statwh` command: :func:`main`, and an exit that skips the interpreter's teardown once
    everything registered to run at exit has run (Prefect's log and event workers drained, a run's
    temporary server stopped): freeing every module and object of a run took 0.5-1.2 s, after its work
    was done and its summary printed."""
    atexit.register(_exit_now)  # registered first, so it runs last
    try:
        code = main()
    except SystemExit as exit_info:  # argparse's --help (0) and usage errors (2)
        code = exit_info.code if isinstance(exit_info.code, int) else 0 if exit_info.code is None else EXIT_FAILED
    _EXIT_CODE[0] = code
    sys.exit(code)


_EXIT_CODE = [EXIT_FAILED]  # what _exit_now exits with: main's code, or 1 if it raised


def _exit_now() -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_EXIT_CODE[0])


if __name__ == "__main__":
    console()
