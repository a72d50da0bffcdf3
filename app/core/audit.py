"""The access log: who read or changed which patient's data, for whom, when, at which clinic.

Rows are only ever added. The ORM refuses updates and deletes of AccessEvent here; the migration
adds database triggers that refuse them too, whatever code path tries. Only objects with words in
app.core.audit_words can be logged: `record` refuses any other, and so does the object_type column.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import AccessAction, AccessEvent, Clinic, Patient, Role, User, utcnow
from .audit_words import UnregisteredObject, require
from .grants import Grant
from .words import PROFESSION_WORDS, mandate_kind_word

__all__ = [
    "PROFESSION_WORDS",
    "AccessAction",
    "AppendOnlyError",
    "UnregisteredObject",
    "record",
    "record_clinic",
    "record_for_person",
    "record_page_read",
    "record_patients",
    "log_list_read",
]


class AppendOnlyError(RuntimeError):
    pass


def record(grant: Grant, action: AccessAction, object_type: str, object_id: str = "") -> AccessEvent:
    """Add an access event for work done under `grant`; it commits with the caller's transaction.
    An object type without words in app.core.audit_words raises UnregisteredObject."""
    require(object_type)
    if action is not AccessAction.READ:
        g.audit_wrote = True
    return _add(
        action,
        object_type,
        object_id,
        **grant.who_acted(),
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
    )


def _add(action: AccessAction, object_type: str, object_id: str, **who: object) -> AccessEvent:
    """The row, now, in the caller's transaction; `who` are the columns saying who and about whom."""
    entry = AccessEvent(
        at=utcnow(), action=action, object_type=object_type[:64], object_id=str(object_id)[:64], **who
    )
    db.session.add(entry)
    return entry


def record_for_person(
    user: User,
    patient: Patient,
    action: AccessAction,
    object_type: str,
    object_id: str = "",
    *,
    acting_as: str,
    mandate_id: int | None = None,
    home_mandate_id: int | None = None,
) -> AccessEvent:
    """An event Lotsen itself did for `user` about the patient, outside any request (a reminder
    sent by the hourly job): no grant, so who it was for and on what terms is given."""
    require(object_type)
    return _add(
        action,
        object_type,
        object_id,
        user_id=user.id,
        acting_as=acting_as,
        mandate_id=mandate_id,
        home_mandate_id=home_mandate_id,
        patient_id=patient.id,
        clinic_id=patient.clinic_id,
    )


def record_page_read(grant: Grant, object_type: str, object_id: str = "") -> AccessEvent:
    """The page's own read, naming what it showed (a print version, say): the access wrappers
    then write no read of their own for the page."""
    entry = record(grant, AccessAction.READ, object_type, object_id)
    g.audit_wrote = True
    return entry


def record_clinic(
    user: User,
    clinic: Clinic,
    action: AccessAction,
    object_type: str,
    object_id: str = "",
    acting_as: str = "staff",
) -> AccessEvent:
    """An event about several patients at once, such as reading the clinic's patient list, or
    about the clinic's own things that are shown to patients (the answer templates), or about
    the clinic itself (its statistics, read by its staff or by the region's admin: `acting_as`
    "admin")."""
    return _add(action, object_type, object_id, user_id=user.id, acting_as=acting_as, clinic_id=clinic.id)


def record_patients(
    user: User, clinic: Clinic, patients: Iterable[Patient | int], action: AccessAction, object_type: str
) -> int:
    """One event for each patient a page about many patients shows (the inbox, a list), so that
    every patient's own log and the staff log filtered by patient show the read. The rows go in
    with one multi-row INSERT in the caller's transaction; an empty page writes nothing.
    Returns the number of rows written."""
    ids = sorted({p if isinstance(p, int) else p.id for p in patients})
    if not ids:
        return 0
    if action is not AccessAction.READ:
        g.audit_wrote = True
    at = utcnow()
    rows = [
        {
            "at": at,
            "user_id": user.id,
            "acting_as": "staff",
            "mandate_id": None,
            "patient_id": patient_id,
            "clinic_id": clinic.id,
            "action": action,
            "object_type": object_type[:64],
            "object_id": "",
        }
        for patient_id in ids
    ]
    table = AccessEvent.__table__
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        db.session.execute(table.insert().values(rows[start : start + _ROWS_PER_INSERT]))
    return len(rows)


def log_list_read(user: User, clinic: Clinic, patients: Iterable[Patient | int], object_type: str) -> None:
    """A page about many patients was shown: a read for each of them (`record_patients`),
    committed here, as the access wrappers commit the read they logged. Call it after rendering
    the page, so that the commit does not expire what the page shows."""
    record_patients(user, clinic, patients, AccessAction.READ, object_type)
    db.session.commit()


# Bound parameters per statement stay well under SQLite's and PostgreSQL's limits.
_ROWS_PER_INSERT = 1000


@event.listens_for(AccessEvent, "before_update")
def _refuse_update(mapper, connection, target):
    raise AppendOnlyError("the access log is append-only")


@event.listens_for(AccessEvent, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AppendOnlyError("the access log is append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state):
    if state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and getattr(table, "name", None) == AccessEvent.__tablename__:
            raise AppendOnlyError("the access log is append-only")


# --- who, in words ----------------------------------------------------------------------------
# The rest of the wording of the log is in app.core.audit_words.


def describe_who(entry: AccessEvent, viewer: User | None = None) -> str:
    """Who did it, in the patient's words: "Du", a name with a role, or a name with a mandate."""
    user = entry.user
    if user is None:
        return str(_l("Någon"))
    if viewer is not None and user.id == viewer.id:
        return str(_l("Du"))
    if user.role is Role.STAFF and user.staff_member is not None:
        return f"{user.name} ({PROFESSION_WORDS[user.staff_member.profession]})"
    if entry.mandate is not None:
        return f"{user.name} ({mandate_kind_word(entry.mandate.kind)})"
    home_mandate = getattr(entry, "home_mandate", None)
    if home_mandate is not None:
        return home_worker_name(user, home_mandate)
    return user.name


def home_worker_name(user: User, home_mandate) -> str:
    """A group home's worker acting under the home's mandate: "Jonas Lund (Solgläntan)"."""
    return f"{user.name} ({home_mandate.home.name})"
