"""Read documents from files and folders: text, metadata and a content hash.

Text and Markdown (with YAML front matter), HTML pages, PDF reports, Word documents and JSON
records are read by ``statwh.readers``; other files found in a folder are passed over, and a
file that cannot be read becomes an :class:`IngestError`, never an exception that stops the run.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import yaml

from statwh.readers import SUPPORTED_SUFFIXES, RawDocument, read

METADATA_FIELDS = ("title", "url", "publisher", "published", "licence", "attribution", "author")
from statwh.paths import MAX_FILE_BYTES  # noqa: E402 - larger files are refused (statwh run --max-file-mb)


FileSignature = tuple[int, int, int]  # a file's size in bytes, st_mtime_ns and st_ctime_ns
# A file changed this close to when it was read may change again within the clock's resolution and
# keep its signature (git's "racily clean" files): it gets no signature, so the next run reads it.
RACY_NANOSECONDS = 2_000_000_000


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
    author: str | None = None
    source_format: str = "text"  # text, html, pdf, docx, json or jsonl
    encoding: str | None = None  # how the bytes were decoded, for formats read as text
    page_count: int | None = None  # a PDF's pages: the text has a form feed between them
    # What extraction did not read as page furniture: (start, end, why) in ``text`` (statwh.furniture).
    blanked: tuple[tuple[int, int, str], ...] = ()
    file_id: str = ""  # document_id_for(the file): a feed's records share their file's
    # The file's size, modification and status-change times when it was read (file_signature), by
    # which the next run knows it unchanged without reading it; None when it cannot be trusted.
    file_signature: FileSignature | None = None


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
    # Files not read again because their signature matched the one the warehouse holds (file ids).
    unchanged_files: list[str] = field(default_factory=list)


def document_id_for(path: Path) -> str:
    """A stable key for a document: the hash of its resolved path (its bytes, whatever they are).

    >>> len(document_id_for(Path("seeds/documents/a.txt")))
    16
    """
    return file_id_of(path.resolve())


def file_id_of(resolved: Path) -> str:
    """:func:`document_id_for` a path already resolved (``discover_files`` returns them so)."""
    return hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]


def unchanged_file(resolved: Path, known: Mapping[str, FileSignature]) -> str | None:
    """The file's id if ``known`` holds its signature as it is now (it need not be read again), else
    None; also None when it cannot even be looked at (reading it will say what is wrong)."""
    file_id = file_id_of(resolved)
    if file_id not in known:
        return None
    try:
        return file_id if file_signature(os.stat(resolved)) == known[file_id] else None
    except OSError:
        return None


def file_signature(status: os.stat_result, now_ns: int | None = None) -> FileSignature | None:
    """What says a file is unchanged since it was read: size, modification and status-change times
    (a rewrite that restores the modification time still moves the status-change time). None for a
    file changed within the last two seconds, whose next change may not move its times.

    >>> from types import SimpleNamespace
    >>> status = SimpleNamespace(st_size=5120, st_mtime_ns=1_700_000_000_000_000_000, st_ctime_ns=1_700_000_000_500_000_000)
    >>> file_signature(status, now_ns=1_800_000_000_000_000_000)
    (5120, 1700000000000000000, 1700000000500000000)
    >>> file_signature(status, now_ns=1_700_000_001_000_000_000) is None
    True
    """
    now_ns = time.time_ns() if now_ns is None else now_ns
    if max(status.st_mtime_ns, status.st_ctime_ns) > now_ns - RACY_NANOSECONDS:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def shown(path: Path | str) -> str:
    """A path as text that any database and terminal take: a name's bytes that are not UTF-8
    written as ``\\xNN``, its control characters (a newline) as escapes.

    >>> shown(Path(os.fsdecode(b"bad\\xff name\\n.txt")))
    'bad\\\\xff name\\\\n.txt'
    >>> shown("plain/café.md")
    'plain/café.md'
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace") if not isinstance(path, str) else path
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if any(c < " " or c == "\x7f" for c in text):
        text = "".join(c if c >= " " and c != "\x7f" else repr(c)[1:-1] for c in text)
    return text


def record_path(path: Path, key: str) -> str:
    """The path a document is known by: its file's, with ``#key`` for one record of a feed.

    >>> record_path(Path("feed.jsonl"), "a1"), record_path(Path("page.html"), "")
    ('feed.jsonl#a1', 'page.html')
    """
    return f"{shown(path)}#{key}" if key else shown(path)


def file_of(document_path: str) -> str:
    """The file a document path names: a record of a feed ("feed.jsonl#a1") stands for its file.

    >>> file_of("feed.jsonl#a1"), file_of("page.html")
    ('feed.jsonl', 'page.html')
    """
    return document_path.split("#", 1)[0]


def discover_files(paths: list[Path]) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into the sorted list of readable document files.

    Missing paths become errors; folders are searched recursively for supported suffixes.
    """
    files: list[Path] = []
    errors: list[IngestError] = []
    resolved: dict[Path, Path] = {}  # what a file found in a folder resolves to, when that is known without asking
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for p, entry in sorted(_entries(path), key=lambda found: found[0]):
                problem = _link_problem(p, root) if entry.is_symlink() else None
                if problem:
                    errors.append(IngestError(shown(p), problem[0], f"{shown(p.name)}: {problem[1]}"))
                elif _is_file(entry):
                    files.append(p)
                    if not entry.is_symlink():  # reached through no link (links to folders are not followed)
                        resolved[p] = root / p.relative_to(path)
                elif not p.is_dir():
                    errors.append(_not_regular(p))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            else:
                errors.append(IngestError(shown(path), "UnsupportedFormat",
                                          f"{shown(path.name)}: only {', '.join(SUPPORTED_SUFFIXES)} files can be read"))
        elif path.exists():
            errors.append(_not_regular(path))
        else:
            errors.append(IngestError(shown(path), "NotFound", f"{shown(path)}: no such file or folder"))
    unique = list(dict.fromkeys(resolved.get(p) or p.resolve() for p in files))
    return unique, errors


def _entries(folder: Path):
    """(path, directory entry) of everything under ``folder`` whose suffix statwh reads, as
    ``Path.rglob("*")`` finds them: links to folders are not followed, unreadable folders are
    passed over. ``os.scandir`` keeps each entry's type, which saves a system call or two a file."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        path = folder / entry.name
        if os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES:
            yield path, entry
        try:
            descend = entry.is_dir() and not entry.is_symlink()
        except OSError:
            descend = False
        if descend:
            yield from _entries(path)


def _is_file(entry: os.DirEntry) -> bool:
    """Whether an entry is a regular file (through a link, what it points at), as ``Path.is_file``."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _not_regular(path: Path) -> IngestError:
    """A pipe, socket or device where a document was expected: skipped, never opened (a pipe
    would wait for a writer for ever)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return IngestError(shown(path), "NotARegularFile", f"{shown(path.name)}: skipped, it is {kind}")


def _link_problem(link: Path, root: Path) -> tuple[str, str] | None:
    """Why a symbolic link found in an input folder is not read, or None: a loop, a broken link,
    or a target outside the folder (a link must not carry a run outside what it was given)."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:
        return "SymlinkLoop", "the link leads round in a loop"
    except OSError:
        return "BrokenLink", "the link points at nothing"
    if target != root and root not in target.parents:
        return "OutsideInputRoot", f"the link points outside {root} (to {target})"
    return None


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


def read_documents(path: Path, max_bytes: int = MAX_FILE_BYTES) -> list[Document]:
    """The documents in one file (a JSON Lines feed holds many); raises ValueError on bad input."""
    data, raws, _ = _read_file(path, max_bytes)
    return [_document(path, data, raw) for raw in raws]


def _read_file(path: Path, max_bytes: int) -> tuple[bytes, list[RawDocument], os.stat_result]:
    # Opened once, without waiting (a pipe put in place of a file must not hang the run): what is
    # checked is what is read.
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("it is not a regular file")
        if status.st_size > max_bytes:
            raise ValueError(f"the file is {status.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise ValueError(f"the file is over the {max_bytes / 1e6:g} MB limit")
    return data, read(path.name, data), status


def read_document(path: Path) -> Document:
    """The one document in a file."""
    documents = read_documents(path)
    if len(documents) != 1:
        raise ValueError(f"the file holds {len(documents)} documents, not one")
    return documents[0]


def _document(path: Path, data: bytes, raw: RawDocument) -> Document:
    if raw.error:
        raise ValueError(raw.error)
    body = raw.text
    if not body.strip():
        raise ValueError("the file has front matter but no text" if raw.metadata else "the file has no text")
    meta = {k: v for k, v in raw.metadata.items() if k in METADATA_FIELDS and v not in (None, "")}
    as_text = {k: str(v).strip() for k, v in meta.items()}
    if raw.key:  # one record of a feed: its own id, and a hash of its own content
        document_id = hashlib.sha256(record_path(path.resolve(), raw.key).encode("utf-8")).hexdigest()[:16]
        content_hash = hashlib.sha256(repr((body, sorted(as_text.items()))).encode("utf-8")).hexdigest()
    else:
        document_id, content_hash = document_id_for(path), hashlib.sha256(data).hexdigest()
    return Document(
        document_id=document_id,
        path=record_path(path, raw.key),
        file_name=shown(path.name),
        text=body,
        content_hash=content_hash,
        title=as_text.get("title") or _title_from_body(body),
        url=as_text.get("url"),
        publisher=as_text.get("publisher"),
        published_on=_as_date(meta.get("published")),
        licence=as_text.get("licence"),
        attribution=as_text.get("attribution"),
        author=as_text.get("author"),
        source_format=raw.source_format,
        encoding=raw.encoding,
        page_count=raw.page_count,
    )


def ingest(paths: list[Path], max_file_bytes: int = MAX_FILE_BYTES,
           known: Mapping[str, FileSignature] | None = None) -> IngestResult:
    """Read every document under the given paths; bad files become errors, not exceptions.

    ``known`` maps file ids (:func:`document_id_for`) to the signature each file had when its
    documents were loaded (:func:`statwh.pipeline.known_files`): a file whose signature still
    matches is not read again, only listed in ``unchanged_files``.
    """
    files, errors = discover_files(paths)
    result = IngestResult(errors=errors)
    known = known or {}
    for path in files:  # resolved by discover_files
        unchanged = unchanged_file(path, known)
        if unchanged:
            result.unchanged_files.append(unchanged)
            continue
        file_id = file_id_of(path)
        try:
            data, raws, status = _read_file(path, max_file_bytes)
            signature = file_signature(status)
            documents, failed = [], False
            for raw in raws:  # a bad record of a feed costs that record, not the feed
                try:
                    documents.append(_document(path, data, raw))
                except (ValueError, yaml.YAMLError) as exc:
                    if not raw.key:
                        raise
                    failed = True
                    result.errors.append(IngestError(record_path(path, raw.key), type(exc).__name__,
                                                     f"{shown(path.name)}, record {raw.key}: {exc}"))
            # A feed with a bad record gets no signature: it is read again, its error reported again.
            result.documents += [replace(d, file_id=file_id, file_signature=None if failed else signature)
                                 for d in documents]
            del data, raws, documents
        except Exception as exc:  # noqa: BLE001 - whatever a file does, it costs that file, not the run
            result.errors.append(IngestError(shown(path), type(exc).__name__, f"{shown(path.name)}: {plain_reason(exc)}"))
    return result


def plain_reason(exc: BaseException) -> str:
    """Why a file could not be read, in a line a user can act on.

    >>> plain_reason(PermissionError(13, "Permission denied"))
    'the file cannot be opened (permission denied)'
    >>> plain_reason(OSError(28, "No space left on device"))
    'the file cannot be read (No space left on device)'
    >>> plain_reason(RecursionError("maximum recursion depth exceeded"))
    'the file is nested too deeply to read'
    >>> plain_reason(KeyError("word/document.xml"))
    "the file could not be read (KeyError: 'word/document.xml')"
    """
    if isinstance(exc, PermissionError):
        return "the file cannot be opened (permission denied)"
    if isinstance(exc, OSError):
        return f"the file cannot be read ({exc.strerror or exc})"
    if isinstance(exc, RecursionError):
        return "the file is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "the file needs more memory than one file may use"
    first_line = str(exc).splitlines()[0][:200] if str(exc).strip() else ""
    if isinstance(exc, (ValueError, yaml.YAMLError)):
        return first_line or type(exc).__name__
    return f"the file could not be read ({type(exc).__name__}{': ' + first_line if first_line else ''})"
