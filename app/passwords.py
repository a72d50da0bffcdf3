"""Password hashing (argon2id) and the password rules people are shown."""

from __future__ import annotations

import functools
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 256  # long passphrases are welcome; this only stops abuse of the hasher


@functools.cache
def _hasher_with(parameters: tuple[tuple[str, int], ...]) -> PasswordHasher:
    return PasswordHasher(**dict(parameters))


def _hasher() -> PasswordHasher:
    """argon2id with the library's current recommended parameters, unless the app's config says
    otherwise (PASSWORD_HASHING: the test suite's cheap ones; see app/config.py)."""
    parameters = current_app.config.get("PASSWORD_HASHING") if has_app_context() else None
    return _hasher_with(tuple(sorted((parameters or {}).items())))


# Common Swedish choices that the English-language list does not hold.
_SWEDISH_COMMON = {
    "lösenord",
    "losenord",
    "lösenord1",
    "losenord1",
    "sommar",
    "sommar123",
    "sommaren",
    "sverige",
    "sverige1",
    "hejhej",
    "hejhej123",
    "hemligt",
    "hemlig123",
    "qwertyuiop",
    "vinter123",
    "varen2024",
    "sommar2024",
    "sommar2025",
    "sommar2026",
    "kalle123",
    "anka123",
    "abc12345",
    "lotsen",
    "lotsen123",
    "vardcentral",
    "vårdcentral",
    "1177",
    "stockholm",
}


@functools.cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:20000]) | _SWEDISH_COMMON


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check, so timing does not reveal which accounts exist.
        _dummy_verify()
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password cannot be used, in easy words; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return str(_l("Lösenordet är för kort. Skriv minst 8 tecken."))
    if len(password) > MAX_LENGTH:
        return str(_l("Lösenordet är för långt. Skriv högst 256 tecken."))
    lowered = password.casefold()
    if lowered in _common_passwords() or re.fullmatch(r"(.)\1*", lowered):
        return str(_l("Det lösenordet är för vanligt. Välj ett annat. Tips: skriv några ord efter varandra."))
    local = email.split("@", 1)[0].casefold()
    if (local and len(local) >= 4 and local in lowered) or (name and name.casefold() in lowered):
        return str(_l("Lösenordet får inte innehålla ditt namn eller din e-post. Välj ett annat."))
    return None


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("lotsen-dummy")


def _dummy_verify() -> None:
    hasher = _hasher()
    try:
        hasher.verify(_dummy_hash(hasher), "not the password")
    except VerificationError:
        pass
