"""Ansök om SMO: an application to become a patient, sent from the public form (app/apply/).

Nothing is stored before the applicant presses Skicka: the answers live in a draft outside the
database until then (app/apply/drafts.py). An application is not yet a patient's data of the
clinic: the vårdlots decides. Yes makes the patient (`patient_id`); no keeps the reason and the
answer sent. Applications not accepted are deleted a set time after the decision
(`APPLICATION_RETENTION_DAYS`, `flask apply purge`); undecided ones are kept until decided.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column
from .user import enum_column


class ApplicationStatus(enum.StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Application(db.Model):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    status: Mapped[ApplicationStatus] = enum_column(ApplicationStatus, default=ApplicationStatus.NEW)
    # Every answer of the form, by step (app/apply/catalogue.py), as sent.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The person applied for, for the list and to find a patient with the same personnummer.
    name: Mapped[str] = mapped_column(String(120))
    personnummer: Mapped[str] = mapped_column(String(12), index=True)
    created_at: Mapped[datetime] = created_at_column()
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    # No: why (for the staff), and the easy-read answer given to the applicant.
    reason: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    # Yes: the patient made (or found: the personnummer was already a patient here).
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))

    clinic: Mapped[Clinic] = relationship()  # noqa: F821
    decided_by: Mapped[StaffMember | None] = relationship()  # noqa: F821
    patient: Mapped[Patient | None] = relationship()  # noqa: F821
