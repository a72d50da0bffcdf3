"""Mina anpassningar: the needs profile, for the patient and their helpers (`bp`) and for staff
(`staff_bp`)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("needs", __name__, url_prefix="/min-sida/<patient:for_patient>/anpassningar")
staff_bp = staff_blueprint(
    "needs_staff", __name__, url_prefix="/personal/patienter/<patient_id>/anpassningar"
)
