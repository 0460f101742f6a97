"""Find the statistics a document states, with their attributes.

Plain rules over the text, with every word list in ``seeds/lexicon``. Knows nothing
about any particular document. The entry point is :func:`extract_statistics`:

>>> stats = extract_statistics("At least 80,000 people in the UK pose a threat, according to the National Crime Agency.")
>>> [(s.value, s.unit, s.qualifier, s.geography, s.source) for s in stats]
[(80000.0, 'count', 'at_least', 'United Kingdom', 'National Crime Agency')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Sequence

from statwh.attribution import described_source, introduced_source, is_news_outlet, speaker_source
from statwh.lexicon import Lexicon, Organisation, load_lexicon
from statwh.regex import alternation, has_word, key_words, lower_in_place, lowered, rx, word_set
from statwh.number_parser import find_numbers, parse_digits, parse_number_words, parse_share, scale_multiplier
from statwh.periods import PeriodMention, find_periods
from statwh.subjects import read_subject

EXTRACTOR_VERSION = "0.2.0"


@dataclass(frozen=True)
class Statistic:
    """One statistic, traced to its sentence and character offsets in the document text."""

    value: float
    value_high: float | None
    unit: str
    per: str | None
    kind: str
    direction: str | None
    qualifier: str
    subject: str | None
    geography: str | None
    period_label: str | None
    period_start: date | None
    period_end: date | None
    source: str | None
    quote: str
    char_start: int
    char_end: int
    number_text: str
    sentence_index: int
    confidence: float

    def __reduce__(self) -> tuple[type, tuple]:
        """Pickle by the constructor's arguments. Compiled by mypyc, a frozen dataclass cannot be
        restored attribute by attribute, and Dask workers send statistics back pickled."""
        return (Statistic, (self.value, self.value_high, self.unit, self.per, self.kind, self.direction,
                            self.qualifier, self.subject, self.geography, self.period_label, self.period_start,
                            self.period_end, self.source, self.quote, self.char_start, self.char_end,
                            self.number_text, self.sentence_index, self.confidence))


class Sentence(NamedTuple):
    """A sentence with its offsets in the document text."""

    start: int
    end: int
    text: str
    opens_line: bool
    line_start: int = 0  # where the sentence's line starts in the document text


class Quantity(NamedTuple):
    """A number with its unit, as written; offsets are relative to its sentence."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    form: str  # digits, words, share, multiple
    direction: str | None = None


# --- sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc approx inc ltd co fig figs e.g i.e u.s u.k jan feb mar apr "
    "jun jul aug sep sept oct nov dec gov est".split()
)
_ENDS_IN_TWO_LETTERS = re.compile(r"[a-z]{2}$")
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")  # "u.s", "b.c", "n.s.w": the dot after the last letter ends no sentence
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?:\s+|(?=[A-Z][a-z]))")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, one line at most each, keeping true offsets.

    Sentences glued without a space ("difference.At least") are split too.

    >>> [s.text for s in split_sentences("It rose.At least 5 fell. Mr. Smith said so.\\nNew line")]
    ['It rose.', 'At least 5 fell.', 'Mr. Smith said so.', 'New line']
    >>> [s.text for s in split_sentences("The N.S.W. Rural Fire Service said 40 homes burned. It rained.")]
    ['The N.S.W. Rural Fire Service said 40 homes burned.', 'It rained.']
    """
    sentences: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        cursor = 0
        for m in _SENTENCE_END.finditer(body):
            chunk = body[cursor : m.start()]
            token = chunk.rsplit(None, 1)[-1].lower().strip("(\"'“‘") if chunk and not chunk[-1].isspace() else ""
            glued = not m.group(0)[-1:].isspace()
            if token in _ABBREVIATIONS or (len(token) == 1 and "a" <= token <= "z") or _INITIALISM.fullmatch(token) or (
                glued and not _ENDS_IN_TWO_LETTERS.search(token)
            ):
                continue
            end = m.start() + len(m.group(0).rstrip())
            _add_sentence(sentences, text, line_start + cursor, line_start + end, line_start, cursor == 0)
            cursor = m.end()
        _add_sentence(sentences, text, line_start + cursor, line_start + len(body), line_start, cursor == 0)
    return sentences


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int, line_start: int,
                  opens_line: bool) -> None:
    span = text[start:end]
    stripped = span.strip()
    if stripped:
        start += len(span) - len(span.lstrip())
        sentences.append(Sentence(start, start + len(stripped), stripped, opens_line, line_start))


# --- patterns built from the lexicon -----------------------------------------------------


@dataclass(frozen=True)
class _Patterns:
    """Patterns built from the lexicon. The word patterns are lower case and run on a sentence's
    lower-cased text (``statwh.regex.lowered``): several times faster than ``re.IGNORECASE``."""

    unit_suffix: re.Pattern
    currency_prefix: re.Pattern
    range_connector: re.Pattern
    minor_unit: re.Pattern
    percent_of: re.Pattern
    ratio_share: re.Pattern
    fraction_share: re.Pattern
    multiple_word: re.Pattern
    times: re.Pattern
    reference_tail: re.Pattern
    age_band_tail: re.Pattern
    list_after: re.Pattern
    change_to_level: re.Pattern
    change_verb: re.Pattern
    change_verb_strict: re.Pattern
    change_word: re.Pattern
    by_tail: re.Pattern
    number_vocabulary: frozenset[str]
    anaphor: re.Pattern
    digit_ratio: re.Pattern
    foreign_word: re.Pattern
    foreign_keys: frozenset[str]
    furniture_opener: re.Pattern
    only_years_keys: frozenset[str]  # words that can make a year into a figure: scales, "per cent of"
    anaphor_keys: frozenset[str]
    change_keys: frozenset[str]  # every word of change, including the nouns of read_kind
    hedges_by_last_char: dict  # last character -> the qualifier phrases ending in it, longest first
    street_after: re.Pattern  # a street name after a number: "10 Downing Street"
    street_keys: frozenset[str]
    multiple_words: frozenset[str]  # words the sentence needs for multiple_word and fraction_share to be run
    fraction_words: frozenset[str]
    unit_by_surface: dict  # surface -> the first unit entry written that way
    reference_words: frozenset[str]  # the words of reference_tail and age_band_tail, to skip them cheaply
    age_words: frozenset[str]
    counted_after: re.Pattern  # a noun counted in news after a small number: "seven motorcyclists", "two other cyclists"
    count_verb_before: re.Pattern  # "killed three", "arrested two"
    toll_keys: frozenset[str]
    toll_after: re.Pattern  # "Nine were charged", "Two have been killed"
    time_zone_after: re.Pattern  # "0700 UTC", "11 p.m."
    time_zone_keys: frozenset[str]
    label_before: re.Pattern  # "number 27", "Area 51", "week 22"
    label_keys: frozenset[str]
    label_blockers: frozenset[str]
    dial_before: re.Pattern  # "phoned 911"
    dial_keys: frozenset[str]
    locating_after: re.Pattern  # "785 miles (1,260 km) west of", "18 kilometres away"
    locating_keys: frozenset[str]
    person_before: re.Pattern  # an apposition's head: "Andrew Kinsman, " or "Another brother, "
    penalty_keys: frozenset[str]
    person_place_before: re.Pattern  # "Senator from ", "the mayor of "
    person_place_keys: frozenset[str]
    person_place_after: re.Pattern  # "United States Senator", "UK Prime Minister": a place as a person's title
    aggregate_keys: frozenset[str]


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> _Patterns:
    number_words = [w for w in lexicon.number_words]
    nw = alternation(number_words)
    # Currency names are written capitalised too ("US dollars", "Swiss francs", "Indian Rupees").
    cased = {_capitalised(u.surface): u for u in lexicon.units if u.role == "currency_word" and u.surface.islower()}
    cased = {surface: u for surface, u in cased.items() if not any(x.surface == surface for x in lexicon.units)}
    suffixes = [u.surface for u in lexicon.units if u.role != "currency_prefix"] + list(cased)
    prefixes = [u.surface for u in lexicon.units if u.role in ("currency_prefix", "currency_code")]
    fractions = alternation([w for w, (_, standalone) in lexicon.fractions.items() if standalone])
    change = alternation(lexicon.change_words)
    cues = lexicon.cues
    small = r"a|one|two|three|four|five|six|seven|eight|nine"
    return _Patterns(
        unit_suffix=re.compile(
            r"(?:\s|-)?(" + alternation(suffixes) + r")(?![A-Za-z])"
        ),
        currency_prefix=re.compile(r"(" + alternation(prefixes) + r")\s?$"),
        minor_unit=re.compile(r"\s*(?:cents?|pence|p)\b"),
        percent_of=re.compile(r"\b(?:per\s?cents?|percents?|percentage)\s+of\s+$"),
        range_connector=re.compile(r"\s?(?:-to-|-|–|to|and|or)\s?(?:" + alternation(prefixes) + r")?\s?"),
        ratio_share=re.compile(
            # "one in five", "4 out of 10", "£1 in every £5"
            r"(?:[£$€](?=\d))?\b(?P<a>\d+|" + nw + r")\s+(?:in|out\s+of)\s+(?:every\s+)?[£$€]?(?P<b>\d[\d,]*|" + nw + r")\b"
        ),
        fraction_share=re.compile(
            r"\b(?:(?P<n>" + small + r")[\s-]+)?(?P<f>" + fractions + r")\b"
        ),
        multiple_word=re.compile(r"(" + alternation(lexicon.multiples, word_start=True) + r")\b"),
        times=re.compile(
            r"\b(?P<n>\d+(?:\.\d+)?|" + nw + r")(?:\s+times\b|[\s-]fold\b)"
        ),
        reference_tail=re.compile(
            r"(?:" + alternation(cues["reference_nouns"], word_start=True) + r")\s+(?:\d+(?:\.\d+)*[a-z]?\s*(?:,|or|and|to|of|-)\s*)*$"
        ),
        age_band_tail=re.compile(
            r"(?:" + alternation(cues["age_nouns"], word_start=True) + r")\s+(?:aged\s+)?(?:under|over|below|above|older than|younger than)\s+$"
        ),
        list_after=re.compile(r"\s+(?:\w+\s+)?(?:" + alternation(cues["list_nouns"]) + r")\b"),
        change_to_level=re.compile(r"\b(?:" + change + r")\s+(?:from|to)\s+(?:\S+\s+)?$"),
        change_verb=re.compile(r"\b(" + change + r")\s+(?:by\s+|of\s+)?(?:an?\s+)?(?:\w+\s+){0,2}?$"),
        change_verb_strict=re.compile(
            r"\b(" + change + r")\s+(?:by\s+|of\s+)?(?:an?\s+)?(?:" + alternation(lexicon.qualifiers) + r")?\s*$"
        ),
        by_tail=re.compile(r"\bby\s+(?:" + alternation(lexicon.qualifiers) + r")?\s*$"),
        change_word=re.compile(r"\b(" + change + r"|above|below)\b"),
        anaphor=re.compile(r"(" + alternation(lexicon.anaphors, word_start=True) + r")\b"),
        number_vocabulary=frozenset(
            list(lexicon.number_words) + [w for w, (_, alone) in lexicon.fractions.items() if alone]
            + list(lexicon.multiples) + ["times", "fold"]
        ),
        digit_ratio=re.compile(r"\d\s+(?:in|out\s+of)\s+(?:every\s+)?[£$€]?\d"),
        multiple_words=key_words(lexicon.multiples),
        fraction_words=key_words(w for w, (_, standalone) in lexicon.fractions.items() if standalone),
        anaphor_keys=key_words(lexicon.anaphors),
        hedges_by_last_char=_by_last_char(lexicon.qualifiers),
        street_after=re.compile(
            r"\s+(?:[A-Z][\w'-]*\s+){1,3}(?:" + alternation([t.title() for t in cues["street_types"]]) + r")\b"
        ),
        street_keys=key_words(cues["street_types"]),
        change_keys=key_words([*lexicon.change_words, *_CHANGE_NOUNS.split("|"), *(n + "s" for n in _CHANGE_NOUNS.split("|"))]),
        only_years_keys=frozenset({"per", "percent", "percentage", "cent", "cents", *key_words(lexicon.scales)}),
        furniture_opener=re.compile(r"(?:" + alternation(cues["furniture_openers"]) + r")(?![a-z])"),
        foreign_keys=key_words(w for w in cues["foreign_stopwords"] if w.isascii()),
        foreign_word=re.compile(r"(?:" + alternation(cues["foreign_stopwords"], word_start=True) + r")\b"),
        unit_by_surface={**cased, **{u.surface: u for u in reversed(lexicon.units)}},
        reference_words=key_words(cues["reference_nouns"]),
        age_words=key_words(cues["age_nouns"]),
        counted_after=re.compile(
            r"\s+(?:[\w'’-]+\s+){0,2}?(?:" + alternation(cues["counted_nouns"]) + r")(?![\w-])"),
        count_verb_before=re.compile(r"(?:" + alternation(cues["count_verbs"], word_start=True) + r")\s+$"),
        toll_keys=frozenset(cues["toll_words"]),
        toll_after=re.compile(r"\s+(?:were|was|are|have\s+been|had\s+been|remain|remained)\s+(?:\w+\s+)?(?:"
                              + alternation(cues["toll_words"] | cues["count_verbs"]) + r")\b"),
        time_zone_after=re.compile(r"\s*(?:" + alternation(cues["time_zones"]) + r")(?![a-z])"),
        time_zone_keys=key_words(cues["time_zones"]),
        label_before=re.compile(r"(?:^|(?P<previous>[\w'’]+)\s+|[^\w\s]\s*)(?:"
                                + alternation(cues["label_nouns"], word_start=True) + r")\s*$"),
        label_keys=key_words(cues["label_nouns"]),
        label_blockers=frozenset(cues["label_blockers"]),
        dial_before=re.compile(r"(?:" + alternation(cues["dial_verbs"], word_start=True) + r")\s+$"),
        dial_keys=key_words(cues["dial_verbs"]),
        locating_after=re.compile(r"\)?\s*(?:\([^()]{0,40}\)\s*)?(?:" + alternation(cues["locating_words"])
                                  + r")(?![\w-])"),
        locating_keys=key_words(cues["locating_words"]),
        person_before=re.compile(r"(?:[A-Z][\w'’-]*|\b(?:" + alternation(cues["person_nouns"]) + r")),\s*$"),
        penalty_keys=frozenset(cues["penalty_words"]),
        person_place_before=re.compile(r"(?:" + alternation(cues["place_of_person_roles"], word_start=True)
                                       + r")\s+(?:from|of|for)\s+(?:the\s+)?(?:[A-Za-z]+,?\s+){0,3}$"),
        person_place_keys=key_words(cues["place_of_person_roles"]),
        person_place_after=re.compile(r"(?:[A-Z][\w.&'’-]*\s+){1,4}(?i:(?:" + alternation(cues["place_of_person_roles"])
                                      + r")\b)"),
        aggregate_keys=frozenset(cues["aggregate_words"]),
    )


def _capitalised(phrase: str) -> str:
    """ "us dollars" -> "US dollars", "swiss francs" -> "Swiss francs", "rupees" -> "Rupees"."""
    words = phrase.split(" ")
    words[0] = words[0].upper() if words[0] in ("us", "usd") else words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _by_last_char(phrases) -> dict[str, tuple[str, ...]]:
    """Phrases grouped by their last character, longest first in each group."""
    groups: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        groups.setdefault(phrase[-1:], []).append(phrase)
    return {last: tuple(group) for last, group in groups.items()}


# --- finding quantities ------------------------------------------------------------------


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
        if unit == "count" and form == "digits" and _MAGNITUDE_BEFORE.search(sentence, max(0, start - 14), start):
            unit = "magnitude"  # "a magnitude 6.4 earthquake", "magnitude-7.1"
        if unit in _SPEED_OF_DISTANCE and (per_hour := _PER_HOUR_AFTER.match(sentence, end)) is not None:
            unit = _SPEED_OF_DISTANCE[unit]  # "75 miles (120 km) per hour": a speed, each in its own unit
            if not per_hour.group(1):
                end = per_hour.end()
        found.append(Quantity(start, end, value, high, unit, form))
    return found


_FROM_BEFORE = re.compile(r"\bfrom\s+$")
_SPEED_OF_DISTANCE = {"miles": "mph", "km": "km/h"}
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


# --- telling statistics from other numbers -----------------------------------------------

_WINDOW = 200  # characters either side of a figure that the rules read
_PHONE = re.compile(r"(?<![\d,.])(?:\+\d{1,3}[\s-]?)?\(?0\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d,.])")
_PHONE_HINT = re.compile(r"0\d{2,4}\)?[\s-]?\d{3}")
# Shapes of text around a number that make it something other than a statistic.
_FILE_SIZE_AFTER = re.compile(r"\s*(?:[KMGT]B|[kmg]b|bytes)\b")
_FILE_SIZE_WORDS = frozenset({"kb", "mb", "gb", "tb", "bytes"})
_READING_TIME_AFTER = re.compile(r"\s*(?:min|mins|minutes?)\s+read\b", re.IGNORECASE)
_YEAR_LIKE = re.compile(r"(?:1[5-9]|20)\d\d")
_LIST_MARK = re.compile(r"[.)](?:\s|$)")
_URL_BEFORE = re.compile(r"(?:https?://|www\.)\S*$")
_URL_AFTER = re.compile(r"[/\w.-]*\.\w{2,4}\b")
_RANK_BEFORE = re.compile(r"\b(?:the|a|its|their|our|his|her)\s+top\s+$")
_PER_BEFORE = re.compile(r"\bper\s+(?:every\s+)?$")
_YEARS_OLD = re.compile(r"[\s-]*(?:years?|yrs?)[\s-]*old\b")
_TIME_COMPOUND = re.compile(r"-(?:year|month|week|day|hour)")
_HYPHENATED_UNIT = re.compile(r"-[A-Za-z]+$")
_COMPARATIVE_AFTER = re.compile(r"\s+(?:longer|shorter|more|less|fewer)\b")
_LETTERS = re.compile(r"[^\W\d_]+")
_AGE_WORD = (r"(?:\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
             r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?)")
# "aged 5", "ages 12 to 15", "aged eleven and twelve", "aged nine, ten, 49 and 59": every age of the list
_AGE_BEFORE = re.compile(r"a(?<!\w.)ge[ds]?\s+(?:of\s+|under\s+|over\s+|between\s+|from\s+|up\s+to\s+)?(?:"
                         + _AGE_WORD + r"\s*(?:,\s*(?:and\s+)?|-|–|to|and|or)\s*){0,6}$")
_AGE_WORDS = frozenset({"age", "aged", "ages"})
_WAIT_THRESHOLD_BEFORE = re.compile(
    r"(?<!\bby )\b(?:more than|longer than|over|less than|under|no more than|no longer than|at least|within|up to)\s+$")
_UNDER_BEFORE = re.compile(r"\bunder\s+$")
_CLAUSE_END = re.compile(r"\s*(?:[.,;:)]|$)")
_THRESHOLD_WORDS = frozenset({"more", "over", "less", "under", "least", "above", "below"})  # of _THRESHOLD_BEFORE
_THRESHOLD_BEFORE = re.compile(r"\b(?:more than|over|less than|under|at least|above|below)\s+$")
_THRESHOLD_AFTER = re.compile(r"\s+of\s+(?:their|his|her|its|your|our|one's)\b")
_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds"})


def _ends_in_letter(text: str) -> bool:
    """Whether the text ends in an ASCII letter ("COVID19": the 19 is glued to a word)."""
    return "a" <= text[-1:].lower() <= "z" and text[-1:].isascii()


def _starts_with_letter(text: str) -> bool:
    """Whether the text starts with an ASCII letter ("5G", "3rd")."""
    return "a" <= text[:1].lower() <= "z" and text[:1].isascii()


def rejection_reason(
    sentence: Sentence, q: Quantity, periods: Sequence[PeriodMention], lexicon: Lexicon | None = None
) -> str | None:
    """Why a quantity is not a statistic, or None when it is one. With no ``periods``, only the
    rules that need none are applied (the extractor reads periods only where a candidate is left).

    >>> s = "One officer, who worked for over 20 years, saw children under 10 in 2017-18."
    >>> sent = split_sentences(s)[0]
    >>> [rejection_reason(sent, q, find_periods(s)) for q in find_quantities(s)]
    ['small count in words', 'date or period', 'age', 'date or period', 'date or period']
    """
    lexicon = lexicon or load_lexicon()
    text = sentence.text
    # The rules look a short way either side: windows keep a long sentence linear.
    before, after = text[max(0, q.start - _WINDOW) : q.start], text[q.end : q.end + _WINDOW]
    lower = lowered(text)
    lower_before = lower[max(0, q.start - 80) : q.start]
    words = word_set(text)
    patterns = _patterns(lexicon)
    if q.form == "digits" and (":" in after[:1] or before.endswith(":") and before[-2:-1].isdigit()):
        return "time of day"  # "11:00", "at 9:30"
    if q.form == "digits" and not patterns.time_zone_keys.isdisjoint(words) and patterns.time_zone_after.match(lower, q.end):
        return "time of day"  # "at 0700 UTC", "(1900 GMT)", "11 p.m."
    if periods and any(q.start < p.end and p.start < q.end for p in periods):
        return "date or period"
    phones = _phone_spans(text)
    if phones and any(q.start < end and start < q.end for start, end in phones):
        return "phone number"
    if q.form == "digits":
        if (_ends_in_letter(before) or before.endswith("-") and (_ends_in_letter(before[:-1]) or _CODE_BEFORE.search(before[-12:]))
                and not _TO_JOINED.search(before[-5:])) or _starts_with_letter(after):
            return "identifier or glued marker"  # "COVID-19", "5G", "K2-18b"; not "230-to-197"
        if q.value <= 31 and _DAY_RANGE_BEFORE.search(before[-24:]):
            return "date or period"  # the second day of "from March 15 to 17"
        if before.endswith("#"):
            return "label"  # "#4 in the charts"
        if not patterns.label_keys.isdisjoint(words):
            label = patterns.label_before.search(lower_before)
            if label and label.group("previous") not in patterns.label_blockers:
                return "label"  # "number 27", "Area 51", "week 22"; not "last week 300"
        if not patterns.dial_keys.isdisjoint(words) and patterns.dial_before.search(lower_before):
            return "phone number"  # "phoned 911"
        if q.unit == "count" and _is_name_number(text, q, before, patterns):
            return "number in a name"  # "CentOS Linux 7", "a Boeing 737", "Apollo 11"
        if before.endswith("[") and after.startswith("]") or text[q.start] == "." and before and (
            before[-1].isalpha() or before[-1] in "%)]"
        ):
            return "footnote marker"  # "5.2%[2]", "fell 10%.3"
        if not _FILE_SIZE_WORDS.isdisjoint(words) and _FILE_SIZE_AFTER.match(after) or (
                "read" in words and _READING_TIME_AFTER.match(after)):
            return "file size or reading time"
        if q.unit == "count" and q.end - q.start == 4 and _YEAR_LIKE.fullmatch(text, q.start, q.end):
            return "year"
        if sentence.opens_line and after[:1] in (".", ")") and _LIST_MARK.match(after) and not text[: q.start].strip():
            return "list numbering"
        if q.unit == "count" and not patterns.street_keys.isdisjoint(words) and patterns.street_after.match(text, q.end):
            return "street number"
        if ("://" in before or "www." in before) and _URL_BEFORE.search(before[-120:]) or (
            "/" in before[-30:] and _URL_AFTER.match(after)
        ):
            return "web address"
    # Each word pattern below runs only when the sentence has a word it needs.
    if "per" in words and _PER_BEFORE.search(lower_before):
        return "rate denominator"
    if "top" in words and _RANK_BEFORE.search(lower_before):
        return "rank"  # "the top 10 countries"; but "deaths top 100,000" is a figure
    if "axis" in words or "axes" in words:
        return "chart description"
    if q.unit == "percent" and not _THRESHOLD_WORDS.isdisjoint(words) and _THRESHOLD_BEFORE.search(lower_before) \
            and _THRESHOLD_AFTER.match(after) and _GROUP_VERB_BEFORE.search(lower_before):
        return "threshold"  # "households spending more than 30% of their income"; not "over 60% of its trade"
    if not patterns.reference_words.isdisjoint(words) and patterns.reference_tail.search(lower_before):
        return "identifier"
    if "old" in words and _YEARS_OLD.match(lower, q.end):
        return "age"
    if q.unit in ("count", "years") and not _AGE_WORDS.isdisjoint(words) and _AGE_BEFORE.search(lower_before):
        return "age"
    if q.unit in ("count", "years") and not patterns.age_words.isdisjoint(words) \
            and patterns.age_band_tail.search(lower_before):
        return "age"
    if q.unit == "count" and q.form == "digits" and q.value == int(q.value) and 0 < q.value <= 25 \
            and _UNDER_BEFORE.search(lower_before) and _CLAUSE_END.match(after):
        return "age"  # "Of those, 2.3m were under 18."
    if q.unit in _TIME_UNITS and not patterns.penalty_keys.isdisjoint(words) and patterns.aggregate_keys.isdisjoint(words):
        return "one person's sentence"  # "four years of prison", "a minimum term of 25 years"
    if q.unit in _TIME_UNITS and _HYPHENATED_UNIT.search(text, q.start, q.end):
        return "duration or period"  # "the five-year average", "a 41-year high": a compound adjective
    if q.unit in _TIME_UNITS and _WAIT_THRESHOLD_BEFORE.search(lower_before):
        return "threshold"  # "patients waiting more than 52 weeks": the bound that defines a group
    compound = after.startswith("-") and _TIME_COMPOUND.match(after)  # "5-year", "12-month"
    if q.unit in _TIME_UNITS or compound:
        measured = words & lexicon.cues["time_measure_cues"]
        comparative = _COMPARATIVE_AFTER.match(after)
        if not (measured or comparative) or compound:
            return "duration or period"
    if q.form == "words" and q.value == 1 and q.unit in lexicon.unit_codes and q.unit not in ("count", "percent") \
            and _WORTH_AFTER.match(lower, q.end):
        return "exchange rate base"  # "one bitcoin is worth US$8000": the 8000 is the figure
    if q.unit in _DISTANCE_UNITS and not patterns.locating_keys.isdisjoint(words) \
            and patterns.locating_after.match(lower, q.end):
        return "distance locating a place"  # "785 miles (1,260 km) west of Bermuda", "18 kilometres away"
    if q.unit == "count" and q.form == "digits" and _is_age_apposition(text, q, before, after, words, patterns):
        return "age"  # "Andrew Kinsman, 49, was", "Another brother, 22,", "Hagan ... was 66."
    if q.form == "words" and q.unit == "count" and q.value <= 10 and not _counts_in_news(text, q, lower, words, patterns):
        return "small count in words"
    if q.unit == "count" and q.value <= 20 and q.value == int(q.value) and patterns.list_after.match(lower, q.end):
        return "list count"
    return None


_TO_JOINED = re.compile(r"\d-to-$")
_CODE_BEFORE = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z]*\d+-$")  # "K2-", "MH17-": a code goes on after its hyphen
_DAY_RANGE_BEFORE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|to|and|through|until)\s*$")
_WORTH_AFTER = re.compile(r"\s+(?:is|was|are|were)?\s*(?:worth|equals|equalled|equaled|buys|bought)\b")
_GROUP_VERB_BEFORE = re.compile(
    r"\b(?:spend|spends|spent|spending|pay|pays|paid|paying|earn|earns|earned|earning|use|uses|used|using|"
    r"lose|loses|lost|losing|owe|owes|owing)\s+(?:\w+\s+)?(?:more than|over|less than|under|at least|above|below)\s+$")
_DISTANCE_UNITS = frozenset({"km", "miles", "m", "feet"})
_PREDICATE_BEFORE = re.compile(r"\b(?:was|is|aged|turned|turns)\s+$")
_PREDICATE_END = re.compile(r"\s*(?:[.;!]|$)")
_APPOSITION_END = re.compile(r"\s*[,;)]")
_PERSON_OPENERS = frozenset({"he", "she"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                          "each", "every", "all", "some", "no", "there", "it"})


_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’])([A-Z][\w&'’-]*)\s$")
_NOT_NAME_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                             "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday", "i", "by", "to", "of", "and", "or"})


def _is_name_number(text: str, q: Quantity, before: str, patterns: _Patterns) -> bool:
    """Whether a bare number is part of a name or a model: right after a capitalised word that
    does not open the sentence ("CentOS Linux 7 was released", "a Boeing 737 crashed", "Storm Area 51"),
    and not counting people or things after it ("in Texas 500 people"). Off in a headline written
    in title case ("Fire Kills 17 In Delhi")."""
    word = _CAPITALISED_BEFORE.search(before[-30:])
    if word is None or word.group(1).lower() in _NOT_NAME_WORDS:
        return False
    opening = text[: q.start - len(word.group(0))].strip(" \"'“‘([")
    if not opening or opening[-1] in ".:;!?—–-":
        return False  # the sentence's or a clause's first word: "Some 300", "About 40"
    if patterns.counted_after.match(lowered(text), q.end):
        return False
    letters = _WORD_STARTS.findall(text)
    return not letters or sum(w[:1].isupper() for w in letters) / len(letters) < 0.6


_WORD_STARTS = re.compile(r"(?<![\w'’])[A-Za-z][a-z]+")


def _is_age_apposition(text: str, q: Quantity, before: str, after: str, words: frozenset[str],
                       patterns: _Patterns) -> bool:
    """Whether a bare whole number gives a person's age: in apposition after a name or a person
    ("Andrew Kinsman, 49, was", "Another brother, 22, was chained") or as the predicate of a sentence
    about a person ("He was 88.", "Hagan, the state's first female senator, was 66."), where no toll
    word makes it a count ("The death toll was 66.")."""
    if not (1 <= q.value <= 120 and q.value == int(q.value)):
        return False
    if _APPOSITION_END.match(after) and patterns.person_before.search(before[-40:]):
        return True
    if _PREDICATE_BEFORE.search(before[-12:]) and _PREDICATE_END.match(after) and patterns.toll_keys.isdisjoint(words):
        first = _LETTERS.search(text)
        if first is None:
            return False
        word = first.group(0)
        return word.lower() in _PERSON_OPENERS or word[:1].isupper() and word.lower() not in _DETERMINERS
    return False


def _counts_in_news(text: str, q: Quantity, lower: str, words: frozenset[str], patterns: _Patterns) -> bool:
    """Whether a small count in words counts people or events, as news reports them ("killed three",
    "seven motorcyclists dead", "Six of the murders", "two Democrats opposed"), rather than numbering a
    list or describing ("two reasons", "the two men", "one of the candidates").

    "one" is a count only in a sentence about a toll ("One child was among the dead", "arrested one
    person"); any count after a determiner refers back to people already counted ("the two men")."""
    previous = _LETTERS.findall(lower, max(0, q.start - 20), q.start)
    if previous and previous[-1] in _DETERMINERS:
        return False
    if patterns.count_verb_before.search(lower, max(0, q.start - 20), q.start):
        return True  # "killed three", "arrested one person"
    if lower.startswith(" of ", q.end):
        if q.value == 1:
            return previous[-2:] == ["all", "but"]  # "all but one of the member states"
        return bool(rx(r" of (?:the|those|these|them|its|their)\b").match(lower, q.end))  # "Six of the murders"
    if q.value == 1 and patterns.toll_keys.isdisjoint(words):
        return False
    if patterns.toll_after.match(lower, q.end):
        return True  # "Nine were charged", "Two have been arrested"
    counted = patterns.counted_after.match(lower, q.end)
    return counted is not None and not lower.startswith(("'", "’"), counted.end())  # not "two doctors' approval"


@lru_cache(maxsize=32)
def _phone_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where a sentence has phone numbers, found once for all of its figures."""
    if not _PHONE_HINT.search(sentence):  # a fast scan for the trunk prefix every phone number has
        return ()
    return tuple(m.span() for m in _PHONE.finditer(sentence))


def _line_at(text: str, line_start: int) -> str:
    """The whole line of text that starts at ``line_start``."""
    end = text.find("\n", line_start)
    return text[line_start : end if end >= 0 else len(text)]


# Letters after Latin Extended-B (U+024F): "é", "ł", "ş" are English text's borrowings, the rest another script.
_OTHER_SCRIPT_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")
_LATIN_LETTER = re.compile(r"[^\W\d_\u0250-\U0010ffff]")


def is_other_script(sentence: str) -> bool:
    """Whether a sentence is mostly written in a script other than Latin (Devanagari, Hangul,
    Cyrillic, Arabic...): another language, whose numbers are not read, even beside English on
    one line as interviews print a translation.

    >>> is_other_script("पिछले १८ साल से AIDS है।"), is_other_script("Łódź had 5% more.")
    (True, False)
    """
    if sentence.isascii() or _OTHER_SCRIPT_LETTER.search(sentence) is None:
        return False  # most sentences: "£", "–" and "é" are no other script
    other = len(_OTHER_SCRIPT_LETTER.findall(sentence))
    return other / (other + len(_LATIN_LETTER.findall(sentence))) > 0.3


def _is_table_or_foreign(line: str, lexicon: Lexicon) -> bool:
    """Rows of cells and lines in another language are not read (FORMAT.md)."""
    if line.count("|") >= 2 or line.count("\t") >= 2:
        return True
    patterns = _patterns(lexicon)
    if line.isascii() and patterns.foreign_keys.isdisjoint(word_set(line)):
        return False  # most lines: none of the words at all
    lower = line.lower()
    foreign = len(patterns.foreign_word.findall(lower))
    if foreign < 3:
        return False
    words = _LETTERS.findall(lower)
    return len(words) >= 4 and foreign / len(words) > 0.2


# --- attributes --------------------------------------------------------------------------

_FIRST_WORD_AFTER = re.compile(r"\s*(?:a\s+)?(\w+)")
_CHANGE_NOUNS = r"increase|rise|fall|drop|decrease|reduction|growth|cut|jump|surge|decline|gain|loss"


def read_qualifier(before: str, after: str, lexicon: Lexicon | None = None) -> str:
    """The hedge written next to a number.

    >>> read_qualifier("police recorded around ", " offences")
    'approx'
    >>> read_qualifier("At least ", " people")
    'at_least'
    >>> read_qualifier("seized ", " or more")
    'at_least'
    >>> read_qualifier("was estimated at ", "")
    'exact'
    """
    lexicon = lexicon or load_lexicon()
    hedge = _hedge_before(before[-40:].lower(), _patterns(lexicon))
    if hedge:
        return lexicon.qualifiers[hedge]
    after = after[:40].lower()
    if not after.lstrip().startswith(("or", "and", "+")):
        return "exact"
    if rx(r"\s*(?:or|and)\s+(?:more|over|above|upwards)\b|\+").match(after):
        return "at_least"
    if rx(r"\s*or\s+(?:fewer|less|under|below)\b").match(after):
        return "at_most"
    return "exact"


def _hedge_before(lower_before: str, p: _Patterns) -> str | None:
    """The hedge phrase that ends the (lower-cased) text before a number, the longest one.

    The same as searching for ``(?:^|\\W)(hedge)\\s*$``, without scanning the text: only the
    phrases that end in its last character are tried.
    """
    tail = lower_before.rstrip()
    for phrase in p.hedges_by_last_char.get(tail[-1:], ()):
        if tail.endswith(phrase):
            start = len(tail) - len(phrase)
            if start == 0 or not (tail[start - 1].isalnum() or tail[start - 1] == "_"):
                return phrase
    return None


def read_kind(q: Quantity, before: str, after: str, lexicon: Lexicon | None = None,
              present: frozenset[str] | None = None) -> tuple[str, str | None]:
    """Whether a figure is a level or a change, and the change's direction. ``present``: the words
    of the sentence, when the caller has them (:func:`statwh.regex.word_set`).

    >>> read_kind(Quantity(0, 3, 700, None, "percent", "digits"), "images have surged ", " in five years")
    ('change', 'up')
    >>> read_kind(Quantity(0, 2, 15, None, "count", "digits"), "– up from ", " a day")
    ('level', None)
    >>> read_kind(Quantity(0, 3, 0.2, None, "percentage_points", "digits"), "", " higher than before")
    ('change', 'up')
    """
    lexicon = lexicon or load_lexicon()
    words = lexicon.change_words
    patterns = _patterns(lexicon)
    after_word = _FIRST_WORD_AFTER.match(after)
    following = after_word.group(1).lower() if after_word else ""
    if q.form == "multiple" or q.unit == "times":
        return "change", q.direction or "up"
    tail = before[-60:].lower() if before.isascii() else before.lower()[-60:]  # the same; the first is cheaper
    # The shapes read from the words before the number all need a word of change.
    changing = not patterns.change_keys.isdisjoint(present if present is not None else word_set(before))
    if changing and patterns.change_to_level.search(tail):
        return "level", None
    verb = patterns.change_verb.search(tail) if changing else None
    if verb and patterns.change_verb_strict.search(tail):
        return "change", words[verb.group(1)]
    noun = rx(r"\b(" + _CHANGE_NOUNS + r")s?\s+of\s+(?:\S+\s+)?$").search(tail) if changing else None
    if noun:
        return "change", words.get(noun.group(1), "up")
    if following in words or following == "fewer":  # "0.2 points higher", "1% more pupils"
        return "change", words.get(following, "down")
    by = patterns.by_tail.search(tail) if changing else None
    if by:  # "increasing total investment in the police system by more than £460 million"
        wide = before[-120:].lower()  # the verb can be some way before "by"
        verb_before = list(patterns.change_word.finditer(wide, 0, len(wide) - (len(tail) - by.start())))
        if verb_before:
            return "change", words.get(verb_before[-1].group(1), "up")
    if rx(r"\b(?:above|below)\b").search(following):
        return "change", "up" if following == "above" else "down"
    if q.unit == "percentage_points":
        m = patterns.change_word.search(after.lower()[:40]) or patterns.change_word.search(tail)
        word = m.group(1) if m else None
        return "change", {"above": "up", "below": "down"}.get(word or "", words.get(word or ""))
    return "level", None


# Both run on lower-cased text.
_PER_AMOUNT = re.compile(
    r"\bper\s+(?P<amount>\d{1,3}(?:,\d{3})+|\d+|one|ten|a)\s*(?P<scale>thousand|million)?\s*(?P<noun>[a-z]+)?"
)
_RATE_DENOMINATOR = re.compile(
    r"\b(?:a|an|per|each|every)\s+(day|week|month|year|hour|annum|quarter)\b(?!\s*(?:earlier|ago|before|later|on|-))"
    r"|\b(daily|weekly|monthly|annually|yearly)\b"
)


def read_per(after: str, unit: str, lexicon: Lexicon | None = None) -> str | None:
    """The denominator of a rate written after a number and its noun.

    >>> read_per(" online child sexual offences every day in 2017-18", "count")
    'day'
    >>> read_per(" per 100,000 population aged under 18", "count")
    '100000 population'
    >>> read_per(" a year earlier", "GBP")
    >>> read_per(" a day", "percent")
    """
    if unit in ("percent", "percentage_points", "times"):
        return None
    lexicon = lexicon or load_lexicon()
    # Eight words at most are read, so 200 characters are enough.
    window = " ".join(rx(r",\s|;|:|\(|\)|–|—").split(after[:200], maxsplit=1)[0].split()[:8]).lower()
    m = _PER_AMOUNT.search(window) if "per" in window else None
    if m:
        amount = m["amount"].lower()
        base = parse_digits(amount) if amount[0].isdigit() else parse_number_words(amount, lexicon)
        value = (base or 0) * scale_multiplier(m["scale"] or "")
        if value > 1:
            noun = (m["noun"] or "").lower()
            # "per 100,000" and "per 100,000 residents" are rates of population; "per 1,000 births" keeps its noun.
            if noun in lexicon.cues["denominator_nouns"]:
                return f"{int(value)} {'people' if noun == 'persons' else noun}"
            return f"{int(value)} population"
    m = _RATE_DENOMINATOR.search(window)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    return {"annum": "year", "daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year"}.get(word, word)


@dataclass(frozen=True)
class _NameMatcher:
    """Finds names from a list: capitalised names match their case, lower-case names any case."""

    cased: re.Pattern | None
    uncased: tuple[str, ...]  # lower-case names, looked for in the lower-cased text
    canonical: dict[str, str]  # matched text, lower-cased for uncased names -> the listed name

    @classmethod
    def build(cls, names: list[str]) -> "_NameMatcher":
        cased = [n for n in names if any(c.isupper() for c in n)]
        uncased = [n.lower() for n in names if not any(c.isupper() for c in n)]
        # No look-behind at the start: it would stop the regex engine's fast scan for first letters.
        pattern = re.compile(r"(?:" + alternation(cased) + r")(?!\w)") if cased else None
        return cls(pattern, tuple(uncased), {**{n: n for n in cased}, **{n: n for n in uncased}})

    def find(self, text: str, lower: str | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping occurrences, earliest first, the longer of two overlapping ones kept.

        ``lower`` is the text lower-cased in place (:func:`statwh.regex.lower_in_place`), when the caller has it.
        """
        found = []
        if self.cased is not None:
            for m in self.cased.finditer(text):
                if not _inside_word(text, m.start(), m.end()):
                    found.append((m.start(), m.end(), self.canonical[m.group(0)]))
        if self.uncased:
            lower = lower if lower is not None else lower_in_place(text)
            # A few common words ("police", "global"): a plain substring search beats a regex scan.
            for name in self.uncased:
                start = lower.find(name)
                while start >= 0:
                    if not _inside_word(lower, start, start + len(name)):
                        found.append((start, start + len(name), self.canonical[name]))
                    start = lower.find(name, start + 1)
        found.sort(key=lambda f: (f[0], f[0] - f[1]))
        kept: list[tuple[int, int, str]] = []
        for item in found:
            if not kept or item[0] >= kept[-1][1]:
                kept.append(item)
        return kept


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer word or code ("BUN" is not "UN", "globally." is not "global")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    # "US$" and "HK$" are currencies, not places.
    return before.isalnum() or before in "._" or after.isalnum() or after in "_$"


@lru_cache(maxsize=8)
def _place_matcher(lexicon: Lexicon) -> _NameMatcher:
    return _NameMatcher.build(list(lexicon.places))


@lru_cache(maxsize=8)
def _organisation_matcher(lexicon: Lexicon) -> _NameMatcher:
    return _NameMatcher.build([o.alias for o in lexicon.organisations])


def find_places(text: str, lexicon: Lexicon | None = None, lower: str | None = None) -> list[tuple[int, str]]:
    """Places named in a text, with their offsets, written out.

    >>> find_places("police in England and Wales and the UK")
    [(10, 'England and Wales'), (36, 'United Kingdom')]
    """
    lexicon = lexicon or load_lexicon()
    return [(s, lexicon.places[n]) for s, _, n in _place_matcher(lexicon).find(text, lower)]


def find_organisations(text: str, lexicon: Lexicon | None = None, lower: str | None = None) -> list[tuple[int, Organisation]]:
    """Organisations named in a text, with offsets.

    >>> [(s, o.name) for s, o in find_organisations("according to the NCA and police")]
    [(17, 'National Crime Agency'), (25, 'police')]
    """
    lexicon = lexicon or load_lexicon()
    by_alias = _organisations_by_alias(lexicon)
    return [(s, by_alias[n]) for s, _, n in _organisation_matcher(lexicon).find(text, lower)]


@lru_cache(maxsize=8)
def _organisations_by_alias(lexicon: Lexicon) -> dict[str, Organisation]:
    return {o.alias: o for o in lexicon.organisations}


def _fallback_source(publisher: str | None, lexicon: Lexicon) -> str | None:
    """The source of figures a document attributes to nobody: its publisher, resolved to the
    organisation it opens with, else kept as written; none for a news outlet, which reports
    others' figures and is not their source.

    >>> _fallback_source("Office for National Statistics (statistical bulletin)", load_lexicon())
    'Office for National Statistics'
    >>> _fallback_source("UK Parliament (written answer, DCMS)", load_lexicon())
    'UK Parliament (written answer, DCMS)'
    >>> _fallback_source("Wikinews", load_lexicon()) is None, _fallback_source("BBC", load_lexicon()) is None
    (True, True)
    """
    if not publisher:
        return None
    listed = _listed_publisher(publisher, lexicon)
    if is_news_outlet(publisher, listed.kind if listed else None, lexicon):
        return None
    return listed.name if listed else publisher


def _listed_publisher(publisher: str, lexicon: Lexicon) -> Organisation | None:
    found = find_organisations(publisher, lexicon)
    return found[0][1] if found and found[0][0] == 0 else None


def _is_news(publisher: str | None, lexicon: Lexicon) -> bool:
    """Whether the document is a news outlet's report (FORMAT.md's "News articles" conventions apply)."""
    if not publisher:
        return False
    listed = _listed_publisher(publisher, lexicon)
    return is_news_outlet(publisher, listed.kind if listed else None, lexicon)


def _is_generic(org: Organisation) -> bool:
    """A common noun used as a name ("police", "government"), not a named body ("Welsh Government")."""
    return org.alias.islower()


def _is_agent(text: str, start: int, org: Organisation, lexicon: Lexicon) -> bool:
    """Whether a generic organisation name is followed by a verb it does ("police in Kent recorded")."""
    rest = text[start + len(org.alias):]
    m = rx(r"(?:\s+in\s+(?:the\s+)?[A-Z][\w.]*(?:\s+(?:and\s+)?[A-Z][\w.]*)*)?\s+(?:has\s+|have\s+|had\s+|also\s+|already\s+)*(\w+)").match(rest)
    return m is not None and m.group(1).lower() in lexicon.cues["attribution_verbs"]


_ATTRIBUTION = re.compile(  # run on the lower-cased sentence
    r"\baccording to\b|\b(?:figures|data|statistics|estimates)\s+(?:from|by|published by)\b"
)
_ATTRIBUTION_KEYS = frozenset({"according", "figures", "data", "statistics", "estimates"})


def _source_in_sentence(text: str, orgs: list[tuple[int, Organisation]], history: list[Organisation],
                        lexicon: Lexicon) -> str | None:
    """The organisation a sentence attributes its figures to, if it names or refers to one."""
    present = word_set(text)
    according = _ATTRIBUTION.search(lowered(text)) if not _ATTRIBUTION_KEYS.isdisjoint(present) else None
    if according:
        after = [o for s, o in orgs if s >= according.end()]
        if after:
            return after[0].name
    if according or "reported" in present:
        introduced = introduced_source(text, lexicon)  # "according to the fire service": in no list
        if introduced:
            return introduced
    specific = [o for _, o in orgs if not _is_generic(o)]
    if specific:
        return specific[0].name
    if not lexicon.cues["speech_verbs"].isdisjoint(present):
        speaker = speaker_source(text, lexicon)  # "Reuters estimated", "US authorities claimed"
        if speaker:
            found = find_organisations(speaker, lexicon)
            whole = found and found[0][0] == 0 and len(found[0][1].alias) == len(speaker)
            return found[0][1].name if whole else speaker
    # A generic name is a source only as the subject of a verb: "police recorded", not "police forces".
    orgs = [(start, o) for start, o in orgs if not _is_generic(o) or _is_agent(text, start, o, lexicon)]
    patterns = _patterns(lexicon)
    anaphor = patterns.anaphor.search(lowered(text)) if not patterns.anaphor_keys.isdisjoint(present) else None
    if anaphor:  # "the agency": the last agency the document named
        kind = lexicon.anaphors[anaphor.group(1)]
        for org in reversed(history):
            if org.kind == kind:
                return org.name
    if orgs:
        return orgs[0][1].name
    if according:
        return described_source(text, lexicon)  # "according to agreed facts heard in court"
    return None


# --- the extractor -----------------------------------------------------------------------


@dataclass
class _Context:
    """What earlier sentences of a document said, for figures whose own sentence does not say it.

    The periods of a sentence with no figure are read only when a later figure needs them as
    its scope: most never are.
    """

    organisations: list[Organisation]
    place: str | None
    published: date | None = None
    population_per: str | None = None
    last_subject: str | None = None  # what the last figure measured, for "That is 5 per cent higher"
    # A news report names places and dates in passing ("a senator from Vermont", its dateline): what
    # carries to a later figure is what its own paragraph named, else the report's scope (its title's
    # place, else the first place it names) and no period (FORMAT.md, "News articles").
    news: bool = False
    _paragraph_place: tuple[int, str] | None = None  # (line start, the last place its paragraph named)
    _paragraph_period: tuple[int, PeriodMention] | None = None
    _dated_period: PeriodMention | None = None
    _unread: list[str] = field(default_factory=list)  # newer than _dated_period, periods not yet read

    def observe(self, orgs: list[Organisation], places: list[tuple[int, str]],
                periods: list[PeriodMention] | None, sentence: str = "", line_start: int = -1) -> None:
        """Remember the organisations, the last place and the last dated period of a sentence
        (``periods`` None: not read yet, read from ``sentence`` if they are ever needed)."""
        self.organisations += orgs
        if self.news:
            if places:
                self._paragraph_place = (line_start, places[-1][1])
                self.place = self.place or places[0][1]
            dated = _last_dated(find_periods(sentence, self.published) if periods is None else periods)
            if dated is not None and dated.period_start != dated.period_end:
                self._paragraph_period = (line_start, dated)
            return
        if places:
            self.place = places[-1][1]
        if periods is None:
            self._unread.append(sentence)
            return
        dated = _last_dated(periods)
        if dated is not None:
            self._dated_period = dated
            self._unread.clear()

    def place_at(self, line_start: int) -> str | None:
        """The place a figure on the line at ``line_start`` takes when its sentence names none."""
        if self.news and self._paragraph_place and self._paragraph_place[0] == line_start:
            return self._paragraph_place[1]
        return self.place

    def period_at(self, line_start: int) -> PeriodMention | None:
        """The period a figure on the line at ``line_start`` takes when its sentence names none."""
        if self.news:
            return self._paragraph_period[1] if self._paragraph_period and self._paragraph_period[0] == line_start else None
        return self.dated_period

    @property
    def dated_period(self) -> PeriodMention | None:
        """The last dated period the document has named so far."""
        while self._unread:
            dated = _last_dated(find_periods(self._unread.pop(), self.published))
            if dated is not None:
                self._dated_period = dated
                self._unread.clear()
        return self._dated_period


def _last_dated(periods: list[PeriodMention]) -> PeriodMention | None:
    return next((p for p in periods if p.period_start and not p.is_time_of_day and not p.is_reference), None)


def extract_statistics(
    text: str,
    title: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    lexicon: Lexicon | None = None,
    trace: dict[int, dict[str, str]] | None = None,
) -> list[Statistic]:
    """Every statistic stated in a document's text, in order of appearance.

    A figure whose sentence names no place or period takes the last one the document named
    before it (its scope: "Children looked after in Wales" ... "7,172 children were looked after").

    ``trace``: if given, filled with where each statistic's source, geography and period came from,
    keyed by the statistic's ``char_start`` (for ``statwh explain``).
    """
    lexicon = lexicon or load_lexicon()
    patterns = _patterns(lexicon)
    title_places = find_places(title or "", lexicon)
    news = _is_news(publisher, lexicon)
    context = _Context([o for _, o in find_organisations(title or "", lexicon)],
                       title_places[0 if news else -1][1] if title_places else None, published, news=news)
    fallback_source = _fallback_source(publisher, lexicon)
    stats: list[Statistic] = []
    # Names are looked up once over the whole text, then shared out to sentences.
    lower = lower_in_place(text)
    all_orgs = find_organisations(text, lexicon, lower)
    all_places = find_places(text, lexicon, lower)
    org_starts, place_starts = [s for s, _ in all_orgs], [s for s, _ in all_places]
    skipped_lines: dict[int, bool] = {}
    paragraph_source: tuple[int, str] | None = None  # (line start, name): the last source a paragraph named
    for index, sentence in enumerate(split_sentences(text)):
        orgs = _within(all_orgs, org_starts, sentence)
        places = _within(all_places, place_starts, sentence)
        if places and not patterns.person_place_keys.isdisjoint(word_set(sentence.text)):
            places = _places_of_figures(sentence.text, places, patterns)
        named = next((o.name for _, o in orgs if not _is_generic(o)), None) if orgs else None
        if named:
            paragraph_source = (sentence.line_start, named)
        if _DIGIT.search(sentence.text) is None and not _has_number_words(sentence.text, patterns):
            if orgs or places:  # a sentence with neither, and no figure, tells the context nothing
                context.observe([o for _, o in orgs], places, [], "", sentence.line_start)
            continue
        line_start = sentence.line_start
        if line_start not in skipped_lines:
            skipped_lines[line_start] = _is_table_or_foreign(_line_at(text, line_start), lexicon)
        if skipped_lines[line_start] or is_other_script(sentence.text):
            continue
        if patterns.furniture_opener.match(lowered(sentence.text)):
            continue  # "Subscribe for £1 a month": page furniture
        # Rules that need no periods first: a sentence left with no candidate is done (most are).
        only_years = _only_years(sentence.text, patterns)  # "• 2022": no need to read its numbers
        candidates = [] if only_years else [
            q for q in find_quantities(sentence.text, lexicon) if rejection_reason(sentence, q, (), lexicon) is None]
        if not candidates:
            context.observe([o for _, o in orgs], places, None, sentence.text, line_start)
            continue
        periods = find_periods(sentence.text, published)
        accepted = _outside_periods(candidates, periods)
        if accepted:
            source = _source_in_sentence(sentence.text, orgs, context.organisations, lexicon)
            source_origin = "named in the sentence"
            if source:
                paragraph_source = (line_start, source)
            elif paragraph_source and paragraph_source[0] == line_start:
                source = paragraph_source[1]  # "Ofcom's report indicates ... However, ... from 81% ..."
                source_origin = "named earlier in the paragraph"
            else:
                source = fallback_source
                source_origin = "the publisher, for its own release" if source else "none stated"
            stats += _sentence_statistics(sentence, index, accepted, periods, places, source, context, lexicon,
                                          trace, source_origin)
        context.observe([o for _, o in orgs], places, periods, sentence.text, line_start)
    return merge_repeats(stats)


_DIGIT_RUN = re.compile(r"\d\d*")  # not \d+: a class first lets the engine scan ahead
_YEAR_BEFORE_OK = frozenset(" \t(\"'“‘[")  # what may stand before a year that is only a year
_YEAR_AFTER_OK = frozenset(" \t.,;:)!?\"'”’]")


def _only_years(sentence: str, p: _Patterns) -> bool:
    """Whether every number in the sentence is a bare year ("• 2022", "Enrolment rose in 2021"),
    so that none of them can be a statistic: a cheap test before reading the numbers properly.

    >>> _only_years("School Enrollment Rises Slightly in 2021", _patterns(load_lexicon()))
    True
    >>> _only_years("Sales were 2021 tonnes in 2021", _patterns(load_lexicon()))
    False
    """
    words = word_set(sentence)
    if not p.number_vocabulary.isdisjoint(words) or not p.only_years_keys.isdisjoint(words):
        return False
    for m in _DIGIT_RUN.finditer(sentence):
        start, end = m.span()
        if end - start != 4 or not _YEAR_LIKE.fullmatch(sentence, start, end):
            return False
        if start and sentence[start - 1] not in _YEAR_BEFORE_OK:
            return False
        if end < len(sentence) and (sentence[end] not in _YEAR_AFTER_OK or p.unit_suffix.match(sentence, end)):
            return False
        if p.currency_prefix.search(sentence, max(0, start - 6), start):
            return False
    return True


def _places_of_figures(text: str, places: list[tuple[int, str]], patterns: _Patterns) -> list[tuple[int, str]]:
    """The places of a sentence less those that describe a person: "Senator from Vermont Bernie
    Sanders", "the former mayor of South Bend, Indiana" (the place after a dropped one and a comma too)."""
    lower = lowered(text)
    kept: list[tuple[int, str]] = []
    dropped_end = -1
    for start, name in places:
        if patterns.person_place_before.search(lower, max(0, start - 40), start) or patterns.person_place_after.match(
                text, start) or (
                dropped_end >= 0 and rx(r",\s*").fullmatch(text, dropped_end, start)):
            end = start + len(name)
            match = rx(r"[\w.'’ -]*").match(text, start)  # the name as written ("B.C."): to find what follows
            dropped_end = match.end() if match else end
            while dropped_end > start and text[dropped_end - 1] == " ":
                dropped_end -= 1
            continue
        kept.append((start, name))
    return kept


def _within(found: Sequence[tuple[int, object]], starts: list[int], sentence: Sentence) -> list:
    """The names found in the whole text that fall in a sentence, with offsets relative to it."""
    low = bisect.bisect_left(starts, sentence.start)
    high = bisect.bisect_left(starts, sentence.end, low)
    return [(start - sentence.start, item) for start, item in found[low:high]] if high > low else []


def _sentence_statistics(sentence: Sentence, index: int, accepted: list[Quantity], periods: list[PeriodMention],
                         places: list[tuple[int, str]], source: str | None, context: _Context,
                         lexicon: Lexicon, trace: dict[int, dict[str, str]] | None = None,
                         source_origin: str = "") -> list[Statistic]:
    """The statistics of one sentence, from its accepted figures, with every attribute read."""
    found: list[Statistic] = []
    among = _AMONG_OPENING.match(sentence.text)
    for position, q in enumerate(accepted):
        before = sentence.text[max(0, q.start - _WINDOW) : q.start]
        after = sentence.text[q.end : q.end + _WINDOW]
        next_start = _next_figure_start(sentence.text, accepted, position)
        kind, direction = read_kind(q, before, after, lexicon, word_set(sentence.text))
        # The previous figure said again in other terms: "an increase of 338 (5%)", "up £99 or 5.1%".
        restated = found[-1] if found and _RESTATES.fullmatch(
            sentence.text, found[-1].char_end - sentence.start, q.start) else None
        if kind == "level" and restated and restated.kind == "change":
            kind, direction = "change", restated.direction
        per = read_per(after, q.unit, lexicon)
        if per and per[0].isdigit():
            context.population_per = per
        elif per is None and q.unit == "count" and context.population_per and _RATE.search(sentence.text):
            per = context.population_per
        subject = read_subject(sentence.text, q.start, q.end, periods, next_start,
                               found[-1].subject if found else None, lexicon,
                               found[-1].char_end - sentence.start if found else None)
        if not found and (not subject or _ANAPHORIC_OPENING.fullmatch(subject)) and _ANAPHORIC_OPENING.match(sentence.text):
            subject = context.last_subject  # "That is 5 per cent higher than in 2021-22."
        if among and subject and _MODIFIER_SUBJECT.match(subject):
            subject = f"{among.group(1)} {subject}"  # "Among men, 32.7% aged 18–44 years": "men aged 18–44 years"
        own_period = _nearest_period(q, periods, next_start, accepted[0].start, sentence.text)
        period = own_period or context.period_at(sentence.line_start)
        period_fields = (period.label, period.period_start, period.period_end) if period else (None, None, None)
        if restated and restated.period_label:
            period_fields = (restated.period_label, restated.period_start, restated.period_end)
        own_place = _nearest_place(q, places)
        geography = own_place or context.place_at(sentence.line_start)
        if trace is not None:
            trace[sentence.start + q.start] = {
                "source": source_origin,
                "geography": "named in the sentence" if own_place else (
                    "carried from the title or an earlier sentence" if geography else "none stated"),
                "period": "named in the sentence" if own_period or restated and restated.period_label else (
                    "carried from an earlier sentence" if period else "none stated"),
            }
        confidence = 0.9 - (0.1 if q.form == "words" else 0) - (0.2 if subject is None else 0)
        found.append(Statistic(
            value=round(q.value, 6),
            value_high=round(q.value_high, 6) if q.value_high is not None else None,
            unit=q.unit,
            per=per,
            kind=kind,
            direction=direction,
            qualifier=read_qualifier(before, after, lexicon),
            subject=subject,
            geography=geography,
            period_label=period_fields[0],
            period_start=period_fields[1],
            period_end=period_fields[2],
            source=source,
            quote=sentence.text,
            char_start=sentence.start + q.start,
            char_end=sentence.start + q.end,
            number_text=sentence.text[q.start : q.end],
            sentence_index=index,
            confidence=round(max(0.1, confidence), 2),
        ))
    found = _share_coordinated_predicates(sentence, found)
    if found and found[-1].subject:
        context.last_subject = found[-1].subject
    return found


_COORDINATED_GROUP = re.compile(r"\s+of\s+(?P<group>[\w-]+(?:\s+[\w-]+){0,2}?)\s+and\s+")


def _share_coordinated_predicates(sentence: Sentence, found: list[Statistic]) -> list[Statistic]:
    """ "43.7% of men and 51.9% of women aged 18+ received a vaccination": what is said of the second
    group is said of the first too, so the first subject reads "men aged 18+ received a vaccination"."""
    for i in range(len(found) - 2, -1, -1):
        first, second = found[i], found[i + 1]
        between = _COORDINATED_GROUP.fullmatch(sentence.text, first.char_end - sentence.start,
                                               second.char_start - sentence.start)
        if not between or first.subject != between.group("group") or not second.subject:
            continue
        second_group = second.subject.split()[0]
        if len(second.subject.split()) > 1 and second.unit == first.unit:
            shared = second.subject[len(second_group):]
            found[i] = replace(first, subject=first.subject + shared)
    return found


_AMONG_OPENING = re.compile(r"(?:Among|For)\s+([^,;:]{2,60}),\s")
_MODIFIER_SUBJECT = re.compile(r"(?:aged|who|with|without|living|born|in|from|under|over)\b", re.IGNORECASE)
_ANAPHORIC_OPENING = re.compile(
    r"(?:(?:but|and|so)\s+)?(?:that|this|it)(?:['’]s|\s+(?:is|was|represents|represented|marks|marked|means))?\b",
    re.IGNORECASE)


def _next_figure_start(text: str, accepted: list[Quantity], position: int) -> int:
    """Where the next figure starts, passing over a restatement in brackets ("40% (19 million) of ...")."""
    q = accepted[position]
    for index in range(position + 1, len(accepted)):
        following = accepted[index]
        if not _BRACKET_OPEN.fullmatch(text, q.end, following.start):
            return following.start
        q = following
    return len(text)


_RATE = re.compile(r"\brates?\b", re.IGNORECASE)
# The same figure said again in other terms, right after the first: "338 (5%)", "£99 or 5.1%".
_RESTATES = re.compile(r"\s*\(\s*|\s*,?\s+or\s+")  # between the first figure and the second


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
    words_a, words_b = _subject_words(a.subject), _subject_words(b.subject)
    if not words_a or not words_b:
        return False
    # Numbers in a subject name a subgroup: "men aged 45-64" is not a repeat of "men".
    if _subject_numbers(a.subject) != _subject_numbers(b.subject):
        return False
    return len(words_a & words_b) * 2 >= min(len(words_a), len(words_b))


@lru_cache(maxsize=4096)
def _subject_words(subject: str | None) -> frozenset[str]:
    """The words of a subject that say what it is, without plural s (cached: repeats compare often)."""
    return frozenset(w.rstrip("s") for w in rx(r"[a-z]{3,}").findall((subject or "").lower())) - _SUBJECT_FILLER


@lru_cache(maxsize=4096)
def _subject_numbers(subject: str | None) -> frozenset[str]:
    return frozenset(_DIGIT_RUN.findall(subject or ""))


_SUBJECT_FILLER = frozenset({"the", "and", "are", "was", "were"})


def _detail(stat: Statistic) -> int:
    """How much a mention says beyond its number: hedges, periods, places and sources."""
    return sum((stat.qualifier != "exact", stat.period_label is not None, stat.geography is not None,
                stat.source is not None, stat.subject is not None))


def _nearest_period(q: Quantity, periods: list[PeriodMention], next_start: int, first_start: int,
                    text: str = "") -> PeriodMention | None:
    """A figure's own period: the first one after it (before the next figure), else the nearest before it.

    The base of a comparison ("than the previous year") is not the figure's own period unless the
    figure is stated inside the comparison ("compared with 27% in 2010/11", "the year before (6.5
    million)"); a dated period opening the sentence ("In 2019, ...") wins over an undated one after
    the figure. ``periods`` are in order and never overlap: the search bisects them.
    """

    def usable(p: PeriodMention) -> bool:
        return not p.is_time_of_day and (
            not p.is_reference or p.cue_start <= q.start < p.start
            or p.end <= q.start and _BRACKET_OPEN.fullmatch(text, p.end, q.start) is not None)

    j = bisect.bisect_right(periods, q.start, key=lambda p: p.end) - 1
    if j >= 0 and not periods[j].is_time_of_day and _BRACKET_OPEN.fullmatch(text, periods[j].end, q.start):
        return periods[j]  # "from 2020 (28.3 per 100,000)": the figure of the period it follows
    i = bisect.bisect_left(periods, q.end, key=lambda p: p.start)
    after = None
    while i < len(periods) and periods[i].start < next_start:
        if usable(periods[i]):
            after = periods[i]
            break
        i += 1
    if after and next_start < len(text) and _CLAUSE_SEPARATOR.search(text, q.end, after.start):
        after = None  # "fell by 5%, and in 2020 it rose by 3%": the period opens the next figure's clause
    while j >= 0 and not usable(periods[j]):
        j -= 1
    before = periods[j] if j >= 0 else None
    if after and (after.period_start or not _dated_opening(periods, first_start, usable)):
        return after
    return before


def _dated_opening(periods: list[PeriodMention], first_start: int, usable) -> bool:
    """Whether a usable dated period comes before the sentence's first figure ("In 2019, ...")."""
    for p in periods:
        if p.end > first_start:
            return False
        if p.period_start and usable(p):
            return True
    return False


_BRACKET_OPEN = re.compile(r"\s*\(\s*")
_CLAUSE_SEPARATOR = re.compile(r"[,;]\s")


def _nearest_place(q: Quantity, places: list[tuple[int, str]]) -> str | None:
    """The place named nearest the figure (the earlier of two as near), found by bisection."""
    if not places:
        return None
    i = bisect.bisect_left(places, q.start, key=lambda p: p[0])
    nearby = places[max(0, i - 1) : i + 1]
    return min(nearby, key=lambda p: abs(p[0] - q.start))[1]


def _outside_periods(quantities: list[Quantity], periods: list[PeriodMention]) -> list[Quantity]:
    """The quantities that overlap no period; both lists in order of start, periods never overlapping.

    One pass over both lists, so that a long sentence full of years stays linear.
    """
    kept, i = [], 0
    for q in quantities:
        while i < len(periods) and periods[i].end <= q.start:
            i += 1
        if not (i < len(periods) and periods[i].start < q.end):
            kept.append(q)
    return kept


__all__ = [
    "EXTRACTOR_VERSION",
    "Quantity",
    "Sentence",
    "Statistic",
    "extract_statistics",
    "find_organisations",
    "find_places",
    "find_quantities",
    "read_kind",
    "read_per",
    "read_qualifier",
    "rejection_reason",
    "split_sentences",
]
