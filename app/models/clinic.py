from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at_column, public_id_column


class Clinic(db.Model):
    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = public_id_column()
    name: Mapped[str] = mapped_column(String(120))
    county_part: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40))
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    vardlots_email: Mapped[str] = mapped_column(String(254))
    # Easy Swedish, English and Arabic forms of the opening hours (app/clinic_words.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    # Months between a patient's health checks (Hälsokontrollen, app/models/health.py).
    health_check_months: Mapped[int] = mapped_column(Integer, default=12)
    # Where the clinic is, for the kallelse (app/visits/kallelse.py), and a photo of its entrance
    # that the admin uploads (a Photo, re-encoded by app/photos.py).
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    entrance_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("photos.id", ondelete="SET NULL", use_alter=True, name="fk_clinics_entrance_photo_id")
    )
    created_at: Mapped[datetime] = created_at_column()

    staff: Mapped[list[StaffMember]] = relationship(back_populates="clinic")  # noqa: F821
    patients: Mapped[list[Patient]] = relationship(back_populates="clinic")  # noqa: F821
    entrance_photo: Mapped[Photo | None] = relationship(foreign_keys=[entrance_photo_id])  # noqa: F821

    def __repr__(self) -> str:
        return f"<Clinic {self.name}>"
