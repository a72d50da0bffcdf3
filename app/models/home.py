"""Group homes (LSS boenden): the home, the people who work there, and the clinic's mandate to
the home for each resident.

Why a mandate to the home, and not one per worker: with shifts and turnover, a personal mandate
verified by the clinic person by person is unworkable. The clinic checks once, per resident,
that the home may help (the resident's or god man's consent, the municipality's decision), and
the home's manager says who works there. A worker then acts for the home's residents under the
home's mandate, signed in as themself, and is logged by name ("Jonas Lund (Solgläntan)").

The shape: `HomeMandate` is a table of its own rather than `Mandate` with either a representative
or a home. A personal `Mandate` always has a representative (much of the code relies on it,
and making the column nullable would mean rebuilding the table on SQLite, which the other
tables' foreign keys refuse); a home mandate has no invitation and no end date, and is given
already verified. Rows that name a personal mandate (`WhoActed.mandate_id`) keep doing so; a row
written under a home's mandate has none there. The two share the scopes (`Scope`) and the
statuses (`MandateStatus`), so the access module reads both the same way (`app/core/access.py`).
An access event made under a home mandate names it (`AccessEvent.home_mandate_id`), so the log
can say for which home one acted.

Membership ends (`ended_at`) rather than being deleted, so the log keeps naming former staff,
and access ends at once: the access module asks for an active membership on every request.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column, utcnow
from .patient import MandateStatus, ScopeColumns
from .user import enum_column

# The shared tablet's idle lock, in minutes (the tablet itself is app/tablet's).
LOCK_MINUTES_DEFAULT = 5
LOCK_MINUTES_MIN = 1
LOCK_MINUTES_MAX = 30


class HomeRole(enum.StrEnum):
    MANAGER = "manager"  # enhetschef: adds and removes staff, sees who did what
    STAFF = "staff"


class GroupHome(db.Model):
    __tablename__ = "group_homes"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    municipality: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    lock_minutes: Mapped[int] = mapped_column(
        Integer, default=LOCK_MINUTES_DEFAULT, server_default=str(LOCK_MINUTES_DEFAULT)
    )
    created_at: Mapped[datetime] = created_at_column()

    clinic: Mapped[Clinic] = relationship()  # noqa: F821
    members: Mapped[list[GroupHomeMember]] = relationship(
        back_populates="home", order_by="GroupHomeMember.id"
    )
    residents: Mapped[list[Patient]] = relationship(  # noqa: F821
        back_populates="group_home", order_by="Patient.name"
    )
    mandates: Mapped[list[HomeMandate]] = relationship(back_populates="home", order_by="HomeMandate.id")

    @property
    def active_members(self) -> list[GroupHomeMember]:
        return [m for m in self.members if m.active]

    def __repr__(self) -> str:
        return f"<GroupHome {self.name}>"


class GroupHomeMember(db.Model):
    """One person's work at one home, from `added_at` until `ended_at` (None: works there now).
    A person may work at more than one home; a new row when they come back."""

    __tablename__ = "group_home_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    home_id: Mapped[int] = mapped_column(ForeignKey("group_homes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[HomeRole] = enum_column(HomeRole, default=HomeRole.STAFF)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    home: Mapped[GroupHome] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])  # noqa: F821
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])  # noqa: F821
    invitations: Mapped[list[Invitation]] = relationship(  # noqa: F821
        "Invitation", viewonly=True, order_by="Invitation.id"
    )

    @property
    def invited_only(self) -> bool:
        """Invited to the home and not yet accepted: no invitation of the membership is used.
        (A membership made without an invitation, as in the demo data, counts as accepted.)"""
        return bool(self.invitations) and not any(i.used_at is not None for i in self.invitations)

    @property
    def open_invitation(self) -> Invitation | None:  # noqa: F821
        """The membership's newest invitation that can still be used (not used, not withdrawn;
        it may have run out: `expires_at`)."""
        for invitation in reversed(self.invitations):
            if invitation.used_at is None and invitation.withdrawn_at is None:
                return invitation
        return None

    @property
    def link_works(self) -> bool:
        """The invitation's link can still be used (not used, withdrawn or run out)."""
        invitation = self.open_invitation
        return invitation is not None and invitation.expires_at > utcnow()

    @property
    def active(self) -> bool:
        """Works at the home now: not ended, accepted, and the account is switched on."""
        return self.ended_at is None and not self.invited_only and self.user.active

    @property
    def is_manager(self) -> bool:
        return self.role is HomeRole.MANAGER


class HomeMandate(ScopeColumns, db.Model):
    """The clinic's mandate to a home to help one resident, with the same scopes as a personal
    `Mandate`. Given verified (`verification_note`: what the clinic checked), revocable. One
    resident has at most one mandate in force per home; a revoked one stays, for the log."""

    __tablename__ = "home_mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    home_id: Mapped[int] = mapped_column(ForeignKey("group_homes.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    status: Mapped[MandateStatus] = enum_column(MandateStatus, default=MandateStatus.ACTIVE)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verification_note: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    home: Mapped[GroupHome] = relationship(back_populates="mandates")
    patient: Mapped[Patient] = relationship(back_populates="home_mandates")  # noqa: F821
    verified_by: Mapped[StaffMember | None] = relationship(foreign_keys=[verified_by_id])  # noqa: F821
    revoked_by: Mapped[StaffMember | None] = relationship(foreign_keys=[revoked_by_id])  # noqa: F821

    def effective_status(self, today: date) -> MandateStatus:
        """As `Mandate.effective_status`: a home mandate has no end date, so only its status."""
        return self.status


class HomeEventKind(enum.StrEnum):
    """What happened at a home that touches no one resident's data, for "Vem gjorde vad"."""

    MEMBER_INVITED = "member_invited"
    INVITATION_SENT_AGAIN = "invitation_sent_again"
    INVITATION_WITHDRAWN = "invitation_withdrawn"
    MEMBER_JOINED = "member_joined"  # accepted the invitation
    MEMBER_REMOVED = "member_removed"
    TABLET_MARKED = "tablet_marked"  # a browser marked as the home's tablet
    TABLET_REMOVED = "tablet_removed"
    LOCK_TIME_CHANGED = "lock_time_changed"


class HomeEvent(db.Model):
    """One thing that happened at a home (`HomeEventKind`): who did it (`actor`), to whom
    (`member`, for the staff events), and a short detail in no language ("5->10" for the lock
    time, a device's name for a tablet). Written by `app.core.home_log.record_home_event`; rows
    are only added, and name the membership, so a removed person's events stay."""

    __tablename__ = "home_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("group_homes.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    kind: Mapped[HomeEventKind] = enum_column(HomeEventKind)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("group_home_members.id"), index=True)
    detail: Mapped[str] = mapped_column(String(120), default="")

    home: Mapped[GroupHome] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])  # noqa: F821
    member: Mapped[GroupHomeMember | None] = relationship()
