"""Addresses outside a request's own host: links in e-mails, on paper (QR codes) and in exports."""

from __future__ import annotations

from flask import current_app, url_for


def public_base() -> str:
    """The clinic's public address (LOTSEN_PUBLIC_URL), without a trailing slash."""
    return current_app.config["PUBLIC_URL"].rstrip("/")


def public_host() -> str:
    """The host name of the public address ("lotsen" when it has none)."""
    return public_base().split("//")[-1].split("/")[0] or "lotsen"


def external_url(endpoint: str, **values) -> str:
    """The public address of a page, for a link read outside the browser that asked for it."""
    return public_base() + url_for(endpoint, **values)
