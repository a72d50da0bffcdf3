"""The patient's own pages: what the patient, or someone who helps them, sees."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import AccessAction, AccessEvent, Mandate, MandateStatus, Patient, User

PAGE_SIZE = 30


def access_events(patient: Patient, viewer: User, page: int) -> tuple[list[AccessEvent], bool]:
    """One page of the patient's access log, newest first, and whether there are more.

    The viewer's own reads are left out: they know what they looked at, and would drown the rest.
    """
    page = max(1, min(page, 10_000))
    rows = db.session.scalars(
        select(AccessEvent)
        .where(AccessEvent.patient_id == patient.id)
        .where(~((AccessEvent.user_id == viewer.id) & (AccessEvent.action == AccessAction.READ)))
        .order_by(AccessEvent.at.desc(), AccessEvent.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return list(rows[:PAGE_SIZE]), len(rows) > PAGE_SIZE


def mandate_words(mandate: Mandate) -> list[str]:
    """What a representative may do, in words."""
    from ..staff_words import SCOPE_WORDS

    return [str(SCOPE_WORDS[scope]) for scope in sorted(mandate.scopes, key=list(SCOPE_WORDS).index)]


def other_ties(user: User, today) -> list[tuple[Mandate, MandateStatus]]:
    """Mandates of a representative that do not (or not yet) let them act, with their status."""
    rows = db.session.scalars(select(Mandate).where(Mandate.representative_id == user.id)).all()
    ties = [(m, m.effective_status(today)) for m in rows]
    return [(m, status) for m, status in ties if status is not MandateStatus.ACTIVE]
