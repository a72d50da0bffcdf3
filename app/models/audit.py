from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from ..extensions import db
from .base import UTCDateTime, WhoActed, created_at_column, utcnow
from .user import enum_column


class AccessAction(enum.StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    PRINT = "print"
    EXPORT = "export"


class LoggedObjectType(TypeDecorator):
    """What an access event is about: only a name with words in app.core.audit_words, so that no
    way of writing the log (an ORM row, a multi-row INSERT) can log a thing nobody can put in words.

    The models come before the kernel, so the registry hands its check to `check` as it loads;
    until it has, no access event can be written at all."""

    impl = String(64)
    cache_ok = True
    check: ClassVar[Callable[[str], object] | None] = None

    def process_bind_param(self, value, dialect):
        if value is not None:
            if LoggedObjectType.check is None:
                raise RuntimeError("the access log's words (app.core.audit_words) are not loaded")
            LoggedObjectType.check(value)
        return value


class AccessEvent(WhoActed, db.Model):
    """One read or write of patient data. Append-only: nothing updates or deletes a row."""

    __tablename__ = "access_events"
    # "Read" in Kontakta vårdlotsen is what the log says: the inbox and the staff menu look up
    # the last read of given items on every page, so those lookups need an index.
    __table_args__ = (Index("ix_access_events_object", "object_id", "object_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # In what capacity the user acted: as the patient, as a representative (with which mandate),
    # or as staff of the clinic.
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"), index=True)
    action: Mapped[AccessAction] = enum_column(AccessAction)
    object_type: Mapped[str] = mapped_column(LoggedObjectType())
    object_id: Mapped[str] = mapped_column(String(64), default="")
    # `home_mandate_id` (from WhoActed) is set when a group home's worker acted under the home's
    # mandate (app/models/home.py): the log then says for which home ("Jonas Lund (Solgläntan)").

    user: Mapped[User | None] = relationship()  # noqa: F821
    patient: Mapped[Patient | None] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821
    spot_checks: Mapped[list[SpotCheck]] = relationship(back_populates="event")


class SpotCheck(db.Model):
    """A staff member's note that they looked into an access event (the event itself never changes)."""

    __tablename__ = "spot_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("access_events.id"), index=True)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    event: Mapped[AccessEvent] = relationship(back_populates="spot_checks")
    checked_by: Mapped[StaffMember] = relationship()  # noqa: F821
