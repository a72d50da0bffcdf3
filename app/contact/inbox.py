"""The vårdlots team's inbox. Everything that needs the team, as one UNION ALL in the database:
conversations (with their unread messages), callbacks (unread until someone opens them), and from
Förbered besöket sent preparations (to do until read) and visit requests (to do until handled).
Filtering, sorting, counting and paging happen there, so an old item is found however many newer
ones there are, and the list and the menu count unread the same way (`inbox_counts`). Who takes
care of an item is set here too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import g
from sqlalchemy import Date, Integer, Text, case, cast, func, literal_column, null, select, union_all
from sqlalchemy.orm import selectinload

from ..core import audit
from ..core.grants import Grant
from ..extensions import db
from ..models import (
    CALLBACK_CLOSED,
    AccessAction,
    CallbackRequest,
    ChangeNote,
    ContactMessage,
    Conversation,
    ConversationStatus,
    HomeMandate,
    Mandate,
    Patient,
    Preparation,
    PreparationStatus,
    StaffMember,
    User,
    Visit,
    VisitRequest,
)
from ..visits.catalogue import STEPS_BY_KEY
from .reads import reads_query

# The quick phrase that means "do not wait" (the contact form's urgent card).
URGENT_PHRASE = "happened"

INBOX_PAGE_SIZE = 50
INBOX_MAX_PAGE = 100_000
KIND_GROUPS = {
    "conversation": "conversation",
    "callback": "callback",
    "preparation": "visit",
    "request": "visit",
}


@dataclass
class InboxItem:
    kind: str  # "conversation", "callback", "preparation" or "request"
    at: datetime
    patient: Patient
    item: object
    unread: int = 0
    open: bool = True
    assigned_to: StaffMember | None = None
    # "Något har hänt", an urgent change note ("Något har ändrats"), or the worst pain in a
    # preparation, while the item is open: said and sorted first.
    urgent: bool = False


@dataclass(frozen=True)
class InboxFilter:
    state: str = "open"  # "open", "done" or "all"
    assigned: str = ""  # "", "me", "none" or a staff member's public id
    patient: str = ""  # a patient's public id
    kind: str = ""  # "", "conversation", "callback" or "visit" (preparations and requests)
    urgent: bool = False  # only what is urgent and open (Att göra's first list)

    def as_args(self) -> dict[str, str]:
        """The filter as the inbox's query string (for the links to other pages)."""
        args = {
            "lage": self.state if self.state != "open" else "",
            "slag": self.kind,
            "vem": self.assigned,
            "patient": self.patient,
            "bradskande": "1" if self.urgent else "",
        }
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]
    page: int
    pages: int
    total: int  # items that match the filter, on every page
    unread: int  # their unread count, on every page
    people: list = field(default_factory=list, repr=False)  # kept loaded while shown


def utc_day(column):
    """The UTC date of a stored moment, on SQLite and on PostgreSQL (whatever its time zone)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def says_happened(column):
    """Whether a JSON list of quick phrases holds "Något har hänt" (the same test on SQLite,
    which keeps JSON as text, and on PostgreSQL)."""
    return cast(column, Text).like(f'%"{URGENT_PHRASE}"%')


def _inbox_rows(clinic_id: int, kinds: set[str]):
    """The inbox of a clinic as one subquery: kind, id, patient_id, sort_at, is_open (1 or 0),
    assigned_to_id, unread, urgent (1 or 0, only while open), and the callback queue's due_day
    and part."""
    branches = []
    none_day = cast(null(), Date).label("due_day")
    none_part: Any = literal_column("0").label("part")
    if "conversation" in kinds:
        reads = reads_query(
            "conversation",
            select(Conversation.public_id).where(Conversation.clinic_id == clinic_id),
            by_staff=True,
        ).subquery()
        waiting = (
            select(ContactMessage.conversation_id, func.count().label("n"))
            .join(Conversation, ContactMessage.conversation_id == Conversation.id)
            .outerjoin(reads, reads.c.object_id == Conversation.public_id)
            .where(
                Conversation.clinic_id == clinic_id,
                ContactMessage.from_staff.is_(False),
                reads.c.at.is_(None) | (ContactMessage.created_at > reads.c.at),
            )
            .group_by(ContactMessage.conversation_id)
            .subquery()
        )
        happened = (
            select(ContactMessage.id)
            .where(
                ContactMessage.conversation_id == Conversation.id,
                ContactMessage.from_staff.is_(False),
                says_happened(ContactMessage.phrases),
            )
            .exists()
        )
        # "Något har ändrats" in breathing, seizures, eating or drinking stopped, or a fall.
        urgent_change = (
            select(ChangeNote.id)
            .where(ChangeNote.conversation_id == Conversation.id, ChangeNote.urgent.is_(True))
            .exists()
        )
        conversation_open = Conversation.status == ConversationStatus.OPEN
        branches.append(
            select(
                literal_column("'conversation'").label("kind"),
                Conversation.id.label("id"),
                Conversation.patient_id.label("patient_id"),
                Conversation.last_message_at.label("sort_at"),
                case((Conversation.status == ConversationStatus.OPEN, 1), else_=0).label("is_open"),
                Conversation.assigned_to_id.label("assigned_to_id"),
                func.coalesce(waiting.c.n, 0).label("unread"),
                case((conversation_open & (happened | urgent_change), 1), else_=0).label("urgent"),
                none_day,
                none_part,
            )
            .outerjoin(waiting, waiting.c.conversation_id == Conversation.id)
            .where(Conversation.clinic_id == clinic_id)
        )
    if "callback" in kinds:
        opened = reads_query(
            "callback",
            select(CallbackRequest.public_id).where(CallbackRequest.clinic_id == clinic_id),
            by_staff=True,
        ).subquery()
        is_open = CallbackRequest.status.not_in(CALLBACK_CLOSED)
        branches.append(
            select(
                literal_column("'callback'").label("kind"),
                CallbackRequest.id.label("id"),
                CallbackRequest.patient_id.label("patient_id"),
                CallbackRequest.created_at.label("sort_at"),
                case((is_open, 1), else_=0).label("is_open"),
                CallbackRequest.assigned_to_id.label("assigned_to_id"),
                case((is_open & opened.c.at.is_(None), 1), else_=0).label("unread"),
                case((is_open & says_happened(CallbackRequest.topics), 1), else_=0).label("urgent"),
                func.coalesce(CallbackRequest.planned_on, utc_day(CallbackRequest.created_at)).label(
                    "due_day"
                ),
                case((CallbackRequest.planned_time == "afternoon", 1), else_=0).label("part"),
            )
            .outerjoin(opened, opened.c.object_id == CallbackRequest.public_id)
            .where(CallbackRequest.clinic_id == clinic_id)
        )
    sent_preparations = (
        select(Preparation.id)
        .join(Patient, Preparation.patient_id == Patient.id)
        .where(Patient.clinic_id == clinic_id, Preparation.status == PreparationStatus.SUBMITTED)
    )
    new_preparations = sent_preparations.where(Preparation.read_at.is_(None))
    # The pain scale's answer that means "do not wait" (the wizard's urgent card).
    worst_pain = Preparation.answers["hur"]["choice"].as_string().in_(sorted(STEPS_BY_KEY["hur"].urgent))
    if "preparation" in kinds:
        # Sent preparations: to do until someone marks one read, then done (still found).
        unread = case((Preparation.read_at.is_(None), 1), else_=0)
        branches.append(
            select(
                literal_column("'preparation'").label("kind"),
                Preparation.id.label("id"),
                Preparation.patient_id.label("patient_id"),
                Preparation.submitted_at.label("sort_at"),
                unread.label("is_open"),
                cast(null(), Integer).label("assigned_to_id"),
                unread.label("unread"),
                case((Preparation.read_at.is_(None) & worst_pain, 1), else_=0).label("urgent"),
                none_day,
                none_part,
            ).where(Preparation.id.in_(sent_preparations))
        )
    if "request" in kinds:
        # To do until handled, then done (still found). A request made by sending a preparation
        # shows as that preparation while nobody has read it, then as itself.
        open_request = case((VisitRequest.handled_at.is_(None), 1), else_=0)
        branches.append(
            select(
                literal_column("'request'").label("kind"),
                VisitRequest.id.label("id"),
                VisitRequest.patient_id.label("patient_id"),
                VisitRequest.created_at.label("sort_at"),
                open_request.label("is_open"),
                VisitRequest.assigned_to_id.label("assigned_to_id"),
                open_request.label("unread"),
                literal_column("0").label("urgent"),
                none_day,
                none_part,
            ).where(
                VisitRequest.clinic_id == clinic_id,
                VisitRequest.preparation_id.is_(None) | VisitRequest.preparation_id.not_in(new_preparations),
            )
        )
    return union_all(*branches).subquery("inbox_items")


def _filtered(clinic_id: int, me: StaffMember | None, filters: InboxFilter):
    """The subquery of the clinic's inbox and the conditions of `filters` on it."""
    kinds = {kind for kind, group in KIND_GROUPS.items() if not filters.kind or group == filters.kind}
    rows = _inbox_rows(clinic_id, kinds)
    conditions = []
    if filters.urgent:
        conditions.append(rows.c.urgent == 1)
    if filters.state == "open":
        conditions.append(rows.c.is_open == 1)
    elif filters.state == "done":
        conditions.append(rows.c.is_open == 0)
    if filters.patient:
        conditions.append(
            rows.c.patient_id
            == select(Patient.id)
            .where(Patient.public_id == filters.patient, Patient.clinic_id == clinic_id)
            .scalar_subquery()
        )
    if filters.assigned == "me":
        conditions.append(rows.c.assigned_to_id == (me.id if me is not None else None))
    elif filters.assigned == "none":
        conditions.append(rows.c.assigned_to_id.is_(None))
    elif filters.assigned:
        conditions.append(
            rows.c.assigned_to_id
            == select(StaffMember.id)
            .where(StaffMember.public_id == filters.assigned, StaffMember.clinic_id == clinic_id)
            .scalar_subquery()
        )
    return rows, conditions


def inbox_counts(
    clinic_id: int, me: StaffMember | None = None, filters: InboxFilter = InboxFilter()
) -> tuple[int, int]:
    """How many items match `filters`, and their unread count, in one query. The menu's count
    is this with the plain filter (what is still to do), so the menu and the inbox agree."""
    key = (clinic_id, me.id if me is not None and filters.assigned == "me" else None, filters)
    cache = g.setdefault("inbox_counts", {})
    if key not in cache:
        rows, conditions = _filtered(clinic_id, me, filters)
        total, unread = db.session.execute(
            select(func.count(), func.coalesce(func.sum(rows.c.unread), 0))
            .select_from(rows)
            .where(*conditions)
        ).one()
        cache[key] = (int(total), int(unread))
    return cache[key]


def unread_count(clinic_id: int) -> int:
    """For the menu on every staff page: unread messages from the patient's side in open
    conversations, open callbacks nobody has opened, new preparations and visit requests."""
    return inbox_counts(clinic_id)[1]


# What each kind of item needs loaded beside itself; who wrote it, who takes care of it and
# under which mandate are loaded for the whole page at once (`_load_people`).
_INBOX_LOADS: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "conversation": (Conversation, (selectinload(Conversation.messages),)),
    "callback": (CallbackRequest, (selectinload(CallbackRequest.attempts),)),
    "preparation": (Preparation, (selectinload(Preparation.visit).selectinload(Visit.visit_type),)),
    "request": (VisitRequest, ()),
}


def _load_people(objects: list) -> list:
    """The writers, their mandates and the staff taking care of the page's items, in one query
    each, so that each item then finds its own in the session without a query of its own.
    Returns them, to be kept while the page is shown."""
    staff = list(
        db.session.scalars(
            select(StaffMember).where(
                StaffMember.id.in_({o.assigned_to_id for o in objects if getattr(o, "assigned_to_id", None)})
            )
        )
    )
    user_ids: set[int | None] = {s.user_id for s in staff}
    mandate_ids: set[int | None] = set()
    home_mandate_ids: set[int | None] = set()
    for obj in objects:
        for writer in obj.messages[:1] if isinstance(obj, Conversation) else [obj]:
            prepared = isinstance(writer, Preparation)
            user_ids.add(writer.submitted_by_id if prepared else writer.user_id)
            mandate_ids.add(writer.submitted_mandate_id if prepared else writer.mandate_id)
            home_mandate_ids.add(writer.submitted_home_mandate_id if prepared else writer.home_mandate_id)
    users = list(
        db.session.scalars(
            select(User).options(selectinload(User.staff_member)).where(User.id.in_(user_ids - {None}))
        )
    )
    mandates = list(db.session.scalars(select(Mandate).where(Mandate.id.in_(mandate_ids - {None}))))
    home_mandates = list(
        db.session.scalars(
            select(HomeMandate)
            .options(selectinload(HomeMandate.home))
            .where(HomeMandate.id.in_(home_mandate_ids - {None}))
        )
    )
    return staff + users + mandates + home_mandates


def inbox_page(
    clinic_id: int, me: StaffMember, filters: InboxFilter = InboxFilter(), page: int = 1
) -> InboxPage:
    """One page of the inbox, urgent items first (see InboxItem.urgent), then newest first; the
    callback queue (kind "callback") in calling
    order instead: open calls first, by the planned day (else the day asked), morning before
    afternoon, then oldest first."""
    total, unread_total = inbox_counts(clinic_id, me, filters)
    pages = max(1, -(-total // INBOX_PAGE_SIZE))
    page = max(1, min(page, pages, INBOX_MAX_PAGE))
    if not total:
        return InboxPage([], page, pages, 0, 0)
    rows, conditions = _filtered(clinic_id, me, filters)
    order: tuple[Any, ...]
    if filters.kind == "callback":
        order = (
            rows.c.is_open.desc(),
            rows.c.urgent.desc(),
            rows.c.due_day,
            rows.c.part,
            rows.c.sort_at,
            rows.c.id,
        )
    else:
        order = (rows.c.urgent.desc(), rows.c.sort_at.desc(), rows.c.kind, rows.c.id.desc())
    found = db.session.execute(
        select(rows.c.kind, rows.c.id, rows.c.patient_id, rows.c.unread, rows.c.is_open, rows.c.urgent)
        .where(*conditions)
        .order_by(*order)
        .offset((page - 1) * INBOX_PAGE_SIZE)
        .limit(INBOX_PAGE_SIZE)
    ).all()
    patients = {
        p.id: p
        for p in db.session.scalars(select(Patient).where(Patient.id.in_({row.patient_id for row in found})))
    }
    loaded = {}
    for kind, (model, options) in _INBOX_LOADS.items():
        ids = [row.id for row in found if row.kind == kind]
        if ids:
            loaded[kind] = {
                obj.id: obj
                for obj in db.session.scalars(select(model).options(*options).where(model.id.in_(ids)))
            }
    objects = [loaded[row.kind][row.id] for row in found]
    kept = _load_people(objects)
    items = []
    for row, obj in zip(found, objects, strict=True):
        at = {
            "conversation": lambda o: o.last_message_at,
            "callback": lambda o: o.created_at,
            "preparation": lambda o: o.submitted_at,
            "request": lambda o: o.created_at,
        }[row.kind](obj)
        items.append(
            InboxItem(
                row.kind,
                at,
                patients[row.patient_id],
                obj,
                int(row.unread),
                bool(row.is_open),
                getattr(obj, "assigned_to", None),
                bool(row.urgent),
            )
        )
    return InboxPage(items, page, pages, total, unread_total, kept)


def inbox_patients(clinic_id: int) -> list:
    """The patients who have anything in the inbox, done or not, by name (for its filter):
    only their ids and names are read."""
    kinds = set(KIND_GROUPS)
    rows = _inbox_rows(clinic_id, kinds)
    found = db.session.execute(
        select(Patient.public_id, Patient.name).where(
            Patient.clinic_id == clinic_id, Patient.id.in_(select(rows.c.patient_id))
        )
    ).all()
    return sorted(found, key=lambda p: (p.name.casefold(), p.public_id))


ASSIGN_ENDPOINTS = {
    Conversation: "contact_staff.conversation_assign",
    CallbackRequest: "contact_staff.callback_assign",
    VisitRequest: "contact_staff.request_assign",
}


def assign(
    grant: Grant, item: Conversation | CallbackRequest | VisitRequest, staff: StaffMember | None
) -> None:
    item.assigned_to_id = staff.id if staff else None
    audit.record(grant, AccessAction.UPDATE, ASSIGN_ENDPOINTS[type(item)], item.public_id)
