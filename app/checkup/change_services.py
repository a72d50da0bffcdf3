"""Något har ändrats: writing a change note (and the conversation that brings it to the clinic's
inbox), finding notes, and staff's measurements at checks. Each write lands in the access log."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..contact.conversations import start_conversation
from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, ChangeNote, ConversationKind, Measurement, MeasurementKind, Patient, utcnow
from .change_areas import area_text, is_urgent, since_text


def notes_of(patient: Patient) -> list[ChangeNote]:
    """The patient's notes, newest first."""
    return list(
        db.session.scalars(
            select(ChangeNote)
            .where(ChangeNote.patient_id == patient.id)
            .order_by(ChangeNote.created_at.desc(), ChangeNote.id.desc())
        )
    )


def find(patient: Patient, public_id: str) -> ChangeNote | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(ChangeNote).where(ChangeNote.public_id == public_id, ChangeNote.patient_id == patient.id)
    )


def sent_with(form_key: str) -> ChangeNote | None:
    """The note already sent from the form with this one-time key, if any (for any patient)."""
    return db.session.scalar(select(ChangeNote).where(ChangeNote.form_key == form_key))


def note_in_words(note: ChangeNote) -> str:
    """The note as the first message of its conversation, in Swedish for the clinic."""
    with force_locale("sv"):
        lines = [
            _("Något har ändrats: %(area)s.", area=area_text(note.area)),
            _("Sedan när: %(since)s.", since=since_text(note.since, note.created_at or utcnow(), dated=True)),
        ]
        if note.urgent:
            lines.insert(0, _("Brådskande."))
        if note.how:
            lines.append(_("Så här: %(how)s", how=note.how))
    return "\n".join(lines)


def send(grant: Grant, area: str, since: str, how: str, form_key: str) -> ChangeNote:
    """Write the note, and a conversation of kind CHANGE about it for the clinic's inbox. A form
    sent twice (the same one-time key) is refused."""
    if sent_with(form_key) is not None:
        raise RuleError(_("Det här är redan skickat. Vårdcentralen har fått det."))
    note = ChangeNote(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        area=area,
        since=since,
        how=how,
        urgent=is_urgent(area),
        form_key=form_key,
        **grant.who_acted(),
    )
    db.session.add(note)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same form sent twice at the same moment
        db.session.rollback()
        raise RuleError(_("Det här är redan skickat. Vårdcentralen har fått det.")) from error
    audit.record(grant, AccessAction.CREATE, "change_note", note.public_id)
    conversation = start_conversation(
        grant,
        [],
        note_in_words(note),
        False,
        kind=ConversationKind.CHANGE,
        about=note.public_id,
        logged_as="change_note.message",
        what=_("en brådskande ändring") if note.urgent else _("en ändring att titta på"),
    )
    conversation.messages[0].language = "sv"
    note.conversation = conversation
    db.session.flush()
    return note


# --- measurements (staff) ------------------------------------------------------------------


def measurements_of(patient: Patient, kind: MeasurementKind | None = None) -> list[Measurement]:
    """Oldest first."""
    query = select(Measurement).where(Measurement.patient_id == patient.id)
    if kind is not None:
        query = query.where(Measurement.kind == kind)
    return list(db.session.scalars(query.order_by(Measurement.measured_on, Measurement.id)))


def record_weight(grant: Grant, on: date, kg: float) -> Measurement:
    return _record(grant, Measurement(kind=MeasurementKind.WEIGHT, weight_kg=kg, measured_on=on))


def record_blood_pressure(grant: Grant, on: date, systolic: int, diastolic: int) -> Measurement:
    return _record(
        grant,
        Measurement(
            kind=MeasurementKind.BLOOD_PRESSURE, bp_systolic=systolic, bp_diastolic=diastolic, measured_on=on
        ),
    )


def _record(grant: Grant, row: Measurement) -> Measurement:
    row.patient_id = grant.patient.id
    row.clinic_id = grant.patient.clinic_id
    row.recorded_by_id = grant.staff.id
    db.session.add(row)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "measurement", row.public_id)
    return row
