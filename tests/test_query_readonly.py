"""Issue 16: `statwh query` only reads the warehouse. Each attack the probe found (writing files,
reading other files, re-attaching the warehouse read-write to delete its facts, loading extensions,
changing settings, writing statements hidden behind a harmless one) exits 1 with a plain message,
creates no file and leaves the warehouse byte for byte as it was; queries that read still work, in
every output format, and a failed one shows DuckDB's whole message with its hints."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from statwh.cli import main
from statwh.query import ALLOWED_PRAGMAS, QueryRefused, connect_confined, read_statements

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory) -> Path:
    """The seed article's 5 statistics, loaded once without Prefect."""
    from conftest import SEED_DOCUMENT, load_without_prefect

    path = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    load_without_prefect([SEED_DOCUMENT], path)
    return path


@pytest.fixture
def warehouse(seed_warehouse, tmp_path) -> Path:
    """A copy of the seed warehouse of the test's own, alone in its folder (so that any file a
    query manages to create shows up beside it)."""
    folder = tmp_path / "published"
    folder.mkdir()
    return Path(shutil.copy(seed_warehouse, folder / "statistics.duckdb"))


def run_main(capsys, *args) -> tuple[int, str, str]:
    """``statwh ARGS`` through its entry point in this process: exit code, stdout and stderr."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_info:  # argparse's usage errors and --help
        code = exit_info.code
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def attacks(tmp_path: Path, warehouse: Path) -> dict[str, str]:
    """The probe's attacks, by name: each is SQL that `statwh query` must not run (other.duckdb is
    a database of the attacker's, beside the warehouse's folder)."""
    other = tmp_path / "other.duckdb"
    return {
        "copy_to": f"copy (select * from v_statistics) to {quoted(tmp_path / 'stolen.csv')}",
        "copy_table_to": f"copy fact_statistic to {quoted(tmp_path / 'facts.parquet')} (format parquet)",
        "export_database": f"export database {quoted(tmp_path / 'exported')}",
        "attach_detach_reattach_delete": (
            f"attach {quoted(other)} as other; use other; detach {warehouse.stem}; "
            f"attach {quoted(warehouse)} as rw; delete from rw.fact_statistic"),
        "attach": f"attach {quoted(other)} as other",
        "attach_read_write_again": f"attach {quoted(warehouse)} as rw (read_only false)",
        "detach": f"detach {warehouse.stem}",
        "install": "install httpfs",
        "load": "load httpfs",
        "set": "set enable_external_access = true",
        "reset": "reset lock_configuration",
        "use": "use memory",
        "create_table": "create table stolen as select * from fact_statistic",
        "create_temp_table": "create temp table t as select 1",
        "insert": "insert into fact_statistic select * from fact_statistic",
        "update": "update fact_statistic set value = 0",
        "delete": "delete from fact_statistic",
        "drop": "drop view v_statistics",
        "alter": "alter table fact_statistic rename to gone",
        "cte_delete": "with doomed as (select 1) delete from fact_statistic",
        "pragma_force_checkpoint": "pragma force_checkpoint",
        "pragma_import_database": f"pragma import_database({quoted(tmp_path)})",
        "pragma_copy_database": "pragma copy_database('memory', 'seed')",
        "pragma_profiling": "pragma enable_profiling",
        "call_checkpoint": "call checkpoint()",
        "checkpoint": "checkpoint",
        "vacuum": "vacuum",
        "begin": "begin transaction",
        "explain_analyze_delete": "explain analyze delete from fact_statistic",
        "multi_select_then_delete": "select 1; delete from fact_statistic",
        "merge": ("merge into fact_statistic using (select 1 as k) s on false "
                  "when not matched then insert default values"),
        "analyze": "analyze",
        "prepare": "prepare doomed as delete from fact_statistic",
        "execute": "execute doomed",
        "pivot_without_in": "pivot fact_statistic on unit using count(*)",
        "multi_select_then_copy": f"select count(*) from v_statistics; copy fact_statistic to {quoted(tmp_path / 'x.csv')}",
    }


ATTACKS = list(attacks(Path("/nowhere"), Path("/nowhere/w.duckdb")))


@pytest.mark.parametrize("name", ATTACKS)
def test_a_statement_that_is_not_a_read_is_refused(name, warehouse, tmp_path, capsys):
    duckdb.connect(str(tmp_path / "other.duckdb")).close()
    sql = attacks(tmp_path, warehouse)[name]
    before, files = digest(warehouse), files_under(tmp_path)
    code, out, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err  # one plain line
    assert err.startswith("statwh: refused ") and "only reads the warehouse (read-only)" in err
    assert "Traceback" not in err
    assert files_under(tmp_path) == files, "a file was created"
    assert digest(warehouse) == before
    assert _facts(warehouse) == 5


@pytest.mark.parametrize("sql, named", [
    ("delete from fact_statistic", "a DELETE statement"),
    ("install httpfs", "an INSTALL statement (DuckDB type LOAD)"),
    ("load httpfs", "a LOAD statement"),
    ("reset threads", "a RESET statement (DuckDB type SET)"),
    ("export database '/tmp/x'", "an EXPORT statement"),
    ("attach '/tmp/x.duckdb'", "an ATTACH statement"),
    ("pragma enable_profiling", "PRAGMA enable_profiling"),
    ("select 1; delete from fact_statistic", "statement 2 of 2, a DELETE statement, and ran none of them"),
    ("explain analyze delete from fact_statistic", "EXPLAIN of a DELETE statement"),
])
def test_the_refusal_names_the_statement(sql, named, warehouse, capsys):
    code, _, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 1 and f"statwh: refused {named}: `statwh query` only reads the warehouse (read-only)" in err


@pytest.mark.parametrize("sql", [
    "select * from read_text('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from read_blob('/etc/hostname')",
    "select count(*) from '/etc/passwd.csv'",
    "with f as (select * from read_text('/etc/passwd')) select * from f",
    "describe select * from read_text('/etc/passwd')",
    "select * from read_csv('https://example.com/data.csv')",
])
def test_other_files_cannot_be_read(sql, warehouse, tmp_path, capsys):
    before = digest(warehouse)
    code, out, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 1 and out == ""
    assert err.splitlines()[0] == ("statwh: the query failed: `statwh query` reads only the warehouse; other files, "
                                   "databases, URLs and extensions are out of its reach.")
    assert "Permission Error" in err and "root:" not in err
    assert digest(warehouse) == before


@pytest.mark.parametrize("reader", ["read_csv", "read_csv_auto", "read_text", "read_json", "read_parquet", ""])
def test_a_file_beside_the_warehouse_cannot_be_read(reader, warehouse, tmp_path, capsys):
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n", encoding="utf-8")
    source = f"{reader}({quoted(secret)})" if reader else quoted(secret)  # '' : DuckDB's scan of a file name
    code, out, err = run_main(capsys, "query", f"select * from {source}", "--warehouse", str(warehouse))
    assert code == 1 and "hunter2" not in out + err
    assert "out of its reach" in err and "Permission Error" in err


def test_the_connection_itself_is_confined(warehouse, tmp_path):
    """The second lock alone, without the check of statement types: what the probe did fails."""
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    before = digest(warehouse)
    con = connect_confined(warehouse)
    try:
        for sql in (f"attach {quoted(other)} as other", f"attach {quoted(other)} as other (read_only false)",
                    f"copy fact_statistic to {quoted(tmp_path / 'f.csv')}", f"export database {quoted(tmp_path / 'e')}",
                    "select * from read_text('/etc/passwd')", "install httpfs", "load httpfs"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(sql)
        for sql in ("set enable_external_access = true", "reset enable_external_access", "set lock_configuration = false",
                    "pragma enable_profiling"):
            with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
                con.execute(sql)
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from fact_statistic")
        # DuckDB lets the confined connection attach the warehouse's own file again (its path is
        # allowed), but only read-only: the probe's detach and read-write attach still fail.
        con.execute(f"attach {quoted(warehouse)} as again")
        con.execute("use again")
        con.execute(f"detach {warehouse.stem}")
        with pytest.raises(duckdb.Error):
            con.execute(f"attach {quoted(warehouse)} as rw (read_only false)")
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from again.fact_statistic")
        assert con.execute("select current_setting('enable_external_access')").fetchone()[0] is False
    finally:
        con.close()
    assert not (tmp_path / "f.csv").exists() and not (tmp_path / "e").exists()
    assert digest(warehouse) == before and _facts(warehouse) == 5


def test_select_in_every_format(warehouse, capsys):
    sql = "select value, unit from v_statistics order by value"
    code, out, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split("|")[0].strip() == "value" and len(lines) == 2 + 5
    code, out, err = run_main(capsys, "query", sql, "--format", "csv", "--warehouse", str(warehouse))
    assert code == 0 and out.splitlines()[0] == "value,unit" and len(out.splitlines()) == 6
    code, out, err = run_main(capsys, "query", sql, "--format", "json", "--warehouse", str(warehouse))
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5 and rows[0] == {"value": 15.0, "unit": "count"}


@pytest.mark.parametrize("sql, expected", [
    ("with big as (select value from v_statistics where value > 15) select count(*) as n from big", "4"),
    ("from v_statistics select count(*)", "5"),
    ("select 1 as n union all select 2 intersect select 2", "2"),
    ("values (7)", "7"),
    ("select count(*) from v_statistics; select 42 as answer", "42"),
    ("select count(*) from (describe v_statistics) where column_name = 'value'", "1"),
    ("select 1 as n except select 2", "1"),
    ("select count as n from (pivot (select unit from v_statistics) on unit in ('count') using count(*))", "3"),
])
def test_queries_that_read(sql, expected, warehouse, capsys):
    code, out, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 0, err
    assert out.splitlines()[-1].strip() == expected


@pytest.mark.parametrize("sql, shows", [
    ("describe v_statistics", "column_name"),
    ("show tables", "fact_statistic"),
    ("summarize select value from v_statistics", "approx_unique"),
    ("pragma table_info('v_statistics')", "value"),
    ("PRAGMA show_tables", "v_statistics"),
    ("pragma database_size", "database_size"),
    ("explain select count(*) from v_statistics", "physical_plan"),
    ("explain analyze select count(*) from v_statistics", "analyzed_plan"),
])
def test_introspection_a_bi_user_needs(sql, shows, warehouse, capsys):
    before = digest(warehouse)
    code, out, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 0, err
    assert shows in out
    assert digest(warehouse) == before


def test_every_view_reads_in_the_confined_connection(warehouse):
    con = connect_confined(warehouse)
    try:
        views = [row[0] for row in con.execute(
            "select view_name from duckdb_views() where not internal and schema_name = 'main'").fetchall()]
        assert "v_statistics" in views
        for view in views:
            con.execute(f"select * from {view}").fetchall()
    finally:
        con.close()


def test_the_runs_command_still_reads(warehouse, capsys):
    code, out, err = run_main(capsys, "runs", "--warehouse", str(warehouse))
    assert code == 0, err
    assert out.startswith("started_at")
    header = out.splitlines()[0]
    for stage in ("ingest", "extract", "validate", "load", "check", "publish"):  # the README promises them
        assert f"seconds_{stage}" in header


def test_a_failed_query_shows_duckdbs_whole_message(warehouse, capsys):
    code, out, err = run_main(capsys, "query", "select valu from v_statistics", "--warehouse", str(warehouse))
    assert code == 1 and out == ""
    assert err.startswith("statwh: the query failed: Binder Error: ")
    assert "Candidate bindings" in err and '"value"' in err
    assert "LINE 1: select valu from v_statistics" in err
    code, _, err = run_main(capsys, "query", "select * from v_statistic", "--warehouse", str(warehouse))
    assert code == 1 and "Did you mean" in err and "v_statistics" in err.split("Did you mean", 1)[1]
    code, _, err = run_main(capsys, "query", "selec 1", "--warehouse", str(warehouse))
    assert code == 1 and "Parser Error" in err and "LINE 1" in err


def test_an_empty_query_is_refused(warehouse, capsys):
    code, _, err = run_main(capsys, "query", " ; ", "--warehouse", str(warehouse))
    assert code == 1 and "no SQL statement" in err


def test_statement_types_come_from_duckdbs_parser():
    """Not from string matching: a write in a string, a comment or an identifier is no write, and a
    write after a comment or in lower and upper case is one."""
    con = duckdb.connect()
    try:
        assert len(read_statements(con, "select 'delete from fact_statistic; copy x to y' as s -- drop table t")) == 1
        assert len(read_statements(con, 'select 1 as "attach"')) == 1
        for sql in ("/* select */ DeLeTe from t", "-- just reading\ncopy t to 'x'", "(select 1); drop table t"):
            with pytest.raises(QueryRefused):
                read_statements(con, sql)
    finally:
        con.close()


def test_help_and_readme_say_what_is_allowed(capsys):
    code, out, _ = run_main(capsys, "query", "--help")
    assert code == 0
    readme = README.read_text(encoding="utf-8").split("## Query", 1)[1].split("\n## ", 1)[0]
    for text in (out, readme):
        for word in ("SELECT", "WITH", "VALUES", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN", "PRAGMA",
                     "ATTACH", "DETACH", "COPY", "EXPORT", "INSTALL", "LOAD", "SET", "RESET", "CREATE", "INSERT",
                     "UPDATE", "DELETE", "DROP", "ALTER", "CALL", "read_csv", "read_text", "glob"):
            assert word in text, word
        for pragma in ALLOWED_PRAGMAS:
            assert pragma in text, pragma


def _facts(warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select count(*) from fact_statistic").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("pragma", sorted(__import__("statwh.query", fromlist=["ALLOWED_PRAGMAS"]).ALLOWED_PRAGMAS))
def test_every_pragma_the_readme_allows_runs_and_changes_nothing(pragma, warehouse, capsys):
    table = {"table_info": "v_statistics", "storage_info": "fact_statistic"}.get(pragma)
    sql = f"pragma {pragma}('{table}')" if table else f"pragma {pragma}"
    before = digest(warehouse)
    code, out, err = run_main(capsys, "query", sql, "--warehouse", str(warehouse))
    assert code == 0, err
    assert out.strip() and digest(warehouse) == before
