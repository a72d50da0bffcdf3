"""Min hälsoplan's blueprints: the patient's side reads it under
/min-sida/<patient id>/halsoplan/ (`bp`); staff write and send it from the patient card
(`staff_bp`, /personal/patienter/<patient id>/halsoplan)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("plan", __name__, url_prefix="/min-sida/<patient:for_patient>/halsoplan")
staff_bp = staff_blueprint("plan_staff", __name__)
