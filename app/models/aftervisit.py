"""Efter besöket: the easy-read summary staff write after a visit (what we did, what we found,
what happens now, the medicines that changed, when to call), each version sent to the patient's
side, its next steps that someone ticks done, and who on the patient's side has read it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, WhoActed, created_at_column, public_id_column, utcnow


class AfterVisit(db.Model):
    """One visit's summary. `content` is the staff's working copy (app/aftervisit/content.py
    gives its shape); the patient's side only ever sees a sent version (`AfterVisitVersion`).
    `version` is the number of the last version sent (0: a draft never sent)."""

    __tablename__ = "after_visits"
    __table_args__ = (UniqueConstraint("visit_id", name="uq_after_visit_visit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    patient: Mapped[Patient] = relationship()  # noqa: F821
    visit: Mapped[Visit] = relationship()  # noqa: F821
    created_by: Mapped[StaffMember | None] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    updated_by: Mapped[StaffMember | None] = relationship(foreign_keys=[updated_by_id])  # noqa: F821
    versions: Mapped[list[AfterVisitVersion]] = relationship(
        back_populates="summary", order_by="AfterVisitVersion.number.desc()", cascade="all, delete-orphan"
    )

    @property
    def sent(self) -> bool:
        return self.version > 0


class AfterVisitVersion(db.Model):
    """A version as it was sent: the first, and each correction (with what was corrected, in the
    staff's words), kept so the patient's side sees that it changed and the old one stays."""

    __tablename__ = "after_visit_versions"
    __table_args__ = (UniqueConstraint("summary_id", "number", name="uq_after_visit_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("after_visits.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    # Why it was sent again ("Fel dag för blodprovet"), {form: text}; empty for the first.
    why: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_at: Mapped[datetime] = created_at_column()
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))

    summary: Mapped[AfterVisit] = relationship(back_populates="versions")
    sent_by: Mapped[StaffMember | None] = relationship()  # noqa: F821


class AfterVisitStep(db.Model):
    """A next step of the last version sent ("Blodprov tisdag 15 december", who does it), kept
    as a row so Hem and Mina besök can list the coming ones and someone can tick it done. A
    correction updates the rows by `key`; a step it takes away is marked `removed_at`."""

    __tablename__ = "after_visit_steps"
    __table_args__ = (UniqueConstraint("summary_id", "key", name="uq_after_visit_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    summary_id: Mapped[int] = mapped_column(ForeignKey("after_visits.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    who: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(Date)
    # {form: text}: the step's own words, as in the version's content.
    text: Mapped[dict] = mapped_column(JSON, default=dict)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_acting_as: Mapped[str] = mapped_column(String(32), default="")

    summary: Mapped[AfterVisit] = relationship()
    done_by: Mapped[User | None] = relationship()  # noqa: F821

    @property
    def done(self) -> bool:
        return self.done_at is not None


class AfterVisitRead(WhoActed, db.Model):
    """One person on the patient's side and one summary: which version they last opened, and
    when they pressed "Jag har förstått" or "Jag har en fråga" (with the message it opened)."""

    __tablename__ = "after_visit_reads"
    __table_args__ = (UniqueConstraint("summary_id", "user_id", name="uq_after_visit_read"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("after_visits.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=0)
    first_read_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    understood_version: Mapped[int] = mapped_column(Integer, default=0)
    understood_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    question_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))

    user: Mapped[User] = relationship()  # noqa: F821
    summary: Mapped[AfterVisit] = relationship()
    conversation: Mapped[Conversation | None] = relationship()  # noqa: F821


def step_rows(
    summary: AfterVisit, steps: list[dict], rows: list[AfterVisitStep], now: datetime
) -> list[AfterVisitStep]:
    """Make `rows` (the summary's step rows) follow `steps` (a clean version's next steps, in
    order): each row by its key updated, a step without a row given a new one, and a row whose
    step is gone marked removed (its done mark stays with it). Returns the new rows to add."""
    by_key = {row.key: row for row in rows}
    made = []
    for position, step in enumerate(steps):
        row = by_key.get(step["key"])
        if row is None:
            row = AfterVisitStep(summary_id=summary.id, patient_id=summary.patient_id, key=step["key"])
            made.append(row)
        row.position = position
        row.kind = step["kind"]
        row.who = step["who"]
        row.due_on = date.fromisoformat(step["on"]) if step["on"] else None
        row.text = step["text"]
        row.removed_at = None
    kept = {step["key"] for step in steps}
    for row in rows:
        if row.key not in kept and row.removed_at is None:
            row.removed_at = now
    return made
