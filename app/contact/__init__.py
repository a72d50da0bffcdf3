"""Kontakta vårdlotsen: messages and "Ring upp mig" for patients and their helpers (`bp`), and the
vårdlots team's inbox, conversations, callback queue and answer templates (`staff_bp`)."""

from flask import Blueprint

bp = Blueprint("contact", __name__, url_prefix="/min-sida/<patient:for_patient>/kontakt")
staff_bp = Blueprint("contact_staff", __name__, url_prefix="/personal")
