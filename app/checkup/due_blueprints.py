"""Hälsokontrollen's blueprints: the patient's side reads the invitation and answers it under
/min-sida/<patient id>/halsokontroll/ (`bp`); staff see who is due at /personal/halsokontroller
and invite, mark done and follow up from the patient card (`staff_bp`,
/personal/patienter/<patient id>/halsokontroll). The count on Att göra and in the menu is theirs."""

from flask import Blueprint

from ..staff.area import menu_count, staff_blueprint
from .due_services import work_count

bp = Blueprint("checkup", __name__, url_prefix="/min-sida/<patient:for_patient>/halsokontroll")
staff_bp = staff_blueprint("checkup_staff", __name__)
menu_count("health_check_count", work_count)  # "Hälsokontroller 4": to invite and to call
