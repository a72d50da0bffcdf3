"""A play of a private clip (words about a patient) is a read of that patient's data: it goes in
the access log, once per play."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..core import audit
from ..core.grants import Grant
from ..extensions import db
from ..models import AccessEvent, utcnow

# What the access log calls a play of a private clip (its object id is the clip's key).
LOG_OBJECT = "speech.clip"
# Pieces of one clip asked for within this time by one person are one play in the log.
PLAY_SECONDS = 60


def log_play(grant: Grant, key: str) -> None:
    """Log a play of the clip `key` under `grant`, unless this person asked for a piece of it
    within PLAY_SECONDS (a player asks in pieces); committed here."""
    recent = db.session.scalar(
        select(AccessEvent.id)
        .where(
            AccessEvent.user_id == grant.user.id,
            AccessEvent.object_type == LOG_OBJECT,
            AccessEvent.object_id == key,
            AccessEvent.at > utcnow() - timedelta(seconds=PLAY_SECONDS),
        )
        .limit(1)
    )
    if recent is None:
        audit.record(grant, audit.AccessAction.READ, LOG_OBJECT, key)
        db.session.commit()
