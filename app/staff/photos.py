"""A staff member's own photo, which patients see beside their name (Mina besök, Hem), and how
Arabic names them (their grammatical gender), both chosen under "Mitt foto"."""

from __future__ import annotations

from .. import photos
from ..extensions import db
from ..models import Gender, StaffMember


def set_staff_photo(staff: StaffMember, data: bytes) -> None:
    """The staff member's own photo, cut square and cleaned; the old one is deleted."""
    old = staff.photo
    staff.photo = photos.store(staff.clinic_id, staff.user_id, data, portrait=True)
    if old is not None:
        db.session.delete(old)
    db.session.commit()


def remove_staff_photo(staff: StaffMember) -> None:
    if staff.photo is not None:
        db.session.delete(staff.photo)
        staff.photo = None
    db.session.commit()


def set_gender(staff: StaffMember, gender: Gender) -> None:
    staff.gender = gender
    db.session.commit()
