"""Dates in the frames: calendar dates (``datetime.date``), not nanosecond timestamps.

pandas' and pandera's timestamps end in 1677 and 2262, so a statistic about 1500 or a
projection to 2300 would have failed the whole frame's type. A date is instead checked row by
row: one outside the years below goes to quarantine, and the run goes on.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

EARLIEST = date(1000, 1, 1)
LATEST = date(2999, 12, 31)
DATE_ERROR = f"must be a date from {EARLIEST.year} to {LATEST.year}"


def is_date_or_missing(values: pd.Series) -> pd.Series:
    """True where a value is missing or a date in range.

    >>> is_date_or_missing(pd.Series([date(1500, 1, 1), None, date(3500, 1, 1), "2020-13-01"])).tolist()
    [True, True, False, False]
    """
    days = [_day(v) for v in values]
    return pd.Series([v is None or (d is not None and EARLIEST <= d <= LATEST) for v, d in zip(values, days)],
                     index=values.index)


def in_order(start: pd.Series, end: pd.Series) -> pd.Series:
    """True where either is missing (or not a date: another check reports that) or start <= end.

    >>> in_order(pd.Series([date(2020, 1, 1), None]), pd.Series([date(2019, 1, 1), date(2019, 1, 1)])).tolist()
    [False, True]
    """
    days = [(_day(s), _day(e)) for s, e in zip(start, end)]
    return pd.Series([s is None or e is None or s <= e for s, e in days], index=start.index)


def _day(value: object) -> date | None:
    """The calendar day of a date or a timestamp; None for anything else."""
    if isinstance(value, datetime):
        return None if pd.isna(value) else value.date()
    return value if isinstance(value, date) else None


class PeriodDates(pa.DataFrameModel):
    """The dates of a period, shared by the statistics' and the periods' contracts."""

    period_start: Series[object] = pa.Field(nullable=True)  # datetime.date
    period_end: Series[object] = pa.Field(nullable=True)

    @pa.check("period_start", "period_end", error=f"the period's dates {DATE_ERROR}")
    def period_dates_are_dates(cls, values: Series[object]) -> Series[bool]:
        return is_date_or_missing(values)

    @pa.dataframe_check(error="period_start must not be after period_end")
    def period_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return in_order(df["period_start"], df["period_end"])
