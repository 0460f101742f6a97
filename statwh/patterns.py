"""The extractor's patterns, built once per lexicon from the word lists in ``seeds/lexicon``.

Every stage reads the same compiled patterns (:func:`_patterns`): the candidates stage its units,
scales and number words, the decision stage its cue words, the attribute stages their hedges and
change words. The word patterns are lower case and run on a sentence's lower-cased text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from statwh.lexicon import Lexicon
from statwh.regex import alternation, key_words

# Nouns of change that make the figure after "of" a change ("an increase of 5%"); read_kind uses them too.
_CHANGE_NOUNS = r"increase|rise|fall|drop|decrease|reduction|growth|cut|jump|surge|decline|gain|loss"



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
    age_before: re.Pattern  # "aged 5", "ages 12 to 15", "aged eleven and twelve", "aged nine, ten, 49 and 59"
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
    person_words: frozenset[str]  # person_nouns as a set
    penalty_keys: frozenset[str]
    person_place_before: re.Pattern  # "Senator from ", "the mayor of "
    person_place_keys: frozenset[str]
    person_place_after: re.Pattern  # "United States Senator", "UK Prime Minister": a place as a person's title
    counted_words: frozenset[str]  # counted_nouns as a set
    news_time_measures: frozenset[str]  # time_measure_cues less what times one event in news
    tally_after: re.Pattern  # "26 saves", "30 points": one match's tally
    family_after: re.Pattern  # "three children", "two grown-up sons"
    family_keys: frozenset[str]
    tally_keys: frozenset[str]
    name_end_words: frozenset[str]  # last words of places and organisations: "In London 300 people" is no model name
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
            r"(?:\+?\s|-)?(" + alternation(suffixes) + r")(?![A-Za-z])"  # "+": "30+ years"
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
        # every age of a list after "aged", in digits or in number words (one to ninety)
        age_before=re.compile(
            r"a(?<!\w.)ge[ds]?\s+(?:of\s+|under\s+|over\s+|between\s+|from\s+|up\s+to\s+)?(?:(?:\d+|(?:"
            + alternation([w for w, (value, role) in lexicon.number_words.items() if role in ("unit", "tens") and value > 0])
            + r")(?:-[a-z]+)?)\s*(?:,\s*(?:and\s+)?|-|–|to|and|or)\s*){0,6}$"),
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
        person_words=frozenset(cues["person_nouns"]),
        person_before=re.compile(r"(?:[A-Z][\w'’-]*|\b(?:" + alternation(cues["person_nouns"]) + r")),\s*$"),
        penalty_keys=frozenset(cues["penalty_words"]),
        person_place_before=re.compile(r"(?:" + alternation(cues["place_of_person_roles"], word_start=True)
                                       + r")\s+(?:from|of|for)\s+(?:the\s+)?(?:[A-Za-z]+,?\s+){0,3}$"),
        person_place_keys=key_words(cues["place_of_person_roles"]),
        counted_words=frozenset(cues["counted_nouns"]),
        news_time_measures=frozenset(cues["time_measure_cues"] - cues["news_event_time_words"]),
        tally_after=re.compile(r"\s+(?:[a-z]+\s+)?(?:" + alternation(cues["match_tally_nouns"]) + r")\b"),
        tally_keys=frozenset(cues["match_tally_nouns"]),
        family_after=re.compile(r"\s+(?:[a-z-]+\s+)?(?:" + alternation(cues["family_nouns"]) + r")\b"),
        family_keys=key_words(cues["family_nouns"]),
        name_end_words=frozenset(name.split()[-1] for name in [*lexicon.places, *(o.alias for o in lexicon.organisations)]),
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
