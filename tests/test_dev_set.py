"""Regression guard: the pipeline over the development set must keep its scores.

The development set lives in ../shared/eval beside the checkout (or STATWH_EVAL_DIR). The
warehouse is built by the pipeline's steps without Prefect (``dev_warehouse``), so this runs in
the fast tier; ``tests/test_schedule.py`` checks that the flow builds the same statistics.
Raise the floors below whenever the extractor improves; never lower them to pass.
"""
from __future__ import annotations

import importlib.util
import json

import duckdb
import pytest

from conftest import DEV_DOCS, EVAL_DIR

F1_FLOOR = 0.99
ATTRIBUTE_FLOOR = 0.93


def _scorer():
    spec = importlib.util.spec_from_file_location("statwh_eval_score", EVAL_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (EVAL_DIR / "dev" / "gold.jsonl").exists(), reason=f"no development set at {EVAL_DIR}")
def test_development_set_scores_do_not_regress(dev_warehouse):
    con = duckdb.connect(str(dev_warehouse), read_only=True)
    try:
        # The warehouse also holds the seed article, a copy of one development document: it is left out.
        cursor = con.execute("select * from v_statistics where starts_with(document_path, ?)", [str(DEV_DOCS)])
        columns = [d[0] for d in cursor.description]
        predictions = [dict(zip(columns, row)) for row in cursor.fetchall()]
    finally:
        con.close()
    gold = [json.loads(line) for line in (EVAL_DIR / "dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    report = _scorer().score(gold, predictions)
    summary = f"F1={report['f1']} ATTR={report['attribute_accuracy']} misses={report['missed']} extras={report['false_positives']}"
    assert report["f1"] >= F1_FLOOR, summary
    assert report["attribute_accuracy"] >= ATTRIBUTE_FLOOR, summary
