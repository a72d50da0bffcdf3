"""Visits, visit types and their schedules, visit requests and visit preparations.

Staff record visits (the real booking system is elsewhere); every booking, change and cancelling is
kept as a VisitChange so the patient can be told what changed in easy words, and the patient and
their helpers get an e-mail that something is new (without health data). Preparations are saved
step by step, so nothing is lost when someone leaves or their session times out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from .. import notices
from ..clinic_words import Said, forms_of, said, set_forms
from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.clock import CLINIC_ZONE, local_now
from ..core.grants import ActingAs, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    AccessAction,
    ChangeKind,
    MandateStatus,
    Patient,
    Preparation,
    PreparationStatus,
    StaffMember,
    Visit,
    VisitChange,
    VisitRequest,
    VisitStep,
    VisitStepVariant,
    VisitType,
    utcnow,
)
from ..needs.catalogue import NEEDS_BY_CODE
from . import bodymap, photos
from .catalogue import BODY_PARTS, COMMON_NEEDS, applicable

# Changes are shown to the patient on the visit for this long.
CHANGE_SHOWN_DAYS = 14


# --- visits, for the patient ---------------------------------------------------------------------

def _visit_query():
    return select(Visit).options(selectinload(Visit.staff).selectinload(StaffMember.user),
                                 selectinload(Visit.visit_type).selectinload(VisitType.steps)
                                 .selectinload(VisitStep.variants),
                                 selectinload(Visit.changes))


# No visit is longer than this (the forms allow 480 minutes): a bound for the queries below.
LONGEST_VISIT = timedelta(hours=8)


def coming_visits(patient: Patient, *, details: bool = True) -> list[Visit]:
    """Visits that have not ended yet, cancelled ones too (so the patient sees they are off).

    `details=False` loads the visit type and the changes only, not the staff and the steps
    (for Hem, which shows the next visit's type and time and whether any visit has changed)."""
    now = utcnow()
    query = _visit_query() if details else select(Visit).options(
        joinedload(Visit.visit_type), selectinload(Visit.changes))
    rows = db.session.scalars(
        query.where(Visit.patient_id == patient.id,
                             Visit.starts_at >= now - LONGEST_VISIT)
        .order_by(Visit.starts_at)).all()
    return [visit for visit in rows if visit.ends_at > now]


def past_visits(patient: Patient, limit: int = 5) -> list[Visit]:
    now = utcnow()
    rows = db.session.scalars(
        _visit_query().where(Visit.patient_id == patient.id, Visit.starts_at < now,
                             Visit.cancelled_at.is_(None))
        .order_by(Visit.starts_at.desc()).limit(limit + 1)).all()
    return [visit for visit in rows if visit.ends_at <= now][:limit]


def find_visit(patient: Patient, public_id: str) -> Visit | None:
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    return db.session.scalar(
        _visit_query().where(Visit.patient_id == patient.id, Visit.public_id == public_id))


def recent_change(visit: Visit) -> VisitChange | None:
    """The newest change to tell the patient about (a first booking is not news)."""
    cutoff = utcnow() - timedelta(days=CHANGE_SHOWN_DAYS)
    for change in visit.changes:
        if change.kind is not ChangeKind.BOOKED and change.at >= cutoff:
            return change
    return None


def _when_words(iso: str) -> str:
    return when_words(datetime.fromisoformat(iso))


def when_words(moment: datetime) -> str:
    """"måndag 1 december klockan 10:30", in the clinic's time."""
    moment = moment.astimezone(CLINIC_ZONE)
    return str(_l("%(day)s klockan %(time)s", day=format_datetime(moment, "EEEE d MMMM"),
                  time=format_datetime(moment, "HH:mm")))


CHANGE_WORDS = {
    "starts_at": _l("Ny tid: %(after)s. Förut: %(before)s."),
    "room": _l("Nytt rum: %(after)s. Förut: %(before)s."),
    "visit_type": _l("Nu är det: %(after)s. Förut: %(before)s."),
    "staff": _l("Du träffar: %(after)s. Förut: %(before)s."),
    "minutes": _l("Besöket tar nu %(after)s minuter. Förut: %(before)s minuter."),
    "bring": _l("Ta med har ändrats."),
    "note": _l("Det finns ett nytt meddelande."),
}


def change_sentences(change: VisitChange) -> list[str]:
    """What changed, in easy words, one sentence per thing."""
    if change.kind is ChangeKind.CANCELLED:
        return [str(_l("Besöket är inställt. Du ska inte komma."))]
    sentences = []
    for key, words in CHANGE_WORDS.items():
        if key not in change.details:
            continue
        before, after = change.details[key]
        if key == "starts_at":
            before, after = _when_words(before), _when_words(after)
        nothing = str(_l("ingen"))
        sentences.append(str(words) % {"before": before or nothing, "after": after or nothing})
    return sentences


# --- visits, for staff ---------------------------------------------------------------------------

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


def _overlapping(start: datetime, end: datetime, *where) -> list[Visit]:
    rows = db.session.scalars(
        _visit_query().where(Visit.cancelled_at.is_(None), Visit.starts_at < end,
                             Visit.starts_at >= start - LONGEST_VISIT, *where)
        .order_by(Visit.starts_at)).all()
    return [visit for visit in rows if visit.ends_at > start]


def booking_warnings(patient: Patient, fields: VisitFields, visit: Visit | None = None,
                     profile=None) -> list[str]:
    """What staff should see before they save: the patient or a chosen colleague already has a
    visit then, or the patient needs a longer visit than the one booked. Not refusals: the real
    booking system is elsewhere, and staff may know better."""
    start = fields.starts_at.astimezone(UTC)
    end = start + timedelta(minutes=fields.minutes)
    others = (Visit.id != visit.id,) if visit is not None else ()
    warnings = []
    for other in _overlapping(start, end, Visit.patient_id == patient.id, *others):
        warnings.append(_("%(name)s har redan ett besök då: %(what)s, %(when)s.",
                          name=patient.display_name, what=other.visit_type.name,
                          when=when_words(other.starts_at)))
    chosen = {member.id for member in fields.staff}
    if chosen:
        busy = _overlapping(start, end, Visit.clinic_id == patient.clinic_id,
                            Visit.staff.any(StaffMember.id.in_(chosen)), *others)
        for other in busy:
            for member in other.staff:
                if member.id in chosen:
                    warnings.append(_("%(staff)s har redan ett besök då: %(what)s, %(when)s.",
                                      staff=member.name, what=other.visit_type.name,
                                      when=when_words(other.starts_at)))
    if profile is not None:
        for need, comment in profile.chosen:
            if need.code == "longer_visit" and fields.minutes <= fields.visit_type.minutes:
                warning = _("%(name)s behöver längre besökstid, men besöket är %(minutes)d "
                            "minuter, som vanligt för %(what)s.", name=patient.display_name,
                            minutes=fields.minutes, what=fields.visit_type.name)
                warnings.append(f"{warning} {comment}".strip())
    return warnings


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


def book(grant: Grant, fields: VisitFields) -> Visit:
    visit = Visit(patient=grant.patient, clinic_id=grant.patient.clinic_id)
    _apply(visit, fields)
    db.session.add(visit)
    db.session.add(VisitChange(visit=visit, kind=ChangeKind.BOOKED,
                               staff_member=grant.staff_member))
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "visit", visit.public_id)
    notify_patient(grant.patient, visit)
    return visit


def _other_forms(visit: Visit) -> dict:
    return {field: {k: v for k, v in forms_of(visit, field).items() if k != "sv"}
            for field in VISIT_TEXTS}


def change(grant: Grant, visit: Visit, fields: VisitFields, message: str,
           message_forms: dict[str, str] | None = None) -> VisitChange | None:
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
    entry = VisitChange(visit=visit, kind=ChangeKind.CHANGED, details=details, message=message,
                        staff_member=grant.staff_member)
    set_forms(entry, "message", message_forms)
    db.session.add(entry)
    audit.record(grant, AccessAction.UPDATE, "visit", visit.public_id)
    notify_patient(grant.patient, visit)
    return entry


def cancel(grant: Grant, visit: Visit, message: str,
           message_forms: dict[str, str] | None = None) -> None:
    if visit.cancelled:
        raise RuleError(str(_l("Besöket är redan inställt.")))
    visit.cancelled_at = utcnow()
    visit.sequence += 1
    entry = VisitChange(visit=visit, kind=ChangeKind.CANCELLED, message=message,
                        staff_member=grant.staff_member)
    set_forms(entry, "message", message_forms or {})
    db.session.add(entry)
    audit.record(grant, AccessAction.UPDATE, "visit", visit.public_id)
    notify_patient(grant.patient, visit)


def notify_patient(patient: Patient, visit: Visit) -> int:
    """Tell the patient and their helpers by e-mail that a visit is new or changed.

    The e-mail says only that there is news in Lotsen, with a link: no health data. It is kept
    until the mail server has taken it (`app.notices`), so a server that is down delays the
    notice but neither stops the change nor loses the notice.
    """
    people = []
    if patient.user is not None and patient.user.active:
        people.append(patient.user)
    today = local_now().date()
    people += [m.representative for m in patient.mandates
               if m.effective_status(today) is MandateStatus.ACTIVE and m.representative.active]
    # A link about this patient's visit: it opens for this patient, whoever a helper chose last.
    link = external_url("visits.visit", for_patient=patient.public_id, visit_id=visit.public_id)
    for person in people:
        body = str(_l("Hej!\n\nDet finns nytt om ett besök i Lotsen.\n"
                      "Logga in och titta under Mina besök:\n%(link)s\n\nHälsningar\nLotsen",
                      link=link))
        notices.queue(person.email, str(_l("Nytt om ett besök i Lotsen")), body, "visit",
                      patient.clinic_id)
    return len(people)


def clinic_visits(clinic_id: int, start: datetime, end: datetime) -> list[Visit]:
    return list(db.session.scalars(
        _visit_query().options(selectinload(Visit.patient))
        .where(Visit.clinic_id == clinic_id, Visit.starts_at >= start, Visit.starts_at < end)
        .order_by(Visit.starts_at)).all())


def patient_visits(patient: Patient) -> list[Visit]:
    """Every visit of a patient, newest first, for the staff card."""
    return list(db.session.scalars(
        _visit_query().where(Visit.patient_id == patient.id)
        .order_by(Visit.starts_at.desc()).limit(50)).all())


def preparations_for(visit_ids: list[int]) -> dict[int, Preparation]:
    if not visit_ids:
        return {}
    rows = db.session.scalars(select(Preparation).where(Preparation.visit_id.in_(visit_ids)))
    return {row.visit_id: row for row in rows}


def clinic_staff(clinic_id: int) -> list[StaffMember]:
    from ..models import User

    rows = db.session.scalars(
        select(StaffMember).join(User, StaffMember.user_id == User.id)
        .options(contains_eager(StaffMember.user))  # their names, without a query each
        .where(StaffMember.clinic_id == clinic_id, User.active.is_(True))
        .order_by(User.name)).all()
    return list(rows)


# --- visit types and their schedules ------------------------------------------------------------

def visit_types(clinic_id: int, include_inactive: bool = False) -> list[VisitType]:
    query = (select(VisitType).options(selectinload(VisitType.steps)
                                       .selectinload(VisitStep.variants))
             .where(VisitType.clinic_id == clinic_id).order_by(VisitType.name))
    if not include_inactive:
        query = query.where(VisitType.active.is_(True))
    return list(db.session.scalars(query).all())


def find_type(clinic_id: int, public_id: str) -> VisitType | None:
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    return db.session.scalar(select(VisitType).where(VisitType.clinic_id == clinic_id,
                                                     VisitType.public_id == public_id))


def find_step(visit_type: VisitType, public_id: str) -> VisitStep | None:
    return next((s for s in visit_type.steps if s.public_id == public_id), None)


def _renumber(visit_type: VisitType) -> None:
    for number, step in enumerate(visit_type.steps, start=1):
        step.position = number


def add_step(visit_type: VisitType, text: str, pictogram: str, photo=None,
             index: int | None = None, forms: dict[str, str] | None = None) -> VisitStep:
    """A new step at `index` (0 is first; None is last); the steps after it move down one."""
    steps = list(visit_type.steps)
    index = len(steps) if index is None else max(0, min(index, len(steps)))
    for later in steps[index:]:
        later.position += 1
    step = VisitStep(text=text, pictogram=pictogram, photo=photo, position=index + 1,
                     translations={})
    set_forms(step, "text", forms or {})
    visit_type.steps.append(step)
    db.session.flush()
    db.session.expire(visit_type, ["steps"])  # read again in the new order
    return step


def move_step(visit_type: VisitType, step: VisitStep, direction: str) -> bool:
    """Swap a step with the one above or below it; False at the top or the bottom."""
    steps = visit_type.steps
    index = steps.index(step)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(steps):
        return False
    step.position, steps[other].position = steps[other].position, step.position
    db.session.flush()
    db.session.expire(visit_type, ["steps"])  # read again in the new order
    return True


def coming_visits_of_type(visit_type: VisitType) -> int:
    """How many booked, not cancelled visits of this type are still to come."""
    return db.session.scalar(
        select(func.count(Visit.id)).where(
            Visit.visit_type_id == visit_type.id, Visit.cancelled_at.is_(None),
            Visit.starts_at >= utcnow())) or 0


def delete_step(visit_type: VisitType, step: VisitStep) -> None:
    visit_type.steps.remove(step)
    db.session.flush()
    _renumber(visit_type)


# --- a step told another way for a need (point 5 of "the patient's side") ------------------------

@dataclass
class ShownStep:
    """One step of the schedule as one patient sees it: the step's own, or its variant for a
    need the patient has; the text in the reader's language."""

    step: VisitStep
    variant: VisitStepVariant | None
    text: Said
    pictogram: str
    photo: object | None


def patient_need_codes(profile) -> set[str]:
    return {need.code for need, _comment in (profile.chosen if profile is not None else [])}


def variant_for(step: VisitStep, need_codes: set[str]) -> VisitStepVariant | None:
    """The first variant, in the order staff set, whose need the patient has."""
    return next((v for v in step.variants if v.need in need_codes), None)


def schedule_for(visit_type: VisitType, need_codes: set[str], locale: str | None = None,
                 easy: bool | None = None) -> list[ShownStep]:
    """The picture schedule for a patient with these needs, in the reader's language (by
    default this request's reader). A variant with its own picture shows that picture instead
    of the step's photo; one without shows the step's picture or photo."""
    shown = []
    for step in visit_type.steps:
        variant = variant_for(step, need_codes)
        if variant is None:
            shown.append(ShownStep(step, None, said(step, "text", locale, easy), step.pictogram,
                                   step.photo))
        else:
            own = bool(variant.pictogram)
            shown.append(ShownStep(step, variant, said(variant, "text", locale, easy),
                                   variant.pictogram if own else step.pictogram,
                                   None if own else step.photo))
    return shown


def find_variant(step: VisitStep, public_id: str) -> VisitStepVariant | None:
    return next((v for v in step.variants if v.public_id == public_id), None)


MAX_VARIANTS = 10


def save_variant(step: VisitStep, variant: VisitStepVariant | None, need: str, text: str,
                 pictogram: str, forms: dict[str, str]) -> VisitStepVariant:
    """Add a variant last (`variant` None) or change one; one variant per need and step."""
    if any(other.need == need and other is not variant for other in step.variants):
        raise RuleError(str(_l("Steget har redan en variant för det behovet. Ändra den i "
                               "stället.")), field="need")
    if variant is None:
        if len(step.variants) >= MAX_VARIANTS:
            raise RuleError(str(_l("Ett steg kan ha högst %(max)d varianter.",
                                   max=MAX_VARIANTS)))
        variant = VisitStepVariant(
            translations={},
            position=max((v.position for v in step.variants), default=0) + 1)
        step.variants.append(variant)
    variant.need, variant.text, variant.pictogram = need, text, pictogram
    set_forms(variant, "text", forms)
    db.session.flush()
    return variant


def move_variant(step: VisitStep, variant: VisitStepVariant, direction: str) -> bool:
    variants = list(step.variants)
    index = variants.index(variant)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(variants):
        return False
    variants[index], variants[other] = variants[other], variants[index]
    for position, row in enumerate(variants, 1):
        row.position = position
    db.session.flush()
    db.session.expire(step, ["variants"])
    return True


def delete_variant(step: VisitStep, variant: VisitStepVariant) -> None:
    step.variants.remove(variant)
    db.session.flush()


# --- staff photos ------------------------------------------------------------------------------

def set_staff_photo(staff: StaffMember, data: bytes) -> None:
    """The staff member's own photo, cut square and cleaned; the old one is deleted."""
    old = staff.photo
    staff.photo = photos.store(staff.clinic_id, staff.user_id, data, portrait=True)
    if old is not None:
        db.session.delete(old)
    db.session.commit()


def remove_staff_photo(staff: StaffMember) -> None:
    if staff.photo is not None:
        db.session.delete(staff.photo)
        staff.photo = None
    db.session.commit()


# --- visit requests ------------------------------------------------------------------------------

def _who(grant: Grant) -> dict:
    return {"user_id": grant.user.id, "acting_as": grant.acting_as.value,
            "mandate_id": grant.mandate.id if grant.mandate else None}


def request_visit(grant: Grant, reasons: list[str], times: list[str], text: str,
                  preparation: Preparation | None = None) -> VisitRequest:
    request = VisitRequest(patient_id=grant.patient.id, clinic_id=grant.patient.clinic_id,
                           reasons=list(reasons), times=list(times), text=text,
                           preparation=preparation, **_who(grant))
    db.session.add(request)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "visit_request", request.public_id)
    return request


def patient_requests(patient: Patient, limit: int = 10) -> list[VisitRequest]:
    return list(db.session.scalars(
        select(VisitRequest).where(VisitRequest.patient_id == patient.id)
        .order_by(VisitRequest.created_at.desc()).limit(limit)).all())


def find_request(patient: Patient, public_id: str) -> VisitRequest | None:
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    return db.session.scalar(select(VisitRequest).where(VisitRequest.patient_id == patient.id,
                                                        VisitRequest.public_id == public_id))


def mark_handled(grant: Grant, request: VisitRequest) -> None:
    if request.handled_at is None:
        request.handled_at = utcnow()
        request.handled_by = grant.staff_member
        audit.record(grant, AccessAction.UPDATE, "visits_staff.request_handled", request.public_id)


# --- preparations --------------------------------------------------------------------------------

def is_representative(grant: Grant) -> bool:
    return grant.acting_as is ActingAs.REPRESENTATIVE


def find_preparation(patient: Patient, public_id: str, for_update: bool = False):
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    query = select(Preparation).where(Preparation.patient_id == patient.id,
                                      Preparation.public_id == public_id)
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def preparation_for_visit(visit: Visit) -> Preparation | None:
    return db.session.scalar(select(Preparation).where(Preparation.visit_id == visit.id))


def start(grant: Grant, visit: Visit | None) -> Preparation:
    """The preparation to continue: the visit's own, or the patient's open one without a visit."""
    if visit is not None:
        existing = preparation_for_visit(visit)
    else:
        existing = db.session.scalar(
            select(Preparation).where(Preparation.patient_id == grant.patient.id,
                                      Preparation.visit_id.is_(None),
                                      Preparation.status == PreparationStatus.DRAFT)
            .order_by(Preparation.created_at.desc()).limit(1))
    if existing is not None:
        audit.record(grant, AccessAction.READ, "preparation", existing.public_id)
        return existing
    if visit is not None and visit.cancelled:
        raise RuleError(str(_l("Besöket är inställt. Du behöver inte förbereda det.")))
    preparation = Preparation(patient_id=grant.patient.id, visit=visit, answers={},
                              step=applicable({}, is_representative(grant))[0].key,
                              updated_by_id=grant.user.id, created_by_id=grant.user.id)
    db.session.add(preparation)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "preparation", preparation.public_id)
    return preparation


def save_step(grant: Grant, preparation: Preparation, step_key: str, answer: dict,
              go_to: str) -> None:
    """Keep one step's answer and the step to come back to, at once on the server."""
    if preparation.submitted:
        raise RuleError(str(_l("Det här är redan skickat. Tryck på Ändra för att ändra.")))
    answers = dict(preparation.answers or {})
    answers[step_key] = answer
    preparation.answers = answers
    preparation.step = go_to
    preparation.updated_at = utcnow()
    preparation.updated_by_id = grant.user.id
    audit.record(grant, AccessAction.UPDATE, "preparation", preparation.public_id)


def submit(grant: Grant, preparation: Preparation, answered_by: str = "") -> VisitRequest | None:
    """Send the preparation to the clinic; without a visit it goes as a visit request.
    `answered_by` is what a helper said on Kontrollera; a patient on their own answered."""
    if preparation.submitted:
        raise RuleError(str(_l("Det här är redan skickat.")))
    preparation.answered_by = "patient" if grant.acting_as is ActingAs.PATIENT else answered_by
    preparation.status = PreparationStatus.SUBMITTED
    preparation.submitted_at = utcnow()
    preparation.submitted_by_id = grant.user.id
    preparation.submitted_acting_as = grant.acting_as.value
    preparation.submitted_mandate_id = grant.mandate.id if grant.mandate else None
    preparation.read_at = None
    preparation.read_by_id = None
    preparation.step = "kontrollera"
    audit.record(grant, AccessAction.UPDATE, "preparation.submit", preparation.public_id)
    if preparation.visit_id is not None:
        return None
    existing = db.session.scalar(select(VisitRequest).where(
        VisitRequest.preparation_id == preparation.id))
    if existing is not None:
        existing.handled_at = None
        return existing
    reasons = (preparation.answers or {}).get("varfor", {}).get("choices", [])
    return request_visit(grant, reasons, [], "", preparation=preparation)


def reopen(grant: Grant, preparation: Preparation) -> None:
    """Open a sent preparation again to change it; it must then be sent again."""
    if not preparation.submitted:
        return
    preparation.status = PreparationStatus.DRAFT
    preparation.step = "kontrollera"
    audit.record(grant, AccessAction.UPDATE, "preparation.reopen", preparation.public_id)


def mark_read(grant: Grant, preparation: Preparation) -> None:
    if preparation.submitted and preparation.read_at is None:
        preparation.read_at = utcnow()
        preparation.read_by = grant.staff_member
        audit.record(grant, AccessAction.UPDATE, "visits_staff.preparation_read", preparation.public_id)


def patient_preparations(patient: Patient) -> list[Preparation]:
    return list(db.session.scalars(
        select(Preparation).options(selectinload(Preparation.visit))
        .where(Preparation.patient_id == patient.id)
        .order_by(Preparation.updated_at.desc()).limit(20)).all())


# --- what a preparation says ---------------------------------------------------------------------

@dataclass
class AnswerRow:
    step_key: str
    question: str
    items: list[tuple[str, str]]  # (text, pictogram)
    text: str


ANSWERED_BY_WORDS = {
    "patient": _l("%(patient)s svarade själv."),
    "representative": _l("%(helper)s svarade för %(patient)s."),
    "together": _l("%(patient)s och %(helper)s svarade tillsammans."),
}


def answered_by_words(preparation: Preparation) -> str:
    """Who answered, for staff, the sent page and the paper: "" when nobody said."""
    words = ANSWERED_BY_WORDS.get(preparation.answered_by or "")
    if words is None or preparation.patient is None:
        return ""
    helper = preparation.user.name if preparation.user is not None else ""
    return str(words) % {"patient": preparation.patient.display_name, "helper": helper}


def needs_choices(profile) -> list:
    """The needs offered on the "what helps me" page: the profile's own, then common ones."""
    own = [need for need, _comment in profile.chosen]
    codes = {need.code for need in own}
    return own + [NEEDS_BY_CODE[c] for c in COMMON_NEEDS if c not in codes]


def summary(preparation: Preparation, representative: bool, name: str) -> list[AnswerRow]:
    """Every applicable step with its answer, in order; for Kontrollera, staff and print."""
    answers = preparation.answers or {}
    parts = {p.value: p for p in BODY_PARTS}
    rows = []
    for step in applicable(answers, representative):
        answer = answers.get(step.key, {})
        values = answer.get("choices") or ([answer["choice"]] if answer.get("choice") else [])
        items = []
        for value in values:
            if step.kind == "needs":
                need = NEEDS_BY_CODE.get(value)
                if need is not None:
                    items.append((str(need.text), need.pictogram))
            elif value in parts:
                # Its own small figure, with the place marked where it is on the body map.
                items.append((str(parts[value].text), bodymap.pictogram_id(parts[value])))
            else:
                choice = next((c for c in step.choices if c.value == value), None)
                if choice is not None:
                    items.append((str(choice.text), choice.pictogram))
        question = step.question_for if representative else step.question
        rows.append(AnswerRow(step.key, str(question) % {"name": name}, items,
                              answer.get("text", "")))
    return rows

