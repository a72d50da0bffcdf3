"""Who does a step and when, in the words and pictures Efter besöket's next steps and Min
hälsoplan's goals share: "Du" (or the patient's name for a helper), the group home or the person
who helps, the clinic, the habilitation; a day as words and as a calendar picture."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

from .core.clock import today
from .core.forms import LotsenForm, one_of_the_choices


@dataclass(frozen=True)
class Choice:
    value: str
    text: object  # a lazy text: what the patient's side reads
    pictogram: str
    staff: object = None  # what staff read, when it differs

    @property
    def staff_text(self):
        return self.staff or self.text


# Who does a step. The patient's side reads it about the patient: "Du" for the patient, the
# patient's name for a helper (see `who_words`).
WHO_ALL = (
    Choice("patient", _l("Du"), "person", staff=_l("Patienten")),
    Choice(
        "helper",
        _l("Boendet eller den som hjälper dig"),
        "group-home-staff",
        staff=_l("Boendet eller den som hjälper"),
    ),
    Choice("clinic", _l("Vårdcentralen"), "clinic"),
    Choice("habilitation", _l("Habiliteringen"), "habilitation"),
)
WHO_ALL_BY_VALUE = {c.value: c for c in WHO_ALL}
# Steps the patient's side may mark done; the clinic's (and the habilitation's) own steps are
# marked by staff.
PATIENT_SIDE_WHO = frozenset({"patient", "helper"})


def who_words(value: str, is_self: bool, name: str) -> str:
    """Who does a step, for the reader: "Du", or "Maja" when a helper reads about Maja."""
    if value == "patient":
        return str(_l("Du")) if is_self else name
    if value == "helper":
        return (
            str(_l("Boendet eller den som hjälper dig"))
            if is_self
            else str(_l("Boendet eller den som hjälper %(name)s", name=name))
        )
    return str(WHO_ALL_BY_VALUE.get(value, WHO_ALL_BY_VALUE["clinic"]).text)


# The weekday pictograms (the Swedish weekday colours) there are: Monday to Friday.
WEEKDAY_PICTOGRAMS = {0: "day-mon", 1: "day-tue", 2: "day-wed", 3: "day-thu", 4: "day-fri"}


@dataclass(frozen=True)
class Day:
    """A day as the pages show it: words ("tisdag 15 december"), and a calendar picture."""

    words: str
    weekday: str  # "tisdag"
    number: int
    month: str  # "dec"
    picto: str | None  # the weekday's pictogram, Monday to Friday


def day_forms(day: date | str | None) -> Day | None:
    if not day:
        return None
    if isinstance(day, str):
        day = date.fromisoformat(day)
    pattern = "EEEE d MMMM" if day.year == today().year else "EEEE d MMMM y"
    return Day(
        words=format_date(day, pattern),
        weekday=format_date(day, "EEEE"),
        number=day.day,
        month=format_date(day, "LLL").rstrip("."),
        picto=WEEKDAY_PICTOGRAMS.get(day.weekday()),
    )


class StepDoneForm(LotsenForm):
    """The big "Klart" on a step (klart=1), or taking it back (klart=0)."""

    klart = SelectField(
        _l("Klart"),
        choices=[SelectChoice("1", _l("Klart")), SelectChoice("0", _l("Inte klart än"))],
        validate_choice=False,
        validators=[one_of_the_choices(_l("Tryck på Klart eller Inte klart än."))],
    )
