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


def docs_dir(warehouse_path: Path) -> Path:
    """Where the checkpoint writes its Data Docs: quality/ beside the warehouse file."""
    return warehouse_path.parent / "quality"


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
        context = gx.get_context(mode="ephemeral")
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)  # no bars in logs and pipes
        for site in list(context.list_data_docs_sites()):  # the default site is a fresh temporary folder
            context.delete_data_docs_site(site)
        if docs_dir is not None:
            _add_docs_site(context, docs_dir)
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
        outcome = checkpoint.run()
        if docs_dir is not None:
            context.build_data_docs(site_names=["statwh"])
    if docs_dir is not None:
        make_docs_offline(docs_dir)
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
}
_REMOTE_TAG = re.compile(
    r"<(?P<tag>script|link|img)\b(?P<attrs>[^>]*?)\b(?:src|href)=\"(?P<url>https?://[^\"]+)\"[^>]*?>(?:\s*</script>)?",
    re.IGNORECASE)


def make_docs_offline(docs_dir: Path) -> int:
    """Point every Data Docs page at local copies of the scripts and styles it loads from CDNs,
    and drop the remote ones it can do without (charts, a date picker, icons, a logo): the pages
    then read with no network. Returns how many pages it rewrote.
    """
    vendor = docs_dir / "static" / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    for asset in sorted(set(_LOCAL_ASSETS.values())):
        shutil.copy2(ASSETS_DIR / asset, vendor / asset)
    rewritten = 0
    for page in docs_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        prefix = os.path.relpath(vendor, page.parent).replace(os.sep, "/")

        def local(match: re.Match) -> str:
            name = next((local for remote, local in _LOCAL_ASSETS.items() if match["url"].endswith(remote)), None)
            if name is None:
                return ""
            if match["tag"].lower() == "script":
                return f'<script src="{prefix}/{name}"></script>'
            return f'<link rel="stylesheet" href="{prefix}/{name}">'

        offline = _REMOTE_TAG.sub(local, html)
        if offline != html:
            page.write_text(offline, encoding="utf-8")
            rewritten += 1
    return rewritten


def _add_docs_site(context, docs_dir: Path) -> None:
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(site_name="statwh", site_config={
        "class_name": "SiteBuilder",  # GX wants an absolute folder: "warehouse/quality" is relative
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })


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
