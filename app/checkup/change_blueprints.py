"""Något har ändrats' blueprints: the patient's side notes a change under
/min-sida/<patient id>/nagot-har-andrats/ (`bp`); staff see the notes over time and the
measurements from the patient card (`staff_bp`, /personal/patienter/<patient id>/forandringar
and /matvarden)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("changes", __name__, url_prefix="/min-sida/<patient:for_patient>/nagot-har-andrats")
staff_bp = staff_blueprint("changes_staff", __name__)
