"""The clinic's clock: its time zone and its day.

Times are stored in UTC (`app.models.base.utcnow`) and shown in the clinic's time zone; a mandate
runs out, and a page is dated, by the Swedish day, not by the server's clock (often UTC).
"""

from __future__ import annotations

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
