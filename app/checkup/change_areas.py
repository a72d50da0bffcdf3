"""The areas a change is noted in ("Något har ändrats"), each with its pictogram, and since when
(the wizard's own choices, app/visits/catalogue.py SINCE). A change in breathing, seizures,
eating or drinking that has stopped, or a fall, is urgent: the clinic sees it first, and the
patient's side is told to ring 112 if it is acute."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.clock import CLINIC_ZONE, local_now
from ..visits.catalogue import SINCE, Choice

AREAS = (
    Choice("sleep", _l("Sömn"), "sleep"),
    Choice("eat_drink", _l("Äta och dricka"), "eat-drink"),
    Choice("toilet", _l("Toalett"), "toilet"),
    Choice("moving", _l("Röra på sig"), "exercise"),
    Choice("mood", _l("Humör"), "feel-sad"),
    Choice("pain", _l("Ont"), "have-pain"),
    Choice("breathing", _l("Andning"), "breathing"),
    Choice("seizures", _l("Anfall"), "seizure"),
    Choice("eating_stopped", _l("Slutat äta eller dricka"), "eat-drink-stopped"),
    Choice("fall", _l("Har ramlat"), "fall"),
    Choice("other", _l("Något annat"), "other"),
)
AREAS_BY_KEY = {area.value: area for area in AREAS}
URGENT_AREAS = frozenset({"breathing", "seizures", "eating_stopped", "fall"})
SINCE_BY_KEY = {choice.value: choice for choice in SINCE}
# The areas of "Så brukar jag vara" (the baseline): a note in one of these is set against what
# is usual for the person there.
BASELINE_AREAS = {
    "sleep": "sleep",
    "eat_drink": "eat_drink",
    "eating_stopped": "eat_drink",
    "toilet": "toilet",
    "moving": "moving",
    "fall": "moving",
    "mood": "mood",
    "pain": "pain",
}

HOW_MAX = 1000


def is_urgent(area: str) -> bool:
    return area in URGENT_AREAS


def area_text(key: str) -> str:
    area = AREAS_BY_KEY.get(key)
    return str(area.text) if area else key


def since_text(key: str, written: datetime | None = None, *, dated: bool = False) -> str:
    """Since when, in words. "Sedan i dag" was chosen on the day the note was `written`: so it
    is said from that day ("Sedan i går" the next day, "Sedan 3 december" later), and always
    with the date when `dated` (a text kept to be read later, such as the clinic's message).
    The other choices are lengths of time, shown beside the day the note was written."""
    choice = SINCE_BY_KEY.get(key)
    if choice is None:
        return key
    if key != "today" or written is None:
        return str(choice.text)
    day = written.astimezone(CLINIC_ZONE).date()
    days = (local_now().date() - day).days
    if not dated and days == 0:
        return str(choice.text)
    if not dated and days == 1:
        return _("Sedan i går")
    pattern = "d MMMM" if day.year == local_now().year else "d MMMM y"
    return _("Sedan %(day)s", day=format_date(day, pattern))
