"""Booking, changing and cancelling visits, for staff (the real booking system is elsewhere).

Every booking, change and cancelling is kept as a VisitChange so the patient can be told what
changed in easy words (`changes`), and the patient and their helpers get an e-mail that something
is new (without health data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import notices
from ..clinic_words import forms_of, set_forms
from ..core import audit
from ..core.clock import CLINIC_ZONE, local_day_bounds, local_now
from ..core.grants import Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    AccessAction,
    ChangeKind,
    MandateStatus,
    Patient,
    StaffMember,
    User,
    Visit,
    VisitChange,
    VisitType,
    utcnow,
)
from .changes import when_words
from .listing import overlapping


@dataclass
class VisitFields:
    visit_type: VisitType
    starts_at: datetime
    minutes: int
    staff: list[StaffMember]
    room: str
    bring: str
    note: str
    # The other forms of room, bring and note: {field: {form: text}} (app/clinic_words.py).
    translations: dict | None = None


# The visit's texts staff may write in other forms than Swedish.
VISIT_TEXTS = ("room", "bring", "note")


def booking_warnings(
    patient: Patient, fields: VisitFields, visit: Visit | None = None, profile=None
) -> list[str]:
    """What staff should see before they save: the patient or a chosen colleague already has a
    visit then, or the patient needs a longer visit than the one booked. Not refusals: the real
    booking system is elsewhere, and staff may know better."""
    start = fields.starts_at.astimezone(UTC)
    end = start + timedelta(minutes=fields.minutes)
    others = (Visit.id != visit.id,) if visit is not None else ()
    warnings = []
    for other in overlapping(start, end, Visit.patient_id == patient.id, *others):
        warnings.append(
            _(
                "%(name)s har redan ett besök då: %(what)s, %(when)s.",
                name=patient.display_name,
                what=other.visit_type.name,
                when=when_words(other.starts_at),
            )
        )
    chosen = {member.id for member in fields.staff}
    if chosen:
        busy = overlapping(
            start,
            end,
            Visit.clinic_id == patient.clinic_id,
            Visit.staff.any(StaffMember.id.in_(chosen)),
            *others,
        )
        for other in busy:
            for member in other.staff:
                if member.id in chosen:
                    warnings.append(
                        _(
                            "%(staff)s har redan ett besök då: %(what)s, %(when)s.",
                            staff=member.name,
                            what=other.visit_type.name,
                            when=when_words(other.starts_at),
                        )
                    )
    if profile is not None:
        for need, comment in profile.chosen:
            warning = _need_warning(need.code, patient, fields, others)
            if warning:
                warnings.append(f"{warning} {comment}".strip())
    return warnings


# When "the first time of the day" and "the last time of the day" end and begin (clinic time),
# and how many other visits around the start make an hour busy for someone who waits in the car
# or cannot wait long.
FIRST_TIMES_END = time(9, 0)
LAST_TIMES_START = time(15, 0)
BUSY_WINDOW = timedelta(minutes=30)
BUSY_VISITS = 3


def _day_visits(patient: Patient, fields: VisitFields, others: tuple) -> list[Visit]:
    """The other visits that day, of the colleagues chosen (of the whole clinic if none)."""
    start, end = local_day_bounds(fields.starts_at.astimezone(CLINIC_ZONE).date())
    where = [Visit.clinic_id == patient.clinic_id, Visit.patient_id != patient.id, *others]
    chosen = {member.id for member in fields.staff}
    if chosen:
        where.append(Visit.staff.any(StaffMember.id.in_(chosen)))
    return overlapping(start, end, *where)


def _need_warning(code: str, patient: Patient, fields: VisitFields, others: tuple) -> str:
    """A booking that goes against one of the patient's needs, in a sentence; "" if it does not."""
    local = fields.starts_at.astimezone(CLINIC_ZONE)
    name, at = patient.display_name, local.strftime("%H:%M")
    if code == "longer_visit" and fields.minutes <= fields.visit_type.minutes:
        return _(
            "%(name)s behöver längre besökstid, men besöket är %(minutes)d "
            "minuter, som vanligt för %(what)s.",
            name=name,
            minutes=fields.minutes,
            what=fields.visit_type.name,
        )
    if code == "first_time_of_day":
        earlier = [v for v in _day_visits(patient, fields, others) if v.starts_at < fields.starts_at]
        if local.time() > FIRST_TIMES_END or earlier:
            said = _(
                "%(name)s behöver första tiden på dagen, men besöket är kl. %(time)s.", name=name, time=at
            )
            if earlier:
                said += " " + ngettext("Ett besök är före.", "%(num)d besök är före.", len(earlier))
            return said
    if code == "last_time_of_day":
        ends = fields.starts_at + timedelta(minutes=fields.minutes)
        later = [v for v in _day_visits(patient, fields, others) if v.ends_at > ends]
        if local.time() < LAST_TIMES_START or later:
            said = _(
                "%(name)s behöver sista tiden på dagen, men besöket är kl. %(time)s.", name=name, time=at
            )
            if later:
                said += " " + ngettext("Ett besök är efter.", "%(num)d besök är efter.", len(later))
            return said
    if code in ("wait_in_car", "no_waiting"):
        start = fields.starts_at.astimezone(UTC)
        near = overlapping(
            start - BUSY_WINDOW,
            start + BUSY_WINDOW,
            Visit.clinic_id == patient.clinic_id,
            Visit.patient_id != patient.id,
            *others,
        )
        if len(near) >= BUSY_VISITS:
            need = _("vänta i bilen") if code == "wait_in_car" else _("kort eller ingen väntetid")
            return _(
                "%(name)s behöver %(need)s, men kl. %(time)s är en tid med många besök: "
                "%(count)d andra besök inom en halvtimme.",
                name=name,
                need=need,
                time=at,
                count=len(near),
            )
    return ""


def _snapshot(visit: Visit) -> dict[str, str]:
    return {
        "starts_at": visit.starts_at.astimezone(CLINIC_ZONE).isoformat(),
        "minutes": str(visit.minutes),
        "visit_type": visit.visit_type.name,
        "staff": ", ".join(sorted(s.name for s in visit.staff)),
        "room": visit.room,
        "bring": visit.bring,
        "note": visit.note,
    }


def _apply(visit: Visit, fields: VisitFields) -> None:
    visit.visit_type = fields.visit_type
    visit.starts_at = fields.starts_at
    visit.minutes = fields.minutes
    visit.staff = list(fields.staff)
    visit.room = fields.room
    visit.bring = fields.bring
    visit.note = fields.note
    for field in VISIT_TEXTS:
        set_forms(visit, field, (fields.translations or {}).get(field, {}))


def book(grant: Grant, fields: VisitFields, notify: bool = True) -> Visit:
    """Book the visit; the patient's side is told unless the caller tells them itself
    (`notify=False`: the health check's invitation, app/checkup/due_services.py)."""
    visit = Visit(patient=grant.patient, clinic_id=grant.patient.clinic_id)
    _apply(visit, fields)
    db.session.add(visit)
    db.session.add(VisitChange(visit=visit, kind=ChangeKind.BOOKED, staff_member=grant.staff_member))
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "visit", visit.public_id)
    if notify:
        notify_patient(grant.patient, visit)
    return visit


def _other_forms(visit: Visit) -> dict:
    return {field: {k: v for k, v in forms_of(visit, field).items() if k != "sv"} for field in VISIT_TEXTS}


def change(
    grant: Grant, visit: Visit, fields: VisitFields, message: str, message_forms: dict[str, str] | None = None
) -> VisitChange | None:
    """Save what staff changed; None when nothing changed. A new English or Arabic form of what
    to bring or of the message is news to the patient as well; one of the room is not."""
    if visit.cancelled:
        raise RuleError(str(_l("Besöket är inställt och kan inte ändras.")))
    before, forms_before = _snapshot(visit), _other_forms(visit)
    _apply(visit, fields)
    after, forms_after = _snapshot(visit), _other_forms(visit)
    details = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    for field in ("bring", "note"):
        if forms_before[field] != forms_after[field]:
            details.setdefault(field, [before[field], after[field]])
    message_forms = {k: v for k, v in (message_forms or {}).items() if (v or "").strip()}
    if not details and not message and forms_before == forms_after:
        return None
    visit.sequence += 1
    entry = VisitChange(
        visit=visit,
        kind=ChangeKind.CHANGED,
        details=details,
        message=message,
        staff_member=grant.staff_member,
    )
    set_forms(entry, "message", message_forms)
    db.session.add(entry)
    audit.record(grant, AccessAction.UPDATE, "visit", visit.public_id)
    notify_patient(grant.patient, visit)
    return entry


def cancel(grant: Grant, visit: Visit, message: str, message_forms: dict[str, str] | None = None) -> None:
    if visit.cancelled:
        raise RuleError(str(_l("Besöket är redan inställt.")))
    if visit.starts_at <= utcnow():
        # Found by a persona walk: a visit six weeks ago offered "Ställ in besöket", and the
        # patient would have been told it was cancelled.
        raise RuleError(str(_l("Besöket har redan varit. Markera i stället om patienten kom.")))
    visit.cancelled_at = utcnow()
    visit.sequence += 1
    entry = VisitChange(
        visit=visit, kind=ChangeKind.CANCELLED, message=message, staff_member=grant.staff_member
    )
    set_forms(entry, "message", message_forms or {})
    db.session.add(entry)
    audit.record(grant, AccessAction.UPDATE, "visit", visit.public_id)
    notify_patient(grant.patient, visit)


def people_to_tell(patient: Patient) -> list[User]:
    """Who gets the e-mail notices about the patient: the patient's own account and their
    helpers with a mandate in force, when their accounts are active."""
    people = []
    if patient.user is not None and patient.user.active:
        people.append(patient.user)
    today = local_now().date()
    people += [
        m.representative
        for m in patient.mandates
        if m.effective_status(today) is MandateStatus.ACTIVE and m.representative.active
    ]
    return people


def notify_patient(patient: Patient, visit: Visit) -> int:
    """Tell the patient and their helpers by e-mail that a visit is new or changed.

    The e-mail says only that there is news in Lotsen, with a link: no health data. It is kept
    until the mail server has taken it (`app.notices`), so a server that is down delays the
    notice but neither stops the change nor loses the notice.
    """
    people = people_to_tell(patient)
    # A link about this patient's visit: it opens for this patient, whoever a helper chose last.
    link = external_url("visits.visit", for_patient=patient.public_id, visit_id=visit.public_id)
    for person in people:
        body = str(
            _l(
                "Hej!\n\nDet finns nytt om ett besök i Lotsen.\n"
                "Logga in och titta under Mina besök:\n%(link)s\n\nHälsningar\nLotsen",
                link=link,
            )
        )
        notices.queue(person.email, str(_l("Nytt om ett besök i Lotsen")), body, "visit", patient.clinic_id)
    return len(people)
