"""Who opened what, and when, as the access log says: opening a conversation or a callback is a
read there, and "read" on either side is what the log says."""

from __future__ import annotations

from datetime import datetime

from flask import g
from sqlalchemy import func, select

from ..core import audit
from ..core.grants import ActingAs, Grant
from ..extensions import db
from ..models import AccessAction, AccessEvent, CallbackRequest, Conversation


def record_read(grant: Grant, object_type: str, item: Conversation | CallbackRequest) -> None:
    """Opening a conversation or a callback is a read in the access log, with what was read;
    "read" on either side is what the log says, so reading changes nothing else."""
    audit.record(grant, AccessAction.READ, object_type, item.public_id)
    g.audit_wrote = True  # this read is the page's log entry


def reads_query(object_type: str, ids, by_staff: bool):
    """When each item of `ids` (a list, or a select of ids) was last opened by the clinic's
    staff (or by the patient's side): rows of (object_id, at)."""
    side = (
        AccessEvent.acting_as == ActingAs.STAFF.value
        if by_staff
        else AccessEvent.acting_as != ActingAs.STAFF.value
    )
    return (
        select(AccessEvent.object_id.label("object_id"), func.max(AccessEvent.at).label("at"))
        .where(
            AccessEvent.object_type == object_type,
            AccessEvent.object_id.in_(ids),
            AccessEvent.action == AccessAction.READ,
            side,
        )
        .group_by(AccessEvent.object_id)
    )


def last_reads(object_type: str, public_ids: list[str], by_staff: bool) -> dict[str, datetime]:
    """When each item was last opened by the clinic's staff (or by the patient's side)."""
    if not public_ids:
        return {}
    return dict(db.session.execute(reads_query(object_type, public_ids, by_staff)).all())
