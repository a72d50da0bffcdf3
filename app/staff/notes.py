"""The care team's note about a patient ("Anteckning för personalen"): staff only, never shown to
the patient's side. Each save adds a row (`StaffNote`), so the note's history stays; the newest row
is the note, and an empty newest row means the note was cleared.

Reading it and writing it are in the access log (the patient's log says that staff read or
changed the team's note, never what it says)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..core import audit
from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, Patient, StaffMember, StaffNote

NOTE_HISTORY_PAGE_SIZE = 50
NOTE_HISTORY_MAX_PAGE = 100_000


class NoteConflict(RuleError):
    """A colleague saved the note after the form was opened: nothing is saved."""


def _newest_first(patient: Patient):
    return (
        select(StaffNote)
        .where(StaffNote.patient_id == patient.id)
        .options(selectinload(StaffNote.staff_member).selectinload(StaffMember.user))
        .order_by(StaffNote.created_at.desc(), StaffNote.id.desc())
    )


def current_note(patient: Patient) -> StaffNote | None:
    """The newest version of the note (its text may be empty: cleared), or None if never written."""
    return db.session.scalar(_newest_first(patient).limit(1))


def version_of(note: StaffNote | None) -> str:
    """What the form carries to say which version it was opened on ("" for none yet)."""
    return str(note.id) if note is not None else ""


def record_read(grant: Grant, note: StaffNote | None) -> None:
    """A page showed the note's text: a read of the note in the access log (an empty or missing
    note shows nothing, so nothing is logged)."""
    if note is not None and note.text:
        audit.record(grant, AccessAction.READ, "staff_note", str(note.id))


@dataclass(frozen=True)
class NoteHistory:
    notes: list[StaffNote]
    page: int
    pages: int
    total: int


def note_history(patient: Patient, page: int = 1) -> NoteHistory:
    """Every version of the note, newest first, a page at a time."""
    total = (
        db.session.scalar(
            select(func.count()).select_from(StaffNote).where(StaffNote.patient_id == patient.id)
        )
        or 0
    )
    pages = max(1, -(-total // NOTE_HISTORY_PAGE_SIZE))
    page = max(1, min(page, pages, NOTE_HISTORY_MAX_PAGE))
    rows = db.session.scalars(
        _newest_first(patient).offset((page - 1) * NOTE_HISTORY_PAGE_SIZE).limit(NOTE_HISTORY_PAGE_SIZE)
    ).all()
    return NoteHistory(list(rows), page, pages, total)


def save_note(grant: Grant, text: str, version: str) -> StaffNote | None:
    """Save `text` as the note (empty clears it), as a new version by the staff member of
    `grant`, logged in the same transaction. `version` is the version the form was opened on:
    if a colleague has saved since, NoteConflict and nothing is saved. The same text as now
    saves nothing and returns None."""
    current = current_note(grant.patient)
    if version_of(current) != version:
        raise NoteConflict(
            _(
                "En kollega har ändrat anteckningen medan du skrev. Läs den nya texten. "
                "Din text finns kvar i rutan: spara igen om den ska gälla."
            ),
            field="text",
        )
    before = current.text if current is not None else ""
    if text == before:
        return None
    note = StaffNote(patient_id=grant.patient.id, text=text, staff_member_id=grant.staff.id)
    db.session.add(note)
    db.session.flush()
    if not before:
        action = AccessAction.CREATE
    elif not text:
        action = AccessAction.DELETE
    else:
        action = AccessAction.UPDATE
    audit.record(grant, action, "staff_note", str(note.id))
    db.session.commit()
    return note
