"""A patient's contact history, for the staff's patient card: every message (the patient's side's
and the team's answers), every request to be called back and each call attempt, every sent
preparation and every visit request, as one list, newest first.

One UNION ALL in the database sorts, counts and pages it; the page's rows are then loaded kind by
kind with what the lines show (who wrote, under which mandate, the conversation, the visit), so a
page costs the same few queries however long the history is. Read only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal_column, select, union_all
from sqlalchemy.orm import selectinload

from ..core import audit
from ..core.words import profession_word
from ..extensions import db
from ..models import (
    CallAttempt,
    CallbackRequest,
    ContactMessage,
    Conversation,
    HomeMandate,
    Patient,
    Preparation,
    PreparationStatus,
    StaffMember,
    User,
    Visit,
    VisitRequest,
)
from .callbacks import outcome_words

HISTORY_PAGE_SIZE = 10
HISTORY_MAX_PAGE = 100_000
KINDS = ("message", "callback", "attempt", "preparation", "request")


@dataclass(frozen=True)
class HistoryLine:
    kind: str  # one of KINDS
    at: datetime
    item: Any  # ContactMessage, CallbackRequest, CallAttempt, Preparation or VisitRequest
    who: str  # who wrote, asked, called or sent it, in words


@dataclass(frozen=True)
class HistoryPage:
    lines: list[HistoryLine]
    page: int
    pages: int
    total: int
    kept: list = field(default_factory=list, repr=False)  # kept loaded while shown


def _kind(name: str):
    return literal_column(f"'{name}'").label("kind")


def _history_rows(patient_id: int):
    """The patient's history as one subquery of (kind, id, at)."""
    return union_all(
        select(_kind("message"), ContactMessage.id.label("id"), ContactMessage.created_at.label("at"))
        .join(Conversation, ContactMessage.conversation_id == Conversation.id)
        .where(Conversation.patient_id == patient_id),
        select(_kind("callback"), CallbackRequest.id, CallbackRequest.created_at).where(
            CallbackRequest.patient_id == patient_id
        ),
        select(_kind("attempt"), CallAttempt.id, CallAttempt.at)
        .join(CallbackRequest, CallAttempt.callback_id == CallbackRequest.id)
        .where(CallbackRequest.patient_id == patient_id),
        select(_kind("preparation"), Preparation.id, Preparation.submitted_at).where(
            Preparation.patient_id == patient_id,
            Preparation.status == PreparationStatus.SUBMITTED,
            Preparation.submitted_at.is_not(None),
        ),
        select(_kind("request"), VisitRequest.id, VisitRequest.created_at).where(
            VisitRequest.patient_id == patient_id
        ),
    ).subquery("history")


def _who_acted(model) -> tuple[Any, ...]:
    """Who wrote, asked or sent it: the user (a staff member's profession too) and the mandate
    (personal, or the home's: "Jonas Lund (Solgläntan)")."""
    return (
        selectinload(model.user).selectinload(User.staff_member),
        selectinload(model.mandate),
        selectinload(model.home_mandate).selectinload(HomeMandate.home),
    )


# What each kind of line shows beside itself, loaded for the whole page at once.
_LOADS: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "message": (
        ContactMessage,
        (
            *_who_acted(ContactMessage),
            selectinload(ContactMessage.conversation).selectinload(Conversation.messages),
        ),
    ),
    "callback": (
        CallbackRequest,
        (
            *_who_acted(CallbackRequest),
            selectinload(CallbackRequest.attempts),
        ),
    ),
    "attempt": (
        CallAttempt,
        (
            selectinload(CallAttempt.staff_member).selectinload(StaffMember.user),
            selectinload(CallAttempt.callback),
        ),
    ),
    "preparation": (
        Preparation,
        (
            *_who_acted(Preparation),
            selectinload(Preparation.visit).joinedload(Visit.visit_type),
        ),
    ),
    "request": (
        VisitRequest,
        (
            *_who_acted(VisitRequest),
            selectinload(VisitRequest.preparation),
        ),
    ),
}

_AT = {
    "message": lambda o: o.created_at,
    "callback": lambda o: o.created_at,
    "attempt": lambda o: o.at,
    "preparation": lambda o: o.submitted_at,
    "request": lambda o: o.created_at,
}


def _who(kind: str, item) -> str:
    if kind == "attempt":
        staff = item.staff_member
        return f"{staff.name} ({profession_word(staff)})"
    return audit.describe_who(item)


def contact_history(patient: Patient, page: int = 1, size: int = HISTORY_PAGE_SIZE) -> HistoryPage:
    """One page of the patient's contact history, newest first."""
    rows = _history_rows(patient.id)
    total = db.session.scalar(select(func.count()).select_from(rows)) or 0
    pages = max(1, -(-total // size))
    page = max(1, min(page, pages, HISTORY_MAX_PAGE))
    if not total:
        return HistoryPage([], page, pages, 0)
    found = db.session.execute(
        select(rows.c.kind, rows.c.id)
        .order_by(rows.c.at.desc(), rows.c.kind, rows.c.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    loaded: dict[str, dict[int, Any]] = {}
    for kind, (model, options) in _LOADS.items():
        ids = [row.id for row in found if row.kind == kind]
        if ids:
            loaded[kind] = {
                obj.id: obj
                for obj in db.session.scalars(select(model).options(*options).where(model.id.in_(ids)))
            }
    lines = []
    for row in found:
        item = loaded[row.kind][row.id]
        lines.append(HistoryLine(row.kind, _AT[row.kind](item), item, _who(row.kind, item)))
    return HistoryPage(lines, page, pages, total, [line.item for line in lines])


def history_helpers() -> dict:
    """What the lines' words need in the template."""
    return {"outcome_words": outcome_words()}
