"""Ablation of the extractor's decision: the named rules alone, against a learned decision layer over
the same candidates (logistic regression on context features, the rules' verdicts among them),
cross-validated by document so that no document is scored by a model trained on it.

    .venv/bin/python bench/decision_ablation.py [--eval-dir ../shared/eval] [--folds 8]

For each gold set it prints candidate-level precision, recall and F1 of the figures kept: a
candidate is right when a gold statistic of its document has its unit and its value (within 0.5%),
and each distinct (value, unit) of a document counts once, as score.py counts them. The model is
trained on the other folds of both sets together (the news and official sets share no documents).

Deterministic (fixed fold assignment by document name, fixed iterations), numpy only, no download.
"""
from __future__ import annotations

import argparse
import re
import json
import math
import os
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from statwh.candidates import find_quantities  # noqa: E402
from statwh.decide import rejection_reason  # noqa: E402
from statwh.ingest import read_documents  # noqa: E402
from statwh.lexicon import load_lexicon  # noqa: E402
from statwh.periods import find_periods  # noqa: E402
from statwh.regex import lowered  # noqa: E402
from statwh.sources import _is_news  # noqa: E402
from statwh.sentences import split_sentences, unread_reason  # noqa: E402

# Every rule id rejection_reason can return, read from its source, so that a new rule is never missed.
_DECIDE = (Path(__file__).resolve().parent.parent / "statwh" / "decide.py").read_text(encoding="utf-8")
RULES = ["kept", *dict.fromkeys(re.findall(r'return "([a-z][^"]*)"', _DECIDE)), "not read", "other"]
UNIT_CLASSES = ["count", "percent", "currency", "physical", "time", "times", "points"]
TIME_UNITS = {"years", "months", "weeks", "days", "hours", "minutes", "seconds"}


def unit_class(unit: str, lexicon) -> str:
    if unit in ("count", "percent", "times"):
        return unit
    if unit == "percentage_points":
        return "points"
    if unit in TIME_UNITS:
        return "time"
    roles = {u.role for u in lexicon.units if u.unit == unit}
    return "currency" if any(r.startswith("currency") for r in roles) else "physical"


def features(sentence, q, decision: str, lexicon, news: bool) -> list[float]:
    """Context features of one candidate: its shape, its surroundings, and the rules' verdict."""
    text = sentence.text
    before, after = text[max(0, q.start - 40) : q.start], text[q.end : q.end + 40]
    lower_after = lowered(after)
    prev_word = (before.split() or [""])[-1]
    next_word = (after.split() or [""])[0]
    cues = lexicon.cues
    value = abs(q.value) or 1.0
    rule = decision if decision in RULES else "other"
    row = [1.0]
    row += [1.0 if rule == r else 0.0 for r in RULES]
    row += [1.0 if unit_class(q.unit, lexicon) == c else 0.0 for c in UNIT_CLASSES]
    row += [
        1.0 if q.form == "words" else 0.0,
        min(math.log10(value), 12) / 12,
        1.0 if q.value == int(q.value) else 0.0,
        1.0 if q.value <= 10 else 0.0,
        1.0 if 1900 <= q.value <= 2100 else 0.0,
        1.0 if prev_word[:1].isupper() else 0.0,
        1.0 if prev_word.lower().strip(",.") in ("the", "this", "that", "these", "those", "his", "her", "their", "its") else 0.0,
        1.0 if next_word.lower().strip(",.;") in cues["counted_nouns"] else 0.0,
        1.0 if prev_word.lower() in cues["count_verbs"] else 0.0,
        1.0 if any(w in cues["toll_words"] for w in lowered(text).split()) else 0.0,
        1.0 if next_word[:1].isupper() else 0.0,
        1.0 if lower_after.lstrip().startswith(("of ", "per ", "a ", "an ")) else 0.0,
        1.0 if after[:1] in ",;)" else 0.0,
        1.0 if any(c.isdigit() for c in before[-3:]) else 0.0,
        1.0 if q.start < 3 else 0.0,
        1.0 if news else 0.0,
        min(len(text), 400) / 400,
    ]
    return row


def candidates(path: Path, lexicon):
    """(document name, value, unit, rule decision, features) for every candidate of a document."""
    rows = []
    for document in read_documents(path):
        news = _is_news(document.publisher, lexicon)
        for sentence in split_sentences(document.text):
            quantities = find_quantities(sentence.text, lexicon)
            if not quantities:
                continue
            skipped = unread_reason(document.text, sentence, lexicon) is not None
            periods = find_periods(sentence.text, document.published_on)
            for q in quantities:
                decision = "not read" if skipped else (rejection_reason(sentence, q, periods, lexicon, news) or "kept")
                rows.append((path.name, q.value, q.unit, decision, features(sentence, q, decision, lexicon, news)))
    return rows


def is_gold(doc: str, value: float, unit: str, gold: dict) -> bool:
    return any(unit in g_units and abs(g_value - value) <= 0.005 * max(abs(g_value), 1e-9) for g_value, g_units in gold[doc])


def score(rows, kept: np.ndarray, gold: dict) -> tuple[float, float, float]:
    """Precision, recall and F1 of the kept candidates, each distinct (document, value, unit) once."""
    predicted = {(r[0], round(r[1], 6), r[2]) for r, k in zip(rows, kept) if k}
    tp = sum(1 for doc, value, unit in predicted if is_gold(doc, value, unit, gold))
    fp = len(predicted) - tp
    found = defaultdict(int)
    for doc, stats in gold.items():
        for g_value, g_units in stats:
            if any(d == doc and u in g_units and abs(v - g_value) <= 0.005 * max(abs(g_value), 1e-9)
                   for d, v, u in predicted):
                found[doc] += 1
    recall_tp = sum(found.values())
    total = sum(len(s) for s in gold.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = recall_tp / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def train(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 3000, rate: float = 0.5) -> np.ndarray:
    """L2-regularised logistic regression by gradient descent: deterministic, from zero weights."""
    w = np.zeros(x.shape[1])
    positive = max(y.mean(), 1e-6)
    weights = np.where(y == 1, 0.5 / positive, 0.5 / (1 - positive))  # balanced classes
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (weights * (p - y)) / len(y) + l2 * w / len(y)
        w -= rate * gradient
    return w


def load_gold(eval_dir: Path, name: str) -> dict:
    gold: dict = defaultdict(list)
    for line in (eval_dir / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            if not g.get("negative"):
                units = g["unit"] if isinstance(g["unit"], list) else [g["unit"]]
                gold[g["doc"]].append((float(g["value"]), set(units)))
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path(os.environ.get("STATWH_EVAL_DIR", "../shared/eval")))
    parser.add_argument("--folds", type=int, default=8)
    args = parser.parse_args(argv)
    lexicon = load_lexicon()
    sets = {}
    for name in ("dev", "news"):
        gold = load_gold(args.eval_dir, name)
        rows = [r for path in sorted((args.eval_dir / name / "docs").iterdir()) if path.is_file()
                for r in candidates(path, lexicon)]
        sets[name] = (rows, gold)
    all_rows = [(name, r) for name, (rows, _) in sets.items() for r in rows]
    x = np.array([r[4] for _, r in all_rows])
    y = np.array([1.0 if is_gold(r[0], r[1], r[2], sets[name][1]) else 0.0 for name, r in all_rows])
    fold = np.array([zlib.crc32(r[0].encode()) % args.folds for _, r in all_rows])
    context_only = np.ones(x.shape[1], dtype=bool)
    context_only[1 : 1 + len(RULES)] = False  # the same model without the rules' verdicts
    predicted = np.zeros(len(all_rows))
    predicted_context = np.zeros(len(all_rows))
    for k in range(args.folds):
        w = train(x[fold != k], y[fold != k])
        predicted[fold == k] = 1 / (1 + np.exp(-(x[fold == k] @ w)))
        xc = x[:, context_only]
        w = train(xc[fold != k], y[fold != k])
        predicted_context[fold == k] = 1 / (1 + np.exp(-(xc[fold == k] @ w)))
    print(f"candidates: {len(all_rows)} ({int(y.sum())} match a gold statistic); {args.folds} folds by document")
    print(f"{'set':6} {'decision':34} {'P':>6} {'R':>6} {'F1':>6}")
    offset = 0
    for name, (rows, gold) in sets.items():
        n = len(rows)
        rules = np.array([r[3] == "kept" for r in rows])
        model = predicted[offset : offset + n] > 0.5
        hard = np.array([r[3] in ("date or period", "year", "phone number", "time of day", "not read") for r in rows])
        context = predicted_context[offset : offset + n] > 0.5
        for label, kept in (("rules only", rules), ("learned layer (cross-validated)", model),
                            ("learned layer, definitional rules", model & ~hard),
                            ("learned, no rule verdicts", context), ("no rule at all (every number)", rules | True)):
            p, r_, f = score(rows, kept, gold)
            print(f"{name:6} {label:34} {p:6.3f} {r_:6.3f} {f:6.3f}")
        offset += n
    seen = sorted({r[3] for rows, _ in sets.values() for r in rows} - {"kept"})
    print("\nrejections no rule list names:", [r for r in seen if r not in RULES] or "none")
    print("each rule left out (its rejections kept), F1 by set; rules that reject no candidate of either set are not shown")
    print(f"{'rule':30} {'rejects':>8} " + " ".join(f"{name:>6}" for name in sets))
    for rule in RULES[1:]:
        counts, f1s = 0, []
        for name, (rows, gold) in sets.items():
            kept = np.array([r[3] == "kept" or r[3] == rule for r in rows])
            counts += sum(1 for r in rows if r[3] == rule)
            f1s.append(score(rows, kept, gold)[2])
        if counts:
            print(f"{rule:30} {counts:8d} " + " ".join(f"{f:6.3f}" for f in f1s))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
