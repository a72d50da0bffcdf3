"""Efter besöket: the easy-read summary after a visit. The patient's side reads it under
/min-sida/<patient id>/efter-besoket/ (`bp`); staff write, send and correct it from the visit
(`staff_bp`)."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("aftervisit", __name__, url_prefix="/min-sida/<patient:for_patient>/efter-besoket")
staff_bp = staff_blueprint("aftervisit_staff", __name__)
