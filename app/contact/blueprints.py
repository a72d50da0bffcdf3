"""The blueprints of Kontakta vårdlotsen: the patient's side (`bp`) and the vårdlots team's side
(`staff_bp`, framed by the staff area)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("contact", __name__, url_prefix="/min-sida/<patient:for_patient>/kontakt")
staff_bp = staff_blueprint("contact_staff", __name__)
