"""The group home's shared tablet (issue 21): a browser a home's worker marked as the home's,
and who has signed in on it in full.

Why a device of its own: on the tablet, a worker signs in with e-mail and a short PIN, so that
a change of shift takes seconds, and the screen locks after the home's idle time. A PIN is few
digits, so it must work on that one device only: the browser holds a long random token in a
secure, HttpOnly cookie; only its hash is stored here. A device is revoked (never deleted), so
the list shows who marked and who revoked it. A PIN works on a device only for a person who has
signed in there in full once (`HomeDeviceUser`): knowing someone's e-mail and PIN is not enough
from a tablet that person never used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column


class HomeDevice(db.Model):
    __tablename__ = "home_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    home_id: Mapped[int] = mapped_column(ForeignKey("group_homes.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    home: Mapped[GroupHome] = relationship()  # noqa: F821
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])  # noqa: F821

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class HomeDeviceUser(db.Model):
    """A person signed in in full (with their password) on this device: from then on their PIN
    works there."""

    __tablename__ = "home_device_users"
    __table_args__ = (UniqueConstraint("device_id", "user_id", name="uq_home_device_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("home_devices.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    first_at: Mapped[datetime] = created_at_column()
