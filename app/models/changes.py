"""Något har ändrats: a note, from the patient's side, that something is not as it usually is
(app/checkup/change_areas.py names the areas), and the numbers staff record at checks over time
(weight, blood pressure). A note opens a conversation with the clinic (kind CHANGE), so the team
gets it in the inbox, urgent when its area is."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import WhoActed, created_at_column, public_id_column
from .user import enum_column


class ChangeNote(WhoActed, db.Model):
    """One change noticed: which area, since when, how (in easy words), urgent or not."""

    __tablename__ = "change_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    area: Mapped[str] = mapped_column(String(20))
    # "today", "days", "week" or "longer" (app/checkup/change_areas.py SINCE).
    since: Mapped[str] = mapped_column(String(10))
    how: Mapped[str] = mapped_column(Text, default="")
    # Fixed when written, from the area (breathing, seizures, eating stopped, a fall).
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The one-time key of the form it was sent from: the same form sent twice is refused.
    form_key: Mapped[str] = mapped_column(String(40), unique=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()

    patient: Mapped[Patient] = relationship()  # noqa: F821
    user: Mapped[User] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821
    conversation: Mapped[Conversation | None] = relationship()  # noqa: F821


class MeasurementKind(enum.StrEnum):
    WEIGHT = "weight_kg"
    BLOOD_PRESSURE = "blood_pressure"


class Measurement(db.Model):
    """A number staff recorded for a patient on a day: a weight in kg, or a blood pressure
    (systolic over diastolic, mmHg); optionally at a round of the health check."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    kind: Mapped[MeasurementKind] = enum_column(MeasurementKind)
    weight_kg: Mapped[float | None] = mapped_column(Numeric(5, 1, asdecimal=False))
    bp_systolic: Mapped[int | None] = mapped_column(Integer)
    bp_diastolic: Mapped[int | None] = mapped_column(Integer)
    measured_on: Mapped[date] = mapped_column(Date, index=True)
    health_check_id: Mapped[int | None] = mapped_column(ForeignKey("health_checks.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    created_at: Mapped[datetime] = created_at_column()

    recorded_by: Mapped[StaffMember | None] = relationship()  # noqa: F821
    health_check: Mapped[HealthCheck | None] = relationship()  # noqa: F821
