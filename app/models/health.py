"""Hälsokontrollen: the yearly health check the clinic promises each patient. One `HealthCheck`
is one round for one patient: the clinic invites (booking the visit, or asking the patient's side
to book), the patient's side answers, the clinic reminds when no answer comes, and the round ends
with the check done (on a day) or the patient not coming. The clinic's interval between checks is
`Clinic.health_check_months`; a visit type marked `VisitType.health_check` is a health check."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column


class InvitationAnswer(enum.StrEnum):
    """What the patient's side answered to an invitation."""

    COME = "come"  # "Jag vill komma"
    CALL_ME = "call_me"  # "Ring mig om en tid"
    NOT_WANTED = "not_wanted"  # "Jag vill inte"


class CheckOutcome(enum.StrEnum):
    DONE = "done"
    DID_NOT_COME = "did_not_come"


class HealthCheck(db.Model):
    """One round of the health check for one patient, from the invitation to its outcome."""

    __tablename__ = "health_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    # The invitation: sent when, by whom; the visit, when the clinic booked one.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), index=True)
    # The answer from the patient's side, and who gave it.
    answer: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_acting_as: Mapped[str] = mapped_column(String(32), default="")
    # The reminder sent when no answer came.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How the round ended: done on a day, or the patient did not come (staff follow up by phone).
    outcome: Mapped[str | None] = mapped_column(String(20))
    done_on: Mapped[date | None] = mapped_column(Date, index=True)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    # The staff's follow-up of a "Ring mig", a "Jag vill inte" or a missed check.
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    followed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    follow_up_note: Mapped[str] = mapped_column(Text, default="")

    patient: Mapped[Patient] = relationship()  # noqa: F821
    visit: Mapped[Visit | None] = relationship()  # noqa: F821
    invited_by: Mapped[StaffMember | None] = relationship(foreign_keys=[invited_by_id])  # noqa: F821
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])  # noqa: F821
    outcome_by: Mapped[StaffMember | None] = relationship(foreign_keys=[outcome_by_id])  # noqa: F821
    followed_up_by: Mapped[StaffMember | None] = relationship(foreign_keys=[followed_up_by_id])  # noqa: F821

    @property
    def open(self) -> bool:
        """Still under way: invited, and neither done nor missed."""
        return self.outcome is None
