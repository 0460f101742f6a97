"""The pipeline's steps as plain functions: read, extract, validate, load.

The Prefect flow in ``flows/refresh.py`` wires these together; nothing here imports Prefect,
so every step can be called and tested on its own.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from schemas import DocumentFrame, StatisticFrame, row_json, validate_frame
from schemas.dimensions import GeographyFrame, PeriodFrame, SourceFrame, UnitFrame
from statwh import publish, warehouse
from statwh.extract import EXTRACTOR_VERSION, Statistic, extract_statistics
from statwh.frames import blanked_frame, dimension_frames, document_file_frames, documents_frame, statistics_frame, with_dimension_keys
from statwh.furniture import REPEATED_LINE_MIN_DOCUMENTS, blank, furniture_group, furniture_marks, long_lines, text_key
from statwh.ingest import (MAX_FILE_BYTES, Document, FileSignature, IngestError, IngestResult, discover_files,
                           file_of, ingest, unchanged_file)


@dataclass
class ExtractedBatch:
    """Statistics found in a batch of documents, and the documents the extractor failed on."""

    extracted: list[tuple[Document, list[Statistic]]] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


@dataclass
class ValidatedBatch:
    """Frames that passed their contracts, and the rows set aside with reasons."""

    documents: pd.DataFrame
    statistics: pd.DataFrame
    quarantine: pd.DataFrame
    statistics_extracted: int
    dimensions: dict[str, pd.DataFrame] = field(default_factory=dict)  # sources, geographies, periods, units
    blanked: pd.DataFrame | None = None  # spans of the documents not read as page furniture (frames.blanked_frame)
    passed: list[Document] = field(default_factory=list)  # the documents that passed, whose files are recorded


@dataclass(frozen=True)
class RunSummary:
    """What one run did, for the command line and the audit table."""

    run_id: str
    warehouse: str
    status: str
    documents_read: int
    documents_failed: int
    statistics_extracted: int
    statistics_loaded: int
    statistics_quarantined: int
    seconds: float
    errors: tuple[str, ...] = ()
    documents_new: int = 0
    documents_changed: int = 0
    documents_unchanged: int = 0
    documents_retired: int = 0
    quality: str = ""  # the quality checkpoint's summary
    seconds_publish: float = 0.0  # copying the published warehouse, checkpointing and renaming the new one
    blanked_with_numbers: int = 0  # spans not read as page furniture that held a digit (v_blanked_text)
    documents_skipped: int = 0  # unchanged documents whose files were not read: their signature matched
    report: str = ""  # the report's page, being written in the background ("" when runs write none)

    def line(self) -> str:
        """The run in one line, for a schedule's log.

        >>> RunSummary("0c034775aa", "w.duckdb", "completed", 3, 0, 9, 9, 0, 6.72, documents_new=1).line()
        'run 0c034775 completed: documents new 1, changed 0, unchanged 0, failed 0; statistics loaded 9; 6.7 s'
        """
        return (f"run {self.run_id[:8]} {self.status}: documents new {self.documents_new}, changed "
                f"{self.documents_changed}, unchanged {self.documents_unchanged}, failed {self.documents_failed}; "
                f"statistics loaded {self.statistics_loaded}; {self.seconds:.1f} s")

    def describe(self) -> str:
        """A few lines for people: counts, time, and every file that could not be read."""
        lines = [
            f"run {self.run_id[:8]} {self.status} in {self.seconds:.1f} s -> {self.warehouse}",
            f"  documents read: {self.documents_read}  new: {self.documents_new}  changed: {self.documents_changed}"
            f"  unchanged: {self.documents_unchanged}  retired: {self.documents_retired}  failed: {self.documents_failed}",
            f"  statistics extracted: {self.statistics_extracted}  loaded: {self.statistics_loaded}"
            f"  quarantined: {self.statistics_quarantined}",
        ]
        if self.documents_skipped:  # under the documents' line
            lines.insert(2, f"  files unchanged since loaded, not read again: {self.documents_skipped} document(s)")
        lines += [f"  error: {e}" for e in self.errors]
        if self.blanked_with_numbers:
            lines.append(f"  warning: {self.blanked_with_numbers} passage(s) not read as page furniture held numbers: "
                         "see v_blanked_text where held_numbers")
        lines += [f"  {line}" for line in self.quality.splitlines()]
        if self.quality:
            from statwh.quality import docs_dir

            lines.append(f"  Data Docs: {docs_dir(Path(self.warehouse)) / 'index.html'}")
        if self.status == "completed":
            lines.append(f"  published {self.warehouse} in {self.seconds_publish:.2f} s")
        if self.report:
            lines.append(f"  report: {self.report} (written in the background: `statwh report` writes it now)")
        return "\n".join(lines)


@dataclass
class RefreshPlan:
    """What a run does with each document it read, given what the warehouse holds."""

    to_extract: list[Document] = field(default_factory=list)  # new or changed
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # of the unchanged, documents whose files were not read (their signature matched)
    to_retire: list[str] = field(default_factory=list)  # ids of loaded documents gone from the input
    # Unchanged documents whose file's signature the warehouse must learn (the file was touched or
    # copied, or loaded before signatures were kept): extracted documents' files are recorded anyway.
    to_record: list[Document] = field(default_factory=list)


def known_files(states: dict[str, warehouse.DocumentState]) -> dict[str, FileSignature]:
    """The files a run need not read again if their signature still matches: file id -> the
    signature its documents were loaded with. A file is left out when any of its documents is
    retired, was read by another extractor version, or has no signature (it changed as it was read,
    or a record of its feed failed).

    >>> from statwh.warehouse import DocumentState
    >>> ok = DocumentState("a.txt", "h", EXTRACTOR_VERSION, False, "f1", (10, 1, 2))
    >>> old = DocumentState("b.txt", "h", "0.0.1", False, "f2", (10, 1, 2))
    >>> known_files({"f1": ok, "f2": old})
    {'f1': (10, 1, 2)}
    """
    found: dict[str, FileSignature] = {}
    refused: set[str] = set()
    for state in states.values():
        if state.file_id is None or state.file_id in refused:
            continue
        if (state.retired or state.extractor_version != EXTRACTOR_VERSION or state.file_signature is None
                or found.setdefault(state.file_id, state.file_signature) != state.file_signature):
            refused.add(state.file_id)
            found.pop(state.file_id, None)
    return found


def plan_refresh(documents: list[Document], states: dict[str, warehouse.DocumentState],
                 inputs: list[Path], unreadable: list[str], unchanged_files: list[str] = ()) -> RefreshPlan:
    """Which documents to extract (new, changed, or read by another extractor version), which to
    leave as they are, and which loaded documents to retire: those under the run's inputs that it
    no longer found (a file that is still there but failed to read is not retired).

    ``states`` is :func:`statwh.warehouse.document_states`; ``unreadable`` the paths of the files
    that failed; ``unchanged_files`` the ids of files not read because their signature matched
    (:attr:`statwh.ingest.IngestResult.unchanged_files`): their documents are unchanged.
    """
    plan = RefreshPlan()
    for document in documents:
        state = states.get(document.document_id)
        if state is None:
            plan.new += 1
            plan.to_extract.append(document)
        elif (state.content_hash == document.content_hash and state.extractor_version == EXTRACTOR_VERSION
              and not state.retired):
            plan.unchanged += 1
            if state.file_signature != document.file_signature or state.file_id is None:
                plan.to_record.append(document)  # touched, copied or loaded before signatures were kept
        else:
            plan.changed += 1
            plan.to_extract.append(document)
    seen = {d.document_id for d in documents}
    skipped = set(unchanged_files)
    for document_id, state in states.items():
        if state.file_id in skipped and not state.retired:
            plan.unchanged += 1
            plan.skipped += 1
            seen.add(document_id)
    roots = [_resolved(str(p)) for p in inputs]
    failed = {str(_resolved(p)) for p in unreadable}
    for document_id, state in states.items():
        if state.retired or document_id in seen:
            continue
        file_path = _resolved(state.path)
        if str(file_path) in failed:
            continue
        if any(file_path == root or root in file_path.parents for root in roots):
            plan.to_retire.append(document_id)
    return plan


def may_change_data(paths: list[Path], published: Path) -> bool:
    """Whether a run over ``paths`` may change the data of the ``published`` warehouse: a file to read
    (new, or its signature moved) or a loaded document gone. A hint, read-only and cheap (no file is
    opened): ``statwh run`` preloads Great Expectations for the quality check only when data may
    change; the run's own plan decides. True when in doubt.
    """
    if not published.is_file():
        return True
    try:
        with warehouse.connect(published, read_only=True) as con:
            states = warehouse.document_states(con)
    except Exception:  # noqa: BLE001 - an old, locked or damaged warehouse: the run will say what is wrong
        return True
    known = known_files(states)
    files, _ = discover_files(paths)
    unchanged = []
    for path in files:
        file_id = unchanged_file(path, known)
        if file_id is None:  # a file to read
            return True
        unchanged.append(file_id)
    return bool(plan_refresh([], states, paths, [], unchanged).to_retire)


def _resolved(path: str) -> Path:
    """A document's file made absolute, with its links followed where they can be (not through a loop)."""
    path = file_of(path)
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return Path(os.path.abspath(path))


def read_documents(paths: list[Path], max_file_bytes: int = MAX_FILE_BYTES,
                   known: dict[str, FileSignature] | None = None) -> IngestResult:
    """Read the documents under ``paths``, but not the files ``known`` says are unchanged
    (:func:`known_files`); unreadable files are returned as errors."""
    return ingest(paths, max_file_bytes, known)


def batches_by_size(documents: list[Document], target_bytes: int) -> list[list[Document]]:
    """Consecutive documents in batches of at least ``target_bytes`` of text each where there is that
    much, as even as the documents allow: each extraction task has enough work to be worth its fixed
    cost, and workers get shares of one size.

    >>> docs = [Document(f"d{i}", f"d{i}.txt", f"d{i}.txt", "x" * n, "h") for i, n in enumerate([40, 70, 30, 50, 10])]
    >>> [[d.document_id for d in batch] for batch in batches_by_size(docs, 90)]
    [['d0', 'd1'], ['d2', 'd3', 'd4']]
    >>> [len(batch) for batch in batches_by_size(docs, 1000)]
    [5]
    """
    total = sum(len(d.text) for d in documents)
    count = max(1, total // max(1, target_bytes))
    share = total / count
    batches: list[list[Document]] = []
    current: list[Document] = []
    size = 0
    for document in documents:
        current.append(document)
        size += len(document.text)
        if size >= share and len(batches) < count - 1:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def repeated_furniture(documents: list[Document], indexed: Iterable[tuple[str, int, int]] = (),
                       only: list[Document] | None = None) -> dict[str, frozenset[str]]:
    """Lines that repeat across several documents of one publisher (a site's appeal or footer),
    less those that state a statistic: a figure repeated across documents is how a figure travels,
    which is what the warehouse is for (an appeal that quotes a price is caught by its own words,
    ``furniture_phrases``, not by repetition).

    Counted over ``documents`` (read this run) and ``indexed``, the (group, text key, line key) of
    loaded documents the run did not read (:func:`statwh.warehouse.furniture_index`); found for the
    groups and lines of ``only`` (the documents to extract; default all of ``documents``).
    """
    only = documents if only is None else only
    wanted = {furniture_group(d) for d in only}
    texts: dict[tuple[str, int], set[int]] = {}  # (group, line key) -> keys of the texts holding it
    for group, text, line in indexed:
        texts.setdefault((group, line), set()).add(text)
    lines_of: dict[str, dict[int, str]] = {}  # each document's long lines, split once
    for document in documents:
        group = furniture_group(document)
        if group in wanted:
            text = text_key(document.text)
            lines_of[document.document_id] = long_lines(document.text)
            for line in lines_of[document.document_id]:
                texts.setdefault((group, line), set()).add(text)
    stated: dict[str, bool] = {}  # each repeated line is read once, however many groups share it
    found: dict[str, set[str]] = {group: set() for group in wanted}
    for document in only:
        group = furniture_group(document)
        lines = lines_of[document.document_id] if document.document_id in lines_of else long_lines(document.text)
        for key, line in lines.items():
            if len(texts.get((group, key), ())) >= REPEATED_LINE_MIN_DOCUMENTS:
                if line not in stated:
                    stated[line] = bool(extract_statistics(line))
                if not stated[line]:
                    found[group].add(line)
    return {group: frozenset(lines) for group, lines in found.items()}


def extract_batch(documents: list[Document], repeated: dict[str, frozenset[str]] | None = None) -> ExtractedBatch:
    """Extract statistics from each document, its page furniture blanked out (offsets unchanged);
    a document the extractor fails on is an error, not a crash."""
    batch = ExtractedBatch()
    for document in documents:
        try:
            lines = (repeated or {}).get(furniture_group(document), frozenset())
            marks = furniture_marks(document.text, lines)
            text = blank(document.text, [(start, end) for start, end, _ in marks])
            stats = extract_statistics(text, document.title, document.publisher, document.published_on)
            document = replace(document, blanked=tuple(marks))  # recorded: what was not read, and why
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            batch.errors.append(IngestError(document.path, "ExtractionError",
                                            f"{document.file_name}: the extractor failed ({type(exc).__name__}: {exc})"))
            continue
        batch.extracted.append((document, stats))
    return batch


def validate_batch(extracted: list[tuple[Document, list[Statistic]]]) -> ValidatedBatch:
    """Check documents and statistics against their pandera contracts; failures go to quarantine."""
    documents = documents_frame([d for d, _ in extracted])
    statistics = statistics_frame(extracted)
    good_documents, bad_documents = validate_frame(documents, DocumentFrame)
    records = [_quarantine_record("document", documents, q) for q in bad_documents]
    rejected_ids = set(documents.loc[[q.row_index for q in bad_documents], "document_id"])
    orphaned = statistics["document_id"].isin(rejected_ids)
    for index in statistics.index[orphaned]:
        records.append(_record("statistic", statistics.loc[index], "its document failed validation", None, None,
                               row_json(statistics, index)))
    kept = statistics[~orphaned].reset_index(drop=True)
    good_statistics, bad_statistics = validate_frame(kept, StatisticFrame)
    records += [_quarantine_record("statistic", kept, q) for q in bad_statistics]
    keyed = with_dimension_keys(good_statistics)
    dimensions: dict[str, pd.DataFrame] = {}
    for name, frame in dimension_frames(keyed).items():
        model, key, entity = DIMENSION_CONTRACTS[name]
        good, bad = validate_frame(frame, model)
        dimensions[name] = good
        if not bad:
            continue
        # A statistic that names a row its dimension's contract rejects goes to quarantine with it.
        records += [_record(entity, frame.loc[q.row_index], q.check_name, q.column_name, q.failing_value, q.row_json)
                    for q in bad]
        rejected = set(frame.loc[[q.row_index for q in bad], key])
        named = keyed[key].isin(rejected)
        for index in keyed.index[named]:
            records.append(_record("statistic", keyed.loc[index], f"its {entity} failed validation", None, None,
                                   row_json(keyed, index)))
        keyed = keyed[~named].reset_index(drop=True)
    blanked = blanked_frame([d for d, _ in extracted])
    blanked = blanked[blanked["document_id"].isin(good_documents["document_id"])].reset_index(drop=True)
    passed = set(good_documents["document_id"])
    return ValidatedBatch(good_documents, keyed, warehouse.quarantine_frame(records), len(statistics), dimensions,
                          blanked, [d for d, _ in extracted if d.document_id in passed])


# Each dimension frame's contract, key column and the name of what it holds.
DIMENSION_CONTRACTS = {
    "sources": (SourceFrame, "source_id", "source"),
    "geographies": (GeographyFrame, "geography_id", "geography"),
    "periods": (PeriodFrame, "period_id", "period"),
    "units": (UnitFrame, "unit", "unit"),
}


def _quarantine_record(entity: str, frame: pd.DataFrame, q) -> dict:
    return _record(entity, frame.loc[q.row_index], q.check_name, q.column_name, q.failing_value, q.row_json)


def _record(entity: str, row: pd.Series, check: str, column: str | None, value: str | None, row_json: str) -> dict:
    key = f"{row.get('document_id')}|{entity}|{check}|{row_json}"
    return {
        "quarantine_id": hashlib.md5(key.encode("utf-8")).hexdigest(),
        "document_id": row.get("document_id"),
        "document_path": row.get("document_path", row.get("path")),
        "entity": entity,
        "check_name": check,
        "column_name": column,
        "failing_value": value,
        "row_json": row_json,
    }


def load_batch(warehouse_path: Path, run_id: str, batch: ValidatedBatch,
               errors: list[IngestError], unchanged_to_record: list[Document] = ()) -> warehouse.LoadCounts:
    """Write a validated batch (one transaction) and the files that could not be read, and record
    the files of the batch's documents and of ``unchanged_to_record`` (:attr:`RefreshPlan.to_record`).

    The warehouse must already be migrated: the flow's begin-run step does that.
    """
    con = warehouse.connect(warehouse_path)
    try:
        counts = warehouse.load_batch(con, run_id, EXTRACTOR_VERSION, batch.documents, batch.statistics,
                                      batch.quarantine, batch.dimensions, blanked=batch.blanked,
                                      files=document_file_frames([*batch.passed, *unchanged_to_record]))
        warehouse.record_ingest_errors(con, run_id, [(e.path, e.error_class, e.message) for e in errors])
        return counts
    finally:
        con.close()


def check_warehouse(warehouse_path: Path, run_id: str, docs_dir: Path, data_changed: bool = True):
    """The quality checkpoint of a run's working copy: a run that changed no data keeps the last
    checkpoint's results, unless that checkpoint failed; critical failures raise
    :class:`statwh.quality.QualityError` naming them."""
    from statwh import quality

    with warehouse.connect(warehouse_path) as con:
        previous = None if data_changed else quality.latest_report(con)
        if previous is not None and not previous.critical_failures:
            return previous
        report = quality.run_checkpoint(con, run_id, docs_dir)
    if report.critical_failures:
        names = "; ".join(f"{r.table}: {r.expectation}" for r in report.critical_failures)
        raise quality.QualityError(f"critical expectations failed: {names}")
    return report


def keep_failed_run(work: Path, published: Path, run_id: str) -> None:
    """Throw away a failed run's working copy, keeping its ``etl_run`` row: the published warehouse
    gains that row and nothing else (and is not created by a first run that failed)."""
    with warehouse.connect(work, read_only=True) as con:
        record = warehouse.run_record(con, run_id)
    publish.discard(work)
    if record is not None:
        record_run(published, record)


def record_run(published: Path, record: dict) -> None:
    """Add one run's ``etl_run`` row to the published warehouse, as a new version of it (the run's lock
    held); when there is no room for a new version (a full disk), the row waits beside the warehouse
    (:func:`statwh.publish.save_pending_run`) for the next one. Nothing when there is no published
    warehouse yet: a first run that failed creates none."""
    if not published.exists():
        return
    record = {"started_at": warehouse.now(), "ended_at": warehouse.now(), **record}
    try:
        with publish.new_version(published) as work:
            with warehouse.connect(work) as con:
                warehouse.migrate(con)
                warehouse.write_run_record(con, record)
    except (OSError, duckdb.Error):
        publish.save_pending_run(published, record)
