"""A compiled-pattern cache that is cheaper to consult than the ``re`` module's own.

``re.search(pattern, text)`` looks its pattern up in ``re``'s cache on every call, which
costs more than the search itself on short sentences; ``rx(pattern).search(text)`` does not.
"""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def rx(pattern: str, flags: int = 0) -> re.Pattern:
    """The compiled form of ``pattern``, compiled once per process.

    >>> rx(r"\\d+").findall("23 a day, up from 15")
    ['23', '15']
    """
    return re.compile(pattern, flags)


def alternation(words, word_start: bool = False) -> str:
    """A regex alternation of literal words in which the longest one wins, written as a prefix
    tree: the engine tries each alternative in turn, so shared prefixes are read once.

    ``word_start``: the words must start a word, as after ``\\b``. The test is written after each
    first letter, so the pattern still opens with literal letters, which the regex engine can scan
    ahead for; a leading ``\\b`` would make it try every position.

    >>> alternation(["%", "per", "percent"])
    '%|per(?:cent)?'
    >>> alternation(["rose", "rise", "risen"])
    'r(?:ise(?:n)?|ose)'
    >>> alternation(["rose", "fell"], word_start=True)
    'f(?<!\\\\w.)ell|r(?<!\\\\w.)ose'
    """
    tree: dict = {}
    for word in words:
        if word:
            node = tree
            for char in word:
                node = node.setdefault(char, {})
            node[""] = {}  # a word ends here
    if word_start and not all(_WORD_CHARACTER.match(first) for first in tree):
        return r"\b(?:" + _tree_pattern(tree, top=True) + ")"
    return _tree_pattern(tree, top=True, word_start=word_start)


_WORD_CHARACTER = re.compile(r"\w")


def _tree_pattern(node: dict, top: bool = False, word_start: bool = False) -> str:
    """The pattern of a prefix tree's node: its branches, each tried before the word ending here
    (an optional group is greedy), so that the longest word matches first."""
    branches = []
    for char in sorted(c for c in node if c):
        child = node[char]
        # (?<!\w.) after a word's first letter: no word character before that letter, as \b before it.
        literal = re.escape(char) + (r"(?<!\w.)" if word_start else "")
        while len(child) == 1 and "" not in child:  # a chain of single letters is one literal
            (char, child), = child.items()
            literal += re.escape(char)
        branches.append(literal + _tree_pattern(child))
    if not branches:
        return ""
    if "" in node:
        return "(?:" + "|".join(branches) + ")?"
    if top:
        return "|".join(branches)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def lower_in_place(text: str) -> str:
    """``text`` in lower case with every offset kept, for case-blind patterns run case-sensitively.

    Case-sensitive matching of a lower-case pattern is several times faster than ``re.IGNORECASE``.
    The rare character whose lower case is longer ("İ") is left as it is.

    >>> lower_in_place("Up 5% İn 2019")
    'up 5% İn 2019'
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@lru_cache(maxsize=32)
def lowered(text: str) -> str:
    """:func:`lower_in_place`, cached: the steps of the extractor each ask for the same sentence's
    lower case. Use it on sentences, not on whole documents or passing fragments.

    >>> lowered("Up 5% İn 2019")
    'up 5% İn 2019'
    """
    return lower_in_place(text)


def remove(pattern: re.Pattern, text: str) -> str:
    """``pattern.sub("", text)`` for a lower-case pattern, matched in the lower-cased text.

    >>> remove(re.compile(r"\\bper cent\\b"), "5 Per Cent of all")
    '5  of all'
    """
    return cut(pattern, text, lower_in_place(text))[0]


def cut(pattern: re.Pattern, text: str, lower: str) -> tuple[str, str]:
    """:func:`remove` for a caller that has the text's lower case (:func:`lower_in_place`) and
    goes on with it: the text and its lower case, both without the matches.

    >>> cut(re.compile(r"\\bper cent\\b"), "5 Per Cent of all", "5 per cent of all")
    ('5  of all', '5  of all')
    """
    pieces, lower_pieces, last = [], [], 0
    for m in pattern.finditer(lower):
        pieces.append(text[last : m.start()])
        lower_pieces.append(lower[last : m.start()])
        last = m.end()
    if not pieces:
        return text, lower
    pieces.append(text[last:])
    lower_pieces.append(lower[last:])
    return "".join(pieces), "".join(lower_pieces)


# ASCII letters only: faster than any Unicode letter class, and every gate word is ASCII ("naïve"
# gives "na" and "ve", which can only let a pattern run, never stop one).
_WORD_OR_DIGITS = re.compile(r"[a-z]+|\d+")


# Byte tables for ASCII text: letters (lower-cased) or digits kept, every other byte a space.
_LETTERS_ONLY = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_DIGITS_ONLY = bytes(c if 48 <= c <= 57 else 32 for c in range(256))


@lru_cache(maxsize=32)
def word_set(text: str) -> frozenset[str]:
    """The lower-cased words and digit runs of a sentence, to decide cheaply which patterns can match.

    >>> sorted(word_set("Up 5% in 2019-20, a Third"))
    ['20', '2019', '5', 'a', 'in', 'third', 'up']
    >>> sorted(word_set("Q3 rose 5m in Zürich"))
    ['3', '5', 'in', 'm', 'q', 'rich', 'rose', 'z']
    """
    if text.isascii():  # most sentences: byte translations split them faster than the regex
        raw = text.encode()
        return frozenset(raw.translate(_LETTERS_ONLY).decode().split() + raw.translate(_DIGITS_ONLY).decode().split())
    return frozenset(_WORD_OR_DIGITS.findall(lowered(text)))


def has_word(text: str, words: frozenset[str]) -> bool:
    """Whether any of ``words`` (lower-case letters only) is a word of ``text``: :func:`word_set`'s
    test for a text whose word set is not needed otherwise.

    >>> has_word("A Third of them", frozenset({"third", "half"})), has_word("thirds", frozenset({"third"}))
    (True, False)
    """
    if text.isascii():
        return not _encoded(words).isdisjoint(text.encode().translate(_LETTERS_ONLY).split())
    return not words.isdisjoint(word_set(text))


@lru_cache(maxsize=16)
def _encoded(words: frozenset[str]) -> frozenset[bytes]:
    return frozenset(w.encode() for w in words)


def key_words(phrases) -> frozenset[str]:
    """One word of each phrase, its longest: a sentence whose :func:`word_set` has none of them
    cannot match a pattern built from the phrases, so the pattern need not be run.

    >>> sorted(key_words(["the number of", "a total of", "said"]))
    ['number', 'said', 'total']
    """
    keys = set()
    for phrase in phrases:
        words = word_set(phrase)
        if not words:
            raise ValueError(f"the lexicon phrase {phrase!r} has no letters or digits to look for")
        keys.add(max(sorted(words), key=len))
    return frozenset(keys)
