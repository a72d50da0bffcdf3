"""Visit requests: a patient or helper asks for a visit; staff mark it handled."""

from __future__ import annotations

from sqlalchemy import select

from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.grants import Grant
from ..extensions import db
from ..models import AccessAction, Patient, Preparation, VisitRequest, utcnow


def request_visit(
    grant: Grant, reasons: list[str], times: list[str], text: str, preparation: Preparation | None = None
) -> VisitRequest:
    request = VisitRequest(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        reasons=list(reasons),
        times=list(times),
        text=text,
        preparation=preparation,
        **grant.who_acted(),
    )
    db.session.add(request)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "visit_request", request.public_id)
    return request


def patient_requests(patient: Patient, limit: int = 10) -> list[VisitRequest]:
    return list(
        db.session.scalars(
            select(VisitRequest)
            .where(VisitRequest.patient_id == patient.id)
            .order_by(VisitRequest.created_at.desc())
            .limit(limit)
        ).all()
    )


def find_request(patient: Patient, public_id: str) -> VisitRequest | None:
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    return db.session.scalar(
        select(VisitRequest).where(VisitRequest.patient_id == patient.id, VisitRequest.public_id == public_id)
    )


def mark_handled(grant: Grant, request: VisitRequest) -> None:
    if request.handled_at is None:
        request.handled_at = utcnow()
        request.handled_by = grant.staff_member
        audit.record(grant, AccessAction.UPDATE, "visits_staff.request_handled", request.public_id)
