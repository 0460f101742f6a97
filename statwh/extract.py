"""Find the statistics a document states, with their attributes.

Plain rules over the text, with every word list in ``seeds/lexicon``. Knows nothing
about any particular document. The entry point is :func:`extract_statistics`, which runs the stages
in order, each a module of its own:

1. :mod:`statwh.sentences`: the text cut into sentences; lines and sentences not read;
2. :mod:`statwh.candidates`: every number of a sentence with its unit, range, share or multiple;
3. :mod:`statwh.decide`: statistic or not, with the id of the rule that decided;
4. attributes (here, with :mod:`statwh.subjects`, :mod:`statwh.periods` and :mod:`statwh.attribution`):
   qualifier, kind and direction, rate, source, place, period and subject;
5. discourse (here, :class:`_Context`): what carries from earlier sentences, and when it stops;
6. merging repeats (:func:`merge_repeats`).

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
from typing import Sequence

from statwh.attribution import described_source, introduced_source, is_news_outlet, speaker_source
from statwh.candidates import _DIGIT, Quantity, _has_number_words, find_quantities
from statwh.decide import _WINDOW, _YEAR_LIKE, rejection_reason
from statwh.lexicon import Lexicon, Organisation, load_lexicon
from statwh.number_parser import parse_digits, parse_number_words, scale_multiplier
from statwh.patterns import _CHANGE_NOUNS, _hedge_before, _Patterns, _patterns
from statwh.periods import PeriodMention, find_periods
from statwh.regex import alternation, lower_in_place, lowered, rx, word_set
from statwh.sentences import Sentence, _is_table_or_foreign, _line_at, is_other_script, split_sentences
from statwh.subjects import read_subject

# Re-exported: the stages' entry points, for callers that know only this module.
__all__ = ["EXTRACTOR_VERSION", "Quantity", "Sentence", "Statistic", "extract_statistics", "find_quantities",
           "find_organisations", "find_places", "merge_repeats", "read_kind", "read_per", "read_qualifier",
           "rejection_reason", "split_sentences"]

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


# --- attributes --------------------------------------------------------------------------

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
_US_MARK = re.compile(r"US|U\.S\.|[Aa]merican")
_TOLD_BEFORE = re.compile(r"\b(?:told|telling|tells|tell)\s+(?:the\s+)?$", re.IGNORECASE)
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
    # "told the Associated Press": the outlet heard the figure, it did not state it.
    specific = [o for start, o in orgs if not _is_generic(o) and not _TOLD_BEFORE.search(text, max(0, start - 12), start)]
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
    dollar: str = "USD"  # what a bare "$" or "dollars" means in this document
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
    # "$" and "dollars" are the currency of the country a document is about: its title's place, else
    # the first place its text names ("Kamloops, British Columbia": Canadian dollars).
    context = _Context([o for _, o in find_organisations(title or "", lexicon)],
                       title_places[0 if news else -1][1] if title_places else None, published, news=news)
    fallback_source = _fallback_source(publisher, lexicon)
    stats: list[Statistic] = []
    # Names are looked up once over the whole text, then shared out to sentences.
    lower = lower_in_place(text)
    all_orgs = find_organisations(text, lexicon, lower)
    all_places = find_places(text, lexicon, lower)
    scope = title_places[0][1] if title_places else all_places[0][1] if all_places else None
    context.dollar = lexicon.dollar_currencies.get(scope or "", "USD")
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
        unit = q.unit
        if unit == "USD" and context.dollar != "USD" and not _US_MARK.search(sentence.text, q.start, q.end):
            unit = context.dollar  # "75 cents" in a Canadian report; "US$30,000" stays USD
        found.append(Statistic(
            value=round(q.value, 6),
            value_high=round(q.value_high, 6) if q.value_high is not None else None,
            unit=unit,
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
