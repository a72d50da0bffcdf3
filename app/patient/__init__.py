from flask import Blueprint

bp = Blueprint("patient", __name__, url_prefix="/min-sida")

from . import routes  # noqa: E402,F401
