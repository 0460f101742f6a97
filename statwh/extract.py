"""Find the statistics a document states, with their attributes.

Plain rules over the text, with every word list in ``seeds/lexicon``. Knows nothing
about any particular document. The entry point is :func:`extract_statistics`, which runs the stages
in order, each a module of its own:

1. :mod:`statwh.sentences`: the text cut into sentences; lines and sentences not read;
2. :mod:`statwh.candidates`: every number of a sentence with its unit, range, share or multiple;
3. :mod:`statwh.decide`: statistic or not, with the id of the rule that decided;
4. attributes: :mod:`statwh.attributes` (qualifier, kind and direction, rate, the nearest place and
   period), :mod:`statwh.subjects` (what is measured), :mod:`statwh.sources` with
   :mod:`statwh.attribution` (who stated it), :mod:`statwh.periods` (dates);
5. :mod:`statwh.discourse`: what carries from earlier sentences, and when it stops;
6. :mod:`statwh.merge`: repeats of one figure merged.

This module reads a document through them, sentence by sentence, and builds each
:class:`statwh.statistic.Statistic`.

>>> stats = extract_statistics("At least 80,000 people in the UK pose a threat, according to the National Crime Agency.")
>>> [(s.value, s.unit, s.qualifier, s.geography, s.source) for s in stats]
[(80000.0, 'count', 'at_least', 'United Kingdom', 'National Crime Agency')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date
from typing import Sequence

from statwh.attributes import (_BRACKET_OPEN, _nearest_period, _nearest_place, _outside_periods, _places_of_figures,
                                _scene_places,
                               read_kind, read_per, read_qualifier)
from statwh.candidates import _DIGIT, _DIGIT_RUN, Quantity, _has_number_words, find_quantities
from statwh.decide import _WINDOW, _YEAR_LIKE, rejection_reason
from statwh.discourse import _Context
from statwh.lexicon import Lexicon, load_lexicon
from statwh.merge import merge_repeats
from statwh.patterns import _Patterns, _patterns
from statwh.periods import PeriodMention, find_periods
from statwh.regex import lower_in_place, word_set
from statwh.sentences import Sentence, split_sentences, unread_reason
from statwh.sources import (_fallback_source, _is_generic, _is_news, _source_in_sentence, find_organisations,
                            find_places)
from statwh.statistic import Statistic
from statwh.subjects import elided_head, read_subject

# Re-exported: the stages' entry points, for callers that know only this module.
__all__ = ["EXTRACTOR_VERSION", "Quantity", "Sentence", "Statistic", "extract_statistics", "find_quantities",
           "find_organisations", "find_places", "merge_repeats", "read_kind", "read_per", "read_qualifier",
           "rejection_reason", "split_sentences"]

EXTRACTOR_VERSION = "0.2.0"


# --- the extractor -----------------------------------------------------------------------


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
    # "$" and "dollars" are the currency of the country in the title: a release that names Canada in
    # its text ("imports from Canada") is no Canadian text.
    dollar = lexicon.dollar_currencies.get(title_places[0][1], "USD") if title_places else "USD"
    context = _Context([o for _, o in find_organisations(title or "", lexicon)],
                       title_places[0 if news else -1][1] if title_places else None, published, dollar=dollar, news=news)
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
        if news and (len(places) > 1 or places and "from" in sentence.text):
            places = _scene_places(sentence.text, places, lexicon)  # "Randolph, New Hampshire, United States"
        named = next((o.name for _, o in orgs if not _is_generic(o)), None) if orgs else None
        if named:
            paragraph_source = (sentence.line_start, named)
        if _DIGIT.search(sentence.text) is None and not _has_number_words(sentence.text, patterns):
            if orgs or places:  # a sentence with neither, and no figure, tells the context nothing
                context.observe([o for _, o in orgs], places, [], "", sentence.line_start)
            continue
        line_start = sentence.line_start
        if unread_reason(text, sentence, lexicon, skipped_lines):
            continue  # a table row, another language, "Subscribe for £1 a month"
        # Rules that need no periods first: a sentence left with no candidate is done (most are).
        only_years = _only_years(sentence.text, patterns)  # "• 2022": no need to read its numbers
        candidates = [] if only_years else [
            q for q in find_quantities(sentence.text, lexicon) if rejection_reason(sentence, q, (), lexicon, news) is None]
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
        previous_subject = found[-1].subject if found else None
        last_subject = context.last_subject if context.last_subject_line == sentence.line_start else None
        elided = elided_head(sentence.text, q.start, q.end, previous_subject, last_subject, lexicon) \
            if q.unit == "count" else None  # "35 were rescued": people
        subject = read_subject(sentence.text, q.start, q.end, periods, next_start, previous_subject, lexicon,
                               found[-1].char_end - sentence.start if found else None, elided)
        if not found and (not subject or _ANAPHORIC_OPENING.fullmatch(subject)) and _ANAPHORIC_OPENING.match(sentence.text):
            subject = context.last_subject  # "That is 5 per cent higher than in 2021-22."
        if among and subject and _MODIFIER_SUBJECT.match(subject):
            subject = f"{among.group(1)} {subject}"  # "Among men, 32.7% aged 18–44 years": "men aged 18–44 years"
        owner = _OWNER_BEFORE.search(before[-60:]) if subject and ("'" in before[-60:] or "’" in before[-60:]) else None
        whose = owner.group(1).removeprefix("The ").removeprefix("A ") if owner else ""
        if whose and subject and whose not in subject:
            subject = f"{whose}'s {subject}"  # "South Carolina's 54 delegates": whose
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
        qualifier = read_qualifier(before, after, lexicon)
        if qualifier == "exact" and restated and restated.unit != q.unit:
            qualifier = restated.qualifier  # "approximately US$8000 or €7000": both approximate; not "some 3 or 4"
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
            qualifier=qualifier,
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
        context.last_subject, context.last_subject_line = found[-1].subject, sentence.line_start
    return found


_PREDICATE_AFTER_NOUN = re.compile(r"\s+[\w-]+\s+(?:are|were|is|was|have|has|had|will|would)\b")
_COORDINATED_GROUP = re.compile(r"\s+(?:of\s+)?(?P<group>[\w-]+(?:\s+[\w-]+){0,2}?)\s+and\s+")


def _share_coordinated_predicates(sentence: Sentence, found: list[Statistic]) -> list[Statistic]:
    """ "43.7% of men and 51.9% of women aged 18+ received a vaccination", "415 thousand priests and 660 thousand
    nuns are subject to the rule": what is said of the second group is said of the first too, so the first
    subject reads "men aged 18+ received a vaccination", "priests subject to the rule"."""
    for i in range(len(found) - 2, -1, -1):
        first, second = found[i], found[i + 1]
        between = _COORDINATED_GROUP.fullmatch(sentence.text, first.char_end - sentence.start,
                                               second.char_start - sentence.start)
        if not between or first.subject != between.group("group") or not second.subject:
            continue
        second_group = second.subject.split()[0]
        of_groups = between.group(0).lstrip().startswith("of")  # "43.7% of men and 51.9% of women aged 18+"
        if not of_groups and (" " in first.subject or not _PREDICATE_AFTER_NOUN.match(
                sentence.text, second.char_end - sentence.start)):
            continue  # "415 thousand priests and 660 thousand nuns are subject to": only a verb's predicate is shared
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
_OWNER_BEFORE = re.compile(r"(?<![\w'’])([A-Z][\w.&-]*(?:\s+(?:of\s+)?[A-Z][\w.&-]*){0,4})['’]s\s+(?:[a-z]+\s+)?$")
_US_MARK = re.compile(r"US|U\.S\.|[Aa]merican")
# The same figure said again in other terms, right after the first: "338 (5%)", "£99 or 5.1%".
_RESTATES = re.compile(r"\s*\(\s*|\s*,?\s+or\s+")  # between the first figure and the second
