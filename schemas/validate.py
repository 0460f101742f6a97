"""Validate a frame lazily and split it into the rows that pass and the rows that do not."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors


@dataclass(frozen=True)
class Quarantined:
    """A row set aside by validation, with the check it failed and the failing value."""

    row_index: int
    check_name: str
    column_name: str | None
    failing_value: str | None
    row_json: str


def validate_frame(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> tuple[pd.DataFrame, list[Quarantined]]:
    """Return the rows that pass ``model`` (coerced) and a record for every failure of the others.

    Failures that are not about particular rows (a missing column, a wrong dtype of a
    whole column) mean the code is wrong, not the data: they are raised.
    """
    if frame.empty:
        return frame, []
    try:
        return model.validate(frame, lazy=True), []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    row_cases = cases[cases["index"].notna()]
    if len(row_cases) < len(cases):
        raise ValueError(f"{model.__name__}: the frame itself does not fit the contract:\n"
                         f"{cases[cases['index'].isna()].to_string()}")
    quarantined: list[Quarantined] = []
    bad_rows = sorted({int(i) for i in row_cases["index"]})
    # A frame-wide check reports every column of a failing row; keep one record per row and check.
    for (index, check), group in row_cases.groupby(["index", "check"], sort=True):
        columns = [c for c in group["column"] if isinstance(c, str) and c != model.__name__]
        if len(group) == 1 and columns:
            column, value = columns[0], group["failure_case"].iloc[0]
            failing = None if pd.isna(value) else str(value)
        else:  # name the columns that the check's message mentions, with their values
            column = None
            named = [c for c in frame.columns if re.search(rf"\b{re.escape(c)}\b", str(check))]
            failing = ", ".join(f"{c}={frame.at[int(index), c]}" for c in named) or None
        quarantined.append(Quarantined(
            row_index=int(index),
            check_name=str(check),
            column_name=column,
            failing_value=failing,
            row_json=row_json(frame, int(index)),
        ))
    good = frame.drop(index=bad_rows)
    return (model.validate(good, lazy=True) if not good.empty else good), quarantined


def row_json(frame: pd.DataFrame, index: int) -> str:
    """One row of a frame as a JSON object, dates in ISO format."""
    return json.dumps(json.loads(frame.loc[[index]].to_json(orient="records", date_format="iso"))[0])
