"""Visit requests: a patient or helper asks for a visit; staff mark it handled."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.clock import CLINIC_ZONE
from ..core.grants import Grant
from ..extensions import db
from ..models import AccessAction, Patient, Preparation, Visit, VisitRequest, VisitType, utcnow
from .catalogue import REASONS

REASONS_BY_VALUE = {choice.value: choice for choice in REASONS}
NOON = 12


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


def for_visits(visit_ids: list[int]) -> dict[int, VisitRequest]:
    """The request each visit was booked from, if it was."""
    if not visit_ids:
        return {}
    rows = db.session.scalars(select(VisitRequest).where(VisitRequest.visit_id.in_(visit_ids)))
    return {row.visit_id: row for row in rows if row.visit_id is not None}


def suggested_type(request: VisitRequest, types: dict[str, VisitType]) -> VisitType | None:
    """The clinic's visit type that the request's one reason names ("Blodprov" for Blodprov,
    "Vaccination" for Vaccin), if exactly one does; staff choose otherwise."""
    reasons = [REASONS_BY_VALUE[r] for r in request.reasons if r in REASONS_BY_VALUE]
    if len(reasons) != 1:
        return None
    reason = str(reasons[0].text).casefold()
    matches = [t for t in types.values() if t.name.casefold().startswith(reason)]
    return matches[0] if len(matches) == 1 else None


def time_wish_warning(request: VisitRequest, starts_at: datetime) -> str:
    """What to tell staff when the time booked goes against the time of day asked for."""
    wished = set(request.times) & {"morning", "afternoon"}
    if len(wished) != 1 or "any" in request.times:
        return ""
    morning = starts_at.astimezone(CLINIC_ZONE).hour < NOON
    if ("morning" in wished) == morning:
        return ""
    return _(
        "Önskemålet var en tid %(wish)s, men besöket är kl. %(time)s.",
        wish=_("på förmiddagen") if "morning" in wished else _("på eftermiddagen"),
        time=starts_at.astimezone(CLINIC_ZONE).strftime("%H:%M"),
    )


def booked_from(grant: Grant, request: VisitRequest, visit: Visit) -> None:
    """The visit is booked from the request: the request is handled with the booking, and a
    preparation sent without a visit (the request came with it) becomes the visit's."""
    request.visit_id = visit.id
    mark_handled(grant, request)
    preparation = request.preparation
    if preparation is not None and preparation.visit_id is None:
        preparation.visit_id = visit.id
