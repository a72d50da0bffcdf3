from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, WhoActed, utcnow


class UsualRevision(WhoActed, db.Model):
    """One saved version of "Så brukar jag vara", a patient's baseline: how they usually sleep,
    eat, move ... so that a change can be seen early. Versioned like the needs profile: every
    save adds a row with the whole baseline, numbered 1, 2, 3 ... per patient; the newest is the
    current one. Who saved it is kept as in the access log (user, capacity, mandate).
    """

    __tablename__ = "usual_revisions"
    __table_args__ = (UniqueConstraint("patient_id", "number", name="uq_usual_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # {area key: text}; only areas with a text are stored (app/needs/usual.py AREAS).
    texts: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()  # noqa: F821
    mandate: Mapped[Mandate | None] = relationship()  # noqa: F821
