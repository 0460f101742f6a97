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


@pytest.mark.parametrize(("text", "expected"), [
    ("£2.5bn", [2.5e9]), ("72.6M children", [72.6e6]), ("1.6m households", [1.6e6]), ("$800 million", [8e8]),
    ("3.4 billion", [3.4e9]), ("12,34,567.89 rupees", [1234567.89]), ("1 234 567", [1234567]),
    ("one and a half million", [1.5e6]), ("3 million and a half", [3.5e6]), ("two thirds of a million", [pytest.approx(666666.67)]),
    ("half a dozen", [6]), ("three hundred and two dozens", [324]), ("nine point nought four", [9.04]),
    ("minus five", [-5]), ("-9.5", [-9.5]), ("1.3e6", [1.3e6]), ("2 1/4", [2.25]), ("one over three", [pytest.approx(1 / 3)]),
    ("35 lakh", [3.5e6]), ("between 50 and 60", [50, 60]), ("50-60", [50, 60]), ("twenty-three and 3/4", [23, 0.75]),
    ("$2000 over 3 years", [2000, 3]), ("5/17/2018", [5, 17, 2018]), ("the 5G network", [5]),
    ("75 USD million", [75]), ("thousands of people", []), ("0 billion", [0]), ("15 million", [15e6]),
    ("3\u00a0/\u00a04 of them", [0.75]), ("2 3\u00a0/4", [2.75]),  # non-breaking spaces around the slash (found by fuzzing)
])
def test_find_numbers(text, expected):
    from statwh.number_parser import find_numbers
    assert [n.value for n in find_numbers(text)] == expected
