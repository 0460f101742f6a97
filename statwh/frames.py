"""Turn documents and extracted statistics into the DataFrames that are validated and loaded."""
from __future__ import annotations

import hashlib
from dataclasses import fields
from datetime import date, datetime

import pandas as pd

from statwh.extract import Statistic
from statwh.ingest import Document
from statwh.lexicon import load_lexicon

DOCUMENT_COLUMNS = [
    "document_id", "path", "file_name", "body_text", "content_hash", "char_count", "title",
    "url", "publisher", "published_on", "licence", "attribution", "author", "source_format", "encoding",
    "page_count",
]
STATISTIC_COLUMNS = [
    "statistic_id", "document_id", "document_path", "document_length", "value", "value_high",
    "unit", "per", "kind", "direction", "qualifier", "subject", "geography", "period_label",
    "period_start", "period_end", "source", "quote", "char_start", "char_end", "number_text",
    "sentence_index", "confidence",
]
_STRING_COLUMNS = ("per", "direction", "subject", "geography", "period_label", "source",
                   "title", "url", "publisher", "licence", "attribution", "author", "encoding")


def statistic_id(document_id: str, stat: Statistic) -> str:
    """A stable key: the same statistic in the same document always gets the same id.

    >>> from statwh.extract import extract_statistics
    >>> s = extract_statistics("Police recorded 23 offences a day.")[0]
    >>> statistic_id("0123456789abcdef", s) == statistic_id("0123456789abcdef", s)
    True
    """
    key = f"{document_id}|{stat.char_start}|{stat.char_end}|{stat.unit}|{stat.value!r}|{stat.kind}"
    return hashlib.md5(key.encode("utf-8")).hexdigest()


def documents_frame(documents: list[Document]) -> pd.DataFrame:
    """One row per document, in the columns of :class:`schemas.DocumentFrame`."""
    rows = [
        {
            "document_id": d.document_id, "path": d.path, "file_name": d.file_name,
            "body_text": d.text, "content_hash": d.content_hash, "char_count": len(d.text),
            "title": d.title, "url": d.url, "publisher": d.publisher,
            "published_on": d.published_on, "licence": d.licence, "attribution": d.attribution,
            "author": d.author, "source_format": d.source_format, "encoding": d.encoding, "page_count": d.page_count,
        }
        for d in documents
    ]
    frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    frame["page_count"] = frame["page_count"].astype("Int64")
    return _typed(frame)


BLANKED_COLUMNS = ["document_id", "char_start", "char_end", "reason", "held_numbers", "blanked_text"]
BLANKED_TEXT_CHARS = 300  # of each blanked span, kept to be read; the span's offsets point at all of it


def blanked_frame(documents: list[Document]) -> pd.DataFrame:
    """One row per span of a document that extraction did not read as page furniture, with why and
    whether it held a digit (a figure a user may want to check was not lost).

    >>> from statwh.ingest import Document
    >>> d = Document("d1", "a.txt", "a.txt", "Subscribe for £1 a month. Rates rose 5%.", "h", blanked=((0, 25, "furniture phrase"),))
    >>> blanked_frame([d]).to_dict("records")
    [{'document_id': 'd1', 'char_start': 0, 'char_end': 25, 'reason': 'furniture phrase', 'held_numbers': True, 'blanked_text': 'Subscribe for £1 a month.'}]
    """
    rows = [
        {"document_id": d.document_id, "char_start": start, "char_end": end, "reason": why,
         "held_numbers": any(c.isdigit() for c in d.text[start:end]),
         "blanked_text": d.text[start : min(end, start + BLANKED_TEXT_CHARS)]}
        for d in documents for start, end, why in d.blanked
    ]
    frame = pd.DataFrame(rows, columns=BLANKED_COLUMNS)
    return frame.astype({"char_start": "int64", "char_end": "int64", "held_numbers": "bool"})


FILE_COLUMNS = ["document_id", "file_id", "file_size", "file_mtime_ns", "file_ctime_ns", "furniture_group", "text_key"]


def document_file_frames(documents: list[Document]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the warehouse keeps of each document's file (``document_file``) and the keys of its long
    lines (``document_line``), so a later run can leave the file unread when its signature matches.

    >>> from statwh.ingest import Document
    >>> d = Document("d1", "/news/a.txt", "a.txt", "Story\\nSign up for the morning briefing", "h",
    ...              file_id="d1", file_signature=(38, 1, 2))
    >>> files, lines = document_file_frames([d])
    >>> files.to_dict("records")[0]["furniture_group"], files.to_dict("records")[0]["file_size"], len(lines)
    ('/news', 38, 1)
    """
    from statwh.furniture import furniture_group, long_lines, text_key

    files = pd.DataFrame(
        [(d.document_id, d.file_id or d.document_id, *(d.file_signature or (None, None, None)),
          furniture_group(d), text_key(d.text)) for d in documents], columns=FILE_COLUMNS)
    lines = pd.DataFrame([(d.document_id, key) for d in documents for key in long_lines(d.text)],
                         columns=["document_id", "line_key"])
    return (files.astype({c: "Int64" for c in ("file_size", "file_mtime_ns", "file_ctime_ns")}).astype({"text_key": "int64"}),
            lines.astype({"line_key": "int64"}))


def statistics_frame(extracted: list[tuple[Document, list[Statistic]]]) -> pd.DataFrame:
    """One row per statistic, in the columns of :class:`schemas.StatisticFrame`."""
    rows = []
    names = [f.name for f in fields(Statistic)]
    for document, stats in extracted:
        for stat in stats:
            row = {name: getattr(stat, name) for name in names}  # asdict's deep copies took 40% of validation
            row.update(
                statistic_id=statistic_id(document.document_id, stat),
                document_id=document.document_id,
                document_path=document.path,
                document_length=len(document.text),
            )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=STATISTIC_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["value_high"] = frame["value_high"].astype("float64")
    frame["confidence"] = frame["confidence"].astype("float64")
    for column in ("document_length", "char_start", "char_end", "sentence_index"):
        frame[column] = frame[column].astype("int64")
    return _typed(frame)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """The key of a source or a place: the same name in any case is the same row.

    >>> name_key("Home Office") == name_key("HOME OFFICE")
    True
    """
    return _md5(name.lower())


def period_key(label: str, start, end) -> str:
    """The key of a period: its label and its dates (missing ones left out, as SQL's concat_ws does)."""
    parts = [label] + [d.isoformat() if isinstance(d, date) else str(d) for d in (as_date(start), as_date(end))
                       if d is not None]
    return _md5("|".join(parts))


UNIT_CLASSES = {"currency_prefix": "currency", "currency_suffix": "currency", "currency_code": "currency",
                "currency_word": "currency", "percent": "share", "points": "change", "physical": "physical",
                "time": "time"}


def with_dimension_keys(statistics: pd.DataFrame) -> pd.DataFrame:
    """The statistics with the keys of their source, place and period (None where they name none)."""
    frame = statistics.copy()
    frame["source_id"] = [name_key(s) if isinstance(s, str) else None for s in frame["source"]]
    frame["geography_id"] = [name_key(g) if isinstance(g, str) else None for g in frame["geography"]]
    frame["period_id"] = [period_key(label, start, end) if isinstance(label, str) else None
                          for label, start, end in zip(frame["period_label"], frame["period_start"], frame["period_end"])]
    return frame


def dimension_frames(statistics: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The sources, places, periods and units that statistics (with their keys) name, once per key:
    frames in the columns of the contracts in ``schemas/dimensions.py``."""
    sources = (statistics.loc[statistics["source_id"].notna(), ["source_id", "source"]]
               .drop_duplicates("source_id").rename(columns={"source": "name"}))
    places = (statistics.loc[statistics["geography_id"].notna(), ["geography_id", "geography"]]
              .drop_duplicates("geography_id").rename(columns={"geography": "name"}))
    periods = (statistics.loc[statistics["period_id"].notna(), ["period_id", "period_label", "period_start", "period_end"]]
               .drop_duplicates("period_id").rename(columns={"period_label": "label"}))
    roles = {u.unit: UNIT_CLASSES.get(u.role, u.role) for u in load_lexicon().units}
    roles.update({"count": "count", "times": "multiple"})
    units = sorted(set(statistics["unit"])) if len(statistics) else []
    unit_frame = pd.DataFrame({"unit": units, "unit_class": [roles.get(u, "other") for u in units]},
                              columns=["unit", "unit_class"])
    frames = {"sources": sources, "geographies": places, "periods": periods, "units": unit_frame}
    return {name: frame.reset_index(drop=True).astype({c: "str" for c in frame.columns if c not in
                                                      ("period_start", "period_end")})
            for name, frame in frames.items()}


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable text columns as strings with NaN for missing; dates as ``datetime.date`` or None
    (not timestamps, which end in 1677 and 2262: see schemas/dates.py)."""
    for column in _STRING_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("str").where(frame[column].notna(), None)
    for column in ("published_on", "period_start", "period_end"):
        if column in frame:
            frame[column] = pd.Series([as_date(v) for v in frame[column]], index=frame.index, dtype=object)
    return frame.reset_index(drop=True)


def as_date(value: object) -> object:
    """A calendar date from what a reader or the extractor gave; None when missing; anything else
    unchanged, for the contract to refuse.

    >>> as_date(pd.Timestamp("2020-03-31 00:00")), as_date(float("nan")), as_date("2020-02-30")
    (datetime.date(2020, 3, 31), None, '2020-02-30')
    """
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
