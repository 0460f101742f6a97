"""Contracts for the dimension frames: the sources, places, periods and units the statistics name."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from schemas.dates import DATE_ERROR, in_order, is_date_or_missing

from statwh.lexicon import load_lexicon

KEY = r"^[0-9a-f]{32}$"  # md5 of the natural key (statwh.frames)
UNIT_CLASSES_ALLOWED = ("count", "share", "change", "multiple", "currency", "physical", "time", "other")


class SourceFrame(pa.DataFrameModel):
    """An organisation a statistic is attributed to."""

    source_id: Series[str] = pa.Field(unique=True, str_matches=KEY)
    name: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 200})

    class Config:
        strict = True


class GeographyFrame(pa.DataFrameModel):
    """A place a statistic is about."""

    geography_id: Series[str] = pa.Field(unique=True, str_matches=KEY)
    name: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 200})

    class Config:
        strict = True


class PeriodFrame(pa.DataFrameModel):
    """A period a statistic covers, resolved to dates where the text allows."""

    period_id: Series[str] = pa.Field(unique=True, str_matches=KEY)
    label: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 200})
    period_start: Series[object] = pa.Field(nullable=True)  # datetime.date: see schemas/dates.py
    period_end: Series[object] = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.check("period_start", "period_end", error=f"the period's dates {DATE_ERROR}")
    def period_dates_are_dates(cls, values: Series[object]) -> Series[bool]:
        return is_date_or_missing(values)

    @pa.dataframe_check(error="period_start must not be after period_end")
    def period_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return in_order(df["period_start"], df["period_end"])


class UnitFrame(pa.DataFrameModel):
    """A unit of measure and its class."""

    unit: Series[str] = pa.Field(unique=True, isin=sorted(load_lexicon().unit_codes))
    unit_class: Series[str] = pa.Field(isin=UNIT_CLASSES_ALLOWED)

    class Config:
        strict = True
