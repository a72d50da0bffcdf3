"""Ring upp mig: callbacks asked for on the patient's side, and the vårdlots team's calls (planned,
tried, done), with what makes a phone call hard for the patient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import notices
from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.clock import local_now
from ..core.grants import Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    CALLBACK_CLOSED,
    AccessAction,
    CallAttempt,
    CallbackRequest,
    CallbackStatus,
    CallOutcome,
    Patient,
    utcnow,
)
from ..needs.services import current_profile
from ..staff.readers import ReaderSummary, first_by, patient_readers, told
from ..visits.listing import coming_visits
from .conversations import State
from .sending import RESEND_WINDOW, check_send_limit, tell_clinic


@dataclass(frozen=True)
class CallbackFields:
    whom: str
    phone: str
    days: list[str]
    times: list[str]
    topics: list[str]
    text: str
    notify: bool
    remember: bool = False  # keep the number for next time, if it is the asker's own


def same_callback_asked(grant: Grant, fields: CallbackFields) -> CallbackRequest | None:
    """An open call this person just asked for with the very same answers, if any."""
    since = utcnow() - RESEND_WINDOW
    recent = db.session.scalars(
        select(CallbackRequest)
        .where(
            CallbackRequest.patient_id == grant.patient.id,
            CallbackRequest.user_id == grant.user.id,
            CallbackRequest.created_at >= since,
            CallbackRequest.status.not_in(CALLBACK_CLOSED),
        )
        .order_by(CallbackRequest.id.desc())
        .limit(10)
    ).all()
    wanted = (
        fields.whom,
        fields.phone,
        list(fields.days),
        list(fields.times),
        list(fields.topics),
        fields.text,
    )
    return next((c for c in recent if (c.whom, c.phone, c.days, c.times, c.topics, c.text) == wanted), None)


def request_callback(grant: Grant, fields: CallbackFields) -> CallbackRequest:
    check_send_limit(grant.user)
    callback = CallbackRequest(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        whom=fields.whom,
        phone=fields.phone,
        days=list(fields.days),
        times=list(fields.times),
        topics=list(fields.topics),
        text=fields.text,
        notify=fields.notify,
        **grant.who_acted(),
    )
    db.session.add(callback)
    db.session.flush()
    # Remembered for next time only when asked, and only as the asker's own number.
    if fields.remember and callback.callee is not None and callback.callee.id == grant.user.id:
        grant.user.phone = fields.phone
    audit.record(grant, AccessAction.CREATE, "callback", callback.public_id)
    tell_clinic(grant.patient, _("en ny begäran om att bli uppringd"))
    return callback


# Needs in Mina anpassningar that make a phone call hard: the form and the staff's page say so.
WORDLESS = ("no_speech", "aac_device", "sign_language")


@dataclass(frozen=True)
class PhoneNeeds:
    wordless: list[str]  # the texts of the needs that make talking on the phone hard
    interpreter: bool
    language: str  # the interpreter need's comment, often the language

    def __bool__(self) -> bool:
        return bool(self.wordless or self.interpreter)


def phone_needs(patient: Patient) -> PhoneNeeds:
    chosen = {need.code: (need, comment) for need, comment in current_profile(patient).chosen}
    return PhoneNeeds(
        wordless=[str(chosen[code][0].text) for code in WORDLESS if code in chosen],
        interpreter="interpreter" in chosen,
        language=chosen["interpreter"][1] if "interpreter" in chosen else "",
    )


def visit_soon(patient: Patient) -> str:
    """ "today" or "tomorrow" when the patient has a visit then (not cancelled), else "": an
    answer within a few weekdays would come too late, so the page says to ring the clinic."""
    today = local_now().date()
    for visit in coming_visits(patient):
        if visit.cancelled:
            continue
        day = visit.starts_at.astimezone(local_now().tzinfo).date()
        if day == today:
            return "today"
        if day == today + timedelta(days=1):
            return "tomorrow"
    return ""


def callbacks_for(patient: Patient) -> list[CallbackRequest]:
    return list(
        db.session.scalars(
            select(CallbackRequest)
            .options(selectinload(CallbackRequest.attempts))
            .where(CallbackRequest.patient_id == patient.id)
            .order_by(CallbackRequest.created_at.desc())
            .limit(20)
        )
    )


def find_callback(patient: Patient, public_id: str) -> CallbackRequest | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(CallbackRequest).where(
            CallbackRequest.public_id == public_id, CallbackRequest.patient_id == patient.id
        )
    )


def callback_readers(callback: CallbackRequest) -> ReaderSummary:
    """Who on the patient's side reads what the vårdlots does with a call: the person to call
    first, then the one who asked, then the others; the one who asked is told by e-mail if they
    wanted it and may still see it."""
    callee = callback.callee
    first = [callee.id] if callee is not None else []
    readers = first_by(patient_readers(callback.patient), [*first, callback.user_id])
    return ReaderSummary(told(readers, [callback.user_id] if callback.notify else []))


def _tell_caller(callback: CallbackRequest) -> None:
    reader = next((r for r in callback_readers(callback).readers if r.told), None)
    if reader is None:
        return
    with force_locale(reader.language):
        body = _(
            "Hej!\n\nDet finns nytt om ditt samtal med vårdlotsen i Lotsen.\n"
            "Logga in och titta:\n%(link)s\n\nLotsen",
            link=external_url(
                "contact.callback", for_patient=callback.patient.public_id, callback_id=callback.public_id
            ),
        )
        notices.queue(
            reader.user.email, _("Nytt om ditt samtal i Lotsen"), body, "callback", callback.clinic_id
        )


def cancel_callback(grant: Grant, callback: CallbackRequest) -> None:
    """The patient's side no longer needs the call. The vårdlots sees it as cancelled."""
    if callback.status is CallbackStatus.CANCELLED:
        raise RuleError(_("Samtalet är redan borttaget."))
    if callback.status is CallbackStatus.DONE:
        raise RuleError(_("Samtalet är redan klart. Du behöver inte ta bort det."))
    callback.status = CallbackStatus.CANCELLED
    callback.done_at = utcnow()
    audit.record(grant, AccessAction.UPDATE, "contact.callback_cancel", callback.public_id)


def callback_state(callback: CallbackRequest) -> State:
    """Where a callback stands, in the patient's words: waiting, planned, tried, done."""
    if callback.status is CallbackStatus.CANCELLED:
        return State("cancelled", _("Borttaget. Vårdlotsen ringer inte."), "no")
    if callback.status is CallbackStatus.DONE:
        reached = any(a.outcome is CallOutcome.REACHED for a in callback.attempts)
        return State("done", _("Klart. Vårdlotsen har ringt.") if reached else _("Klart"), "visit-done")
    if callback.status is CallbackStatus.TRIED:
        last = callback.attempts[-1] if callback.attempts else None
        if last is not None and last.outcome is CallOutcome.LEFT_MESSAGE:
            return State(
                "tried",
                _("Vårdlotsen försökte ringa och lämnade ett meddelande. Vårdlotsen försöker igen."),
                "phone",
            )
        return State(
            "tried", _("Vårdlotsen försökte ringa men fick inget svar. Vårdlotsen försöker igen."), "phone"
        )
    if callback.status is CallbackStatus.PLANNED and callback.planned_on is not None:
        day = format_date(callback.planned_on, "EEEE d MMMM")
        part = _("på förmiddagen") if callback.planned_time == "morning" else _("på eftermiddagen")
        return State("planned", _("Vårdlotsen ringer %(day)s %(part)s.", day=day, part=part), "calendar")
    return State("waiting", _("Väntar. Vårdlotsen ringer upp."), "clock")


def plan_call(grant: Grant, callback: CallbackRequest, day: date, time: str) -> None:
    callback.planned_on = day
    callback.planned_time = time
    callback.status = CallbackStatus.PLANNED  # also after a try that did not reach anyone
    callback.done_at = None
    if callback.assigned_to_id is None:
        callback.assigned_to_id = grant.staff.id
    audit.record(grant, AccessAction.UPDATE, "contact_staff.callback_plan", callback.public_id)
    _tell_caller(callback)


def outcome_words() -> dict[CallOutcome, str]:
    return {
        CallOutcome.REACHED: _("Fick tag på personen"),
        CallOutcome.NO_ANSWER: _("Inget svar"),
        CallOutcome.LEFT_MESSAGE: _("Lämnade ett meddelande"),
    }


def record_attempt(grant: Grant, callback: CallbackRequest, outcome: CallOutcome, note: str) -> CallAttempt:
    attempt = CallAttempt(callback=callback, staff_member_id=grant.staff.id, outcome=outcome, note=note)
    db.session.add(attempt)
    if outcome is CallOutcome.REACHED:
        callback.status = CallbackStatus.DONE
        callback.done_at = utcnow()
    else:
        callback.status = CallbackStatus.TRIED
    if callback.assigned_to_id is None:
        callback.assigned_to_id = grant.staff.id
    audit.record(grant, AccessAction.UPDATE, "contact_staff.callback_attempt", callback.public_id)
    _tell_caller(callback)
    return attempt


def reopen_callback(grant: Grant, callback: CallbackRequest) -> None:
    """Back on the list: planned again if it has a day still to come, else waiting."""
    upcoming = callback.planned_on is not None and callback.planned_on >= local_now().date()
    callback.status = CallbackStatus.PLANNED if upcoming else CallbackStatus.WAITING
    callback.done_at = None
    audit.record(grant, AccessAction.UPDATE, "callback.reopen", callback.public_id)


def set_callback_done(grant: Grant, callback: CallbackRequest) -> None:
    callback.status = CallbackStatus.DONE
    callback.done_at = utcnow()
    audit.record(grant, AccessAction.UPDATE, "contact_staff.callback_done", callback.public_id)
