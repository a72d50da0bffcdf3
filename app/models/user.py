from __future__ import annotations

import enum
import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column


class Role(enum.StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    STAFF = "staff"
    ADMIN = "admin"


class TextSize(enum.StrEnum):
    NORMAL = "normal"
    LARGE = "large"
    LARGER = "larger"


def _reads_aloud_by_default(context) -> bool:
    """A new account's read-aloud: on for patients and helpers, off for staff and admins, whose
    pages are never read aloud (app/templating.py, `read_aloud_here`); they may turn it on in
    Inställningar. Decided here, so that every way an account is made (the admin's staff
    accounts, `flask create-admin`, the demo, the tests) starts the same."""
    role = context.get_current_parameters().get("role")
    return str(getattr(role, "value", role)) not in (Role.STAFF.value, Role.ADMIN.value)


def enum_column(enum_cls, **kw):
    """Enums stored as short strings, so migrations need no database enum types."""
    return mapped_column(
        Enum(enum_cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]),
        **kw,
    )


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = enum_column(Role)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()
    # Where the vårdlots can call this person back ("Ring upp mig"), as they wrote it.
    phone: Mapped[str] = mapped_column(String(20), default="", server_default="")

    # Preferences
    language: Mapped[str | None] = mapped_column(String(8))
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    read_aloud: Mapped[bool] = mapped_column(Boolean, default=_reads_aloud_by_default)
    speech_rate: Mapped[str] = mapped_column(String(16), default="normal")
    text_size: Mapped[TextSize] = enum_column(TextSize, default=TextSize.NORMAL)
    # An e-mail the day before a visit and on its morning (app/visits/reminders.py), as chosen in
    # Inställningar; None until one chooses: then on for a patient and a group home's staff, off
    # for a personal helper (`app.visits.reminders.wants_reminders`).
    visit_reminders: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    # The e-mailed sign-in code of staff and admins (app/auth/services.py): after too many wrong
    # codes the code step is locked until this moment. It stays when the lock is over: wrong codes
    # typed before it no longer count. `code_locks` counts the locks in a row (each lasts longer).
    code_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    code_locks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The short personal PIN for the group home's tablet (app/tablet), argon2-hashed like a
    # password; `pin_failures` wrong PINs in a row (PIN_FAILURE_LIMIT) lock PIN sign-in until
    # the person signs in with their password again.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    staff_member: Mapped[StaffMember | None] = relationship(  # noqa: F821
        back_populates="user", uselist=False
    )
    patient: Mapped[Patient | None] = relationship(  # noqa: F821
        back_populates="user", uselist=False
    )
    mandates: Mapped[list[Mandate]] = relationship(  # noqa: F821
        back_populates="representative", foreign_keys="Mandate.representative_id"
    )

    # Set by the user loader: the raw token of the server-side session this request belongs to.
    session_token = None  # type: str | None

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role is Role.STAFF

    @property
    def needs_second_factor(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def credentials_fingerprint(self) -> str:
        """Changes whenever the password (any way it is set) or the e-mail address changes.

        A password-reset link holds the fingerprint of when it was issued, so a new password, or
        a new address, ends every older link without anyone having to find and withdraw them."""
        return credentials_fingerprint(self.password_hash, self.email)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def credentials_fingerprint(password_hash: str | None, email: str) -> str:
    # The hash is salted and slow already; this only tells one password or address from another.
    return hashlib.sha256(f"{password_hash or ''}\n{email}".encode()).hexdigest()


class AuthSession(db.Model):
    """The server side of a sign-in: the cookie holds only a token whose hash is stored here."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(32))
    # Locked on a group home's tablet after the home's idle time (app/tablet): every page answers
    # with the lock page until the person's PIN opens it again.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class LoginCode(db.Model):
    """The 6-digit code that staff and admins confirm each sign-in with."""

    __tablename__ = "login_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # signed in with, or spent
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # signed in with
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User] = relationship()


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # User.credentials_fingerprint when the link was mailed: the link works only while it holds.
    issued_for: Mapped[str] = mapped_column(String(64), default="", server_default="")

    user: Mapped[User] = relationship()


class ResumeDraft(db.Model):
    """What a user posted when their session had run out, kept so nothing typed is lost."""

    __tablename__ = "resume_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    path: Mapped[str] = mapped_column(String(2000))
    form_json: Mapped[str] = mapped_column(db.Text)
    created_at: Mapped[datetime] = created_at_column()
