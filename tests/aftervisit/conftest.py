"""A visit yesterday at the patient's clinic, with the world's vårdlots on it, to write a summary
after."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.extensions import db
from app.models import ChangeKind, StaffMember, Visit, VisitChange, VisitType, utcnow
from tests.visits.conftest import local_at


@pytest.fixture
def make_past_visit(app):
    def make(patient, days: int = -1, hour: int = 10, staff_user=None, cancelled=False) -> Visit:
        with app.app_context():
            visit_type = VisitType(clinic_id=patient.clinic_id, name="Hälsokontroll", pictogram="stethoscope")
            staff = []
            if staff_user is not None:
                staff = [db.session.query(StaffMember).filter_by(user_id=staff_user.id).one()]
            visit = Visit(
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                visit_type=visit_type,
                starts_at=local_at(days, hour),
                minutes=45,
                staff=staff,
            )
            db.session.add(VisitChange(visit=visit, kind=ChangeKind.BOOKED))
            if cancelled:
                visit.cancelled_at = utcnow()
            db.session.add(visit)
            db.session.commit()
            db.session.refresh(visit)
            db.session.expunge_all()
            return visit

    return make


@pytest.fixture
def past(world, make_past_visit):
    return SimpleNamespace(visit=make_past_visit(world.patient, staff_user=world.staff))
