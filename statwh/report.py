"""`statwh report`: a static HTML report of the warehouse, with charts, that opens offline.

Each section is a query in ``sql/report/`` and, where it has one, a chart: a Vega-Lite
specification with its data inline, drawn by the vendored scripts in ``statwh/report_assets``.
Every chart has its data beside it as a table (what a screen reader reads), and every figure
its sentence and document. Sections are capped (the most repeated figures, the longest series,
the widest disagreements), so a warehouse of 10,000 documents draws no more marks than one of
a hundred; each cap is said on the page. Plain Python: no Prefect, no pandas.
"""
from __future__ import annotations

import fcntl
import html
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import duckdb

from statwh.paths import PROJECT_ROOT, SQL_DIR
from statwh.vendored import copy_assets

REPORT_SUFFIX = ".report"
ASSETS_DIR = Path(__file__).resolve().parent / "report_assets"
SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
# How many of each a section shows: enough to read, few enough not to overplot.
LIMITS = {"figures_that_travel": 20, "measure_series": 9, "disagreements": 15, "sources_over_time": 8,
          "runs": 200, "ingest_errors": 50}
EACH = {"figures_that_travel": 30, "disagreements": 10}  # statements per figure, values per disagreement


def report_dir(warehouse_path: Path) -> Path:
    """Where a warehouse's report goes: a folder of its own beside the file.

    >>> report_dir(Path("warehouse/statistics.duckdb"))
    PosixPath('warehouse/statistics.duckdb.report')
    """
    return warehouse_path.with_name(warehouse_path.name + REPORT_SUFFIX)


@dataclass
class Section:
    """One part of the report: its rows, and the chart drawn from them (if any)."""

    key: str
    title: str
    about: str
    rows: list[dict] = field(default_factory=list)
    chart: dict | None = None
    empty: str = ""  # what the page says when there are no rows
    columns: tuple[str, ...] = ()  # the table's columns, in order


@dataclass
class Report:
    """What was written, and how long it took."""

    path: Path
    sections: list[Section]
    seconds: float

    def describe(self) -> str:
        """One line for the run summary or the command."""
        drawn = sum(1 for s in self.sections if s.chart and s.rows)
        return f"report: {self.path / 'index.html'} ({drawn} charts, {self.seconds:.1f} s)"


def query(con: duckdb.DuckDBPyConnection, name: str, limit: int = 0, each: int = 0) -> list[dict]:
    """The rows of ``sql/report/<name>.sql`` as dicts, with ``$limit`` and ``$each`` replaced."""
    sql = (SQL_DIR / "report" / f"{name}.sql").read_text(encoding="utf-8")
    sql = sql.replace("$limit", str(int(limit))).replace("$each", str(int(each)))
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def figure_label(row: dict) -> str:
    """A figure as a reader names it: its value, unit and rate, place and period.

    >>> figure_label({"value": 80000.0, "value_high": None, "unit": "count", "per": None,
    ...               "geography": "United Kingdom", "period_label": None, "subject": "people"})
    '80,000 people (United Kingdom)'
    >>> figure_label({"value": 700.0, "value_high": None, "unit": "percent", "per": None,
    ...               "geography": None, "period_label": "2013-2018", "subject": "images referred"})
    '700% images referred (2013-2018)'
    """
    value = _number(row["value"]) + (f" to {_number(row['value_high'])}" if row.get("value_high") is not None else "")
    unit = (row.get("unit") or "count").replace("_", " ")
    if unit == "percent":
        shown = f"{value}%"
    elif unit.isupper():  # a currency's code: "GBP 600,000"
        shown = f"{unit} {value}"
    elif unit == "count":
        shown = value
    else:
        shown = f"{value} {unit}"
    rate = f" per {row['per']}" if row.get("per") else ""
    where = ", ".join(str(w) for w in (row.get("geography"), row.get("period_label")) if w)
    return " ".join(w for w in (shown, row.get("subject")) if w) + rate + (f" ({where})" if where else "")


def _number(value: float | None) -> str:
    """A number as a reader writes it: thousands separated, never in exponent notation.

    >>> _number(80000.0), _number(2.5), _number(12345.67), _number(0.15), _number(-3.0), _number(None)
    ('80,000', '2.5', '12,345.67', '0.15', '-3', '')
    """
    if value is None:
        return ""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    decimals = 2 if abs(value) >= 1 else 6
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def build_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section of the report, queried from the warehouse open on ``con``."""
    return [_figures_that_travel(con), _measure_series(con), _disagreements(con), _sources_over_time(con),
            _runs(con), _ingest_errors(con)]


def _figures_that_travel(con) -> Section:
    rows = query(con, "figures_that_travel", LIMITS["figures_that_travel"], EACH["figures_that_travel"])
    labels = {}
    for row in rows:  # one label per figure, from its first statement
        labels.setdefault(row["figure_id"], figure_label(row))
        row["figure"] = labels[row["figure_id"]]
    dated = [r for r in rows if r["published_on"] is not None]
    # A timeline when documents are dated; else each figure's documents in order, as a row of dots.
    x = ({"field": "published_on", "type": "temporal", "title": "date the document was published"} if dated else
         {"field": "nth", "type": "quantitative", "title": "documents stating the figure (first, second, ...)"})
    chart = {
        "title": {"text": "Figures stated by more than one document", "subtitle": "each dot a document stating the "
                  "figure, by its publication date; colour: publisher"},
        "data": {"values": _plain(dated or rows)},
        "mark": {"type": "point", "filled": True, "size": 90, "opacity": 0.8},
        "encoding": {
            "y": {"field": "figure", "type": "nominal", "title": None,  # each label names its figure in full
                  "sort": list(labels.values()), "axis": {"labelLimit": 360}},
            "x": x,
            "color": {"field": "publisher", "type": "nominal", "title": "publisher"},
            "shape": {"field": "qualifier", "type": "nominal", "title": "qualified as"},
            "tooltip": [{"field": "figure"}, {"field": "publisher"}, {"field": "published_on", "type": "temporal"},
                        {"field": "number_text", "title": "as written"}, {"field": "qualifier"},
                        {"field": "source", "title": "attributed to"}, {"field": "quote", "title": "sentence"}],
        },
        "width": "container", "height": {"step": 26},
    } if rows else None
    return Section("figures", "Figures that travel",
                   f"Each figure (the same value, unit, rate, place and period) stated by more than one document: "
                   f"the {LIMITS['figures_that_travel']} stated most often, and how each document qualified and "
                   f"attributed it (the first {EACH['figures_that_travel']} documents of each; v_figure_mentions "
                   "has them all).", rows, chart,
                   "No figure is stated by more than one document yet.",
                   ("figure", "publisher", "published_on", "number_text", "qualifier", "source", "quote",
                    "document_path"))


def _measure_series(con) -> Section:
    rows = query(con, "measure_series", LIMITS["measure_series"])
    for row in rows:
        row["series"] = f"{row['measure']} ({_unit_words(row)})"
    chart = {
        "title": {"text": "Measures over time", "subtitle": "one panel per measure; the value stated for each period "
                  "(the median where documents differ)"},
        "data": {"values": _plain(rows)},
        "facet": {"field": "series", "type": "nominal", "title": None, "header": {"labelLimit": 300}},
        "columns": 3,
        "spec": {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "period_start", "type": "temporal", "title": "period (start)"},
                "y": {"field": "value", "type": "quantitative", "title": "value, in the panel's unit"},
                "tooltip": [{"field": "measure"}, {"field": "period_label", "title": "period"},
                            {"field": "value"}, {"field": "unit"}, {"field": "documents"}, {"field": "sources"}],
            },
            "width": 240, "height": 150,
        },
        "resolve": {"scale": {"y": "independent"}},
    } if rows else None
    return Section("series", "Measure series",
                   f"The {LIMITS['measure_series']} measures with values for the most periods (from v_measure_series).",
                   rows, chart, "No measure has values for more than one period yet.",
                   ("series", "period_label", "value", "min_value", "max_value", "documents", "sources", "publishers"))


def _disagreements(con) -> Section:
    rows = query(con, "disagreements", LIMITS["disagreements"], EACH["disagreements"])
    for row in rows:
        row["dispute"] = f"{row['measure']}, {row['period_label'] or 'no period'} ({_unit_words(row)})"
    chart = {
        "title": {"text": "Disagreements", "subtitle": "the same measure and period with different values; each "
                  "dot a value, sized by the documents stating it; each row on its own scale"},
        "data": {"values": _plain(rows)},
        "facet": {"row": {"field": "dispute", "type": "nominal", "title": None,
                          "sort": list(dict.fromkeys(r["dispute"] for r in rows)),  # widest spread first
                          "header": {"labelAngle": 0, "labelAlign": "left", "labelLimit": 700}}},
        "spec": {
            "mark": {"type": "point", "filled": True},
            "encoding": {
                "x": {"field": "value", "type": "quantitative", "title": "value stated (in the row's unit)",
                      "scale": {"zero": False, "nice": True}},
                "size": {"field": "documents", "type": "quantitative", "title": "documents"},
                "tooltip": [{"field": "dispute"}, {"field": "value"}, {"field": "documents"},
                            {"field": "publishers"}, {"field": "sources", "title": "attributed to"},
                            {"field": "first_quote", "title": "sentence"}],
            },
            "width": 560, "height": 24,
        },
        "resolve": {"scale": {"x": "independent"}},
        "spacing": 28,
    } if rows else None
    return Section("disagreements", "Disagreements",
                   f"Measure-periods given different values by different documents, the {LIMITS['disagreements']} "
                   f"widest spreads first, each with its {EACH['disagreements']} values stated most often; a small "
                   "spread is often rounding (v_disagreements has them all).", rows, chart,
                   "No two documents give different values for the same measure and period yet.",
                   ("dispute", "value", "documents", "qualifiers", "sources", "publishers", "first_quote",
                    "document_paths"))


def _sources_over_time(con) -> Section:
    rows = query(con, "sources_over_time", LIMITS["sources_over_time"])
    chart = {
        "title": {"text": "Sources over time", "subtitle": "statistics attributed to each source, by the year the "
                  "document was published"},
        "data": {"values": _plain(rows)},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "year published"},
            "y": {"field": "statistics", "type": "quantitative", "title": "statistics (count)", "stack": "zero"},
            "color": {"field": "source", "type": "nominal", "title": "source"},
            "tooltip": [{"field": "source"}, {"field": "year"}, {"field": "statistics"}],
        },
        "width": "container", "height": 260,
    } if rows else None
    return Section("sources", "Sources and publishers",
                   f"Statistics per source, for the {LIMITS['sources_over_time']} sources cited most (the rest "
                   "together), by year of publication; documents with no date are left out.", rows, chart,
                   "No dated document yet.", ("source", "year", "statistics"))


def _runs(con) -> Section:
    rows = query(con, "runs", LIMITS["runs"])
    long = [{"started_at": r["started_at"], "what": what, "count": r[column]}  # a count not known is not a 0
            for r in rows for what, column in (("statistics loaded", "statistics_loaded"),
                                               ("statistics quarantined", "statistics_quarantined"),
                                               ("documents new or changed", "documents_new"),
                                               ("files that could not be read", "documents_failed"),
                                               ("expectations failed", "failed_expectations"))
            if r[column] is not None]
    chart = {
        "title": {"text": "Runs over time", "subtitle": "what each run loaded, set aside and could not read, and "
                  "its quality check"},
        "data": {"values": _plain(long)},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "started_at", "type": "temporal", "title": "run started",
                  "axis": {"format": "%Y-%m-%d %H:%M", "labelAngle": -30}},
            "y": {"field": "count", "type": "quantitative", "title": "count per run"},
            "color": {"field": "what", "type": "nominal", "title": None},
            "tooltip": [{"field": "started_at", "type": "temporal", "timeUnit": "yearmonthdatehoursminutes"},
                        {"field": "what"}, {"field": "count"}],
        },
        "width": "container", "height": 220,
    } if long else None
    return Section("health", "The warehouse's health",
                   f"Its latest {LIMITS['runs']} runs (from v_runs, with every quality check's results from "
                   "dq_result).", rows, chart, "No run yet.",
                   ("started_at", "status", "documents_new", "documents_changed", "documents_failed",
                    "statistics_loaded", "statistics_quarantined", "expectations", "failed_expectations",
                    "duration_seconds"))


def _ingest_errors(con) -> Section:
    rows = query(con, "ingest_errors", LIMITS["ingest_errors"])
    return Section("errors", "Files that could not be read",
                   f"The latest {LIMITS['ingest_errors']} (from v_ingest_errors).", rows, None,
                   "None: every file was read.", ("recorded_at", "path", "error_class", "message"))


def _unit_words(row: dict) -> str:
    """
    >>> _unit_words({"unit": "GBP", "per": None}), _unit_words({"unit": "count", "per": "100,000 people"})
    ('GBP', 'count per 100,000 people')
    """
    return f"{row['unit']} per {row['per']}" if row.get("per") else str(row["unit"])


def _plain(rows: list[dict]) -> list[dict]:
    """Rows as JSON takes them: dates and times as ISO text, decimals as floats."""
    def value(v):
        if isinstance(v, date):  # a datetime too
            return v.isoformat()
        if isinstance(v, Decimal):
            return float(v)
        return v

    return [{k: value(v) for k, v in row.items()} for row in rows]


def write_report(warehouse_path: Path, out_dir: Path | None = None, docs_index: Path | None = None) -> Report:
    """Read the warehouse (read-only, confined to itself) and write its report to ``out_dir``
    (default :func:`report_dir`): ``index.html`` and the chart scripts it loads."""
    from statwh.query import connect_confined

    started = time.perf_counter()
    out_dir = out_dir or report_dir(warehouse_path)
    con = connect_confined(warehouse_path)  # first: a missing warehouse leaves no folder behind
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # One writer at a time per folder; each reads the warehouse once it holds the lock, so the
        # last to write has read the latest version.
        with open(out_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            summary = query(con, "summary")[0]
            sections = build_sections(con)
            copy_assets(ASSETS_DIR, out_dir, SCRIPTS)
            page = render(warehouse_path, summary, sections, docs_index, out_dir)
            temporary = out_dir / f"index.html.{os.getpid()}.tmp"
            try:
                temporary.write_text(page, encoding="utf-8")
                os.replace(temporary, out_dir / "index.html")  # a reader never sees half a page
            finally:
                temporary.unlink(missing_ok=True)
    finally:
        con.close()
    return Report(out_dir, sections, time.perf_counter() - started)


REPORT_SWITCH = "STATWH_REPORT"  # "off": runs do not write the report (`statwh report` still does)
_WRITERS: list[subprocess.Popen] = []  # kept, so that none is reported as left running when collected


def write_in_background(warehouse_path: Path) -> Path | None:
    """Start `statwh report` for the warehouse in a process of its own and return the page it will
    write (None when ``$STATWH_REPORT`` is "off"). A run ends without waiting for it: on the
    10,000-document benchmark the report takes about 2 s, which every run would otherwise add.
    Its output, an error included, goes to ``report.log`` in the report's folder."""
    if os.environ.get(REPORT_SWITCH, "").lower() in ("off", "0", "false", "no"):
        return None
    out_dir = report_dir(warehouse_path)
    _WRITERS[:] = [writer for writer in _WRITERS if writer.poll() is None]  # reap the finished ones
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "report.log", "a", encoding="utf-8") as log:  # appended: writers may overlap
            _WRITERS.append(subprocess.Popen(
                [sys.executable, "-m", "statwh.cli", "report", "--warehouse", str(warehouse_path.resolve())],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
                start_new_session=True))  # not ended with the run: a run killed after publishing still gets it
    except OSError as exc:  # the run has published: a report that cannot start is said, not a failed run
        print(f"statwh: the report was not started: {exc}", file=sys.stderr)
        return None
    return out_dir / "index.html"


def render(warehouse_path: Path, summary: dict, sections: list[Section], docs_index: Path | None = None,
           out_dir: Path | None = None) -> str:
    """The report's page."""
    e = html.escape
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    facts = (f"{summary['documents']:,} documents, {summary['statistics']:,} statistics, {summary['publishers']:,} "
             f"publishers, {summary['sources']:,} sources named, {summary['runs']:,} runs")
    docs = (f' · <a href="{e(os.path.relpath(docs_index, out_dir or report_dir(warehouse_path)))}">Data Docs (quality checks)</a>'
            if docs_index is not None else "")
    parts = [f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>statwh report: {e(warehouse_path.name)}</title>
<style>{STYLE}</style>
{"".join(f'<script src="{name}"></script>' for name in SCRIPTS)}
</head><body>
<header><h1>The statistics in {e(warehouse_path.name)}</h1>
<p>Warehouse <code>{e(str(warehouse_path.resolve()))}</code>: {e(facts)}. Report written {generated}{docs}.</p>
<nav aria-label="sections">{" · ".join(f'<a href="#{s.key}">{e(s.title)}</a>' for s in sections)}</nav></header>
<main>"""]
    specs = {}
    for section in sections:
        parts.append(f'<section id="{section.key}" aria-labelledby="{section.key}-title">'
                     f'<h2 id="{section.key}-title">{e(section.title)}</h2><p>{e(section.about)}</p>')
        if not section.rows:
            parts.append(f'<p class="empty">{e(section.empty)}</p></section>')
            continue
        if section.chart is not None:
            specs[section.key] = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **section.chart}
            parts.append(f'<figure><div class="chart" id="chart-{section.key}" role="img" '
                         f'aria-label="{e(section.chart["title"]["text"])}: the table below holds its data"></div>'
                         f'<figcaption>{e(section.chart["title"]["subtitle"])}</figcaption></figure>')
        parts.append(_table(section))
        parts.append("</section>")
    parts.append("</main>")
    parts.append(f'<script type="application/json" id="chart-specs">{_json_for_html(specs)}</script>')
    parts.append(f"<script>{DRAW}</script></body></html>")
    return "\n".join(parts)


def _table(section: Section) -> str:
    """A section's rows as a table: the chart's data for a screen reader, and each figure's sentence."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(c.replace("_", " "))}</th>' for c in section.columns)
    body = []
    for row in section.rows:
        cells = []
        for column in section.columns:
            value = row.get(column)
            text = "" if value is None else _number(value) if isinstance(value, float) else str(value)
            cls = ' class="quote"' if column in ("quote", "first_quote") else ""
            shown = _document_links(text) if column in ("document_path", "document_paths") else e(text)
            cells.append(f"<td{cls}>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<details{" open" if section.chart is None else ""}><summary>The table of this section '
            f'({len(section.rows)} rows)</summary><div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div></details>')


def _document_links(paths: str) -> str:
    """Each document path ("; "-separated) as a link to its file, named by its file name; a record
    of a feed ("feed.jsonl#a1") links to the feed.

    >>> _document_links("/srv/docs/a.md; /srv/feed.jsonl#r1")
    '<a href="file:///srv/docs/a.md" title="/srv/docs/a.md">a.md</a>; <a href="file:///srv/feed.jsonl" title="/srv/feed.jsonl#r1">feed.jsonl#r1</a>'
    """
    links = []
    for path in (p.strip() for p in paths.split(";") if p.strip()):
        head, _, _ = path.partition("#")
        file = Path(head) if head.endswith((".json", ".jsonl", ".ndjson")) else Path(path)  # a feed's record
        name = html.escape(Path(path).name)
        if file.is_absolute():
            links.append(f'<a href="{html.escape(file.as_uri())}" title="{html.escape(path)}">{name}</a>')
        else:
            links.append(f'<span title="{html.escape(path)}">{name}</span>')
    return "; ".join(links)


def _json_for_html(value) -> str:
    """JSON safe inside a <script> element: no "</script>" or "<!--" in it (escaped as JSON escapes,
    so the text still parses).

    >>> _json_for_html({"q": "a </script> <!-- b & c"})
    '{"q": "a \\\\u003c/script\\\\u003e \\\\u003c!-- b \\\\u0026 c"}'
    """
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#fff}
header{padding:1.2rem 2rem;background:#f3f5f8;border-bottom:1px solid #d8dde5}
h1{margin:0 0 .4rem;font-size:1.5rem} h2{margin-top:2rem;font-size:1.25rem}
main{padding:0 2rem 3rem;max-width:1200px} nav a{margin-right:.2rem}
figure{margin:1rem 0} figcaption{color:#555;font-size:.9rem}
.chart{width:100%} .empty{color:#666;font-style:italic}
.scroll{max-height:28rem;overflow:auto;border:1px solid #e2e6ec}
table{border-collapse:collapse;font-size:.85rem;width:100%} th,td{padding:.25rem .5rem;border-bottom:1px solid #eceff3;
text-align:left;vertical-align:top} th{position:sticky;top:0;background:#f8f9fb} td.quote{max-width:40rem}
code{font-size:.85rem}
"""

# Draw each chart; mark it drawn (data-drawn = how many marks) or failed (data-error), for people and tests.
DRAW = """
const specs = JSON.parse(document.getElementById('chart-specs').textContent);
for (const [key, spec] of Object.entries(specs)) {
  const element = document.getElementById('chart-' + key);
  vegaEmbed(element, spec, {renderer: 'svg', actions: false})
    .then(() => { element.dataset.drawn = element.querySelectorAll('g.mark-symbol path, g.mark-line path, g.mark-rect path').length; })
    .catch(error => { element.dataset.error = String(error); element.textContent = 'This chart could not be drawn: ' + error; });
}
"""
