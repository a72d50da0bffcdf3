"""The staff area: the frame every staff page shares (`area`); the clinic's patients, their
logins and representatives, and the access log (`bp`); the clinic's staff and their own photos."""

from .area import staff_blueprint

bp = staff_blueprint("staff", __name__)
