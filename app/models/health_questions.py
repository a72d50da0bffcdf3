"""The questionnaire before the health check (issue 20, section 3): one per round of the check
(`HealthCheck`), answered by the patient, a helper or both together, one question a page, each
answer saved at once. `answers` holds each question's answer by its key (the questions are data:
app/checkup/questions.py); `revision` grows with each save, so a form shown before a newer save
(another tab, the back button, a replayed post) is refused instead of overwriting it. Sending
again after "Ändra" is recorded (`times_sent`, `sent_at`)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, WhoActed, created_at_column, public_id_column, utcnow


class QuestionnaireStatus(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"


class AnsweredBy(enum.StrEnum):
    """Who answered, as the start page asks it."""

    PATIENT = "patient"  # "Jag svarar själv"
    HELPER = "helper"  # "Jag hjälper" (a helper answers for the patient)
    TOGETHER = "together"  # "Vi svarar tillsammans"


class HealthQuestionnaire(WhoActed, db.Model):
    """The answers to the questions before one health check. The who-acted columns
    (`user_id`, `acting_as`, `mandate_id`) name the last person who saved."""

    __tablename__ = "health_questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    health_check_id: Mapped[int] = mapped_column(ForeignKey("health_checks.id"), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The question to come back to (a question's key, or "kontrollera").
    step: Mapped[str] = mapped_column(String(32), default="")
    # Who answered: the patient, a helper, or both together (`AnsweredBy`), from the start page.
    status: Mapped[str] = mapped_column(String(10), default=QuestionnaireStatus.DRAFT.value)
    who: Mapped[str] = mapped_column(String(10), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who saved last (the who-acted columns); `who` says who answered.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    times_sent: Mapped[int] = mapped_column(Integer, default=0)

    health_check: Mapped[HealthCheck] = relationship()  # noqa: F821
    patient: Mapped[Patient] = relationship()  # noqa: F821
    answered_by: Mapped[User | None] = relationship(foreign_keys=[user_id])  # noqa: F821
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])  # noqa: F821

    @property
    def sent(self) -> bool:
        return self.status == QuestionnaireStatus.SENT.value
