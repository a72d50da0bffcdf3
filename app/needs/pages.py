"""What the needs pages show, the patient's and the staff's alike: the template helpers."""

from __future__ import annotations

from flask_login import current_user

from ..core import audit
from ..core.clock import today as clinic_today
from .catalogue import COMMENT_MAX, PART_PICTOGRAMS, PART_TITLES, SECTIONS


def helpers() -> dict:
    return {
        "audit_who": lambda item: audit.describe_who(item, current_user),
        "comment_max": COMMENT_MAX,
        "sections": SECTIONS,
        "part_titles": PART_TITLES,
        "part_pictograms": PART_PICTOGRAMS,
        "now_date": clinic_today(),
    }
