"""The group home's shared tablet (issue 21, part 2): marking a browser as the home's tablet, the
PIN sign-in on it, and its lock after the home's idle time.

The lock is decided on the server, for every request (`services.lock_guard`, run before any
view): on the home's tablet, once the session has been idle for the home's `lock_minutes`, every
page answers with the lock page until the person's PIN opens it again, so no resident's data is
shown to whoever picks the tablet up; what was posted meanwhile is kept as a draft for the person
(app/core/drafts.py) and is back on the same page after the PIN.
"""

from flask import Blueprint, Flask
from flask_login import user_logged_in

bp = Blueprint("tablet", __name__, url_prefix="/surfplatta")
# A resident's photo for the tiles: a page about one person, under their own address.
resident_bp = Blueprint("resident", __name__, url_prefix="/min-sida/<patient:for_patient>")


def init_app(app: Flask) -> None:
    from . import services

    app.before_request(services.lock_guard)
    user_logged_in.connect(services.after_sign_in, app)
    app.add_template_global(services.tablet_here)
    app.add_template_global(services.tablet_lock_words)
    app.add_template_global(services.works_at_a_home)
