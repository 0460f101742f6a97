"""Regression guard: the pipeline over the development set must keep its scores.

The development set lives in ../shared/eval beside the checkout (or STATWH_EVAL_DIR).
Raise the floors below whenever the extractor improves; never lower them to pass.
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import duckdb
import pytest

from flows.refresh import refresh_warehouse

F1_FLOOR = 0.99
ATTRIBUTE_FLOOR = 0.93

EVAL_DIR = Path(os.environ.get("STATWH_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval"))


def _scorer():
    spec = importlib.util.spec_from_file_location("statwh_eval_score", EVAL_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (EVAL_DIR / "dev" / "gold.jsonl").exists(), reason=f"no development set at {EVAL_DIR}")
@pytest.mark.usefixtures("prefect_server")
def test_development_set_scores_do_not_regress(tmp_path):
    warehouse = tmp_path / "dev.duckdb"
    refresh_warehouse([EVAL_DIR / "dev" / "docs"], warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    cursor = con.execute("select * from v_statistics")
    columns = [d[0] for d in cursor.description]
    predictions = [dict(zip(columns, row)) for row in cursor.fetchall()]
    con.close()
    gold = [json.loads(line) for line in (EVAL_DIR / "dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    report = _scorer().score(gold, predictions)
    summary = f"F1={report['f1']} ATTR={report['attribute_accuracy']} misses={report['missed']} extras={report['false_positives']}"
    assert report["f1"] >= F1_FLOOR, summary
    assert report["attribute_accuracy"] >= ATTRIBUTE_FLOOR, summary
