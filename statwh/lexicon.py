"""Reference data for extraction, read from the CSV and YAML files in ``seeds/lexicon``.

The extractor's word lists (units, scales, qualifiers, places, organisations, cues)
live there as data; this module only loads them into typed, read-only tables.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from statwh.paths import LEXICON_DIR


@dataclass(frozen=True)
class UnitEntry:
    """One way of writing a unit: ``UnitEntry("per cent", "percent", 1.0, "percent")``."""

    surface: str
    unit: str
    factor: float
    role: str


@dataclass(frozen=True)
class Organisation:
    """An organisation a figure can be attributed to, under one of its names."""

    alias: str
    name: str
    kind: str


@dataclass(frozen=True, eq=False)  # hashed by identity, so patterns built from it can be cached
class Lexicon:
    """Every word list the extractor uses, keyed for fast lookup."""

    units: tuple[UnitEntry, ...]
    scales: dict[str, tuple[float, str]]  # surface -> (multiplier, "any" or "glued")
    number_words: dict[str, tuple[int, str]]  # word -> (value, role)
    fractions: dict[str, tuple[float, bool]]  # ordinal -> (denominator, stands alone)
    qualifiers: dict[str, str]
    change_words: dict[str, str]
    multiples: dict[str, tuple[float, str]]
    places: dict[str, str]
    organisations: tuple[Organisation, ...]
    anaphors: dict[str, str]
    cues: dict[str, frozenset[str]]
    dollar_currencies: dict[str, str]  # place -> the dollar its "$" means ("Canada" -> "CAD")

    @property
    def unit_codes(self) -> frozenset[str]:
        """Every unit code the extractor can emit: ``{"count", "percent", "GBP", "times", ...}``."""
        return frozenset({u.unit for u in self.units} | {"count", "times"})


def _rows(name: str, directory: Path) -> list[dict[str, str]]:
    with open(directory / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read the lexicon files once per process."""
    with open(directory / "cues.yaml", encoding="utf-8") as handle:
        cues = yaml.safe_load(handle)
    return Lexicon(
        units=tuple(
            UnitEntry(r["surface"], r["unit"], float(r["factor"]), r["role"])
            for r in _rows("units.csv", directory)
        ),
        scales={r["surface"]: (float(r["multiplier"]), r["spacing"]) for r in _rows("scales.csv", directory)},
        number_words={
            r["word"]: (int(r["value"]), r["role"]) for r in _rows("number_words.csv", directory)
        },
        fractions={
            r["word"]: (float(r["denominator"]), r["standalone"] == "yes") for r in _rows("fractions.csv", directory)
        },
        qualifiers={r["phrase"]: r["qualifier"] for r in _rows("qualifiers.csv", directory)},
        change_words={r["word"]: r["direction"] for r in _rows("change_words.csv", directory)},
        multiples={
            r["word"]: (float(r["times"]), r["direction"]) for r in _rows("multiples.csv", directory)
        },
        places={r["surface"]: r["name"] for r in _rows("places.csv", directory)},
        organisations=tuple(
            Organisation(r["alias"], r["name"], r["kind"])
            for r in _rows("organisations.csv", directory)
        ),
        anaphors={r["phrase"]: r["kind"] for r in _rows("anaphors.csv", directory)},
        cues={key: frozenset(str(w).lower() for w in words) for key, words in cues.items()},
        dollar_currencies={r["place"]: r["currency"] for r in _rows("dollar_currencies.csv", directory)},
    )
