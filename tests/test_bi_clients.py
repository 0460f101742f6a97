"""Each route docs/connecting.md gives to the warehouse that can run on this machine, tried on a
warehouse as a run publishes it: the oldest DuckDB Python client the page names, SQLAlchemy with
column introspection (as Superset reads columns), and the DuckDB CLI. Each must open the file
read-only and bring the descriptions written with COMMENT ON through."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from statwh.paths import PROJECT_ROOT

CONNECTING = PROJECT_ROOT / "docs" / "connecting.md"
OLDEST_CLIENT = "1.1.0"  # the oldest DuckDB version docs/connecting.md names
CLIENTS = PROJECT_ROOT / ".tools" / "clients"  # installed by make test (tests/clients/*.txt)
OLDEST_CLIENT_DIR = CLIENTS / "duckdb-1.1"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The seed loaded, then published as every run publishes (in the format older readers read)."""
    from conftest import SEED_DOCUMENT, load_without_prefect

    from statwh.publish import publishing, storage_version

    path = tmp_path_factory.mktemp("bi") / "statistics.duckdb"
    load_without_prefect([SEED_DOCUMENT], path)
    with publishing(path, 10):
        pass
    assert storage_version(path).startswith("v1.0.0")
    return path


def _descriptions(con) -> dict:
    """What the warehouse says of v_statistics and three of its columns, as DuckDB 2 reads it."""
    return {"view": con.execute("select comment from duckdb_views() where view_name = 'v_statistics'").fetchone()[0],
            **{column: con.execute("select comment from duckdb_columns() where table_name = 'v_statistics' "
                                   "and column_name = ?", [column]).fetchone()[0]
               for column in ("value", "measure", "source")}}


@pytest.fixture(scope="module")
def expected(published) -> dict:
    con = duckdb.connect(str(published), read_only=True)
    try:
        described = _descriptions(con)
        described["rows"] = con.execute("select count(*) from v_statistics").fetchone()[0]
    finally:
        con.close()
    assert described["rows"] == 5 and all(described[k] for k in ("view", "value", "measure", "source"))
    return described


OLD_CLIENT_READS = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
described = {"version": duckdb.__version__,
             "rows": con.execute("select count(*) from v_statistics").fetchone()[0],
             "view": con.execute("select comment from duckdb_views() where view_name = 'v_statistics'").fetchone()[0]}
for column in ("value", "measure", "source"):
    described[column] = con.execute("select comment from duckdb_columns() where table_name = 'v_statistics' "
                                    "and column_name = ?", [column]).fetchone()[0]
try:
    con.execute("create table t (n int)")
    described["writable"] = True
except duckdb.Error:
    described["writable"] = False
print(json.dumps(described))
"""


def test_the_oldest_duckdb_client_the_docs_name_reads_the_warehouse_and_its_descriptions(published, expected):
    assert OLDEST_CLIENT_DIR.is_dir(), f"DuckDB {OLDEST_CLIENT} is not installed at {OLDEST_CLIENT_DIR}: run make test"
    # -S: no site-packages, so the project's DuckDB 2 cannot stand in for the old one.
    done = subprocess.run([sys.executable, "-S", "-c", OLD_CLIENT_READS, str(published)], capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(OLDEST_CLIENT_DIR)})
    assert done.returncode == 0, done.stderr
    described = json.loads(done.stdout)
    assert described.pop("version") == OLDEST_CLIENT and described.pop("writable") is False
    assert described == expected
    # The page names this version, and no older one, as the oldest that reads the file.
    text = CONNECTING.read_text(encoding="utf-8")
    assert f"DuckDB {OLDEST_CLIENT[:3]} or later" in text and not re.search(r"DuckDB 1\.0 (?:on|or later)", text)


def test_duckdb_1_0_cannot_read_it_as_the_docs_say(published):
    client = CLIENTS / "duckdb-1.0"
    assert client.is_dir(), f"DuckDB 1.0.0 is not installed at {client}: run make test"
    done = subprocess.run([sys.executable, "-S", "-c", OLD_CLIENT_READS, str(published)], capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(client)})
    assert done.returncode != 0 and "Serialization Error: Failed to deserialize" in done.stderr, done.stderr
    assert "field id: 103" in done.stderr and "field id: 103" in CONNECTING.read_text(encoding="utf-8")


SQLALCHEMY_COLUMNS = """
import sqlalchemy, sys
engine = sqlalchemy.create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True},
                                  poolclass=sqlalchemy.pool.NullPool)
print(sqlalchemy.__version__)
print(len(sqlalchemy.inspect(engine).get_columns("v_statistics")))
"""


def test_sqlalchemy_2_1_cannot_list_a_views_columns_as_the_docs_say(published):
    """Why pyproject.toml keeps SQLAlchemy below 2.1: with duckdb-engine 0.17, 2.1 asks DuckDB for
    pg_catalog.pg_collation. If a later duckdb-engine mends it, this fails and the pin can go."""
    client = CLIENTS / "sqlalchemy-2.1"
    assert client.is_dir(), f"SQLAlchemy 2.1 is not installed at {client}: run make test"
    done = subprocess.run([sys.executable, "-c", SQLALCHEMY_COLUMNS, str(published)], capture_output=True,
                          text=True, timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(client)})
    assert done.stdout.startswith("2.1.") and done.returncode != 0, done.stdout + done.stderr
    assert 'Referenced table "pg_catalog.pg_collation" not found' in done.stderr
    assert 'Referenced table "pg_catalog.pg_collation" not found!' in CONNECTING.read_text(encoding="utf-8")


def test_sqlalchemy_lists_the_views_columns_with_their_descriptions(published, expected):
    """What Superset and other SQLAlchemy tools call: inspect(engine).get_columns (it failed with
    SQLAlchemy 2.1 and duckdb-engine 0.17: "pg_catalog.pg_collation not found")."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(f"duckdb:///{published}", connect_args={"read_only": True},
                                      poolclass=sqlalchemy.pool.NullPool)
    try:
        inspector = sqlalchemy.inspect(engine)
        assert "v_statistics" in inspector.get_view_names()
        columns = {c["name"]: c for c in inspector.get_columns("v_statistics")}
        assert {"value", "unit", "measure", "source", "quote"} <= set(columns)
        assert {column: columns[column]["comment"] for column in ("value", "measure", "source")} == \
            {column: expected[column] for column in ("value", "measure", "source")}
        assert inspector.get_table_comment("v_statistics")["text"] == expected["view"]
        with engine.connect() as connection:
            assert connection.execute(sqlalchemy.text("select count(*) from v_statistics")).scalar() == expected["rows"]
    finally:
        engine.dispose()
    # The page names the combination tested here.
    import duckdb_engine

    text = CONNECTING.read_text(encoding="utf-8")
    assert f"SQLAlchemy {sqlalchemy.__version__[:3]}" in text and f"duckdb-engine {duckdb_engine.__version__[:4]}" in text


def test_the_duckdb_cli_reads_the_warehouse_read_only_with_its_descriptions(published, expected):
    cli = Path(sys.executable).with_name("duckdb")
    assert cli.exists(), f"the DuckDB CLI (PyPI's duckdb-cli) is not installed at {cli}: run make install"
    sql = ("select count(*) from v_statistics; "
           "select comment from duckdb_columns() where table_name = 'v_statistics' and column_name = 'value';")
    done = subprocess.run([str(cli), "-readonly", "-list", "-noheader", str(published), "-c", sql],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == str(expected["rows"]) and expected["value"] in done.stdout
    refused = subprocess.run([str(cli), "-readonly", str(published), "-c", "create table t (n int)"],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "read-only" in (refused.stdout + refused.stderr).lower()
    # From inside a session, as the page shows.
    attached = subprocess.run([str(cli), "-list", "-noheader", "-c",
                               f"attach '{published}' as statwh (read_only); use statwh; "
                               "select count(*) from v_statistics; create table t (n int);"],
                              capture_output=True, text=True, timeout=120)
    assert attached.stdout.splitlines()[0] == str(expected["rows"])
    assert attached.returncode != 0 and "read-only" in (attached.stdout + attached.stderr).lower()
