"""Reading documents: front matter, and bad files that become errors rather than crashes."""
from __future__ import annotations

from datetime import date

import pytest

from statwh.ingest import ingest, read_document


def test_front_matter_becomes_metadata(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(
        "---\ntitle: Drugs seized\nurl: https://example.org/a\npublisher: National Crime Agency\n"
        "published: 2020-05-12\nlicence: OGL-3.0\nattribution: Contains public sector information.\n---\n"
        "The agency seized 25 tonnes of drugs.\n", encoding="utf-8")
    doc = read_document(path)
    assert (doc.title, doc.url, doc.publisher, doc.published_on, doc.licence) == (
        "Drugs seized", "https://example.org/a", "National Crime Agency", date(2020, 5, 12), "OGL-3.0")
    assert doc.text == "The agency seized 25 tonnes of drugs.\n"
    assert len(doc.content_hash) == 64


def test_title_defaults_to_first_line(seed_document):
    doc = read_document(seed_document)
    assert doc.title.startswith("80,000 people in UK pose sex threat")
    assert doc.publisher is None


def test_bad_files_are_errors_and_the_rest_is_read(tmp_path, seed_document):
    (tmp_path / "good.txt").write_text("Police recorded 500 burglaries.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 prices rose 5%".encode("latin-1"))
    (tmp_path / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nText 5%.", encoding="utf-8")
    (tmp_path / "bad-date.md").write_text("---\npublished: not a date\n---\nText 5%.", encoding="utf-8")
    (tmp_path / "truncated.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document format: passed over in a folder
    result = ingest([tmp_path, tmp_path / "missing.txt"])
    assert [d.file_name for d in result.documents] == ["good.txt", "latin1.txt"]
    latin1 = result.documents[1]
    assert latin1.text == "Café prices rose 5%" and latin1.encoding not in (None, "utf-8")
    reasons = {e.path.rsplit("/", 1)[-1]: e.message for e in result.errors}
    assert set(reasons) == {"empty.txt", "binary.txt", "truncated.pdf", "bad-yaml.md", "bad-date.md", "missing.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "PDF" in reasons["truncated.pdf"]
    assert "no such file" in reasons["missing.txt"]


def test_same_file_named_twice_is_read_once(seed_document):
    """The file given by name and again inside its folder is one document, not two."""
    result = ingest([seed_document, seed_document.parent])
    paths = [d.path for d in result.documents]
    assert len(paths) == len(set(paths)) == len(list(seed_document.parent.iterdir()))
    assert paths.count(str(seed_document.resolve())) == 1


def test_links_that_loop_break_or_leave_the_folder_are_errors(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("Police recorded 500 burglaries.", encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "good.txt")  # a link within the folder is fine
    outside = tmp_path / "secret.txt"
    outside.write_text("Salaries rose 5%.", encoding="utf-8")
    (folder / "escape.txt").symlink_to(outside)
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "broken.txt").symlink_to(folder / "nothing.txt")
    result = ingest([folder])
    assert [d.file_name for d in result.documents] == ["good.txt"]  # inside.txt is the same file, read once
    classes = {e.path.rsplit("/", 1)[-1]: e.error_class for e in result.errors}
    assert classes == {"escape.txt": "OutsideInputRoot", "loop-a.txt": "SymlinkLoop", "loop-b.txt": "SymlinkLoop",
                       "broken.txt": "BrokenLink"}


def test_undecodable_and_unopenable_files_are_errors(tmp_path, monkeypatch):
    import random
    from pathlib import Path

    noise = random.Random(7)
    (tmp_path / "noise.txt").write_bytes(bytes(noise.randrange(1, 256) for _ in range(3000)))
    (tmp_path / "locked.txt").write_text("Police recorded 5 thefts.", encoding="utf-8")
    import os

    real_open = os.open

    def open_file(path, flags, *args):  # root reads any file: the refusal is simulated
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_file)
    result = ingest([tmp_path])
    assert result.documents == []
    reasons = {e.path.rsplit("/", 1)[-1]: (e.error_class, e.message) for e in result.errors}
    assert reasons["noise.txt"] == ("ValueError", "noise.txt: the bytes are not text in any encoding the detector knows")
    assert reasons["locked.txt"] == ("PermissionError", "locked.txt: the file cannot be opened (permission denied)")


# Front matter as people get it wrong, and what statwh says: plain words, the file's line and column.
BAD_FRONT_MATTER = [
    ("title: [Draft] Crime figures\n", "line 2, column 16 is not where a new 'key: value' can start"),
    ("title: [unclosed\npublisher: BBC\n", "line 2, column 8 is never closed with ']'"),
    ("tags: {crime: 1\n", "line 2, column 7 is never closed with '}'"),
    ('title: "Crime figures\npublisher: BBC\n', "the quote opened on line 2, column 8 is never closed"),
    ("title: Crime: the figures\n", "line 2, column 13 has a ':'"),
    ('title: "ok"\n  bad: indent: here\n', "line 3, column 3 is not where a new 'key: value' can start"),
    ("title: a\n\tpublisher: BBC\n", "line 3 is indented with a tab"),
    ("title: `x`\n", "a value cannot start with '`' (line 2, column 8)"),
    ("title: @home\n", "a value cannot start with '@' (line 2, column 8)"),
    ("- a\nb: 1\n", "line 3 is not a '- item' line like the one on line 2"),
]


@pytest.mark.parametrize("front_matter, said", BAD_FRONT_MATTER)
def test_bad_front_matter_is_said_in_plain_words_with_its_line_and_column(front_matter, said):
    from statwh.readers import split_front_matter

    with pytest.raises(ValueError) as refused:
        split_front_matter(f"---\n{front_matter}---\nPolice recorded 500 burglaries.")
    message = str(refused.value)
    assert message.startswith("bad front matter: ") and said in message, message
    for parser_words in ("while parsing", "while scanning", "did not find expected", "token", "flow sequence"):
        assert parser_words not in message
