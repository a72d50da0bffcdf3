"""The test password, its hash (made once), and what the outbox says: the newest e-mail to
someone and the sign-in code in it."""

from __future__ import annotations

import email
import sys
from pathlib import Path

from argon2 import PasswordHasher

from app.config import TestConfig

# scripts/live.py: the live server and the outbox reading, shared with the load and benchmark scripts.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import live  # noqa: E402

PASSWORD = "rätt häst batteri häftklammer"  # noqa: S105

_hash_cache: dict[str, str] = {}


def cheap_hash(secret: str) -> str:
    """A password's or PIN's hash as the test app makes it (TestConfig.PASSWORD_HASHING, cheap):
    the factories make users outside the app, where hash_password would use the real parameters,
    and every sign-in would then check those."""
    if secret not in _hash_cache:
        _hash_cache[secret] = PasswordHasher(**TestConfig.PASSWORD_HASHING).hash(secret)
    return _hash_cache[secret]


def password_hash() -> str:
    return cheap_hash(PASSWORD)


def latest_mail(app, to: str) -> email.message.EmailMessage:
    """The newest e-mail in the outbox for this address."""
    message = live.latest_mail(Path(app.config["MAIL_OUTBOX"]), to)
    assert message is not None, f"no e-mail to {to}"
    return message


def login_code(app, to: str) -> str:
    return live.latest_code(Path(app.config["MAIL_OUTBOX"]), to)
