"""Contract for the documents frame: one row per document read."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from schemas.dates import DATE_ERROR, is_date_or_missing


class DocumentFrame(pa.DataFrameModel):
    """A document read from disk, with its metadata and a hash of its bytes."""

    document_id: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    path: Series[str] = pa.Field(str_length={"min_value": 1})
    file_name: Series[str] = pa.Field(str_length={"min_value": 1})
    body_text: Series[str] = pa.Field(str_length={"min_value": 1})
    content_hash: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    char_count: Series[int] = pa.Field(ge=1)
    title: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True, str_matches=r"^(?:https?|ftp)://\S+$")
    publisher: Series[str] = pa.Field(nullable=True)
    published_on: Series[object] = pa.Field(nullable=True)  # datetime.date: see schemas/dates.py
    licence: Series[str] = pa.Field(nullable=True)
    attribution: Series[str] = pa.Field(nullable=True)
    author: Series[str] = pa.Field(nullable=True)
    source_format: Series[str] = pa.Field(isin=["text", "html", "pdf", "docx", "json", "jsonl"])
    encoding: Series[str] = pa.Field(nullable=True)
    page_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)

    class Config:
        strict = True

    @pa.check("published_on", error=f"published_on {DATE_ERROR}")
    def published_on_is_a_date(cls, values: Series[object]) -> Series[bool]:
        return is_date_or_missing(values)

    @pa.dataframe_check(error="char_count must equal the length of body_text")
    def char_count_matches_text(cls, df):
        return df["char_count"] == df["body_text"].str.len()
