"""Min hälsoplan's fixtures: a plan written and sent through the staff's pages, by a staff
member in another browser."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import HealthPlanGoal

from .plan_helpers import write_and_send


@pytest.fixture
def sent_plan(make_client, sign_in, query):
    """Send a plan for `patient` as `staff_user` (three goals: the patient's, the group home's,
    the habilitation's); returns the goal rows' public ids by who."""

    def send(patient, staff_user, **more) -> dict[str, str]:
        staff = make_client()
        sign_in(staff, staff_user)
        write_and_send(staff, patient, **more)
        rows = query(
            lambda s: s.scalars(select(HealthPlanGoal).where(HealthPlanGoal.patient_id == patient.id)).all()
        )
        return {row.who: row.public_id for row in rows if row.removed_at is None}

    return send
