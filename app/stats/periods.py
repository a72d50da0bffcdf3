"""The period a statistics page shows: whole months in the clinic's time zone, from one month to
another (at most `MAX_MONTHS`), read from the address (`?fran=2026-01&till=2026-12`). Without a
period, or with one that cannot be read, the last twelve months up to this one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from ..core.clock import CLINIC_ZONE, add_months, today

MAX_MONTHS = 24
MONTH = re.compile(r"(\d{4})-(\d{2})")
# The earliest month one may ask for: before Lotsen there is nothing to count.
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Month:
    first: date  # the first day of the month

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")

    @property
    def next_first(self) -> date:
        return add_months(self.first, 1)

    @property
    def starts_at(self) -> datetime:
        """The month's first moment at the clinic (an aware datetime; compared in UTC)."""
        return datetime.combine(self.first, time.min, CLINIC_ZONE)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.next_first, time.min, CLINIC_ZONE)


@dataclass(frozen=True)
class Period:
    months: tuple[Month, ...]

    @property
    def first(self) -> Month:
        return self.months[0]

    @property
    def last(self) -> Month:
        return self.months[-1]

    @property
    def starts_at(self) -> datetime:
        return self.first.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.last.ends_at

    @property
    def first_day(self) -> date:
        return self.first.first

    @property
    def end_day(self) -> date:
        """The day after the period."""
        return self.last.next_first

    def query(self) -> dict[str, str]:
        """The address's arguments for this period."""
        return {"fran": self.first.key, "till": self.last.key}


def month_of(day: date) -> Month:
    return Month(day.replace(day=1))


def between(first: date, last: date) -> Period:
    """The months from the one `first` is in to the one `last` is in."""
    month, end = month_of(first), month_of(last)
    months = []
    while month.first <= end.first:
        months.append(month)
        month = Month(month.next_first)
    return Period(tuple(months))


def default_period(on: date | None = None) -> Period:
    """The last twelve months, this one included."""
    this = month_of(on or today())
    return between(add_months(this.first, -11), this.first)


def _parse_month(text: str) -> date | None:
    found = MONTH.fullmatch(text.strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= 2100:
        return None
    return date(year, month, 1)


class PeriodError(ValueError):
    """A period that cannot be shown, with the easy words saying why (and which field)."""

    def __init__(self, field: str, message) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message


def read_period(args) -> Period:
    """The period the address asks for; the default one when it asks for none; PeriodError when
    it asks for one that cannot be shown."""
    first_text, last_text = (args.get("fran") or "")[:20], (args.get("till") or "")[:20]
    if not first_text and not last_text:
        return default_period()
    first = _parse_month(first_text) if first_text else None
    last = _parse_month(last_text) if last_text else None
    if first_text and first is None:
        raise PeriodError("fran", _l("Skriv första månaden som år och månad, till exempel 2026-01."))
    if last_text and last is None:
        raise PeriodError("till", _l("Skriv sista månaden som år och månad, till exempel 2026-12."))
    this = month_of(today()).first
    if last is None:
        assert first is not None  # noqa: S101  # nosec B101  (one of the two was given)
        last = min(add_months(first, 11), this)
    if first is None:
        first = add_months(last, -11)
    if last < first:
        raise PeriodError("till", _l("Den sista månaden kan inte komma före den första."))
    if last > this:
        raise PeriodError("till", _l("Den sista månaden kan inte vara efter den här månaden."))
    period = between(first, last)
    if len(period.months) > MAX_MONTHS:
        raise PeriodError("fran", _l("Välj högst %(num)d månader åt gången.", num=MAX_MONTHS))
    return period
