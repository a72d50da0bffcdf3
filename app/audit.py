"""The access log: who read or changed which patient's data, for whom, when, at which clinic.

Rows are only ever added. The ORM refuses updates and deletes of AccessEvent here; the migration
adds database triggers that refuse them too, whatever code path tries.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import g
from sqlalchemy import event
from sqlalchemy.orm import Session

from .access import Grant
from .extensions import db
from .models import AccessAction, AccessEvent, Clinic, Patient, User, utcnow

__all__ = ["AccessAction", "AppendOnlyError", "record", "record_clinic", "record_patients"]


class AppendOnlyError(RuntimeError):
    pass


def record(grant: Grant, action: AccessAction, object_type: str, object_id: str = "") -> AccessEvent:
    """Add an access event for work done under `grant`; it commits with the caller's transaction."""
    if action is not AccessAction.READ:
        g.audit_wrote = True
    entry = AccessEvent(
        at=utcnow(),
        user_id=grant.user.id,
        acting_as=grant.acting_as.value,
        mandate_id=grant.mandate.id if grant.mandate else None,
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        action=action,
        object_type=object_type[:64],
        object_id=str(object_id)[:64],
    )
    db.session.add(entry)
    return entry


def record_clinic(user: User, clinic: Clinic, action: AccessAction, object_type: str,
                  object_id: str = "") -> AccessEvent:
    """An event about several patients at once, such as reading the clinic's patient list, or
    about the clinic's own things that are shown to patients (the answer templates)."""
    entry = AccessEvent(
        at=utcnow(),
        user_id=user.id,
        acting_as="staff",
        clinic_id=clinic.id,
        action=action,
        object_type=object_type[:64],
        object_id=str(object_id)[:64],
    )
    db.session.add(entry)
    return entry


def record_patients(user: User, clinic: Clinic, patients: Iterable[Patient | int],
                    action: AccessAction, object_type: str) -> int:
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
    rows = [{"at": at, "user_id": user.id, "acting_as": "staff", "mandate_id": None,
             "patient_id": patient_id, "clinic_id": clinic.id, "action": action,
             "object_type": object_type[:64], "object_id": ""} for patient_id in ids]
    table = AccessEvent.__table__
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        db.session.execute(table.insert().values(rows[start:start + _ROWS_PER_INSERT]))
    return len(rows)


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


# --- describing events in words -----------------------------------------------------------------

from flask_babel import lazy_gettext as _l  # noqa: E402

from .models import Profession, Role  # noqa: E402

# What was looked at or changed, named for people. Unknown objects read as "your information".
OBJECT_WORDS = {
    "patient.home": _l("din startsida"),
    "patient.access_log": _l("listan över vem som har tittat"),
    "staff.patient": _l("dina uppgifter"),
    "staff.patient_edit": _l("dina uppgifter"),
    "patient": _l("dina uppgifter"),
    "staff.invite_patient": _l("ditt konto"),
    "staff.invite_representative": _l("vem som får hjälpa dig"),
    "staff.mandate": _l("vem som får hjälpa dig"),
    "staff.mandate_verify": _l("vem som får hjälpa dig"),
    "staff.mandate_change": _l("vem som får hjälpa dig"),
    "staff.mandate_revoke": _l("vem som får hjälpa dig"),
    "staff.mandate_renew": _l("vem som får hjälpa dig"),
    "needs.overview": _l("dina anpassningar"),
    "needs.category": _l("dina anpassningar"),
    "needs.section": _l("dina anpassningar"),
    "needs": _l("dina anpassningar"),
    "needs.history": _l("vem som har ändrat dina anpassningar"),
    "needs.version": _l("en gammal version av dina anpassningar"),
    "needs.passport": _l("ditt vårdpass"),
    "needs.passport_print": _l("ditt vårdpass"),
    "needs.review": _l("genomgången av dina anpassningar"),
    "needs.fhir": _l("dina anpassningar till journalen"),
    "needs_staff.edit": _l("dina anpassningar"),
    "needs_staff.review": _l("dina anpassningar"),
    "needs_staff.history": _l("vem som har ändrat dina anpassningar"),
    "needs_staff.version": _l("en gammal version av dina anpassningar"),
    "needs_staff.passport": _l("ditt vårdpass"),
    "needs_staff.passport_print": _l("ditt vårdpass"),
    "visit": _l("ett av dina besök"),
    "visits.index": _l("dina besök"),
    "visits.visit": _l("ett av dina besök"),
    "visits.schedule_print": _l("hur ett besök går till"),
    "visits.calendar": _l("ett av dina besök"),
    "visits.request_visit": _l("att du vill ha en tid"),
    "visit_request": _l("att du vill ha en tid"),
    "preparation": _l("hur du förbereder ett besök"),
    "prepare.index": _l("hur du förbereder besök"),
    "prepare.start": _l("hur du förbereder ett besök"),
    "prepare.step": _l("hur du förbereder ett besök"),
    "prepare.review": _l("hur du förbereder ett besök"),
    "prepare.sent": _l("hur du förbereder ett besök"),
    "prepare.print_summary": _l("hur du förbereder ett besök"),
    "visits_staff.visit": _l("ett av dina besök"),
    "visits_staff.visit_new": _l("dina besök"),
    "visits_staff.visit_edit": _l("ett av dina besök"),
    "visits_staff.visit_cancel": _l("ett av dina besök"),
    "visits_staff.preparation": _l("hur du förbereder ett besök"),
    "invitation": _l("ditt konto"),
    "mandate": _l("vem som får hjälpa dig"),
}
# Whole sentences, so that every language can build them its own way.
SENTENCES = {
    AccessAction.READ: _l("%(who)s tittade på %(what)s."),
    AccessAction.CREATE: _l("%(who)s lade till %(what)s."),
    AccessAction.UPDATE: _l("%(who)s ändrade %(what)s."),
    AccessAction.DELETE: _l("%(who)s tog bort %(what)s."),
    AccessAction.PRINT: _l("%(who)s skrev ut %(what)s."),
    AccessAction.EXPORT: _l("%(who)s skickade vidare %(what)s."),
}
OWN_SENTENCES = {
    AccessAction.READ: _l("Du tittade på %(what)s."),
    AccessAction.CREATE: _l("Du lade till %(what)s."),
    AccessAction.UPDATE: _l("Du ändrade %(what)s."),
    AccessAction.DELETE: _l("Du tog bort %(what)s."),
    AccessAction.PRINT: _l("Du skrev ut %(what)s."),
    AccessAction.EXPORT: _l("Du skickade vidare %(what)s."),
}
PROFESSION_WORDS = {
    Profession.VARDLOTS: _l("vårdlots"),
    Profession.LAKARE: _l("läkare"),
    Profession.SJUKSKOTERSKA: _l("sjuksköterska"),
    Profession.UNDERSKOTERSKA: _l("undersköterska"),
    Profession.ARBETSTERAPEUT: _l("arbetsterapeut"),
    Profession.FYSIOTERAPEUT: _l("fysioterapeut"),
}


def describe_object(entry: AccessEvent) -> str:
    return str(OBJECT_WORDS.get(entry.object_type, _l("dina uppgifter")))


def describe(entry: AccessEvent, viewer: User) -> str:
    """The event as one sentence for the patient's log: "Anna Lindqvist (vårdlots) tittade på ..."."""
    what = describe_object(entry)
    if entry.user_id is not None and entry.user_id == viewer.id:
        return str(OWN_SENTENCES[entry.action]) % {"what": what}
    return str(SENTENCES[entry.action]) % {"who": describe_who(entry), "what": what}


def describe_who(entry: AccessEvent, viewer: User | None = None) -> str:
    """Who did it, in the patient's words: "Du", a name with a role, or a name with a mandate."""
    from .staff_words import mandate_kind_word

    user = entry.user
    if user is None:
        return str(_l("Någon"))
    if viewer is not None and user.id == viewer.id:
        return str(_l("Du"))
    if user.role is Role.STAFF and user.staff_member is not None:
        return f"{user.name} ({PROFESSION_WORDS[user.staff_member.profession]})"
    if entry.mandate is not None:
        return f"{user.name} ({mandate_kind_word(entry.mandate.kind)})"
    return user.name
