"""The statwh command as a user runs it: real exit codes and messages. One test runs it as a real
subprocess, as a shell does; the others call its entry point in this process (the same code, without
paying for a new interpreter, Prefect and Great Expectations imports each time)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from statwh.cli import main


def statwh(*args, env=None, cwd=None):
    """``statwh ARGS`` in a new process."""
    return subprocess.run([sys.executable, "-m", "statwh.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


def run_main(capsys, *args) -> tuple[int, str, str]:
    """``statwh ARGS`` through its entry point in this process: exit code, stdout and stderr."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_info:  # argparse's usage errors
        code = exit_info.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_run_the_seed_then_query(tmp_path, seed_document, capsys):
    """As a user runs it: with no Prefect server configured, the run starts Prefect's temporary one."""
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    warehouse = str(tmp_path / "w.duckdb")
    done = statwh("run", str(seed_document), "--warehouse", warehouse, env=env)
    assert done.returncode == 0, done.stderr
    assert "documents read: 1" in done.stdout and "loaded: 5" in done.stdout
    count = statwh("query", "select count(*) as n from v_statistics", "--warehouse", warehouse)
    assert count.returncode == 0 and count.stdout.splitlines()[-1].strip() == "5"
    code, out, _ = run_main(capsys, "query", "select value, unit from v_statistics order by value", "--format", "json",
                            "--warehouse", warehouse)
    assert code == 0 and json.loads(out)[0] == {"value": 15.0, "unit": "count"}
    code, out, _ = run_main(capsys, "query", "select unit from v_statistics order by value limit 1", "--format", "csv",
                            "--warehouse", warehouse)
    assert out == "unit\ncount\n"
    code, _, err = run_main(capsys, "query", "delete from fact_statistic", "--warehouse", warehouse)
    assert code == 1 and "read-only" in err
    code, out, _ = run_main(capsys, "query", "select statistics, retired from v_documents", "--format", "json",
                            "--warehouse", warehouse)
    assert json.loads(out) == [{"statistics": 5, "retired": False}]
    code, out, _ = run_main(capsys, "query", "select sum(statistics) as n from v_sources", "--warehouse", warehouse)
    assert out.splitlines()[-1].strip() == "5"
    for output_format in ("parquet", "csv"):
        folder = tmp_path / f"export-{output_format}"
        code, out, err = run_main(capsys, "export", str(folder), "--format", output_format, "--warehouse", warehouse)
        assert code == 0, err
        assert f"v_statistics.{output_format}: 5 rows" in out
        names = {p.name for p in folder.iterdir()}
        assert {f"{view}.{output_format}" for view in ("v_statistics", "v_documents", "v_sources", "v_runs",
                                                       "v_data_quality", "v_quarantine", "v_ingest_errors")} <= names
    import pandas as pd

    exported = pd.read_parquet(tmp_path / "export-parquet" / "v_statistics.parquet")
    assert len(exported) == 5 and {"value", "unit", "source", "page"} <= set(exported.columns)


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["query", "select 1"], ["runs"], ["export", "out"], ["check"]])
def test_missing_warehouse_is_a_missing_path(tmp_path, capsys, command):
    """Exit code 2, as for any missing path (the README's table), naming the file and how to choose another."""
    assert main([*command, "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert f"no warehouse at {tmp_path / 'none.duckdb'}" in err and "STATWH_WAREHOUSE" in err


def test_the_default_warehouse_is_the_projects_wherever_the_command_runs(tmp_path, monkeypatch, capsys):
    from statwh.paths import PROJECT_ROOT, PROJECT_WAREHOUSE, default_warehouse

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STATWH_WAREHOUSE", raising=False)
    assert default_warehouse() == PROJECT_WAREHOUSE == PROJECT_ROOT / "warehouse" / "statistics.duckdb"
    own = tmp_path / "mine.duckdb"
    monkeypatch.setenv("STATWH_WAREHOUSE", str(own))
    assert default_warehouse() == own
    assert main(["query", "select 1"]) == 2 and f"no warehouse at {own}" in capsys.readouterr().err
    from statwh.cli import build_parser

    assert build_parser().parse_args(["runs"]).warehouse == own


def test_json_is_one_array_and_jsonl_one_object_per_line(tmp_path, capsys):
    import duckdb

    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    sql = "select * from (values (1, 'a'), (2, 'b')) t(n, s)"
    code, out, _ = run_main(capsys, "query", sql, "--format", "json", "--warehouse", str(path))
    assert code == 0 and json.loads(out) == [{"n": 1, "s": "a"}, {"n": 2, "s": "b"}]
    code, out, _ = run_main(capsys, "query", sql, "--format", "jsonl", "--warehouse", str(path))
    assert code == 0 and [json.loads(line) for line in out.splitlines()] == [{"n": 1, "s": "a"}, {"n": 2, "s": "b"}]
    code, out, _ = run_main(capsys, "query", "select 1 as n where false", "--format", "json", "--warehouse", str(path))
    assert json.loads(out) == []


def test_the_command_exits_as_the_readme_says(tmp_path):
    """Through the installed console script, as a shell runs it (it ends with os._exit, which must
    carry argparse's codes too: --help 0, usage errors 2)."""
    from pathlib import Path

    command = Path(sys.executable).with_name("statwh")
    if not command.exists():
        pytest.skip("statwh is not installed beside this Python")

    def statwh_script(*args):
        return subprocess.run([str(command), *args], capture_output=True, text=True, timeout=120, cwd=tmp_path)

    assert statwh_script("--help").returncode == 0
    assert statwh_script("frobnicate").returncode == 2
    bogus = statwh_script("run", "--bogus")
    assert bogus.returncode == 2 and bogus.stderr.startswith("usage: statwh run ") and "--bogus" in bogus.stderr
    missing = statwh_script("query", "select 1", "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "no warehouse at" in missing.stderr
    import duckdb

    duckdb.connect(str(tmp_path / "w.duckdb")).close()
    refused = statwh_script("query", "create table t (n int)", "--warehouse", str(tmp_path / "w.duckdb"))
    assert refused.returncode == 1 and "read-only" in refused.stderr
    failed = statwh_script("query", "select * from no_such_table", "--warehouse", str(tmp_path / "w.duckdb"))
    assert failed.returncode == 1 and "the query failed" in failed.stderr


def test_unreadable_warehouse_is_reported(tmp_path, capsys):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("this is not a database")
    assert main(["query", "select 1", "--warehouse", str(bad)]) == 1
    assert "cannot open" in capsys.readouterr().err


def test_bad_sql_is_reported(tmp_path, capsys, seed_document):
    import duckdb
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    assert main(["query", "select * from no_such_table", "--warehouse", str(path)]) == 1
    assert "the query failed" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["query"], ["query", "select 1", "--format", "xml"],
                                  ["run", "--bogus"], ["query", "select 1", "extra"]])
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    if argv and argv[0] in ("run", "query"):  # the subcommand's own usage, not the top-level one
        assert capsys.readouterr().err.startswith(f"usage: statwh {argv[0]} ")


@pytest.mark.slow
def test_strict_fails_the_run_when_a_file_cannot_be_read_but_loads_the_rest(tmp_path, seed_document, prefect_server,
                                                                            capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_document.read_bytes())
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "big.txt").write_text("Police recorded 500 burglaries. " * 40000, encoding="utf-8")  # 1.3 MB
    warehouse = str(tmp_path / "w.duckdb")
    code, out, err = run_main(capsys, "run", str(folder), "--warehouse", warehouse, "--max-file-mb", "1")
    assert code == 0, err
    assert "failed: 2" in out and "over the 1 MB limit" in out and "empty" in out
    code, out, err = run_main(capsys, "run", str(folder), "--warehouse", warehouse, "--max-file-mb", "1", "--strict")
    assert code == 1 and "--strict" in err
    assert "unchanged: 1" in out  # the good document is still there, not read again


@pytest.mark.slow
def test_one_run_over_every_format_and_every_bad_file(tmp_path, seed_document, prefect_server, capsys):
    """Issue 4's acceptance run: good documents of every format load, each bad file is listed with
    its reason, the run exits 0 (1 with --strict), and a second run finds everything unchanged."""
    from fixtures import REPORT_PAGES, pdf_bytes, write_all_formats

    folder = write_all_formats(tmp_path / "docs")
    shutil.copy(seed_document, folder / "seed.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "truncated.pdf").write_bytes(pdf_bytes(REPORT_PAGES)[:300])
    (folder / "nobody.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("Salaries rose by 5%.", encoding="utf-8")
    (folder / "escape.txt").symlink_to(outside)
    warehouse = str(tmp_path / "w.duckdb")
    code, first, err = run_main(capsys, "run", str(folder), "--warehouse", warehouse)
    assert code == 0, err
    assert "documents read: 6  new: 6  changed: 0  unchanged: 0  retired: 0  failed: 7" in first
    for reason in ("the file is empty", "binary", "the PDF cannot be read", "no main text", "loop", "outside"):
        assert reason in first
    code, out, _ = run_main(capsys, "query", "select count(*) from v_ingest_errors", "--warehouse", warehouse)
    assert out.splitlines()[-1].strip() == "7"
    code, second, _ = run_main(capsys, "run", str(folder), "--warehouse", warehouse, "--strict")
    assert code == 1
    assert "new: 0  changed: 0  unchanged: 6  retired: 0  failed: 7" in second
    assert "statistics extracted: 0  loaded: 0" in second


@pytest.mark.slow
def test_run_and_check_with_a_warehouse_named_relative_to_the_working_folder(tmp_path, seed_document, prefect_server,
                                                                             capsys, monkeypatch):
    """As make run does: --warehouse warehouse/statistics.duckdb, from the project folder."""
    from statwh.quality import load_expectations

    (tmp_path / "warehouse").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(capsys, "run", str(seed_document), "--warehouse", "warehouse/statistics.duckdb")
    assert code == 0, out + err
    assert (tmp_path / "warehouse" / "statistics.duckdb").is_file()
    assert (tmp_path / "warehouse" / "statistics.duckdb.quality" / "index.html").is_file()
    code, out, err = run_main(capsys, "check", "--warehouse", "warehouse/statistics.duckdb")
    declared = sum(len(expectations) for expectations in load_expectations().values())
    assert code == 0 and f"{declared} of {declared} expectations met" in out, out + err


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_says_so_when_prefect_api_url_points_at_no_server(tmp_path, seed_document, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    port = _closed_port()
    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}):
        code, _, err = run_main(capsys, "run", str(seed_document), "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 1
    assert f"PREFECT_API_URL is http://127.0.0.1:{port}/api, but no Prefect server answers there" in err
    assert not (tmp_path / "w.duckdb").exists()


def test_schedule_says_how_to_get_a_server_when_none_is_configured_or_none_answers(tmp_path, seed_document, capsys,
                                                                                    monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    args = ["schedule", str(seed_document), "--interval", "60", "--warehouse", str(tmp_path / "w.duckdb")]
    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # none, whatever the profile says
        code, _, err = run_main(capsys, *args)
    assert code == 2
    assert "schedules need a Prefect server, and PREFECT_API_URL is not set: start one with `statwh server`" in err
    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{_closed_port()}/api"}):
        code, _, err = run_main(capsys, *args)
    assert code == 2 and "no Prefect server answers at http://127.0.0.1:" in err
    assert not (tmp_path / "w.duckdb").exists()


def test_schedule_and_dask_options_are_checked_before_anything_starts(tmp_path, seed_document, capsys, monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # no Prefect API, whatever the profile says
        code, _, err = run_main(capsys, "schedule", str(tmp_path / "nowhere"), "--interval", "60")
        assert code == 2 and "no such file or folder" in err
        code, _, err = run_main(capsys, "schedule", str(seed_document), "--interval", "0")
        assert code == 2 and "--interval must be more than 0 seconds" in err
        code, _, err = run_main(capsys, "schedule", str(seed_document), "--interval", "60", "--cron", "0 6 * * *")
        assert code == 2 and "not allowed with argument" in err
        code, _, err = run_main(capsys, "run", str(seed_document), "--dask-address", "tcp://127.0.0.1:8786")
        assert code == 2 and "--dask-address needs --task-runner dask" in err
        code, _, err = run_main(capsys, "run", str(seed_document), "--task-runner", "dask", "--dask-address",
                                "tcp://127.0.0.1:8786", "--warehouse", str(tmp_path / "w.duckdb"))
        assert code == 2 and "report to Prefect's API" in err
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.slow
def test_with_prefect_api_url_set_a_run_starts_no_server_and_turns_the_heartbeat_off(tmp_path, seed_document,
                                                                                     prefect_server, monkeypatch,
                                                                                     capsys):
    """docs/scheduling.md's start-up costs: a run reports to the server PREFECT_API_URL names (no
    temporary one), and without the flow heartbeat, which costs a second per run."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    from flows import refresh, runners
    from statwh.pipeline import RunSummary

    def no_server(cls):
        raise AssertionError("a temporary server was started")

    seen = {}

    def refresh_warehouse(paths, warehouse_path, *args):
        seen["heartbeat"] = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value()
        return RunSummary("0c034775aa", str(warehouse_path), "completed", 1, 0, 5, 5, 0, 0.1)

    monkeypatch.setattr(runners.LocalServer, "start", classmethod(no_server))
    monkeypatch.setattr(refresh, "refresh_warehouse", refresh_warehouse)
    monkeypatch.setenv("PREFECT_API_URL", prefect_server)
    code, out, err = run_main(capsys, "run", str(seed_document), "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 0, err
    assert seen == {"heartbeat": None} and "run 0c034775 completed" in out


@pytest.mark.slow
def test_statwh_subprocesses_report_to_the_sessions_prefect_server(statwh_env, prefect_server):
    """The README's test tiers: one Prefect server per test session, which `statwh` subprocesses
    reach through PREFECT_API_URL (the statwh_env fixture) instead of starting their own."""
    import httpx

    assert statwh_env["PREFECT_API_URL"] == prefect_server
    assert httpx.get(f"{prefect_server}/health", timeout=10).status_code == 200
