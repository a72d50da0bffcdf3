"""Reminders before a visit (the day before, and the morning of the day), kept per visit, person
and kind so that each goes out once, however often `flask visits remind` runs."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, created_at_column
from .user import enum_column


class ReminderKind(enum.StrEnum):
    DAY_BEFORE = "day_before"
    MORNING = "morning"


class VisitReminder(db.Model):
    """One reminder sent (queued) to one person about one visit. `starts_at` is the visit's time
    when it was sent: a visit moved to another day gets its own reminders for the new time."""

    __tablename__ = "visit_reminders"
    __table_args__ = (UniqueConstraint("visit_id", "user_id", "kind", "starts_at", name="uq_visit_reminder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[ReminderKind] = enum_column(ReminderKind)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()
