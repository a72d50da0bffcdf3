"""What the visits pages show, shared by the patient's, the wizard's and the staff's pages: a
visit's time in every form, the template helpers, and a visit's picture schedule for one patient."""

from __future__ import annotations

from flask_babel import format_datetime, get_locale
from flask_login import current_user

from ..core import audit
from ..core.clock import CLINIC_ZONE, local_now
from ..core.grants import Grant
from ..core.words import PROFESSION_PICTOGRAMS, profession_word
from ..needs.services import current_profile
from . import attendance, changes, schedules, wizard
from .catalogue import REASONS
from .clock import clock_svg, part_of_day, spoken_time_sv
from .forms import TIMES


def time_forms(moment) -> dict:
    """A visit's time in every form the pages show: words, digits, as spoken, and as a clock."""
    local = moment.astimezone(CLINIC_ZONE)
    return {
        "day": format_datetime(moment, "EEEE d MMMM"),
        "year": local.year,
        "time": format_datetime(moment, "HH:mm"),
        "spoken": spoken_time_sv(local) if str(get_locale()) == "sv" else "",
        "clock": clock_svg(local),
        "part": part_of_day(local),
        "date": local.date(),
    }


def _words(choices, values) -> list[str]:
    texts = {value: text for value, text, *_rest in choices}
    return [str(texts[v]) for v in values if v in texts]


def visit_helpers() -> dict:
    reasons = [(c.value, c.text) for c in REASONS]
    return {
        "time_forms": time_forms,
        "reason_words": lambda values: _words(reasons, values),
        "time_words": lambda values: _words(TIMES, values),
        "audit_who": lambda item: audit.describe_who(item, current_user),
        "role_word": profession_word,
        "role_pictogram": lambda staff: PROFESSION_PICTOGRAMS[staff.profession],
        "recent_change": changes.recent_change,
        "change_sentences": changes.change_sentences,
        "answered_by_words": wizard.answered_by_words,
        "today": local_now().date(),
        "attendance_words": attendance.WORDS,
        "attendance_not_marked": attendance.NOT_MARKED,
    }


def shown_schedule(grant: Grant, visit) -> list[schedules.ShownStep]:
    """The visit's picture schedule for this patient: each step, or its variant for one of the
    patient's needs, in the reader's language."""
    return schedules.schedule_for(
        visit.visit_type, schedules.patient_need_codes(current_profile(grant.patient))
    )
