"""Error pages in easy words, each with a way home. Never a stack trace.

When the database cannot be used (unreachable, read-only, a connection killed mid-request) pages
answer 503 with Retry-After, saying what to do and showing back what the person had typed, so
nothing they wrote is lost: `typed_texts()` picks those texts out of posted form data, and the
`typed_texts` macro in templates/errors/typed.html shows them (other pages that refuse a post
use both too).
"""

from __future__ import annotations

import contextlib
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import Flask, current_app, g, make_response, render_template, request, session
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from wtforms import Field
from wtforms.fields import (
    DateField,
    DateTimeField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
)
from wtforms.fields.core import UnboundField
from wtforms.widgets import HiddenInput

from .extensions import db
from .health import database_unavailable, describe
from .models import User

MESSAGES = {
    400: (_l("Något gick fel med det du skickade"),
          _l("Vi kunde inte ta emot det. Ingenting har ändrats. Gå tillbaka och försök igen.")),
    403: (_l("Du får inte se den här sidan"),
          _l("Du har inte rätt att se eller ändra det här. Fråga vårdlotsen om du behöver det.")),
    404: (_l("Sidan finns inte"),
          _l("Vi hittar inte sidan. Den kanske är borttagen. Eller så är adressen fel.")),
    405: (_l("Det gick inte att göra så"),
          _l("Den här sidan fungerar inte på det sättet. Ingenting har ändrats.")),
    413: (_l("Det du skickade var för stort"),
          _l("Ingenting har ändrats. Försök med något mindre.")),
    429: (_l("Du har försökt för många gånger"),
          _l("Vänta en stund. Försök sedan igen. Du kan också ringa vårdcentralen.")),
    500: (_l("Något gick fel hos oss"),
          _l("Det är inte ditt fel. Ingenting har ändrats. Försök igen om en stund.")),
}
CSRF_MESSAGE = (
    _l("Formuläret hann bli för gammalt"),
    _l("Vi kunde inte ta emot formuläret. Ingenting har ändrats. "
       "Gå tillbaka, ladda om sidan och försök igen."),
)
# Seconds a browser or a program is asked to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def render_error(status: int, title=None, text=None):
    """An easy error page; after a refused post it gives back what was typed (a form sent to a
    page that is gone, or for something that is not there, or grown too old), so nothing is lost."""
    default_title, default_text = MESSAGES.get(status, MESSAGES[500])
    g.error_page = True  # read aloud for whoever met it, whatever the address (templating.py)
    posted = request.method not in ("GET", "HEAD", "OPTIONS") and status != 413
    typed: list[TypedText] = []
    if posted and _from_this_site():
        with contextlib.suppress(Exception):  # a form too broken to read: the page still shows
            typed = typed_texts()
    return (
        render_template(
            "errors/error.html", status=status, title=title or default_title,
            text=text or default_text, typed=typed),
        status,
    )


def _from_this_site() -> bool:
    """Whether a post came from one of Lotsen's own pages (a browser says where from): a form on
    another site must not get its words shown under Lotsen's name (a forged form, say)."""
    origin = request.headers.get("Origin") or request.referrer
    if not origin:
        return True  # a browser that says nothing: a person's own form, as far as can be known
    return urlsplit(origin).netloc == request.host


# --- what was typed ---------------------------------------------------------------------------

class TypedText(NamedTuple):
    """One text a person typed into a form: the field's label (None when it cannot be known)."""

    label: str | None
    text: str


# Never shown back: passwords, codes, tokens and secrets (the CSRF token is not "what was typed").
_SECRET_PARTS = re.compile(r"^(pass|pwd|token|secret|csrf|otp|pin$|code$|key$)", re.IGNORECASE)
# Kinds of fields a person types into (a PasswordField or HiddenField never counts).
_TYPED_FIELDS = (StringField, DateField, DateTimeField, IntegerField, DecimalField)
# Without a form to go by: a value that is a word like `quiet_room` or `y` is a choice, not text.
_CHOICE_VALUE = re.compile(r"[a-z0-9_.:-]{1,40}")
MAX_TEXTS, MAX_CHARS = 100, 20_000


def _secret_name(name: str) -> bool:
    return any(_SECRET_PARTS.match(part) for part in re.split(r"[_\-.\[\]]+", name) if part)


def _typed_kind(field_class: type, widget) -> bool:
    return (issubclass(field_class, _TYPED_FIELDS)
            and not issubclass(field_class, (PasswordField, HiddenField))
            and not isinstance(widget, HiddenInput))


def _fields_of_form(form) -> dict[str, str | None]:
    """{posted name: label} of the fields of a form (instance) a person types into."""
    fields = {}
    hook = getattr(form, "typed_label", None)
    for field in form:
        label = field.label.text if field.label else None
        if str(label) == field.short_name.replace("_", " ").title():
            label = None  # WTForms made it up from the name: a field the page fills in itself
        if _typed_kind(type(field), field.widget) and label is not None:
            fields[field.name] = (hook(field.name) if hook else None) or str(label)
        else:
            fields.setdefault(field.name, None)
    return fields


def _fields_of_class(form_class: type) -> dict[str, str | None]:
    """The same from a form class, for a request that failed before its form was built."""
    fields = {}
    hook = getattr(form_class, "typed_label", None)
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if name.startswith("_") or not isinstance(unbound, UnboundField):
            continue
        field_class = unbound.field_class
        label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else None)
        widget = unbound.kwargs.get("widget", getattr(field_class, "widget", None))
        typed = isinstance(field_class, type) and issubclass(field_class, Field) and _typed_kind(
            field_class, widget) and label is not None
        if typed:
            fields[name] = (hook(name) if callable(hook) else None) or str(label)
        else:
            fields[name] = None
    return fields


def _known_form_classes():
    from .forms import LotsenForm

    stack, seen = [LotsenForm], []
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen[1:]


def _best_fields(candidates, posted: set[str]) -> dict[str, str | None] | None:
    """The fields of the candidate that best fits the posted names; a label the equally good
    candidates disagree on is dropped rather than guessed."""
    scored = []
    for fields in candidates:
        hits = len(posted & fields.keys())
        if hits:
            scored.append((hits, -len(fields.keys() - posted), fields))
    if not scored:
        return None
    best = max(score[:2] for score in scored)
    tied = [fields for *score, fields in scored if tuple(score) == best]
    merged = dict(tied[0])
    for other in tied[1:]:
        for name in list(merged):
            if name not in other:
                merged.pop(name)
            elif other[name] != merged[name]:
                merged[name] = None if (other[name] is None or merged[name] is None) else ""
    return merged


def remember_form(form) -> None:
    """Called by every LotsenForm as it is built: `typed_texts` takes labels from it."""
    with contextlib.suppress(RuntimeError):  # outside a request: nothing to remember
        g.setdefault("lotsen_forms", []).append(form)


def typed_texts(formdata: MultiDict | None = None, form=None) -> list[TypedText]:
    """The texts a person typed into a posted form, in the order of the form, each with its
    field's label in the page's language where it can be known.

    `formdata` is the posted data (default: `request.form`); `form` the form it was posted to
    (default: the form of this request that fits the data best, else the Lotsen form class that
    does). Never passwords, sign-in codes, tokens or the CSRF token, nor hidden fields, ticked
    boxes and chosen cards (those come back with the form, not as text). Empty texts are left
    out. Without any form that fits, texts are shown without labels.
    """
    if formdata is None:
        formdata = request.form
    posted = {name for name in formdata if not _secret_name(name)}
    if form is not None:
        fields = _fields_of_form(form)
    else:
        built = [_fields_of_form(f) for f in g.get("lotsen_forms", [])]
        fields = _best_fields(built, posted) or _best_fields(
            (_fields_of_class(cls) for cls in _known_form_classes()), posted)
    texts: list[TypedText] = []
    for name in formdata:
        if name not in posted:
            continue
        for value in formdata.getlist(name):
            value = value.strip() if isinstance(value, str) else ""
            if not value:
                continue
            if fields is not None and name in fields:
                if fields[name] is None:
                    continue  # a hidden field, a choice, a box, a button
                label = fields[name] or None
            else:
                # No form that knows this field: a value like a choice is left out, any other
                # is shown without a label (better than lost).
                if _CHOICE_VALUE.fullmatch(value):
                    continue
                label = None
            texts.append(TypedText(label, value[:MAX_CHARS]))
            if len(texts) >= MAX_TEXTS:
                return texts
    return texts


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
    current_app.logger.warning("Database unavailable: %s %s: %s", request.method, request.path,
                               describe(error))
    posted = request.method not in ("GET", "HEAD", "OPTIONS")
    language = preferences.get("language")
    g.error_page = True
    try:
        with force_locale(language) if language else contextlib.nullcontext():
            html = render_template("errors/unavailable.html", posted=posted,
                                   typed=typed_texts() if posted else [],
                                   back_url=_back_url() if posted else request.full_path.rstrip("?"))
        response = make_response(html, 503)
    except Exception:  # noqa: BLE001 - the page itself failed: a plain answer, never a 500
        current_app.logger.exception("The 503 page could not be drawn")
        response = make_response("Lotsen fungerar inte just nu. Försök igen om en stund.\n", 503,
                                 {"Content-Type": "text/plain; charset=utf-8"})
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
            app.logger.warning("The database connection was lost as a request ended: %s",
                               describe(problem))

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
