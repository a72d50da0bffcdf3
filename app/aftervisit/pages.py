"""What the pages of a summary show, shared by the patient's page, its print, the old versions
and the staff's preview "as the patient sees it": each text in the reader's language where it
is written (else the easy Swedish, marked), days as words and as a calendar picture."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date

from ..clinic_words import Said, choose, reader
from ..core.clock import today
from . import catalogue
from . import content as shape

# The weekday pictograms (the Swedish weekday colours) there are: Monday to Friday.
WEEKDAY_PICTOGRAMS = {0: "day-mon", 1: "day-tue", 2: "day-wed", 3: "day-thu", 4: "day-fri"}


def text_for(texts: dict | None) -> Said:
    """One text of a summary for the reader of this page: their language where it is written,
    else the easy Swedish (a `Said`, so that `lang_attrs` marks it)."""
    locale, easy = reader()
    return choose(texts or {}, locale, easy)


def only_in_swedish(document) -> bool:
    """Whether some text of the summary is shown in Swedish to a reader of another language."""
    locale, _easy = reader()
    language = (locale or "sv").split("_")[0]
    if language == "sv":
        return False
    return any(not item.texts.get(language) for item in shape.texts(document))


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


def page_helpers() -> dict:
    return {
        "av_text": text_for,
        "av_day": day_forms,
        "av_only_in_swedish": only_in_swedish,
        "av_who": catalogue.who_words,
        "av": catalogue,
        "av_is_empty": shape.is_empty,
    }
