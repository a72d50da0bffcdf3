"""Visit preparations (Förbered besöket): started, saved step by step on the server (so nothing is
lost when someone leaves or their session times out), sent, opened again and read by staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.grants import ActingAs, Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, Patient, Preparation, PreparationStatus, Visit, VisitRequest, utcnow
from .catalogue import applicable
from .requests import request_visit
from .resent import keep_sent


def is_representative(grant: Grant) -> bool:
    return grant.acting_as is ActingAs.REPRESENTATIVE


def find_preparation(patient: Patient, public_id: str, for_update: bool = False):
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    query = select(Preparation).where(
        Preparation.patient_id == patient.id, Preparation.public_id == public_id
    )
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def preparation_for_visit(visit: Visit) -> Preparation | None:
    return db.session.scalar(select(Preparation).where(Preparation.visit_id == visit.id))


def preparations_for(visit_ids: list[int]) -> dict[int, Preparation]:
    if not visit_ids:
        return {}
    rows = db.session.scalars(select(Preparation).where(Preparation.visit_id.in_(visit_ids)))
    return {row.visit_id: row for row in rows if row.visit_id is not None}


def start(grant: Grant, visit: Visit | None) -> Preparation:
    """The preparation to continue: the visit's own, or the patient's open one without a visit."""
    if visit is not None:
        existing = preparation_for_visit(visit)
    else:
        existing = db.session.scalar(
            select(Preparation)
            .where(
                Preparation.patient_id == grant.patient.id,
                Preparation.visit_id.is_(None),
                Preparation.status == PreparationStatus.DRAFT,
            )
            .order_by(Preparation.created_at.desc())
            .limit(1)
        )
    if existing is not None:
        audit.record(grant, AccessAction.READ, "preparation", existing.public_id)
        return existing
    if visit is not None and visit.cancelled:
        raise RuleError(str(_l("Besöket är inställt. Du behöver inte förbereda det.")))
    preparation = Preparation(
        patient_id=grant.patient.id,
        visit=visit,
        answers={},
        step=applicable({}, is_representative(grant))[0].key,
        updated_by_id=grant.user.id,
        created_by_id=grant.user.id,
    )
    db.session.add(preparation)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "preparation", preparation.public_id)
    return preparation


def save_step(grant: Grant, preparation: Preparation, step_key: str, answer: dict, go_to: str) -> None:
    """Keep one step's answer and the step to come back to, at once on the server."""
    if preparation.submitted:
        raise RuleError(str(_l("Det här är redan skickat. Tryck på Ändra för att ändra.")))
    answers = dict(preparation.answers or {})
    answers[step_key] = answer
    preparation.answers = answers
    preparation.step = go_to
    preparation.updated_at = utcnow()
    preparation.updated_by_id = grant.user.id
    audit.record(grant, AccessAction.UPDATE, "preparation", preparation.public_id)


def submit(grant: Grant, preparation: Preparation, answered_by: str = "") -> VisitRequest | None:
    """Send the preparation to the clinic; without a visit it goes as a visit request.
    `answered_by` is what a helper said on Kontrollera; a patient on their own answered."""
    if preparation.submitted:
        raise RuleError(str(_l("Det här är redan skickat.")))
    preparation.answered_by = "patient" if grant.acting_as is ActingAs.PATIENT else answered_by
    preparation.status = PreparationStatus.SUBMITTED
    preparation.submitted_at = utcnow()
    preparation.submitted_by_id = grant.user.id
    preparation.submitted_acting_as = grant.acting_as.value
    preparation.submitted_mandate_id = grant.mandate.id if grant.mandate else None
    preparation.submitted_home_mandate_id = grant.home_mandate.id if grant.home_mandate else None
    preparation.read_at = None
    preparation.read_by_id = None
    preparation.step = "kontrollera"
    audit.record(grant, AccessAction.UPDATE, "preparation.submit", preparation.public_id)
    if preparation.visit_id is not None:
        return None
    existing = db.session.scalar(select(VisitRequest).where(VisitRequest.preparation_id == preparation.id))
    if existing is not None:
        existing.handled_at = None
        return existing
    reasons = (preparation.answers or {}).get("varfor", {}).get("choices", [])
    return request_visit(grant, reasons, [], "", preparation=preparation)


def reopen(grant: Grant, preparation: Preparation) -> None:
    """Open a sent preparation again to change it; it must then be sent again."""
    if not preparation.submitted:
        return
    keep_sent(preparation)  # staff are shown what changed when it comes again
    preparation.status = PreparationStatus.DRAFT
    preparation.step = "kontrollera"
    audit.record(grant, AccessAction.UPDATE, "preparation.reopen", preparation.public_id)


def mark_read(grant: Grant, preparation: Preparation) -> None:
    if preparation.submitted and preparation.read_at is None:
        preparation.read_at = utcnow()
        preparation.read_by = grant.staff_member
        audit.record(grant, AccessAction.UPDATE, "visits_staff.preparation_read", preparation.public_id)


def patient_preparations(patient: Patient) -> list[Preparation]:
    return list(
        db.session.scalars(
            select(Preparation)
            .options(selectinload(Preparation.visit))
            .where(Preparation.patient_id == patient.id)
            .order_by(Preparation.updated_at.desc())
            .limit(20)
        ).all()
    )
