"""The kallelse: a one-page easy-read letter about one booked visit, to show on the screen or print.

It says, in words and in pictures: the day (and a calendar page drawn for it), the time (and a
clock face), whom the person meets (their photo when they share one, else initials), where (the
clinic's address and the photo of its entrance the admin uploaded), what to bring, how the visit
goes (the visit type's picture schedule, with the person's own variants), what the clinic knows
the person needs, and how to cancel or move it; on paper, a QR code to the visit in Lotsen.

The visit model has no "planned adjustments" of its own: what the clinic has arranged is in its
message about the visit (`Visit.note`), shown as written; the needs shown are those in the
patient's needs profile, which the clinic reads before the visit (app/needs/), every one of them,
each as a sentence of the letter (app/visits/letter_needs.py)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..core.access import can
from ..core.grants import Capability, Grant
from ..core.urls import external_url
from ..models import Visit
from ..needs.services import current_profile
from ..qr import qr_svg
from .letter_needs import letter_groups
from .pages import shown_schedule, time_forms

# The weekday colours of Swedish special-needs schools, daily activities and group homes
# (pictograms/README.md): Monday green … Sunday red; Wednesday white, so with a dark outline.
WEEKDAY_COLOURS = ("#2e7d32", "#1d5fa8", "#ffffff", "#8d5a2b", "#ffd24d", "#f48fb1", "#c62828")
WEEKDAY_INK = ("#ffffff", "#ffffff", "#1b1b1b", "#ffffff", "#1b1b1b", "#1b1b1b", "#ffffff")


def calendar_svg(day: date, size: int = 96) -> Markup:
    """A calendar page for `day`: the month on a band in the weekday's colour, the day's number
    big under it. Decorative: the day is always written beside it in words."""
    weekday = day.weekday()
    month = escape(format_date(day, "MMM").rstrip(".").upper())
    # Numbers and the month's name from the calendar, escaped: nothing anyone typed.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="calendar-page" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" '
        f'width="{size}" height="{size}" aria-hidden="true" focusable="false">'
        '<rect x="4" y="6" width="56" height="54" rx="5" fill="#ffffff" stroke="#1b1b1b" stroke-width="3"/>'
        f'<path d="M4 11a5 5 0 0 1 5-5h46a5 5 0 0 1 5 5v11H4z" fill="{WEEKDAY_COLOURS[weekday]}" '
        'stroke="#1b1b1b" stroke-width="3"/>'
        f'<text x="32" y="19" text-anchor="middle" font-family="sans-serif" font-size="11" '
        f'font-weight="700" fill="{WEEKDAY_INK[weekday]}">{month}</text>'
        '<text x="32" y="52" text-anchor="middle" font-family="sans-serif" font-size="28" '
        f'font-weight="800" fill="#1b1b1b">{day.day}</text></svg>'
    )


def letter(grant: Grant, visit: Visit) -> dict:
    """What the kallelse shows, for the page and the print view alike."""
    when = time_forms(visit.starts_at)
    profile = current_profile(grant.patient)
    link = external_url("visits.visit", for_patient=grant.patient.public_id, visit_id=visit.public_id)
    return {
        "visit": visit,
        "clinic": grant.patient.clinic,
        "when": when,
        "calendar": calendar_svg(when["date"]),
        "schedule_steps": shown_schedule(grant, visit),
        "need_groups": letter_groups(profile.chosen),
        "can_ask_change": can(grant.user, grant.patient, Capability.WRITE_TO_VARDLOTS),
        "qr": qr_svg(link, _("QR-kod till besöket i Lotsen")),
    }
