from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, WhoActed, created_at_column, utcnow


class NeedRevision(WhoActed, db.Model):
    """One saved version of a patient's needs profile: the whole profile as it stood after a change.

    Versions are only added, numbered 1, 2, 3 ... per patient; the newest is the current profile.
    Who made it is kept as in the access log: the user, in what capacity and under which mandate.
    """

    __tablename__ = "need_revisions"
    __table_args__ = (UniqueConstraint("patient_id", "number", name="uq_need_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Staff give a reason for a change they make; patients and representatives need not.
    reason: Mapped[str] = mapped_column(Text, default="")
    # {need code: comment ("" for none)} and {section field key: text}; only chosen needs and
    # non-empty texts are stored.
    needs: Mapped[dict] = mapped_column(JSON, default=dict)
    sections: Mapped[dict] = mapped_column(JSON, default=dict)
    # The vårdpass's order: {"must": [keys placed under "Det här måste ni veta om mig", in order],
    # "out": [keys taken out of it]}, keys "need:<code>" and "text:<field key>"; None: as usual.
    passport: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    user: Mapped[User | None] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821


class NeedReview(db.Model):
    """Staff went through the profile with the patient (profiles should be looked over regularly)."""

    __tablename__ = "need_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)
    reviewed_on: Mapped[date] = mapped_column(Date)
    together_with: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    created_at: Mapped[datetime] = created_at_column()

    staff_member: Mapped[StaffMember] = relationship()  # noqa: F821
