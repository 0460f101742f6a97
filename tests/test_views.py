"""The analytical views on a warehouse with known rows: figures repeated across documents,
one measure's series over periods, and values that disagree; and a description on every
table, view and column, for BI tools."""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from statwh.warehouse import migrate


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


class _Warehouse:
    """A migrated warehouse and a way to state a figure in a document."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.count = 0

    def state(self, document: str, value: float, *, unit: str = "count", subject: str = "people who pose a threat",
              publisher: str | None = None, source: str | None = None, place: str | None = "United Kingdom",
              period: tuple[str, date | None, date | None] | None = None, qualifier: str = "exact",
              kind: str = "level", value_high: float | None = None, number_text: str | None = None,
              published_on: date | None = None) -> None:
        self.count += 1
        document_id = _md5(document)
        self.con.execute(
            "insert or ignore into dim_document (document_id, path, file_name, publisher, published_on, content_hash, "
            "char_count, body_text, extractor_version, loaded_run_id, loaded_at) values (?, ?, ?, ?, ?, 'h', 1, 'x', "
            "'v', 'r', ?)", [document_id, document, document, publisher, published_on, datetime(2026, 1, 1)])
        source_id = place_id = period_id = None
        if source:
            source_id = _md5(source.lower())
            self.con.execute("insert or ignore into dim_source values (?, ?)", [source_id, source])
        if place:
            place_id = _md5(place.lower())
            self.con.execute("insert or ignore into dim_geography values (?, ?)", [place_id, place])
        if period:
            period_id = _md5(repr(period))
            self.con.execute("insert or ignore into dim_period values (?, ?, ?, ?)", [period_id, *period])
        self.con.execute("insert or ignore into dim_unit values (?, 'count')", [unit])
        self.con.execute(
            "insert into fact_statistic (statistic_id, document_id, source_id, geography_id, period_id, unit, value, "
            "value_high, kind, qualifier, subject, quote, char_start, char_end, number_text, sentence_index, "
            "confidence, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, 0, 0.9, 'r')",
            [f"s{self.count}", document_id, source_id, place_id, period_id, unit, value, value_high, kind, qualifier,
             subject, f"{document} says {value}.", number_text or f"{value:,.0f}"])

    def rows(self, sql: str) -> list[dict]:
        cursor = self.con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


@pytest.fixture
def warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    yield _Warehouse(con)
    con.close()


YEAR_2023 = ("2023", date(2023, 1, 1), date(2023, 12, 31))


def test_a_figure_repeated_by_outlets_is_one_row_naming_them(warehouse):
    warehouse.state("nca.txt", 80000, publisher="National Crime Agency", source="National Crime Agency",
                    published_on=date(2023, 5, 1))
    warehouse.state("bbc.txt", 80000, publisher="BBC", source="National Crime Agency", qualifier="at_most",
                    published_on=date(2023, 5, 2))
    warehouse.state("paper.txt", 80000, publisher="A Paper", source="police", number_text="80k")
    warehouse.state("paper.txt", 80000, publisher="A Paper", source="police")  # repeated within the document
    warehouse.state("other.txt", 70000, publisher="BBC")

    figures = warehouse.rows("select * from v_figure_mentions")
    top = figures[0]
    assert (top["value"], top["documents"], top["publishers"], top["mentions"]) == (80000, 3, 3, 4)
    assert top["publisher_names"] == "A Paper; BBC; National Crime Agency"
    assert top["sources"] == "National Crime Agency; police"  # attributed differently
    assert top["qualifiers"] == "at_most; exact"  # "up to 80,000" against "80,000"
    assert top["numbers_as_written"] == "80,000; 80k"
    assert top["first_published"] == date(2023, 5, 1) and top["first_quote"] == "nca.txt says 80000."
    assert [(f["value"], f["documents"]) for f in figures[1:]] == [(70000, 1)]


def test_the_same_value_for_another_period_place_unit_or_kind_is_another_figure(warehouse):
    warehouse.state("a.txt", 5, period=YEAR_2023)
    warehouse.state("b.txt", 5, period=("calendar 2023", date(2023, 1, 1), date(2023, 12, 31)))  # same dates
    warehouse.state("c.txt", 5, period=("2022", date(2022, 1, 1), date(2022, 12, 31)))
    warehouse.state("d.txt", 5, period=YEAR_2023, place="Wales")
    warehouse.state("e.txt", 5, period=YEAR_2023, unit="percent")
    warehouse.state("f.txt", 5, period=YEAR_2023, kind="change")
    warehouse.state("g.txt", 5, period=YEAR_2023, value_high=6)
    counts = sorted(r["documents"] for r in warehouse.rows("select documents from v_figure_mentions"))
    assert counts == [1, 1, 1, 1, 1, 2]


def test_a_measure_series_has_a_point_per_period_whatever_the_subject_s_case_or_article(warehouse):
    for document, subject, value, year in [("a.txt", "The average life expectancy.", 32.0, 1900),
                                           ("b.txt", "average life expectancy", 73.0, 2023),
                                           ("c.txt", "Average  life expectancy", 73.4, 2023),
                                           ("c.txt", "average life expectancy", 28.5, 1770)]:
        warehouse.state(document, value, unit="years", subject=subject, place="World",
                        period=(str(year), date(year, 1, 1), date(year, 12, 31)))
    warehouse.state("d.txt", 5, subject="average life expectancy")  # no resolved period: not a point
    series = warehouse.rows("select * from v_measure_series")
    assert [(s["period_label"], s["value"], s["min_value"], s["max_value"], s["documents"]) for s in series] == [
        ("1770", 28.5, 28.5, 28.5, 1), ("1900", 32.0, 32.0, 32.0, 1), ("2023", 73.2, 73.0, 73.4, 2)]
    assert {s["measure"] for s in series} == {"average life expectancy (years, level, World)"}
    assert {s["points_in_series"] for s in series} == {3}


def test_disagreements_are_different_values_for_one_measure_and_period_in_different_documents(warehouse):
    warehouse.state("nca.txt", 80000, period=YEAR_2023, source="National Crime Agency", publisher="NCA")
    warehouse.state("bbc.txt", 80000, period=YEAR_2023, source="National Crime Agency", publisher="BBC")
    warehouse.state("blog.txt", 70000, period=YEAR_2023, source="police", publisher="Blog")
    warehouse.state("nca.txt", 60000, period=("2022", date(2022, 1, 1), date(2022, 12, 31)))  # another period
    warehouse.state("one.txt", 10, subject="arrests")  # two values in one document only: not a dispute
    warehouse.state("one.txt", 12, subject="arrests")
    warehouse.state("x.txt", 3, subject="seizures")  # the same value in two documents: agreement
    warehouse.state("y.txt", 3, subject="seizures")

    rows = warehouse.rows("select * from v_disagreements")
    assert [(r["value"], r["documents"], r["sources"], r["publishers"]) for r in rows] == [
        (70000, 1, "police", "Blog"), (80000, 2, "National Crime Agency", "BBC; NCA")]
    assert {(r["values_stated"], r["documents_in_dispute"], r["min_value"], r["max_value"]) for r in rows} == {
        (2, 3, 70000, 80000)}
    assert rows[0]["relative_spread"] == pytest.approx(0.125)
    assert rows[0]["measure"] == "people who pose a threat (count, level, United Kingdom)"


def test_retired_documents_are_left_out_of_the_analytical_views(warehouse):
    warehouse.state("a.txt", 80000, period=YEAR_2023)
    warehouse.state("b.txt", 70000, period=YEAR_2023)
    warehouse.con.execute("update dim_document set retired_at = now() where path = 'b.txt'")
    assert warehouse.rows("select count(*) as n from v_disagreements") == [{"n": 0}]
    assert warehouse.rows("select value from v_figure_mentions") == [{"value": 80000}]
    assert warehouse.rows("select value from v_measure_series") == [{"value": 80000}]


def test_every_table_view_and_column_is_described(warehouse):
    con = warehouse.con
    undescribed_tables = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and coalesce(comment, '') = '' "
        "union all select view_name from duckdb_views() where schema_name = 'main' and not internal "
        "and coalesce(comment, '') = ''").fetchall()
    undescribed_columns = con.execute(
        "select table_name || '.' || column_name from duckdb_columns() where schema_name = 'main' and not internal "
        "and coalesce(comment, '') = '' order by 1").fetchall()
    assert undescribed_tables == [] and undescribed_columns == []
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main' "
                                         "union all select view_name from duckdb_views() where not internal").fetchall()}
    checked = {r[0] for r in con.execute("select distinct table_name from duckdb_columns() where schema_name = 'main' "
                                          "and not internal").fetchall()}
    assert checked == tables  # the columns checked above are those of every table and view
    sql = Path(__file__).resolve().parent.parent / "sql"
    views = {script.stem for script in (sql / "views").glob("*.sql")}
    assert views <= tables and "fact_statistic" in tables and "dim_document" in tables  # what was checked is there


def test_descriptions_survive_a_second_migration(warehouse):
    migrate(warehouse.con)  # views are recreated on every migration, and their comments with them
    comment = warehouse.con.execute("select comment from duckdb_columns() where table_name = 'v_statistics' "
                                    "and column_name = 'value'").fetchone()[0]
    assert comment.startswith("The number, expanded")


def test_every_view_answers_on_the_development_set(dev_warehouse):
    con = duckdb.connect(str(dev_warehouse), read_only=True)
    try:
        views = [r[0] for r in con.execute("select view_name from duckdb_views() where schema_name = 'main' "
                                           "and not internal").fetchall()]
        counts = {view: con.execute(f"select count(*) from {view}").fetchone()[0] for view in views}
        facts = con.execute("select count(*) from fact_statistic").fetchone()[0]
        repeated = con.execute("select value, unit, documents from v_figure_mentions where documents > 1").fetchall()
        series = con.execute("select measure, period_label, value, points_in_series from v_measure_series "
                             "where points_in_series > 1 order by measure, period_start").fetchall()
    finally:
        con.close()
    declared = {script.stem for script in (Path(__file__).resolve().parent.parent / "sql" / "views").glob("*.sql")}
    assert set(views) == declared
    assert counts["v_statistics"] == facts and counts["v_documents"] == 12  # 11 documents and the seed's copy
    assert (80000.0, "count", 2) in repeated  # the seed article and its copy in the development set
    measures = {measure for measure, *_ in series}
    assert all(sum(row[0] == measure for row in series) == row[3] for measure in measures for row in series
               if row[0] == measure)  # a series has a row per point
    # Our World in Data's world life expectancy, stated for 1770, 1900 and today.
    life = [(label, value) for measure, label, value, _ in series if measure.startswith("average life expectancy")]
    assert len(life) == 3 and ("1900", 32.0) in life and life[0][0] == "1770"


def test_the_published_views_keep_their_documented_columns_and_types(warehouse):
    import yaml

    declared = yaml.safe_load((Path(__file__).resolve().parent.parent / "schemas" / "published_views.yaml")
                              .read_text(encoding="utf-8"))
    rows = warehouse.con.execute(
        "select table_name, column_name, data_type from duckdb_columns() where schema_name = 'main' "
        "and table_name in (select view_name from duckdb_views() where not internal) "
        "order by table_name, column_index").fetchall()
    published: dict[str, dict[str, str]] = {}
    for view, column, data_type in rows:
        published.setdefault(view, {})[column] = data_type
    assert published == declared, "a published view changed: update schemas/published_views.yaml deliberately"
