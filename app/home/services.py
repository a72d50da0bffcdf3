"""Preferences that the page shell switches: language, easy read, read-aloud."""

from __future__ import annotations

from flask import session
from flask_login import current_user

from .. import i18n
from ..extensions import db

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
