"""A statistic as the extractor gives it: a figure with its attributes and where it stands."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date



@dataclass(frozen=True)
class Statistic:
    """One statistic, traced to its sentence and character offsets in the document text."""

    value: float
    value_high: float | None
    unit: str
    per: str | None
    kind: str
    direction: str | None
    qualifier: str
    subject: str | None
    geography: str | None
    period_label: str | None
    period_start: date | None
    period_end: date | None
    source: str | None
    quote: str
    char_start: int
    char_end: int
    number_text: str
    sentence_index: int
    confidence: float

    def __reduce__(self) -> tuple[type, tuple]:
        """Pickle by the constructor's arguments. Compiled by mypyc, a frozen dataclass cannot be
        restored attribute by attribute, and Dask workers send statistics back pickled."""
        return (Statistic, (self.value, self.value_high, self.unit, self.per, self.kind, self.direction,
                            self.qualifier, self.subject, self.geography, self.period_label, self.period_start,
                            self.period_end, self.source, self.quote, self.char_start, self.char_end,
                            self.number_text, self.sentence_index, self.confidence))
