"""Contract for the statistics frame: one row per statistic extracted."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from schemas.dates import PeriodDates

from statwh.lexicon import load_lexicon

KINDS = ("level", "change")
DIRECTIONS = ("up", "down")
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "at_most", "less_than")
PER_PATTERN = r"^(?:hour|day|week|month|quarter|year|\d+ [a-z]+)$"


class StatisticFrame(PeriodDates):  # period_start, period_end and their checks
    """A statistic traced to its document, sentence and character offsets."""

    statistic_id: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{32}$")
    document_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    document_path: Series[str]
    document_length: Series[int] = pa.Field(ge=1)
    value: Series[float]
    value_high: Series[float] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(isin=sorted(load_lexicon().unit_codes))
    per: Series[str] = pa.Field(nullable=True, str_matches=PER_PATTERN)
    kind: Series[str] = pa.Field(isin=KINDS)
    direction: Series[str] = pa.Field(nullable=True, isin=DIRECTIONS)
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS)
    subject: Series[str] = pa.Field(nullable=True)
    geography: Series[str] = pa.Field(nullable=True)
    period_label: Series[str] = pa.Field(nullable=True)
    source: Series[str] = pa.Field(nullable=True)
    quote: Series[str] = pa.Field(str_length={"min_value": 1})
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=1)
    number_text: Series[str] = pa.Field(str_length={"min_value": 1})
    sentence_index: Series[int] = pa.Field(ge=0)
    confidence: Series[float] = pa.Field(in_range={"min_value": 0.0, "max_value": 1.0})

    class Config:
        strict = True

    @pa.check("value", error="value must be a finite number")
    def value_is_finite(cls, value: Series[float]) -> Series[bool]:
        return pd.Series(np.isfinite(value.to_numpy(dtype=float)), index=value.index)

    @pa.dataframe_check(error="value_high must be at least value")
    def range_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["value_high"].isna() | (df["value_high"] >= df["value"])

    @pa.dataframe_check(error="char_end must be after char_start and inside the document")
    def offsets_inside_document(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_start"] < df["char_end"]) & (df["char_end"] <= df["document_length"])

    @pa.dataframe_check(error="the quote must contain the number's text")
    def quote_contains_number(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [str(n) in str(q) for n, q in zip(df["number_text"], df["quote"])], index=df.index
        )


    @pa.dataframe_check(error="value must lie between -100 and 100 when unit is percentage_points")
    def points_in_range(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["unit"] != "percentage_points") | df["value"].abs().le(100)

    @pa.dataframe_check(error="value must not be negative when unit is percent and kind is level")
    def percent_level_not_negative(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["unit"] == "percent") & (df["kind"] == "level") & (df["value"] < 0))
