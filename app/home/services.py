"""Preferences: language, easy read, read-aloud and its speed, text size.

A signed-in user's choices are saved on their account; a visitor's live in the session.
"""

from __future__ import annotations

from flask import session
from flask_babel import get_locale
from flask_login import current_user

from .. import i18n
from ..extensions import db
from ..models import TextSize

TOGGLES = ("easy_read", "read_aloud")


def set_language(code: str) -> bool:
    if code not in i18n.languages():
        return False
    if current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    session["language"] = code
    return True


def toggle(name: str) -> bool:
    """Flip a switch for the signed-in user (saved) or for this browser session."""
    if name not in TOGGLES:
        return False
    if current_user.is_authenticated:
        setattr(current_user, name, not getattr(current_user, name))
        db.session.commit()
    else:
        current = i18n.easy_read_enabled() if name == "easy_read" else i18n.read_aloud_enabled()
        session[name] = not current
    return True


def current_settings() -> dict[str, str]:
    """The preferences in effect now, as the settings form shows them."""
    return {
        "language": str(get_locale() or "sv"),
        "easy_read": "on" if i18n.easy_read_enabled() else "off",
        "read_aloud": "on" if i18n.read_aloud_enabled() else "off",
        "speech_rate": i18n.speech_rate(),
        "text_size": i18n.text_size(),
    }


def save_settings(*, language: str, easy_read: bool, read_aloud: bool, speech_rate: str,
                  text_size: str) -> None:
    """Save every preference at once; the next page is shown with them."""
    if (language not in i18n.languages() or speech_rate not in i18n.SPEECH_RATES
            or text_size not in i18n.TEXT_SIZES):
        raise ValueError("not a choice the settings form offers")
    if current_user.is_authenticated:
        current_user.language = language
        current_user.easy_read = easy_read
        current_user.read_aloud = read_aloud
        current_user.speech_rate = speech_rate
        current_user.text_size = TextSize(text_size)
        db.session.commit()
    session.update(language=language, easy_read=easy_read, read_aloud=read_aloud,
                   speech_rate=speech_rate, text_size=text_size)
