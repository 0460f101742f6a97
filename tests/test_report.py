"""`statwh report`: a static HTML report of the warehouse with charts that opens offline (issue 19).
The documents below are made for the test: two outlets repeat one figure, three years of one
measure make a series, and two documents disagree on its last year."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from statwh.cli import main
from statwh.report import EACH, LIMITS, report_dir, write_report

DOCUMENTS = {
    "a.md": ("The Independent", "2019-09-02", "At least 80,000 people in the UK pose a sexual threat to children "
             "online, according to the National Crime Agency.\n\nPolice recorded 500 burglaries in Leeds in 2018."),
    "b.md": ("BBC News", "2019-09-03", "Around 80,000 people in the UK pose a sexual threat to children online, the "
             "National Crime Agency said.\n\nPolice recorded 600 burglaries in Leeds in 2019."),
    "c.md": ("Leeds Council", "2021-01-10", "Police recorded 700 burglaries in Leeds in 2020."),
    "d.md": ("Yorkshire Post", "2021-02-01", "Police recorded 720 burglaries in Leeds in 2020."),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    from conftest import load_without_prefect

    folder = tmp_path_factory.mktemp("report-docs")
    for name, (publisher, published, text) in DOCUMENTS.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublisher: {publisher}\npublished: {published}\n---\n{text}\n",
                                   encoding="utf-8")
    path = tmp_path_factory.mktemp("report") / "w.duckdb"
    load_without_prefect([folder], path)
    import duckdb

    con = duckdb.connect(str(path))  # the counts a run's end records (the steps above leave them unset)
    con.execute("update etl_run set status = 'completed', documents_new = 4, documents_changed = 0, "
                "documents_failed = 0, statistics_loaded = 6, statistics_quarantined = 0")
    con.close()
    return path


def test_each_section_holds_what_its_view_says(warehouse, tmp_path):
    report = write_report(warehouse, tmp_path / "out")
    sections = {s.key: s for s in report.sections}
    travelling = sections["figures"].rows
    assert {r["publisher"] for r in travelling} == {"The Independent", "BBC News"}
    assert {(r["publisher"], r["qualifier"]) for r in travelling} == {("The Independent", "at_least"),
                                                                       ("BBC News", "approx")}
    assert all(r["figure"].startswith("80,000 people") for r in travelling)
    assert [r["value"] for r in sections["series"].rows] == [500.0, 600.0, 710.0]  # 2020's is the median
    assert sorted(r["value"] for r in sections["disagreements"].rows) == [700.0, 720.0]
    assert {r["year"] for r in sections["sources"].rows} == {2019, 2021}
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    # Every figure with its sentence and document, and nothing loaded from the network.
    assert "Around 80,000 people in the UK pose a sexual threat" in page
    documents = {Path(r["document_path"]) for r in travelling}
    assert all(f'href="{d.as_uri()}"' in page for d in documents)  # each figure links to its document
    assert not re.search(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"https?://", page)
    assert all((tmp_path / "out" / name).is_file() for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"))
    # Each chart's data is also a table (what a screen reader reads).
    assert page.count("<table>") == sum(1 for s in report.sections if s.rows)


def test_an_empty_warehouse_says_so_in_each_section(tmp_path):
    from conftest import load_without_prefect

    empty = tmp_path / "empty.duckdb"
    load_without_prefect([], empty)
    report = write_report(empty)
    assert report.path == report_dir(empty) == tmp_path / "empty.duckdb.report"
    page = (report.path / "index.html").read_text(encoding="utf-8")
    assert "No figure is stated by more than one document yet." in page and "No measure has values" in page
    assert "<figure>" not in page  # its one run recorded no counts: nothing to draw, and nothing drawn as 0


def test_sections_are_capped_so_that_nothing_is_overplotted(warehouse, tmp_path, monkeypatch):
    monkeypatch.setitem(EACH, "figures_that_travel", 1)
    monkeypatch.setitem(EACH, "disagreements", 1)
    monkeypatch.setitem(LIMITS, "measure_series", 0)
    sections = {s.key: s for s in write_report(warehouse, tmp_path / "capped").sections}
    assert len(sections["figures"].rows) == 1 and sections["figures"].rows[0]["publisher"] == "The Independent"
    assert len(sections["disagreements"].rows) == 1 and sections["series"].rows == []


def test_the_command_writes_it_beside_the_warehouse_and_says_where(warehouse, capsys):
    assert main(["report", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert f"report: {report_dir(warehouse) / 'index.html'}" in out and "5 charts" in out
    assert main(["report", "--warehouse", str(warehouse.with_name("none.duckdb"))]) == 2


@pytest.mark.slow
def test_every_chart_draws_in_a_browser_with_no_network(warehouse, tmp_path):
    """Issue 19's target: the report opens in headless Chromium with no network and every chart
    drew its marks (not only that the page loaded)."""
    from browser import offline_page

    report = write_report(warehouse, tmp_path / "out")
    charted = [s.key for s in report.sections if s.chart and s.rows]
    assert len(charted) == 5
    with offline_page(1300, 900) as tab:
        tab.page.goto((report.path / "index.html").as_uri())
        tab.page.wait_for_function(
            "[...document.querySelectorAll('.chart')].every(c => c.dataset.drawn || c.dataset.error)", timeout=60_000)
        drawn = tab.page.evaluate("Object.fromEntries([...document.querySelectorAll('.chart')]"
                                  ".map(c => [c.id, [c.dataset.drawn, c.dataset.error]]))")
        assert set(drawn) == {f"chart-{key}" for key in charted}
        assert all(error is None and int(marks) > 0 for marks, error in drawn.values()), drawn
        # Every chart has a title and a named x axis (its unit or what it counts).
        named = tab.page.evaluate("""[...document.querySelectorAll('.chart svg')].map(s => [
            s.querySelector('.role-title-text') ? s.querySelector('.role-title-text').textContent : '',
            [...s.querySelectorAll('.role-axis-title text')].map(t => t.textContent)])""")
        assert len(named) == 5 and all(title and axes for title, axes in named), named
        if os.environ.get("STATWH_SCREENSHOTS"):
            tab.page.screenshot(path=f"{os.environ['STATWH_SCREENSHOTS']}/report.png", full_page=True)
        assert tab.refused == [] and tab.errors == []


@pytest.mark.slow
def test_a_run_writes_the_report_beside_the_warehouse_and_says_where(tmp_path, seed_document, prefect_server,
                                                                      monkeypatch):
    """Issue 19: the report is written at the end of every run, in a process of its own, and the
    run's summary gives its path."""
    import time

    from flows.refresh import refresh_warehouse

    monkeypatch.setenv("STATWH_REPORT", "on")
    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([seed_document], warehouse)
    page = report_dir(warehouse) / "index.html"
    assert summary.report == str(page) and f"report: {page}" in summary.describe()
    deadline = time.monotonic() + 120
    while not page.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert page.is_file(), (report_dir(warehouse) / "report.log").read_text()
    assert "5 statistics" in page.read_text(encoding="utf-8")
    monkeypatch.setenv("STATWH_REPORT", "off")
    assert refresh_warehouse([seed_document], tmp_path / "other.duckdb").report == ""


def test_text_that_would_end_a_script_or_open_a_comment_leaves_the_charts_data_whole(tmp_path):
    """A quote or title with "</script>" or "<!--" in it: the page's JSON of chart data must still parse."""
    import json

    from statwh.report import Section, render

    section = Section("figures", "Figures", "about", rows=[{"figure": "5 <!-- x </script> & y"}],
                      chart={"title": {"text": "t", "subtitle": "s"}, "data": {"values": [{"q": "a <!-- b </script>"}]}},
                      columns=("figure",))
    summary = {"documents": 1, "statistics": 1, "publishers": 1, "sources": 1, "runs": 1}
    page = render(tmp_path / "w.duckdb", summary, [section])
    block = page.split('<script type="application/json" id="chart-specs">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)["figures"]["data"]["values"] == [{"q": "a <!-- b </script>"}]
    assert "<!--" not in block and "&lt;!-- x &lt;/script&gt; &amp; y" in page


def test_a_report_that_cannot_start_does_not_fail_the_run(tmp_path, monkeypatch, capsys):
    from statwh import report

    monkeypatch.setenv("STATWH_REPORT", "on")

    def refuse(*args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(report.subprocess, "Popen", refuse)
    assert report.write_in_background(tmp_path / "w.duckdb") is None
    assert "the report was not started" in capsys.readouterr().err


def test_a_missing_warehouse_leaves_no_report_folder(tmp_path):
    from statwh.warehouse import WarehouseMissing

    with pytest.raises(WarehouseMissing):
        write_report(tmp_path / "none.duckdb")
    assert not report_dir(tmp_path / "none.duckdb").exists()
