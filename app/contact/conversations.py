"""Conversations with the vårdlots: written and answered on either side, where each stands, and
who is told by e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .. import notices
from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.grants import Grant
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    AccessAction,
    ContactMessage,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Patient,
    utcnow,
)
from ..staff.readers import ReaderSummary, first_by, patient_readers, told
from .reads import last_reads, reads_query
from .sending import RESEND_WINDOW, check_send_limit, tell_clinic

# --- conversations, the patient's side --------------------------------------------------------


def conversations_for(patient: Patient) -> list[Conversation]:
    return list(
        db.session.scalars(
            select(Conversation)
            .options(selectinload(Conversation.messages))
            .where(Conversation.patient_id == patient.id)
            .order_by(Conversation.last_message_at.desc())
            .limit(50)
        )
    )


def find_conversation(patient: Patient, public_id: str) -> Conversation | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(Conversation).where(Conversation.public_id == public_id, Conversation.patient_id == patient.id)
    )


def add_message(
    grant: Grant,
    conversation: Conversation,
    *,
    phrases=(),
    text="",
    notify=False,
    from_staff=False,
    language: str = "",
) -> ContactMessage:
    """`language`: the form the text is written in (app/clinic_words.py); by default the
    writer's own interface language."""
    message = ContactMessage(
        conversation=conversation,
        phrases=list(phrases),
        text=text,
        notify=notify,
        from_staff=from_staff,
        language=language or (grant.user.language or "sv"),
        **grant.who_acted(),
    )
    db.session.add(message)
    conversation.last_message_at = utcnow()
    return message


def same_message_sent(grant: Grant, phrases: list[str], text: str) -> Conversation | None:
    """The conversation this person just started with these very words, if any."""
    since = utcnow() - RESEND_WINDOW
    recent = db.session.scalars(
        select(ContactMessage)
        .join(Conversation)
        .where(
            Conversation.patient_id == grant.patient.id,
            ContactMessage.user_id == grant.user.id,
            ContactMessage.from_staff.is_(False),
            ContactMessage.created_at >= since,
        )
        .order_by(ContactMessage.id.desc())
        .limit(10)
    ).all()
    return next((m.conversation for m in recent if m.phrases == list(phrases) and m.text == text), None)


def same_reply_sent(
    grant: Grant, conversation: Conversation, text: str, phrases: list[str] | tuple[str, ...] = ()
) -> bool:
    last = conversation.messages[-1] if conversation.messages else None
    return (
        last is not None
        and not last.from_staff
        and last.user_id == grant.user.id
        and last.text == text
        and list(last.phrases or []) == list(phrases)
        and last.created_at >= utcnow() - RESEND_WINDOW
    )


def start_conversation(
    grant: Grant,
    phrases: list[str],
    text: str,
    notify: bool,
    *,
    kind: ConversationKind = ConversationKind.MESSAGE,
    about: str = "",
    logged_as: str = "contact_message",
    what: str | None = None,
) -> Conversation:
    """A new conversation from the patient's side, its first message, the access log entry
    (`logged_as`) and the e-mail telling the clinic there is `what` ("ett nytt meddelande").
    A suggestion or a question about a summary is a conversation of its own `kind`, `about`
    the thing it concerns."""
    check_send_limit(grant.user)
    conversation = Conversation(
        patient_id=grant.patient.id, clinic_id=grant.patient.clinic_id, kind=kind, about=about
    )
    db.session.add(conversation)
    message = add_message(grant, conversation, phrases=phrases, text=text, notify=notify)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, logged_as, message.public_id)
    tell_clinic(grant.patient, what or _("ett nytt meddelande"))
    return conversation


def reply(
    grant: Grant,
    conversation: Conversation,
    text: str,
    notify: bool,
    phrases: list[str] | tuple[str, ...] = (),
) -> ContactMessage:
    """A new message from the patient's side; a conversation marked done opens again."""
    check_send_limit(grant.user)
    message = add_message(grant, conversation, phrases=phrases, text=text, notify=notify)
    conversation.status = ConversationStatus.OPEN
    conversation.done_at = None
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "contact_message", message.public_id)
    tell_clinic(grant.patient, _("ett nytt meddelande"))
    return message


def unread(conversation: Conversation, read_at: datetime | None, by_staff: bool) -> int:
    """Messages from the other side written after that side last opened the conversation."""
    return sum(
        1
        for message in conversation.messages
        if message.from_staff != by_staff and (read_at is None or message.created_at > read_at)
    )


@dataclass(frozen=True)
class State:
    key: str  # "sent", "read", "answered" or "done"
    text: str
    pictogram: str


def state(
    conversation: Conversation, staff_read_at: datetime | None, side_read_at: datetime | None = None
) -> State:
    """Where a conversation stands, as the patient's side sees it. An answer nobody on the
    patient's side has opened yet is shown as an answer, even if the vårdlots has marked the
    conversation done: "Klart" must not hide a new answer."""
    last = conversation.messages[-1] if conversation.messages else None
    if last is not None and last.from_staff and (side_read_at is None or side_read_at < last.created_at):
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
    return {c.id: state(c, staff_reads.get(c.public_id), side_reads.get(c.public_id)) for c in conversations}


def unread_answers(patient: Patient) -> int:
    """Answers from the vårdlots the patient's side has not opened yet (for Hem)."""
    # As `unread` counts them over `conversations_for` (the latest 50 conversations), in one
    # query: each answer newer than the side's last read of its conversation.
    latest = (
        select(Conversation.id, Conversation.public_id)
        .where(Conversation.patient_id == patient.id)
        .order_by(Conversation.last_message_at.desc())
        .limit(50)
        .subquery()
    )
    reads = reads_query("conversation", select(latest.c.public_id), by_staff=False).subquery()
    unread = or_(reads.c.at.is_(None), ContactMessage.created_at > reads.c.at)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(ContactMessage)
            .join(latest, ContactMessage.conversation_id == latest.c.id)
            .outerjoin(reads, reads.c.object_id == latest.c.public_id)
            .where(ContactMessage.from_staff, unread)
        )
        or 0
    )


# --- conversations, the staff's side ----------------------------------------------------------


def answer_readers(conversation: Conversation) -> ReaderSummary:
    """Who on the patient's side reads the answer: those who wrote first, newest first (the
    answer is suggested in the language of the first), then the others; those who asked for
    an e-mail when the vårdlots answers, and may still see it, are marked as told."""
    writers = [m.user_id for m in reversed(conversation.messages) if not m.from_staff]
    wanted = [m.user_id for m in conversation.messages if not m.from_staff and m.notify]
    return ReaderSummary(told(first_by(patient_readers(conversation.patient), writers), wanted))


def _tell_writers(conversation: Conversation) -> int:
    """E-mail those on the patient's side who asked to be told, if they may still see it: the
    readers `answer_readers` marks as told, which the staff's page names."""
    link = external_url(
        "contact.conversation",
        for_patient=conversation.patient.public_id,
        conversation_id=conversation.public_id,
    )
    readers = [r for r in answer_readers(conversation).readers if r.told]
    for reader in readers:
        with force_locale(reader.language):
            body = _(
                "Hej!\n\nVårdlotsen har svarat dig i Lotsen.\nLogga in och läs svaret:\n%(link)s\n\nLotsen",
                link=link,
            )
            notices.queue(
                reader.user.email, _("Vårdlotsen har svarat i Lotsen"), body, "answer", conversation.clinic_id
            )
    return len(readers)


def answer(grant: Grant, conversation: Conversation, text: str, language: str = "sv") -> ContactMessage:
    """The vårdlots answers, in `language` ("sv", "sv_easy", "en", "ar"): the patient's side
    sees the answer marked as that language, and hears it in that language's voice."""
    message = add_message(grant, conversation, text=text, from_staff=True, language=language)
    if conversation.assigned_to_id is None:
        conversation.assigned_to_id = grant.staff.id
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "contact_message", message.public_id)
    _tell_writers(conversation)
    return message


def set_done(grant: Grant, conversation: Conversation, done: bool) -> None:
    conversation.status = ConversationStatus.DONE if done else ConversationStatus.OPEN
    conversation.done_at = utcnow() if done else None
    audit.record(
        grant,
        AccessAction.UPDATE,
        "contact_staff.conversation_done" if done else "conversation.reopen",
        conversation.public_id,
    )
