"""The clinic's clock: its time zone and its day.

Times are stored in UTC (`app.models.base.utcnow`) and shown in the clinic's time zone; a mandate
runs out, and a page is dated, by the Swedish day, not by the server's clock (often UTC).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
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
