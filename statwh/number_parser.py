"""Turn the written forms of numbers into floats.

Small functions, each a pure mapping from text to a value; the word tables they use
come from ``seeds/lexicon`` through :mod:`statwh.lexicon`.
"""
from __future__ import annotations

import re

from statwh.lexicon import Lexicon, load_lexicon

_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


def parse_digits(text: str) -> float | None:
    """Read a number written in digits, with thousands separators and decimals.

    >>> parse_digits("80,000")
    80000.0
    >>> parse_digits("1.6")
    1.6
    >>> parse_digits("12,3") is None
    True
    """
    text = text.strip()
    if not text or not _DIGITS.match(text) or not re.search(r"\d", text):
        return None
    return float(text.replace(",", ""))


def scale_multiplier(word: str, lexicon: Lexicon | None = None) -> float:
    """The multiplier of a scale word or abbreviation, 1 when it is none.

    >>> scale_multiplier("bn")
    1000000000.0
    >>> scale_multiplier("Million")
    1000000.0
    >>> scale_multiplier("people")
    1.0
    """
    lexicon = lexicon or load_lexicon()
    return lexicon.scales.get(word.strip().lower(), 1.0)


def parse_number_words(text: str, lexicon: Lexicon | None = None) -> float | None:
    """Read a whole number written in English words.

    >>> parse_number_words("twenty-three")
    23.0
    >>> parse_number_words("eighty thousand")
    80000.0
    >>> parse_number_words("one hundred and five")
    105.0
    >>> parse_number_words("two million five hundred thousand")
    2500000.0
    >>> parse_number_words("a dozen")
    12.0
    >>> parse_number_words("several") is None
    True
    """
    lexicon = lexicon or load_lexicon()
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t]
    total, current, seen = 0, 0, False
    for position, token in enumerate(tokens):
        if token == "and" and seen:
            continue
        if token in ("a", "an") and position == 0:
            current = 1
            continue
        entry = lexicon.number_words.get(token)
        if entry is None:
            return None
        value, role = entry
        seen = True
        if role == "hundred":
            current = max(current, 1) * value
        elif role == "scale":
            total += max(current, 1) * value
            current = 0
        elif token == "dozen":
            current = max(current, 1) * value
        else:
            current += value
    return float(total + current) if seen else None


def parse_share(text: str, lexicon: Lexicon | None = None) -> float | None:
    """Read a share written in words or as "N in M" and return it as a percentage.

    >>> parse_share("one in five")
    20.0
    >>> parse_share("4 out of 10")
    40.0
    >>> parse_share("a third")
    33.33
    >>> parse_share("two-thirds")
    66.67
    >>> parse_share("three quarters")
    75.0
    >>> parse_share("half")
    50.0
    >>> parse_share("one in") is None
    True
    """
    lexicon = lexicon or load_lexicon()
    text = text.strip().lower()
    ratio = re.fullmatch(r"(.+?)\s+(?:in(?:\s+every)?|out\s+of)\s+(?:every\s+)?(.+)", text)
    if ratio:
        part = _whole_number(ratio.group(1), lexicon)
        whole = _whole_number(ratio.group(2), lexicon)
        if part is None or not whole:
            return None
        return round(100.0 * part / whole, 2)
    words = [t for t in re.split(r"[\s-]+", text) if t]
    if not words or words[-1] not in lexicon.fractions:
        return None
    denominator = lexicon.fractions[words[-1]]
    numerator_words = words[:-1]
    numerator = 1.0 if numerator_words in ([], ["a"], ["one"]) else parse_number_words(
        " ".join(numerator_words), lexicon
    )
    if numerator is None:
        return None
    return round(100.0 * numerator / denominator, 2)


def _whole_number(text: str, lexicon: Lexicon) -> float | None:
    """A count written in digits or words: "4" → 4.0, "five" → 5.0."""
    return parse_digits(text) if re.search(r"\d", text) else parse_number_words(text, lexicon)
