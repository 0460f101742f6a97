"""The number parser on real written forms."""
import pytest

from statwh.number_parser import parse_digits, parse_number_words, parse_share, scale_multiplier


@pytest.mark.parametrize(("text", "expected"), [
    ("80,000", 80000), ("1,234,567.89", 1234567.89), ("0.5", 0.5), ("700", 700),
    ("12,3", None), ("", None), ("1,00", None),
])
def test_parse_digits(text, expected):
    assert parse_digits(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("twenty-three", 23), ("eighty thousand", 80000), ("one hundred and five", 105),
    ("two million five hundred thousand", 2500000), ("a dozen", 12), ("seventeen", 17),
    ("a million", 1000000), ("nine hundred", 900), ("several", None), ("and", None),
])
def test_parse_number_words(text, expected):
    assert parse_number_words(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("one in five", 20), ("4 out of 10", 40), ("one in every 10", 10), ("a third", 33.33),
    ("two thirds", 66.67), ("two-thirds", 66.67), ("three quarters", 75), ("half", 50),
    ("a quarter", 25), ("nine in 10", 90), ("one in", None), ("five in zero", None),
])
def test_parse_share(text, expected):
    assert parse_share(text) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("bn", 1e9), ("billion", 1e9), ("m", 1e6), ("Million", 1e6), ("k", 1e3), ("tn", 1e12), ("cats", 1),
])
def test_scale_multiplier(word, expected):
    assert scale_multiplier(word) == expected
