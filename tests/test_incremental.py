"""Runs that leave unchanged files unread: file signatures, the plan, and the repeated-line index
the warehouse keeps so that page furniture is still found across documents a run did not read."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from statwh import ingest, pipeline, warehouse
from statwh.extract import EXTRACTOR_VERSION
from statwh.frames import document_file_frames
from statwh.furniture import furniture_group
from statwh.warehouse import DocumentState

FOOTER = "The Daily Record is published by Reach plc, Canada Square, London"


@pytest.fixture
def settled(monkeypatch):
    """Files written by a test count as settled at once (normally a file changed in the last two
    seconds is read again next time, as it may still be changing)."""
    monkeypatch.setattr(ingest, "RACY_NANOSECONDS", 0)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_whose_signature_matches_is_not_read_again(tmp_path, settled):
    kent = _write(tmp_path / "kent.txt", "Police recorded 900 burglaries in Kent in 2019.\n")
    _write(tmp_path / "wales.txt", "There were 7,172 children looked after in Wales in 2020.\n")
    first = ingest.ingest([tmp_path])
    assert len(first.documents) == 2 and all(d.file_signature for d in first.documents)
    known = {d.file_id: d.file_signature for d in first.documents}

    again = ingest.ingest([tmp_path], known=known)
    assert again.documents == [] and sorted(again.unchanged_files) == sorted(known)

    # Rewritten with the same size, its modification time put back: the status-change time moved.
    status = os.stat(kent)
    time.sleep(0.05)  # past the kernel's coarse clock tick
    kent.write_text("Police recorded 901 burglaries in Kent in 2019.\n", encoding="utf-8")
    os.utime(kent, ns=(status.st_atime_ns, status.st_mtime_ns))
    third = ingest.ingest([tmp_path], known=known)
    assert [d.file_name for d in third.documents] == ["kent.txt"] and len(third.unchanged_files) == 1
    assert "901" in third.documents[0].text


def test_a_file_changed_as_it_was_read_gets_no_signature_and_is_read_next_time(tmp_path):
    _write(tmp_path / "kent.txt", "Police recorded 900 burglaries in Kent in 2019.\n")
    (document,) = ingest.ingest([tmp_path]).documents
    assert document.file_signature is None  # written a moment ago: it may change again within the clock's tick
    assert document.file_id == document.document_id


def test_a_feed_with_a_bad_record_is_read_every_time(tmp_path, settled):
    _write(tmp_path / "feed.jsonl", '{"id": "a", "text": "Police recorded 900 burglaries in 2019."}\nnot json\n')
    read = ingest.ingest([tmp_path])
    assert len(read.documents) == 1 and len(read.errors) == 1
    assert read.documents[0].file_signature is None  # its error is reported again by the next run


def _state(file_id, signature=(10, 1, 2), version=EXTRACTOR_VERSION, retired=False, path="/docs/a.txt"):
    return DocumentState(path, "h", version, retired, file_id, signature)


def test_known_files_are_those_whose_every_document_is_current():
    states = {
        "a": _state("fa"),
        "b1": _state("fb", path="/docs/feed.jsonl#1"), "b2": _state("fb", path="/docs/feed.jsonl#2"),
        "c": _state("fc", version="0.0.1"),  # another extractor read it: read it again
        "d": _state("fd", retired=True),
        "e1": _state("fe", (10, 1, 2)), "e2": _state("fe", (10, 1, 3)),  # records loaded at different times
        "f": _state("ff", None),  # changed as it was read
        "g": DocumentState("/docs/g.txt", "h", EXTRACTOR_VERSION, False),  # loaded before signatures were kept
    }
    assert pipeline.known_files(states) == {"fa": (10, 1, 2), "fb": (10, 1, 2)}


def test_the_documents_of_unread_files_are_unchanged_and_not_retired(tmp_path):
    states = {"a": _state("fa", path=str(tmp_path / "a.txt")),
              "b1": _state("fb", path=str(tmp_path / "feed.jsonl#1")),
              "b2": _state("fb", path=str(tmp_path / "feed.jsonl#2")),
              "c": _state("fc", path=str(tmp_path / "gone.txt"))}
    plan = pipeline.plan_refresh([], states, [tmp_path], [], unchanged_files=["fa", "fb"])
    assert (plan.new, plan.changed, plan.unchanged, plan.skipped) == (0, 0, 3, 3)
    assert plan.to_retire == ["c"] and plan.to_extract == [] and plan.to_record == []


def test_an_unchanged_document_read_again_has_its_new_signature_recorded(tmp_path, settled):
    _write(tmp_path / "kent.txt", "Police recorded 900 burglaries in Kent in 2019.\n")
    (document,) = ingest.ingest([tmp_path]).documents
    loaded = {document.document_id: DocumentState(document.path, document.content_hash, EXTRACTOR_VERSION, False,
                                                  document.file_id, (1, 2, 3))}
    plan = pipeline.plan_refresh([document], loaded, [tmp_path], [])
    assert (plan.unchanged, plan.skipped, plan.to_record) == (1, 0, [document])


def _documents(folder: Path, count: int, publisher: str = "Daily Record") -> list[ingest.Document]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        _write(folder / f"story{i}.md", f"---\npublisher: {publisher}\n---\nStory {i}: the council spent "
                                         f"£{i + 2} million on roads in 2019.\n{FOOTER}\n")
    return ingest.ingest([folder]).documents


def _index(documents: list[ingest.Document]) -> list[tuple[str, int, int]]:
    """What warehouse.furniture_index returns for these documents, once loaded."""
    files, lines = document_file_frames(documents)
    keys = dict(zip(files["document_id"], zip(files["furniture_group"], files["text_key"])))
    return [(*keys[d], line) for d, line in zip(lines["document_id"], lines["line_key"])]


def test_repeated_lines_are_found_across_documents_the_run_did_not_read(tmp_path):
    documents = _documents(tmp_path, 4)
    everything = pipeline.repeated_furniture(documents)
    assert everything == {"Daily Record": frozenset({FOOTER})}
    loaded, new = documents[:3], documents[3:]
    assert pipeline.repeated_furniture(new, _index(loaded)) == everything
    assert pipeline.repeated_furniture(new) == {"Daily Record": frozenset()}  # one document is not a pattern
    # Copies of one text count once, loaded or read.
    copies = [documents[0]] * 2 + [documents[3]]
    assert pipeline.repeated_furniture(new[:0] + [documents[3]], _index(copies[:2])) == {"Daily Record": frozenset()}


def test_a_repeated_line_is_found_only_for_the_documents_to_extract(tmp_path):
    documents = _documents(tmp_path / "a", 3) + _documents(tmp_path / "b", 3, publisher="Evening Post")
    found = pipeline.repeated_furniture(documents, only=documents[:1])
    assert found == {"Daily Record": frozenset({FOOTER})}


def test_the_warehouse_keeps_each_files_signature_and_line_keys(tmp_path, settled):
    documents = _documents(tmp_path / "docs", 3)
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        warehouse.migrate(con)
        warehouse.start_run(con, "r1", None)
    batch = pipeline.extract_batch(documents, pipeline.repeated_furniture(documents))
    pipeline.load_batch(path, "r1", pipeline.validate_batch(batch.extracted), [])
    with warehouse.connect(path) as con:
        states = warehouse.document_states(con)
        index = warehouse.furniture_index(con, ["Daily Record"], [documents[0].document_id])
        blanked = con.execute("select count(*) from blanked_text where reason = 'repeated line'").fetchone()[0]
    assert {s.file_signature for s in states.values()} == {d.file_signature for d in documents}
    assert pipeline.known_files(states) == {d.file_id: d.file_signature for d in documents}
    assert sorted(index) == sorted(_index(documents[1:]))  # every long line of the two others
    assert blanked == 3
    assert furniture_group(documents[0]) == "Daily Record"

    # A document read again unchanged (touched) has its new signature recorded, its lines once.
    touched = [ingest.replace(documents[0], file_signature=(1, 2, 3))]
    pipeline.load_batch(path, "r1", pipeline.validate_batch([]), [], touched)
    with warehouse.connect(path) as con:
        states = warehouse.document_states(con)
        lines = con.execute("select count(*) from document_line where document_id = ?",
                            [documents[0].document_id]).fetchone()[0]
    assert states[documents[0].document_id].file_signature == (1, 2, 3) and lines == 2
