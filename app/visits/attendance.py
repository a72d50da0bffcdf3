"""Did the patient come? Staff mark each visit that has begun: came, did not come, or cancelled
too late to give the time to someone else (the pilot's statistics follow the no-show rate,
app/stats/). A mark can be changed or taken back; each change is logged as a change of the visit."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..core import audit
from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, Attendance, Patient, Visit, utcnow

# How far back the staff's visit list shows visits to mark.
LIST_DAYS = 14
# The list of all visits without a mark (however old), a page at a time.
PAGE_SIZE = 25
LOG_OBJECT = "visit.attendance"

WORDS = {
    Attendance.CAME: _l("Kom"),
    Attendance.NO_SHOW: _l("Kom inte"),
    Attendance.LATE_CANCEL: _l("Avbokade sent"),
}
NOT_MARKED = _l("Inte markerat")


# What the pressed button sends: take the mark back.
CLEAR = "clear"


def parse(value: str) -> Attendance | None:
    """The mark a button sends (CLEAR takes the mark back); RuleError for anything else."""
    if value == CLEAR:
        return None
    try:
        return Attendance(value)
    except ValueError:
        raise RuleError(str(_l("Välj Kom, Kom inte eller Avbokade sent."))) from None


def mark(grant: Grant, visit: Visit, value: Attendance | None) -> None:
    """Mark whether the patient came (None: not marked); only a visit that has begun and was
    not cancelled in Lotsen."""
    if visit.cancelled:
        raise RuleError(str(_l("Besöket är inställt. Då finns det inget att markera.")))
    if visit.starts_at > utcnow():
        raise RuleError(str(_l("Besöket har inte börjat än. Markera när tiden har kommit.")))
    if visit.attendance == value:
        return
    visit.attendance = value
    visit.attendance_at = utcnow() if value is not None else None
    visit.attendance_by_id = grant.staff_member.id if value is not None and grant.staff_member else None
    audit.record(grant, AccessAction.UPDATE, LOG_OBJECT, visit.public_id)


def recent_visits(clinic_id: int, days: int = LIST_DAYS) -> list[Visit]:
    """The clinic's visits that began within `days` (and not cancelled), the newest first: the
    ones to mark, on the staff's list of visits."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Visit)
            .options(joinedload(Visit.patient), joinedload(Visit.visit_type))
            .join(Patient, Patient.id == Visit.patient_id)
            .where(
                Visit.clinic_id == clinic_id,
                Visit.cancelled_at.is_(None),
                Visit.starts_at <= now,
                Visit.starts_at > now - timedelta(days=days),
            )
            .order_by(Visit.starts_at.desc())
        )
    )


def _unmarked(clinic_id: int):
    """The clinic's visits that have begun, were not cancelled and have no mark yet."""
    return (
        Visit.clinic_id == clinic_id,
        Visit.cancelled_at.is_(None),
        Visit.starts_at <= utcnow(),
        Visit.attendance.is_(None),
    )


def unmarked_count(clinic_id: int) -> int:
    """How many of the clinic's visits that have been lack a mark (however long ago)."""
    return db.session.scalar(select(func.count()).select_from(Visit).where(*_unmarked(clinic_id))) or 0


def unmarked_visits(clinic_id: int, page: int) -> tuple[list[Visit], int, int]:
    """One page (from 1) of the visits without a mark, the newest first: (the visits, the page
    given, how many pages). A page past the last is the last."""
    total = unmarked_count(clinic_id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    visits = list(
        db.session.scalars(
            select(Visit)
            .options(joinedload(Visit.patient), joinedload(Visit.visit_type))
            .where(*_unmarked(clinic_id))
            .order_by(Visit.starts_at.desc(), Visit.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return visits, page, pages


def just_marked(clinic_id: int, public_id: str) -> Visit | None:
    """The visit that was marked a moment ago from the list of visits without a mark (it has left
    that list): shown above it with its buttons, so that a mis-tap is put right at once. None for
    an address that names no such visit of this clinic."""
    if not public_id:
        return None
    return db.session.scalar(
        select(Visit)
        .options(joinedload(Visit.patient), joinedload(Visit.visit_type))
        .where(
            Visit.public_id == public_id[:40],
            Visit.clinic_id == clinic_id,
            Visit.cancelled_at.is_(None),
            Visit.starts_at <= utcnow(),
        )
    )
