from flask import Blueprint

bp = Blueprint("patient", __name__, url_prefix="/min-sida/<patient:for_patient>")
