"""Readers for the formats documents come in: text and Markdown, HTML pages, PDF reports, Word
documents and JSON records. Each turns a file's bytes into the text that extraction reads and
the metadata that comes with it; ``statwh.ingest`` gives them ids and hashes.

The format is decided by the bytes as well as by the name: an HTML page saved as ``.txt`` is
read as HTML, a PDF without its suffix as a PDF.
"""
from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import charset_normalizer
import yaml

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".pdf", ".docx", ".json", ".jsonl", ".ndjson")
PAGE_BREAK = "\f"  # between the pages of a PDF's text: a statistic's page is 1 + the page breaks before it


@dataclass(frozen=True)
class RawDocument:
    """One document as a reader found it: its text, its metadata and how it was read.

    ``key`` tells records of one file apart (a JSON Lines feed holds many documents); it is
    empty for a file that is one document.
    """

    text: str
    metadata: dict = field(default_factory=dict)
    source_format: str = "text"
    encoding: str | None = None
    page_count: int | None = None
    key: str = ""
    error: str | None = None  # why this record of a feed cannot be read: it alone is refused


def sniff_format(file_name: str, data: bytes) -> str:
    """The format of a file, from its first bytes, then its name.

    >>> sniff_format("report.txt", b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format("page.txt", b"\\n<!DOCTYPE html><html><body>5%</body></html>")
    'html'
    >>> sniff_format("feed.jsonl", b'{"text": "5%"}'), sniff_format("notes.md", b"# 5% rise")
    ('jsonl', 'text')
    """
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head.lower() or (
            start.startswith((b"<head", b"<body", b"<meta", b"<!--")) and b"<body" in data[:65536].lower()):
        return "html"
    name = file_name.lower()
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".json"):
        return "json"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return "text"


def decode(data: bytes) -> tuple[str, str]:
    """Bytes as text, and the encoding used: UTF-8 when it decodes, else the detector's best guess.

    >>> decode("café".encode("utf-8"))
    ('café', 'utf-8')
    >>> decode("Prices at the café rose by 5% to £3.20, the café owner said.".encode("cp1252"))
    ('Prices at the café rose by 5% to £3.20, the café owner said.', 'cp1252')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("the bytes are not text in any encoding the detector knows")
    return str(best), best.encoding


def normalise(text: str) -> str:
    """Text in one Unicode form (NFC), with Windows and old Mac line ends made plain newlines.

    >>> normalise("cafe\\u0301\\r\\nline")
    'café\\nline'
    """
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


_HYPHENATED_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def join_hyphenated_lines(text: str) -> str:
    """A word split by a hyphen at the end of a PDF line, joined again.

    >>> join_hyphenated_lines("the statis-\\ntics show 5% more; well-\\nknown")
    'the statistics show 5% more; wellknown'
    """
    return _HYPHENATED_BREAK.sub("", text)


_WRAPPED_LINE = re.compile(r"(?<=[^\s.!?:;])[ \t]*\n(?=[ \t]*[^\s•·▪\-–*])")


def join_wrapped_lines(text: str, full_line: int = 40) -> str:
    """Lines of a PDF page that wrap one paragraph, joined: a line break ends a sentence only
    after a full stop, a colon or the like, or after a short line (a heading).

    >>> join_wrapped_lines("Annual report\\nPolice recorded 6.5 million offences in the year ending\\nMarch 2023.\\nNext")
    'Annual report\\nPolice recorded 6.5 million offences in the year ending March 2023.\\nNext'
    """
    pieces, last = [], 0
    for m in _WRAPPED_LINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start >= full_line:
            pieces.append(text[last : m.start()])
            pieces.append(" ")
            last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


# libyaml's safe loader where PyYAML was built with it: the pure-Python one took 80% of reading
# 10,000 short documents.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_FRONT_MATTER_CHARS = 64 * 1024  # metadata, not a document: a bigger block is refused
MAX_DOCX_XML_BYTES = 200_000_000  # a Word file's XML inflated: larger is refused before parsing
_DOCX_MAX_RATIO = 200  # and so is a member that inflates more than this (real documents: 3 to 20 times)


def split_front_matter(raw: str) -> tuple[dict, str]:
    """Separate YAML front matter from the body. The front matter is bounded (``MAX_FRONT_MATTER_CHARS``)
    and may not use YAML aliases: "billion laughs" (aliases of aliases) expands 433 bytes past 12 GB.

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody")
    ({'title': 'A'}, 'Body')
    >>> split_front_matter("No front matter")
    ({}, 'No front matter')
    >>> split_front_matter("---\\na: &x [1]\\nb: *x\\n---\\nBody")
    Traceback (most recent call last):
    ValueError: the front matter uses a YAML alias (*x, line 3): statwh does not expand aliases
    >>> split_front_matter("---\\ntitle: [A\\n---\\nBody")
    Traceback (most recent call last):
    ValueError: bad front matter: the list opened with '[' on line 2, column 8 is never closed with ']' (a value that starts with '[' needs quotes)
    """
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, raw
    block = m.group(1)
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise ValueError(f"the front matter is {len(block):,} characters, over the {MAX_FRONT_MATTER_CHARS:,} limit")
    try:
        if "*" in block:
            for event in yaml.parse(block, Loader=_YAML_LOADER):
                if isinstance(event, yaml.AliasEvent):
                    mark = event.start_mark
                    raise ValueError(f"the front matter uses a YAML alias (*{event.anchor}, line {mark.line + 2}): "
                                     "statwh does not expand aliases")
        meta = yaml.load(block, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"bad front matter: {_yaml_problem(error, block)}") from None
    if not isinstance(meta, dict):
        raise ValueError("the front matter is not a set of 'key: value' lines")
    return meta, raw[m.end() :]


# YAML's errors in plain words: (the parser's context, its problem, what to tell the user). The first
# whose context and problem start the parser's own wins; "" matches any. {line}/{column} is where the
# parser stopped, {opened_line}/{opened_column} where the construct it was reading began, {char} the
# character it stopped at; line numbers are the file's.
YAML_PROBLEMS = (
    ("while parsing a flow sequence", "", "the list opened with '[' on line {opened_line}, column {opened_column} "
     "is never closed with ']' (a value that starts with '[' needs quotes)"),
    ("while parsing a flow mapping", "", "the '{{' on line {opened_line}, column {opened_column} is never closed "
     "with '}}' (a value that starts with '{{' needs quotes)"),
    ("while scanning a quoted scalar", "", "the quote opened on line {opened_line}, column {opened_column} is never "
     "closed"),
    ("", "found a tab character", "line {line} is indented with a tab: indent front matter with spaces"),
    ("", "mapping values are not allowed", "line {line}, column {column} has a ':' where no 'key: value' can start "
     "(a value with ': ' in it needs quotes, and each key starts its own line)"),
    ("while parsing a block mapping", "", "line {line}, column {column} is not where a new 'key: value' can start "
     "(check the line's indentation, and put a value that starts with a quote or a bracket in quotes)"),
    ("while parsing a block collection", "", "line {line} is not a '- item' line like the one on line "
     "{opened_line}"),
    ("while scanning a simple key", "", "line {opened_line} is not a 'key: value' line"),
    ("", "found character that cannot start any token", "a value cannot start with {char} (line {line}, column "
     "{column}): put it in quotes"),
)


def _yaml_problem(error: yaml.YAMLError, block: str = "") -> str:
    """What is wrong with front matter, in plain words, with the line and column in the file (the
    front matter opens on line 2).

    >>> _yaml_problem(*_yaml_error("title: [Crime\\nyear: 2020"))
    "the list opened with '[' on line 2, column 8 is never closed with ']' (a value that starts with '[' needs quotes)"
    >>> _yaml_problem(*_yaml_error("title: Crime: a report"))
    "line 2, column 13 has a ':' where no 'key: value' can start (a value with ': ' in it needs quotes, and each key starts its own line)"
    >>> _yaml_problem(*_yaml_error("title: `x`"))
    "a value cannot start with '`' (line 2, column 8): put it in quotes"
    """
    mark = getattr(error, "problem_mark", None)
    opened = getattr(error, "context_mark", None) or mark
    context, problem = getattr(error, "context", None) or "", getattr(error, "problem", None) or ""
    if mark is None:
        return f"the front matter is not valid YAML ({(problem or str(error)).splitlines()[0]})"
    where = {"line": mark.line + 2, "column": mark.column + 1, "opened_line": opened.line + 2,
             "opened_column": opened.column + 1, "char": repr(_char_at(block, mark.line, mark.column))}
    for wanted_context, wanted_problem, message in YAML_PROBLEMS:
        if context.startswith(wanted_context) and problem.startswith(wanted_problem):
            return message.format(**where)
    return f"the front matter is not valid YAML at line {where['line']}, column {where['column']} ({problem or context})"


def _char_at(block: str, line: int, column: int) -> str:
    """The character at a (0-based) line and column of ``block``; "?" past its end."""
    lines = block.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else "?"


def _yaml_error(block: str) -> tuple[yaml.YAMLError, str]:
    """The error YAML raises for ``block``, and the block (for the examples above)."""
    try:
        yaml.load(block, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        return error, block
    raise AssertionError("valid YAML")


def read_text(data: bytes) -> list[RawDocument]:
    """A ``.txt`` or ``.md`` file: optional YAML front matter, then the body."""
    text, encoding = decode(data)
    meta, body = split_front_matter(normalise(text))
    return [RawDocument(body, meta, "text", encoding)]


def read_html(data: bytes) -> list[RawDocument]:
    """An HTML page: its main text (trafilatura drops navigation, cookie notices, share buttons and
    the like) and its title, author, site name, publication date and canonical address."""
    import trafilatura  # imported here: it takes a while, and most runs read no HTML

    text, encoding = decode(data)
    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    found = extracted.as_dict() if extracted is not None else {}
    body = normalise(found.get("text") or "")
    # A page of links alone gives a word or two ("Home"): no line of prose is no main text.
    if not any(len(line.split()) >= 4 for line in body.splitlines()):
        raise ValueError("the HTML page has no main text")
    meta = {"title": found.get("title"), "author": found.get("author"), "publisher": found.get("sitename"),
            "published": found.get("date"), "url": found.get("url")}
    return [RawDocument(body, meta, "html", encoding)]


def read_pdf(data: bytes) -> list[RawDocument]:
    """A PDF's text layer, page by page (pages separated by a form feed), and its title and author."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except PdfReadError as error:
        raise ValueError(f"the PDF cannot be read ({error})") from None
    except (KeyError, TypeError, AttributeError, IndexError, ZeroDivisionError) as error:
        raise ValueError(f"the PDF is damaged ({type(error).__name__})") from None
    text = PAGE_BREAK.join(join_wrapped_lines(join_hyphenated_lines(normalise(page))).replace(PAGE_BREAK, "\n")
                           for page in pages)
    if not text.replace(PAGE_BREAK, "").strip():
        raise ValueError("the PDF has no text layer (a scan needs OCR, which statwh does not do)")
    meta = {"title": info.get("/Title"), "author": info.get("/Author")}
    return [RawDocument(text, meta, "pdf", None, len(pages))]


def read_docx(data: bytes) -> list[RawDocument]:
    """A Word document's paragraphs, one per line, and its title and author (not its creation
    date, which is often the template's, not a publication date)."""
    import docx

    _check_inflation(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValueError(f"the file is not a Word document ({type(error).__name__})") from None
    except Exception as error:  # noqa: BLE001 - lxml's XMLSyntaxError and kin: a damaged file, said plainly
        raise ValueError(f"the Word document is damaged ({type(error).__name__}: {str(error)[:120]})") from None
    text = normalise("\n".join(paragraph.text for paragraph in document.paragraphs))
    if not text.strip():
        raise ValueError("the Word document has no text")
    properties = document.core_properties
    meta = {"title": properties.title or None, "author": properties.author or None}
    return [RawDocument(text, meta, "docx", None)]


def _check_inflation(data: bytes) -> None:
    """Refuse a Word file whose XML would inflate past ``MAX_DOCX_XML_BYTES`` (or far beyond its packed
    size), before any of it is parsed: 1.5 MB can hold 1.5 GB of XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ValueError(f"the file is not a Word document ({type(error).__name__})") from None
    inflated = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if inflated > MAX_DOCX_XML_BYTES:
        raise ValueError(f"the Word document's XML would take {inflated / 1e6:,.0f} MB, over the "
                         f"{MAX_DOCX_XML_BYTES / 1e6:.0f} MB limit")
    for m in members:
        if m.file_size > 10_000_000 and m.file_size > _DOCX_MAX_RATIO * max(1, m.compress_size):
            raise ValueError(f"the Word document's {m.filename} inflates {m.file_size // max(1, m.compress_size):,} "
                             "times: a compression bomb, not a document")


def read_records(data: bytes, lines: bool) -> list[RawDocument]:
    """JSON records with a ``text`` field and metadata fields, one document each: a JSON Lines feed
    (``lines``), or a JSON file holding one record or a list of them."""
    text, encoding = decode(data)
    kind = "jsonl" if lines else "json"
    records: list[tuple[int, object]] = []  # (line or position, the record or why it is not one)
    if lines:  # a bad line of a feed is that record's error; the rest load
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append((number, _json_or_reason(line, f"line {number}")))
    else:
        loaded = _json_or_reason(text, "the file")
        if isinstance(loaded, _Unreadable):
            raise ValueError(loaded.reason)
        records = list(enumerate(loaded if isinstance(loaded, list) else [loaded], start=1))
    documents = []
    for index, record in records:
        where = f"line {index}" if lines else f"record {index}"
        if isinstance(record, _Unreadable):
            documents.append(RawDocument("", {}, kind, encoding, key=f"line-{index}", error=record.reason))
        elif not isinstance(record, dict) or not isinstance(record.get("text"), str):
            documents.append(RawDocument("", {}, kind, encoding, key=f"{'line' if lines else 'record'}-{index}",
                                         error=f"{where} has no 'text' field holding the document's text"))
        else:
            meta = {key: value for key, value in record.items() if key != "text"}
            key = str(record.get("id") or record.get("url") or index)
            documents.append(RawDocument(normalise(record["text"]), meta, kind, encoding, key=key))
    if not documents:
        raise ValueError("the file holds no records")
    if not lines and all(d.error for d in documents):
        raise ValueError(documents[0].error or "the file holds no readable record")
    return documents


@dataclass(frozen=True)
class _Unreadable:
    reason: str


def _json_or_reason(text: str, where: str) -> object:
    """Parsed JSON, or why it is not: malformed, or nested too deeply for the parser (a
    ``RecursionError``, which a file of a million brackets raises)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return _Unreadable(f"{where} is not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
                           if where == "the file" else f"{where} is not JSON ({error.msg})")
    except RecursionError:
        return _Unreadable(f"{where} is JSON nested too deeply to read")


def read(file_name: str, data: bytes) -> list[RawDocument]:
    """The documents in a file, read by its format (:func:`sniff_format`)."""
    if not data.strip():
        raise ValueError("the file is empty")
    kind = sniff_format(file_name, data)
    if kind == "pdf":
        return read_pdf(data)
    if kind == "docx":
        return read_docx(data)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("the file is binary, not text")
    if kind == "html":
        return read_html(data)
    if kind in ("json", "jsonl"):
        return read_records(data, lines=kind == "jsonl")
    return read_text(data)
