from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at_column, public_id_column
from .user import enum_column


class Patient(db.Model):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    preferred_name: Mapped[str] = mapped_column(String(60), default="")
    # Stored as 12 digits (YYYYMMDDNNNC); validated with its check digit before it gets here.
    personnummer: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    vardlots_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    created_at: Mapped[datetime] = created_at_column()
    # The group home the patient lives in (app/models/home.py); the home acts for them only
    # under a `HomeMandate`, never by living there alone.
    group_home_id: Mapped[int | None] = mapped_column(ForeignKey("group_homes.id"), index=True)
    # A photo of the person for the tiles that helpers choose them by (app/tablet/residents.py),
    # added by one who helps them, with their consent.
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id", ondelete="SET NULL"))

    clinic: Mapped[Clinic] = relationship(back_populates="patients")  # noqa: F821
    user: Mapped[User | None] = relationship(back_populates="patient")  # noqa: F821
    vardlots: Mapped[StaffMember | None] = relationship()  # noqa: F821
    mandates: Mapped[list[Mandate]] = relationship(back_populates="patient")
    group_home: Mapped[GroupHome | None] = relationship(back_populates="residents")  # noqa: F821
    photo: Mapped[Photo | None] = relationship()  # noqa: F821
    home_mandates: Mapped[list[HomeMandate]] = relationship(  # noqa: F821
        back_populates="patient", order_by="HomeMandate.id"
    )

    @property
    def display_name(self) -> str:
        """The name the patient likes to be called, else their first name."""
        return self.preferred_name or self.name.split()[0]

    @property
    def current_vardlots(self) -> StaffMember | None:  # noqa: F821
        """The named vårdlots, if they still work at the patient's clinic."""
        lots = self.vardlots
        if lots is None or not lots.user.active or lots.clinic_id != self.clinic_id:
            return None
        return lots

    @property
    def masked_personnummer(self) -> str:
        return f"{self.personnummer[:8]}-****"


class PatientPreferences(db.Model):
    """How Lotsen looks and sounds when a helper and a patient without an account of their own
    use it together (text size, read-aloud speed). A patient with an account keeps these on
    their own user row instead (app/home/services.py decides which)."""

    __tablename__ = "patient_preferences"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    text_size: Mapped[str] = mapped_column(String(16), default="normal")
    speech_rate: Mapped[str] = mapped_column(String(16), default="normal")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MandateKind(enum.StrEnum):
    GOD_MAN = "god_man"
    FORVALTARE = "forvaltare"
    RELATIVE_FULLMAKT = "relative_fullmakt"
    RELATIVE_CONSENT = "relative_consent"
    GROUP_HOME_STAFF = "group_home_staff"
    PERSONAL_ASSISTANT = "personal_assistant"
    OTHER = "other"


class MandateStatus(enum.StrEnum):
    INVITED = "invited"
    AWAITING_VERIFICATION = "awaiting_verification"
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Scope(enum.StrEnum):
    """What a representative may do for a patient; each mandate holds a set of these."""

    SEE = "see"
    PREPARE_VISITS = "prepare_visits"
    WRITE_TO_VARDLOTS = "write_to_vardlots"
    CHANGE_NEEDS = "change_needs"


class ScopeColumns:
    """What a mandate lets its holder do, one column per `Scope`: a personal `Mandate` and the
    clinic's mandate to a group home (`HomeMandate`) share them."""

    scope_see: Mapped[bool] = mapped_column(Boolean, default=True)
    scope_prepare_visits: Mapped[bool] = mapped_column(Boolean, default=False)
    scope_write_to_vardlots: Mapped[bool] = mapped_column(Boolean, default=False)
    scope_change_needs: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def scopes(self) -> frozenset[Scope]:
        return frozenset(s for s in Scope if getattr(self, f"scope_{s.value}"))

    def set_scopes(self, scopes: set[Scope]) -> None:
        for s in Scope:
            setattr(self, f"scope_{s.value}", s in scopes)


class Mandate(ScopeColumns, db.Model):
    """A representative's right to act for one patient."""

    __tablename__ = "mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    representative_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[MandateKind] = enum_column(MandateKind)
    kind_other: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[MandateStatus] = enum_column(MandateStatus, default=MandateStatus.INVITED)
    valid_until: Mapped[date | None] = mapped_column(Date)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verification_note: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    patient: Mapped[Patient] = relationship(back_populates="mandates")
    representative: Mapped[User] = relationship(  # noqa: F821
        back_populates="mandates", foreign_keys=[representative_id]
    )
    verified_by: Mapped[StaffMember | None] = relationship(foreign_keys=[verified_by_id])  # noqa: F821
    revoked_by: Mapped[StaffMember | None] = relationship(foreign_keys=[revoked_by_id])  # noqa: F821

    def effective_status(self, today: date) -> MandateStatus:
        """The status as of today: an active mandate past its end date has expired."""
        if self.status in (MandateStatus.REVOKED, MandateStatus.EXPIRED):
            return self.status
        if self.valid_until is not None and self.valid_until < today:
            return MandateStatus.EXPIRED
        return self.status


class Invitation(db.Model):
    """A single-use link, valid for some days, that lets a patient or representative set a password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"))
    # An invitation to work at a group home (its manager's, from the clinic; staff's, from the
    # manager): it works only while that membership has not ended.
    home_member_id: Mapped[int | None] = mapped_column(ForeignKey("group_home_members.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    clinic: Mapped[Clinic] = relationship()  # noqa: F821
    patient: Mapped[Patient | None] = relationship()
    mandate: Mapped[Mandate | None] = relationship()
    home_member: Mapped[GroupHomeMember | None] = relationship()  # noqa: F821
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])  # noqa: F821


class StaffNote(db.Model):
    """The care team's own note about a patient ("Ring Birgitta, inte boendet, om tider"): staff
    only, never shown to the patient's side. Each save is a new row, so the note's history stays;
    the newest row is the note."""

    __tablename__ = "staff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    created_at: Mapped[datetime] = created_at_column()

    patient: Mapped[Patient] = relationship()
    staff_member: Mapped[StaffMember] = relationship()  # noqa: F821
