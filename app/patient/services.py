"""The patient's own pages: what the patient, or someone who helps them, sees."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import AccessEvent, Patient

PAGE_SIZE = 30


def access_events(patient: Patient, page: int) -> tuple[list[AccessEvent], bool]:
    """One page of the patient's access log, newest first, and whether there are more."""
    page = max(1, min(page, 10_000))
    rows = db.session.scalars(
        select(AccessEvent)
        .where(AccessEvent.patient_id == patient.id)
        .order_by(AccessEvent.at.desc(), AccessEvent.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return list(rows[:PAGE_SIZE]), len(rows) > PAGE_SIZE


def count_events(patient: Patient) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AccessEvent).where(AccessEvent.patient_id == patient.id)
    ) or 0
