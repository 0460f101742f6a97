"""Find the periods and dates a sentence mentions and resolve them to start and end dates.

Every mention is also a mask: a number inside a date or period ("2017-18", "March 23",
"the previous 12 months") is time, not a statistic.
"""
from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, NamedTuple

from statwh.regex import alternation, lowered, rx, word_set


MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name if name)  # written out: no "jan", "sept"
WEEKDAYS = frozenset(name.lower() for name in calendar.day_name)
# The patterns run on the lower-cased sentence (faster than re.IGNORECASE). Month names count
# only when capitalised in the sentence itself, so that "5 may be" is not a date: see _MONTH_GROUPS.
_MONTH = r"(?:" + alternation(MONTHS) + r")\.?"  # a prefix tree: "ma" is read once for "march" and "may"
_MONTH_GROUPS = ("m", "m1", "m2")
_YEAR = r"(?:1[5-9]|20)\d\d"
_NUM_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|a few|several)"
_UNIT = r"(?:years?|months?|weeks?|days?|decades?|quarters?|hours?)"


class PeriodMention(NamedTuple):
    """A period or date written in a sentence, with offsets relative to that sentence."""

    start: int
    end: int
    label: str
    period_start: date | None
    period_end: date | None
    is_time_of_day: bool = False
    is_reference: bool = False  # the base of a comparison ("compared with the previous year")
    cue_start: int = -1  # where the comparison's cue ("compared with", "than") starts, for a base


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _fiscal_year(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    first = int(m.group("y1"))
    second = m.group("y2")
    second_year = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 4 and second_year > first + 1:  # a span of calendar years: "2017-2021"
        return date(first, 1, 1), date(second_year, 12, 31)
    if second_year != first + 1:
        return None, None
    quarter = m.group("q")
    if quarter:
        # UK fiscal quarters: Q1 = April-June of the first year.
        q = int(quarter[-1])
        start_year, start_month = _shift_month(first, 4, 3 * (q - 1))
        end_year, end_month = _shift_month(start_year, start_month, 2)
        return date(start_year, start_month, 1), _month_end(end_year, end_month)
    return date(first, 4, 1), date(first + 1, 3, 31)


def _year_ending(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    year, month = int(m.group("y")), _month(m.group("m"))
    start_year, start_month = _shift_month(year, month, -11)
    return date(start_year, start_month, 1), _month_end(year, month)


def _us_fiscal_year(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    year = int(m.group("y"))
    if year < 100:
        year += 2000
    return date(year - 1, 10, 1), date(year, 9, 30)


def _quarter_resolver(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    q = m.groupdict().get("q") or m.groupdict().get("q2") or ""
    names = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
    q_index = int(q[-1]) if q[-1:].isdigit() else names[q.lower()]
    year = int(m.group("y"))
    return date(year, 3 * q_index - 2, 1), _month_end(year, 3 * q_index)


def _month_range(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    end_year = int(m.group("y2"))
    start_year = int(m.group("y1")) if m.group("y1") else end_year
    start_month, end_month = _month(m.group("m1")), _month(m.group("m2"))
    if not m.group("y1") and start_month > end_month:
        start_year -= 1
    return date(start_year, start_month, 1), _month_end(end_year, end_month)


def _day(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    year = int(m.group("y")) if m.group("y") else (published.year if published else None)
    if year is None:
        return None, None
    try:
        day = date(year, _month(m.group("m")), int(m.group("d")))
    except ValueError:
        return None, None
    return day, day


def _month_year(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    year, month = int(m.group("y")), _month(m.group("m"))
    return date(year, month, 1), _month_end(year, month)


def _calendar_year(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    year = int(m.group("y"))
    return date(year, 1, 1), date(year, 12, 31)


def _named_fiscal_year(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    """ "the current financial year" in a UK text published on 2018-09-12 -> 2018-19."""
    if published is None:
        return None, None
    first = published.year if published.month >= 4 else published.year - 1
    first += {"next": 1, "last": -1, "previous": -1}.get(m.group("which").lower(), 0)
    return date(first, 4, 1), date(first + 1, 3, 31)


def _bare_month(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    if published is None:
        return None, None
    month = _month(m.group("m"))
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1), _month_end(year, month)


def _relative(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    if published is None:
        return None, None
    word = m.group(0).lower()
    if rx(r"\b(last|previous|past) year\b").search(word):
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)
    if rx(r"\bthis year\b").search(word):
        return date(published.year, 1, 1), date(published.year, 12, 31)
    return None, None


_SMALL_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def _months_to(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    """ "the three months to August 2023" -> June to August 2023; without a year, the latest such
    month up to the publication date."""
    count = m.groupdict().get("n") or "12"  # "the year to August": twelve months
    months = int(count) if count.isdigit() else _SMALL_NUMBERS.get(count, 0)
    month = _month(m.group("m"))
    if m.groupdict().get("y"):
        year = int(m.group("y"))
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        return None, None
    if not 0 < months <= 24:
        return None, None
    start_year, start_month = _shift_month(year, month, 1 - months)
    return date(start_year, start_month, 1), _month_end(year, month)


def _part_of_year(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    """ "the first half of 2023" -> January to June; "the final three months of 2023" -> October to December."""
    year, first = int(m.group("y")), m.group("which") == "first"
    months = 3 if m.group("part") in ("three months", "3 months") else 6
    start_month = 1 if first else 13 - months
    return date(year, start_month, 1), _month_end(year, start_month + months - 1)


def _week_ending(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    end = date(int(m.group("y")), _month(m.group("m")), int(m.group("d")))
    return date.fromordinal(end.toordinal() - 6), end


def _year_span(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    first, last = int(m.group("y1") or m.group("y1b")), int(m.group("y2"))
    return (date(first, 1, 1), date(last, 12, 31)) if first < last else (None, None)


def _numeric_date(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    """ "17/11/2021" or "11/17/2021": resolved where only one reading is a date (day first wins a tie)."""
    first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if year < 100:
        year += 2000
    for day, month in ((first, second), (second, first)):
        try:
            day_date = date(year, month, day)
        except ValueError:
            continue
        return day_date, day_date
    return None, None


def _no_dates(m: re.Match, _: date | None) -> tuple[date | None, date | None]:
    return None, None


def _election(m: re.Match, published: date | None) -> tuple[date | None, date | None]:
    """ "the last general election in 2019": that year; "the previous federal election": no dates."""
    return _calendar_year(m, published) if m.group("y") else (None, None)


# Most specific patterns first: an earlier pattern's match wins over a later overlapping one.
# What a sentence must contain for a pattern to be worth running (see _hints).
# Each pattern runs only on sentences that have all of its first set of hints and, when its
# second set is not empty, at least one of those words (see _hints): most run on few sentences.
MONTH_TOKENS = tuple(MONTHS)


@dataclass(frozen=True)
class _PeriodPattern:
    regex: re.Pattern
    word_start: bool  # the pattern began with \b, which _matches checks instead (see _compile)
    month_groups: tuple[str, ...]  # groups holding month names, which must be capitalised
    resolver: Callable[[re.Match, date | None], tuple[date | None, date | None]]
    time_of_day: bool
    all_of: frozenset[str]
    any_of: frozenset[str]
    also_any_of: frozenset[str]  # a second set of words of which the sentence must have one


def _compile(pattern: str, resolver, time_of_day: bool, all_of, any_of, also_any_of=()) -> _PeriodPattern:
    """A pattern of the table, compiled. A leading \b is left out of the regex and checked by
    _matches, because it stops the regex engine from scanning ahead for the first character."""
    word_start = pattern.startswith(r"\b")
    regex = re.compile(pattern[2:] if word_start else pattern)
    months = tuple(g for g in _MONTH_GROUPS if g in regex.groupindex)
    return _PeriodPattern(regex, word_start, months, resolver, time_of_day, frozenset(all_of), frozenset(any_of),
                          frozenset(also_any_of))


# A pattern that opens with a single character class ("\d\d?", not "\d{1,2}") or with literal
# alternatives lets the regex engine scan ahead for its first character instead of trying each position.
_YEAR_OR_MONTHS = ("year", "months", "month")  # "year ending", "12 months to", "twelve-month period ending"
# Each row: the words (or #flags of _hints) the sentence must all have, words of which it must have one
# (and optionally a second such set), the pattern, its resolver, and whether it is a time of day.
_PATTERNS: tuple[_PeriodPattern, ...] = tuple(
    _compile(pattern, resolver, time_of_day, *gates)
    for *gates, pattern, resolver, time_of_day in (
        ((()), ("financial", "fiscal", "tax"), r"\b(?P<which>current|this|next|last|previous)\s+(?:financial|fiscal|tax)\s+year\b", _named_fiscal_year, False),
        # "since lockdown began on March 23", "since the scheme started in April 2020"
        ((()), ("began", "started", "begun"), r"\bsince\s+(?:the\s+)?(?:[a-z][\w-]*\s+){1,3}(?:began|started|begun)\s+(?:on\s+|in\s+)?(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?P<m>" + _MONTH + r")(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+" + _YEAR + r")?|" + _YEAR + r")\b", _no_dates, False),
        ((("#year",)), ("ending", "ended", "to"), _YEAR_OR_MONTHS, r"(?:(?:year|12[- ]months?|twelve[- ]months?)(?:\s+period)?\s+(?:ending|ended|to)\s+(?:in\s+)?(?:\d{1,2}\s+)?(?P<m>" + _MONTH + r")\s+(?P<y>" + _YEAR + r"))", _year_ending, False),
        ((()), ("months", "month"), ("ending", "ended", "to"), r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]months?\s+(?:ending|ended|to)\s+(?:in\s+)?(?P<m>" + _MONTH + r")(?:\s+(?P<y>" + _YEAR + r"))?\b", _months_to, False),
        ((()), ("ending", "ended", "to"), _YEAR_OR_MONTHS, r"\b(?:year|12[- ]months?|twelve[- ]months?)\s+(?:ending|ended|to)\s+(?:in\s+)?(?P<m>" + _MONTH + r")\b(?!\.?\s*\d)", _months_to, False),
        ((("#year",)), ("week",), r"\bweek\s+(?:ending|ended|to)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>" + _MONTH + r"),?\s+(?P<y>" + _YEAR + r")\b", _week_ending, False),
        ((("#year",)), ("between", "from"), r"\b(?:between\s+(?P<y1>" + _YEAR + r")\s+and|from\s+(?P<y1b>" + _YEAR + r")\s+to)\s+(?P<y2>" + _YEAR + r")\b(?![-/–]\d)", _year_span, False),
        ((("#year",)), ("fiscal", "financial"), r"(?:(?:us|u\.s\.|federal)\s+)?(?:fiscal|financial)\s+year\s+(?:\(fy\)\s+)?(?P<y>" + _YEAR + r")(?![-/–]\d)", _us_fiscal_year, False),
        ((("#digit",)), ("fy",), r"\bfy\s?(?P<y>" + _YEAR + r"|\d\d)\b(?![-/–]\d)", _us_fiscal_year, False),
        ((("#range",)), (), r"(?:(?:financial|fiscal|tax|academic|school)\s+year\s+)?\b(?P<y1>" + _YEAR + r")\s?[-/–]\s?(?P<y2>" + _YEAR + r"|\d\d)\b(?:\s+(?P<q>q[1-4]))?(?:\s+(?:financial|fiscal|tax|academic|school)\s+year)?", _fiscal_year, False),
        ((("#year", "#quarter")), (), r"(?:(?P<q>q[1-4]|first|second|third|fourth|final|last)\s+quarter\s+of\s+|\b(?P<q2>q[1-4])\s+)(?P<y>" + _YEAR + r")", _quarter_resolver, False),
        ((("#year",)), ("half", "months"), r"\b(?P<which>first|second|last|final)\s+(?P<part>half|three months|3 months|six months|6 months)\s+of\s+(?P<y>" + _YEAR + r")\b", _part_of_year, False),
        # ONS style: "Quarter 3 (July to Sept) 2023", "2023 Q3".
        ((("#year", "#quarter")), (), r"\bquarter\s+(?P<q>[1-4])(?:\s*\([^()]{0,30}\))?,?\s+(?P<y>" + _YEAR + r")\b", _quarter_resolver, False),
        ((("#year", "#quarter")), (), r"\b(?P<y>" + _YEAR + r")\s+(?P<q>q[1-4])\b", _quarter_resolver, False),
        ((("#year",)), MONTH_TOKENS, r"\(?\b(?:from\s+|between\s+)?(?P<m1>" + _MONTH + r")(?:\s+(?P<y1>" + _YEAR + r"))?\s*(?:to|–|-|until|and)\s*(?P<m2>" + _MONTH + r")\s+(?P<y2>" + _YEAR + r")\)?", _month_range, False),
        ((("#digit", "#date-separators")), (), r"\b(?P<a>\d\d?)([/.])(?P<b>\d{1,2})\2(?P<y>" + _YEAR + r"|\d\d)\b(?![/.]\d)", _numeric_date, False),
        ((("#digit",)), MONTH_TOKENS, r"\b(?P<d>\d\d?)(?:st|nd|rd|th)?\s+(?P<m>" + _MONTH + r")(?:,?\s+(?P<y>" + _YEAR + r"))?\b", _day, False),
        ((("#digit",)), MONTH_TOKENS, r"\b(?P<m>" + _MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>" + _YEAR + r"))?", _day, False),
        ((("#year",)), MONTH_TOKENS, r"\b(?P<m>" + _MONTH + r")\s+(?P<y>" + _YEAR + r")\b", _month_year, False),
        ((()), MONTH_TOKENS, r"(?<=\bin\s)(?P<m>" + _MONTH + r")\b(?!\s*\d)", _bare_month, False),
        ((()), ("since",), r"\bsince\s+(?:" + _YEAR + r"|the\s+\w+(?!['’\w])|(?P<m>" + _MONTH + r"))\b", _no_dates, False),  # not "since the seat's creation"
        # "at the last federal election", "the previous general election": when a result was counted
        ((()), ("election", "elections"), r"\b(?:last|previous|next|upcoming|recent|latest)\s+(?:(?:federal|general|presidential|state|local|parliamentary|european|midterm|legislative|national|provincial|municipal|mayoral|regional)\s+)?elections?\b(?:\s+(?:in|of)\s+(?P<y>" + _YEAR + r")\b)?", _election, False),
        ((()), ("date",), r"\byear[- ]to[- ]date\b", _no_dates, False),
        ((("#year",)), (), r"(?P<y>" + _YEAR + r")(?<![£$€,.\w]\d{4})s?\b(?![-/–]\d)(?!\s?(?:%|per\s?cent))", _calendar_year, False),
        ((()), ("last", "past", "previous", "next", "coming", "first", "final", "recent", "latest"), r"\b(?:last|past|previous|next|coming|first|final|recent|latest)\s+(?:" + _NUM_WORD + r"[\s-]+)?(?:full\s+)?" + _UNIT + r"\b(?:\s+of\s+(?:the|this|that)\s+year\b)?", _relative, False),
        ((()), ("ago", "earlier", "before", "later"), r"\b(?:this|that|a|one|the same)\s+(?:year|month|quarter)\s+(?:earlier|before|ago|later)\b", _relative, False),
        ((()), ("this", "last", "next"), r"\b(?:this|last|next)\s+(?:year|month|quarter|week)\b", _relative, False),
        ((("year", "on")), (), r"\byear[- ]on[- ]year\b", _relative, False),
        ((()), ("previous", "same", "preceding"), r"\b(?:the\s+(?:previous|same|preceding)|previous|same|preceding)\s+(?:" + _NUM_WORD + r"[\s-]+)?(?:month|year|quarter|week|period)(?:\s+(?:a|the|one)\s+year\s+(?:before|earlier|ago)|\s+(?:last|the\s+previous)\s+year|[\s-]*(?:period|earlier|before))?\b", _no_dates, False),
        ((()), ("over",), r"\b(?<!by )over\s+(?:the\s+)?" + _NUM_WORD + r"\s+(?:full\s+)?" + _UNIT + r"\b", _no_dates, False),
        ((()), ("period", "window", "span"), r"\b" + _NUM_WORD + r"[\s-](?:year|month|week|day|hour)[\s-](?:period|window|span)\b", _no_dates, False),
        ((("#clock",)), (), r"\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?![\d%])|\b\d{1,2}(?:\.\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)"
         r"|\b\d{1,2}[:.]\d{2}\s*(?:gmt|bst|utc|cet|cest|est|edt|pst|pdt)\b", _no_dates, True),
    )
)

_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d\d\d\d")
_DOTTED_DATE = re.compile(r"\d\.\d\d?\.\d")  # what a date written with dots needs
_RANGE = re.compile(r"\d\d\d\d\s?[-/–]\s?\d")
_QUARTER = re.compile(r"\bq[1-4]\b")
_CLOCK = re.compile(r"\d(?:[:.]\d\d|\s*[ap]\.?m\b)")
# A period that names the base itself ("the previous year", "the same period a year ago") is the base
# of a comparison when a preposition of comparison leads to it.
_BASE_WORD = re.compile(r"\b(?:previous|preceding|same|earlier|before|ago|prior)\b")
_BASE_PREPOSITION = re.compile(r"\b(?:on|than|from|against|with)\s+(?:the\s+|a\s+)?$")
# Words before a period that make it the base of a comparison, not the figure's own period.
_COMPARISON_CUE = re.compile(
    r"\b(?:(?<!more )(?<!less )(?<!fewer )(?<!rather )(?<!other )than|compared\s+(?:with|to)|relative\s+to|versus|vs|"
    r"previous|preceding|prior|records?|pre-\w+|before|highest|lowest|largest|smallest|biggest|fastest|slowest)\b[^;:–—]*$"
)


def _hints(sentence: str, lower: str) -> set[str] | frozenset[str]:
    """The words of a sentence, lower-cased, and flags for shapes of digits (#digit, #year...)."""
    words = word_set(sentence)
    first_digit = _DIGIT.search(lower)
    if first_digit is None:
        return words
    hints = set(words)
    hints.add("#digit")
    if _FOUR_DIGITS.search(lower, first_digit.start()):  # a run of four digits or more
        hints.add("#year")
        if _RANGE.search(lower):
            hints.add("#range")
    if "quarter" in words or "q" in words and _QUARTER.search(lower):
        hints.add("#quarter")
    if _CLOCK.search(lower):
        hints.add("#clock")
    if lower.count("/") >= 2 or "." in lower and _DOTTED_DATE.search(lower):
        hints.add("#date-separators")  # "11/17/2021", "17.11.21"
    return hints


def _matches(pattern: _PeriodPattern, lower: str, sentence: str):
    """The pattern's matches in the lower-cased sentence that start a word (when the pattern says
    so) and whose month names are capitalised in the sentence itself."""
    position = 0
    regex, word_start, months = pattern.regex, pattern.word_start, pattern.month_groups
    while (m := regex.search(lower, position)) is not None:
        start = m.start()
        if (word_start and start and (lower[start - 1].isalnum() or lower[start - 1] == "_")) or (
            months and not all(m.start(g) < 0 or sentence[m.start(g)].isupper() for g in months)
        ):
            position = start + 1
            continue
        yield m
        position = max(m.end(), start + 1)


_LABEL_LEAD = re.compile(r"(?:(?:in|during|for|over|at|on|by|of|from|throughout)\s+)?(?:the\s+)?")


def _overlaps_taken(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps a span of ``taken`` (in order, never overlapping each other)."""
    i = bisect.bisect_left(taken, (start, end))
    return (i < len(taken) and taken[i][0] < end) or (i > 0 and taken[i - 1][1] > start)


def find_periods(sentence: str, published: date | None = None) -> list[PeriodMention]:
    """Every period, date and time of day in a sentence, earliest first, never overlapping.

    >>> [p.label for p in find_periods("around 23 a day in 2017-18 – up from 15 in the previous 12 months")]
    ['2017-18', 'previous 12 months']
    >>> p = find_periods("in the year ending March 2019")[0]
    >>> (p.label, str(p.period_start), str(p.period_end))
    ('year ending March 2019', '2018-04-01', '2019-03-31')
    >>> p = find_periods("At 31 March 2020, 7,172 children")[0]
    >>> (p.label, str(p.period_start), str(p.period_end))
    ('31 March 2020', '2020-03-31', '2020-03-31')
    """
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    lower = lowered(sentence)
    hints = _hints(sentence, lower)
    for pattern in _PATTERNS:
        if not pattern.all_of <= hints or (pattern.any_of and pattern.any_of.isdisjoint(hints)) or (
                pattern.also_any_of and pattern.also_any_of.isdisjoint(hints)):
            continue
        for m in _matches(pattern, lower, sentence):
            start, end = m.span()
            if start == end or _overlaps_taken(taken, start, end):
                continue
            try:
                period_start, period_end = pattern.resolver(m, published)
            except (ValueError, KeyError):
                period_start, period_end = None, None
            # The label is the sentence's own text, without a leading "in the".
            inner_start = start + len(m.group(0)) - len(m.group(0).lstrip(" ()"))
            inner_end = end - (len(m.group(0)) - len(m.group(0).rstrip(" ()")))
            lead = _LABEL_LEAD.match(lower, inner_start, inner_end)
            label = sentence[lead.end() if lead else inner_start : inner_end].strip(" ,")
            cue = _COMPARISON_CUE.search(lower, max(0, start - 50), start)
            if cue is None and _BASE_WORD.search(lower, start, end):  # "up 21 per cent on the previous year"
                cue = _BASE_PREPOSITION.search(lower, max(0, start - 16), start)
            found.append(PeriodMention(start, end, label, period_start, period_end, pattern.time_of_day,
                                       cue is not None, cue.start() if cue else -1))
            bisect.insort(taken, (start, end))
    return sorted(found, key=lambda p: p.start)
