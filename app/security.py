"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Endpoints whose non-HTML responses set their own Cache-Control: read-aloud clips and their word
# timings (public ones hold no patient data; private ones say "private" and are served to their
# owner only), and the sheet of every picture (the same for everyone).
OWN_CACHING_ENDPOINTS = frozenset({"speech.clip", "speech.timings", "home.pictogram_sheet"})


def _sets_own_caching(response: Response) -> bool:
    return request.endpoint in OWN_CACHING_ENDPOINTS and response.mimetype != "text/html"


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if not request.path.startswith("/static/") and not _sets_own_caching(response):
            # Pages may hold patient data: never kept by the browser or a proxy.
            # (HTML first: asking the user after the page's commit would load it again.)
            if response.mimetype == "text/html" or current_user.is_authenticated:
                headers["Cache-Control"] = "no-store"
                headers["Pragma"] = "no-cache"
        return response
