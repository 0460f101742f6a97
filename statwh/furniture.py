"""Page furniture in a document's text: the page talking to its reader (donation and subscription
appeals, cookie notices, share buttons, newsletter prompts, navigation), not the story.

Extraction reads the text with the furniture blanked out, a space for each character (line
breaks kept), so every offset still points into the stored text, which keeps the original. Two
kinds of furniture are found: sentences that open with a furniture phrase or hold one anywhere
(``furniture_openers`` and ``furniture_phrases`` in ``seeds/lexicon/cues.yaml``), and lines that
repeat across several documents of one publisher (a site's standard appeal or footer).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from statwh.ingest import file_of
from statwh.lexicon import Lexicon, load_lexicon
from statwh.regex import alternation, lower_in_place
from statwh.sentences import split_sentences

if TYPE_CHECKING:
    from statwh.ingest import Document

REPEATED_LINE_MIN_DOCUMENTS = 3  # a line in this many documents of one publisher is furniture
REPEATED_LINE_MIN_CHARS = 25  # shorter lines ("Notes", "Share") repeat for other reasons


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern]:
    cues = lexicon.cues
    opener = re.compile(r"\s*[\"'“‘(•·*-]*\s*(?:" + alternation(cues["furniture_openers"]) + r")(?![a-z])")
    phrase = re.compile(alternation(cues["furniture_phrases"]))
    return opener, phrase


FURNITURE_PHRASE = "furniture phrase"  # why a span is blanked: a sentence with an appeal's words
REPEATED_LINE = "repeated line"  # or a line repeated across one publisher's documents


def furniture_marks(text: str, repeated: frozenset[str] = frozenset(),
                    lexicon: Lexicon | None = None) -> list[tuple[int, int, str]]:
    """The spans of ``text`` that are furniture, each with why: whole sentences that hold a furniture
    phrase (a glued sentence after an appeal is not part of it) and whole lines found in ``repeated``.

    >>> text = "Your support makes all the difference.At least 80,000 people pose a threat.\\nShare"
    >>> [(text[s:e], why) for s, e, why in furniture_marks(text)]
    [('Your support makes all the difference.', 'furniture phrase')]
    """
    opener, phrase = _patterns(lexicon or load_lexicon())
    marks = []
    for sentence in split_sentences(text):
        lower = lower_in_place(sentence.text)
        if opener.match(lower) or phrase.search(lower):
            marks.append((sentence.start, sentence.end, FURNITURE_PHRASE))
    if repeated:
        offset = 0
        for line in text.splitlines(keepends=True):
            if line.strip() in repeated:
                marks.append((offset, offset + len(line.rstrip("\r\n")), REPEATED_LINE))
            offset += len(line)
    first = {}  # one mark per start: an appeal's words say more than its repetition
    for mark in marks:
        first.setdefault(mark[0], mark)
    return sorted(first.values())


def furniture_spans(text: str, repeated: frozenset[str] = frozenset(),
                    lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """The spans of :func:`furniture_marks`, without their reasons.

    >>> furniture_spans("Subscribe now. It rose 5%.")
    [(0, 14)]
    """
    return [(start, end) for start, end, _ in furniture_marks(text, repeated, lexicon)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span's characters made spaces, line breaks kept: offsets do not move.

    >>> blank("Subscribe now.\\nPolice recorded 5 thefts.", [(0, 14)])
    '              \\nPolice recorded 5 thefts.'
    """
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def repeated_lines(texts: list[str], min_documents: int = REPEATED_LINE_MIN_DOCUMENTS,
                   min_chars: int = REPEATED_LINE_MIN_CHARS) -> frozenset[str]:
    """Lines (stripped) that stand in at least ``min_documents`` different texts: copies of one
    text (the same article saved three times) count once, or every line of it would be furniture.

    >>> footer = "Sign up for the morning briefing, every weekday at 7am"
    >>> sorted(repeated_lines([f"Story {i}: 5% rise\\n{footer}" for i in range(3)]))
    ['Sign up for the morning briefing, every weekday at 7am']
    >>> sorted(repeated_lines([f"Story: 5% rise\\n{footer}"] * 3))
    []
    """
    counts: Counter[str] = Counter()
    for text in set(texts):
        counts.update(long_lines(text, min_chars).values())
    return frozenset(line for line, n in counts.items() if n >= min_documents)


def furniture_group(document: Document) -> str:
    """Documents whose repeated lines count as one site's furniture: one publisher's, else one folder's.

    >>> from statwh.ingest import Document
    >>> furniture_group(Document("d1", "/news/a.txt", "a.txt", "text", "h", publisher="Wikinews"))
    'Wikinews'
    >>> furniture_group(Document("d1", "/news/feed.jsonl#a1", "feed.jsonl", "text", "h"))
    '/news'
    """
    return document.publisher or str(Path(file_of(document.path)).parent)


def text_key(text: str) -> int:
    """A 64-bit key for a text or a line, the same in every process (a warehouse keeps them).

    >>> text_key("Sign up for the morning briefing")
    807985558572322568
    """
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big", signed=True)


def long_lines(text: str, min_chars: int = REPEATED_LINE_MIN_CHARS) -> dict[int, str]:
    """The lines of ``text`` long enough to count as repeated furniture, stripped, by :func:`text_key`:
    what the warehouse keeps of each document (``document_file``) to find its publisher's repeated
    lines without reading its file again.

    >>> list(long_lines("Notes\\n  Sign up for the morning briefing  \\nShare").values())
    ['Sign up for the morning briefing']
    """
    lines = {line.strip() for line in text.splitlines() if len(line.strip()) >= min_chars}
    return {text_key(line): line for line in lines}
