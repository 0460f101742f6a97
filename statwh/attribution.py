"""Who a sentence says stated its figures, when the organisations list does not name them.

News names its sources in passing, most of them in no list: "according to the fire service",
"Reuters estimated around 200", "US authorities claimed". Two readings, tried by
:func:`statwh.extract._source_in_sentence` after the listed organisations:

- the phrase an introducer opens: "according to X", "reported by X", "figures from X";
- the subject of a speech verb: "X said", "X estimated", with an appositive skipped
  ("Dr Lee, the study's author, said").

And whether a publisher may stand as the source of figures its text attributes to nobody: an
organisation's own release may, a news outlet never (``news_outlet_words``). The words are
``seeds/lexicon/cues.yaml``: ``speech_verbs``, ``source_nouns``, ``document_nouns``,
``not_speakers``, ``source_joiners``, ``source_roles``.
"""
from __future__ import annotations

import re

from statwh.lexicon import Lexicon
from statwh.periods import MONTH_NAMES, WEEKDAYS

_TOKEN = re.compile(r"[’']s\b|(?:[A-Za-z]\.){2,}|[A-Za-z0-9](?:[\w&.–-]|[’'](?!s\b))*[\w&]|[A-Za-z0-9]|[^\w\s]")
_INTRODUCER = re.compile(
    r"\b(?:according to|reported by|(?:figures|data|statistics|estimates|numbers)\s+"
    r"(?:from|by|published by|reported by|released by))\s+", re.IGNORECASE)
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_DETERMINERS = frozenset({"the", "a", "an"})
_LEAD_INS = frozenset({"by", "from"})  # "the reports by the Institute ..." names its author after these
_MAX_APPOSITIVE_TOKENS = 16
# Words that make a role longer, not an organisation: "Prime minister", "Deputy Mayor", "Foreign Secretary".
_ROLE_MODIFIERS = frozenset({"prime", "deputy", "vice", "acting", "interim", "former", "foreign", "health", "finance",
                             "interior", "defence", "defense", "home", "first", "assistant", "senior", "lead", "chief",
                             "general", "executive", "managing", "education", "justice", "environment", "culture"})
_MAX_DESCRIBED_TOKENS = 6
_PARTICIPLES = frozenset({"collected", "compiled", "published", "released", "gathered", "issued", "provided",
                          "produced", "prepared", "commissioned", "conducted", "carried"})
_WHEN_WORDS = WEEKDAYS | MONTH_NAMES | {"today", "yesterday"}  # "a report on Wednesday by UpGuard"
_CLAUSE_OPENERS = frozenset({"that", "which", "who", "while", "whereas", "but", "and", "as", "when", "seen", "cited",
                             "quoted", "obtained", "reviewed"})


def _tokens(text: str) -> list[str]:
    """Words, possessive endings and punctuation.

    >>> _tokens("PG&E's schedule, B.C. Coroners")
    ['PG&E', "'s", 'schedule', ',', 'B.C.', 'Coroners']
    """
    return _TOKEN.findall(text)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _allowed(token: str, following: str | None, lexicon: Lexicon) -> bool:
    """Whether a word can be part of a source's name or description; any word can be when it
    modifies a source noun ("the fire service", "the health ministry")."""
    lower = token.lower()
    if lower in lexicon.cues["not_speakers"] or not token[:1].isalnum() or any(c.isdigit() for c in token):
        return False  # digits: a variable or a label ("R0 estimated", "G7"), not a speaker
    return (_is_capitalised(token) or lower in lexicon.cues["source_nouns"] or lower in lexicon.cues["document_nouns"]
            or lower in lexicon.cues["source_joiners"] or lower in _DETERMINERS or lower in lexicon.cues["source_roles"]
            or (following is not None and following.lower() in lexicon.cues["source_nouns"]))


def _name(words: list[str], lexicon: Lexicon) -> str | None:
    """The words of a phrase as a source's name: leading joiners and determiners dropped, the
    organisation before a role kept ("Asian Development Bank president Ken Sato" -> "Asian Development Bank"), and
    only if it names someone (a capitalised word or a source noun, not a document alone).

    >>> from statwh.lexicon import load_lexicon
    >>> _name(["the", "fire", "service"], load_lexicon())
    'fire service'
    >>> _name(["and", "the", "Myanma", "embassy"], load_lexicon())
    'Myanma embassy'
    >>> _name(["the", "report"], load_lexicon()) is None
    True
    >>> _name(["the", "WHO", "situation", "report"], load_lexicon())
    'WHO'
    """
    edges = lexicon.cues["source_joiners"] | _DETERMINERS  # words a name neither starts nor ends with
    while words and words[0].lower() in edges:
        words = words[1:]
    while words and words[-1].lower() in edges:
        words = words[:-1]
    # "Johns Hopkins University data", "the WHO situation report": whose they are, not the document.
    if len(words) > 1 and words[-1].lower() in lexicon.cues["document_nouns"]:
        kept = words[:-1]
        while kept and kept[-1].islower() and kept[-1] not in lexicon.cues["source_nouns"]:
            kept = kept[:-1]
        if kept and any(_is_capitalised(w) for w in kept):
            words = kept
    if not words:
        return None
    # "co-author of the study Thomas Rivinius": the person after the document, not the document.
    for i, w in enumerate(words[:-1]):
        if w.islower() and w in lexicon.cues["document_nouns"] and all(_is_capitalised(x) for x in words[i + 1 :]):
            words = words[i + 1 :]
            break
    roles = [i for i, w in enumerate(words) if w.lower() in lexicon.cues["source_roles"]]
    if roles and roles[0] > 0 and (_is_capitalised(words[0]) or any(
            w.lower() in lexicon.cues["source_nouns"] for w in words[: roles[0]])):  # "the fire service spokesperson"
        before_role = words[: roles[0]]
        if all(w.lower() in _ROLE_MODIFIERS for w in before_role):  # "Prime minister Hubert Minnis": the person
            person = words[roles[0] + 1 :]
            return " ".join(person) if person and all(_is_capitalised(w) for w in person) else None
        return _name(before_role, lexicon) or " ".join(words)
    names_someone = any(_is_capitalised(w) and w.lower() not in lexicon.cues["document_nouns"] for w in words) \
        or any(w.lower() in lexicon.cues["source_nouns"] for w in words)
    if not names_someone:
        return None
    return " ".join(words).replace(" 's", "'s").replace(" ’s", "’s")


def introduced_source(text: str, lexicon: Lexicon) -> str | None:
    """The source an introducer names: "according to X", "reported by X", "figures from X".

    >>> from statwh.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> introduced_source("Nine people were hurt, according to officials, two of them seriously", lex)
    'officials'
    >>> introduced_source("According to the N.S.W. Rural Fire Service, 40 homes burned", lex)
    'N.S.W. Rural Fire Service'
    >>> introduced_source("According to AT&T's filing, 2 million lines were cut", lex)
    'AT&T'
    >>> introduced_source("According to figures by the Institute for Fiscal Studies, debt rose 4%", lex)
    'Institute for Fiscal Studies'
    >>> introduced_source("Two crew were missing, according to the health ministry.", lex)
    'health ministry'
    >>> introduced_source("According to a survey on Tuesday by Ipsos, 40% agreed", lex)
    'Ipsos'
    >>> introduced_source("According to data compiled by one of the Bank of Korea's teams, 3% left", lex)
    'Bank of Korea'
    >>> introduced_source("Eleven were hurt, according to court documents seen by the paper.", lex)
    'court documents'
    """
    match = _INTRODUCER.search(text)
    if match is None:
        return None
    return _phrase_after(_tokens(text[match.end():]), lexicon)


def described_source(text: str, lexicon: Lexicon) -> str | None:
    """What "according to" names when it is no organisation and no person: a description up to the
    clause's end, not a document alone. The last reading tried, when the sentence names no one else.

    >>> from statwh.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> described_source("Six were, according to agreed facts heard in court, sexual", lex)
    'agreed facts heard in court'
    >>> described_source("according to the report, 5 died", lex) is None
    True
    """
    match = _ACCORDING.search(text)
    if match is None:
        return None
    tokens = _tokens(text[match.end():])
    words: list[str] = []
    for token in tokens[:_MAX_DESCRIBED_TOKENS + 1]:
        if not token[:1].isalpha() or token.lower() in _CLAUSE_OPENERS or token.lower() in lexicon.cues["speech_verbs"]:
            break
        words.append(token)
    if not words or len(words) > _MAX_DESCRIBED_TOKENS:
        return None
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    while words and words[-1].lower() in lexicon.cues["source_joiners"] | _DETERMINERS:
        words = words[:-1]
    if words and words[0].lower() in _POSSESSIVES:
        return None  # "according to its polling": whose, the sentence does not say
    content = [w for w in words if w.lower() not in lexicon.cues["source_joiners"] | _DETERMINERS]
    if not content or all(w.lower() in lexicon.cues["document_nouns"] or w.lower() in lexicon.cues["not_speakers"]
                          for w in content):
        return None
    return " ".join(words)


def _phrase_after(tokens: list[str], lexicon: Lexicon) -> str | None:
    words: list[str] = []
    index = -1
    while index + 1 < len(tokens):
        index += 1
        token = tokens[index]
        if token in ("'s", "’s"):  # "PG&E's schedule": the owner is the source
            return _name(words, lexicon)
        if token.lower() in _LEAD_INS and words:  # "the reports by X": X
            return _phrase_after(tokens[index + 1:], lexicon) or _name(words, lexicon)
        if token.lower() in _PARTICIPLES and index + 1 < len(tokens) and tokens[index + 1].lower() in _LEAD_INS:
            continue  # "data collected by X"
        if token.lower() == "one" and tokens[index + 1 : index + 2] == ["of"]:
            index += 1  # "by one of the agency's teams": the agency
            continue
        if token.lower() == "on" and index + 1 < len(tokens) and tokens[index + 1].lower() in _WHEN_WORDS:
            index += 1  # "a report on Wednesday by UpGuard": the day is no part of a name
            continue
        if not _allowed(token, tokens[index + 1] if index + 1 < len(tokens) else None, lexicon):
            break
        if token.lower() in ("in", "on") and not (
                index + 1 < len(tokens) and (_is_capitalised(tokens[index + 1]) or tokens[index + 1] == "the")):
            break  # "in court" ends it; "authorities in the United Kingdom" goes on
        words.append(token)
    return _name(words, lexicon)


def speaker_source(text: str, lexicon: Lexicon) -> str | None:
    """The subject of the first speech verb that has one: "Reuters estimated", "US authorities
    claimed", "Dr Klaire, the lead author of the study, said".

    >>> from statwh.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> speaker_source("Bloomberg estimated about 3,000 jobs would go.", lex)
    'Bloomberg'
    >>> speaker_source("On Friday, authorities in France and the United States announced that 41 were held", lex)
    'authorities in France and the United States'
    >>> speaker_source("Prof Ana Ruiz, who led the survey, said 12% had no savings.", lex)
    'Prof Ana Ruiz'
    >>> speaker_source("The club's website said 40,000 tickets were sold.", lex)
    "club's website"
    >>> speaker_source("Asian Development Bank president Ken Sato said it needs $9 billion", lex)
    'Asian Development Bank'
    >>> speaker_source("He said 5,000 people came.", lex) is None
    True
    >>> speaker_source("The R0 estimated at 2.5 means each case infects two or three.", lex) is None
    True
    >>> speaker_source("Stanford University data showed 5,000 cases.", lex)
    'Stanford University'
    >>> speaker_source("Local officials said 300 homes were damaged.", lex)
    'Local officials'

    """
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        if not token.islower() or token not in lexicon.cues["speech_verbs"] or index == 0:
            continue
        end = index
        if tokens[end - 1] == ",":  # an appositive: "X, the lead author of the study, said"
            opening = next((i for i in range(end - 2, max(-1, end - 2 - _MAX_APPOSITIVE_TOKENS), -1)
                            if tokens[i] == ","), None)
            if opening is None:
                continue
            end = opening
        start = end
        while start > 0:
            previous = tokens[start - 1]
            if previous in ("'s", "’s") and start > 1:  # "the hotel's website": its owner, whatever its case
                start -= 2
                continue
            if not _allowed(previous, tokens[start], lexicon):
                break
            start -= 1
        name = _name(tokens[start:end], lexicon)
        if name:
            return name
    return None


def is_news_outlet(publisher: str | None, kind: str | None, lexicon: Lexicon) -> bool:
    """Whether a publisher is a news outlet (``kind`` is its organisation's kind, if listed).

    >>> from statwh.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> is_news_outlet("Wikinews", None, lex), is_news_outlet("The Daily Record", None, lex)
    (True, True)
    >>> is_news_outlet("Office for National Statistics (statistical bulletin)", "statistics", lex)
    False
    >>> is_news_outlet("BBC", "news", lex), is_news_outlet("National Crime Agency", "agency", lex)
    (True, False)
    """
    if not publisher:
        return False
    if kind is not None:
        return kind == "news"
    return any(word.lower() in lexicon.cues["news_outlet_words"] for word in re.findall(r"\w+", publisher))
