"""The blueprints of Kontakta vårdlotsen: the patient's side (`bp`) and the vårdlots team's side
(`staff_bp`, framed by the staff area)."""

from flask import Blueprint

from ..staff.area import menu_count, staff_blueprint
from .inbox import unread_count

bp = Blueprint("contact", __name__, url_prefix="/min-sida/<patient:for_patient>/kontakt")
staff_bp = staff_blueprint("contact_staff", __name__)
menu_count("new_count", unread_count)  # the menu's "Inkorg 3": what is new in the inbox
