"""The clinic's clock: its time zone and its day.

Times are stored in UTC (`app.models.base.utcnow`) and shown in the clinic's time zone; a mandate
runs out, and a page is dated, by the Swedish day, not by the server's clock (often UTC).
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CLINIC_TIME_ZONE = "Europe/Stockholm"
CLINIC_ZONE = ZoneInfo(CLINIC_TIME_ZONE)


def local_now() -> datetime:
    """Now, in the clinic's time zone."""
    return datetime.now(CLINIC_ZONE)


def today() -> date:
    """The day it is at the clinic."""
    return local_now().date()


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of a local calendar day, as aware datetimes."""
    start = datetime.combine(day, time.min, CLINIC_ZONE)
    return start, start + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative); a day the month lacks becomes its
    last day: 29 February 2024 + 12 months is 28 February 2025, 31 January + 1 is the end of
    February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def clinic_date_of_stored(stored: str | None) -> str | None:
    """The clinic's date (YYYY-MM-DD) of a moment as SQLite stores it (UTC, "2026-01-15
    22:30:00.000000", no offset): SQLite's function `clinic_date` (app/__init__.py), which SQL
    that counts by the clinic's day calls where PostgreSQL has AT TIME ZONE."""
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CLINIC_ZONE).date().isoformat()
