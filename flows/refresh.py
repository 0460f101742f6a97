"""The refresh flow: read documents, extract statistics, validate them, load the warehouse, publish it.

Large inputs (documents, statistics, frames) are passed to tasks inside ``quote``: Prefect
otherwise visits every element of a task's inputs to track dependencies, which took longer
than validating 75,000 statistics. Tasks work on whole batches sized so that a task's own cost stays under 5% of its work
(``flows/settings.py``); extraction batches run on the flow's task runner (threads, or a Dask
cluster), loading stays in the flow's process, the one writer. Tasks that touch files or the
database retry transient errors and time out if they hang. Every write goes to a private working copy of the warehouse, which replaces the published file
only after the quality checkpoint passes (``statwh.publish``); one run writes at a time.
"""

import sys
import time
from contextlib import contextmanager
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.context import FlowRunContext
from prefect.runtime import deployment, flow_run
from prefect.utilities.annotations import quote

from flows.settings import RETRIES, RETRY_DELAY_SECONDS, TIMEOUT_SECONDS, batch_bytes, retry_if_transient
from statwh import pipeline, publish, quality, report, warehouse
from statwh.furniture import furniture_group
from statwh.ingest import MAX_FILE_BYTES, Document, FileSignature, IngestError, IngestResult
from statwh.progress import Progress

_RETRY = {"retries": RETRIES, "retry_delay_seconds": RETRY_DELAY_SECONDS, "retry_condition_fn": retry_if_transient}
ON_FILES = {**_RETRY, "timeout_seconds": TIMEOUT_SECONDS["files"]}
ON_DATABASE = {**_RETRY, "timeout_seconds": TIMEOUT_SECONDS["database"]}


@task(name="copy-published-warehouse", **ON_FILES)
def copy_published_warehouse(published: Path) -> tuple[Path, list]:
    """Copy the published warehouse to this run's working copy; note runs that died before publishing."""
    abandoned = publish.abandoned_runs(published)
    return publish.make_working_copy(published), abandoned


@task(name="begin-run", **ON_DATABASE)
def begin_run(warehouse_path: Path, run_id: str, flow_run_id: str | None, abandoned: list, published: Path) -> None:
    """Migrate the working copy and record that this run has started (and any that died unpublished)."""
    with warehouse.connect(warehouse_path) as con:  # closed however the block ends
        warehouse.migrate(con)
        warehouse.start_run(con, run_id, flow_run_id)
    publish.carry_run_records(warehouse_path, published, abandoned)


@task(name="load-document-states", **ON_DATABASE)
def load_document_states(warehouse_path: Path) -> dict[str, warehouse.DocumentState]:
    """What the warehouse holds of every loaded document: hashes, versions, files' signatures."""
    with warehouse.connect(warehouse_path) as con:
        return warehouse.document_states(con)


@task(name="ingest-documents", **ON_FILES)
def ingest_documents(paths: list[Path], max_file_bytes: int = MAX_FILE_BYTES,
                     known: dict[str, FileSignature] | None = None) -> IngestResult:
    """Read every document under the input paths, but not files whose signature says they are unchanged."""
    return pipeline.read_documents(paths, max_file_bytes, known)


@task(name="plan-refresh")
def plan_refresh(read: IngestResult, states: dict[str, warehouse.DocumentState],
                 inputs: list[Path]) -> pipeline.RefreshPlan:
    """Decide which documents are new, changed, unchanged or gone, from what the warehouse holds."""
    return pipeline.plan_refresh(read.documents, states, inputs, [e.path for e in read.errors], read.unchanged_files)


@task(name="find-repeated-furniture", **ON_DATABASE)
def find_repeated_furniture(warehouse_path: Path, plan: pipeline.RefreshPlan,
                            read: list[Document]) -> dict[str, frozenset[str]]:
    """Lines repeated across a publisher's documents, read or loaded before, in the documents to extract."""
    if not plan.to_extract:
        return {}
    groups = sorted({furniture_group(d) for d in plan.to_extract})
    with warehouse.connect(warehouse_path) as con:
        indexed = warehouse.furniture_index(con, groups, [d.document_id for d in read])
    return pipeline.repeated_furniture(read, indexed, only=plan.to_extract)


@task(name="retire-documents", **ON_DATABASE)
def retire_documents(warehouse_path: Path, run_id: str, document_ids: list[str]) -> int:
    """Flag the documents that are gone from the input; their statistics stay."""
    with warehouse.connect(warehouse_path) as con:
        return warehouse.retire_documents(con, run_id, document_ids)


@task(name="extract-statistics")  # no timeout: a thread or Dask worker cannot be interrupted
def extract_statistics(documents: list[Document], repeated: dict[str, frozenset[str]]) -> pipeline.ExtractedBatch:
    """Extract the statistics of one batch of documents, page furniture left out."""
    return pipeline.extract_batch(documents, repeated)


@task(name="validate-statistics")
def validate_statistics(batches: list[pipeline.ExtractedBatch]) -> pipeline.ValidatedBatch:
    """Validate documents and statistics with pandera; failures go to quarantine."""
    return pipeline.validate_batch([item for batch in batches for item in batch.extracted])


@task(name="load-warehouse", **ON_DATABASE)
def load_warehouse(warehouse_path: Path, run_id: str, batch: pipeline.ValidatedBatch,
                   errors: list[IngestError], unchanged_to_record: list[Document]) -> warehouse.LoadCounts:
    """Load the validated batch, record the ingest errors and the files read."""
    return pipeline.load_batch(warehouse_path, run_id, batch, errors, unchanged_to_record)


@task(name="check-quality", timeout_seconds=TIMEOUT_SECONDS["check"])
def check_quality(warehouse_path: Path, run_id: str, docs_dir: Path, data_changed: bool = True) -> quality.QualityReport:
    """Run the Great Expectations checkpoint over the loaded warehouse; critical failures fail the run.
    A run that changed no data keeps the last checkpoint's results, unless that checkpoint failed."""
    return pipeline.check_warehouse(warehouse_path, run_id, docs_dir, data_changed)


@task(name="end-run", **ON_DATABASE)
def end_run(warehouse_path: Path, run_id: str, status: str, counts: warehouse.RunCounts,
            seconds: float, error: str | None) -> None:
    """Record how the run ended."""
    with warehouse.connect(warehouse_path) as con:
        warehouse.finish_run(con, run_id, status, counts, seconds, error)


@task(name="checkpoint-working-copy", **ON_DATABASE)
def checkpoint_working_copy(work: Path) -> None:
    """Fold the working copy's write-ahead log into its file."""
    publish.checkpoint(work)


@task(name="publish-warehouse", **ON_FILES)
def publish_warehouse(work: Path, published: Path) -> None:
    """Checkpoint the working copy (what end-run wrote) and rename it over the published warehouse."""
    publish.checkpoint(work)
    publish.publish(work, published)


@task(name="start-report")
def start_report(published: Path) -> Path | None:
    """Start writing the warehouse's HTML report beside it, in a process of its own."""
    return report.write_in_background(published)


@task(name="record-failed-run")
def record_failed_run(work: Path, published: Path, run_id: str) -> None:
    """Throw away a failed run's working copy, keeping its ``etl_run`` row: the published warehouse
    gains that row and nothing else (and is not created by a first run that failed)."""
    pipeline.keep_failed_run(work, published, run_id)


def _record_failure_directly(published: Path, run_id: str, exc: BaseException, started: float) -> None:
    """Record a failed run that has no working copy to hold its record (:func:`statwh.pipeline.record_run`)."""
    try:
        pipeline.record_run(published, {"run_id": run_id, "flow_run_id": str(flow_run.get_id() or ""),
                                        "status": "failed", "error_message": warehouse.failure_line(exc),
                                        "duration_seconds": round(time.perf_counter() - started, 3)})
    except Exception as record_exc:  # noqa: BLE001 - the run's own error is the one to report
        get_run_logger().warning(f"could not record the failed run in {published}: {warehouse.failure_line(record_exc)}")




class _StageClock:
    """Times the stages of a run into ``counts`` (``with clock("load"): ...``), the failed one too;
    a stage timed twice adds up."""

    def __init__(self, counts: warehouse.RunCounts) -> None:
        self.counts = counts

    @contextmanager
    def __call__(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.counts.add_seconds(stage, time.perf_counter() - started)


@flow(name="refresh-warehouse", log_prints=True)
def refresh_warehouse(paths: list[Path], warehouse_path: Path, max_file_bytes: int = MAX_FILE_BYTES,
                      wait_seconds: float = publish.DEFAULT_WAIT_SECONDS) -> pipeline.RunSummary:
    """Refresh the warehouse from the documents under ``paths``; publish it when the checks pass."""
    with publish.writer_lock(warehouse_path, wait_seconds):
        return _refresh(paths, warehouse_path, max_file_bytes)


def _refresh(paths: list[Path], published: Path, max_file_bytes: int) -> pipeline.RunSummary:
    """The run itself, with the writer lock held: everything is written to the working copy."""
    started = time.perf_counter()
    run_id = warehouse.new_run_id()
    counts = warehouse.RunCounts()
    clock = _StageClock(counts)
    progress = Progress()
    progress.stage(f"copying {published}")
    try:
        with clock("publish"):
            work, abandoned = copy_published_warehouse(published)
        begin_run(work, run_id, str(flow_run.get_id() or ""), abandoned, published)
    except BaseException as exc:  # no working copy to record the run in (a full disk, a read-only folder)
        publish.discard(publish.working_path(published))
        _record_failure_directly(published, run_id, exc, started)
        raise
    try:
        progress.stage("reading documents")
        with clock("ingest"):
            states = load_document_states(work)
            read = ingest_documents(paths, max_file_bytes, quote(pipeline.known_files(states)))
            plan = plan_refresh(quote(read), quote(states), paths)
        documents = plan.to_extract  # unchanged documents are not extracted or loaded again
        if documents or plan.to_retire:  # the check will run: Great Expectations loads while the run works
            quality.import_in_background()
        progress.stage(f"extracting ({plan.new} new, {plan.changed} changed, {plan.unchanged} unchanged)")
        with clock("extract"):
            repeated = find_repeated_furniture(work, quote(plan), quote(read.documents))
            batches = _extract(documents, repeated, progress)
        errors = read.errors + [e for b in batches for e in b.errors]
        progress.stage("validating")
        with clock("validate"):
            validated = validate_statistics(quote(batches))
        progress.stage("loading")
        with clock("load"):
            loaded = load_warehouse(work, run_id, quote(validated), errors, quote(plan.to_record))
            retired = retire_documents(work, run_id, plan.to_retire)
        progress.stage("checking quality")
        with clock("check"):
            checked = check_quality(work, run_id, quality.docs_dir(published),
                                    data_changed=bool(documents or plan.to_retire))
        counts.documents_read, counts.documents_new = len(read.documents), plan.new
        counts.documents_changed, counts.documents_unchanged = plan.changed, plan.unchanged
        counts.documents_retired, counts.documents_failed = retired, len(errors)
        counts.documents_skipped = plan.skipped
        counts.statistics_extracted, counts.statistics_valid = validated.statistics_extracted, len(validated.statistics)
        counts.statistics_quarantined, counts.statistics_loaded = len(validated.quarantine), loaded.statistics
        progress.stage("publishing")
        with clock("publish"):  # with the copy made at the start: what publishing costs
            checkpoint_working_copy(work)
        end_run(work, run_id, "completed", counts, time.perf_counter() - started, None)
        renamed = time.perf_counter()
        publish_warehouse(work, published)
        publish.clear_pending_runs(published)  # the published version holds them now
        counts.add_seconds("publish", time.perf_counter() - renamed)
    except BaseException as exc:
        progress.finish()
        reason = warehouse.failure_line(exc)
        try:
            end_run(work, run_id, "failed", counts, time.perf_counter() - started, reason)
            record_failed_run(work, published, run_id)
        except Exception:  # noqa: BLE001 - e.g. the disk is full: free the working copy's space, record it directly
            publish.discard(work)
            _record_failure_directly(published, run_id, exc, started)
        raise
    progress.finish()
    page = start_report(published)
    summary = pipeline.RunSummary(
        run_id=run_id, warehouse=str(published), status="completed",
        documents_read=len(read.documents), documents_failed=len(errors),
        statistics_extracted=validated.statistics_extracted, statistics_loaded=loaded.statistics,
        statistics_quarantined=len(validated.quarantine), seconds=time.perf_counter() - started,
        errors=tuple(e.message for e in errors), documents_new=plan.new, documents_changed=plan.changed,
        documents_unchanged=plan.unchanged, documents_retired=retired, quality=checked.describe(),
        seconds_publish=counts.seconds_publish or 0.0,
        documents_skipped=plan.skipped, report=str(page or ""),
        blanked_with_numbers=int(validated.blanked["held_numbers"].sum()) if validated.blanked is not None else 0,
    )
    get_run_logger().info(summary.describe())
    if deployment.id:  # a scheduled run: one line in the schedule's log (statwh run prints more)
        sys.stdout.write(summary.line() + "\n")  # not print: log_prints would send it to the logger
        sys.stdout.flush()
    return summary


def _extract(documents: list[Document], repeated: dict[str, frozenset[str]],
             progress: Progress) -> list[pipeline.ExtractedBatch]:
    """Extract in batches on the flow's task runner, reporting as each batch comes back (in order)."""
    context = FlowRunContext.get()
    runner = "dask" if context and type(context.task_runner).__name__ == "DaskTaskRunner" else "threads"
    # Not quoted: a quoted input reaches a Dask worker as a bare tuple, and visiting a batch's documents
    # costs little next to extracting them.
    futures = [extract_statistics.submit(batch, repeated)
               for batch in pipeline.batches_by_size(documents, batch_bytes(runner))]
    done, batches = 0, []
    if documents:
        progress.advance(0, len(documents))
    for future in futures:
        batches.append(future.result())
        done += len(batches[-1].extracted) + len(batches[-1].errors)
        progress.advance(done, len(documents))  # not reached without documents: there are no batches
    return batches
