"""Booked visits, visit types with their picture schedules, visit requests and the preparations
patients and their helpers make before a visit."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, WhoActed, created_at_column, public_id_column, utcnow
from .user import enum_column


class Photo(db.Model):
    """A picture staff uploaded (of a real room, say), re-encoded without its metadata."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class VisitType(db.Model):
    """A kind of visit (annual health check, blood test …) and how it goes, step by step."""

    __tablename__ = "visit_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    pictogram: Mapped[str] = mapped_column(String(40))
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A visit of this type is the patient's health check (Hälsokontrollen, app/models/health.py).
    health_check: Mapped[bool] = mapped_column(Boolean, default=False)
    # Easy Swedish, English and Arabic forms of the texts above (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()

    steps: Mapped[list[VisitStep]] = relationship(
        back_populates="visit_type", order_by="VisitStep.position", cascade="all, delete-orphan"
    )


class VisitStep(db.Model):
    """One step of a picture schedule: a pictogram or a photo, and an easy sentence."""

    __tablename__ = "visit_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    visit_type_id: Mapped[int] = mapped_column(ForeignKey("visit_types.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))
    pictogram: Mapped[str] = mapped_column(String(40))
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id"))
    # Easy Swedish, English and Arabic forms of the texts above (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    visit_type: Mapped[VisitType] = relationship(back_populates="steps")
    photo: Mapped[Photo | None] = relationship()
    variants: Mapped[list[VisitStepVariant]] = relationship(
        back_populates="step", order_by="VisitStepVariant.position", cascade="all, delete-orphan"
    )


class VisitStepVariant(db.Model):
    """The same step told another way for a patient with a need ("does not speak": "Du visar
    ditt kort i receptionen"). A patient sees the first variant, in the order staff set, whose
    need is in their profile; without one, the step itself."""

    __tablename__ = "visit_step_variants"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    step_id: Mapped[int] = mapped_column(ForeignKey("visit_steps.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # A need code of the needs catalogue (app/needs/catalogue.py).
    need: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(200))
    # Empty: the step's own picture.
    pictogram: Mapped[str] = mapped_column(String(40), default="")
    # Easy Swedish, English and Arabic forms of the texts above (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    step: Mapped[VisitStep] = relationship(back_populates="variants")


visit_staff = Table(
    "visit_staff",
    db.Model.metadata,
    Column("visit_id", ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_member_id", ForeignKey("staff_members.id"), primary_key=True),
)


class Attendance(enum.StrEnum):
    """Whether the patient came to a visit that has begun, as staff mark it afterwards."""

    CAME = "came"
    NO_SHOW = "no_show"
    LATE_CANCEL = "late_cancel"  # cancelled too late to give the time to someone else


class Visit(db.Model):
    """A visit booked in the clinic's own system and recorded here by staff."""

    __tablename__ = "visits"
    # The statistics count a clinic's visits per month (app/stats/figures.py).
    __table_args__ = (Index("ix_visits_clinic_starts", "clinic_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    visit_type_id: Mapped[int] = mapped_column(ForeignKey("visit_types.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(120), default="")
    bring: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Easy Swedish, English and Arabic forms of the texts above (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped on every change: the calendar file's SEQUENCE, so calendars replace the old event.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()
    # Whether the patient came, marked by staff once the visit has begun (None: not marked yet).
    attendance: Mapped[Attendance | None] = enum_column(Attendance, nullable=True)
    attendance_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))

    patient: Mapped[Patient] = relationship()  # noqa: F821
    visit_type: Mapped[VisitType] = relationship()
    staff: Mapped[list[StaffMember]] = relationship(secondary=visit_staff)  # noqa: F821
    attendance_by: Mapped[StaffMember | None] = relationship(foreign_keys=[attendance_by_id])  # noqa: F821
    changes: Mapped[list[VisitChange]] = relationship(
        back_populates="visit", order_by="VisitChange.at.desc()", cascade="all, delete-orphan"
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class ChangeKind(enum.StrEnum):
    BOOKED = "booked"
    CHANGED = "changed"
    CANCELLED = "cancelled"


class VisitChange(db.Model):
    """What staff changed about a visit, kept so the patient can be told in easy words."""

    __tablename__ = "visit_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[ChangeKind] = enum_column(ChangeKind)
    # {field: [before, after]} in display-neutral form (ISO times, names), for the easy sentence.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
    # Easy Swedish, English and Arabic forms of the texts above (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))

    visit: Mapped[Visit] = relationship(back_populates="changes")
    staff_member: Mapped[StaffMember | None] = relationship()  # noqa: F821


class PreparationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Preparation(db.Model):
    """The answers to the preparation wizard for one visit (or for a visit asked for)."""

    __tablename__ = "preparations"
    __table_args__ = (UniqueConstraint("visit_id", name="uq_preparation_visit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    status: Mapped[PreparationStatus] = enum_column(PreparationStatus, default=PreparationStatus.DRAFT)
    # {step key: {field: value}}: only steps that were answered.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The step to come back to.
    step: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who began it: a helper who opens a draft someone else began is told whose it is.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who sent it, as in the access log: the user, in what capacity and under which mandate.
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_acting_as: Mapped[str] = mapped_column(String(32), default="")
    submitted_mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"))
    submitted_home_mandate_id: Mapped[int | None] = mapped_column(ForeignKey("home_mandates.id"))
    # Who answered the questions: "patient" (themselves), "representative" (a helper, for the
    # patient) or "together"; "" when a helper did not say.
    answered_by: Mapped[str] = mapped_column(String(20), default="", server_default="")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))

    patient: Mapped[Patient] = relationship()  # noqa: F821
    visit: Mapped[Visit | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])  # noqa: F821
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    user: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821
    home_mandate: Mapped[HomeMandate | None] = relationship()  # noqa: F821
    read_by: Mapped[StaffMember | None] = relationship()  # noqa: F821

    @property
    def submitted_by_patient(self) -> bool:
        return self.submitted_acting_as == "patient"

    @property
    def submitted_by_representative(self) -> bool:
        return self.submitted_acting_as == "representative"

    @property
    def submitted(self) -> bool:
        return self.status is PreparationStatus.SUBMITTED


class VisitRequest(WhoActed, db.Model):
    """ "Jag vill ha en tid": a patient or a helper asks the vårdlots for a visit."""

    __tablename__ = "visit_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    times: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    preparation_id: Mapped[int | None] = mapped_column(ForeignKey("preparations.id"))
    created_at: Mapped[datetime] = created_at_column()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    # Who on the team takes it (as for messages), and the visit booked from it.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))

    patient: Mapped[Patient] = relationship()  # noqa: F821
    preparation: Mapped[Preparation | None] = relationship()
    user: Mapped[User | None] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821
    handled_by: Mapped[StaffMember | None] = relationship(foreign_keys=[handled_by_id])  # noqa: F821
    assigned_to: Mapped[StaffMember | None] = relationship(foreign_keys=[assigned_to_id])  # noqa: F821
    visit: Mapped[Visit | None] = relationship()
