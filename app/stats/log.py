"""The statistics in the access log: a read (or a download) of a clinic's figures, by its staff
or by the region's admin; clinic-level events that name no patient."""

from __future__ import annotations

from ..core import audit
from ..extensions import db
from ..models import Clinic, Role, User


def log_clinic_read(user: User, clinics: list[Clinic], object_type: str, object_id: str) -> None:
    """One event for each clinic whose figures were shown or downloaded; committed here."""
    action = audit.AccessAction.EXPORT if object_type.endswith("_csv") else audit.AccessAction.READ
    acting_as = Role.ADMIN.value if user.role is Role.ADMIN else Role.STAFF.value
    for clinic in clinics:
        audit.record_clinic(user, clinic, action, object_type, object_id, acting_as=acting_as)
    db.session.commit()
