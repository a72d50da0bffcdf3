"""The clinic's staff: who works there (active), by name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import StaffMember, User


def clinic_staff(clinic_id: int) -> list[StaffMember]:
    rows = db.session.scalars(
        select(StaffMember)
        .join(User, StaffMember.user_id == User.id)
        .options(contains_eager(StaffMember.user))  # their names, without a query each
        .where(StaffMember.clinic_id == clinic_id, User.active.is_(True))
        .order_by(User.name)
    ).all()
    return list(rows)


def find_staff(clinic_id: int, public_id: str) -> StaffMember | None:
    return next((s for s in clinic_staff(clinic_id) if s.public_id == public_id), None)
