"""The server's own counts of read-aloud plays and easy-read pages (app/models/usage.py): per
clinic and day, a number and nothing else. No script in the browser, no cookie, nothing about a
person: a request adds one to its clinic's count for the day, with one upsert.

Whose clinic: a patient's own, or that of the patient a helper acts for on the page; a visitor
who is not signed in, staff and admins are not counted (they belong to no patient's clinic). A
count that cannot be written (the database read-only for a while) is let go: the page itself
goes on."""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from flask_login import current_user
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .core.access import acting_patient
from .core.clock import today
from .extensions import db
from .i18n import easy_read_enabled
from .models import Role, UsageCount, UsageKind

log = logging.getLogger(__name__)


def _clinic_id() -> int | None:
    if not current_user.is_authenticated or current_user.role not in (Role.PATIENT, Role.REPRESENTATIVE):
        return None
    patient = acting_patient()
    return patient.clinic_id if patient is not None else None


def count(kind: UsageKind, clinic_id: int | None = None) -> None:
    """Add one to today's count of `kind` for the clinic (the request's, unless given);
    committed at once, in a transaction of its own."""
    clinic_id = clinic_id if clinic_id is not None else _clinic_id()
    if clinic_id is None:
        return
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(UsageCount)
        .values(clinic_id=clinic_id, day=today(), kind=kind.value, count=1)
        .on_conflict_do_update(
            index_elements=["clinic_id", "day", "kind"], set_={"count": UsageCount.count + 1}
        )
    )
    try:
        db.session.commit()  # what the view left (nothing, on a GET) is its own
        db.session.execute(statement)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("Usage count not written (%s)", kind.value, exc_info=True)


def first_piece() -> bool:
    """Whether a clip request begins a play: no range, or a range from its first byte (a
    player then asks for later pieces, which are the same play)."""
    wanted = request.headers.get("Range", "")
    return not wanted or wanted.replace(" ", "") in ("bytes=0-", "bytes=0-1")


def _count_easy_read_page(response: Response) -> Response:
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and easy_read_enabled()
    ):
        count(UsageKind.EASY_READ_PAGE)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_count_easy_read_page)
