"""Shared column helpers for the models."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String, TypeDecorator
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores timezone-aware UTC datetimes; SQLite gives them back naive, so re-attach UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use UTC-aware datetimes")
        # SQLite keeps no offset: store every moment as UTC, whatever zone it was given in.
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def new_public_id() -> str:
    """An unguessable id for URLs, so that a made-up id never finds a record."""
    return uuid.uuid4().hex


def public_id_column() -> Mapped[str]:
    return mapped_column(String(32), unique=True, index=True, default=new_public_id)


def created_at_column() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), default=utcnow)


class WhoActed:
    """A row that says who acted: the user (`user_id`, declared by each table: some keep a row of
    a removed user), as whom ("patient", "representative" or "staff") and under which mandate:
    a personal one (`mandate_id`) or the clinic's mandate to the group home the user works at
    (`home_mandate_id`), so that every place that shows who wrote a row can say "Jonas Lund
    (Solgläntan)". A service fills them from the grant: `Row(..., **grant.who_acted())`."""

    acting_as: Mapped[str] = mapped_column(String(32))
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"))
    home_mandate_id: Mapped[int | None] = mapped_column(ForeignKey("home_mandates.id"))

    @declared_attr
    def home_mandate(cls) -> Mapped[HomeMandate | None]:  # noqa: F821
        return relationship("HomeMandate", foreign_keys=[cls.home_mandate_id])

    @property
    def by_patient(self) -> bool:
        """The patient acted for themself."""
        return self.acting_as == "patient"

    @property
    def by_representative(self) -> bool:
        return self.acting_as == "representative"
