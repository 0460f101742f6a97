"""Places and organisations named in a text, and the source a sentence attributes its figures to:
a listed organisation after "according to", one its introducer names, the subject of a speech verb
(:mod:`statwh.attribution`), "the agency" for the last agency named, else the publisher of its own
release (never a news outlet).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from statwh.attribution import described_source, introduced_source, is_news_outlet, speaker_source
from statwh.lexicon import Lexicon, Organisation, load_lexicon
from statwh.patterns import _patterns
from statwh.regex import alternation, lower_in_place, lowered, rx, word_set


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
