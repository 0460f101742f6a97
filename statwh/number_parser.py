"""Turn the written forms of numbers into floats.

:func:`find_numbers` finds every number in a text: digits with separators, signs, exponents
and scale abbreviations ("£2.5bn", "72.6M", "1 234 567", "12,34,567.89"), and numbers in
words, fractions included ("twenty-three", "two thirds", "one and a half", "3 million and a
half", "two hundred point zero three"). The small functions below it read one form each.
Word tables come from ``seeds/lexicon`` through :mod:`statwh.lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from statwh.lexicon import Lexicon, load_lexicon
from statwh.regex import alternation, lowered, rx, word_set

_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


class NumberSpan(NamedTuple):
    """A number found in a text: ``text[start:end]`` reads as ``value``.

    ``form`` is ``digits`` (written from a digit on: "80,000", "800 million"), ``words``
    ("eighty thousand") or ``fraction`` (with a slash, or in words: "3/4", "two thirds").
    """

    start: int
    end: int
    value: float
    form: str


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
    if not text or not _DIGITS.match(text) or not rx(r"\d").search(text):
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
    word = word.strip()
    entry = lexicon.scales.get(word) or lexicon.scales.get(word.lower())
    return entry[0] if entry else 1.0


def parse_number_words(text: str, lexicon: Lexicon | None = None) -> float | None:
    """Read a number written in English words (digits may stand in for words).

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
    >>> parse_number_words("one and a half")
    1.5
    >>> parse_number_words("3 million and a half")
    3500000.0
    >>> parse_number_words("two hundred point zero three")
    200.03
    >>> parse_number_words("several") is None
    True
    """
    lexicon = lexicon or load_lexicon()
    return _evaluate(_word_tokens(text), lexicon)


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
    ratio = rx(r"(.+?)\s+(?:in(?:\s+every)?|out\s+of)\s+(?:every\s+)?(.+)").fullmatch(text)
    if ratio:
        part = _whole_number(ratio.group(1), lexicon)
        whole = _whole_number(ratio.group(2), lexicon)
        if part is None or not whole:
            return None
        return round(100.0 * part / whole, 2)
    value = parse_number_words(text, lexicon)
    return None if value is None else round(100.0 * value, 2)


def _whole_number(text: str, lexicon: Lexicon) -> float | None:
    """A count written in digits or words: "4" → 4.0, "five" → 5.0."""
    return parse_digits(text) if rx(r"[\d,.]+").fullmatch(text.strip()) else parse_number_words(text, lexicon)


# --- finding numbers in running text -----------------------------------------------------------

@dataclass(frozen=True)
class _Grammar:
    digits: re.Pattern
    scale_after: re.Pattern
    word_run: re.Pattern
    exponent: re.Pattern
    vocabulary: frozenset[str]


@lru_cache(maxsize=4)
def _grammar(lexicon: Lexicon) -> _Grammar:
    any_space = [s for s, (_, spacing) in lexicon.scales.items() if spacing == "any"]
    glued = [s for s, (_, spacing) in lexicon.scales.items() if spacing == "glued"]
    words = alternation(list(lexicon.number_words) + list(lexicon.fractions) + ["point"])
    number_word = r"(?:" + words + r")"
    # "USD15", "EUR4.5bn": a currency code glued before the digits is no word the number is part of.
    codes = sorted({u.surface for u in lexicon.units if u.role == "currency_code" and len(u.surface) == 3 and u.surface.isupper()})
    codes_glued = r"(?<=\b" + r")|(?<=\b".join(codes) + ")" if codes else r"(?!)"
    # A run of number words, digits standing in for words, and the joiners between them.
    word_run = (
        r"(?<![\w.,])(?:(?:minus|negative)\s+)?(?:an?\s+(?=" + number_word + r"\b))?"
        r"(?:\d+(?:\.\d+)?\s+(?=" + number_word + r"\b))?"
        + number_word + r"(?:(?:\s*-\s*(?:and\s*-\s*(?:an?\s*-\s*)?)?|\s+(?:and\s+)?(?:an?\s+)?|\s+(?:of\s+)?an?\s+)(?:" + number_word + r"|\d+(?:\.\d+)?(?![\d/]|,\d|\s+\d|\s*/))\b)*"
    )
    return _Grammar(
        digits=re.compile(
            r"(?:(?<![\w.,\d%])|" + codes_glued + r")(?P<sign>[-−](?=\d)|(?:minus|negative)\s+(?=\d))?"
            r"(?:(?P<whole>\d{1,3})\s+(?=\d{1,3}\s*/\s*\d))?"  # the 2 of "2 1/4"
            r"(?P<num>\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,])"  # 12,34,567.89 (Indian grouping)
            r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])"
            r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\d,])(?!\s\d)"  # 1 234 567
            r"|\d+(?:\.\d+)?(?![\d])|\.\d+(?![\d]))"
            r"(?P<frac>\s*/\s*\d+(?![\d/]))?",
            re.IGNORECASE,
        ),
        scale_after=re.compile(
            r"(?:(?P<spaced>\s*)(?P<any>" + alternation(any_space) + r")|(?P<glued>" + alternation(glued) + r"))(?![A-Za-z])"
        ),
        word_run=re.compile(word_run),  # runs on the lower-cased text
        # "first" and "second" count only inside compounds ("twenty-first"), which hold a number word anyway.
        vocabulary=frozenset(list(lexicon.number_words) + [w for w, (_, alone) in lexicon.fractions.items() if alone]),
        exponent=re.compile(r"(?:[eE](?P<e>[+-]?\d+)|\^(?P<p>[+-]*\d+))(?![\w.])"),
    )


def find_numbers(text: str, lexicon: Lexicon | None = None) -> list[NumberSpan]:
    """Every number in a text, earliest first, with scale words and abbreviations applied.

    >>> [(n.value, n.form) for n in find_numbers("£2.5bn, 1 234 567 people, twenty-three and 3/4")]
    [(2500000000.0, 'digits'), (1234567.0, 'digits'), (23.0, 'words'), (0.75, 'fraction')]
    >>> [round(n.value, 2) for n in find_numbers("two thirds of a million, 4 thousand 3 hundred and 21, -9.5, one over four")]
    [666666.67, 4321.0, -9.5, 0.25]
    """
    lexicon = lexicon or load_lexicon()
    grammar = _grammar(lexicon)
    found: list[NumberSpan] = []
    # The pattern for numbers in words is slow; run it only where such a word occurs.
    position = 0 if not grammar.vocabulary.isdisjoint(word_set(text)) else len(text)
    lower = lowered(text)
    while (m := grammar.word_run.search(lower, position)) is not None:
        digits_and_scale = _DIGITS_AND_WORD.fullmatch(lower, m.start(), m.end())
        if digits_and_scale and _scale_end(text, digits_and_scale.end(1), grammar) == m.end():
            position = m.end()  # "15 million": the digits pass reads it the same way, faster
            continue
        span = _longest_valid_prefix(text, m.start(), m.end(), lexicon)
        if span is None:
            position = m.end()
            continue
        found.append(span)
        position = span.end
    words_found = len(found)  # the numbers in words come first in found; digits never overlap digits
    position = 0
    while (digit := _DIGIT.search(text, position)) is not None:
        # The digits pattern begins with a look-behind, which makes the regex engine try every
        # position: start it just before the next digit instead (a fast scan finds that).
        m = grammar.digits.search(text, _earliest_start(text, digit.start(), position))
        if m is None:
            break
        position = m.end()
        if words_found and any(n.start <= m.start("num") < n.end for n in found[:words_found]):
            continue
        span = _digits_span(text, m, grammar, lexicon)
        found.append(span)
        position = span.end
    if words_found:
        found.sort(key=lambda n: n.start)
    return _join_over(text, found) if "over" in text else found


_DIGITS_AND_WORD = re.compile(r"(\d+(?:\.\d+)?)\s+[a-z]+")


def _scale_end(text: str, end: int, grammar: _Grammar) -> int:
    """Where a scale word after a number in digits ends, or -1: "15 million" -> after "million"."""
    scale = grammar.scale_after.match(text, end)
    return scale.end() if scale else -1


def _earliest_start(text: str, digit: int, floor: int) -> int:
    """The first place a number whose first digit is at ``digit`` can start: back over a sign,
    a decimal point, or "minus"/"negative" and the spaces after it."""
    if digit <= floor:
        return floor
    if text[digit - 1] in "-−.":
        return digit - 1
    start = digit
    while start > floor and text[start - 1].isspace():
        start -= 1
    if start < digit and text[max(floor, start - 8) : start].lower().endswith(("minus", "negative")):
        return max(floor, start - len("negative"))
    return digit


def _longest_valid_prefix(text: str, start: int, end: int, lexicon: Lexicon) -> NumberSpan | None:
    """The longest run of words from ``start`` that reads as one number ("twenty-three" of "twenty-three and 3")."""
    stops = [m.end() - start for m in rx(r"[^\s-]+").finditer(text, start, end)]
    for stop in reversed(stops):
        words = _word_tokens(text[start : start + stop])
        if words[-1] in ("and", "a", "an", "of", "minus", "negative", "point"):
            continue
        if len(words) == 1 and lexicon.number_words.get(words[0], (0, ""))[1] in ("scale", "hundred"):
            continue  # "million" alone ("75 USD million") counts nothing; "a million" does
        value = _evaluate(words, lexicon)
        if value is not None:
            form = "fraction" if words[-1] in lexicon.fractions else "digits" if text[start].isdigit() else "words"
            return NumberSpan(start, start + stop, value, form)
    return None


def _join_over(text: str, numbers: list[NumberSpan]) -> list[NumberSpan]:
    """ "one over three", "1 over 20": two numbers joined by "over" are one fraction."""
    joined: list[NumberSpan] = []
    for number in numbers:
        # Only where the fraction ends the phrase: "$2000 over 3 years" is not 2000/3.
        if joined and number.value and rx(r"\s+over\s+").fullmatch(text, joined[-1].end, number.start) \
                and not rx(r"\s*[A-Za-z]").match(text, number.end):
            numerator = joined.pop()
            number = NumberSpan(numerator.start, number.end, numerator.value / number.value, "fraction")
        joined.append(number)
    return joined


_DIGIT = re.compile(r"\d")
_GROUPING = re.compile(r"[,\s\u00a0\u202f]")


def _digits_span(text: str, m: re.Match, grammar: _Grammar, lexicon: Lexicon) -> NumberSpan:
    """A number in digits with its sign, fraction, exponent or scale, as one span."""
    digits = m.group("num")
    value = float(digits) if digits.isascii() and "," not in digits and " " not in digits else float(_GROUPING.sub("", digits))
    start, end = m.start(), m.end("num")
    sign = -1.0 if m.group("sign") else 1.0
    if m.group("frac") and text[max(0, start - 1) : start] != "/":  # 5/17/2018 is a date, not 17/2018
        denominator = float(m.group("frac").split("/")[-1]) or 1.0  # float() strips any space, NBSP too
        whole = float(m.group("whole") or 0)
        return NumberSpan(start, m.end("frac"), sign * (whole + value / denominator), "fraction")
    exponent = grammar.exponent.match(text, end)
    if exponent and exponent.group("p"):  # "1.1^23", "2.5^-1"
        power = exponent.group("p")
        value = value ** (float(power.strip("+-")) * (-1 if power.count("-") % 2 else 1))
        return NumberSpan(start, exponent.end(), sign * value, "digits")
    if exponent:  # "1.3e6", "12.32e+14"
        return NumberSpan(start, exponent.end(), sign * value * 10 ** float(exponent.group("e")), "digits")
    scale = grammar.scale_after.match(text, end)
    if scale:
        value *= scale_multiplier(scale.group("any") or scale.group("glued"), lexicon)
        end = scale.end()
    return NumberSpan(start, end, sign * value, "digits")


def _word_tokens(text: str) -> list[str]:
    """Lower-case words and digit groups of a written number, hyphens split off."""
    return [t for t in rx(r"[\s-]+").split(text.lower().replace("−", "-")) if t]


def _evaluate(words: list[str], lexicon: Lexicon) -> float | None:
    """The value of a run of number words (digits may stand in for words), or None.

    Reads integers ("one hundred and five"), scales ("3 million", "three lakh crore"),
    dozens, fractions ("two thirds", "twenty and three fifths", "one million and a half",
    "half a dozen", "two thirds of a million"), spoken decimals ("nine point nought four")
    and a leading "minus" or "negative".
    """
    sign = 1.0
    if words and words[0] in ("minus", "negative"):
        sign, words = -1.0, words[1:]
    if "point" in words:
        index = words.index("point")
        whole = _evaluate(words[:index], lexicon) if index else 0.0
        decimals = _decimal_digits(words[index + 1 :], lexicon)
        if whole is None or decimals is None:
            return None
        return sign * float(f"{int(whole)}.{decimals}")
    state = _WordState()
    for position, word in enumerate(words):
        if not state.read(word, words[position + 1 :], lexicon):
            return None
    return None if not state.seen else sign * state.value


class _WordState:
    """Running totals while reading a number in words, left to right."""

    def __init__(self) -> None:
        self.whole = 0.0        # an integer part closed by "and" before a fraction: "twenty and three fifths"
        self.total = 0.0        # the part at or above the last scale word
        self.current = 0.0      # the part below it
        self.last_scale = 0.0
        self.fraction: float | None = None  # a fraction waiting for what it is a fraction of
        self.after_scale_and = False        # "one million and ..." : a fraction here is of the million
        self.previous = ""
        self.before_tens: float | None = None  # the value before a tens word not joined by "and"
        self.seen = False

    @property
    def value(self) -> float:
        return self.whole + self.total + self.current + (self.fraction or 0.0)

    def read(self, word: str, rest: list[str], lexicon: Lexicon) -> bool:
        """Take one word; False when the words do not form one number."""
        if word in ("a", "an", "of"):
            return True
        if word == "and":
            follows_fraction = any(w in lexicon.fractions for w in rest)
            if self.previous in ("unit", "tens", "digits", "dozen") and not follows_fraction:
                return False  # "eleven and twelve", "dozens and dozens": two numbers, not one
            closes = self.previous in ("unit", "tens", "digits") and follows_fraction \
                and not any(lexicon.number_words.get(w, (0, ""))[1] in ("scale", "hundred") for w in rest)
            if closes:
                self.whole, self.total, self.current = self.whole + self.total + self.current, 0.0, 0.0
            self.after_scale_and = self.previous == "scale"
            self.previous = "and"
            return True
        self.seen = True
        if rx(r"\d+(?:\.\d+)?").fullmatch(word):
            if self.previous in ("unit", "tens", "digits") or (self.previous == "and" and not self.last_scale
                                                                  and self.current % 100):
                return False
            self.current += float(word)
            self.previous = "digits"
            return True
        if word in lexicon.fractions:
            return self._fraction(word, rest, lexicon)
        entry = lexicon.number_words.get(word)
        if entry is None:
            return False
        value, role = entry
        if role == "hundred":
            self.current = (self.current or self._take_fraction() or 1.0) * value
        elif role == "scale":
            base = self.current + (self._take_fraction() or 0.0)
            if not base and self.total and value > self.last_scale:  # "three lakh crore"
                base, self.total = self.total, 0.0
            self.total += (base or 1.0) * value
            self.last_scale, self.current = float(value), 0.0
        elif role == "dozen":  # "three hundred and two dozens" is 300 + 2 x 12
            hundreds, rest_ = divmod(self.current, 100)
            self.current = hundreds * 100 + (rest_ or self._take_fraction() or 1.0) * value
        else:
            starts_ordinal = role == "tens" and bool(rest) and rest[0] in lexicon.fractions
            if self.previous in ("unit", "tens", "digits") and not starts_ordinal and not (
                self.previous == "tens" and role == "unit" and value < 10
            ):
                return False  # "three four" is two numbers
            if role == "tens":
                self.before_tens = None if self.previous == "and" else self.total + self.current
                if starts_ordinal and self.previous in ("unit", "tens", "digits"):
                    self.total, self.current = 0.0, self.before_tens or 0.0
            self.current += value
        self.previous = role
        return True

    def _fraction(self, word: str, rest: list[str], lexicon: Lexicon) -> bool:
        denominator, standalone = lexicon.fractions[word]
        if self.previous == "tens" and self.before_tens is not None:
            # "one twenty-fifth", "one hundred thirty fifths": tens and ordinal make one denominator
            tens = self.current - self.before_tens
            numerator, denominator = self.before_tens or 1.0, denominator + tens
            self.total = self.current = 0.0
            self.fraction = (self.fraction or 0.0) + numerator / denominator
        elif not standalone:  # "first", "second" are fractions only in compounds
            return False
        elif self.after_scale_and:
            numerator = self.current or 1.0
            self.current = 0.0
            if rest and lexicon.number_words.get(rest[0], (0, ""))[1] == "scale":
                self.fraction = numerator / denominator  # "one billion and three quarters million"
            else:  # "one million and a half", "two million and three fifths": of the last scale
                self.total += numerator / denominator * self.last_scale
        elif self.previous == "and":  # "one and a half": added to what came before
            self.fraction = (self.fraction or 0.0) + 1.0 / denominator
        else:  # "two thirds", "twenty-three fifths": what came before is the numerator
            numerator = (self.total + self.current) or 1.0
            self.total = self.current = 0.0
            self.fraction = (self.fraction or 0.0) + numerator / denominator
        self.previous = "fraction"
        return True

    def _take_fraction(self) -> float | None:
        fraction, self.fraction = self.fraction, None
        return fraction


def _decimal_digits(words: list[str], lexicon: Lexicon) -> str | None:
    """The digits after "point": "zero three" → "03", "seventy-one" → "71", "eleven" → "11"."""
    digits = ""
    index = 0
    while index < len(words):
        entry = lexicon.number_words.get(words[index])
        if entry is None or entry[1] not in ("unit", "tens"):
            return None
        value, role = entry
        following = lexicon.number_words.get(words[index + 1]) if index + 1 < len(words) else None
        if role == "tens" and following and following[1] == "unit" and following[0] < 10:
            value, index = value + following[0], index + 1
        digits += str(value)
        index += 1
    return digits or None
