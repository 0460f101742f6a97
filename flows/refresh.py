"""The refresh flow: read documents, extract statistics, validate them, load the warehouse.

Tasks work on whole batches (a Prefect task costs about 10 ms; a sentence costs microseconds).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from statwh import pipeline, quality, warehouse
from statwh.ingest import MAX_FILE_BYTES, Document, IngestError, IngestResult

EXTRACT_BATCH_SIZE = 500


@task(name="begin-run")
def begin_run(warehouse_path: Path, run_id: str, flow_run_id: str | None) -> None:
    """Migrate the warehouse and record that this run has started."""
    con = warehouse.connect(warehouse_path)
    try:
        warehouse.migrate(con)
        warehouse.start_run(con, run_id, flow_run_id)
    finally:
        con.close()


@task(name="ingest-documents")
def ingest_documents(paths: list[Path], max_file_bytes: int = MAX_FILE_BYTES) -> IngestResult:
    """Read every document under the input paths."""
    return pipeline.read_documents(paths, max_file_bytes)


@task(name="plan-refresh")
def plan_refresh(warehouse_path: Path, documents: list[Document], inputs: list[Path],
                 errors: list[IngestError]) -> pipeline.RefreshPlan:
    """Decide which documents are new, changed, unchanged or gone, from what the warehouse holds."""
    con = warehouse.connect(warehouse_path)
    try:
        states = warehouse.document_states(con)
    finally:
        con.close()
    return pipeline.plan_refresh(documents, states, inputs, [e.path for e in errors])


@task(name="retire-documents")
def retire_documents(warehouse_path: Path, run_id: str, document_ids: list[str]) -> int:
    """Flag the documents that are gone from the input; their statistics stay."""
    con = warehouse.connect(warehouse_path)
    try:
        return warehouse.retire_documents(con, run_id, document_ids)
    finally:
        con.close()


@task(name="extract-statistics")
def extract_statistics(documents: list[Document], repeated: dict[str, frozenset[str]]) -> pipeline.ExtractedBatch:
    """Extract the statistics of one batch of documents, page furniture left out."""
    return pipeline.extract_batch(documents, repeated)


@task(name="validate-statistics")
def validate_statistics(batches: list[pipeline.ExtractedBatch]) -> pipeline.ValidatedBatch:
    """Validate documents and statistics with pandera; failures go to quarantine."""
    return pipeline.validate_batch([item for batch in batches for item in batch.extracted])


@task(name="load-warehouse")
def load_warehouse(warehouse_path: Path, run_id: str, batch: pipeline.ValidatedBatch,
                   errors: list[IngestError]) -> warehouse.LoadCounts:
    """Load the validated batch and record the ingest errors."""
    return pipeline.load_batch(warehouse_path, run_id, batch, errors)


@task(name="check-quality")
def check_quality(warehouse_path: Path, run_id: str) -> quality.QualityReport:
    """Run the Great Expectations checkpoint over the loaded warehouse; critical failures fail the run."""
    con = warehouse.connect(warehouse_path)
    try:
        report = quality.run_checkpoint(con, run_id, quality.docs_dir(warehouse_path))
    finally:
        con.close()
    if report.critical_failures:
        names = "; ".join(f"{r.table}: {r.expectation}" for r in report.critical_failures)
        raise quality.QualityError(f"critical expectations failed: {names}")
    return report


@task(name="end-run")
def end_run(warehouse_path: Path, run_id: str, status: str, counts: dict[str, float],
            seconds: float, error: str | None) -> None:
    """Record how the run ended."""
    con = warehouse.connect(warehouse_path)
    try:
        warehouse.finish_run(con, run_id, status, counts, seconds, error)
    finally:
        con.close()


class _StageClock:
    """Times the stages of a run into ``counts`` (``with clock("seconds_load"): ...``), the failed one too."""

    def __init__(self, counts: dict[str, float]) -> None:
        self.counts = counts

    @contextmanager
    def __call__(self, key: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.counts[key] = round(time.perf_counter() - started, 3)


@flow(name="refresh-warehouse", log_prints=True)
def refresh_warehouse(paths: list[Path], warehouse_path: Path, max_file_bytes: int = MAX_FILE_BYTES) -> pipeline.RunSummary:
    """Refresh the warehouse from the documents under ``paths``."""
    started = time.perf_counter()
    run_id = warehouse.new_run_id()
    begin_run(warehouse_path, run_id, str(flow_run.get_id() or ""))
    counts: dict[str, float] = {}
    clock = _StageClock(counts)
    try:
        with clock("seconds_ingest"):
            read = ingest_documents(paths, max_file_bytes)
            plan = plan_refresh(warehouse_path, read.documents, paths, read.errors)
        documents = plan.to_extract  # unchanged documents are not extracted or loaded again
        with clock("seconds_extract"):
            repeated = pipeline.repeated_furniture(read.documents)  # over every document read, changed or not
            batches = [
                extract_statistics(documents[i : i + EXTRACT_BATCH_SIZE], repeated)
                for i in range(0, len(documents), EXTRACT_BATCH_SIZE)
            ]
        errors = read.errors + [e for b in batches for e in b.errors]
        with clock("seconds_validate"):
            validated = validate_statistics(batches)
        with clock("seconds_load"):
            loaded = load_warehouse(warehouse_path, run_id, validated, errors)
            retired = retire_documents(warehouse_path, run_id, plan.to_retire)
        with clock("seconds_check"):
            checked = check_quality(warehouse_path, run_id)
        counts |= {
            "documents_read": len(read.documents),
            "documents_new": plan.new,
            "documents_changed": plan.changed,
            "documents_unchanged": plan.unchanged,
            "documents_retired": retired,
            "documents_failed": len(errors),
            "statistics_extracted": validated.statistics_extracted,
            "statistics_valid": len(validated.statistics),
            "statistics_quarantined": len(validated.quarantine),
            "statistics_loaded": loaded.statistics,
        }
    except Exception as exc:
        end_run(warehouse_path, run_id, "failed", counts, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
        raise
    seconds = time.perf_counter() - started
    end_run(warehouse_path, run_id, "completed", counts, seconds, None)
    summary = pipeline.RunSummary(
        run_id=run_id, warehouse=str(warehouse_path), status="completed",
        documents_read=counts["documents_read"], documents_failed=counts["documents_failed"],
        statistics_extracted=counts["statistics_extracted"], statistics_loaded=counts["statistics_loaded"],
        statistics_quarantined=counts["statistics_quarantined"], seconds=seconds,
        errors=tuple(e.message for e in errors), documents_new=plan.new, documents_changed=plan.changed,
        documents_unchanged=plan.unchanged, documents_retired=retired, quality=checked.describe(),
    )
    get_run_logger().info(summary.describe())
    return summary
