"""How much read-aloud and easy read are used, counted by the server itself: one row per clinic,
day and kind, holding a number only. No person, no page, no time of day: nothing here can tell
who used what. Written on the request path with one upsert (app/usage.py), read by the
statistics (app/stats/)."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class UsageKind(enum.StrEnum):
    SPEECH_PLAY = "speech_play"  # a clip began to play (its first piece was asked for)
    EASY_READ_PAGE = "easy_read_page"  # a page was shown with easy read on


class UsageCount(db.Model):
    __tablename__ = "usage_counts"
    __table_args__ = (UniqueConstraint("clinic_id", "day", "kind", name="uq_usage_count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=0)
