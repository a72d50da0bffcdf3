"""Which visits: a patient's coming and past ones, one visit, a clinic's visits in a period, and
those overlapping a time (for the booking warnings). Read only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..core.access import PUBLIC_ID
from ..extensions import db
from ..models import Patient, StaffMember, Visit, VisitStep, VisitType, utcnow


def _visit_query(*, staff: bool = True, steps: bool = True):
    """Visits with what pages show of them: the type and the changes always; the staff who
    take part, and the type's picture schedule ("Så går besöket till"), when asked for."""
    visit_type = joinedload(Visit.visit_type)
    options = [selectinload(Visit.changes)]
    if steps:
        visit_type = visit_type.selectinload(VisitType.steps).selectinload(VisitStep.variants)
    if staff:
        options.append(selectinload(Visit.staff).selectinload(StaffMember.user))
    return select(Visit).options(visit_type, *options)


# No visit is longer than this (the forms allow 480 minutes): a bound for the queries below.
LONGEST_VISIT = timedelta(hours=8)


def coming_visits(patient: Patient, *, staff: bool = True, steps: bool = True) -> list[Visit]:
    """Visits that have not ended yet, cancelled ones too (so the patient sees they are off).

    The visit type and the changes are always loaded; `staff` and `steps` as in `_visit_query`
    (Hem shows the next visit's type and time and whether any visit has changed: neither; the
    list of visits shows who takes part, not the steps)."""
    now = utcnow()
    query = _visit_query(staff=staff, steps=steps)
    rows = db.session.scalars(
        query.where(Visit.patient_id == patient.id, Visit.starts_at >= now - LONGEST_VISIT).order_by(
            Visit.starts_at
        )
    ).all()
    return [visit for visit in rows if visit.ends_at > now]


def past_visits(patient: Patient, limit: int = 5) -> list[Visit]:
    """The last visits that took place, for the list of visits (without their steps)."""
    now = utcnow()
    rows = db.session.scalars(
        _visit_query(steps=False)
        .where(Visit.patient_id == patient.id, Visit.starts_at < now, Visit.cancelled_at.is_(None))
        .order_by(Visit.starts_at.desc())
        .limit(limit + 1)
    ).all()
    return [visit for visit in rows if visit.ends_at <= now][:limit]


def find_visit(patient: Patient, public_id: str) -> Visit | None:
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    return db.session.scalar(
        _visit_query().where(Visit.patient_id == patient.id, Visit.public_id == public_id)
    )


def clinic_visits(clinic_id: int, start: datetime, end: datetime) -> list[Visit]:
    return list(
        db.session.scalars(
            _visit_query()
            .options(selectinload(Visit.patient))
            .where(Visit.clinic_id == clinic_id, Visit.starts_at >= start, Visit.starts_at < end)
            .order_by(Visit.starts_at)
        ).all()
    )


@dataclass(frozen=True)
class CardVisits:
    """A patient's visits on the staff's patient card: those not ended yet (soonest first) and
    the last ones that have ended (newest first), cancelled ones too, and how many have ended."""

    coming: list[Visit]
    past: list[Visit]
    past_total: int


# "Visa alla" on the card still has a bound: no page lists more than this many past visits.
PAST_MAX = 500


def card_visits(patient: Patient, past_limit: int) -> CardVisits:
    """Three queries however many visits there are: the coming ones, a page of the past ones,
    and the count of the past ones. A visit going on now is coming until it ends."""
    now = utcnow()
    coming = coming_visits(patient, staff=False, steps=False)
    started = [visit for visit in coming if visit.starts_at < now]  # going on now
    past_limit = max(0, min(past_limit, PAST_MAX))
    before_now = (Visit.patient_id == patient.id, Visit.starts_at < now)
    rows = db.session.scalars(
        _visit_query(staff=False, steps=False)
        .where(*before_now)
        .order_by(Visit.starts_at.desc(), Visit.id.desc())
        .limit(past_limit + len(started))
    ).all()
    going_on = {visit.id for visit in started}
    past = [visit for visit in rows if visit.id not in going_on][:past_limit]
    total = db.session.scalar(select(func.count()).select_from(Visit).where(*before_now)) or 0
    return CardVisits(coming, past, total - len(started))


def overlapping(start: datetime, end: datetime, *where) -> list[Visit]:
    rows = db.session.scalars(
        _visit_query()
        .where(
            Visit.cancelled_at.is_(None),
            Visit.starts_at < end,
            Visit.starts_at >= start - LONGEST_VISIT,
            *where,
        )
        .order_by(Visit.starts_at)
    ).all()
    return [visit for visit in rows if visit.ends_at > start]
