"""Rounds of the health check, addresses and answers for the tests of the questions before it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.models import HealthCheck, HealthQuestionnaire, utcnow
from tests.support.people import patient_url


def page_url(patient, rest: str = "") -> str:
    return patient_url(patient, f"/halsokontroll/fragor/{rest}")


def staff_url(patient, check, rest: str = "") -> str:
    return f"/personal/patienter/{patient.public_id}/halsokontroll/{check.public_id}/svar{rest}"


def make_round(query, patient, *, done_days_ago: int | None = None) -> HealthCheck:
    """A round of the check: open (invited now), or done `done_days_ago` days ago."""

    def add(session):
        check = HealthCheck(patient_id=patient.id, clinic_id=patient.clinic_id, invited_at=utcnow())
        if done_days_ago is not None:
            when = utcnow() - timedelta(days=done_days_ago)
            check.invited_at, check.outcome, check.done_on = when, "done", when.date()
        session.add(check)
        session.commit()
        session.refresh(check)
        session.expunge(check)
        return check

    return query(add)


def add_sent(query, check, user, answers: dict, who: str = "patient") -> None:
    """A questionnaire for `check`, sent with `answers` by `user` (acting as the patient)."""

    def add(session):
        session.add(
            HealthQuestionnaire(
                health_check_id=check.id,
                patient_id=check.patient_id,
                answers=answers,
                status="sent",
                sent_at=utcnow(),
                times_sent=1,
                step="kontrollera",
                who=who,
                user_id=user.id,
                acting_as="patient",
            )
        )
        session.commit()

    query(add)


def questionnaire(query, check) -> HealthQuestionnaire | None:
    def find(session):
        row = session.scalar(
            select(HealthQuestionnaire).where(HealthQuestionnaire.health_check_id == check.id)
        )
        if row is not None:
            session.expunge(row)
        return row

    return query(find)


def revision_of(query, check) -> str:
    row = questionnaire(query, check)
    return str(row.revision if row else 0)
