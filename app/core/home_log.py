"""The group home's own log: what happened at a home that touches no one resident's data (staff
invited, removed, the tablet marked, the lock time changed), for the manager's "Vem gjorde vad"
(app/grouphome). What was done for a resident is in the access log instead (app.core.audit).

It is in the kernel so that every area that changes a home can write to it (the tablet's pages,
app/tablet, sit below the group home's in the layers)."""

from __future__ import annotations

from ..extensions import db
from ..models import GroupHome, GroupHomeMember, HomeEvent, HomeEventKind, User, utcnow

__all__ = ["HomeEventKind", "record_home_event"]


def record_home_event(
    home: GroupHome,
    actor: User | None,
    kind: HomeEventKind,
    *,
    member: GroupHomeMember | None = None,
    detail: str = "",
) -> HomeEvent:
    """Add one event of `home`: `actor` did `kind` (None: nobody signed in, or the system), to
    `member` for the staff events, with a short `detail` in no language (a device's name, or the
    lock time as "5->10"). It commits with the caller's transaction."""
    event = HomeEvent(
        home_id=home.id,
        at=utcnow(),
        kind=kind,
        actor_id=actor.id if actor is not None else None,
        member_id=member.id if member is not None else None,
        detail=detail[:120],
    )
    db.session.add(event)
    return event
