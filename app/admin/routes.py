from flask import abort
from flask_login import current_user, login_required

from ..models import Role
from . import bp


@bp.before_request
@login_required
def require_admin():
    if current_user.role is not Role.ADMIN:
        abort(403)


@bp.route("/")
def index():
    return "TODO"


@bp.route("/vardcentraler")
def clinics():
    return "TODO"


@bp.route("/personal")
def staff_accounts():
    return "TODO"
