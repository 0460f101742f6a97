"""Stage 5, discourse: what earlier sentences said that carries to a figure whose own sentence
does not say it (place, period, organisations, the last measure), and when it stops carrying.

An official release's heading scopes what follows; a news report's places and dates carry only
within their paragraph, and its dateline never does:

>>> from statwh.extract import extract_statistics
>>> release = "Children looked after in Wales, 2019-20\\n\\nThere were 7,172 children looked after."
>>> [(s.geography, s.period_label) for s in extract_statistics(release, None, "Welsh Government")]
[('Wales', '2019-20')]
>>> report = "Monday, May 4, 2020\\n\\nFloods hit Kenya.\\n\\nRescuers said 40 people died."
>>> [(s.geography, s.period_label) for s in extract_statistics(report, "Floods hit Kenya", "Wikinews")]
[('Kenya', None)]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from statwh.lexicon import Organisation
from statwh.periods import PeriodMention, find_periods


@dataclass
class _Context:
    """What earlier sentences of a document said, for figures whose own sentence does not say it.

    The periods of a sentence with no figure are read only when a later figure needs them as
    its scope: most never are.
    """

    organisations: list[Organisation]
    place: str | None
    published: date | None = None
    population_per: str | None = None
    last_subject: str | None = None  # what the last figure measured, for "That is 5 per cent higher"
    last_subject_line: int = -1  # where the paragraph of that figure starts
    dollar: str = "USD"  # what a bare "$" or "dollars" means in this document
    # A news report names places and dates in passing ("a senator from Vermont", its dateline): what
    # carries to a later figure is what its own paragraph named, else the report's scope (its title's
    # place, else the first place it names) and no period (FORMAT.md, "News articles").
    news: bool = False
    _paragraph_place: tuple[int, str] | None = None  # (line start, the last place its paragraph named)
    _paragraph_period: tuple[int, PeriodMention] | None = None
    _dated_period: PeriodMention | None = None
    _unread: list[str] = field(default_factory=list)  # newer than _dated_period, periods not yet read

    def observe(self, orgs: list[Organisation], places: list[tuple[int, str]],
                periods: list[PeriodMention] | None, sentence: str = "", line_start: int = -1) -> None:
        """Remember the organisations, the last place and the last dated period of a sentence
        (``periods`` None: not read yet, read from ``sentence`` if they are ever needed)."""
        self.organisations += orgs
        if self.news:
            if places:
                self._paragraph_place = (line_start, places[-1][1])
                self.place = self.place or places[0][1]
            dated = _last_dated(find_periods(sentence, self.published) if periods is None else periods)
            if dated is not None and dated.period_start != dated.period_end:
                self._paragraph_period = (line_start, dated)
            return
        if places:
            self.place = places[-1][1]
        if periods is None:
            self._unread.append(sentence)
            return
        dated = _last_dated(periods)
        if dated is not None:
            self._dated_period = dated
            self._unread.clear()

    def place_at(self, line_start: int) -> str | None:
        """The place a figure on the line at ``line_start`` takes when its sentence names none."""
        if self.news and self._paragraph_place and self._paragraph_place[0] == line_start:
            return self._paragraph_place[1]
        return self.place

    def period_at(self, line_start: int) -> PeriodMention | None:
        """The period a figure on the line at ``line_start`` takes when its sentence names none."""
        if self.news:
            return self._paragraph_period[1] if self._paragraph_period and self._paragraph_period[0] == line_start else None
        return self.dated_period

    @property
    def dated_period(self) -> PeriodMention | None:
        """The last dated period the document has named so far."""
        while self._unread:
            dated = _last_dated(find_periods(self._unread.pop(), self.published))
            if dated is not None:
                self._dated_period = dated
                self._unread.clear()
        return self._dated_period


def _last_dated(periods: list[PeriodMention]) -> PeriodMention | None:
    return next((p for p in periods if p.period_start and not p.is_time_of_day and not p.is_reference), None)
