"""Nothing typed is lost: what a person posted after their session ran out, kept by the page's
address until they sign in again and the page's form (`app.core.forms.LotsenForm`) takes it back."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models import ResumeDraft, User, utcnow

# Drafts are what a person typed into one page: far less than this, even with every field full.
# Each page keeps its newest draft only, a person at most DRAFTS_PER_USER, and none is kept
# beyond DRAFT_KEEP, so late posts after a timeout cannot fill the database.
DRAFT_MAX_CHARS = 200_000
DRAFTS_PER_USER = 20
DRAFT_KEEP = timedelta(days=7)


def keep_draft(user_id: int, path: str, form) -> bool:
    """Keep what was posted to `path` after the session ran out, to give back after signing in
    again; False (nothing kept) when it is larger than any form of Lotsen can be."""
    data = json.dumps({key: form.getlist(key) for key in form if key != "csrf_token"}, ensure_ascii=False)
    if len(data) > DRAFT_MAX_CHARS:
        current_app.logger.warning("a late post of %d characters was not kept as a draft", len(data))
        return False
    path = path[:2000]
    older = (
        select(ResumeDraft.id)
        .where(ResumeDraft.user_id == user_id)
        .order_by(ResumeDraft.id.desc())
        .offset(DRAFTS_PER_USER - 1)
    )
    db.session.execute(
        delete(ResumeDraft).where(
            (ResumeDraft.user_id == user_id) & (ResumeDraft.path == path)
            | ResumeDraft.id.in_(older)
            | (ResumeDraft.created_at < utcnow() - DRAFT_KEEP)
        )
    )
    db.session.add(ResumeDraft(user_id=user_id, path=path, form_json=data))
    db.session.commit()
    return True


def take_draft(user: User, path: str) -> dict[str, list[str]] | None:
    """The newest kept form for this page, removed once it is handed back."""
    draft = db.session.scalar(
        select(ResumeDraft)
        .where(ResumeDraft.user_id == user.id, ResumeDraft.path == path)
        .order_by(ResumeDraft.id.desc())
    )
    if draft is None:
        return None
    data = json.loads(draft.form_json)
    db.session.delete(draft)
    db.session.commit()
    return data


# After a sign-in, the first page shown tells of what is kept (app/templating.py, base.html).
ANNOUNCE_KEY = "drafts_to_announce"
ANNOUNCED_AT_MOST = 3


def kept_drafts(user_id: int, but_not: str = "") -> list[ResumeDraft]:
    """The person's kept drafts, newest first (at most ANNOUNCED_AT_MOST), but the one for the
    page `but_not` (that page gives it back itself)."""
    return list(
        db.session.scalars(
            select(ResumeDraft)
            .where(
                ResumeDraft.user_id == user_id,
                ResumeDraft.path != but_not,
                ResumeDraft.created_at >= utcnow() - DRAFT_KEEP,
            )
            .order_by(ResumeDraft.id.desc())
            .limit(ANNOUNCED_AT_MOST)
        )
    )
