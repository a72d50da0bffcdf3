"""What the pages of Något har ändrats show: an area and since when in words and a picture, and
who wrote a note."""

from __future__ import annotations

from flask_babel import gettext as _

from ..models import ChangeNote
from .change_areas import AREAS_BY_KEY, SINCE_BY_KEY, area_text, since_text


def note_picto(note: ChangeNote) -> str:
    area = AREAS_BY_KEY.get(note.area)
    return area.pictogram if area else "other"


def since_picto(note: ChangeNote) -> str:
    choice = SINCE_BY_KEY.get(note.since)
    return choice.pictogram if choice else "calendar"


def written_by(note: ChangeNote, patient_name: str) -> str:
    if note.acting_as == "patient":
        return patient_name
    return note.user.name if note.user is not None else _("Någon som hjälper")


def change_helpers() -> dict:
    return {
        "change_area": area_text,
        "change_since": since_text,
        "change_picto": note_picto,
        "change_since_picto": since_picto,
        "change_by": written_by,
    }
