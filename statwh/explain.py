"""Why the extractor kept or dropped each number: the reading behind ``statwh explain PATH|TEXT``.

For every sentence that holds a number, each candidate the extractor read (a number with its unit,
a share, a multiple), whether it became a statistic, the rule that decided, and, for a statistic,
its attributes with where the source, place and period came from (the sentence itself, an earlier
sentence, the title, or the publisher). The decisions are the extractor's own: the same functions
the pipeline runs, not a second reading.

>>> [e.decisions[0].decision for e in explain("Police made 130 arrests. He was 88.", publisher="BBC")]
['kept', 'rejected: age']
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

from statwh.candidates import find_quantities
from statwh.decide import rejection_reason
from statwh.extract import Statistic, extract_statistics
from statwh.lexicon import Lexicon, load_lexicon
from statwh.periods import find_periods
from statwh.sources import _is_news
from statwh.sentences import split_sentences, unread_reason

KEPT = "kept"


@dataclass
class Decision:
    """One candidate of a sentence and what became of it."""

    text: str  # as written: "£2.5bn", "one in five"
    value: float
    value_high: float | None
    unit: str
    decision: str  # "kept", "rejected: <rule>", "merged: a repeat of an earlier figure", "not read: <why>"
    statistic: dict | None = None  # the attributes of the statistic it became
    origins: dict[str, str] | None = None  # where the source, geography and period came from


@dataclass
class SentenceExplanation:
    index: int
    text: str
    decisions: list[Decision] = field(default_factory=list)


_STATISTIC_FIELDS = ("value", "value_high", "unit", "per", "kind", "direction", "qualifier", "subject", "geography",
                     "period_label", "period_start", "period_end", "source", "confidence")


def explain(text: str, title: str | None = None, publisher: str | None = None, published: date | None = None,
            lexicon: Lexicon | None = None) -> list[SentenceExplanation]:
    """Each sentence with a candidate number, and the decision on each candidate."""
    lexicon = lexicon or load_lexicon()
    trace: dict[int, dict[str, str]] = {}
    statistics = {s.char_start: s for s in extract_statistics(text, title, publisher, published, lexicon, trace)}
    news = _is_news(publisher, lexicon)
    explained: list[SentenceExplanation] = []
    lines: dict[int, bool] = {}  # the verdict on each line, looked at once
    for index, sentence in enumerate(split_sentences(text)):
        quantities = find_quantities(sentence.text, lexicon)
        if not quantities:
            continue
        entry = SentenceExplanation(index, sentence.text)
        not_read = unread_reason(text, sentence, lexicon, lines)
        unread = f"not read: {not_read}" if not_read else None
        periods = find_periods(sentence.text, published)
        for q in quantities:
            start = sentence.start + q.start
            reason = unread or rejection_reason(sentence, q, periods, lexicon, news)
            stat = statistics.get(start)
            if reason and not reason.startswith("not read"):
                decision = f"rejected: {reason}"
            elif reason:
                decision = reason
            elif stat is None and start in trace:
                decision = "merged: a repeat of an earlier figure"
            elif stat is None:
                decision = "rejected: not a figure of its sentence"
            else:
                decision = KEPT
            entry.decisions.append(Decision(
                sentence.text[q.start : q.end], q.value, q.value_high, q.unit, decision,
                _attributes(stat) if stat is not None and decision == KEPT else None,
                trace.get(start) if decision == KEPT else None,
            ))
        explained.append(entry)
    return explained


def _attributes(stat: Statistic) -> dict:
    return {name: _plain(getattr(stat, name)) for name in _STATISTIC_FIELDS}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def format_explanation(explained: list[SentenceExplanation], heading: str | None = None) -> str:
    """The explanation as text, one block per sentence.

    >>> print(format_explanation(explain("Police made 130 arrests. He was 88.", publisher="BBC")))
    [0] Police made 130 arrests.
        130  kept: 130 count, level, exact
             subject: arrests made by Police
             source: police (named in the sentence)
    [1] He was 88.
        88  rejected: age
    """
    lines = [heading] if heading else []
    for entry in explained:
        lines.append(f"[{entry.index}] {entry.text}")
        for d in entry.decisions:
            if d.decision != KEPT or d.statistic is None:
                lines.append(f"    {d.text}  {d.decision}")
                continue
            s = d.statistic
            value = f"{s['value']:g}" + (f"-{s['value_high']:g}" if s["value_high"] is not None else "")
            shape = ", ".join(str(x) for x in (s["unit"], f"per {s['per']}" if s["per"] else None, s["kind"],
                                                  s["direction"], s["qualifier"]) if x)
            lines.append(f"    {d.text}  kept: {value} {shape}")
            origins = d.origins or {}
            if s["subject"]:
                lines.append(f"         subject: {s['subject']}")
            for name, shown in (("source", s["source"]), ("geography", s["geography"]), ("period", _period(s))):
                if shown:
                    lines.append(f"         {name}: {shown} ({origins.get(name, 'unknown')})")
    return "\n".join(lines)


def _period(s: dict) -> str | None:
    if not s["period_label"]:
        return None
    dates = f" {s['period_start']} to {s['period_end']}" if s["period_start"] else ""
    return f"{s['period_label']}{dates}"


def as_json(explained: list[SentenceExplanation]) -> str:
    """The explanation as a JSON array of sentences, each with its decisions."""
    return json.dumps([asdict(e) for e in explained], ensure_ascii=False, indent=1)
