"""Group homes (boenden): the clinic's pages about homes and their mandates (`staff_bp`, in the
staff area) and the home manager's pages, "Vårt boende" (`bp`). The models are in
app/models/home.py; who may act for a resident is decided in app/core/access.py."""

from flask import Blueprint

from ..staff.area import staff_blueprint

bp = Blueprint("grouphome", __name__, url_prefix="/boendet")
staff_bp = staff_blueprint("grouphome_staff", __name__)
