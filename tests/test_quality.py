"""The Great Expectations checkpoint over the loaded warehouse: results stored, Data Docs written,
and a corrupted warehouse (a duplicated key, an orphaned fact) failing with the expectations' names."""
from __future__ import annotations

import re
import shutil
import subprocess

import duckdb
import pytest

from flows.refresh import refresh_warehouse
from statwh.cli import main
from statwh.quality import QualityError, docs_dir, load_expectations

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_server")]


def _corrupt(path):
    con = duckdb.connect(str(path))
    try:
        # An orphaned fact: a statistic whose document is not in dim_document.
        con.execute("insert into fact_statistic select md5('orphan'), 'ffffffffffffffff', source_id, geography_id, "
                    "period_id, unit, value, value_high, per, kind, direction, qualifier, subject, quote, char_start, "
                    "char_end, number_text, sentence_index, confidence, run_id from fact_statistic limit 1")
        # A duplicated key: dim_source rebuilt without its primary key, then a row written twice.
        con.execute("create table dim_source_copy as select * from dim_source")
        con.execute("drop table dim_source")
        con.execute("alter table dim_source_copy rename to dim_source")
        con.execute("insert into dim_source select * from dim_source limit 1")
    finally:
        con.close()


def test_every_run_records_a_result_for_every_expectation_and_writes_data_docs(tmp_path, seed_document):
    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([seed_document], warehouse)
    declared = sum(len(expectations) for expectations in load_expectations().values())
    assert f"{declared} of {declared} expectations met" in summary.quality
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select table_name, expectation, success, run_id from v_data_quality").fetchall()
    finally:
        con.close()
    assert len(rows) == declared and all(r[2] for r in rows) and {r[3] for r in rows} == {summary.run_id}
    # Each result is stored under the expectation it belongs to (GX returns them in its own order).
    from statwh.quality import _spec_label

    assert {r[:2] for r in rows} == {(table, _spec_label(spec)) for table, specs in load_expectations().items()
                                     for spec in specs}
    assert ("fact_statistic", "expect_column_values_to_be_unique(statistic_id)") in {r[:2] for r in rows}
    index = docs_dir(warehouse) / "index.html"
    assert index.is_file() and "fact_statistic" in index.read_text(encoding="utf-8")


def test_a_corrupted_warehouse_fails_the_check_and_the_next_run_naming_the_expectations(tmp_path, seed_document,
                                                                                         capsys):
    warehouse = tmp_path / "w.duckdb"
    refresh_warehouse([seed_document], warehouse)
    _corrupt(warehouse)
    capsys.readouterr()
    assert main(["check", "--warehouse", str(warehouse)]) == 1
    out = capsys.readouterr().out
    assert "FAILED (critical) dim_source: expect_column_values_to_be_unique(source_id)" in out
    assert "FAILED (critical) fact_statistic: expect_column_values_to_be_in_set(document_exists)" in out
    with pytest.raises(QualityError, match=r"dim_source: expect_column_values_to_be_unique\(source_id\)"):
        refresh_warehouse([seed_document], warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        status, error, check_seconds, run_seconds = con.execute(
            "select status, error_message, seconds_check, duration_seconds from v_runs limit 1").fetchone()
        failures = con.execute("select table_name, expectation from v_data_quality where not success").fetchall()
    finally:
        con.close()
    assert status == "failed" and "expect_column_values_to_be_in_set(document_exists)" in error
    assert 0 < check_seconds <= run_seconds  # the stage that failed is timed too, within its run
    assert ("dim_source", "expect_column_values_to_be_unique(source_id)") in failures


CHROMIUM = shutil.which("chromium")


def _render(page, profile) -> str:
    """The page's DOM after headless Chromium ran its scripts, with every network request sent
    to a closed port: what a reader without network access sees."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=127.0.0.1:9", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180)
    return done.stdout


def test_data_docs_read_offline_in_a_real_browser(tmp_path, seed_document):
    assert CHROMIUM, "Debian's chromium is needed for this test: make test installs it (apt-get install chromium)"
    warehouse = tmp_path / "w.duckdb"
    refresh_warehouse([seed_document], warehouse)
    docs = docs_dir(warehouse)
    for page in docs.rglob("*.html"):  # no page loads a script or a style from the network
        assert not re.search(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"https?://", page.read_text(encoding="utf-8")), page
    index = docs / "index.html"
    dom = _render(index, tmp_path / "profile")
    assert 'data-index="0"' in dom and "fact_statistic" in dom  # bootstrap-table drew the validation rows
    # The rows come from the local copy of bootstrap-table: without it the table stays empty.
    shutil.rmtree(docs / "static" / "vendor")
    assert 'data-index="0"' not in _render(index, tmp_path / "profile-without-assets")
