"""Each pandera contract's failure path: the bad row is quarantined with its check and value."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from schemas import DocumentFrame, StatisticFrame, validate_frame
from statwh.extract import extract_statistics
from statwh.frames import documents_frame, statistics_frame
from statwh.ingest import read_document


@pytest.fixture
def frames(seed_document):
    doc = read_document(seed_document)
    return documents_frame([doc]), statistics_frame([(doc, extract_statistics(doc.text))])


def test_good_frames_pass(frames):
    documents, statistics = frames
    assert validate_frame(documents, DocumentFrame)[1] == []
    good, bad = validate_frame(statistics, StatisticFrame)
    assert (len(good), bad) == (5, [])


@pytest.mark.parametrize(("column", "bad_value", "check_fragment"), [
    ("value", float("inf"), "finite"),
    ("value_high", -1.0, "value_high must be at least value"),
    ("unit", "furlongs", "isin"),
    ("per", "fortnightly-ish", "str_matches"),
    ("kind", "guess", "isin"),
    ("direction", "sideways", "isin"),
    ("qualifier", "maybe", "isin"),
    ("confidence", 1.5, "in_range"),
    ("char_end", 10**7, "inside the document"),
    ("number_text", "99,999", "quote must contain"),
    ("period_start", pd.Timestamp("2030-01-01"), "period_start must not be after"),
    ("period_end", date(3500, 12, 31), "must be a date from 1000 to 2999"),
    ("period_start", "the spring", "must be a date from 1000 to 2999"),
])
def test_each_statistic_check_quarantines_the_row(frames, column, bad_value, check_fragment):
    _, statistics = frames
    statistics = statistics.copy()
    if column == "period_start":
        statistics.loc[0, "period_end"] = pd.Timestamp("2020-01-01")
    statistics.loc[0, column] = bad_value
    good, bad = validate_frame(statistics, StatisticFrame)
    assert len(good) == 4
    assert {q.row_index for q in bad} == {0}
    assert any(check_fragment in q.check_name for q in bad), [q.check_name for q in bad]
    assert all(q.row_json.startswith("{") for q in bad)


def test_percentage_points_out_of_range(frames):
    _, statistics = frames
    statistics = statistics.copy()
    statistics.loc[1, ["unit", "value"]] = ["percentage_points", 250.0]
    good, bad = validate_frame(statistics, StatisticFrame)
    assert [q.check_name for q in bad] == ["value must lie between -100 and 100 when unit is percentage_points"]
    assert bad[0].failing_value == "value=250.0, unit=percentage_points"


def test_document_contract(frames):
    documents, _ = frames
    documents = documents.copy()
    documents.loc[0, "url"] = "not a url"
    good, bad = validate_frame(documents, DocumentFrame)
    assert good.empty
    assert bad[0].column_name == "url" and bad[0].failing_value == "not a url"


def test_a_missing_column_is_a_bug_not_bad_data(frames):
    _, statistics = frames
    with pytest.raises(ValueError, match="does not fit the contract"):
        validate_frame(statistics.drop(columns=["unit"]), StatisticFrame)


@pytest.fixture
def dimensions(frames):
    from statwh.frames import dimension_frames, with_dimension_keys

    return dimension_frames(with_dimension_keys(frames[1]))


def test_good_dimension_frames_pass(dimensions):
    from statwh.pipeline import DIMENSION_CONTRACTS

    for name, (model, _, _) in DIMENSION_CONTRACTS.items():
        good, bad = validate_frame(dimensions[name], model)
        assert bad == [] and len(good) == len(dimensions[name]) > 0, name


@pytest.mark.parametrize(("frame", "column", "bad_value", "check_fragment"), [
    ("sources", "source_id", "not-a-key", "str_matches"),
    ("sources", "name", "X", "str_length"),
    ("geographies", "geography_id", "0" * 31, "str_matches"),
    ("geographies", "name", "y" * 300, "str_length"),
    ("periods", "period_id", "abc", "str_matches"),
    ("periods", "label", "", "str_length"),
    ("periods", "period_start", pd.Timestamp("2099-01-01"), "period_start must not be after"),
    ("periods", "period_start", date(999, 1, 1), "must be a date from 1000 to 2999"),
    ("units", "unit", "furlongs", "isin"),
    ("units", "unit_class", "vibes", "isin"),
])
def test_each_dimension_check_quarantines_the_row(dimensions, frame, column, bad_value, check_fragment):
    from statwh.pipeline import DIMENSION_CONTRACTS

    model = DIMENSION_CONTRACTS[frame][0]
    broken = dimensions[frame].copy()
    row = broken["period_end"].first_valid_index() if column == "period_start" else 0  # a period with both dates
    broken.loc[row, column] = bad_value
    good, bad = validate_frame(broken, model)
    assert len(good) == len(broken) - 1
    assert any(check_fragment in q.check_name for q in bad), [q.check_name for q in bad]


def test_a_duplicated_dimension_key_is_caught(dimensions):
    from schemas.dimensions import SourceFrame

    doubled = pd.concat([dimensions["sources"], dimensions["sources"].iloc[[0]]], ignore_index=True)
    assert any("unique" in q.check_name for q in validate_frame(doubled, SourceFrame)[1])


def test_a_statistic_whose_source_fails_its_contract_goes_to_quarantine_with_it(seed_document):
    from dataclasses import replace

    from statwh.pipeline import validate_batch

    doc = read_document(seed_document)
    stats = extract_statistics(doc.text)
    stats[0] = replace(stats[0], source="X")  # a one-letter organisation: the source contract refuses it
    batch = validate_batch([(doc, stats)])
    assert len(batch.statistics) == 4 and "X" not in set(batch.dimensions["sources"]["name"])
    reasons = sorted(zip(batch.quarantine["entity"], batch.quarantine["check_name"]))
    assert ("statistic", "its source failed validation") in reasons
    assert any(entity == "source" and "str_length" in check for entity, check in reasons)
