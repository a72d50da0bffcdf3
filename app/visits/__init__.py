"""Förbered besöket: Mina besök and how a visit goes (`bp`), the preparation wizard (`prepare_bp`)
and the staff's visits, visit types, schedules and list of new things (`staff_bp`)."""

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/min-sida/besok")
prepare_bp = Blueprint("prepare", __name__, url_prefix="/min-sida/forbered")
staff_bp = Blueprint("visits_staff", __name__, url_prefix="/personal")

from . import prepare_routes, routes, staff_routes  # noqa: E402,F401
