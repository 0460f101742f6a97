"""Stage 4, attributes of a figure read from its own sentence: qualifier ("at least"), kind and
direction ("rose by"), rate ("a day", "per 100,000"), and the place and period nearest it.
The subject is :mod:`statwh.subjects`; the source, :mod:`statwh.sources`.
"""
from __future__ import annotations

import bisect
import re

from statwh.candidates import Quantity
from statwh.lexicon import Lexicon, load_lexicon
from statwh.number_parser import parse_digits, parse_number_words, scale_multiplier
from statwh.patterns import _CHANGE_NOUNS, _hedge_before, _Patterns, _patterns
from statwh.periods import PeriodMention
from statwh.regex import lowered, rx, word_set
from statwh.sentences import Sentence


_FIRST_WORD_AFTER = re.compile(r"\s*(?:a\s+)?(\w+)")


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
    if changing and _PHRASAL_UP.search(tail):
        return "level", None  # "make up 14%", "took up 40%": no rise
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
    if following == "swing":  # "a 4.2% swing against Labor", "a swing to the Greens"
        return "change", "down" if rx(r"\s*swing\s+(?:\w+\s+)?(?:against|away)\b").match(after.lower()) else "up"
    compared = _COMPARED_AFTER.match(after.lower())
    if compared:  # "300 delegates fewer than Biden", "2,000 more homes than planned"
        return "change", "up" if compared.group(1) == "more" else "down"
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


_PHRASAL_UP = re.compile(r"\b(?:make|makes|made|making|take|takes|took|taking|set|sets|account|accounts|"
                         r"accounted|sum|sums|summed)\s+up\s+(?:about\s+|around\s+|almost\s+|nearly\s+|just\s+)?$")
_COMPARED_AFTER = re.compile(r"\s+[a-z]+\s+(more|fewer|less)\s+than\b")
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


_NAME_AS_WRITTEN = re.compile(r"[\w.'’ -]*")


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
            # Where the name as written ends ("B.C."), to see whether a place follows it after a comma.
            written = _NAME_AS_WRITTEN.match(text, start)  # always matches, if only the empty string
            dropped_end = start + len(text[start : written.end() if written else start].rstrip(" "))
            continue
        kept.append((start, name))
    return kept


_CHAIN_COMMA = re.compile(r",\s*")
_CHAIN_END = re.compile(r"\s*(?:[,.;:)]|$)")
_CAPITALISED_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’-]*)*")
_LIST_CLOSE = re.compile(r",?\s+(?:and|or|&)\s+")
_ORIGIN_FROM = re.compile(r"\b([a-z]+)\s+from\s+(?:the\s+)?$")


def _scene_places(text: str, places: list[tuple[int, str]], lexicon: Lexicon) -> list[tuple[int, str]]:
    """The places that say where a news report's figures are: of a place written with the places that
    contain it ("in Randolph, New Hampshire, United States, ...") the innermost, and no place people come
    from ("two pilgrims from Myanmar also died"). A list ("France, Germany and Italy") keeps all its places,
    and so do names that only stand side by side ("Unlike Wales, Scotland saw ..."): a chain of
    containers ends its clause.

    >>> def scene(text, *names):
    ...     return [name for _, name in _scene_places(text, [(text.index(n), n) for n in names], load_lexicon())]
    >>> scene("on Route 2 in Randolph, New Hampshire, United States, ten died", "New Hampshire", "United States")
    ['New Hampshire']
    >>> scene("in France, Germany and Italy", "France", "Germany", "Italy")
    ['France', 'Germany', 'Italy']
    >>> scene("Unlike Wales, Scotland saw a rise of 5%", "Wales", "Scotland")
    ['Wales', 'Scotland']
    >>> scene("two pilgrims from Myanmar died in Delhi", "Myanmar", "Delhi")
    ['Delhi']
    """
    kept: list[tuple[int, str]] = []
    chain: list[tuple[int, str]] = []  # the places of the comma chain being read, with where the last ends
    end = -1
    for start, name in places + [(len(text) + 1, "")]:
        continues = end >= 0 and start <= len(text) and _CHAIN_COMMA.fullmatch(text, end, start) is not None
        if not continues and chain:
            is_list = len(chain) > 1 and _LIST_CLOSE.fullmatch(text, end, start if start <= len(text) else end) is not None
            contained = len(chain) > 1 and not is_list and _CHAIN_END.match(text, end) is not None \
                and not any(" and " in text[s : s + 40].split(",")[0] for s, _ in chain)
            kept += chain[:1] if contained else chain
            chain = []
        if start > len(text):
            break
        origin = _ORIGIN_FROM.search(lowered(text), max(0, start - 30), start)
        if origin and (origin.group(1) in lexicon.cues["counted_nouns"] or origin.group(1) in lexicon.cues["person_nouns"]):
            end = -1
            continue
        chain.append((start, name))
        written = _CAPITALISED_NAME.match(text, start)
        end = written.end() if written else start
    return kept


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
    if after and before and before.end <= first_start and _CLAUSE_SEPARATOR.search(text, q.end, after.start):
        return before  # "At the last election, X won 70%, and since its creation in 1984, ...": the opening's
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
