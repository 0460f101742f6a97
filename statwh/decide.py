"""Stage 3, the decision: whether a candidate number is a statistic, and if not, the rule that
says why. Each rule has an id (the reason :func:`rejection_reason` returns, which ``statwh explain``
prints), reads a short window either side of the number, and takes its words from
``seeds/lexicon/cues.yaml``; ``tests/test_news_rules.py`` holds examples of each, kept and rejected.

Rules, in the order they are tried:

- time of day ("at 0700 UTC", "11:00"); date or period (a date, a year, "the last five years");
  phone number; identifier or glued marker ("COVID-19", "K2-18b"); label ("number 27", "#4",
  "Area 51"); number in a name ("Debian Linux 12", "a Boeing 707"); footnote marker; file size or
  reading time; year; list numbering; street number; web address;
- rate denominator ("per 100,000"); rank ("the top 10"); chart description; threshold ("spending
  more than 30% of their income"); identifier ("section 74"); age ("aged 12 to 15", "Smith, 49,",
  "He was 88."); duration or period; one person's sentence ("four years of prison"); exchange rate
  base ("one bitcoin is worth"); distance locating a place ("80 km north of"); small count in words
  (kept when it counts people or events: "killed three", "two Democrats opposed"); list count.

>>> from statwh.sentences import split_sentences
>>> from statwh.candidates import find_quantities
>>> from statwh.periods import find_periods
>>> s = "One officer, who worked for over 20 years, saw children under 10 in 2017-18."
>>> sent = split_sentences(s)[0]
>>> [rejection_reason(sent, q, find_periods(s)) for q in find_quantities(s)]
['small count in words', 'date or period', 'age', 'date or period', 'date or period']
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Final, Sequence

from statwh.candidates import Quantity
from statwh.lexicon import Lexicon, load_lexicon
from statwh.patterns import _Patterns, _patterns
from statwh.periods import MONTHS, WEEKDAYS, PeriodMention
from statwh.regex import alternation, lowered, rx, word_set
from statwh.sentences import Sentence


_WINDOW: Final = 200  # characters either side of a figure that the rules read
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
    sentence: Sentence, q: Quantity, periods: Sequence[PeriodMention], lexicon: Lexicon | None = None,
    news: bool = False,
) -> str | None:
    """Why a quantity is not a statistic (the id of the rule that decided), or None when it is one.
    With no ``periods``, only the rules that need none are applied (the extractor reads periods only
    where a candidate is left). ``news``: the document is a news outlet's report, and the rules for
    FORMAT.md's "News articles" apply too (one person's age, family, sentence or size; names and
    models; scores; distances that locate an event). Examples: the module's docstring and
    ``tests/test_news_rules.py``."""
    if not math.isfinite(q.value):
        return "number too large"  # 400 digits: no figure, and no arithmetic on it
    lexicon = lexicon or load_lexicon()
    text = sentence.text
    # The rules look a short way either side: windows keep a long sentence linear.
    before, after = text[max(0, q.start - _WINDOW) : q.start], text[q.end : q.end + _WINDOW]
    lower = lowered(text)
    lower_before = lower[max(0, q.start - 80) : q.start]
    words = word_set(text)
    patterns = _patterns(lexicon)
    if q.form == "digits" and (_CLOCK_AFTER.match(after) and q.value <= 24 or _CLOCK_BEFORE.search(before[-3:])):
        return "time of day"  # "11:00", "at 9:30"; not the ratio "17.8:1"
    if q.form == "digits" and not patterns.time_zone_keys.isdisjoint(words) and patterns.time_zone_after.match(lower, q.end) \
            and (q.value <= 12 or q.end - q.start == 4 and text[q.start : q.end].isdigit()) \
            and "," not in text[q.start : q.end]:
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
        if q.end - q.start == 3 and (not patterns.dial_keys.isdisjoint(words) and patterns.dial_before.search(lower_before)
                                     or _CONTACT_ON_BEFORE.search(lower_before[-60:])):
            return "phone number"  # "phoned 911", "dial 999", "contact police on 101"
        if news and q.unit == "count" and before.endswith(" ") and not before[before.rfind(" ", 0, -1) + 1 : -1].islower() \
                and _is_name_number(text, lower, q, before, patterns):
            return "number in a name"  # "CentOS Linux 7", "a Boeing 737", "Apollo 11"
        if after[1:2] in _ERA_INITIALS and _ERA_AFTER.match(after):
            return "date or period"  # "664 b.c.e.", "AD 79"
        if before.rstrip().endswith(("±", "+/-")):
            return "uncertainty"  # the 195 of "1010 ± 195 light years"
        if news and q.unit == "count" and not _SCORE_WORDS.isdisjoint(words) and _is_score(text, lower, q):
            return "sports score"  # "defeated Wynnum 45 points to 24", "won 3-1"
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
    if q.unit in ("count", "years") and not patterns.reference_words.isdisjoint(words) \
            and patterns.reference_tail.search(lower_before):
        return "identifier"  # "section 74"; not the 59% of "At Key Stage 2, 59% of pupils"
    if "old" in words and _YEARS_OLD.match(lower, q.end):
        return "age"
    if q.unit in ("count", "years") and not _AGE_WORDS.isdisjoint(words) and patterns.age_before.search(lower_before):
        return "age"
    if q.unit in ("count", "years") and not patterns.age_words.isdisjoint(words) \
            and patterns.age_band_tail.search(lower_before):
        return "age"
    if q.unit == "count" and q.form == "digits" and q.value == int(q.value) and 0 < q.value <= 25 \
            and _UNDER_BEFORE.search(lower_before) and _CLAUSE_END.match(after):
        return "age"  # "Of those, 2.3m were under 18."
    if news and q.unit in _TIME_UNITS and not patterns.penalty_keys.isdisjoint(words) \
            and patterns.aggregate_keys.isdisjoint(words):
        return "one person's sentence"  # "four years of prison", "a minimum term of 25 years"
    if q.unit in _TIME_UNITS and _HYPHENATED_UNIT.search(text, q.start, q.end):
        return "duration or period"  # "the five-year average", "a 41-year high": a compound adjective
    if q.unit in _TIME_UNITS and _WAIT_THRESHOLD_BEFORE.search(lower_before):
        return "threshold"  # "patients waiting more than 52 weeks": the bound that defines a group
    compound = after.startswith("-") and _TIME_COMPOUND.match(after)  # "5-year", "12-month"
    if q.unit in _TIME_UNITS or compound:
        # In news, "took five hours" and "spent 20 years" time one event or one life (FORMAT.md).
        measured = words & (patterns.news_time_measures if news else lexicon.cues["time_measure_cues"])
        comparative = _COMPARATIVE_AFTER.match(after)
        if not (measured or comparative) or compound:
            return "duration or period"
    if q.form == "words" and q.value == 1 and q.unit.isupper() \
            and _WORTH_AFTER.match(lower, q.end):
        return "exchange rate base"  # "one bitcoin is worth US$8000": the 8000 is the figure
    if q.unit == "percent" and "majority" in words and _MAJORITY_AFTER.match(lower, q.end) \
            and _REQUIREMENT_BEFORE.search(lower_before):
        return "threshold"  # "would have to pass it by a two-thirds majority": a rule, not a result
    if q.unit == "count" and _GROUP_BOUND_AFTER.match(lower, q.end) and _GROUP_HEAD_BEFORE.search(lower_before[-12:]):
        return "threshold"  # "families with three or more children": the bound that defines a group
    if q.form == "words" and q.value == 12 and text[q.start : q.end].lower() == "dozens":
        return "vague quantity"  # "dozens of people": no number
    if news:
        reason = _news_reason(text, q, before, after, lower, lower_before, words, patterns)
        if reason:
            return reason
    if q.form == "words" and q.unit == "count" and q.value <= 10 and not _counts_in_news(text, q, lower, words, patterns):
        return "small count in words"
    if q.unit == "count" and q.value <= 20 and q.value == int(q.value) and patterns.list_after.match(lower, q.end):
        return "list count"
    return None


def _news_reason(text: str, q: Quantity, before: str, after: str, lower: str, lower_before: str,
                 words: frozenset[str], patterns: _Patterns) -> str | None:
    """The rules for FORMAT.md's "News articles": one person's age, family, charges and sentence,
    one object's size, one match's tally, distances that locate an event, counts that announce a list.
    Official releases state such shapes as statistics ("Wales was 114.", "took 280 days", "had 1.92
    children", "12.3 million tonnes last year"), so these rules run on news only."""
    if q.unit == "count" and lower.startswith("-", q.end) and _is_object_description(lower, q, patterns):
        return "description of one object"  # "a 25-room home", "a ten-storey building"; not "the 55-member union"
    if q.unit in _SIZE_UNITS and (_OBJECT_BEFORE.search(lower_before[-30:]) or _RESTATED_SIZE_BEFORE.search(lower_before)) \
            and _SIZED_NOUN_AFTER.match(lower, q.end) and not _SIZE_HEDGE_BEFORE.search(lower_before[-30:]):
        return "description of one object"  # "The 75 m (250 ft) ship was built in 1993", "a 40 km stretch"
    if q.unit == "count" and q.value <= 10 and _LIST_COLON_AFTER.match(lower, q.end) \
            and lower[q.end :].split(None, 1)[0].strip(":") not in patterns.toll_keys:
        return "list count"  # "permitted only in two cases: if ..."; not "9 fatalities: 5 drivers and 4 pedestrians"
    if q.unit == "count" and q.value == int(q.value) and not patterns.family_keys.isdisjoint(words) \
            and patterns.family_after.match(lower, q.end) and _FAMILY_BEFORE.search(lower_before):
        return "one person's family"  # "survived by his wife and three children"
    if q.unit == "count" and not patterns.tally_keys.isdisjoint(words) and not _TALLY_CONTEXT.isdisjoint(words) \
            and patterns.tally_after.match(lower, q.end):
        return "one match's tally"  # "made 26 saves", "took 5 wickets"
    if q.unit == "count" and ("counts" in words or "count" in words) and _LEGAL_COUNTS_AFTER.match(after):
        return "charges in one case"  # "faced 18 counts of fraud"
    if q.unit == "count" and "charges" in words and not _PLEA_WORDS.isdisjoint(words) and _CHARGES_AFTER.match(after):
        return "charges in one case"  # "pleading guilty to fourteen felony charges each"
    if q.unit in _DISTANCE_UNITS and _WITHIN_BEFORE.search(lower_before):
        return "distance locating a place"  # "within two miles of each other"
    if q.unit in _DISTANCE_UNITS and not patterns.locating_keys.isdisjoint(words) \
            and patterns.locating_after.match(lower, q.end):
        return "distance locating a place"  # "785 miles (1,260 km) west of Bermuda", "18 kilometres away"
    if q.unit == "count" and q.form == "digits" and _is_age_apposition(text, q, before, after, words, patterns):
        return "age"  # "Andrew Kinsman, 49, was", "Another brother, 22,", "Hagan ... was 66."
    return None


_TO_JOINED = re.compile(r"\d-to-$")
_GROUP_BOUND_AFTER = re.compile(r"\s+(?:or|and)\s+(?:more|fewer|less|over|above|under|older|younger)\b")
_GROUP_HEAD_BEFORE = re.compile(r"\b(?:with|having|where|of|had|have|has)\s+$")
_CONTACT_ON_BEFORE = re.compile(r"\b(?:contact|call|ring|phone|text)\w*\s+(?:[\w'’]+\s+){0,4}on\s+$")
_CLOCK_AFTER = re.compile(r":[0-5]\d(?!\d)")  # "11:00", "9:45": a clock reading
_CLOCK_BEFORE = re.compile(r"\d:$")
_SIZE_HEDGE_BEFORE = re.compile(r"\b(?:record|further|additional|extra|average|total|estimated|another)\s+$")
_CODE_BEFORE = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z]*\d+-$")  # "K2-", "MH17-": a code goes on after its hyphen
# The second day of "from March 15 to 17": a capitalised month (periods.MONTHS), a day, a joint.
_DAY_RANGE_BEFORE = re.compile(
    r"\b(?:" + alternation([m.capitalize() for m in MONTHS]) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|to|and|through|until)\s*$")
_WORTH_AFTER = re.compile(r"\s+(?:is|was|are|were)?\s*(?:worth|equals|equalled|equaled|buys|bought)\b")
_GROUP_VERB_BEFORE = re.compile(
    r"\b(?:spend|spends|spent|spending|pay|pays|paid|paying|earn|earns|earned|earning|use|uses|used|using|"
    r"lose|loses|lost|losing|owe|owes|owing)\s+(?:\w+\s+)?(?:more than|over|less than|under|at least|above|below)\s+$")
_DISTANCE_UNITS = frozenset({"km", "miles", "m", "feet", "light years"})
# Units of one object's size when written before its noun: "The 75 m (250 ft) ship", "a 40 km stretch".
_SIZE_UNITS = frozenset({"km", "miles", "m", "feet", "cm", "mm", "inches", "kg", "lb", "tonnes", "tons", "km2",
                         "square feet", "square miles", "m3", "light years"})
_PREDICATE_WORDS = ("was", "is", "aged", "turned", "turns", "been")  # "He was 88.", "would have been 80"
_PREDICATE_BEFORE = re.compile(r"\b(?:" + "|".join(_PREDICATE_WORDS) + r")\s+$")
_PREDICATE_END = re.compile(r"\s*(?:[.;!]|$)|\s+(?:on|in)\s+(?:[A-Z]|\d)")  # "He was 88.", "would have been 80 on May 2"
_APPOSITION_END = re.compile(r"\s*[,;)]")
_APPOSITION_STARTS = frozenset(",;)")
_PREDICATE_ENDS = tuple(word + " " for word in _PREDICATE_WORDS)
_AGE_PAIR_AFTER = re.compile(r"\s+(?:and|or)\s+\d{1,3}\s*[,;)]")
_AGE_PAIR_BEFORE = re.compile(r",\s*\d{1,3}\s+(?:and|or)\s+$")
_PERSON_OPENERS = frozenset({"he", "she"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                          "each", "every", "all", "some", "no", "there", "it"})


_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’])([A-Z][\w&'’-]*|[a-z]+[A-Z][\w&'’-]*)\s$")  # "Linux", "iPhone"
_NOT_NAME_WORDS = frozenset(MONTHS) | WEEKDAYS | {"i", "by", "to", "of", "and", "or"}


def _is_name_number(text: str, lower: str, q: Quantity, before: str, patterns: _Patterns) -> bool:
    """Whether a bare number is part of a name or a model: right after a capitalised word that
    does not open the sentence ("CentOS Linux 7 was released", "a Boeing 737 crashed", "Storm Area 51"),
    and not counting people or things after it ("in Texas 500 people"). Off in a headline written
    in title case ("Fire Kills 17 In Delhi")."""
    word = _CAPITALISED_BEFORE.search(before[-30:])
    if word is None or word.group(1).lower() in _NOT_NAME_WORDS or word.group(1) in patterns.name_end_words:
        return False
    if _VERSION.fullmatch(text, q.start, q.end):
        return True  # "Democracy 2.0", "Windows 3.1.1": a version, wherever it stands
    opening = text[: q.start - len(word.group(0))].strip(" \"'“‘([")
    if not opening or opening[-1] in ".:;!?—–-":
        return False  # the sentence's or a clause's first word: "Some 300", "About 40"
    if patterns.counted_after.match(lower, q.end):
        return False
    letters = _WORD_STARTS.findall(text)
    return not letters or sum(w[:1].isupper() for w in letters) / len(letters) < 0.6


_VERSION = re.compile(r"\d{1,2}\.0|\d{1,2}\.\d\.\d{1,2}")
_WORD_STARTS = re.compile(r"(?<![\w'’])[A-Za-z][a-z]+")


_ERA_INITIALS = frozenset("bBaAcC")  # the letter after the space: "664 b.c.e.", "79 AD", "300 CE"
_ERA_AFTER = re.compile(r"\s*(?:b\.?\s?c\.?(?:e\.?)?|a\.?\s?d\.?|c\.?e\.?)(?![a-z])", re.IGNORECASE)
_PLEA_WORDS = frozenset({"guilty", "pleaded", "pleading", "pleads", "convicted", "indicted", "acquitted", "faces",
                         "faced", "facing"})
_CHARGES_AFTER = re.compile(r"\s+(?:\w+\s+)?charges\b")
_LEGAL_COUNTS_AFTER = re.compile(r"\s+(?:\w+\s+)?counts?\s+of\b")
_WITHIN_BEFORE = re.compile(r"\bwithin\s+(?:about\s+|around\s+|some\s+)?$")
# Votes are tallied "230 to 197" or "230-to-197"; a match's score "3-1", "43–5" or "45 points to 24".
_SCORE_WORDS = frozenset({"defeated", "defeating", "beat", "beating", "beaten", "drew", "draw", "victory", "defeat",
                          "scored", "scoring", "thrashed", "edged", "routed", "won", "lost", "win", "loss"})
_SCORE_VERBS = re.compile(r"\b(?:" + alternation(_SCORE_WORDS) + r")\b")
_TALLY_VERBS = frozenset({"made", "scored", "kicked", "threw", "caught", "hit", "took", "recorded", "saved", "rushed"})
_TALLY_CONTEXT = _TALLY_VERBS | _SCORE_WORDS
_SCORE_PAIR = re.compile(r"\d+\s*(?:[–-]|points?\s+to)\s*\d+(?!\s*-?to)")


_COMPOUND_AFTER = re.compile(r"-(?P<noun>[a-z]+)(?:-[a-z]+)?\s+[a-z]")
_OBJECT_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her)\s+(?:[\w'’-]+\s+)?$")
_MAJORITY_AFTER = re.compile(r"(?:[\s-]+\w+)?\s+(?:super)?majority\b")
_REQUIREMENT_BEFORE = re.compile(r"\b(?:need|needs|needed|require|requires|required|requiring|must|would have to|"
                                 r"has to|have to|by a|by)\b[^.;]{0,40}$")


_SIZED_NOUN_AFTER = re.compile(r"\)?(?:\s*\([^()]{0,30}\))?\s+(?!(?:of|in|on|at|was|were|is|are|has|had|from|to|and|or|"
                               r"away|long|high|tall|wide|deep|per|an|a|the|by|for|with)\b)[a-z]{3,}\b")
# The restatement in brackets of a size before its noun: the 250 of "The 75 m (250 ft) ship".
_RESTATED_SIZE_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+[\d.,]+\s*[a-z]+\s*\(\s*(?:about\s+|around\s+|some\s+)?$")
_LIST_COLON_AFTER = re.compile(r"\s+(?:[a-z]+\s+){0,2}[a-z]+\s*:\s")
_FAMILY_BEFORE = re.compile(r"\b(?:survived by|survives|leaves|left behind|father of|mother of|parents of|had|has|have|"
                            r"raised)\b[^.;]{0,40}$")  # not "their thirteen children", the victims of a case


def _is_object_description(lower: str, q: Quantity, patterns: _Patterns) -> bool:
    """Whether a number only describes one object, as a compound before its noun: "a 25-room home",
    "the ten-storey building", "a 300-page report"; not when the compound counts people or things
    news counts ("the 55-member union", "a 1,500-seat stadium")."""
    compound = _COMPOUND_AFTER.match(lower, q.end)
    if compound is None or not _OBJECT_BEFORE.search(lower, max(0, q.start - 40), q.start):
        return False
    noun = compound.group("noun")
    return noun not in patterns.counted_words and noun + "s" not in patterns.counted_words \
        and noun not in ("year", "month", "week", "day", "hour", "minute")


def _is_score(text: str, lower: str, q: Quantity) -> bool:
    """Whether a number is one side of a match's score: a pair "45 points to 24", "43–5", "3-1"
    near a verb of winning or losing ("Caloundra defeated Wynnum 45 points to 24")."""
    window = text[max(0, q.start - 12) : q.end + 16]
    if not _SCORE_PAIR.search(window):
        return False
    return _SCORE_VERBS.search(lower, max(0, q.start - 60), q.start) is not None


def _is_age_apposition(text: str, q: Quantity, before: str, after: str, words: frozenset[str],
                       patterns: _Patterns) -> bool:
    """Whether a bare whole number gives a person's age: in apposition after a name or a person
    ("Andrew Kinsman, 49, was", "Another brother, 22, was chained") or as the predicate of a sentence
    about a person ("He was 88.", "Hagan, the state's first female senator, was 66."), where no toll
    word makes it a count ("The death toll was 66.")."""
    if not (1 <= q.value <= 120 and q.value == int(q.value)):
        return False
    next_char = after.lstrip(" ")[:1]
    if next_char not in _APPOSITION_STARTS and not after.startswith((" and ", " or ")) \
            and not before.endswith(_PREDICATE_ENDS) and not _PREDICATE_END.match(after):
        return False  # most numbers: neither between commas, nor in a pair of ages, nor a predicate
    if _APPOSITION_END.match(after) and patterns.person_before.search(before[-40:]):
        return True
    if _AGE_PAIR_AFTER.match(after) and patterns.person_before.search(before[-40:]):
        return True  # "Antoine Quirin and Nicolas Redouane, 40 and 49, are"
    pair = _AGE_PAIR_BEFORE.search(before[-50:])
    if pair and _APPOSITION_END.match(after) and patterns.person_before.search(before[-50:][: pair.start() + 2]):
        return True  # the 49 of "..., 40 and 49,"
    if _PREDICATE_BEFORE.search(before[-12:]) and _PREDICATE_END.match(after) and patterns.toll_keys.isdisjoint(words):
        first = _LETTERS.search(text)
        if first is None:
            return False
        word = first.group(0)
        if word in patterns.name_end_words or text[first.end() : first.end() + 2] in ("'s", "’s"):
            return False  # "Wales was 114.", "Scotland's total was 66.": a place's figure, no one's age
        if word.lower() in _DETERMINERS:  # "The singer would have been 75": a person noun after the article
            second = _LETTERS.search(text, first.end())
            return second is not None and second.group(0).lower() in patterns.person_words
        return word.lower() in _PERSON_OPENERS or word[:1].isupper()
    return False


def _counts_in_news(text: str, q: Quantity, lower: str, words: frozenset[str], patterns: _Patterns) -> bool:
    """Whether a small count in words counts people or events, as news reports them ("killed three",
    "seven motorcyclists dead", "Six of the murders", "two Democrats opposed"), rather than numbering a
    list or describing ("two reasons", "the two men", "one of the candidates").

    "one" is a count only in a sentence about a toll ("One child was among the dead", "arrested one
    person"); any count after a determiner refers back to people already counted ("the two men")."""
    previous = _LETTERS.findall(lower, max(0, q.start - 20), q.start)
    if previous and previous[-1] in _DETERMINERS:
        # "one of the four candidates", "two of the three suspects": the whole a part is taken from is counted
        return previous[-2:] == ["of", "the"] and q.value > 1 and patterns.counted_after.match(lower, q.end) is not None
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
