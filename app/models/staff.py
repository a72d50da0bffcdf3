from __future__ import annotations

import enum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import public_id_column
from .user import enum_column


class Profession(enum.StrEnum):
    VARDLOTS = "vardlots"
    LAKARE = "lakare"
    SJUKSKOTERSKA = "sjukskoterska"
    UNDERSKOTERSKA = "underskoterska"
    ARBETSTERAPEUT = "arbetsterapeut"
    FYSIOTERAPEUT = "fysioterapeut"


class Duty(enum.StrEnum):
    """What a staff member does in Lotsen, set by the admin per account; one person may have
    several. `app.core.access` says what each allows."""

    COORDINATOR = "coordinator"  # vårdlots or samordnare: mandates, invitations, the whole inbox
    CLINICIAN = "clinician"  # läkare, sjuksköterska, ...: patients, visits, answering, booking
    LOG_REVIEWER = "log_reviewer"  # spot checks of the access log, never of their own events


def usual_duties(profession: Profession) -> list[str]:
    """The duties an account of this profession gets until the admin says otherwise."""
    if profession is Profession.VARDLOTS:
        return [Duty.COORDINATOR.value, Duty.LOG_REVIEWER.value]
    return [Duty.CLINICIAN.value]


def _default_duties(context) -> list[str]:
    return usual_duties(Profession(context.get_current_parameters()["profession"]))


class Gender(enum.StrEnum):
    """A staff member's grammatical gender, as they want it: Arabic names their role and bends
    the verbs of what they did by it ("مرشدة الرعاية", "اطّلعت"). Unspecified reads as the
    language's general form."""

    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class StaffMember(db.Model):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    profession: Mapped[Profession] = enum_column(Profession)
    # A photo the staff member chose to show patients (in Mina besök, on Hem for the vårdlots).
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id", ondelete="SET NULL"))
    # "Vem jobbar här?" (app/staff/team.py): what the staff member says about themself, in easy
    # Swedish (the admin's form edits it too), and, if they want, in English and Arabic.
    presentation: Mapped[str] = mapped_column(Text, default="")
    presentation_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    presentation_ar: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The Swedish each of those was written from (None: from before this was kept): when the
    # Swedish has changed since, the author is told the other may no longer say the same.
    presentation_en_from: Mapped[str | None] = mapped_column(Text)
    presentation_ar_from: Mapped[str | None] = mapped_column(Text)
    # Whether they are on the page (their own choice), and where the vårdlots put them there.
    on_team_page: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    team_position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    gender: Mapped[Gender] = enum_column(
        Gender, default=Gender.UNSPECIFIED, server_default=Gender.UNSPECIFIED.value
    )

    # Duty values (a list, as mandate scopes): what this person may do here.
    duties: Mapped[list] = mapped_column(JSON, default=_default_duties)

    user: Mapped[User] = relationship(back_populates="staff_member")  # noqa: F821
    clinic: Mapped[Clinic] = relationship(back_populates="staff")  # noqa: F821
    photo: Mapped[Photo | None] = relationship()  # noqa: F821

    @property
    def name(self) -> str:
        return self.user.name

    def has_duty(self, duty: Duty) -> bool:
        return duty.value in (self.duties or [])
