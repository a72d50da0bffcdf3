"""Who is due for the health check, and the rounds of it (Hälsokontrollen, issue 20 §1 and §2).

A patient's next check is due `Clinic.health_check_months` after the last one done (the day it
was done, `HealthCheck.done_on`, counted with `add_months`). Each patient has one status:

- booked: a round is open and a visit not cancelled is tied to it;
- invited: a round is open (invited, no outcome yet) without such a visit;
- never: no check done, and no round open;
- overdue: the day it was due has passed;
- due: it is due today or within the next month;
- not due: later than that.

Staff invite (booking a visit of a health-check visit type, or asking the patient's side to book),
mark the check done on a day or missed, and follow up the answers "Ring mig" and "Jag vill inte"
and a missed check by phone ("Att ringa"). The patient's side answers. A reminder goes out once
when three weeks pass without an answer (`flask checkup remind`). Every notice says only that the
clinic wants the person to come to a health check, with a link: nothing about their health."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from .. import notices
from ..core import audit
from ..core.clock import add_months, today
from ..core.grants import Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    AccessAction,
    CheckOutcome,
    Clinic,
    HealthCheck,
    InvitationAnswer,
    Patient,
    Visit,
    VisitType,
    utcnow,
)
from ..visits import booking

DUE_AHEAD_MONTHS = 1  # "due": within this many months
REMIND_AFTER_DAYS = 21  # a reminder when an invitation has had no answer for three weeks
NOTE_MAX = 1000


class DueStatus(enum.StrEnum):
    NEVER = "never"
    OVERDUE = "overdue"
    DUE = "due"
    INVITED = "invited"
    BOOKED = "booked"
    NOT_DUE = "not_due"


# The list's order: who needs an invitation first, then the rounds under way.
ORDER = (
    DueStatus.OVERDUE,
    DueStatus.NEVER,
    DueStatus.DUE,
    DueStatus.INVITED,
    DueStatus.BOOKED,
    DueStatus.NOT_DUE,
)
TO_INVITE = frozenset({DueStatus.NEVER, DueStatus.OVERDUE, DueStatus.DUE})


@dataclass
class DueRow:
    patient: Patient
    last_done: date | None
    due_on: date | None
    status: DueStatus
    open_round: HealthCheck | None


def due_date(last_done: date | None, months: int) -> date | None:
    return add_months(last_done, months) if last_done is not None else None


def booked_visit(check: HealthCheck | None) -> Visit | None:
    """The visit tied to the round, unless it was cancelled."""
    if check is None or check.visit is None or check.visit.cancelled_at is not None:
        return None
    return check.visit


def on_home(check: HealthCheck | None) -> tuple[HealthCheck | None, Visit | None]:
    """What Hem shows of an open round: the round and its booked visit while that is still to
    come (the booking, not the invitation); no round at all once the booked visit has passed
    (the clinic records how it went; "Vill du komma?" would be asked too late); else the round
    alone (the invitation)."""
    visit = booked_visit(check)
    if visit is None:
        return check, None
    if visit.starts_at <= utcnow():
        return None, None
    return check, visit


def status_for(last_done: date | None, open_round: HealthCheck | None, on: date, months: int) -> DueStatus:
    if open_round is not None:
        return DueStatus.BOOKED if booked_visit(open_round) is not None else DueStatus.INVITED
    due_on = due_date(last_done, months)
    if due_on is None:
        return DueStatus.NEVER
    if due_on < on:
        return DueStatus.OVERDUE
    if due_on <= add_months(on, DUE_AHEAD_MONTHS):
        return DueStatus.DUE
    return DueStatus.NOT_DUE


def done_cutoff(on: date, months: int) -> date:
    """The last day a check may have been done on for the next to be due on or before `on`: the
    latest day x with add_months(x, months) <= on (29 February counts as due on 28 February)."""
    day = add_months(on, -months)
    while add_months(day + timedelta(days=1), months) <= on:
        day += timedelta(days=1)
    return day


def _last_done(clinic_id: int):
    return (
        select(HealthCheck.patient_id, func.max(HealthCheck.done_on).label("last_done"))
        .join(Patient, Patient.id == HealthCheck.patient_id)
        .where(Patient.clinic_id == clinic_id, HealthCheck.outcome == CheckOutcome.DONE.value)
        .group_by(HealthCheck.patient_id)
        .subquery()
    )


def open_rounds(clinic_id: int) -> dict[int, HealthCheck]:
    """The open round of each patient of the clinic (the newest, should there be two)."""
    rows = db.session.scalars(
        select(HealthCheck)
        .join(Patient, Patient.id == HealthCheck.patient_id)
        .options(joinedload(HealthCheck.visit))
        .where(Patient.clinic_id == clinic_id, HealthCheck.outcome.is_(None))
        .order_by(HealthCheck.id)
    ).all()
    return {row.patient_id: row for row in rows}


def due_rows(clinic: Clinic, on: date | None = None, status: DueStatus | None = None) -> list[DueRow]:
    """Every patient of the clinic with their last check, the day the next is due and their
    status (only those of `status` when given): three queries, whatever the number of patients."""
    on = on or today()
    months = clinic.health_check_months
    last = _last_done(clinic.id)
    pairs = db.session.execute(
        select(Patient, last.c.last_done)
        .outerjoin(last, last.c.patient_id == Patient.id)
        .where(Patient.clinic_id == clinic.id)
        .order_by(Patient.name, Patient.id)
    ).all()
    rounds = open_rounds(clinic.id)
    rows = []
    for patient, last_done in pairs:
        open_round = rounds.get(patient.id)
        found = status_for(last_done, open_round, on, months)
        if status is None or found is status:
            rows.append(DueRow(patient, last_done, due_date(last_done, months), found, open_round))
    rows.sort(key=lambda row: (ORDER.index(row.status), row.due_on or date.min))
    return rows


def _to_invite_count_query(clinic: Clinic, on: date | None = None):
    on = on or today()
    last = _last_done(clinic.id)
    cutoff = done_cutoff(add_months(on, DUE_AHEAD_MONTHS), clinic.health_check_months)
    has_open = (
        select(HealthCheck.id)
        .where(HealthCheck.patient_id == Patient.id, HealthCheck.outcome.is_(None))
        .exists()
    )
    return (
        select(func.count(Patient.id))
        .outerjoin(last, last.c.patient_id == Patient.id)
        .where(
            Patient.clinic_id == clinic.id,
            ~has_open,
            or_(last.c.last_done.is_(None), last.c.last_done <= cutoff),
        )
    )


def to_invite_count(clinic: Clinic, on: date | None = None) -> int:
    """How many patients of the clinic are due, overdue or never checked, with no round open:
    one query."""
    return db.session.scalar(_to_invite_count_query(clinic, on)) or 0


# --- to call --------------------------------------------------------------------------------------


CALL_ANSWERS = (InvitationAnswer.CALL_ME.value, InvitationAnswer.NOT_WANTED.value)


def _to_call_query(clinic_id: int):
    return (
        select(HealthCheck)
        .join(Patient, Patient.id == HealthCheck.patient_id)
        .where(
            Patient.clinic_id == clinic_id,
            HealthCheck.followed_up_at.is_(None),
            or_(
                HealthCheck.outcome == CheckOutcome.DID_NOT_COME.value,
                and_(HealthCheck.outcome.is_(None), HealthCheck.answer.in_(CALL_ANSWERS)),
            ),
        )
    )


def to_call(clinic_id: int) -> list[HealthCheck]:
    """Rounds to follow up by phone: "Ring mig", "Jag vill inte", or the patient did not come,
    and no follow-up written yet; the oldest first."""
    query = (
        _to_call_query(clinic_id)
        .options(joinedload(HealthCheck.patient), joinedload(HealthCheck.visit))
        .order_by(func.coalesce(HealthCheck.outcome_at, HealthCheck.answered_at), HealthCheck.id)
    )
    return list(db.session.scalars(query).unique())


def _to_call_count_query(clinic_id: int):
    return select(func.count()).select_from(_to_call_query(clinic_id).subquery())


def to_call_count(clinic_id: int) -> int:
    return db.session.scalar(_to_call_count_query(clinic_id)) or 0


def needs_follow_up(check: HealthCheck) -> bool:
    if check.followed_up_at is not None:
        return False
    if check.outcome == CheckOutcome.DID_NOT_COME.value:
        return True
    return check.outcome is None and check.answer in CALL_ANSWERS


def work_count(clinic_id: int) -> int:
    """Patients to invite and rounds to call about: the count on Att göra and in the menu, in
    one query (it runs on every staff page)."""
    clinic = db.session.get(Clinic, clinic_id)
    if clinic is None:
        return 0
    invite, call = db.session.execute(
        select(
            _to_invite_count_query(clinic).scalar_subquery(),
            _to_call_count_query(clinic_id).scalar_subquery(),
        )
    ).one()
    return (invite or 0) + (call or 0)


# --- one patient ----------------------------------------------------------------------------------


def rounds_of(patient: Patient) -> list[HealthCheck]:
    """The patient's rounds, the newest first."""
    return list(
        db.session.scalars(
            select(HealthCheck)
            .options(joinedload(HealthCheck.visit).joinedload(Visit.visit_type))
            .where(HealthCheck.patient_id == patient.id)
            .order_by(HealthCheck.created_at.desc(), HealthCheck.id.desc())
        ).unique()
    )


def open_round(patient: Patient, for_update: bool = False) -> HealthCheck | None:
    query = (
        select(HealthCheck)
        .where(HealthCheck.patient_id == patient.id, HealthCheck.outcome.is_(None))
        .order_by(HealthCheck.id.desc())
        .limit(1)
    )
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def last_done(patient: Patient) -> date | None:
    return db.session.scalar(
        select(func.max(HealthCheck.done_on)).where(
            HealthCheck.patient_id == patient.id, HealthCheck.outcome == CheckOutcome.DONE.value
        )
    )


def patient_status(patient: Patient, on: date | None = None) -> DueRow:
    last = last_done(patient)
    current = open_round(patient)
    months = patient.clinic.health_check_months
    return DueRow(
        patient, last, due_date(last, months), status_for(last, current, on or today(), months), current
    )


def find_round(patient: Patient, public_id: str, for_update: bool = False) -> HealthCheck | None:
    query = select(HealthCheck).where(
        HealthCheck.patient_id == patient.id, HealthCheck.public_id == public_id
    )
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def health_check_types(clinic_id: int) -> list[VisitType]:
    return list(
        db.session.scalars(
            select(VisitType)
            .where(
                VisitType.clinic_id == clinic_id,
                VisitType.active.is_(True),
                VisitType.health_check.is_(True),
            )
            .order_by(VisitType.name, VisitType.id)
        )
    )


OLD_FORM = _l(
    "Någon har ändrat hälsokontrollen medan du hade sidan öppen. Inget är sparat. Titta på sidan igen."
)


def check_page_state(patient: Patient, seen: str) -> HealthCheck | None:
    """The open round, locked, if it is the one the form was made for (`seen`: its public id,
    or "" for none); otherwise the form is old (or posted twice) and is refused in words."""
    current = open_round(patient, for_update=True)
    if (current.public_id if current is not None else "") != (seen or ""):
        raise RuleError(str(OLD_FORM))
    return current


def _new_round(grant: Grant) -> HealthCheck:
    check = HealthCheck(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        invited_at=utcnow(),
        invited_by_id=grant.staff.id,
    )
    db.session.add(check)
    return check


def invite(grant: Grant, seen: str) -> HealthCheck:
    """ "Bjud in": ask the patient's side to book (or to answer) — a new round and a notice."""
    if check_page_state(grant.patient, seen) is not None:
        raise RuleError(
            str(_l("%(name)s är redan inbjuden. Inget nytt är skickat.", name=grant.patient.name))
        )
    check = _new_round(grant)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "health_check.invite", check.public_id)
    tell(grant.patient)
    return check


def invite_with_visit(grant: Grant, seen: str, fields: booking.VisitFields) -> HealthCheck:
    """ "Bjud in" with a time: book the visit (app/visits/booking.py) and tie it to the open
    round, or to a new one; one notice, about the health check."""
    if not fields.visit_type.health_check:
        raise RuleError(str(_l("Välj ett slag av besök som är en hälsokontroll.")))
    check = check_page_state(grant.patient, seen)
    if check is not None and booked_visit(check) is not None:
        raise RuleError(str(_l("Hälsokontrollen har redan en tid. Ändra tiden på besöket i stället.")))
    visit = booking.book(grant, fields, notify=False)
    if check is None:
        check = _new_round(grant)
    check.visit_id = visit.id
    db.session.flush()
    audit.record(grant, AccessAction.UPDATE, "health_check.book", check.public_id)
    tell(grant.patient)
    return check


def _closed_refusal(check: HealthCheck) -> None:
    if not check.open:
        raise RuleError(str(_l("Den här hälsokontrollen är redan klar. Inget är ändrat.")))


def mark_done(grant: Grant, check: HealthCheck, day: date) -> None:
    _closed_refusal(check)
    if day > today():
        raise RuleError(str(_l("Dagen har inte kommit än. Skriv dagen då hälsokontrollen gjordes.")))
    check.outcome = CheckOutcome.DONE.value
    check.done_on = day
    check.outcome_at = utcnow()
    check.outcome_by_id = grant.staff.id
    audit.record(grant, AccessAction.UPDATE, "health_check.done", check.public_id)


def mark_missed(grant: Grant, check: HealthCheck) -> None:
    _closed_refusal(check)
    check.outcome = CheckOutcome.DID_NOT_COME.value
    check.outcome_at = utcnow()
    check.outcome_by_id = grant.staff.id
    audit.record(grant, AccessAction.UPDATE, "health_check.missed", check.public_id)


def follow_up(grant: Grant, check: HealthCheck, note: str) -> None:
    if not needs_follow_up(check):
        raise RuleError(str(_l("Det finns inget att följa upp här just nu. Inget är sparat.")))
    check.followed_up_at = utcnow()
    check.followed_up_by_id = grant.staff.id
    check.follow_up_note = note.strip()[:NOTE_MAX]
    audit.record(grant, AccessAction.UPDATE, "health_check.follow_up", check.public_id)


def answer(grant: Grant, check: HealthCheck, given: InvitationAnswer) -> bool:
    """The patient's side answers the invitation, or changes the answer, until the round ends.
    False when the answer was already that one (nothing written)."""
    if not check.open:
        raise RuleError(str(_l("Hälsokontrollen är klar. Du kan inte ändra svaret nu.")))
    if check.answer == given.value:
        return False
    check.answer = given.value
    check.answered_at = utcnow()
    check.answered_by_id = grant.user.id
    check.answered_acting_as = grant.acting_as.value
    # A new answer is new for the clinic to follow up.
    check.followed_up_at = None
    check.followed_up_by_id = None
    audit.record(grant, AccessAction.UPDATE, "health_check.answer", check.public_id)
    return True


# --- notices --------------------------------------------------------------------------------------

NOTICE_SUBJECT = _l("Vårdcentralen vill att du kommer på en hälsokontroll")


def tell(patient: Patient, reminder: bool = False) -> int:
    """E-mail the patient and their helpers: the clinic wants the person to come to a health
    check, and a link. Nothing else (no health data)."""
    link = external_url("checkup.invitation", for_patient=patient.public_id)
    people = booking.people_to_tell(patient)
    for person in people:
        body = str(
            _l(
                "Hej!\n\nVårdcentralen vill att du kommer på en hälsokontroll.\n"
                "Logga in i Lotsen och titta här:\n%(link)s\n\nHälsningar\nLotsen",
                link=link,
            )
        )
        notices.queue(
            person.email,
            str(NOTICE_SUBJECT),
            body,
            "health_check_reminder" if reminder else "health_check",
            patient.clinic_id,
        )
    return len(people)


def remind(now: datetime | None = None) -> int:
    """One reminder for each round invited at least three weeks ago with no answer, no reminder
    yet, and no visit booked or outcome; records `reminded_at`. Returns how many rounds."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(HealthCheck)
        .where(
            HealthCheck.outcome.is_(None),
            HealthCheck.answer.is_(None),
            HealthCheck.reminded_at.is_(None),
            HealthCheck.visit_id.is_(None),
            HealthCheck.invited_at <= now - timedelta(days=REMIND_AFTER_DAYS),
        )
        .order_by(HealthCheck.id)
        .with_for_update(skip_locked=True)
    ).all()
    for check in rows:
        tell(check.patient, reminder=True)
        check.reminded_at = now
    return len(rows)
