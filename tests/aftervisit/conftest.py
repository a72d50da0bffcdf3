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


# --- a summary sent to the patient's side (the patient side's tests) ---------------------------


def typical_document(day) -> dict:
    """A typical summary: what we did, what we found, three next steps (the patient's, the group
    home's with a day, the clinic's referral), a new medicine in the evening, and whom to call."""
    return {
        "did": ["talk", "ears", "blood_pressure"],
        "found": {
            "sv": "Du har mycket vax i öronen. Därför hör du sämre. Blodtrycket är bra.",
            "en": "You have a lot of wax in your ears. That is why you hear less.",
        },
        "steps": [
            {
                "key": "walk",
                "kind": "exercise",
                "who": "patient",
                "text": {"sv": "Gå en promenad varje dag."},
            },
            {
                "key": "drops",
                "kind": "try_medicine",
                "who": "helper",
                "on": day.isoformat(),
                "text": {"sv": "Droppar i öronen varje kväll."},
            },
            {"key": "ref", "kind": "referral", "who": "clinic", "text": {"sv": "Vi skickar en remiss."}},
        ],
        "medicines": [
            {
                "key": "m1",
                "change": "new",
                "name": "Revaxör",
                "for": {"sv": "Gör vaxet mjukt."},
                "dose": {"sv": "2 droppar i varje öra."},
                "times": ["evening"],
            }
        ],
        "calls": {"clinic": {"sv": "du får ont i örat."}, "112": {"sv": "du får svårt att andas."}},
    }


@pytest.fixture
def send_summary(app):
    """Staff write and send a summary of `visit` (as `staff_user`); returns its public id and
    its step rows' public ids by key. `why` sends a correction of one already sent."""
    from datetime import timedelta

    from flask_login import login_user

    from app.aftervisit import services
    from app.core.access import decide
    from app.core.clock import today
    from app.core.grants import Capability
    from app.models import Patient, User

    def send(visit, staff_user, document=None, why=None) -> SimpleNamespace:
        with app.test_request_context():
            user = db.session.get(User, staff_user.id)
            login_user(user)
            found = db.session.get(Visit, visit.id)
            grant = decide(user, db.session.get(Patient, found.patient_id), Capability.MANAGE)
            summary = services.start(grant, found)
            services.save(grant, summary, document or typical_document(today() + timedelta(days=7)))
            services.send(grant, summary, why)
            db.session.commit()
            steps = {key: row.public_id for key, row in services.steps_of(summary).items()}
            result = SimpleNamespace(id=summary.public_id, steps=steps, version=summary.version)
            db.session.expunge_all()
            return result

    return send
