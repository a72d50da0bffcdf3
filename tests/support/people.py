"""Addresses and readers: a patient-side address, another reader for a user, a weekday."""

from __future__ import annotations

from datetime import date, timedelta

from app.models import Patient, User


def set_reader(query, user: User, language: str = "sv", easy: bool = False) -> None:
    """Give a user another interface language and easy-read setting (as Inställningar would)."""

    def run(session):
        found = session.get(User, user.id)
        found.language, found.easy_read = language, easy
        session.commit()

    query(run)


def patient_url(patient: Patient, rest: str = "/") -> str:
    """The address of a page under /min-sida/ for `patient` (e.g. patient_url(p, "/kontakt/")):
    every patient-side address names the person it is for."""
    return f"/min-sida/{patient.public_id}{rest}"


def next_weekday(after: date | None = None) -> date:
    """The first Monday-to-Friday day after `after` (default: today): calls are planned on
    weekdays, so tests that plan one must not land on a weekend whatever day they run."""
    day = (after or date.today()) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def helpers_read(query, world) -> int:
    """An access event of the world's god man reading the patient's start page (an event nobody
    of the staff did, so any log reviewer may spot-check it); its id."""
    from app.models import AccessAction, AccessEvent

    def run(session):
        event = AccessEvent(
            user_id=world.god_man.id,
            acting_as="representative",
            mandate_id=world.mandate.id,
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            action=AccessAction.READ,
            object_type="patient.home",
        )
        session.add(event)
        session.commit()
        return event.id

    return query(run)
