"""Turn documents and extracted statistics into the DataFrames that are validated and loaded."""
from __future__ import annotations

import hashlib
from dataclasses import asdict

import pandas as pd

from statwh.extract import Statistic
from statwh.ingest import Document

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


def statistics_frame(extracted: list[tuple[Document, list[Statistic]]]) -> pd.DataFrame:
    """One row per statistic, in the columns of :class:`schemas.StatisticFrame`."""
    rows = []
    for document, stats in extracted:
        for stat in stats:
            row = asdict(stat)
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


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable text columns as strings with NaN for missing; dates as datetimes."""
    for column in _STRING_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("str").where(frame[column].notna(), None)
    for column in ("published_on", "period_start", "period_end"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return frame.reset_index(drop=True)
