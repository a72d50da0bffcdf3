"""GET /tal/<key>.mp3: a registered text, read aloud. There is no route that takes a text.
GET /tal/<key>.json: when each of its words starts in that MP3, so the page can follow them.

A private clip (words for one signed-in user) is served to that user only; one made on a page
about a patient, only while the user may still see that patient (asked again on every request:
a revoked or expired mandate gives 404, like an unknown clip), and each play is in the access log.
Its timings name its words, so they are the clip too: the same rights, the same limits, and in
the log the same play (the MP3 and its timings, asked for together, are one read).
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, make_response, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from .. import usage
from ..core.access import PUBLIC_ID, AccessDenied, decide
from ..core.grants import Capability, Grant
from ..errors import render_error
from ..extensions import db, limiter
from ..models import Patient, UsageKind
from . import bp, plays, service
from .cache import KEY_PATTERN, Registration

PUBLIC_CACHE = "public, max-age=31536000, immutable"
BROKEN_TITLE = _l("Uppläsning fungerar inte just nu")
BROKEN_TEXT = _l(
    "Gå tillbaka till sidan du var på. Du kan läsa den själv, eller be någon läsa för dig. "
    "Försök att lyssna igen om en stund."
)


def _clip_limit() -> str:
    return current_app.config["SPEECH_LIMIT"]


def _synthesis_limit() -> str:
    return current_app.config["SPEECH_SYNTHESIS_LIMIT"]


def _served_from_cache() -> bool:
    """Cached clips only count against the generous limit, not the synthesis one."""
    key = (request.view_args or {}).get("key", "")
    if service.cached_audio(key) is None:
        return False
    return request.endpoint != "speech.timings" or service.state().cache.words_path(key).is_file()


def _grant_for(entry: Registration) -> Grant | None:
    """May the person asking hear this clip now? None for a public clip; a grant for a clip
    about a patient; NotFound (never "forbidden": nobody learns that the clip exists) otherwise."""
    if not entry.private:
        return None
    if entry.owner_id != service.current_owner():
        raise NotFound()
    if entry.patient_id is None:
        return None  # the user's own words on a page about nobody in particular
    patient = (
        db.session.scalar(select(Patient).where(Patient.public_id == entry.patient_id))
        if PUBLIC_ID.fullmatch(entry.patient_id)
        else None
    )
    if patient is None:
        raise NotFound()
    try:
        return decide(current_user, patient, Capability.SEE)
    except AccessDenied:
        raise NotFound() from None


def _heard(response: Response) -> bool:
    """Whether this answer hands over any of the clip's sound. A player asks in pieces (Safari
    first for two bytes, Chrome for "bytes=0-" and then for the parts it skips to), and pieces
    can be put together again, so every piece counts; `plays.log_play` makes them one play."""
    return request.method == "GET" and response.status_code in (200, 206)


@bp.get("/tal/<key>.mp3")
@limiter.limit(_clip_limit)
@limiter.shared_limit(_synthesis_limit, scope="synthesis", exempt_when=_served_from_cache)
def clip(key: str) -> Response:
    if not KEY_PATTERN.fullmatch(key):
        raise NotFound()
    entry = service.registration(key)
    if entry is None:
        raise NotFound()
    grant = _grant_for(entry)  # before any synthesis: a refused clip costs nothing
    try:
        path = service.synthesise(key)
    except service.SpeechError:
        html, status = render_error(503, BROKEN_TITLE, BROKEN_TEXT)
        response = make_response(html, status)
        response.headers["Retry-After"] = "60"
        return response
    except service.UnknownClip:
        raise NotFound() from None  # removed from the cache (its cap, or prune) meanwhile
    try:
        response = send_file(path, mimetype="audio/mpeg", conditional=True, etag=True)
    except FileNotFoundError:
        raise NotFound() from None
    _cache_for(entry, response)
    if grant is not None and _heard(response):
        plays.log_play(grant, key)
    if _heard(response) and usage.first_piece():
        usage.count(UsageKind.SPEECH_PLAY, grant.patient.clinic_id if grant is not None else None)
    return response


def _cache_for(entry: Registration, response: Response) -> None:
    if entry.private:
        # Words about one person: by default a shared tablet's browser keeps none of them.
        max_age = current_app.config["SPEECH_PRIVATE_MAX_AGE"]
        response.headers["Cache-Control"] = f"private, max-age={max_age}" if max_age else "no-store"
    else:
        response.headers["Cache-Control"] = PUBLIC_CACHE


@bp.get("/tal/<key>.json")
@limiter.limit(_clip_limit)
@limiter.shared_limit(_synthesis_limit, scope="synthesis", exempt_when=_served_from_cache)
def timings(key: str) -> Response:
    """The clip's word timings (service.word_timings), asked for and logged like the clip."""
    if not KEY_PATTERN.fullmatch(key):
        raise NotFound()
    entry = service.registration(key)
    if entry is None:
        raise NotFound()
    grant = _grant_for(entry)  # before any synthesis, as for the clip
    try:
        found = service.word_timings(key)
    except service.SpeechError:
        response = jsonify(error="speech")
        response.status_code = 503
        response.headers["Retry-After"] = "60"
        return response
    except (service.UnknownClip, service.NoTimings):
        raise NotFound() from None
    response = jsonify(found)
    _cache_for(entry, response)
    if grant is not None and _heard(response):
        plays.log_play(grant, key)
    return response
