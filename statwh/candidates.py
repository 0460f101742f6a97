"""Stage 2, candidates: every number of a sentence with its unit, as written, statistic or not:
numbers in digits and words with their currency, scale, range and unit ("£2.5bn", "50-60%",
"one-to-two hundred"), shares ("one in five", "almost half") and multiples ("doubled").

>>> [(q.value, q.unit) for q in find_quantities("£2.5bn, 700 per cent, one in five, 1.6m and doubled")]
[(2500000000.0, 'GBP'), (700.0, 'percent'), (20.0, 'percent'), (1600000.0, 'count'), (2.0, 'times')]
"""
from __future__ import annotations

import re
from typing import NamedTuple

from statwh.lexicon import Lexicon, load_lexicon
from statwh.number_parser import find_numbers, parse_digits, parse_number_words, parse_share, scale_multiplier
from statwh.patterns import _hedge_before, _Patterns, _patterns
from statwh.regex import has_word, lowered, rx, word_set


class Quantity(NamedTuple):
    """A number with its unit, as written; offsets are relative to its sentence."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    form: str  # digits, words, share, multiple
    direction: str | None = None



def find_quantities(sentence: str, lexicon: Lexicon | None = None) -> list[Quantity]:
    """Every number in a sentence with its unit, as written; statistics or not.

    >>> [(q.value, q.unit) for q in find_quantities("£2.5bn, 700 per cent, one in five, 1.6m and doubled")]
    [(2500000000.0, 'GBP'), (700.0, 'percent'), (20.0, 'percent'), (1600000.0, 'count'), (2.0, 'times')]
    """
    lexicon = lexicon or load_lexicon()
    p = _patterns(lexicon)
    # Most sentences hold only digits: the patterns for numbers in words run when a word could match.
    present = word_set(sentence)
    has_words = not p.number_vocabulary.isdisjoint(present)
    lower = lowered(sentence)
    worded: list[Quantity] = []  # multiples, then shares: few, and they win over numbers they overlap
    if has_words:
        worded += _find_multiples(lower, p, lexicon, present)
    worded += _find_shares(lower, p, lexicon, has_words, present)
    kept: list[Quantity] = []
    for q in worded:
        if not any(q.start < k.end and k.start < q.end for k in kept):
            kept.append(q)
    winners = tuple(kept)
    last_end = -1
    for n in _find_numbers(sentence, p, lexicon):  # in order of start: only the last one kept can overlap
        if n.start >= last_end and not any(n.start < k.end and k.start < n.end for k in winners):
            kept.append(n)
            last_end = n.end
    return sorted(kept, key=lambda q: q.start) if winners else kept


_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d\d*")  # not \d+: a class first lets the engine scan ahead


def _has_number_words(sentence: str, p: _Patterns) -> bool:
    """Whether any word of the sentence could be part of a number in words ("third", "doubled")."""
    return has_word(sentence, p.number_vocabulary)


def _find_multiples(sentence: str, p: _Patterns, lexicon: Lexicon, present: frozenset[str]) -> list[Quantity]:
    """ "doubled", "seven times higher", "1.5-fold", in a lower-cased sentence with the words ``present``."""
    found = []
    for m in p.times.finditer(sentence) if "times" in present or "fold" in present else ():
        n = m.group("n")
        value = parse_digits(n) if n[0].isdigit() else parse_number_words(n, lexicon)
        after = sentence[m.end() :]
        if value is None or not rx(
            r"\s*(?:higher|more|greater|larger|bigger|as\b|the\b|over\b|lower|less|smaller|fewer|increase|rise)"
        ).match(after) and "fold" not in m.group(0):
            continue
        down = rx(r"\s*(?:lower|less|smaller|fewer)").match(after)
        found.append(Quantity(m.start(), m.end(), value, None, "times", "multiple", "down" if down else "up"))
    for m in p.multiple_word.finditer(sentence) if not p.multiple_words.isdisjoint(present) else ():
        word = m.group(1)
        times, direction = lexicon.multiples[word]
        after = sentence[m.end() :]
        # "double"/"twice" are multiples only when they compare ("double the", "twice as"); "threefold" always is.
        if not word.endswith(("ed", "ing", "fold")) and not rx(r"\s+(?:the|as|that|its|their)\b").match(after):
            continue
        found.append(Quantity(m.start(), m.end(), times, None, "times", "multiple", direction))
    return found


def _find_shares(sentence: str, p: _Patterns, lexicon: Lexicon, has_words: bool,
                 present: frozenset[str]) -> list[Quantity]:
    """ "one in five", "4 out of 10", "almost half", in a lower-cased sentence with the words ``present``."""
    found: list[Quantity] = []
    if not has_words and not p.digit_ratio.search(sentence):
        return found
    for m in p.ratio_share.finditer(sentence) if "in" in present or "out" in present else ():
        whole = m.group("b")
        if rx(r"(?:1[89]|20)\d\d").fullmatch(whole):
            continue
        value = parse_share(m.group(0).replace("£", "").replace("$", "").replace("€", ""), lexicon)
        if value is not None and 0 < value <= 100:
            found.append(Quantity(m.start(), m.end(), value, None, "percent", "share"))
    for m in p.fraction_share.finditer(sentence) if not p.fraction_words.isdisjoint(present) else ():
        before = sentence[: m.start()]
        after = sentence[m.end() :]
        if m.group("n") is None and rx(r"\b(?:first|second|third|last|final|latter|other|each|every)\s*$").search(before[-30:]):
            continue
        if m.group("n") is None and rx(r"\b(?:the|in|came|finished|placed|ranked)\s+$").search(before[-12:]) \
                and not after.startswith(" of"):
            continue  # an ordinal: "The eighth was found", "In third was Pete"; not "the third of voters"
        if rx(r"\s+of\s+(?:the\s+)?(?:year|(?:1[89]|20)\d\d)\b|-").match(after):
            continue
        if rx(r"\s+(?:of\s+)?an?\s+(?:hundred|thousand|million|billion|trillion|dozen)\b").match(after):
            continue  # "a quarter of a million", "half a million": a number, read by the number finder
        hedged = _hedge_before(sentence[: m.start()], p)
        # "a third of", "half the", "almost half", "cut deaths by a third"
        if not (rx(r"\s+(?:of|the|all|were|are|was|is|said|say|had|have)\b").match(after) or hedged
                or before.endswith("by ")):
            continue
        value = parse_share(m.group(0), lexicon)
        if value is not None:
            found.append(Quantity(m.start(), m.end(), value, None, "percent", "share"))
    return found


def _find_numbers(sentence: str, p: _Patterns, lexicon: Lexicon) -> list[Quantity]:
    """Numbers with their currency, range and unit: "£2.5bn", "50-60%", "25 tonnes"."""
    found = []
    numbers = [n for n in find_numbers(sentence, lexicon) if n.form != "fraction"]  # shares come from _find_shares
    skip_until = -1
    for index, number in enumerate(numbers):
        if number.start < skip_until:
            continue
        start, end, value = number.start, number.end, number.value
        form = "digits" if number.form == "digits" else "words"
        unit, factor = "count", 1.0
        prefix = p.currency_prefix.search(sentence, max(0, start - 6), start)
        if prefix and form == "digits":
            unit = p.unit_by_surface[prefix.group(1)].unit
            start = prefix.start(1)
        high = None
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        connector = p.range_connector.fullmatch(sentence, end, following.start) if following else None
        if connector and following and (form == "digits" or connector.group(0) == "-to-") and following.value > value \
                and _is_range(sentence[max(0, start - 40) : start], connector.group(0)):
            high, end, skip_until = following.value, following.end, following.end
            value *= _shared_scale(sentence, number, following, lexicon)  # "between 2 and 3 million"
        suffix = _unit_suffix(sentence, end, p)
        if suffix and high is None and following and form == "digits" and following.value > value:
            # The unit written on both ends: "between 5% and 10%", "£5m-£10m".
            connector_after_unit = p.range_connector.fullmatch(sentence, suffix.end(), following.start)
            following_suffix = _unit_suffix(sentence, following.end, p)
            if connector_after_unit and following_suffix and following_suffix.group(1) == suffix.group(1) \
                    and _is_range(sentence[max(0, start - 40) : start], connector_after_unit.group(0)):
                high, skip_until = following.value, following_suffix.end()
                suffix = following_suffix
                end = following.end
        if suffix is None and unit == "count" and connector and following and high is None \
                and connector.group(0).strip() == "to" and following.value > value \
                and not _FROM_BEFORE.search(lowered(sentence), max(0, start - 12), start) \
                and not p.change_word.search(lowered(sentence), max(0, start - 25), start):  # "fell 0.5 to 4.2%": a change, then a level
            following_unit, following_factor = _unit_of_figure(sentence, following, p)
            following_suffix = _unit_suffix(sentence, following.end, p)
            if following_suffix is not None and (following_unit not in ("count", "percent", "percentage_points")
                                                 or following_unit == "percent" and following.value <= 100):
                # "20 thousand to 50 thousand rupees", "five to six million US dollars": a range in the second's unit.
                value *= _shared_scale(sentence, number, following, lexicon) * following_factor
                unit, high = following_unit, following.value * following_factor
                end = skip_until = following_suffix.end()
                found.append(Quantity(start, end, value, high, unit, form))
                continue
        if suffix is None and unit == "count" and form == "digits" and connector and following and high is None:
            joint = connector.group(0).strip()
            if joint.startswith("to") and _FROM_BEFORE.search(lowered(sentence), max(0, start - 12), start):
                # "from 32 to 71 years", "from 1.2 to 1.5 million": the first figure is written in the second's terms.
                unit, factor = _unit_of_figure(sentence, following, p)
                value *= _shared_scale(sentence, number, following, lexicon)
            elif joint in ("and", "or"):
                # "20 and 30 per cent", "3 or 4 million": a share or a scale written once for both.
                # Not a restatement in other terms ("338 or 5%"): the first is the smaller of two shares.
                following_unit, following_factor = _unit_of_figure(sentence, following, p)
                if following_unit in ("percent", "percentage_points") and value < following.value <= 100:
                    unit, factor = following_unit, following_factor
                value *= _shared_scale(sentence, number, following, lexicon)
        if suffix:
            surface = suffix.group(1)
            entry = p.unit_by_surface[surface]
            if unit == "count" or entry.role in ("percent", "points") or entry.factor != 1:
                unit, factor = entry.unit, entry.factor
            end = suffix.end()
            if entry.role == "currency_word" and entry.factor == 1 and following and following.start >= end:
                minor = _minor_amount(sentence, end, following, p)  # "3 dollars 50 cents"
                if minor is not None:
                    value, end, skip_until = value + minor[0], minor[1], minor[1]
        elif unit == "count" and sentence[start - 1 : start].isspace() \
                and p.percent_of.search(lowered(sentence), max(0, start - 20), start):
            unit = "percent"  # "per cent of twenty-two"
        value *= factor
        if high is not None:
            high *= factor
        if unit == "count" and _is_magnitude(sentence, start, end, value, form):
            unit = "magnitude"
        if unit == "GBP" and suffix and suffix.group(1) in ("pounds", "pound") and (
                _METRIC_MASS_AFTER.match(sentence, end) or _WEIGH_BEFORE.search(sentence, max(0, start - 30), start)):
            unit = "lb"  # "weighed 82 pounds (37 kg)": a weight, not money
        if unit in _SPEED_OF_DISTANCE and (per_hour := _PER_HOUR_AFTER.match(sentence, end)) is not None:
            unit = _SPEED_OF_DISTANCE[unit]  # "75 miles (120 km) per hour": a speed, each in its own unit
            if not per_hour.group(1):
                end = per_hour.end()
        found.append(Quantity(start, end, value, high, unit, form))
    return found


def _is_magnitude(sentence: str, start: int, end: int, value: float, form: str) -> bool:
    """Whether a bare number is an earthquake's magnitude: "a magnitude 6.4 earthquake", "magnitude-7.1",
    "M6.1", "6.4 on the Richter scale", "a 6.1 quake", "the earthquake's magnitude was 5.5"."""
    if sentence.startswith(" on the", end) and _RICHTER_AFTER.match(sentence, end):
        return True
    if form != "digits":
        return False
    if ("agnitude" in sentence[max(0, start - 14) : start] or sentence[start - 1 : start] == "M") \
            and _MAGNITUDE_BEFORE.search(sentence, max(0, start - 14), start):
        return True
    return value < 10 and "." in sentence[start:end] and (
        _QUAKE_AFTER.match(sentence, end) is not None or _MAGNITUDE_CONTEXT.search(sentence, max(0, start - 50), start) is not None)


_FROM_BEFORE = re.compile(r"\bfrom\s+$")
_SPEED_OF_DISTANCE = {"miles": "mph", "km": "km/h"}
_QUAKE_AFTER = re.compile(r"(?:-magnitude)?\s+(?:quake|earthquake|tremor|aftershock)s?\b", re.IGNORECASE)
_MAGNITUDE_CONTEXT = re.compile(r"\bmagnitude\b[^.;]{0,40}$", re.IGNORECASE)
_RICHTER_AFTER = re.compile(r"\s+on\s+the\s+(?:Richter|moment\s+magnitude)\s+scale", re.IGNORECASE)
_METRIC_MASS_AFTER = re.compile(r"\s*\(\s*(?:about\s+|around\s+)?[\d.,]+\s*(?:kg|kilograms?|kilos?)\b")
_WEIGH_BEFORE = re.compile(r"\bweigh(?:s|ed|ing)?\s+(?:about\s+|around\s+|nearly\s+|some\s+|just\s+)?$")
_MAGNITUDE_BEFORE = re.compile(r"\b[Mm]agnitude[\s-](?:of\s)?$|(?<![\w.])M(?=\d)$")
_PER_HOUR_AFTER = re.compile(r"(\)|\s*\([^()]{0,40}\))?\s*(?:per|an|a)\s+hour\b", re.IGNORECASE)
_TRAILING_WORD = re.compile(r"[A-Za-z]+$")


def _unit_suffix(sentence: str, end: int, p: _Patterns) -> re.Match | None:
    """The unit written after a number ending at ``end`` ("%", " tonnes", "bn" is a scale, not a unit)."""
    suffix = p.unit_suffix.match(sentence, end)
    if suffix and suffix.group(1) == "p" and sentence[end : end + 1].isspace():
        return None  # "5 p" is not pence
    return suffix


def _unit_of_figure(sentence: str, number, p: _Patterns) -> tuple[str, float]:
    """The unit and its factor of the number at ``number``: from a currency before it or a unit after it."""
    prefix = p.currency_prefix.search(sentence, max(0, number.start - 6), number.start)
    if prefix:
        return p.unit_by_surface[prefix.group(1)].unit, 1.0
    suffix = _unit_suffix(sentence, number.end, p)
    if suffix:
        entry = p.unit_by_surface[suffix.group(1)]
        return entry.unit, entry.factor
    return "count", 1.0


def _shared_scale(sentence: str, low, high, lexicon: Lexicon) -> float:
    """The scale word of the higher figure of a pair, where the lower one has none and reads in it:
    "between 2 and 3 million" -> 1000000 for the 2; "between 500 and 1 million" -> 1."""
    own = _TRAILING_WORD.search(sentence, low.start, low.end)
    if own and scale_multiplier(own.group(0), lexicon) > 1:
        return 1.0  # "2 million to 3 billion": each has its own
    word = _TRAILING_WORD.search(sentence, high.start, high.end)
    scale = scale_multiplier(word.group(0), lexicon) if word else 1.0
    if word and scale == 1 and lexicon.number_words.get(word.group(0).lower(), (0, ""))[1] == "hundred":
        scale = 100.0  # "one-to-two hundred"
    return scale if scale > 1 and low.value * scale <= high.value else 1.0


def _minor_amount(sentence: str, end: int, following, p: _Patterns) -> tuple[float, int] | None:
    """Cents or pence after a sum in the main unit: "thirteen dollars and forty-five cents" -> (0.45, end)."""
    if not rx(r"\s+(?:and\s+)?").fullmatch(sentence, end, following.start) or not 0 < following.value < 100:
        return None
    minor = p.minor_unit.match(sentence, following.end)
    if minor:
        return following.value / 100, minor.end()
    if rx(r"\s*(?:[.,;!?)]|$)").match(sentence, following.end):
        return following.value / 100, following.end
    return None


def _is_range(before: str, connector: str) -> bool:
    """A dash joins a range; "and" or "to" only after "between" ("from X to Y" is two levels)."""
    if connector.strip().startswith(("-", "–")):
        return True
    return bool(rx(r"\bbetween\s+(?:\S+\s+)?$", re.IGNORECASE).search(before[-40:]))
