"""Realistic corpora for the benchmarks: the development documents (or the seed), varied.

Each generated document is one of the originals with its numbers, years, places and
organisations changed, deterministically from a seed value, so documents have the originals'
length and statistic density but not their lines (repeated lines would be taken for page
furniture). Used by bench/publish_cost.py; not a test.
"""
from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from statwh.paths import LEXICON_DIR, PROJECT_ROOT, SEED_DOCUMENTS_DIR
from statwh.readers import split_front_matter

DEV_DOCUMENTS = PROJECT_ROOT.parent / "shared" / "eval" / "dev" / "docs"
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_FISCAL_YEAR = re.compile(r"\b((?:19|20)\d\d)([-/–])(\d\d)\b")
_YEAR = re.compile(r"\b(19[0-9][0-9]|20[0-2][0-9])\b")
_DAY_OF_MONTH = re.compile(rf"\b(?:{MONTHS})\.? \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS})\b")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Corpus:
    """What was generated."""

    documents: int
    bytes: int


def originals() -> list[Path]:
    """The documents corpora are made from."""
    folder = DEV_DOCUMENTS if DEV_DOCUMENTS.is_dir() else SEED_DOCUMENTS_DIR
    return sorted(p for p in folder.iterdir() if p.is_file())


def _names(file_name: str, column: str) -> list[str]:
    with (LEXICON_DIR / file_name).open(encoding="utf-8") as handle:
        return sorted({row[column] for row in csv.DictReader(handle) if len(row[column]) >= 4})


def _alternation(names: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


PLACES = _names("places.csv", "name")
ORGANISATIONS = _names("organisations.csv", "name")
_PLACE = _alternation(PLACES)
_ORGANISATION = _alternation(ORGANISATIONS)


def vary(text: str, rng: random.Random) -> str:
    """The text with its years shifted together, its other numbers redrawn with as many digits,
    and its places and organisations swapped for others, consistently within the text.

    >>> vary("In 2019-20, 80,000 people in Wales; 12 March 2020.", random.Random(1))
    'In 2015-16, 90,536 people in Merseyside; 12 March 2016.'
    """
    shift = rng.randint(-6, 6)
    places = {name: rng.choice(PLACES) for name in PLACES}
    organisations = {name: rng.choice(ORGANISATIONS) for name in ORGANISATIONS}
    kept: dict[str, str] = {}  # private-use characters standing in for what is shifted or must stay

    def keep(value: str) -> str:
        placeholder = chr(0xF0000 + len(kept))
        kept[placeholder] = value
        return placeholder

    text = _FISCAL_YEAR.sub(lambda m: keep(f"{int(m[1]) + shift}{m[2]}{(int(m[3]) + shift) % 100:02d}"), text)
    text = _DAY_OF_MONTH.sub(lambda m: keep(m[0]), text)  # a day of the month stays a valid day
    text = _YEAR.sub(lambda m: keep(str(int(m[1]) + shift)), text)
    text = _DIGITS.sub(lambda m: str(rng.randint(10 ** (len(m[0]) - 1), 10 ** len(m[0]) - 1))
                       if len(m[0]) > 1 else str(rng.randint(1, 9)), text)
    text = re.sub("[\U000F0000-\U000FFFFD]", lambda m: kept[m[0]], text)
    text = _PLACE.sub(lambda m: places[m[1]], text)
    return _ORGANISATION.sub(lambda m: organisations[m[1]], text)


def generate(folder: Path, count: int, seed: int = 0) -> Corpus:
    """Write ``count`` varied documents into ``folder`` (a thousand per subfolder)."""
    sources = originals()
    total = 0
    for i in range(count):
        original = sources[i % len(sources)]
        rng = random.Random(seed * 1_000_003 + i)
        meta, body = split_front_matter(original.read_text(encoding="utf-8"))
        meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
        meta["title"] = vary(meta.get("title") or original.stem, rng)
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + vary(body, rng)
        target = folder / f"{i // 1000:03d}" / f"{i:06d}_{original.stem}{original.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        target.write_bytes(data)
        total += len(data)
    return Corpus(count, total)
