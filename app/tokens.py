"""Secrets handed out in links and codes: only their hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 is enough for long random tokens; they cannot be guessed from the hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def hash_code(code: str) -> str:
    """Six digits are few, so codes are keyed with the app secret before hashing."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
