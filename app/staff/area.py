"""The staff area's frame, defined once: every staff page is on a blueprint that
`staff_blueprint` makes, with the same guard (staff of a clinic only), the same header and the
same menu counters.

The staff pages of each area (patients and mandates here; visits, the inbox and the needs in
their own areas) keep blueprints of their own, side by side and never nested, so that every
endpoint keeps its name: the access log stores endpoint names. "Who may see this" is decided in
`app.core.access`: `patient_access` for a page about one patient, `staff_page` for the others.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app
from flask_login import current_user

from ..core.access import check_staff_page, staff_clinic_id

STAFF_URL_PREFIX = "/personal"

# The menu's counts, by the name the menu shows them under: each area adds its own when it makes
# its blueprints (the inbox's "new_count": app/contact/blueprints.py), so the frame imports no
# area and every area may use the frame.
MENU_COUNTS: dict[str, Callable[[int], int]] = {}


def menu_count(name: str, count: Callable[[int], int]) -> None:
    """Show `count(clinic_id)` in the staff menu as `name` (a template variable of the frame)."""
    MENU_COUNTS[name] = count


def staff_only():
    """The whole area is for staff of a clinic; patients and representatives get 403, and so
    does a staff member whose duties do not allow the page (`app.core.access.check_staff_page`:
    care work unless the view says otherwise)."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    staff_clinic_id()
    check_staff_page()
    return None


def staff_context() -> dict:
    """What every staff page's frame shows: the clinic in the header, and the menu's counts (such
    as what is new in the inbox: the same count the inbox shows, `app.contact.inbox`)."""
    staff = current_user.staff_member if current_user.is_authenticated else None
    counts = {name: count(staff.clinic_id) if staff is not None else 0 for name, count in MENU_COUNTS.items()}
    return {**counts, "header_clinic": staff.clinic if staff is not None else None}


def staff_blueprint(name: str, import_name: str, url_prefix: str = STAFF_URL_PREFIX) -> Blueprint:
    """A blueprint for staff pages, under /personal unless told otherwise, guarded by
    `staff_only` and framed by `staff_context`."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.before_request(staff_only)
    bp.context_processor(staff_context)
    return bp
