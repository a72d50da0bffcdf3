"""Visits in a small world: a visit type with a picture schedule at the patient's clinic, one at
the other clinic, and a booked visit for the patient in three days."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import ChangeKind, StaffMember, Visit, VisitChange, VisitStep, VisitType

LOCAL = ZoneInfo("Europe/Stockholm")


def local_at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(LOCAL).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), LOCAL)


@pytest.fixture
def make_visit_type(app):
    def make(
        clinic,
        name="Hälsokontroll",
        steps=(("door-in", "Du kommer."), ("nurse", "Sjuksköterskan hämtar dig."), ("visit-done", "Klart!")),
    ):
        with app.app_context():
            visit_type = VisitType(clinic_id=clinic.id, name=name, pictogram="stethoscope", minutes=45)
            visit_type.steps = [
                VisitStep(position=n, pictogram=p, text=t) for n, (p, t) in enumerate(steps, start=1)
            ]
            db.session.add(visit_type)
            db.session.commit()
            db.session.refresh(visit_type)
            _ = [s.public_id for s in visit_type.steps]
            db.session.expunge_all()
            return visit_type

    return make


@pytest.fixture
def make_visit(app):
    def make(patient, visit_type, starts_at=None, staff_user=None, **kw):
        with app.app_context():
            staff = []
            if staff_user is not None:
                staff = [db.session.query(StaffMember).filter_by(user_id=staff_user.id).one()]
            visit = Visit(
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                visit_type_id=visit_type.id,
                starts_at=starts_at or local_at(3, 10, 30),
                minutes=visit_type.minutes,
                staff=staff,
                **kw,
            )
            db.session.add(visit)
            db.session.add(VisitChange(visit=visit, kind=ChangeKind.BOOKED))
            db.session.commit()
            db.session.refresh(visit)
            db.session.expunge_all()
            return visit

    return make


@pytest.fixture
def visits(world, make_visit_type, make_visit):
    here = make_visit_type(world.clinic)
    there = make_visit_type(world.other_clinic, name="Blodprov")
    visit = make_visit(world.patient, here, staff_user=world.staff, room="Rum 4", bring="Dina mediciner.")
    return SimpleNamespace(type=here, other_type=there, visit=visit)
