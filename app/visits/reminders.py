"""Reminders before a visit: an e-mail the day before and on the morning of the day, to the
patient, to the helpers who asked for them, and to the patient's group home.

`flask visits remind` runs often (hourly, say). Each run sends what is due and not sent yet: one
reminder per visit, person and kind, recorded in `visit_reminders` with the visit's time, so that
running it again sends nothing twice, a visit moved to another day gets reminders for its new day
(and none for the old one), and a cancelled visit gets none. The e-mail says only that a visit is
coming, when, and links to it: no visit type, no room, no name, no health data.

Who wants them is each person's own choice in Inställningar (`User.visit_reminders`). Until one
chooses (None): on for a patient (it is their visit) and for a group home's staff (the home plans
the day around the visit, and the issue asks for it), off for a personal helper (a god man with
many clients would otherwise get mail about every visit of every one).

A reminder reads patient data (that there is a visit, and when) for a person: each one sent is an
event in the patient's access log, Lotsen's doing for that person ("Lotsen skickade en påminnelse
om ditt besök till Jonas Lund."), naming the mandate or the group home it was sent under.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import notices
from ..core import audit
from ..core.access import home_memberships
from ..core.clock import CLINIC_ZONE
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    AccessAction,
    HomeMandate,
    Mandate,
    MandateStatus,
    Patient,
    ReminderKind,
    Role,
    Scope,
    User,
    Visit,
    VisitReminder,
    utcnow,
)

# The day before: from this hour on (local time), so nobody is woken by a reminder at midnight.
DAY_BEFORE_FROM_HOUR = 9
# The morning of the day: from this hour, until the visit begins.
MORNING_FROM_HOUR = 6


def due_kinds(visit: Visit, now: datetime) -> list[ReminderKind]:
    """The reminders due for `visit` at `now`: the day before (from 09:00) and the visit's own
    day (from 06:00 until it begins). None for a cancelled visit or one that has begun."""
    if visit.cancelled or visit.starts_at <= now:
        return []
    local_now, day = now.astimezone(CLINIC_ZONE), visit.starts_at.astimezone(CLINIC_ZONE).date()
    if local_now.date() == day - timedelta(days=1) and local_now.hour >= DAY_BEFORE_FROM_HOUR:
        return [ReminderKind.DAY_BEFORE]
    if local_now.date() == day and local_now.hour >= MORNING_FROM_HOUR:
        return [ReminderKind.MORNING]
    return []


def works_at_a_home(user: User) -> bool:
    """Whether the user works at a group home today (as staff or its manager)."""
    return bool(home_memberships(user))


def wants_reminders(user: User) -> bool:
    """The user's own choice, or the default for who they are (see the module's docstring)."""
    if user.visit_reminders is not None:
        return user.visit_reminders
    return user.role is Role.PATIENT or works_at_a_home(user)


@dataclass(frozen=True)
class Recipient:
    """Someone to remind, and on what terms they may see the visit (for the access log)."""

    user: User
    mandate: Mandate | None = None
    home_mandate: HomeMandate | None = None

    @property
    def acting_as(self) -> str:
        return "representative" if self.mandate or self.home_mandate else "patient"


def helpers(patient: Patient) -> list[Recipient]:
    """The patient's helpers with a mandate in force that lets them see the visit."""
    on = utcnow().astimezone(CLINIC_ZONE).date()
    return [
        Recipient(m.representative, mandate=m)
        for m in patient.mandates
        if m.effective_status(on) is MandateStatus.ACTIVE
        and Scope.SEE in m.scopes
        and m.representative.active
    ]


def group_home_staff(patient: Patient) -> list[Recipient]:
    """The staff and managers who work today at a group home with a mandate in force for the
    patient that lets the home see the visits (app/models/home.py)."""
    return [
        Recipient(member.user, home_mandate=mandate)
        for mandate in patient.home_mandates
        if mandate.status is MandateStatus.ACTIVE and Scope.SEE in mandate.scopes
        for member in mandate.home.active_members
    ]


def recipients(patient: Patient) -> list[Recipient]:
    """Everyone to remind about the patient's visits who wants it, each once."""
    own = patient.user is not None and patient.user.active
    people = ([Recipient(patient.user)] if own else []) + helpers(patient)  # type: ignore[arg-type]
    people += group_home_staff(patient)
    seen: set[int] = set()
    return [p for p in people if wants_reminders(p.user) and not (p.user.id in seen or seen.add(p.user.id))]


def log_reminder(visit: Visit, person: Recipient) -> None:
    """The reminder in the patient's access log: Lotsen told `person` about the visit."""
    audit.record_for_person(
        person.user,
        visit.patient,
        AccessAction.EXPORT,
        "visit.reminder",
        visit.public_id,
        acting_as=person.acting_as,
        mandate_id=person.mandate.id if person.mandate else None,
        home_mandate_id=person.home_mandate.id if person.home_mandate else None,
    )


SUBJECTS = {
    ReminderKind.DAY_BEFORE: lambda: _("Påminnelse: ett besök i morgon"),
    ReminderKind.MORNING: lambda: _("Påminnelse: ett besök i dag"),
}


def reminder_body(visit: Visit, kind: ReminderKind) -> str:
    """The e-mail, in the current locale: that a visit is coming, when, and the link."""
    when = format_datetime(visit.starts_at, "EEEE d MMMM")
    time = format_datetime(visit.starts_at, "HH:mm")
    link = external_url("visits.visit", for_patient=visit.patient.public_id, visit_id=visit.public_id)
    first = (
        _("Det är ett besök i morgon, %(day)s, klockan %(time)s.", day=when, time=time)
        if kind is ReminderKind.DAY_BEFORE
        else _("Det är ett besök i dag, klockan %(time)s.", time=time)
    )
    return _(
        "Hej!\n\n%(first)s\nLogga in i Lotsen och titta här:\n%(link)s\n\n"
        "Du kan stänga av påminnelserna under Inställningar i Lotsen.\n\nHälsningar\nLotsen",
        first=first,
        link=link,
    )


def _already_sent(visit_ids: list[int]) -> set[tuple[int, int, str, datetime]]:
    if not visit_ids:
        return set()
    rows = db.session.scalars(select(VisitReminder).where(VisitReminder.visit_id.in_(visit_ids))).all()
    return {(r.visit_id, r.user_id, ReminderKind(r.kind).value, _second(r.starts_at)) for r in rows}


def _second(moment: datetime) -> datetime:
    """A moment to the second, in one zone: the key a reminder's visit time is compared by."""
    return moment.astimezone(CLINIC_ZONE).replace(microsecond=0)


def remind(now: datetime | None = None) -> int:
    """Queue the reminders due now that were not sent before; returns how many. The caller
    commits (and then sends the queue)."""
    now = now or utcnow()
    visits = db.session.scalars(
        select(Visit)
        .options(joinedload(Visit.patient))
        .where(
            Visit.cancelled_at.is_(None),
            Visit.starts_at > now,
            Visit.starts_at < now + timedelta(days=2),
        )
        .order_by(Visit.starts_at, Visit.id)
    ).all()
    sent = _already_sent([v.id for v in visits])
    count = 0
    for visit in visits:
        kinds = due_kinds(visit, now)
        if not kinds:
            continue
        starts = _second(visit.starts_at)
        for person in recipients(visit.patient):
            for kind in kinds:
                user = person.user
                if (visit.id, user.id, kind.value, starts) in sent:
                    continue
                db.session.add(
                    VisitReminder(visit_id=visit.id, user_id=user.id, kind=kind, starts_at=visit.starts_at)
                )
                with force_locale(user.language or "sv"):
                    subject, body = SUBJECTS[kind](), reminder_body(visit, kind)
                    notices.queue(user.email, subject, body, "visit_reminder", visit.clinic_id)
                log_reminder(visit, person)
                count += 1
    return count
