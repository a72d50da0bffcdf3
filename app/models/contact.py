"""Kontakta vårdlotsen: conversations between a patient's side and the clinic's vårdlots team,
requests to be called back with each call attempt, and the team's easy answer templates.

Whether something has been read is not stored here: opening a conversation or a callback is a
read in the access log, and "read" is what the log says (so reading changes nothing)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, WhoActed, created_at_column, public_id_column, utcnow
from .user import enum_column


class ConversationStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


class ConversationKind(enum.StrEnum):
    MESSAGE = "message"
    # A helper who may not change the needs suggests a change (app/needs/suggest.py).
    SUGGESTION = "suggestion"
    # "Jag har en fråga" on a summary after a visit (app/aftervisit/): `about` is its public id.
    AFTER_VISIT = "after_visit"
    # "Något har ändrats" (app/checkup/change_*.py): `about` is the change note's public id.
    CHANGE = "change"
    # "Avboka eller flytta" on a visit (app/contact/visit_change.py): `about` is the visit's
    # public id; the request is open until the vårdlots marks the conversation done.
    VISIT_CHANGE = "visit_change"


class Conversation(db.Model):
    """A thread of messages about one thing, started from the patient's side."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    status: Mapped[ConversationStatus] = enum_column(ConversationStatus, default=ConversationStatus.OPEN)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    created_at: Mapped[datetime] = created_at_column()
    last_message_at: Mapped[datetime] = created_at_column()
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    kind: Mapped[ConversationKind] = enum_column(
        ConversationKind, default=ConversationKind.MESSAGE, server_default=ConversationKind.MESSAGE.value
    )
    # For a suggestion: the key of the needs category it is about ("" for the needs in general).
    about: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # What the patient's side chose, for a kind that is a short form: for "visit_change",
    # {"what": "cancel" | "move", "why": [reason, …]} (app/contact/visit_change.py). None for
    # the others, and for requests sent before it was kept (their words are in the message).
    details: Mapped[dict | None] = mapped_column(JSON)

    patient: Mapped[Patient] = relationship()  # noqa: F821
    assigned_to: Mapped[StaffMember | None] = relationship()  # noqa: F821
    messages: Mapped[list[ContactMessage]] = relationship(
        back_populates="conversation", order_by="ContactMessage.id", cascade="all, delete-orphan"
    )


class ContactMessage(WhoActed, db.Model):
    """One message: from the patient's side (quick phrases and/or text) or an answer from staff.

    Who wrote it is kept as in the access log: the user, in what capacity, under which mandate."""

    __tablename__ = "contact_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    phrases: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    # The language the text is written in: "sv", "sv_easy", "en", "ar" (app/clinic_words.py).
    language: Mapped[str] = mapped_column(String(10), default="sv")
    # The writer wants an e-mail when the vårdlots answers (patient side only).
    notify: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at_column()

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    user: Mapped[User] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821


class CallbackStatus(enum.StrEnum):
    WAITING = "waiting"
    PLANNED = "planned"
    TRIED = "tried"
    DONE = "done"
    CANCELLED = "cancelled"  # the patient's side said the call is no longer needed


CALLBACK_CLOSED = (CallbackStatus.DONE, CallbackStatus.CANCELLED)


class CallbackRequest(WhoActed, db.Model):
    """ "Ring upp mig": whom to call, on which number, when, and what it is about."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # "patient" or "representative" (then the user who asked is the one to call).
    whom: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20))
    days: Mapped[list] = mapped_column(JSON, default=list)
    times: Mapped[list] = mapped_column(JSON, default=list)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    notify: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[CallbackStatus] = enum_column(CallbackStatus, default=CallbackStatus.WAITING)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    planned_on: Mapped[date | None] = mapped_column(Date)
    planned_time: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = created_at_column()
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    patient: Mapped[Patient] = relationship()  # noqa: F821
    user: Mapped[User] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821
    assigned_to: Mapped[StaffMember | None] = relationship()  # noqa: F821
    attempts: Mapped[list[CallAttempt]] = relationship(
        back_populates="callback", order_by="CallAttempt.id", cascade="all, delete-orphan"
    )

    @property
    def closed(self) -> bool:
        """Done or taken back: nothing more for the vårdlots to do."""
        return self.status in CALLBACK_CLOSED

    @property
    def callee(self) -> User | None:  # noqa: F821
        """Whom the vårdlots calls: the helper who asked, or the patient (None without login)."""
        return self.user if self.whom == "representative" else self.patient.user


class CallOutcome(enum.StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"


class CallAttempt(db.Model):
    __tablename__ = "call_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    callback_id: Mapped[int] = mapped_column(ForeignKey("callback_requests.id"), index=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    outcome: Mapped[CallOutcome] = enum_column(CallOutcome)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = created_at_column()

    callback: Mapped[CallbackRequest] = relationship(back_populates="attempts")
    staff_member: Mapped[StaffMember] = relationship()  # noqa: F821


class AnswerTemplate(db.Model):
    """An easy answer the clinic's team starts from; the team edits the list together.

    A clinic without rows of its own uses Lotsen's defaults (app/contact/catalogue.py); the
    first change copies them here. `default_key` names the default a row was copied from, so a
    link to an unsaved default still finds it after a colleague has saved the list."""

    __tablename__ = "answer_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    default_key: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    # Easy Swedish, English and Arabic forms of the title and text (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
