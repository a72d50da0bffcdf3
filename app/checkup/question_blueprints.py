"""The questions before the health check: the patient's side answers them under
/min-sida/<patient id>/halsokontroll/fragor/ (`bp`); staff read them beside the round before
from the patient card (`staff_bp`, /personal/patienter/<patient id>/halsokontroll/<round>/svar)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("questions", __name__, url_prefix="/min-sida/<patient:for_patient>/halsokontroll/fragor")
staff_bp = staff_blueprint("questions_staff", __name__)
