"""Min hälsoplan: the short plan staff and the patient agree at or after a health check. A few
goals in the patient's own words, each with what we do, who does it and when we look again. A
plan is written as a working copy and sent to the patient's side as numbered versions (each one
kept); at the next check a new plan starts from the old one (`previous_id`), and the old one
stays readable in the history. Each goal of the last version sent is a row someone marks done."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column, utcnow


class HealthPlan(db.Model):
    """One plan for one patient. `content` is the staff's working copy (app/checkup/plan_content.py
    gives its shape); the patient's side only sees a sent version. `version` is the number of the
    last version sent (0: a draft never sent); `revision` grows with each save, so a save made
    from an older copy than a colleague's newer one is refused instead of overwriting it."""

    __tablename__ = "health_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    # The round of the check it was agreed at, when staff name one.
    health_check_id: Mapped[int | None] = mapped_column(ForeignKey("health_checks.id"))
    # The plan it was made from, at the next check.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("health_plans.id"))
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    patient: Mapped[Patient] = relationship()  # noqa: F821
    health_check: Mapped[HealthCheck | None] = relationship()  # noqa: F821
    previous: Mapped[HealthPlan | None] = relationship(remote_side=[id])
    created_by: Mapped[StaffMember | None] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    updated_by: Mapped[StaffMember | None] = relationship(foreign_keys=[updated_by_id])  # noqa: F821
    versions: Mapped[list[HealthPlanVersion]] = relationship(
        back_populates="plan", order_by="HealthPlanVersion.number.desc()", cascade="all, delete-orphan"
    )

    @property
    def sent(self) -> bool:
        return self.version > 0


class HealthPlanVersion(db.Model):
    """A version of a plan as it was sent to the patient's side."""

    __tablename__ = "health_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_health_plan_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("health_plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_at: Mapped[datetime] = created_at_column()
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))

    plan: Mapped[HealthPlan] = relationship(back_populates="versions")
    sent_by: Mapped[StaffMember | None] = relationship()  # noqa: F821


class HealthPlanGoal(db.Model):
    """A goal of the last version sent, kept as a row so its step can be marked done (and Hem can
    list it). Sending again updates the rows by `key`; a goal taken away is marked `removed_at`."""

    __tablename__ = "health_plan_goals"
    __table_args__ = (UniqueConstraint("plan_id", "key", name="uq_health_plan_goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    plan_id: Mapped[int] = mapped_column(ForeignKey("health_plans.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    who: Mapped[str] = mapped_column(String(20))
    look_on: Mapped[date | None] = mapped_column(Date)
    # {form: text}: the goal in the patient's words, as in the version's content.
    text: Mapped[dict] = mapped_column(JSON, default=dict)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_acting_as: Mapped[str] = mapped_column(String(32), default="")

    plan: Mapped[HealthPlan] = relationship()
    done_by: Mapped[User | None] = relationship()  # noqa: F821

    @property
    def done(self) -> bool:
        return self.done_at is not None
