"""Error pages in easy words, each with a way home. Never a stack trace.

When the database cannot be used (unreachable, read-only, a connection killed mid-request) pages
answer 503 with Retry-After, saying what to do and showing back what the person had typed, so
nothing they wrote is lost: `typed_texts()` picks those texts out of posted form data, and the
`typed_texts` macro in templates/errors/typed.html shows them (other pages that refuse a post
use both too).
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from flask import Flask, current_app, g, make_response, render_template, request, session
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from werkzeug.exceptions import HTTPException

from .core.forms import TypedText, typed_texts
from .extensions import db
from .health import database_unavailable, describe
from .models import Role, User

MESSAGES = {
    400: (
        _l("Något gick fel med det du skickade"),
        _l("Vi kunde inte ta emot det. Ingenting har ändrats. Gå tillbaka och försök igen."),
    ),
    403: (
        _l("Du får inte se den här sidan"),
        _l("Du har inte rätt att se eller ändra det här. Fråga vårdlotsen om du behöver det."),
    ),
    404: (
        _l("Sidan finns inte"),
        _l("Vi hittar inte sidan. Den kanske är borttagen. Eller så är adressen fel."),
    ),
    405: (
        _l("Det gick inte att göra så"),
        _l("Den här sidan fungerar inte på det sättet. Ingenting har ändrats."),
    ),
    413: (_l("Det du skickade var för stort"), _l("Ingenting har ändrats. Försök med något mindre.")),
    429: (
        _l("Du har försökt för många gånger"),
        _l("Vänta en stund. Försök sedan igen. Du kan också ringa vårdcentralen."),
    ),
    500: (
        _l("Något gick fel hos oss"),
        _l("Det är inte ditt fel. Ingenting har ändrats. Försök igen om en stund."),
    ),
}
# Staff and admins are not sent to the vårdlots (who may be the one asking): their rights are set
# by the region's administrator.
STAFF_403_TEXT = _l("Du har inte rätt att se eller ändra det här. Fråga administratören om du behöver det.")
CSRF_MESSAGE = (
    _l("Formuläret hann bli för gammalt"),
    _l(
        "Vi kunde inte ta emot formuläret. Ingenting har ändrats. "
        "Gå tillbaka, ladda om sidan och försök igen."
    ),
)
# Seconds a browser or a program is asked to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def render_error(status: int, title=None, text=None):
    """An easy error page; after a refused post it gives back what was typed (a form sent to a
    page that is gone, or for something that is not there, or grown too old), so nothing is lost."""
    default_title, default_text = MESSAGES.get(status, MESSAGES[500])
    if status == 403 and _works_here():
        default_text = STAFF_403_TEXT
    g.error_page = True  # read aloud for whoever met it, whatever the address (templating.py)
    posted = request.method not in ("GET", "HEAD", "OPTIONS") and status != 413
    typed: list[TypedText] = []
    if posted and _from_this_site():
        with contextlib.suppress(Exception):  # a form too broken to read: the page still shows
            typed = typed_texts()
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or default_title,
            text=text or default_text,
            typed=typed,
        ),
        status,
    )


def _works_here() -> bool:
    """Whether the signed-in person (already loaded for this request: an error page must not
    reach the database again) is staff or an admin."""
    user = g.get("_login_user")
    return getattr(user, "role", None) in (Role.STAFF, Role.ADMIN)


def _from_this_site() -> bool:
    """Whether a post came from one of Lotsen's own pages (a browser says where from): a form on
    another site must not get its words shown under Lotsen's name (a forged form, say)."""
    origin = request.headers.get("Origin") or request.referrer
    if not origin:
        return True  # a browser that says nothing: a person's own form, as far as can be known
    return urlsplit(origin).netloc == request.host


# --- the database cannot be used: 503 ---------------------------------------------------------

_READING_PREFERENCES = ("easy_read", "read_aloud", "speech_rate", "text_size")


def _keep_preferences(user, *_args) -> None:
    """When a user is loaded, a copy of their language and reading preferences beside the mapped
    state: a failed flush or a rollback expires that state, and the 503 page must not load it
    again (the database may be gone), yet speak the person's language, in easy read if chosen."""
    loaded = sa_inspect(user).dict
    found = {key: loaded[key] for key in ("language", *_READING_PREFERENCES) if key in loaded}
    if "text_size" in found and hasattr(found["text_size"], "value"):
        found["text_size"] = found["text_size"].value
    user._kept_preferences = found


for _event in ("load", "refresh"):
    if not event.contains(User, _event, _keep_preferences):
        event.listen(User, _event, _keep_preferences)


def _preferences_of_signed_in_user() -> dict:
    """The reading preferences of the signed-in user, as loaded in this request (never loaded
    now: asking the user object could go to the database)."""
    user = g.get("_login_user")
    if user is None or isinstance(user, AnonymousUserMixin):
        return {}
    return dict(user.__dict__.get("_kept_preferences") or {})


def _back_url() -> str:
    """The page the person came from (the form), else this page."""
    referrer = request.referrer
    if referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.host and parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def _forget_flashes_of_this_request() -> None:
    """A view may have said "Klart" or "Tack" before its commit failed: back to the messages the
    request came with, which the page may still show."""
    incoming = current_app.session_interface.open_session(current_app, request)
    before = list(incoming.get("_flashes", [])) if incoming is not None else []
    if before:
        session["_flashes"] = before
    else:
        session.pop("_flashes", None)
    request_ctx.flashes = None


def render_unavailable(error: BaseException):
    """The 503 page: Lotsen does not work just now; what was typed; what to do."""
    preferences = _preferences_of_signed_in_user()  # before the rollback expires the user
    with contextlib.suppress(Exception):
        db.session.rollback()
    _forget_flashes_of_this_request()
    # Drawn as for a visitor: nothing on this page may need the database (the menu, the banner
    # of the person helped), and the person's own reading preferences still apply.
    g._login_user = current_app.login_manager.anonymous_user()
    for key in _READING_PREFERENCES:
        if key in preferences and session.get(key) != preferences[key]:
            session[key] = preferences[key]
    current_app.logger.warning(
        "Database unavailable: %s %s: %s", request.method, request.path, describe(error)
    )
    posted = request.method not in ("GET", "HEAD", "OPTIONS")
    language = preferences.get("language")
    g.error_page = True
    try:
        with force_locale(language) if language else contextlib.nullcontext():
            html = render_template(
                "errors/unavailable.html",
                posted=posted,
                typed=typed_texts() if posted else [],
                back_url=_back_url() if posted else request.full_path.rstrip("?"),
            )
        response = make_response(html, 503)
    except Exception:  # noqa: BLE001 - the page itself failed: a plain answer, never a 500
        current_app.logger.exception("The 503 page could not be drawn")
        response = make_response(
            "Lotsen fungerar inte just nu. Försök igen om en stund.\n",
            503,
            {"Content-Type": "text/plain; charset=utf-8"},
        )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_app(app: Flask) -> None:
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run in
    # reverse): a connection killed as the request ends (a failover, an administrator) fails the
    # closing rollback after the answer is made; that must not turn a whole page, or a write that
    # was committed, into the server's bare 500. Nothing is open to lose: the rollback was only
    # ending a transaction nobody needs any more.
    @app.teardown_appcontext
    def close_session_quietly(error: BaseException | None) -> None:
        try:
            db.session.remove()
        except Exception as problem:
            if not database_unavailable(problem):
                raise
            db.session.registry.clear()
            app.logger.warning("The database connection was lost as a request ended: %s", describe(problem))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # An error raised after the view (in an after_request hook) reaches here as a 500.
        if database_unavailable(getattr(error, "original_exception", None)):
            return render_unavailable(error.original_exception)
        db.session.rollback()
        status = error.code or 500
        if status not in MESSAGES:
            if 300 <= status < 400:
                return error
            status = 400 if status < 500 else 500
        response = render_error(status)
        if status == 405 and error.valid_methods:
            return response[0], status, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if database_unavailable(error):
            return render_unavailable(error)
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
