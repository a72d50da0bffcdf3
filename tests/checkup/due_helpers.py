"""Addresses and data for Hälsokontrollen's tests: a health-check visit type, rounds."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import HealthCheck, MailNotice, VisitType
from tests.support.people import patient_url


def staff_url(patient, rest: str = "") -> str:
    return f"/personal/patienter/{patient.public_id}/halsokontroll{rest}"


def page_url(patient, rest: str = "") -> str:
    return patient_url(patient, f"/halsokontroll/{rest}")


def add_check_type(app, clinic) -> str:
    with app.app_context():
        kind = VisitType(
            clinic_id=clinic.id, name="Hälsokontroll", pictogram="stethoscope", minutes=60, health_check=True
        )
        db.session.add(kind)
        db.session.commit()
        return kind.public_id


def rounds(query, patient) -> list[HealthCheck]:
    return query(
        lambda s: list(
            s.scalars(
                select(HealthCheck).where(HealthCheck.patient_id == patient.id).order_by(HealthCheck.id)
            )
        )
    )


def notices(query) -> list[MailNotice]:
    return query(lambda s: list(s.scalars(select(MailNotice).order_by(MailNotice.id))))
