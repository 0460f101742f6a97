"""Stage 6, merging repeats: one statistic per figure, a headline restated in the body kept once.

>>> from statwh.extract import extract_statistics
>>> text = "80,000 people pose a threat\\n\\nAt least 80,000 people pose a threat online, the agency said."
>>> [(s.value, s.qualifier) for s in extract_statistics(text)]
[(80000.0, 'at_least')]
"""
from __future__ import annotations

from functools import lru_cache

from statwh.candidates import _DIGIT_RUN
from statwh.regex import rx
from statwh.statistic import Statistic


def merge_repeats(stats: list[Statistic]) -> list[Statistic]:
    """One statistic per figure: a repeat of the same value, unit, per and kind about the same
    thing (a headline restated in the body) is dropped, keeping the mention that says most.

    Two figures with the same value about different things are both kept.
    """
    kept: list[Statistic] = []
    by_value: dict[tuple, list[int]] = {}  # positions in kept of the figures with the same value, unit, per, kind
    for stat in stats:
        same_value = by_value.setdefault((stat.value, stat.unit, stat.per, stat.kind, stat.value_high), [])
        twin = next((i for i in same_value if _same_figure(kept[i], stat)), None)
        if twin is None:
            same_value.append(len(kept))
            kept.append(stat)
        elif _detail(stat) > _detail(kept[twin]):
            kept[twin] = stat
    return sorted(kept, key=lambda s: s.char_start)


def _same_figure(a: Statistic, b: Statistic) -> bool:
    if (a.value, a.unit, a.per, a.kind, a.value_high) != (b.value, b.unit, b.per, b.kind, b.value_high):
        return False
    if a.sentence_index == b.sentence_index:
        return False  # "South Carolina's 54 delegates ..., giving him a total of 54 delegates": two figures
    words_a, words_b = _subject_words(a.subject), _subject_words(b.subject)
    if not words_a or not words_b:
        return False
    # Numbers in a subject name a subgroup: "men aged 45-64" is not a repeat of "men".
    if _subject_numbers(a.subject) != _subject_numbers(b.subject):
        return False
    # Different agents, different figures: "delegates earned by Joe Biden", "delegates earned by Amy Klobuchar"
    # (but "spent by Council" and "spent by the council on roads" are one agent).
    agent_a, agent_b = _agent(a.subject), _agent(b.subject)
    if agent_a is not None and agent_b is not None and agent_a.isdisjoint(agent_b):
        return False
    return len(words_a & words_b) * 2 >= min(len(words_a), len(words_b))


@lru_cache(maxsize=4096)
def _subject_words(subject: str | None) -> frozenset[str]:
    """The words of a subject that say what it is, without plural s (cached: repeats compare often)."""
    return frozenset(w.rstrip("s") for w in rx(r"[a-z]{3,}").findall((subject or "").lower())) - _SUBJECT_FILLER


def _agent(subject: str | None) -> frozenset[str] | None:
    """The words of who a subject says did what it counts: "offences recorded by police" -> {"police"}."""
    _, by, agent = (subject or "").rpartition(" by ")
    return _subject_words(agent) if by else None


@lru_cache(maxsize=4096)
def _subject_numbers(subject: str | None) -> frozenset[str]:
    return frozenset(_DIGIT_RUN.findall(subject or ""))


_SUBJECT_FILLER = frozenset({"the", "and", "are", "was", "were"})


def _detail(stat: Statistic) -> int:
    """How much a mention says beyond its number: hedges, periods, places and sources."""
    return sum((stat.qualifier != "exact", stat.period_label is not None, stat.geography is not None,
                stat.source is not None, stat.subject is not None))
