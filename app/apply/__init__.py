"""Ansök om SMO: the public easy-read application (`bp`, no account) and the vårdlots team's
side, where each application is decided (`staff_bp`, framed by the staff area)."""

from flask import Blueprint

from ..staff.area import menu_count, staff_blueprint
from .services import new_count

bp = Blueprint("apply", __name__, url_prefix="/ansok")
staff_bp = staff_blueprint("apply_staff", __name__)
menu_count("application_count", new_count)  # the menu's "Ansökningar 2": not decided yet
