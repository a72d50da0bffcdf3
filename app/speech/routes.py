"""GET /tal/<key>.mp3: a registered text, read aloud. There is no route that takes a text."""

from __future__ import annotations

from flask import Response, current_app, make_response, request, send_file
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from ..errors import render_error
from ..extensions import limiter
from . import bp, service
from .cache import KEY_PATTERN

PUBLIC_CACHE = "public, max-age=31536000, immutable"
BROKEN_TITLE = _l("Uppläsning fungerar inte just nu")
BROKEN_TEXT = _l("Gå tillbaka till sidan du var på. Du kan läsa den själv, eller be någon läsa för dig. "
                 "Försök att lyssna igen om en stund.")


def _clip_limit() -> str:
    return current_app.config["SPEECH_LIMIT"]


def _synthesis_limit() -> str:
    return current_app.config["SPEECH_SYNTHESIS_LIMIT"]


def _served_from_cache() -> bool:
    """Cached clips only count against the generous limit, not the synthesis one."""
    key = (request.view_args or {}).get("key", "")
    return service.cached_audio(key) is not None


@bp.get("/tal/<key>.mp3")
@limiter.limit(_clip_limit)
@limiter.limit(_synthesis_limit, scope="synthesis", exempt_when=_served_from_cache)
def clip(key: str) -> Response:
    if not KEY_PATTERN.fullmatch(key):
        raise NotFound()
    entry = service.registration(key)
    if entry is None:
        raise NotFound()
    if entry.private and entry.owner_id != service.current_owner(create=False):
        raise NotFound()  # not "forbidden": nobody learns that the clip exists
    try:
        path = service.synthesise(key)
    except service.SpeechError:
        html, status = render_error(503, BROKEN_TITLE, BROKEN_TEXT)
        response = make_response(html, status)
        response.headers["Retry-After"] = "60"
        return response
    response = send_file(path, mimetype="audio/mpeg", conditional=True, etag=True)
    if entry.private:
        # Words about one person: by default a shared tablet's browser keeps none of them.
        max_age = current_app.config["SPEECH_PRIVATE_MAX_AGE"]
        response.headers["Cache-Control"] = f"private, max-age={max_age}" if max_age else "no-store"
    else:
        response.headers["Cache-Control"] = PUBLIC_CACHE
    return response
