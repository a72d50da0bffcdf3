from flask import redirect, url_for
from flask_login import login_required

from ..access import staff_clinic_id
from . import bp


@bp.route("/")
@login_required
def index():
    staff_clinic_id()
    return redirect(url_for("staff.patients"))


@bp.route("/patienter")
@login_required
def patients():
    staff_clinic_id()
    return "TODO"


@bp.route("/logg")
@login_required
def access_log():
    staff_clinic_id()
    return "TODO"
