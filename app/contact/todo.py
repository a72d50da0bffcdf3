"""Att göra: the staff's start page. What the team has to do now, each as a count and a short
list with one click to act: what is urgent (the inbox's urgent items), mandates waiting for
verification, visit requests not yet booked, callbacks due today in calling order, sent
preparations nobody has read for visits in the next days, and messages not answered within the
time patients are promised, and one's own visits of the last days with nothing sent to the
patient afterwards yet (Efter besöket). Each list is one query; a list shows its first few and links to
the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..core.access import StaffRight, staff_may
from ..core.clock import CLINIC_ZONE, local_day_bounds, local_now
from ..extensions import db
from ..models import (
    CALLBACK_CLOSED,
    AfterVisit,
    CallbackRequest,
    ContactMessage,
    Conversation,
    ConversationStatus,
    Mandate,
    MandateStatus,
    Patient,
    Preparation,
    PreparationStatus,
    StaffMember,
    Visit,
    VisitRequest,
    utcnow,
)
from .inbox import URGENT_PHRASE, InboxFilter, inbox_page

SHOWN = 8  # items a list shows; its count says how many there are
PREPARATION_DAYS = 3  # sent preparations to read for visits this many days ahead


@dataclass
class Section:
    """One list on Att göra: how many there are, and the first few."""

    items: list = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.items))


@dataclass
class Todo:
    urgent: Section
    mandates: Section | None  # None for staff who do not verify mandates
    requests: Section
    calls: Section
    preparations: Section
    waiting: Section  # messages waiting for an answer, late ones marked
    visits: Section  # the signed-in staff member's visits today
    to_write: Section  # their visits of the last days with nothing sent afterwards yet
    kept: list = field(default_factory=list, repr=False)  # what the inbox page loaded

    @property
    def patients(self) -> set[int]:
        """The patients the page shows, for the access log."""
        found: set[int] = {item.patient.id for item in self.urgent.items}
        for section in self._sections:
            if section is not None:
                found.update(item.patient_id for item in section.items)
        return found

    @property
    def total(self) -> int:
        return self.urgent.count + sum(s.count for s in self._sections if s is not None)

    @property
    def _sections(self) -> tuple[Section | None, ...]:
        return (
            self.mandates,
            self.requests,
            self.calls,
            self.preparations,
            self.waiting,
            self.visits,
            self.to_write,
        )


def _section(query, limit: int = SHOWN) -> Section:
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(limit)).unique()) if count else []
    return Section(items, int(count or 0))


def _mandates(clinic_id: int) -> Section:
    return _section(
        select(Mandate)
        .join(Patient, Mandate.patient_id == Patient.id)
        .options(joinedload(Mandate.patient), joinedload(Mandate.representative))
        .where(Patient.clinic_id == clinic_id, Mandate.status == MandateStatus.AWAITING_VERIFICATION)
        .order_by(Mandate.id)
    )


def _requests(clinic_id: int) -> Section:
    return _section(
        select(VisitRequest)
        .options(joinedload(VisitRequest.patient), joinedload(VisitRequest.assigned_to))
        .where(VisitRequest.clinic_id == clinic_id, VisitRequest.handled_at.is_(None))
        .order_by(VisitRequest.created_at, VisitRequest.id)
    )


def _calls(clinic_id: int, today: date) -> Section:
    """Open callbacks due today or before (the day planned, else the day asked, both as the
    clinic counts days), in calling order: urgent first, the earliest day, morning before
    afternoon (an unplanned call asked for in the afternoon only counts as afternoon), then the
    oldest. The database picks the due ones; the order is made here, in the clinic's time zone
    (SQLite knows no time zones), from the day's few calls."""
    end_of_today = local_day_bounds(today)[1]
    due = db.session.scalars(
        select(CallbackRequest)
        .options(joinedload(CallbackRequest.patient), joinedload(CallbackRequest.assigned_to))
        .where(
            CallbackRequest.clinic_id == clinic_id,
            CallbackRequest.status.not_in(CALLBACK_CLOSED),
            or_(
                CallbackRequest.planned_on <= today,
                CallbackRequest.planned_on.is_(None) & (CallbackRequest.created_at < end_of_today),
            ),
        )
    ).all()

    def order(call: CallbackRequest) -> tuple:
        day = call.planned_on or call.created_at.astimezone(CLINIC_ZONE).date()
        wished = set(call.times or [])
        afternoon = call.planned_time == "afternoon" or (
            not call.planned_time and "afternoon" in wished and "morning" not in wished
        )
        urgent = URGENT_PHRASE in (call.topics or [])
        return (not urgent, day, afternoon, call.created_at, call.id)

    ordered = sorted(due, key=order)
    return Section(ordered[: SHOWN * 2], len(ordered))


def _preparations(clinic_id: int, now: datetime) -> Section:
    return _section(
        select(Preparation)
        .join(Visit, Preparation.visit_id == Visit.id)
        .options(joinedload(Preparation.patient), joinedload(Preparation.visit).joinedload(Visit.visit_type))
        .where(
            Visit.clinic_id == clinic_id,
            Visit.cancelled_at.is_(None),
            Visit.starts_at >= now,
            Visit.starts_at < now + timedelta(days=PREPARATION_DAYS),
            Preparation.status == PreparationStatus.SUBMITTED,
            Preparation.read_at.is_(None),
        )
        .order_by(Visit.starts_at, Preparation.id)
    )


@dataclass
class Waiting:
    """A conversation waiting for an answer, and by when patients were promised one."""

    conversation: Conversation
    due: datetime
    now: datetime

    @property
    def patient_id(self) -> int:
        return self.conversation.patient_id

    @property
    def late(self) -> bool:
        return self.due <= self.now


def answer_due(asked: datetime, weekdays: int) -> datetime:
    """When an answer to a message sent at `asked` is due: `weekdays` weekdays later (a message
    sent on a Saturday is due as one sent on the Monday)."""
    due = asked.astimezone(CLINIC_ZONE)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    left = weekdays
    while left:
        due += timedelta(days=1)
        if due.weekday() < 5:
            left -= 1
    return due


def _waiting(clinic_id: int, now: datetime) -> Section:
    """Open conversations whose newest message is from the patient's side: they wait for an
    answer. The longest waiting first; each is marked late once past the promised time
    (CONTACT_ANSWER_DAYS weekdays, `answer_due`), and the count of late ones is kept."""
    weekdays = current_app.config["CONTACT_ANSWER_DAYS"]
    last_from_staff = (
        select(ContactMessage.from_staff)
        .where(ContactMessage.conversation_id == Conversation.id)
        .order_by(ContactMessage.created_at.desc(), ContactMessage.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    section = _section(
        select(Conversation)
        .options(joinedload(Conversation.patient), joinedload(Conversation.assigned_to))
        .where(
            Conversation.clinic_id == clinic_id,
            Conversation.status == ConversationStatus.OPEN,
            last_from_staff.is_(False),
        )
        .order_by(Conversation.last_message_at, Conversation.id)
    )
    section.items = [Waiting(c, answer_due(c.last_message_at, weekdays), now) for c in section.items]
    return section


def _my_visits(me: StaffMember, now: datetime) -> Section:
    """Today's visits the signed-in staff member is named on, not yet over."""
    start, end = local_day_bounds(local_now().date())
    return _section(
        select(Visit)
        .options(joinedload(Visit.patient), joinedload(Visit.visit_type))
        .where(
            Visit.staff.any(StaffMember.id == me.id),
            Visit.cancelled_at.is_(None),
            Visit.starts_at >= start,
            Visit.starts_at < end,
        )
        .order_by(Visit.starts_at, Visit.id),
        limit=SHOWN * 2,
    )


WRITE_AFTER_DAYS = 7  # "Skriv efter besöket" lists one's visits of this many days back


def _to_write(me: StaffMember, now: datetime) -> Section:
    """The signed-in staff member's visits of the last days that have begun, not cancelled, with
    no summary sent to the patient's side yet (none, or a draft): oldest first."""
    return _section(
        select(Visit)
        .outerjoin(AfterVisit, AfterVisit.visit_id == Visit.id)
        .options(joinedload(Visit.patient), joinedload(Visit.visit_type))
        .where(
            Visit.staff.any(StaffMember.id == me.id),
            Visit.cancelled_at.is_(None),
            Visit.starts_at <= now,
            Visit.starts_at >= now - timedelta(days=WRITE_AFTER_DAYS),
            or_(AfterVisit.id.is_(None), AfterVisit.version == 0),
        )
        .order_by(Visit.starts_at, Visit.id)
    )


def todo(clinic_id: int, me: StaffMember) -> Todo:
    now = utcnow()
    urgent = inbox_page(clinic_id, me, InboxFilter(urgent=True))
    return Todo(
        urgent=Section(urgent.items[:SHOWN], urgent.total),
        mandates=_mandates(clinic_id) if staff_may(me, StaffRight.MANDATES) else None,
        requests=_requests(clinic_id),
        calls=_calls(clinic_id, local_now().date()),
        preparations=_preparations(clinic_id, now),
        waiting=_waiting(clinic_id, now),
        visits=_my_visits(me, now),
        to_write=_to_write(me, now),
        kept=urgent.people,
    )
