"""Contracts for the dimension frames: the sources, places, periods and units the statistics name."""
from __future__ import annotations

import pandera.pandas as pa
from pandera.typing.pandas import Series

from schemas.dates import PeriodDates

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


class PeriodFrame(PeriodDates):  # period_start, period_end and their checks
    """A period a statistic covers, resolved to dates where the text allows."""

    period_id: Series[str] = pa.Field(unique=True, str_matches=KEY)
    label: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 200})

    class Config:
        strict = True



class UnitFrame(pa.DataFrameModel):
    """A unit of measure and its class."""

    unit: Series[str] = pa.Field(unique=True, isin=sorted(load_lexicon().unit_codes))
    unit_class: Series[str] = pa.Field(isin=UNIT_CLASSES_ALLOWED)

    class Config:
        strict = True
