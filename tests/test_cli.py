"""The statwh command as a user runs it: a real subprocess, real exit codes and messages."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from statwh.cli import main


def statwh(*args, env=None):
    return subprocess.run([sys.executable, "-m", "statwh.cli", *args], capture_output=True, text=True, env=env, timeout=300)


def test_run_the_seed_then_query(tmp_path, seed_document, clean_env):
    warehouse = str(tmp_path / "w.duckdb")
    done = statwh("run", str(seed_document), "--warehouse", warehouse, env=clean_env)
    assert done.returncode == 0, done.stderr
    assert "documents read: 1" in done.stdout and "loaded: 5" in done.stdout
    count = statwh("query", "select count(*) as n from v_statistics", "--warehouse", warehouse)
    assert count.returncode == 0 and count.stdout.splitlines()[-1].strip() == "5"
    rows = statwh("query", "select value, unit from v_statistics order by value", "--format", "json", "--warehouse", warehouse)
    assert [json.loads(line) for line in rows.stdout.splitlines()][0] == {"value": 15.0, "unit": "count"}
    csv_rows = statwh("query", "select unit from v_statistics order by value limit 1", "--format", "csv", "--warehouse", warehouse)
    assert csv_rows.stdout == "unit\ncount\n"
    write = statwh("query", "delete from fact_statistic", "--warehouse", warehouse)
    assert write.returncode == 1 and "read-only" in write.stderr
    documents = statwh("query", "select statistics, retired from v_documents", "--format", "json", "--warehouse", warehouse)
    assert [json.loads(line) for line in documents.stdout.splitlines()] == [{"statistics": 5, "retired": False}]
    sources = statwh("query", "select sum(statistics) as n from v_sources", "--warehouse", warehouse)
    assert sources.stdout.splitlines()[-1].strip() == "5"
    for output_format in ("parquet", "csv"):
        folder = tmp_path / f"export-{output_format}"
        export = statwh("export", str(folder), "--format", output_format, "--warehouse", warehouse)
        assert export.returncode == 0, export.stderr
        assert f"v_statistics.{output_format}: 5 rows" in export.stdout
        names = {p.name for p in folder.iterdir()}
        assert {f"{view}.{output_format}" for view in ("v_statistics", "v_documents", "v_sources", "v_runs",
                                                       "v_data_quality", "v_quarantine", "v_ingest_errors")} <= names
    import pandas as pd

    exported = pd.read_parquet(tmp_path / "export-parquet" / "v_statistics.parquet")
    assert len(exported) == 5 and {"value", "unit", "source", "page"} <= set(exported.columns)


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_missing_warehouse_is_reported(tmp_path, capsys):
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert "no warehouse at" in capsys.readouterr().err


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


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["query"], ["query", "select 1", "--format", "xml"]])
def test_bad_arguments_exit_2(argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_strict_fails_the_run_when_a_file_cannot_be_read_but_loads_the_rest(tmp_path, seed_document, clean_env):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_document.read_bytes())
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "big.txt").write_text("Police recorded 500 burglaries. " * 40000, encoding="utf-8")  # 1.3 MB
    warehouse = str(tmp_path / "w.duckdb")
    lenient = statwh("run", str(folder), "--warehouse", warehouse, "--max-file-mb", "1", env=clean_env)
    assert lenient.returncode == 0, lenient.stderr
    assert "failed: 2" in lenient.stdout and "over the 1 MB limit" in lenient.stdout and "empty" in lenient.stdout
    strict = statwh("run", str(folder), "--warehouse", warehouse, "--max-file-mb", "1", "--strict", env=clean_env)
    assert strict.returncode == 1 and "--strict" in strict.stderr
    assert "unchanged: 1" in strict.stdout  # the good document is still there, not read again


def test_one_run_over_every_format_and_every_bad_file(tmp_path, seed_document, clean_env):
    """Issue 4's acceptance run: good documents of every format load, each bad file is listed with
    its reason, the run exits 0 (1 with --strict), and a second run finds everything unchanged."""
    import shutil

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
    first = statwh("run", str(folder), "--warehouse", warehouse, env=clean_env)
    assert first.returncode == 0, first.stderr
    assert "documents read: 6  new: 6  changed: 0  unchanged: 0  retired: 0  failed: 7" in first.stdout
    for reason in ("the file is empty", "binary", "the PDF cannot be read", "no main text", "loop", "outside"):
        assert reason in first.stdout
    errors = statwh("query", "select count(*) from v_ingest_errors", "--warehouse", warehouse)
    assert errors.stdout.splitlines()[-1].strip() == "7"
    second = statwh("run", str(folder), "--warehouse", warehouse, "--strict", env=clean_env)
    assert second.returncode == 1
    assert "new: 0  changed: 0  unchanged: 6  retired: 0  failed: 7" in second.stdout
    assert "statistics extracted: 0  loaded: 0" in second.stdout


def test_run_and_check_with_a_warehouse_named_relative_to_the_working_folder(tmp_path, seed_document, clean_env):
    """As make run does: --warehouse warehouse/statistics.duckdb, from the project folder."""
    (tmp_path / "warehouse").mkdir()
    run = subprocess.run([sys.executable, "-m", "statwh.cli", "run", str(seed_document), "--warehouse",
                          "warehouse/statistics.duckdb"], cwd=tmp_path, env=clean_env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "warehouse" / "quality" / "index.html").is_file()
    check = subprocess.run([sys.executable, "-m", "statwh.cli", "check", "--warehouse", "warehouse/statistics.duckdb"],
                           cwd=tmp_path, env=clean_env, capture_output=True, text=True, timeout=300)
    from statwh.quality import load_expectations

    declared = sum(len(expectations) for expectations in load_expectations().values())
    assert check.returncode == 0 and f"{declared} of {declared} expectations met" in check.stdout


def test_run_says_so_when_prefect_api_url_points_at_no_server(tmp_path, seed_document, clean_env):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = clean_env | {"PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
    done = statwh("run", str(seed_document), "--warehouse", str(tmp_path / "w.duckdb"), env=env)
    assert done.returncode == 1
    assert f"PREFECT_API_URL is http://127.0.0.1:{port}/api, but no Prefect server answers there" in done.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_schedule_and_dask_options_are_checked_before_anything_starts(tmp_path, seed_document, clean_env):
    env = {k: v for k, v in clean_env.items() if not k.startswith("PREFECT_API")}
    missing = statwh("schedule", str(tmp_path / "nowhere"), "--interval", "60", env=env)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    never = statwh("schedule", str(seed_document), "--interval", "0", env=env)
    assert never.returncode == 2 and "--interval must be more than 0 seconds" in never.stderr
    both = statwh("schedule", str(seed_document), "--interval", "60", "--cron", "0 6 * * *", env=env)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    no_runner = statwh("run", str(seed_document), "--dask-address", "tcp://127.0.0.1:8786", env=env)
    assert no_runner.returncode == 2 and "--dask-address needs --task-runner dask" in no_runner.stderr
    no_api = statwh("run", str(seed_document), "--task-runner", "dask", "--dask-address", "tcp://127.0.0.1:8786",
                    "--warehouse", str(tmp_path / "w.duckdb"), env=env)
    assert no_api.returncode == 2 and "report to Prefect's API" in no_api.stderr
    assert not (tmp_path / "w.duckdb").exists()
