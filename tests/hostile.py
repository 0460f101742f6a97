"""Hostile input files, built on the spot (nothing large is kept in the repository): each is a kind
of file that once failed a whole run or grew it past gigabytes (issue 16). Used by
tests/test_hostile_files.py and bench/hostile_files.py (the full sizes).
"""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from fixtures import docx_bytes

GOOD_SENTENCE = "Police recorded 5,000 burglaries in Kent in 2022, according to the Home Office."
# The file name a probe used: a newline and a byte that is not UTF-8.
BAD_NAME = os.fsdecode(b"bad\nname \xff.txt")


def billion_laughs() -> str:
    """433 bytes of front matter whose aliases of aliases would expand past 12 GB."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n" + GOOD_SENTENCE + "\n"


def docx_bomb(inflated_bytes: int) -> bytes:
    """A Word file whose document.xml inflates to ``inflated_bytes`` (a few MB packed)."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(["A paragraph."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in good.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, good.read(item))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b"A" * (1 << 20)
            for _ in range(inflated_bytes >> 20):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def malformed_docx() -> bytes:
    """A Word file whose document.xml is not well-formed XML (lxml's XMLSyntaxError)."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(["A paragraph."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as broken:
        for item in good.infolist():
            data = good.read(item)
            broken.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return out.getvalue()


def write_hostile_folder(folder: Path, long_line_mb: float = 5, bomb_mb: int = 300) -> dict[str, str]:
    """A folder of hostile files beside one good document; returns each hostile file's name and a
    phrase its error message must hold (None: it must load, without harm)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD_SENTENCE + "\n", encoding="utf-8")
    (folder / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    (folder / "truncated.docx").write_bytes(docx_bytes(["Rates rose by 5%."])[:700])
    (folder / "malformed.docx").write_bytes(malformed_docx())
    (folder / "bomb.docx").write_bytes(docx_bomb(bomb_mb << 20))
    (folder / "laughs.md").write_text(billion_laughs(), encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"text": "Some 40 people were hurt."}\nnot json\n', encoding="utf-8")
    words = "Prices rose 5% and 300 people moved, said the council "
    with open(folder / "one-line.txt", "w", encoding="utf-8") as handle:
        for _ in range(int(long_line_mb * 1e6 / len(words))):
            handle.write(words)
    (folder / BAD_NAME).write_text("Some 12 people were hurt.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    return {
        "deep.json": "nested too deeply",
        "truncated.docx": "not a Word document",
        "malformed.docx": "damaged",
        "bomb.docx": "over the 200 MB limit",
        "laughs.md": "YAML alias",
        "feed.jsonl": "line 2 is not JSON",
        "pipe.txt": "named pipe",
    }
