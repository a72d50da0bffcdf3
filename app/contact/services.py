"""The rules of Kontakta vårdlotsen. Every read and write goes through a Grant and lands in the
access log; e-mail notices hold no health data, only that something is new and a link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import g
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from limits import parse
from sqlalchemy import Date, Integer, case, cast, func, literal_column, null, select, union_all
from sqlalchemy.orm import selectinload

from .. import notices
from ..core import audit
from ..core.access import PUBLIC_ID, can
from ..core.audit_words import genitive
from ..core.clock import local_now
from ..core.grants import ActingAs, Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db, hit_limit
from ..models import (
    CALLBACK_CLOSED,
    AccessAction,
    AccessEvent,
    CallAttempt,
    CallbackRequest,
    CallbackStatus,
    CallOutcome,
    ContactMessage,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Mandate,
    Patient,
    Preparation,
    PreparationStatus,
    StaffMember,
    User,
    Visit,
    VisitRequest,
    utcnow,
)
from ..visits.services import clinic_staff

# Sending is limited per person, against floods (a stuck key, a script): generous for people.
SEND_LIMIT = parse("20 per hour")
SEND_LIMIT_DAY = parse("60 per day")


def _who(grant: Grant) -> dict:
    return {"user_id": grant.user.id, "acting_as": grant.acting_as.value,
            "mandate_id": grant.mandate.id if grant.mandate else None}


def check_send_limit(user: User) -> None:
    """RuleError (shown at the form, with nothing lost) once someone has sent very much."""
    key = str(user.id)
    if not (hit_limit(SEND_LIMIT, "contact-send", key)
            and hit_limit(SEND_LIMIT_DAY, "contact-send-day", key)):
        raise RuleError(_("Du har skickat många meddelanden nu. Vänta en stund och skicka sedan "
                          "igen. Det du skrev finns kvar. Du kan också ringa vårdcentralen."))


def _tell_clinic(patient: Patient, what: str) -> None:
    """An e-mail to the clinic's vårdlots address: only that something is new, and a link."""
    with force_locale("sv"):
        body = _("Hej!\n\nDet finns %(what)s i Lotsen.\nLogga in och titta i inkorgen:\n"
                 "%(link)s\n\nLotsen", what=what, link=external_url("contact_staff.inbox"))
        notices.queue(patient.clinic.vardlots_email, _("Nytt i Lotsens inkorg"), body, "inbox",
                      patient.clinic_id)


# --- conversations, the patient's side --------------------------------------------------------

def conversations_for(patient: Patient) -> list[Conversation]:
    return list(db.session.scalars(
        select(Conversation).options(selectinload(Conversation.messages))
        .where(Conversation.patient_id == patient.id)
        .order_by(Conversation.last_message_at.desc()).limit(50)))


def find_conversation(patient: Patient, public_id: str) -> Conversation | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(select(Conversation).where(
        Conversation.public_id == public_id, Conversation.patient_id == patient.id))


def _add_message(grant: Grant, conversation: Conversation, *, phrases=(), text="",
                 notify=False, from_staff=False, language: str = "") -> ContactMessage:
    """`language`: the form the text is written in (app/clinic_words.py); by default the
    writer's own interface language."""
    message = ContactMessage(conversation=conversation, phrases=list(phrases), text=text,
                             notify=notify, from_staff=from_staff,
                             language=language or (grant.user.language or "sv"), **_who(grant))
    db.session.add(message)
    conversation.last_message_at = utcnow()
    return message


# The same thing sent again this soon is a resend (the back button, which brings the filled-in
# form back, or a second tap): the first one is kept, and nothing new is made.
RESEND_WINDOW = timedelta(minutes=10)


def same_message_sent(grant: Grant, phrases: list[str], text: str) -> Conversation | None:
    """The conversation this person just started with these very words, if any."""
    since = utcnow() - RESEND_WINDOW
    recent = db.session.scalars(
        select(ContactMessage).join(Conversation)
        .where(Conversation.patient_id == grant.patient.id,
               ContactMessage.user_id == grant.user.id, ContactMessage.from_staff.is_(False),
               ContactMessage.created_at >= since)
        .order_by(ContactMessage.id.desc()).limit(10)).all()
    return next((m.conversation for m in recent
                 if m.phrases == list(phrases) and m.text == text), None)


def same_reply_sent(grant: Grant, conversation: Conversation, text: str,
                    phrases: list[str] | tuple[str, ...] = ()) -> bool:
    last = conversation.messages[-1] if conversation.messages else None
    return (last is not None and not last.from_staff and last.user_id == grant.user.id
            and last.text == text and list(last.phrases or []) == list(phrases)
            and last.created_at >= utcnow() - RESEND_WINDOW)


def start_conversation(grant: Grant, phrases: list[str], text: str, notify: bool
                       ) -> Conversation:
    check_send_limit(grant.user)
    conversation = Conversation(patient_id=grant.patient.id, clinic_id=grant.patient.clinic_id)
    db.session.add(conversation)
    message = _add_message(grant, conversation, phrases=phrases, text=text, notify=notify)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "contact_message", message.public_id)
    _tell_clinic(grant.patient, _("ett nytt meddelande"))
    return conversation


def reply(grant: Grant, conversation: Conversation, text: str, notify: bool,
          phrases: list[str] | tuple[str, ...] = ()) -> ContactMessage:
    """A new message from the patient's side; a conversation marked done opens again."""
    check_send_limit(grant.user)
    message = _add_message(grant, conversation, phrases=phrases, text=text, notify=notify)
    conversation.status = ConversationStatus.OPEN
    conversation.done_at = None
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "contact_message", message.public_id)
    _tell_clinic(grant.patient, _("ett nytt meddelande"))
    return message


def record_read(grant: Grant, object_type: str, item: Conversation | CallbackRequest) -> None:
    """Opening a conversation or a callback is a read in the access log, with what was read;
    "read" on either side is what the log says, so reading changes nothing else."""
    audit.record(grant, AccessAction.READ, object_type, item.public_id)
    g.audit_wrote = True  # this read is the page's log entry


def _reads(object_type: str, ids, by_staff: bool):
    """When each item of `ids` (a list, or a select of ids) was last opened by the clinic's
    staff (or by the patient's side): rows of (object_id, at)."""
    side = (AccessEvent.acting_as == ActingAs.STAFF.value if by_staff
            else AccessEvent.acting_as != ActingAs.STAFF.value)
    return (select(AccessEvent.object_id.label("object_id"),
                   func.max(AccessEvent.at).label("at"))
            .where(AccessEvent.object_type == object_type, AccessEvent.object_id.in_(ids),
                   AccessEvent.action == AccessAction.READ, side)
            .group_by(AccessEvent.object_id))


def last_reads(object_type: str, public_ids: list[str], by_staff: bool) -> dict[str, datetime]:
    """When each item was last opened by the clinic's staff (or by the patient's side)."""
    if not public_ids:
        return {}
    return dict(db.session.execute(_reads(object_type, public_ids, by_staff)).all())


def unread(conversation: Conversation, read_at: datetime | None, by_staff: bool) -> int:
    """Messages from the other side written after that side last opened the conversation."""
    return sum(1 for message in conversation.messages
               if message.from_staff != by_staff
               and (read_at is None or message.created_at > read_at))


@dataclass(frozen=True)
class State:
    key: str  # "sent", "read", "answered" or "done"
    text: str
    pictogram: str


def state(conversation: Conversation, staff_read_at: datetime | None,
          side_read_at: datetime | None = None) -> State:
    """Where a conversation stands, as the patient's side sees it. An answer nobody on the
    patient's side has opened yet is shown as an answer, even if the vårdlots has marked the
    conversation done: "Klart" must not hide a new answer."""
    last = conversation.messages[-1] if conversation.messages else None
    if (last is not None and last.from_staff
            and (side_read_at is None or side_read_at < last.created_at)):
        return State("new-answer", _("Nytt svar från vårdlotsen"), "message")
    if conversation.status is ConversationStatus.DONE:
        return State("done", _("Klart"), "visit-done")
    if last is not None and last.from_staff:
        return State("answered", _("Vårdlotsen har svarat"), "message")
    if last is not None and staff_read_at is not None and staff_read_at >= last.created_at:
        return State("read", _("Vårdlotsen har läst"), "seen")
    return State("sent", _("Skickat. Vårdlotsen har inte läst än."), "envelope")


def states(conversations: list[Conversation]) -> dict[int, State]:
    ids = [c.public_id for c in conversations]
    staff_reads = last_reads("conversation", ids, by_staff=True)
    side_reads = last_reads("conversation", ids, by_staff=False)
    return {c.id: state(c, staff_reads.get(c.public_id), side_reads.get(c.public_id))
            for c in conversations}


def unread_answers(patient: Patient) -> int:
    """Answers from the vårdlots the patient's side has not opened yet (for Hem)."""
    # As `unread` counts them over `conversations_for`, without loading every message.
    latest = dict(db.session.execute(
        select(Conversation.id, Conversation.public_id).where(Conversation.patient_id == patient.id)
        .order_by(Conversation.last_message_at.desc()).limit(50)).all())
    reads = last_reads("conversation", list(latest.values()), by_staff=False)
    answers = db.session.execute(
        select(ContactMessage.conversation_id, ContactMessage.created_at)
        .where(ContactMessage.conversation_id.in_(latest), ContactMessage.from_staff)
    ).all() if latest else []
    return sum(1 for conversation_id, at in answers
               if (read_at := reads.get(latest[conversation_id])) is None or at > read_at)


# --- conversations, the staff's side ----------------------------------------------------------

def _tell_writers(conversation: Conversation) -> int:
    """E-mail those on the patient's side who asked to be told, if they may still see it."""
    link = external_url("contact.conversation", for_patient=conversation.patient.public_id,
                 conversation_id=conversation.public_id)
    told = set()
    for message in conversation.messages:
        writer = message.user
        if (message.from_staff or not message.notify or writer.id in told
                or not writer.active or not can(writer, conversation.patient, Capability.SEE)):
            continue
        told.add(writer.id)
        with force_locale(writer.language or "sv"):
            body = _("Hej!\n\nVårdlotsen har svarat dig i Lotsen.\nLogga in och läs svaret:\n"
                     "%(link)s\n\nLotsen", link=link)
            notices.queue(writer.email, _("Vårdlotsen har svarat i Lotsen"), body, "answer",
                          conversation.clinic_id)
    return len(told)


def answer(grant: Grant, conversation: Conversation, text: str,
           language: str = "sv") -> ContactMessage:
    """The vårdlots answers, in `language` ("sv", "sv_easy", "en", "ar"): the patient's side
    sees the answer marked as that language, and hears it in that language's voice."""
    message = _add_message(grant, conversation, text=text, from_staff=True, language=language)
    if conversation.assigned_to_id is None:
        conversation.assigned_to_id = grant.staff_member.id
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "contact_message", message.public_id)
    _tell_writers(conversation)
    return message


def assign(grant: Grant, item: Conversation | CallbackRequest, staff: StaffMember | None
           ) -> None:
    item.assigned_to_id = staff.id if staff else None
    kind = ("contact_staff.conversation_assign" if isinstance(item, Conversation)
            else "contact_staff.callback_assign")
    audit.record(grant, AccessAction.UPDATE, kind, item.public_id)


def set_done(grant: Grant, conversation: Conversation, done: bool) -> None:
    conversation.status = ConversationStatus.DONE if done else ConversationStatus.OPEN
    conversation.done_at = utcnow() if done else None
    audit.record(grant, AccessAction.UPDATE,
                 "contact_staff.conversation_done" if done else "conversation.reopen",
                 conversation.public_id)


def find_staff(clinic_id: int, public_id: str) -> StaffMember | None:
    return next((s for s in clinic_staff(clinic_id) if s.public_id == public_id), None)


# --- callbacks ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CallbackFields:
    whom: str
    phone: str
    days: list[str]
    times: list[str]
    topics: list[str]
    text: str
    notify: bool
    remember: bool = False  # keep the number for next time, if it is the asker's own


def same_callback_asked(grant: Grant, fields: CallbackFields) -> CallbackRequest | None:
    """An open call this person just asked for with the very same answers, if any."""
    since = utcnow() - RESEND_WINDOW
    recent = db.session.scalars(
        select(CallbackRequest).where(
            CallbackRequest.patient_id == grant.patient.id,
            CallbackRequest.user_id == grant.user.id, CallbackRequest.created_at >= since,
            CallbackRequest.status.not_in(CALLBACK_CLOSED))
        .order_by(CallbackRequest.id.desc()).limit(10)).all()
    wanted = (fields.whom, fields.phone, list(fields.days), list(fields.times),
              list(fields.topics), fields.text)
    return next((c for c in recent
                 if (c.whom, c.phone, c.days, c.times, c.topics, c.text) == wanted), None)


def request_callback(grant: Grant, fields: CallbackFields) -> CallbackRequest:
    check_send_limit(grant.user)
    callback = CallbackRequest(patient_id=grant.patient.id, clinic_id=grant.patient.clinic_id,
                               whom=fields.whom, phone=fields.phone, days=list(fields.days),
                               times=list(fields.times), topics=list(fields.topics),
                               text=fields.text, notify=fields.notify, **_who(grant))
    db.session.add(callback)
    db.session.flush()
    # Remembered for next time only when asked, and only as the asker's own number.
    if fields.remember and callback.callee is not None and callback.callee.id == grant.user.id:
        grant.user.phone = fields.phone
    audit.record(grant, AccessAction.CREATE, "callback", callback.public_id)
    _tell_clinic(grant.patient, _("en ny begäran om att bli uppringd"))
    return callback


# Needs in Mina anpassningar that make a phone call hard: the form and the staff's page say so.
WORDLESS = ("no_speech", "aac_device", "sign_language")


@dataclass(frozen=True)
class PhoneNeeds:
    wordless: list[str]  # the texts of the needs that make talking on the phone hard
    interpreter: bool
    language: str  # the interpreter need's comment, often the language

    def __bool__(self) -> bool:
        return bool(self.wordless or self.interpreter)


def phone_needs(patient: Patient) -> PhoneNeeds:
    from ..needs.services import current_profile

    chosen = {need.code: (need, comment) for need, comment in current_profile(patient).chosen}
    return PhoneNeeds(wordless=[str(chosen[code][0].text) for code in WORDLESS if code in chosen],
                      interpreter="interpreter" in chosen,
                      language=chosen["interpreter"][1] if "interpreter" in chosen else "")


def visit_soon(patient: Patient) -> str:
    """"today" or "tomorrow" when the patient has a visit then (not cancelled), else "": an
    answer within a few weekdays would come too late, so the page says to ring the clinic."""
    from ..visits.services import coming_visits

    today = local_now().date()
    for visit in coming_visits(patient):
        if visit.cancelled:
            continue
        day = visit.starts_at.astimezone(local_now().tzinfo).date()
        if day == today:
            return "today"
        if day == today + timedelta(days=1):
            return "tomorrow"
    return ""


def callbacks_for(patient: Patient) -> list[CallbackRequest]:
    return list(db.session.scalars(
        select(CallbackRequest).options(selectinload(CallbackRequest.attempts))
        .where(CallbackRequest.patient_id == patient.id)
        .order_by(CallbackRequest.created_at.desc()).limit(20)))


def find_callback(patient: Patient, public_id: str) -> CallbackRequest | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(select(CallbackRequest).where(
        CallbackRequest.public_id == public_id, CallbackRequest.patient_id == patient.id))


def _tell_caller(callback: CallbackRequest) -> None:
    writer = callback.user
    if not callback.notify or not writer.active or not can(writer, callback.patient,
                                                          Capability.SEE):
        return
    with force_locale(writer.language or "sv"):
        body = _("Hej!\n\nDet finns nytt om ditt samtal med vårdlotsen i Lotsen.\n"
                 "Logga in och titta:\n%(link)s\n\nLotsen",
                 link=external_url("contact.callback", for_patient=callback.patient.public_id,
                            callback_id=callback.public_id))
        notices.queue(writer.email, _("Nytt om ditt samtal i Lotsen"), body, "callback",
                      callback.clinic_id)


def cancel_callback(grant: Grant, callback: CallbackRequest) -> None:
    """The patient's side no longer needs the call. The vårdlots sees it as cancelled."""
    if callback.status is CallbackStatus.CANCELLED:
        raise RuleError(_("Samtalet är redan borttaget."))
    if callback.status is CallbackStatus.DONE:
        raise RuleError(_("Samtalet är redan klart. Du behöver inte ta bort det."))
    callback.status = CallbackStatus.CANCELLED
    callback.done_at = utcnow()
    audit.record(grant, AccessAction.UPDATE, "contact.callback_cancel", callback.public_id)


def callback_state(callback: CallbackRequest) -> State:
    """Where a callback stands, in the patient's words: waiting, planned, tried, done."""
    if callback.status is CallbackStatus.CANCELLED:
        return State("cancelled", _("Borttaget. Vårdlotsen ringer inte."), "no")
    if callback.status is CallbackStatus.DONE:
        reached = any(a.outcome is CallOutcome.REACHED for a in callback.attempts)
        return State("done", _("Klart. Vårdlotsen har ringt.") if reached else _("Klart"),
                     "visit-done")
    if callback.status is CallbackStatus.TRIED:
        last = callback.attempts[-1] if callback.attempts else None
        if last is not None and last.outcome is CallOutcome.LEFT_MESSAGE:
            return State("tried", _("Vårdlotsen försökte ringa och lämnade ett meddelande. "
                                    "Vårdlotsen försöker igen."), "phone")
        return State("tried", _("Vårdlotsen försökte ringa men fick inget svar. Vårdlotsen "
                                "försöker igen."), "phone")
    if callback.status is CallbackStatus.PLANNED and callback.planned_on is not None:
        day = format_date(callback.planned_on, "EEEE d MMMM")
        part = (_("på förmiddagen") if callback.planned_time == "morning"
                else _("på eftermiddagen"))
        return State("planned", _("Vårdlotsen ringer %(day)s %(part)s.", day=day, part=part),
                     "calendar")
    return State("waiting", _("Väntar. Vårdlotsen ringer upp."), "clock")


def plan_call(grant: Grant, callback: CallbackRequest, day: date, time: str) -> None:
    callback.planned_on = day
    callback.planned_time = time
    callback.status = CallbackStatus.PLANNED  # also after a try that did not reach anyone
    callback.done_at = None
    if callback.assigned_to_id is None:
        callback.assigned_to_id = grant.staff_member.id
    audit.record(grant, AccessAction.UPDATE, "contact_staff.callback_plan", callback.public_id)
    _tell_caller(callback)


def record_attempt(grant: Grant, callback: CallbackRequest, outcome: CallOutcome, note: str
                   ) -> CallAttempt:
    attempt = CallAttempt(callback=callback, staff_member_id=grant.staff_member.id,
                          outcome=outcome, note=note)
    db.session.add(attempt)
    if outcome is CallOutcome.REACHED:
        callback.status = CallbackStatus.DONE
        callback.done_at = utcnow()
    else:
        callback.status = CallbackStatus.TRIED
    if callback.assigned_to_id is None:
        callback.assigned_to_id = grant.staff_member.id
    audit.record(grant, AccessAction.UPDATE, "contact_staff.callback_attempt", callback.public_id)
    _tell_caller(callback)
    return attempt


def reopen_callback(grant: Grant, callback: CallbackRequest) -> None:
    """Back on the list: planned again if it has a day still to come, else waiting."""
    upcoming = callback.planned_on is not None and callback.planned_on >= local_now().date()
    callback.status = CallbackStatus.PLANNED if upcoming else CallbackStatus.WAITING
    callback.done_at = None
    audit.record(grant, AccessAction.UPDATE, "callback.reopen", callback.public_id)


def set_callback_done(grant: Grant, callback: CallbackRequest) -> None:
    callback.status = CallbackStatus.DONE
    callback.done_at = utcnow()
    audit.record(grant, AccessAction.UPDATE, "contact_staff.callback_done", callback.public_id)


# --- the inbox --------------------------------------------------------------------------------
# Everything that needs the team, as one UNION ALL in the database: conversations (with their
# unread messages), callbacks (unread until someone opens them), and from Förbered besöket sent
# preparations (to do until read) and visit requests (to do until handled). Filtering, sorting,
# counting and paging happen there, so an old item is found however many newer ones there are,
# and the list and the menu count unread the same way (`inbox_counts`).

INBOX_PAGE_SIZE = 50
INBOX_MAX_PAGE = 100_000
KIND_GROUPS = {"conversation": "conversation", "callback": "callback",
               "preparation": "visit", "request": "visit"}


@dataclass
class InboxItem:
    kind: str  # "conversation", "callback", "preparation" or "request"
    at: datetime
    patient: Patient
    item: object
    unread: int = 0
    open: bool = True
    assigned_to: StaffMember | None = None


@dataclass(frozen=True)
class InboxFilter:
    state: str = "open"  # "open", "done" or "all"
    assigned: str = ""  # "", "me", "none" or a staff member's public id
    patient: str = ""  # a patient's public id
    kind: str = ""  # "", "conversation", "callback" or "visit" (preparations and requests)

    def as_args(self) -> dict[str, str]:
        """The filter as the inbox's query string (for the links to other pages)."""
        args = {"lage": self.state if self.state != "open" else "", "slag": self.kind,
                "vem": self.assigned, "patient": self.patient}
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]
    page: int
    pages: int
    total: int  # items that match the filter, on every page
    unread: int  # their unread count, on every page
    people: list = field(default_factory=list, repr=False)  # kept loaded while shown


def _utc_day(column):
    """The UTC date of a stored moment, on SQLite and on PostgreSQL (whatever its time zone)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def _inbox_rows(clinic_id: int, kinds: set[str]):
    """The inbox of a clinic as one subquery: kind, id, patient_id, sort_at, is_open (1 or 0),
    assigned_to_id, unread, and the callback queue's due_day and part."""
    branches = []
    none_day = cast(null(), Date).label("due_day")
    none_part = literal_column("0").label("part")
    if "conversation" in kinds:
        reads = _reads("conversation", select(Conversation.public_id).where(
            Conversation.clinic_id == clinic_id), by_staff=True).subquery()
        waiting = (select(ContactMessage.conversation_id, func.count().label("n"))
                   .join(Conversation, ContactMessage.conversation_id == Conversation.id)
                   .outerjoin(reads, reads.c.object_id == Conversation.public_id)
                   .where(Conversation.clinic_id == clinic_id,
                          ContactMessage.from_staff.is_(False),
                          reads.c.at.is_(None) | (ContactMessage.created_at > reads.c.at))
                   .group_by(ContactMessage.conversation_id).subquery())
        branches.append(
            select(literal_column("'conversation'").label("kind"), Conversation.id.label("id"),
                   Conversation.patient_id.label("patient_id"),
                   Conversation.last_message_at.label("sort_at"),
                   case((Conversation.status == ConversationStatus.OPEN, 1), else_=0)
                   .label("is_open"),
                   Conversation.assigned_to_id.label("assigned_to_id"),
                   func.coalesce(waiting.c.n, 0).label("unread"), none_day, none_part)
            .outerjoin(waiting, waiting.c.conversation_id == Conversation.id)
            .where(Conversation.clinic_id == clinic_id))
    if "callback" in kinds:
        opened = _reads("callback", select(CallbackRequest.public_id).where(
            CallbackRequest.clinic_id == clinic_id), by_staff=True).subquery()
        is_open = CallbackRequest.status.not_in(CALLBACK_CLOSED)
        branches.append(
            select(literal_column("'callback'").label("kind"), CallbackRequest.id.label("id"),
                   CallbackRequest.patient_id.label("patient_id"),
                   CallbackRequest.created_at.label("sort_at"),
                   case((is_open, 1), else_=0).label("is_open"),
                   CallbackRequest.assigned_to_id.label("assigned_to_id"),
                   case((is_open & opened.c.at.is_(None), 1), else_=0).label("unread"),
                   func.coalesce(CallbackRequest.planned_on, _utc_day(CallbackRequest.created_at))
                   .label("due_day"),
                   case((CallbackRequest.planned_time == "afternoon", 1), else_=0).label("part"))
            .outerjoin(opened, opened.c.object_id == CallbackRequest.public_id)
            .where(CallbackRequest.clinic_id == clinic_id))
    sent_preparations = (
        select(Preparation.id).join(Patient, Preparation.patient_id == Patient.id)
        .where(Patient.clinic_id == clinic_id, Preparation.status == PreparationStatus.SUBMITTED))
    new_preparations = sent_preparations.where(Preparation.read_at.is_(None))
    if "preparation" in kinds:
        # Sent preparations: to do until someone marks one read, then done (still found).
        unread = case((Preparation.read_at.is_(None), 1), else_=0)
        branches.append(
            select(literal_column("'preparation'").label("kind"), Preparation.id.label("id"),
                   Preparation.patient_id.label("patient_id"),
                   Preparation.submitted_at.label("sort_at"), unread.label("is_open"),
                   cast(null(), Integer).label("assigned_to_id"), unread.label("unread"),
                   none_day, none_part)
            .where(Preparation.id.in_(sent_preparations)))
    if "request" in kinds:
        # To do until handled, then done (still found). A request made by sending a preparation
        # shows as that preparation while nobody has read it, then as itself.
        open_request = case((VisitRequest.handled_at.is_(None), 1), else_=0)
        branches.append(
            select(literal_column("'request'").label("kind"), VisitRequest.id.label("id"),
                   VisitRequest.patient_id.label("patient_id"),
                   VisitRequest.created_at.label("sort_at"), open_request.label("is_open"),
                   cast(null(), Integer).label("assigned_to_id"), open_request.label("unread"),
                   none_day, none_part)
            .where(VisitRequest.clinic_id == clinic_id,
                   VisitRequest.preparation_id.is_(None)
                   | VisitRequest.preparation_id.not_in(new_preparations)))
    return union_all(*branches).subquery("inbox_items")


def _filtered(clinic_id: int, me: StaffMember | None, filters: InboxFilter):
    """The subquery of the clinic's inbox and the conditions of `filters` on it."""
    kinds = {kind for kind, group in KIND_GROUPS.items()
             if not filters.kind or group == filters.kind}
    rows = _inbox_rows(clinic_id, kinds)
    conditions = []
    if filters.state == "open":
        conditions.append(rows.c.is_open == 1)
    elif filters.state == "done":
        conditions.append(rows.c.is_open == 0)
    if filters.patient:
        conditions.append(rows.c.patient_id == select(Patient.id).where(
            Patient.public_id == filters.patient, Patient.clinic_id == clinic_id)
            .scalar_subquery())
    if filters.assigned == "me":
        conditions.append(rows.c.assigned_to_id == (me.id if me is not None else None))
    elif filters.assigned == "none":
        conditions.append(rows.c.assigned_to_id.is_(None))
    elif filters.assigned:
        conditions.append(rows.c.assigned_to_id == select(StaffMember.id).where(
            StaffMember.public_id == filters.assigned, StaffMember.clinic_id == clinic_id)
            .scalar_subquery())
    return rows, conditions


def inbox_counts(clinic_id: int, me: StaffMember | None = None,
                 filters: InboxFilter = InboxFilter()) -> tuple[int, int]:
    """How many items match `filters`, and their unread count, in one query. The menu's count
    is this with the plain filter (what is still to do), so the menu and the inbox agree."""
    key = (clinic_id, me.id if me is not None and filters.assigned == "me" else None, filters)
    cache = g.setdefault("inbox_counts", {})
    if key not in cache:
        rows, conditions = _filtered(clinic_id, me, filters)
        total, unread = db.session.execute(
            select(func.count(), func.coalesce(func.sum(rows.c.unread), 0))
            .select_from(rows).where(*conditions)).one()
        cache[key] = (int(total), int(unread))
    return cache[key]


def unread_count(clinic_id: int) -> int:
    """For the menu on every staff page: unread messages from the patient's side in open
    conversations, open callbacks nobody has opened, new preparations and visit requests."""
    return inbox_counts(clinic_id)[1]


# What each kind of item needs loaded beside itself; who wrote it, who takes care of it and
# under which mandate are loaded for the whole page at once (`_load_people`).
_INBOX_LOADS = {
    "conversation": (Conversation, (selectinload(Conversation.messages),)),
    "callback": (CallbackRequest, (selectinload(CallbackRequest.attempts),)),
    "preparation": (Preparation, (selectinload(Preparation.visit)
                                  .selectinload(Visit.visit_type),)),
    "request": (VisitRequest, ()),
}


def _load_people(objects: list) -> list:
    """The writers, their mandates and the staff taking care of the page's items, in one query
    each, so that each item then finds its own in the session without a query of its own.
    Returns them, to be kept while the page is shown."""
    staff = list(db.session.scalars(select(StaffMember).where(StaffMember.id.in_(
        {o.assigned_to_id for o in objects if getattr(o, "assigned_to_id", None)}))))
    user_ids = {s.user_id for s in staff}
    mandate_ids = set()
    for obj in objects:
        for writer in obj.messages[:1] if isinstance(obj, Conversation) else [obj]:
            user_ids.add(writer.submitted_by_id if isinstance(writer, Preparation)
                         else writer.user_id)
            mandate_ids.add(writer.submitted_mandate_id if isinstance(writer, Preparation)
                            else writer.mandate_id)
    users = list(db.session.scalars(select(User).options(selectinload(User.staff_member))
                                    .where(User.id.in_(user_ids - {None}))))
    mandates = list(db.session.scalars(select(Mandate).where(Mandate.id.in_(
        mandate_ids - {None}))))
    return staff + users + mandates


def inbox(clinic_id: int, me: StaffMember, filters: InboxFilter = InboxFilter(),
          page: int = 1) -> InboxPage:
    """One page of the inbox, newest first; the callback queue (kind "callback") in calling
    order instead: open calls first, by the planned day (else the day asked), morning before
    afternoon, then oldest first."""
    total, unread_total = inbox_counts(clinic_id, me, filters)
    pages = max(1, -(-total // INBOX_PAGE_SIZE))
    page = max(1, min(page, pages, INBOX_MAX_PAGE))
    if not total:
        return InboxPage([], page, pages, 0, 0)
    rows, conditions = _filtered(clinic_id, me, filters)
    if filters.kind == "callback":
        order = (rows.c.is_open.desc(), rows.c.due_day, rows.c.part, rows.c.sort_at, rows.c.id)
    else:
        order = (rows.c.sort_at.desc(), rows.c.kind, rows.c.id.desc())
    found = db.session.execute(
        select(rows.c.kind, rows.c.id, rows.c.patient_id, rows.c.unread, rows.c.is_open)
        .where(*conditions)
        .order_by(*order).offset((page - 1) * INBOX_PAGE_SIZE).limit(INBOX_PAGE_SIZE)).all()
    patients = {p.id: p for p in db.session.scalars(
        select(Patient).where(Patient.id.in_({row.patient_id for row in found})))}
    loaded = {}
    for kind, (model, options) in _INBOX_LOADS.items():
        ids = [row.id for row in found if row.kind == kind]
        if ids:
            loaded[kind] = {obj.id: obj for obj in db.session.scalars(
                select(model).options(*options).where(model.id.in_(ids)))}
    objects = [loaded[row.kind][row.id] for row in found]
    kept = _load_people(objects)
    items = []
    for row, obj in zip(found, objects, strict=True):
        at = {"conversation": lambda o: o.last_message_at, "callback": lambda o: o.created_at,
              "preparation": lambda o: o.submitted_at,
              "request": lambda o: o.created_at}[row.kind](obj)
        items.append(InboxItem(row.kind, at, patients[row.patient_id], obj, int(row.unread),
                               bool(row.is_open), getattr(obj, "assigned_to", None)))
    return InboxPage(items, page, pages, total, unread_total, kept)


def inbox_patients(clinic_id: int) -> list:
    """The patients who have anything in the inbox, done or not, by name (for its filter):
    only their ids and names are read."""
    kinds = set(KIND_GROUPS)
    rows = _inbox_rows(clinic_id, kinds)
    found = db.session.execute(
        select(Patient.public_id, Patient.name)
        .where(Patient.clinic_id == clinic_id, Patient.id.in_(select(rows.c.patient_id)))).all()
    return sorted(found, key=lambda p: (p.name.casefold(), p.public_id))


# --- a suggestion for the needs, from a helper who may not change them ------------------------

def suggest_needs_change(grant: Grant, about: str, text: str) -> Conversation:
    """A helper who may see the needs but not change them suggests a change: it goes to the
    clinic's inbox as a conversation of its own kind, and those who may change the needs for the
    patient (the god man, say) are told by e-mail. Everyone who may see the patient's messages
    sees it, and the answer, under Kontakta vårdlotsen."""
    check_send_limit(grant.user)
    conversation = Conversation(patient_id=grant.patient.id, clinic_id=grant.patient.clinic_id,
                                kind=ConversationKind.SUGGESTION, about=about)
    db.session.add(conversation)
    message = _add_message(grant, conversation, text=text)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "suggestion", message.public_id)
    _tell_clinic(grant.patient, _("ett förslag om anpassningar"))
    for person in needs_changers(grant.patient, but=grant.user):
        with force_locale(person.language or "sv"):
            body = _("Hej!\n\n%(who)s föreslår en ändring av %(whose)s anpassningar i Lotsen.\n"
                     "Du får ändra dem. Logga in och läs förslaget:\n%(link)s\n\nLotsen",
                     who=grant.user.name, whose=genitive(grant.patient.display_name),
                     link=external_url("contact.conversation", for_patient=grant.patient.public_id,
                                conversation_id=conversation.public_id))
            notices.queue(person.email, _("Ett förslag om anpassningar i Lotsen"), body,
                          "suggestion", grant.patient.clinic_id)
    return conversation


def needs_changers(patient: Patient, but: User | None = None) -> list[User]:
    """The helpers who may change the patient's needs today (the right is asked of app/core/access)."""
    people = []
    for mandate in patient.mandates:
        person = mandate.representative
        if (person is None or person == but or not person.active or person in people
                or not can(person, patient, Capability.CHANGE_NEEDS)):
            continue
        people.append(person)
    return people
