from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/personal")

from . import routes  # noqa: E402,F401
