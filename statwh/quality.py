"""The quality checkpoint: a Great Expectations suite over the loaded warehouse.

The expectations are declared in ``schemas/warehouse_expectations.yaml``, one list per checked
table, and each table is the result of ``sql/quality/<table>.sql``. GX's SQL datasource cannot
validate DuckDB (every expectation errors), so the tables are exported to Parquet and read by
GX's pandas filesystem datasource. Every result is stored in ``dq_result``; ``v_data_quality``
shows the latest checkpoint. A failed critical expectation fails the run, naming it.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import yaml

from statwh.lexicon import load_lexicon
from statwh.paths import PROJECT_ROOT, SQL_DIR
from statwh.vendored import copy_assets

EXPECTATIONS_FILE = PROJECT_ROOT / "schemas" / "warehouse_expectations.yaml"


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation's outcome on one table."""

    table: str
    expectation: str  # its GX name and arguments: "expect_column_values_to_be_unique(statistic_id)"
    critical: bool
    success: bool
    observed: str | None
    unexpected_count: int | None


@dataclass
class QualityReport:
    """What a checkpoint found."""

    check_id: str
    results: list[ExpectationResult] = field(default_factory=list)
    seconds: float = 0.0
    reused: bool = False  # a run that changed no data keeps the last checkpoint's results

    @property
    def critical_failures(self) -> list[ExpectationResult]:
        return [r for r in self.results if r.critical and not r.success]

    @property
    def warnings(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.critical and not r.success]

    def describe(self) -> str:
        """A few lines for people: how many passed, and every failure by name."""
        passed = sum(r.success for r in self.results)
        if self.reused:
            lines = [f"quality check {self.check_id[:8]} still holds: no data changed since its "
                     f"{passed} of {len(self.results)} expectations were met"]
        else:
            lines = [f"quality check {self.check_id[:8]}: {passed} of {len(self.results)} expectations met "
                     f"in {self.seconds:.1f} s"]
        lines += [f"  FAILED (critical) {r.table}: {r.expectation} - observed {r.observed}" for r in self.critical_failures]
        lines += [f"  warning {r.table}: {r.expectation} - observed {r.observed}" for r in self.warnings]
        return "\n".join(lines)


DOCS_SUFFIX = ".quality"
RETAINED_CHECKS = 100  # the Data Docs keep the latest checks' pages; dq_result keeps every check's results


def docs_dir(warehouse_path: Path) -> Path:
    """Where the checkpoint writes a warehouse's Data Docs: a folder of its own beside the file, so
    that warehouses in one folder keep apart.

    >>> docs_dir(Path("warehouse/statistics.duckdb"))
    PosixPath('warehouse/statistics.duckdb.quality')
    """
    return warehouse_path.with_name(warehouse_path.name + DOCS_SUFFIX)


def warehouse_of(docs: Path) -> Path:
    """The warehouse file whose Data Docs are in ``docs`` (:func:`docs_dir` undone).

    >>> warehouse_of(Path("warehouse/statistics.duckdb.quality"))
    PosixPath('warehouse/statistics.duckdb')
    """
    return docs.with_name(docs.name.removesuffix(DOCS_SUFFIX))


class QualityError(RuntimeError):
    """Critical expectations failed: the warehouse must not be published as it is."""


def _value_sets() -> dict[str, list]:
    from schemas.statistics import DIRECTIONS, KINDS, QUALIFIERS

    return {"kinds": list(KINDS), "qualifiers": list(QUALIFIERS), "directions": list(DIRECTIONS),
            "units": sorted(load_lexicon().unit_codes)}


def load_expectations(path: Path = EXPECTATIONS_FILE) -> dict[str, list[dict]]:
    """The declared expectations per table, value-set names resolved."""
    with open(path, encoding="utf-8") as handle:
        declared = yaml.safe_load(handle)
    sets = _value_sets()
    for table, expectations in declared.items():
        labels = [_spec_label(spec) for spec in expectations]
        if len(set(labels)) != len(labels):
            raise ValueError(f"{path}: {table} declares the same expectation twice")
        for spec in expectations:
            if isinstance(spec.get("value_set"), str):
                spec["value_set"] = sets[spec["value_set"]]
    return declared


def _label(kind: str, arguments: dict) -> str:
    """ "expect_column_values_to_be_unique(statistic_id)": an expectation's type and its columns,
    which name it within its table (load_expectations refuses two of the same)."""
    columns = [str(arguments[k]) for k in ("column", "column_A", "column_B") if arguments.get(k) is not None]
    return f"{kind}({', '.join(columns)})"


def _spec_label(spec: dict) -> str:
    return _label(f"expect_{spec['expect']}", spec)


def _gx_expectation(gx, spec: dict):
    name = "Expect" + "".join(part.capitalize() for part in spec["expect"].split("_"))
    kwargs = {k: v for k, v in spec.items() if k not in ("expect", "critical")}
    return getattr(gx.expectations, name)(**kwargs)


_IMPORTING: list[threading.Thread] = []


def import_in_background() -> threading.Thread:
    """Start importing Great Expectations (5-12 s on this machine) in a thread, once per process, so
    that a run's quality check finds it loaded: the import goes on while the run waits for its Prefect
    API server, or while it extracts and loads. The import lock makes the check wait for it if it has
    not finished. The thread is a daemon: a run that changes no data never needs it, and pays for it
    (measured: 3 s longer with a running server, the GIL being shared; 0.9 s with a temporary one). So
    `statwh run` starts it at once only when data may change (:func:`statwh.pipeline.may_change_data`,
    a look at the files' signatures), and the flow otherwise once its plan shows data changed."""
    if _IMPORTING:
        return _IMPORTING[0]
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before the import, as run_checkpoint does

    def load() -> None:
        try:
            import great_expectations  # noqa: F401
        except Exception:  # noqa: BLE001 - the check imports it again and reports any failure itself
            pass

    thread = threading.Thread(target=load, name="import-great-expectations", daemon=True)
    _IMPORTING.append(thread)
    thread.start()
    return thread


def run_checkpoint(con: duckdb.DuckDBPyConnection, run_id: str | None = None,
                   docs_dir: Path | None = None, expectations_file: Path = EXPECTATIONS_FILE) -> QualityReport:
    """Run the suite over the warehouse open on ``con``, store each result in ``dq_result`` and,
    with ``docs_dir``, write GX's Data Docs there. Raises nothing for failures: see the report."""
    started = time.perf_counter()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # about 5 s to import: only when a check runs

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    # This one sets its own level to INFO when imported, to announce a temporary docs folder we delete.
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.ERROR)

    declared = load_expectations(expectations_file)
    report = QualityReport(check_id=uuid.uuid4().hex)
    with tempfile.TemporaryDirectory(prefix="statwh-quality-") as scratch:
        for table in declared:
            query = (SQL_DIR / "quality" / f"{table}.sql").read_text(encoding="utf-8").strip().rstrip(";")
            target = Path(scratch) / f"{table}.parquet"
            con.execute(f"copy ({query}) to '{target}' (format parquet)")
        context = _context(gx, docs_dir)
        source = context.data_sources.add_pandas_filesystem("warehouse", base_directory=scratch)
        definitions, specs = [], {}
        for table, expectations in declared.items():
            batch = source.add_parquet_asset(table).add_batch_definition_path(table, path=f"{table}.parquet")
            suite = context.suites.add(gx.ExpectationSuite(name=table))
            for spec in expectations:
                suite.add_expectation(_gx_expectation(gx, spec))
            specs[table] = expectations
            definitions.append(context.validation_definitions.add(
                gx.ValidationDefinition(name=table, data=batch, suite=suite)))
        # No UpdateDataDocsAction: it rebuilds the whole site once per table validated (7 times, 2-3 s,
        # mostly compiling GX's templates again each time); the site is built once, below.
        checkpoint = context.checkpoints.add(gx.Checkpoint(name="warehouse", validation_definitions=definitions,
                                                           actions=[], result_format="SUMMARY"))
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        # The run's name is in every page's path and header: which run (or `statwh check`) made it.
        run_name = f"run-{run_id[:8]}" if run_id else f"check-{report.check_id[:8]}"
        outcome = checkpoint.run(run_id=RunIdentifier(run_name=run_name, run_time=datetime.now(timezone.utc)))
        if docs_dir is not None:
            rendered_after = time.time_ns()
            forget_old_checks(docs_dir)
            # This check's pages and the index (which lists every check kept): earlier pages stay as they were.
            context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=[
                *outcome.run_results.keys(), *(ExpectationSuiteIdentifier(name=table) for table in declared)])
            finish_docs(docs_dir, since_ns=rendered_after)
    for validation in outcome.run_results.values():
        table = validation.suite_name
        # GX does not return results in the order the suite declares them: match them by name.
        by_label = {_spec_label(spec): spec for spec in specs[table]}
        for result in validation.results:
            config = result.expectation_config
            label = _label(config.type, config.kwargs)
            spec = by_label[label]
            details = result.result or {}
            observed = details.get("observed_value")
            if observed is None and details.get("unexpected_count") is not None:
                shown = details.get("partial_unexpected_list") or []
                observed = f"{details['unexpected_count']} unexpected, e.g. {shown[:3]}"
            report.results.append(ExpectationResult(table, label, bool(spec.get("critical")),
                                                    bool(result.success), None if observed is None else str(observed),
                                                    details.get("unexpected_count")))
    report.seconds = time.perf_counter() - started
    _store(con, report, run_id)
    return report


ASSETS_DIR = Path(__file__).resolve().parent / "docs_assets"
# The CDN files GX's pages load, by the name of the local copy that stands in for each.
_LOCAL_ASSETS = {
    "jquery-3.7.1.min.js": "jquery.min.js",
    "bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "popper.min.js": "popper.min.js",
    "dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control.min.js",
    "bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control.min.css",
    "bootstrap-table-filter-control.css": "bootstrap-table-filter-control.min.css",
    "bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": "bootstrap-datepicker.min.js",
    "bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": "bootstrap-datepicker.min.css",
    "font-awesome/6.6.0/css/all.min.css": "fontawesome/css/all.min.css",
    "bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": "bootstrap-prefers-dark.min.css",
}
_REMOTE_TAG = re.compile(
    r"<(?P<tag>script|link|img)\b(?P<attrs>[^>]*?)\b(?:src|href)=\"(?P<url>https?://[^\"]+)\"[^>]*?>(?:\s*</script>)?",
    re.IGNORECASE)


def finish_docs(docs_dir: Path, since_ns: int = 0) -> int:
    """Make the Data Docs pages written since ``since_ns`` (all, by default) whole without a network,
    and say whose they are; returns how many it rewrote. Each page:
    - loads the scripts, styles and fonts GX takes from CDNs from local copies (``static/vendor``,
      from ``statwh/docs_assets``), and nothing else from the network (the charting scripts, which
      no statwh page uses, and GX's remote logo are left out);
    - has a line under its title naming the warehouse and, on a validation page, the run that checked it;
    - names its table where GX writes "Data asset: None";
    - has no newsletter footer.
    Pages already finished are left as they are."""
    vendor = docs_dir / "static" / "vendor"
    copy_assets(ASSETS_DIR, vendor)
    warehouse = warehouse_of(docs_dir.resolve())
    finished = 0
    for page in docs_dir.rglob("*.html"):
        if page.stat().st_mtime_ns < since_ns:
            continue
        html = page.read_text(encoding="utf-8")
        if _BANNER_CLASS in html:
            continue
        page.write_text(_finished_page(html, page.relative_to(docs_dir), warehouse,
                                       os.path.relpath(vendor, page.parent).replace(os.sep, "/")), encoding="utf-8")
        finished += 1
    return finished


_BANNER_CLASS = "statwh-banner"
_NEWSLETTER = re.compile(r"<footer>\s*<p>Stay current on everything GX.*?</footer>", re.DOTALL)


def _finished_page(html: str, where: Path, warehouse: Path, vendor: str) -> str:
    """One page made whole offline (:func:`finish_docs`); ``where`` is its path in the docs folder,
    ``vendor`` the local assets' folder relative to it."""

    def local(match: re.Match) -> str:
        name = next((local for remote, local in _LOCAL_ASSETS.items() if match["url"].endswith(remote)), None)
        if name is None:
            return ""
        if match["tag"].lower() == "script":
            return f'<script src="{vendor}/{name}"></script>'
        return f'<link rel="stylesheet" href="{vendor}/{name}">'

    html = _NEWSLETTER.sub("", _REMOTE_TAG.sub(local, html))
    parts = where.parts
    if parts[0] == "validations" and len(parts) >= 5:  # validations/<table>/<run name>/<run time>/<batch>.html
        table, run_name, run_time = parts[1], parts[2], parts[3]
        said = (f"Warehouse <code>{_escape(warehouse)}</code>, table <code>{_escape(table)}</code>, checked by "
                f"<strong>{_escape(run_name)}</strong> at {_escape(_run_time(run_time))}")
        html = html.replace("Data asset: None", f"Data asset: table {_escape(table)}")
    elif parts[0] == "expectations":
        said = (f"Warehouse <code>{_escape(warehouse)}</code>: the expectations of table "
                f"<code>{_escape(where.stem)}</code>, as declared in schemas/warehouse_expectations.yaml")
    else:
        said = (f"Warehouse <code>{_escape(warehouse)}</code>: its latest {RETAINED_CHECKS} quality checks "
                "(every check's results are in the warehouse, in <code>v_data_quality</code> and "
                "<code>dq_result</code>)")
    banner = (f'<div class="{_BANNER_CLASS} alert alert-light border-bottom mb-0 pl-5" role="note" '
              f'style="border-radius:0">statwh Data Docs. {said}</div>')
    return re.sub(r"(<nav class=\"navbar[^>]*>.*?</nav>\s*</div>\s*</nav>)", lambda m: m.group(1) + banner, html,
                  count=1, flags=re.DOTALL) if "<nav" in html else html.replace("<body>", "<body>" + banner, 1)


def _run_time(stamp: str) -> str:
    """GX's run-time folder name as a reader writes the time.

    >>> _run_time("20261203T174540.005968Z")
    '2026-12-03 17:45:40 UTC'
    """
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S.%fZ").strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return stamp


def _escape(value: object) -> str:
    import html

    return html.escape(str(value))


DOCS_SITE = "statwh"


def _context(gx, docs_dir: Path | None):
    """An in-memory GX context whose validation results, with ``docs_dir``, are kept as files in
    ``docs_dir/results`` (so that the Data Docs list every check kept, not only this one's), with a
    Data Docs site at ``docs_dir``, and no progress bars (they would fill logs and pipes)."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    defaults = InMemoryStoreBackendDefaults(init_temp_docs_sites=False)
    config = DataContextConfig(store_backend_defaults=defaults, progress_bars=ProgressBarsConfig(globally=False))
    if docs_dir is not None:
        docs = docs_dir.resolve()  # GX wants absolute folders
        docs.mkdir(parents=True, exist_ok=True)
        config.stores[defaults.validation_results_store_name] = {
            "class_name": "ValidationResultsStore",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs / "results")}}
        config.data_docs_sites = {DOCS_SITE: {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,  # no tutorial pop-ups or footers: these pages are for reading
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}}}
    return gx.get_context(project_config=config, mode="ephemeral")


def forget_old_checks(docs_dir: Path, keep: int = RETAINED_CHECKS) -> list[str]:
    """Remove the stored results and pages of all but the latest ``keep`` checks (the one just run
    among them), so that the folder and the index each check rebuilds stay bounded; returns the run
    names removed. Every check's results stay in the warehouse's ``dq_result``.

    Results are kept as ``results/<table>/<run name>/<run time>/...``, pages as
    ``validations/<table>/<run name>/<run time>/...``."""
    runs: dict[str, str] = {}  # run name -> its latest run time
    for folder in (docs_dir / "results").glob("*/*/*"):
        if folder.is_dir():
            runs[folder.parent.name] = max(runs.get(folder.parent.name, ""), folder.name)
    old = sorted(runs, key=lambda name: runs[name], reverse=True)[max(keep, 1):]
    for name in old:
        for kind in ("results", "validations"):
            for folder in (docs_dir / kind).glob(f"*/{name}"):
                shutil.rmtree(folder, ignore_errors=True)
    return old


def latest_report(con: duckdb.DuckDBPyConnection) -> QualityReport | None:
    """The latest checkpoint's results as stored in ``dq_result``; None before the first."""
    rows = con.execute(
        "select check_id, table_name, expectation, critical, success, observed_value, unexpected_count "
        "from dq_result where check_id = (select check_id from dq_result order by checked_at desc limit 1)"
    ).fetchall()
    if not rows:
        return None
    return QualityReport(check_id=rows[0][0], results=[ExpectationResult(*row[1:]) for row in rows], reused=True)


def _store(con: duckdb.DuckDBPyConnection, report: QualityReport, run_id: str | None) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.executemany(
        "insert into dq_result values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(report.check_id, run_id, now, r.table, r.expectation, r.critical, r.success, r.observed,
          r.unexpected_count) for r in report.results],
    )
