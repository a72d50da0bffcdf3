from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text
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


class StaffMember(db.Model):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    profession: Mapped[Profession] = enum_column(Profession)
    photo_filename: Mapped[str | None] = mapped_column(String(200))
    presentation: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(back_populates="staff_member")  # noqa: F821
    clinic: Mapped[Clinic] = relationship(back_populates="staff")  # noqa: F821

    @property
    def name(self) -> str:
        return self.user.name
