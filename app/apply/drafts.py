"""The answers of an application not sent yet: on the server, outside the database, one file per
browser session, named by a random key that only that session's cookie holds. Nothing is in the
database before Skicka; after it the same file is the applicant's receipt (`SENT`). A draft
nobody has touched for `DRAFT_HOURS` is deleted (`flask apply purge`, and whenever a new draft
is begun)."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "application_draft"
# In a draft after Skicka: when it was sent and where. The draft is then the receipt: every
# page of the form leads to it (Back after sending shows "sent", never an empty Kontrollera
# with a live Skicka), until "Börja om" or `DRAFT_HOURS` later.
SENT = "_sent"
DRAFT_HOURS = 24
_KEY = "0123456789abcdef"


def _folder() -> Path:
    configured = current_app.config.get("APPLICATION_DRAFT_DIR")
    folder = (
        Path(configured) if configured else Path(current_app.config["INSTANCE_DIR"]) / "application-drafts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(key: str) -> Path | None:
    if len(key) != 32 or any(ch not in _KEY for ch in key):
        return None
    return _folder() / f"{key}.json"


def load() -> dict:
    """This session's answers so far ({} when none)."""
    path = _path(str(session.get(SESSION_KEY, "")))
    if path is None:
        return {}
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def save(answers: dict) -> None:
    """Keep `answers` for this session (written whole, so a reader never sees half a file)."""
    path = _path(str(session.get(SESSION_KEY, "")))
    if path is None:
        forget_stale()
        session[SESSION_KEY] = secrets.token_hex(16)
        path = _path(session[SESSION_KEY])
    assert path is not None  # noqa: S101  # nosec B101 (a key just made)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def forget() -> None:
    """Delete this session's draft (after Skicka, or "Börja om")."""
    path = _path(str(session.pop(SESSION_KEY, "")))
    if path is not None:
        path.unlink(missing_ok=True)


def forget_stale(hours: int = DRAFT_HOURS) -> int:
    """Delete drafts untouched for `hours`; returns how many."""
    limit = time.time() - hours * 3600
    gone = 0
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                gone += 1
        except OSError:
            continue
    return gone
