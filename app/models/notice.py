"""E-mail notices kept until they have reached the mail server, so that a server that is down
delays a notice but never loses it (and the admin can see that it is waiting)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column


class MailNotice(db.Model):
    """One e-mail that says only that something is new in Lotsen, with a link: no health data."""

    __tablename__ = "mail_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(40))  # what it is about, for the admin's list
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When to try again; None once sent or given up.
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def given_up(self) -> bool:
        return self.sent_at is None and self.next_try_at is None
