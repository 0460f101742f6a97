"""Stage 1, sentences: a document's text cut into sentences with their true offsets, and the
lines and sentences that are not read (rows of a table, text in another language or script).

>>> [s.text for s in split_sentences("It rose 5%. Mr. Smith said so.")]
['It rose 5%.', 'Mr. Smith said so.']
"""
from __future__ import annotations

import re
from typing import NamedTuple

from statwh.lexicon import Lexicon
from statwh.patterns import _patterns
from statwh.regex import lowered, word_set

_LETTERS = re.compile(r"[^\W\d_]+")
_LEGEND_MARKS = frozenset("█▀▄▌▐░▒▓■□▪▬")  # block and square characters that key a chart's colours


class Sentence(NamedTuple):
    """A sentence with its offsets in the document text."""

    start: int
    end: int
    text: str
    opens_line: bool
    line_start: int = 0  # where the sentence's line starts in the document text


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


# No sentence is longer: a longer run of text with no sentence end (a flattened table, a file with no
# line breaks) is read in pieces cut at a space, so that time and memory stay linear in its length and
# a statistic's quote stays a sentence, not megabytes. The offsets stay true.
MAX_SENTENCE_CHARS = 3000


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int, line_start: int,
                  opens_line: bool) -> None:
    """Add ``text[start:end]`` stripped, in pieces of at most ``MAX_SENTENCE_CHARS``.

    >>> found = []
    >>> _add_sentence(found, "ab " * 2000, 0, 6000, 0, True)
    >>> [(s.start, s.end, s.opens_line) for s in found]
    [(0, 2999, True), (3000, 5996, False), (5997, 5999, False)]
    """
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _add_sentence(sentences, text, start, cut, line_start, opens_line)
        start, opens_line = cut, False
    span = text[start:end]
    stripped = span.strip()
    if stripped:
        start += len(span) - len(span.lstrip())
        sentences.append(Sentence(start, start + len(stripped), stripped, opens_line, line_start))


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


NOT_A_SENTENCE = "a table row, a chart legend or a line in another language"
PAGE_FURNITURE = "page furniture (an offer or a prompt)"


def unread_reason(text: str, sentence: Sentence, lexicon: Lexicon, lines: dict[int, bool] | None = None) -> str | None:
    """Why a sentence of ``text`` is not read for figures, or None when it is: its line is a table
    row, a chart legend or in another language, it is written in another script, or it is page
    furniture ("Subscribe for £1 a month"). ``lines``: the verdicts on lines already looked at,
    kept by a caller that reads many sentences of one text, so that each line is looked at once.

    >>> from statwh.lexicon import load_lexicon
    >>> text = "Cases | 2021 | 2022\\nSubscribe for £1 a month.\\nCases rose 5%."
    >>> [unread_reason(text, s, load_lexicon()) for s in split_sentences(text)]
    ['a table row, a chart legend or a line in another language', 'page furniture (an offer or a prompt)', None]
    """
    line_start = sentence.line_start
    skipped = lines.get(line_start) if lines is not None else None
    if skipped is None:
        skipped = _is_table_or_foreign(_line_at(text, line_start), lexicon)
        if lines is not None:
            lines[line_start] = skipped
    if skipped or is_other_script(sentence.text):
        return NOT_A_SENTENCE
    if _patterns(lexicon).furniture_opener.match(lowered(sentence.text)):
        return PAGE_FURNITURE
    return None


def _is_table_or_foreign(line: str, lexicon: Lexicon) -> bool:
    """Rows of cells and lines in another language are not read (FORMAT.md)."""
    if line.count("|") >= 2 or line.count("\t") >= 2:
        return True
    if line.lstrip()[:1] in _LEGEND_MARKS:
        return True  # a chart's legend row: "██ Conservative Party - 365 seats"
    patterns = _patterns(lexicon)
    if line.isascii() and patterns.foreign_keys.isdisjoint(word_set(line)):
        return False  # most lines: none of the words at all
    lower = line.lower()
    foreign = len(patterns.foreign_word.findall(lower))
    if foreign < 3:
        return False
    words = _LETTERS.findall(lower)
    return len(words) >= 4 and foreign / len(words) > 0.2
