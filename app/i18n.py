"""Locale, text direction, the easy-read catalogues and the user's reading preferences.

Locale: the user's saved choice, then the session, then the browser's Accept-Language, then Swedish.

Easy read is not a locale of its own: it is a second gettext domain ("easy") beside "messages".
With easy read on, a text comes from translations/<lang>/LC_MESSAGES/easy.mo when that catalogue
has it, otherwise from messages.mo, otherwise the Swedish msgid. Translators edit easy.po with the
same tools as messages.po.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from babel import support
from babel.messages.pofile import read_po
from flask import current_app, g, has_request_context, request, session
from flask_babel import Domain, force_locale, get_locale
from flask_login import current_user
from sqlalchemy import select

from .core import access
from .extensions import db
from .models import Patient, PatientPreferences, Role

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
EASY_DOMAIN = "easy"
TEXT_SIZES = ("normal", "large", "larger")
SPEECH_RATES = ("normal", "slow")
T = TypeVar("T")


def languages() -> dict[str, str]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if _signed_in() and _user_language() in languages():
        return _user_language()
    chosen = session.get("language", device_preferences().get("language"))
    if chosen in languages():
        return chosen
    return request.accept_languages.best_match(list(languages())) or "sv"


# --- The device's last reading preferences ------------------------------------------------------
# A signed-out page starts from the reading preferences last used on this device (a tablet that
# timed out shows the sign-in page in easy read, at the same text size, in the same language, if
# that is how it was used). A cookie of its own, since signing out or timing out ends the session.
# It holds these five settings only: nothing about who used them.
DEVICE_COOKIE = "lotsen_reading"
DEVICE_COOKIE_DAYS = 365
_DEVICE_CODES = {"l": "language", "e": "easy_read", "a": "read_aloud", "r": "speech_rate", "t": "text_size"}


def device_preferences() -> dict:
    """The preferences the device cookie holds, each checked (a cookie is the browser's word)."""
    if not has_request_context():
        return {}
    found: dict = {}
    for part in request.cookies.get(DEVICE_COOKIE, "")[:100].split(".")[: len(_DEVICE_CODES)]:
        code, _sep, value = part.partition("-")
        key = _DEVICE_CODES.get(code)
        if key == "language" and value in languages():
            found[key] = value
        elif key in ("easy_read", "read_aloud") and value in ("0", "1"):
            found[key] = value == "1"
        elif (key == "speech_rate" and value in SPEECH_RATES) or (key == "text_size" and value in TEXT_SIZES):
            found[key] = value
    return found


def _device_value() -> str:
    # The language only when someone chose it: one taken from the browser's Accept-Language
    # stays the browser's (it may change), rather than being fixed on the device.
    if _signed_in():
        language = _user_language()
    else:
        language = session.get("language", device_preferences().get("language"))
    parts = [f"l-{language}"] if language in languages() else []
    parts += [
        f"e-{int(easy_read_enabled())}",
        f"a-{int(read_aloud_enabled())}",
        f"r-{speech_rate()}",
        f"t-{text_size()}",
    ]
    return ".".join(parts)


def remember_on_device(response):
    """After a page: the device cookie says the preferences this page was shown with."""
    from sqlalchemy.exc import SQLAlchemyError

    if response.mimetype != "text/html" or request.endpoint in (None, "static"):
        return response
    try:
        value = _device_value()
    except SQLAlchemyError:  # the user could not be loaded (the database is down): keep the old
        return response
    if request.cookies.get(DEVICE_COOKIE) != value:
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            path="/",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RTL_LANGUAGES else "ltr"


def _signed_in() -> bool:
    # Worked out once per request: the after-request cookie would otherwise load the user again
    # after the request's commit expired it (one more query, and on SQLite one more lock).
    return has_request_context() and per_request("signed_in", _is_authenticated)


def _is_authenticated() -> bool:
    return bool(current_user) and current_user.is_authenticated


def _user_language() -> str:
    return per_request("user_language", lambda: current_user.language)


def _visitor(key: str, default):
    """A signed-out person's choice: made in this session, else the device's last, else default."""
    if not has_request_context():
        return default
    return session.get(key, device_preferences().get(key, default))


def per_request(name: str, compute: Callable[[], T], *session_keys: str) -> T:
    """A reading preference worked out once per request (every translated text and every block
    read aloud asks for them): again only when someone signs in or out during the request, when
    one of `session_keys` (a visitor's choices) changes, or after `forget_preferences` (saving a
    signed-in user's preferences calls it)."""
    if not has_request_context():
        return compute()
    here = g._get_current_object()  # (asked for often: the proxies once)
    known = here.setdefault("_reading_preferences", {})
    choices = session._get_current_object() if session_keys else {}  # type: ignore[attr-defined]

    def stamp() -> tuple:  # Flask-Login's user of this request, once loaded, and the choices
        return (here.get("_login_user"), *(choices.get(key) for key in session_keys))

    found = known.get(name)
    if found is None or found[0] != stamp():
        value = compute()
        found = known[name] = (stamp(), value)
    return found[1]


def forget_preferences() -> None:
    """The preferences have just changed: the rest of the request works them out anew."""
    g.pop("_reading_preferences", None)


def easy_read_enabled() -> bool:
    if not has_request_context():
        return False
    shown_as = g.get("_reading_as")
    if shown_as is not None:
        return shown_as
    return per_request("easy_read", _easy_read, "easy_read")


@contextlib.contextmanager
def reading_as(locale: str, easy: bool):
    """Render for another reader for a while: their language and easy-read setting (a staff
    member's preview of what the patient's side will read)."""
    before = g.get("_reading_as")
    g._reading_as = easy
    try:
        with force_locale(locale):
            yield
    finally:
        g._reading_as = before


def _easy_read() -> bool:
    if _signed_in():
        return bool(current_user.easy_read)
    return bool(_visitor("easy_read", False))


def read_aloud_enabled() -> bool:
    return per_request("read_aloud", _read_aloud, "read_aloud")


def _read_aloud() -> bool:
    if _signed_in():
        return bool(current_user.read_aloud)
    return bool(_visitor("read_aloud", True))


def _together(name: str) -> str | None:
    """A helper using Lotsen together with the patient: the patient's own preference."""
    if not _signed_in() or not session.get(TOGETHER_KEY):
        return None
    patient = together_patient()
    return patient_preferences(patient)[name] if patient is not None else None


# A patient with an account keeps their text size and read-aloud speed on that account (what they
# see when they sign in alone is what they see together); a patient without one has a small
# PatientPreferences row. A helper turns "together" on for one patient at a time: while it is on,
# the helper's pages use the patient's text size and read-aloud speed (TOGETHER_KEY in the
# session names the patient).

TOGETHER_KEY = "together_with"


def patient_preferences(patient) -> dict[str, str]:
    if patient.user is not None:
        return {"text_size": patient.user.text_size.value, "speech_rate": patient.user.speech_rate}
    row = db.session.get(PatientPreferences, patient.id)
    return {
        "text_size": row.text_size if row else "normal",
        "speech_rate": row.speech_rate if row else "normal",
    }


def together_patient():
    """The patient whose preferences this helper's pages use now, if "together" is on for them
    (and the helper may still see them)."""
    if "together_patient" in g:
        return g.together_patient
    patient = None
    public_id = session.get(TOGETHER_KEY) if has_request_context() else None
    if public_id and current_user.is_authenticated and current_user.role is Role.REPRESENTATIVE:
        found = db.session.scalar(select(Patient).where(Patient.public_id == public_id))
        if found is not None and access.can(current_user, found, access.Capability.SEE):
            patient = found
        else:
            session.pop(TOGETHER_KEY, None)
    g.together_patient = patient
    return patient


def speech_rate() -> str:
    return per_request("speech_rate", _speech_rate, "speech_rate", TOGETHER_KEY)


def _speech_rate() -> str:
    rate = _together("speech_rate") or (
        current_user.speech_rate if _signed_in() else _visitor("speech_rate", "normal")
    )
    return rate if rate in SPEECH_RATES else "normal"


def text_size() -> str:
    return per_request("text_size", _text_size, "text_size", TOGETHER_KEY)


def _text_size() -> str:
    if _signed_in():
        return _together("text_size") or current_user.text_size.value
    size = _visitor("text_size", "normal")
    return size if size in TEXT_SIZES else "normal"


# --- Catalogues ---------------------------------------------------------------------------------


@functools.cache
def catalogue(language: str, easy: bool) -> support.NullTranslations:
    """The compiled translations of a language, with its easy wording laid over when `easy`."""
    merged = support.Translations()
    standard = support.Translations.load(str(TRANSLATIONS), [language], "messages")
    if isinstance(standard, support.Translations):  # (a language without a catalogue: none)
        merged.merge(standard)
    if hasattr(standard, "plural"):
        merged.plural = standard.plural
    if easy:
        easy_words = support.Translations.load(str(TRANSLATIONS), [language], EASY_DOMAIN)
        # Babel compiles a plural text that has no easy form with the Swedish source in place
        # of each empty form; those must not hide the standard wording of the language.
        catalog = getattr(easy_words, "_catalog", None)
        if catalog is not None:
            sources = _plural_sources()
            easy_words._catalog = {
                key: text
                for key, text in catalog.items()
                if text and not (isinstance(key, tuple) and text in sources.get(key[0], ()))
            }
        if isinstance(easy_words, support.Translations):
            merged.merge(easy_words)
    return merged


@functools.cache
def easy_languages() -> list[str]:
    """Languages that have an easy-read catalogue."""
    return sorted(p.parent.parent.name for p in TRANSLATIONS.glob(f"*/LC_MESSAGES/{EASY_DOMAIN}.po"))


def current_locale():
    """Flask-Babel's `get_locale()`, found with one context lookup instead of four (a page asks
    hundreds of times): the locale Flask-Babel keeps for the request, which `force_locale` sets
    for a while; Flask-Babel works it out the first time."""
    if not has_request_context():
        return get_locale()
    babel_context = g._get_current_object().__dict__.get("_flask_babel")
    found = getattr(babel_context, "babel_locale", None)
    return found if found is not None else get_locale()


def current_translations() -> support.NullTranslations:
    """The catalogue for this request's locale and reading mode.

    A page asks for it once per translated text (a hundred times and more), so it is kept on
    the request with what it depends on: the locale (which `force_locale` may change for a
    while), the signed-in user (signing in or out), a visitor's easy-read choice, and
    `forget_preferences` (which drops it with the other preferences)."""
    if not has_request_context():
        return support.NullTranslations()
    here = g._get_current_object()
    locale = current_locale()
    stamp = (locale, here.get("_login_user"), session.get("easy_read"), here.get("_reading_as"))
    known = here.setdefault("_reading_preferences", {})
    found = known.get("translations")
    if found is None or found[0] != stamp:
        found = known["translations"] = (
            stamp,
            catalogue(str(locale or "sv").split("_")[0], easy_read_enabled()),
        )
    return found[1]


class EasyReadDomain(Domain):
    """Flask-Babel's default domain, with the easy-read catalogue laid over when easy read is on."""

    def get_translations(self):
        return current_translations()


def init_app(app, babel) -> None:
    # Flask-Babel looks its default domain up on this cached property; ours replaces it.
    babel.domain_instance = EasyReadDomain()
    # The templates' _() and ngettext() go to the request's catalogue directly (Flask-Babel's
    # own callables look the domain up again for every text).
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: current_translations().ugettext(text),
        ngettext=lambda text, plural, n: current_translations().ungettext(text, plural, n),
        pgettext=lambda context, text: current_translations().upgettext(context, text),
        npgettext=lambda context, text, plural, n: current_translations().unpgettext(
            context, text, plural, n
        ),
        newstyle=True,
    )
    app.after_request(remember_on_device)


@functools.cache
def _plural_sources() -> dict[str, tuple[str, ...]]:
    """Each plural text's Swedish singular and plural, by its singular."""
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        template = read_po(f)
    return {message.id[0]: tuple(message.id) for message in template if isinstance(message.id, tuple)}
