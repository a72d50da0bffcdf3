"""Förbered besöket: Mina besök and how a visit goes (`bp`), the preparation wizard (`prepare_bp`)
the staff's visits, visit types, schedules and list of new things (`staff_bp`), and the photos
of schedule steps and staff (`photo_bp`)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("visits", __name__, url_prefix="/min-sida/<patient:for_patient>/besok")
prepare_bp = Blueprint("prepare", __name__, url_prefix="/min-sida/<patient:for_patient>/forbered")
staff_bp = staff_blueprint("visits_staff", __name__)
# Photos of schedule steps and staff: for staff, patients and helpers alike, about no one patient.
photo_bp = Blueprint("photos", __name__, url_prefix="/bild")
