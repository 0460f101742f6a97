"""The refresh flow end to end into a temporary warehouse: loading, idempotence, replacement, quarantine."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.refresh import refresh_warehouse
from statwh.warehouse import row_counts

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_server")]
MIGRATIONS = Path(__file__).resolve().parent.parent / "sql" / "migrations"


def _counts(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return row_counts(con)
    finally:
        con.close()


def _query(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_seed_loads_five_statistics_and_reruns_change_nothing(tmp_path, seed_document):
    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([seed_document], warehouse)
    assert (summary.documents_read, summary.statistics_loaded, summary.statistics_quarantined) == (1, 5, 0)
    assert _query(warehouse, "select count(*) from v_statistics") == [(5,)]
    first = _counts(warehouse)
    rerun = refresh_warehouse([seed_document], warehouse)
    second = _counts(warehouse)
    assert second.pop("etl_run") == first.pop("etl_run") + 1  # the audit log records every run
    assert second == first  # dq_result too: with no data changed, the last checkpoint still holds
    assert "still holds: no data changed since its 27 of 27 expectations were met" in rerun.quality
    runs = _query(warehouse, "select status, documents_read, documents_new, documents_unchanged, statistics_extracted, "
                             "statistics_loaded, flow_run_id from v_runs order by started_at")
    # The second run did not read the unchanged file (its size and times are as loaded), let alone extract it.
    assert [r[:6] for r in runs] == [("completed", 1, 1, 0, 5, 5), ("completed", 0, 0, 1, 0, 0)]
    assert all(r[6] for r in runs)
    stages = _query(warehouse, "select seconds_ingest, seconds_extract, seconds_validate, seconds_load, seconds_check, "
                               "duration_seconds from v_runs order by started_at")
    assert all(0 < seconds for seconds in stages[0])  # the first run did each stage's work, and timed it
    for *each, whole in stages:  # the second had nothing to extract (timed to the millisecond: 0.0)
        assert None not in each and sum(each) <= whole  # the stages are parts of the run


def test_changed_document_has_its_statistics_replaced(tmp_path, seed_document):
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "article.txt"
    shutil.copy(seed_document, doc)
    warehouse = tmp_path / "w.duckdb"
    refresh_warehouse([folder], warehouse)
    doc.write_text("Police recorded 900 burglaries in Kent in 2019.\n", encoding="utf-8")
    refresh_warehouse([folder], warehouse)
    assert _query(warehouse, "select value, unit, geography, period_label from v_statistics") == [
        (900.0, "count", "Kent", "2019")]
    assert _query(warehouse, "select count(*) from dim_document") == [(1,)]


def test_bad_rows_are_quarantined_and_bad_files_recorded(tmp_path, seed_document):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_document, folder / "seed.txt")
    (folder / "bad-url.md").write_text("---\nurl: not a web address\n---\nArrests rose by 5,000 to 20,000.\n",
                                       encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([folder], warehouse)
    assert summary.documents_read == 2 and summary.documents_failed == 1
    assert summary.statistics_loaded == 5 and summary.statistics_quarantined == 3
    rows = _query(warehouse, "select entity, check_name, column_name, failing_value from v_quarantine order by entity")
    assert rows[0][0] == "document" and rows[0][2] == "url" and rows[0][3] == "not a web address"
    assert {r[1] for r in rows[1:]} == {"its document failed validation"}
    assert _query(warehouse, "select error_class, message from v_ingest_errors") == [
        ("ValueError", "empty.txt: the file is empty")]
    assert _query(warehouse, "select statistics_quarantined, documents_failed from etl_run") == [(3, 1)]


def test_a_period_before_1677_or_after_2262_loads_and_one_beyond_the_contract_is_quarantined(tmp_path, seed_document):
    """pandas' nanosecond timestamps end in 1677 and 2262: dates are kept as dates, so one
    historical figure cannot fail the whole run's frame."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_document, folder / "seed.txt")
    (folder / "history.md").write_text("Some 4,500 people died of plague in London in 1563.\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([folder], warehouse)
    assert summary.statistics_loaded == 6 and summary.statistics_quarantined == 0
    assert _query(warehouse, "select value, period_label, period_start, period_end from v_statistics "
                             "where document_path like '%history.md'") == [
        (4500.0, "1563", date(1563, 1, 1), date(1563, 12, 31))]


def test_schema_migrations_are_recorded_once(tmp_path, seed_document):
    warehouse = tmp_path / "w.duckdb"
    refresh_warehouse([seed_document], warehouse)
    refresh_warehouse([seed_document], warehouse)
    scripts = sorted(MIGRATIONS.glob("*.sql"))
    assert len(scripts) >= 6
    assert _query(warehouse, "select version, name from schema_version order by version") == [
        (int(script.stem.split("_", 1)[0]), script.stem) for script in scripts]


def test_every_format_loads_and_pdf_figures_keep_their_page(tmp_path, seed_document):
    from fixtures import write_all_formats

    folder = write_all_formats(tmp_path / "docs")
    shutil.copy(seed_document, folder / seed_document.name)
    warehouse = tmp_path / "w.duckdb"
    summary = refresh_warehouse([folder], warehouse)
    assert summary.documents_read == 6 and summary.documents_failed == 0
    formats = _query(warehouse, "select source_format, count(*) from dim_document group by 1 order by 1")
    assert formats == [("docx", 1), ("html", 1), ("jsonl", 2), ("pdf", 1), ("text", 1)]
    pages = _query(warehouse, "select number_text, page from v_statistics where source_format = 'pdf' order by char_start")
    assert ("6.5 million", 1) in pages and ("12%", 2) in pages
    assert _query(warehouse, "select count(*) from v_statistics where source_format <> 'pdf' and page is not null") == [(0,)]


def test_runs_report_new_changed_unchanged_and_retired_documents(tmp_path, seed_document):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_document, folder / "seed.txt")
    (folder / "kent.txt").write_text("Police recorded 900 burglaries in Kent in 2019.\n", encoding="utf-8")
    (folder / "wales.txt").write_text("There were 7,172 children looked after in Wales in 2020.\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    first = refresh_warehouse([folder], warehouse)
    assert (first.documents_new, first.documents_changed, first.documents_unchanged, first.documents_retired) == (3, 0, 0, 0)

    (folder / "kent.txt").write_text("Police recorded 950 burglaries in Kent in 2020.\n", encoding="utf-8")
    (folder / "wales.txt").unlink()
    second = refresh_warehouse([folder], warehouse)
    assert (second.documents_new, second.documents_changed, second.documents_unchanged, second.documents_retired) == (0, 1, 1, 1)
    assert second.statistics_extracted == 1  # only the changed document was read by the extractor
    assert _query(warehouse, "select value from v_statistics where document_path like '%kent.txt'") == [(950.0,)]
    # The retired document keeps its row and statistics, flagged, and leaves v_statistics.
    assert _query(warehouse, "select count(*) from v_statistics where document_path like '%wales.txt'") == [(0,)]
    retired = _query(warehouse, "select path, statistics, retired_run_id from v_retired_documents")
    assert len(retired) == 1 and retired[0][0].endswith("wales.txt") and retired[0][1] == 1
    assert retired[0][2] == second.run_id

    third = refresh_warehouse([folder], warehouse)
    assert (third.documents_new, third.documents_changed, third.documents_unchanged, third.documents_retired) == (0, 0, 2, 0)
    assert third.statistics_extracted == 0
    runs = _query(warehouse, "select documents_new, documents_changed, documents_unchanged, documents_retired "
                             "from v_runs order by started_at")
    assert runs == [(3, 0, 0, 0), (0, 1, 1, 1), (0, 0, 2, 0)]


def test_a_run_over_another_folder_retires_nothing_and_an_unreadable_file_is_not_retired(tmp_path, seed_document):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(seed_document, first / "seed.txt")
    (second / "kent.txt").write_text("Police recorded 900 burglaries in Kent in 2019.\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    refresh_warehouse([first], warehouse)
    assert refresh_warehouse([second], warehouse).documents_retired == 0
    (second / "kent.txt").write_bytes(b"")  # still there, but now unreadable
    summary = refresh_warehouse([second], warehouse)
    assert (summary.documents_failed, summary.documents_retired) == (1, 0)
    assert _query(warehouse, "select count(*) from v_retired_documents") == [(0,)]


def test_a_folder_with_a_link_loop_and_other_bad_files_still_loads_the_rest(tmp_path, seed_document):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_document, folder / "seed.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    for _ in range(2):  # the second run plans around the same bad files
        summary = refresh_warehouse([folder], warehouse)
        assert summary.documents_failed == 3 and summary.documents_retired == 0
    assert _query(warehouse, "select count(*) from v_statistics") == [(5,)]
    assert sorted(r[0] for r in _query(warehouse, "select distinct error_class from v_ingest_errors")) == [
        "SymlinkLoop", "ValueError"]


def test_unchanged_files_are_not_read_again_and_their_furniture_still_counts(tmp_path, seed_document, monkeypatch):
    from statwh import ingest

    monkeypatch.setattr(ingest, "RACY_NANOSECONDS", 0)  # the files written here count as settled at once
    footer = "The Daily Record is published by Reach plc, Canada Square, London"
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_document, folder / "seed.txt")
    for i in range(2):
        (folder / f"story{i}.md").write_text(f"---\npublisher: Daily Record\n---\nThe council spent £{i + 2} million "
                                             f"on roads in 2019.\n{footer}\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    first = refresh_warehouse([folder], warehouse)
    assert (first.documents_read, first.documents_new, first.documents_skipped) == (3, 3, 0)

    second = refresh_warehouse([folder], warehouse)
    assert (second.documents_read, second.documents_unchanged, second.documents_skipped) == (0, 3, 3)
    assert "files unchanged since loaded, not read again: 3 document(s)" in second.describe()

    # Touched: read again, found unchanged, and its new times recorded so the next run skips it.
    os.utime(folder / "seed.txt", (1_600_000_000, 1_600_000_000))
    third = refresh_warehouse([folder], warehouse)
    assert (third.documents_read, third.documents_unchanged, third.documents_skipped, third.statistics_extracted) == (1, 3, 2, 0)
    assert refresh_warehouse([folder], warehouse).documents_skipped == 3

    # A third story with the footer: the two unread ones still count, so the footer is furniture.
    (folder / "story2.md").write_text(f"---\npublisher: Daily Record\n---\nThe council spent £9 million on parks "
                                      f"in 2020.\n{footer}\n", encoding="utf-8")
    fourth = refresh_warehouse([folder], warehouse)
    assert (fourth.documents_read, fourth.documents_new, fourth.documents_skipped) == (1, 1, 3)
    assert _query(warehouse, "select reason from v_blanked_text where file_name = 'story2.md'") == [("repeated line",)]
    assert _query(warehouse, "select documents_read, documents_skipped from v_runs order by started_at") == [
        (3, 0), (0, 3), (1, 2), (0, 3), (1, 3)]
