"""Read documents from files and folders: text, YAML front matter and a content hash.

Issue 2 reads ``.txt`` and ``.md``; anything else found in a folder is listed as
skipped, and a file named on the command line that cannot be read becomes an
:class:`IngestError`, never an exception that stops the run.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

SUPPORTED_SUFFIXES = (".txt", ".md")
METADATA_FIELDS = ("title", "url", "publisher", "published", "licence", "attribution")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Document:
    """One document's text and metadata. ``text`` is the body after any front matter."""

    document_id: str
    path: str
    file_name: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published_on: date | None = None
    licence: str | None = None
    attribution: str | None = None


@dataclass(frozen=True)
class IngestError:
    """A file that could not be read, with a plain-English reason."""

    path: str
    error_class: str
    message: str


@dataclass
class IngestResult:
    """What reading the inputs produced."""

    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def document_id_for(path: Path) -> str:
    """A stable key for a document: the hash of its resolved path.

    >>> len(document_id_for(Path("seeds/documents/a.txt")))
    16
    """
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


def discover_files(paths: list[Path]) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into the sorted list of readable document files.

    Missing paths become errors; folders are searched recursively for supported suffixes.
    """
    files: list[Path] = []
    errors: list[IngestError] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            else:
                errors.append(IngestError(str(path), "UnsupportedFormat",
                                          f"{path.name}: only {', '.join(SUPPORTED_SUFFIXES)} files can be read so far"))
        else:
            errors.append(IngestError(str(path), "NotFound", f"{path}: no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, errors


def split_front_matter(raw: str) -> tuple[dict, str]:
    """Separate YAML front matter from the body.

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody")
    ({'title': 'A'}, 'Body')
    >>> split_front_matter("No front matter")
    ({}, 'No front matter')
    """
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, raw
    meta = yaml.safe_load(m.group(1)) or {}
    if not isinstance(meta, dict):
        raise ValueError("the front matter is not a set of 'key: value' lines")
    return meta, raw[m.end() :]


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"the 'published' date {text!r} is not a date (use YYYY-MM-DD)")


def _title_from_body(body: str) -> str | None:
    """The first non-empty line, when it is short enough to be a headline."""
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 200 else None
    return None


def read_document(path: Path) -> Document:
    """Read one ``.txt`` or ``.md`` file into a :class:`Document`; raises ValueError on bad input."""
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("the file is empty")
    if b"\x00" in data[:4096]:
        raise ValueError("the file is binary, not text")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the file is not UTF-8 text (bad byte at position {exc.start})") from None
    meta, body = split_front_matter(raw)
    meta = {k: v for k, v in meta.items() if k in METADATA_FIELDS}
    if not body.strip():
        raise ValueError("the file has front matter but no text")
    as_text = {k: (str(v).strip() if v is not None else None) for k, v in meta.items()}
    return Document(
        document_id=document_id_for(path),
        path=str(path),
        file_name=path.name,
        text=body,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=as_text.get("title") or _title_from_body(body),
        url=as_text.get("url"),
        publisher=as_text.get("publisher"),
        published_on=_as_date(meta.get("published")),
        licence=as_text.get("licence"),
        attribution=as_text.get("attribution"),
    )


def ingest(paths: list[Path]) -> IngestResult:
    """Read every document under the given paths; bad files become errors, not exceptions."""
    files, errors = discover_files(paths)
    result = IngestResult(errors=errors)
    for path in files:
        try:
            result.documents.append(read_document(path))
        except (OSError, ValueError, yaml.YAMLError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            result.errors.append(IngestError(str(path), type(exc).__name__, f"{path.name}: {message}"))
    return result
