"""Locale, text direction and the easy-read switch.

Locale: the user's saved choice, then the session, then the browser's Accept-Language, then Swedish.
"""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def languages() -> dict[str, str]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if current_user and current_user.is_authenticated and current_user.language in languages():
        return current_user.language
    chosen = session.get("language")
    if chosen in languages():
        return chosen
    return request.accept_languages.best_match(list(languages())) or "sv"


def direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RTL_LANGUAGES else "ltr"


def easy_read_enabled() -> bool:
    if current_user and current_user.is_authenticated:
        return bool(current_user.easy_read)
    return bool(session.get("easy_read", False))


def read_aloud_enabled() -> bool:
    if current_user and current_user.is_authenticated:
        return bool(current_user.read_aloud)
    return bool(session.get("read_aloud", True))


def text_size() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.text_size.value
    return session.get("text_size", "normal")
