"""The Great Expectations checkpoint over the loaded warehouse: results stored, Data Docs written,
and a corrupted warehouse (a duplicated key, an orphaned fact) failing with the expectations' names."""
from __future__ import annotations

import os
import re

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


VALIDATIONS_TABLE = "#section-1-content-block-2-1-body-table"  # the index's Validation Results tab
SUITES_TABLE = "#section-1-content-block-2-2-body-table"  # its Expectation Suites tab
SCREENSHOTS = os.environ.get("STATWH_SCREENSHOTS")  # a folder to keep the pages' pictures in, if set


def test_data_docs_work_offline_in_a_real_browser(tmp_path, seed_document, capsys):
    """Issue 18's target: in Chromium with no network, the Validation Results tab lists every check
    of the warehouse (its date filter works), the Expectation Suites tab lists every table, and a
    validation page shows a status icon, drawn in its icon font, in every row; each page names the
    warehouse and the run; a second warehouse in the same folder keeps its own pages."""
    from browser import offline_page

    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([seed_document], warehouse)
    assert main(["check", "--warehouse", str(warehouse)]) == 0  # a second check of the same warehouse
    docs = docs_dir(warehouse)
    assert docs == tmp_path / "w.duckdb.quality" and f"Data Docs: {docs / 'index.html'}" in capsys.readouterr().out
    other = tmp_path / "other.duckdb"
    refresh_warehouse([seed_document], other)
    tables = len(load_expectations())
    pages = list(docs.rglob("*.html"))
    for page in pages:  # no page loads a script, style or picture from the network
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"https?://", html), page
        assert "Data asset: None" not in html and "newsletter" not in html and "statwh-banner" in html, page
    run_name = f"run-{summary.run_id[:8]}"
    with offline_page() as tab:
        page = tab.page
        page.goto((docs / "index.html").as_uri())
        page.wait_for_selector(f"{VALIDATIONS_TABLE} tbody tr[data-index]")
        listed = page.evaluate(f"$('{VALIDATIONS_TABLE}').bootstrapTable('getData').map(r => r.run_name)")
        assert len(listed) == 2 * tables  # every table of both checks, and nothing of the other warehouse
        assert sum(run_name in row for row in listed) == tables and sum("check-" in row for row in listed) == tables
        assert str(warehouse) in page.inner_text(".statwh-banner")
        page.locator("th[data-field=run_time] .filter-control input").first.click()
        assert page.locator(".datepicker-dropdown").first.is_visible()  # the Run Time filter's date picker
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="Expectation Suites").click()
        page.wait_for_selector(f"{SUITES_TABLE} tbody tr[data-index]", state="visible")
        assert page.locator(f"{SUITES_TABLE} tbody tr[data-index]").count() == tables
        if SCREENSHOTS:
            page.get_by_role("tab", name="Validation Results").click()
            page.screenshot(path=f"{SCREENSHOTS}/data-docs-index.png")
        validation = next(p for p in pages if p.parts[-4:-2] == ("fact_statistic", run_name))
        page.goto(validation.as_uri())
        page.wait_for_selector("table tbody tr")
        page.evaluate("document.fonts.ready")
        # Each row of each table whose first column is Status: its icon, the glyph CSS gives it, its width.
        icons = page.evaluate("""() => [...document.querySelectorAll('table')]
            .filter(t => (t.querySelector('thead th') || {innerText: ''}).innerText.trim().startsWith('Status'))
            .flatMap(t => [...t.querySelectorAll('tbody tr')]).map(r => r.querySelector('td i.fas'))
            .map(i => i && [getComputedStyle(i, '::before').content, i.getBoundingClientRect().width])""")
        assert len(icons) >= 16 and all(i and i[0] not in ("none", "normal", '""') and i[1] > 0 for i in icons), icons
        assert page.evaluate("document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
        assert page.evaluate("[...document.fonts].some(f => f.family.includes('Font Awesome') && f.status == 'loaded')")
        banner = page.inner_text(".statwh-banner")
        assert str(warehouse) in banner and run_name in banner and "fact_statistic" in banner
        assert "Data asset: table fact_statistic" in page.inner_text("body")
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/data-docs-validation.png")
        assert tab.refused == [] and tab.errors == []


def test_a_failed_expectation_that_is_not_critical_is_a_warning_and_the_docs_are_built_once(tmp_path, seed_document,
                                                                                           monkeypatch):
    """README: "A failed critical expectation fails the run with its name; the others are warnings";
    and the Data Docs are built once per check (GX's own action rebuilt them once per table)."""
    from conftest import load_without_prefect

    from statwh import quality

    warehouse = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("update fact_statistic set value = 5000 where unit = 'percent'")  # an implausible percentage
    builds = []
    made = quality._context

    def counting_context(gx, docs):
        context = made(gx, docs)
        build = context.build_data_docs
        context.build_data_docs = lambda *args, **kwargs: builds.append(1) or build(*args, **kwargs)
        return context

    monkeypatch.setattr(quality, "_context", counting_context)
    try:
        report = quality.run_checkpoint(con, None, docs_dir(warehouse))
    finally:
        con.close()
    assert report.critical_failures == [] and builds == [1]
    assert [(w.table, w.expectation) for w in report.warnings] == [
        ("percent_statistics", "expect_column_values_to_be_between(value)")]
    assert "warning percent_statistics: expect_column_values_to_be_between(value)" in report.describe()
