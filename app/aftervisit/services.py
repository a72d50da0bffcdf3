"""Efter besöket: staff write a summary of a visit as a draft, send it, and correct it (each
sending is a version; the patient's side sees only what was sent, and that it changed); the
patient's side reads it, says "Jag har förstått" or asks a question; the next steps are ticked
done by staff, or by the patient's side for the steps that are theirs. Every read and write is
in the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import notices
from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.clock import local_now, today
from ..core.grants import ActingAs, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import AccessAction, Patient, Visit, utcnow
from ..models.aftervisit import AfterVisit, AfterVisitRead, AfterVisitStep, AfterVisitVersion, step_rows
from ..next_steps import PATIENT_SIDE_WHO
from ..staff.readers import Reader, patient_readers
from . import content as shape

# --- finding ------------------------------------------------------------------------------------


def for_visit(visit: Visit, for_update: bool = False) -> AfterVisit | None:
    query = select(AfterVisit).where(AfterVisit.visit_id == visit.id)
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def for_visits(visit_ids: list[int]) -> dict[int, AfterVisit]:
    """The summaries of these visits (drafts too), by visit id: one query for a list."""
    if not visit_ids:
        return {}
    rows = db.session.scalars(select(AfterVisit).where(AfterVisit.visit_id.in_(visit_ids)))
    return {row.visit_id: row for row in rows}


@dataclass(frozen=True)
class State:
    """Where a summary is, for staff: a draft, sent (when the last version went), or sent with a
    correction not sent yet."""

    summary: AfterVisit
    sent_version: AfterVisitVersion | None

    @property
    def sent(self) -> bool:
        return self.sent_version is not None

    @property
    def sent_at(self):
        return self.sent_version.sent_at if self.sent_version is not None else None

    @property
    def correction_waiting(self) -> bool:
        return self.sent_version is not None and shape.clean(self.sent_version.content) != shape.clean(
            self.summary.content
        )


def state(summary: AfterVisit) -> State:
    return State(summary, latest(summary))


def states_for_visits(visit_ids: list[int]) -> dict[int, State]:
    """The state of the summaries of these visits, by visit id: one query for a list (each
    summary with the version sent last, if any)."""
    if not visit_ids:
        return {}
    rows = db.session.execute(
        select(AfterVisit, AfterVisitVersion)
        .outerjoin(
            AfterVisitVersion,
            (AfterVisitVersion.summary_id == AfterVisit.id)
            & (AfterVisitVersion.number == AfterVisit.version),
        )
        .where(AfterVisit.visit_id.in_(visit_ids))
    ).all()
    return {summary.visit_id: State(summary, version) for summary, version in rows}


def find(patient: Patient, public_id: str, for_update: bool = False) -> AfterVisit | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    query = select(AfterVisit).where(AfterVisit.patient_id == patient.id, AfterVisit.public_id == public_id)
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def latest(summary: AfterVisit) -> AfterVisitVersion | None:
    """The version the patient's side sees (None for a draft never sent)."""
    # (The relationship is newest first from the database; a version just sent is appended.)
    return max(summary.versions, key=lambda v: v.number, default=None)


def version(summary: AfterVisit, number: int) -> AfterVisitVersion | None:
    return next((v for v in summary.versions if v.number == number), None)


def sent_for_patient(patient: Patient) -> list[AfterVisit]:
    """The patient's sent summaries, newest visit first."""
    return list(
        db.session.scalars(
            select(AfterVisit)
            .join(Visit, Visit.id == AfterVisit.visit_id)
            .options(selectinload(AfterVisit.versions), selectinload(AfterVisit.visit))
            .where(AfterVisit.patient_id == patient.id, AfterVisit.version > 0)
            .order_by(Visit.starts_at.desc())
        ).all()
    )


# --- writing (staff) ----------------------------------------------------------------------------


def may_write(visit: Visit) -> bool:
    """A summary is written for a visit that was not cancelled."""
    return not visit.cancelled


def start(grant: Grant, visit: Visit, document: dict | None = None) -> AfterVisit:
    """The visit's summary: the one there is, or a new draft (filled from a ready summary)."""
    existing = for_visit(visit, for_update=True)
    if existing is not None:
        return existing
    if not may_write(visit):
        raise RuleError(_("Besöket är inställt. Det finns inget att skriva efter det."))
    summary = AfterVisit(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        visit_id=visit.id,
        content=shape.clean(document or shape.empty()),
        created_by_id=grant.staff.id,
        updated_by_id=grant.staff.id,
    )
    db.session.add(summary)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "after_visit", summary.public_id)
    return summary


def save(grant: Grant, summary: AfterVisit, document: dict) -> bool:
    """Keep the staff's working copy; True when it changed. A sent summary is corrected this way
    too: the patient's side sees the last version sent until the correction is sent."""
    cleaned = shape.clean(document)
    check_days(summary, cleaned)
    if cleaned == shape.clean(summary.content):
        return False
    summary.content = cleaned
    summary.updated_at = utcnow()
    summary.updated_by_id = grant.staff.id
    audit.record(grant, AccessAction.UPDATE, "after_visit", summary.public_id)
    return True


def kept_days(summary: AfterVisit | None) -> dict[str, str]:
    """The days of the steps of the version sent last, by key: a correction may keep them even
    when they have passed."""
    sent = latest(summary) if summary is not None else None
    return {s["key"]: s["on"] for s in shape.clean(sent.content)["steps"]} if sent is not None else {}


def check_days(summary: AfterVisit, document: dict) -> None:
    """A new step's day may not be in the past (a step kept from a version already sent may
    keep its day: it may be done, or late)."""
    before = kept_days(summary)
    first_day = today()
    for step in document["steps"]:
        if (
            step["on"]
            and date.fromisoformat(step["on"]) < first_day
            and before.get(step["key"]) != step["on"]
        ):
            raise RuleError(_("Dagen har redan varit. Välj en dag från i dag och framåt."), field="steps")


def changed_since_sent(summary: AfterVisit) -> bool:
    """Whether the working copy differs from what the patient's side sees."""
    sent = latest(summary)
    return sent is not None and shape.clean(sent.content) != shape.clean(summary.content)


def send(grant: Grant, summary: AfterVisit, why: dict[str, str] | None = None) -> AfterVisitVersion:
    """Send the working copy to the patient's side as a new version, with what was corrected
    (required for a correction), update the next steps, and tell those who may see it."""
    document = shape.clean(summary.content)
    if shape.is_empty(document):
        raise RuleError(_("Skriv något först. Allt är tomt."))
    if summary.visit.starts_at > utcnow():
        # A draft may be written ahead; what happened is told once the visit has begun.
        raise RuleError(_("Besöket har inte börjat än. Skicka när besöket har varit."))
    sent = latest(summary)
    if sent is not None and shape.clean(sent.content) == document:
        raise RuleError(_("Du har inte ändrat något sedan det skickades."))
    reason = {form: text.strip() for form, text in (why or {}).items() if text and text.strip()}
    if sent is not None and not reason.get("sv"):
        raise RuleError(_("Skriv vad du har ändrat. Patienten ser det."), field="why")
    check_days(summary, document)
    if any(not medicine["name"] for medicine in document["medicines"]):
        raise RuleError(_("Skriv namnet på varje medicin under Mina mediciner."), field="medicines")
    summary.version += 1
    entry = AfterVisitVersion(
        summary=summary,
        number=summary.version,
        content=document,
        why=reason if sent is not None else {},
        sent_by_id=grant.staff.id,
    )
    db.session.add(entry)
    now = utcnow()
    summary.sent_at = summary.sent_at or now
    summary.updated_at = now
    sync_steps(summary, document, now)
    db.session.flush()
    audit.record(grant, AccessAction.UPDATE, "after_visit.send", summary.public_id)
    tell_patient_side(summary)
    return entry


def sync_steps(summary: AfterVisit, document: dict, now) -> None:
    """The step rows follow the version just sent (see `step_rows`)."""
    rows = list(db.session.scalars(select(AfterVisitStep).where(AfterVisitStep.summary_id == summary.id)))
    db.session.add_all(step_rows(summary, document["steps"], rows, now))


def tell_patient_side(summary: AfterVisit) -> int:
    """E-mail those on the patient's side who may see it: only that something is new, and a
    link (no health data), in each reader's language."""
    link = external_url(
        "aftervisit.page", for_patient=summary.patient.public_id, summary_id=summary.public_id
    )
    told = 0
    for reader in patient_readers(summary.patient):
        # A group home's staff are told by the home's own reminders, not each by e-mail.
        if not reader.sees or reader.home:
            continue
        with force_locale(reader.language):
            body = _(
                "Hej!\n\nDet finns nytt efter ett besök i Lotsen.\nLogga in och titta:\n%(link)s\n\nLotsen",
                link=link,
            )
            notices.queue(
                reader.user.email, _("Nytt efter besöket i Lotsen"), body, "after_visit", summary.clinic_id
            )
        told += 1
    return told


# --- reading (the patient's side) ---------------------------------------------------------------


def _read_row(grant: Grant, summary: AfterVisit) -> AfterVisitRead:
    row = db.session.scalar(
        select(AfterVisitRead).where(
            AfterVisitRead.summary_id == summary.id, AfterVisitRead.user_id == grant.user.id
        )
    )
    if row is None:
        row = AfterVisitRead(summary_id=summary.id, user_id=grant.user.id, **_who(grant))
        db.session.add(row)
    return row


def _who(grant: Grant) -> dict:
    who = grant.who_acted()
    who.pop("user_id")
    return who


def mark_opened(grant: Grant, summary: AfterVisit) -> None:
    """The patient or a helper opened the summary (staff opening it is not a read mark)."""
    if grant.acting_as is ActingAs.STAFF or not summary.sent:
        return
    row = _read_row(grant, summary)
    row.version = summary.version
    row.read_at = utcnow()
    who = _who(grant)
    row.acting_as, row.mandate_id = who["acting_as"], who["mandate_id"]
    row.home_mandate_id = who["home_mandate_id"]


def mark_understood(grant: Grant, summary: AfterVisit) -> None:
    row = _read_row(grant, summary)
    row.version = max(row.version or 0, summary.version)
    row.understood_version = summary.version
    row.understood_at = utcnow()
    audit.record(grant, AccessAction.UPDATE, "after_visit.understood", summary.public_id)


def mark_question(grant: Grant, summary: AfterVisit, conversation) -> None:
    row = _read_row(grant, summary)
    row.question_at = utcnow()
    row.conversation_id = conversation.id


def unread_for(user, patient: Patient) -> list[AfterVisit]:
    """The patient's sent summaries this person has not opened since they were last sent."""
    sent = sent_for_patient(patient)
    if not sent:
        return []
    seen = {
        row.summary_id: row.version
        for row in db.session.scalars(
            select(AfterVisitRead).where(
                AfterVisitRead.user_id == user.id, AfterVisitRead.summary_id.in_([s.id for s in sent])
            )
        )
    }
    return [s for s in sent if seen.get(s.id, 0) < s.version]


@dataclass(frozen=True)
class ReadMark:
    """One reader on the patient's side and what they did with the summary (for staff)."""

    reader: Reader
    row: AfterVisitRead | None

    @property
    def read_latest(self) -> bool:
        return self.row is not None and self.row.version >= self.row.summary.version

    @property
    def understood(self) -> bool:
        return self.row is not None and self.row.understood_at is not None


def read_marks(summary: AfterVisit) -> list[ReadMark]:
    """Everyone on the patient's side who may see the summary, and what each has done."""
    rows = {
        row.user_id: row
        for row in db.session.scalars(select(AfterVisitRead).where(AfterVisitRead.summary_id == summary.id))
    }
    return [
        ReadMark(reader, rows.get(reader.user.id))
        for reader in patient_readers(summary.patient)
        if reader.sees
    ]


# --- next steps ---------------------------------------------------------------------------------


def find_step(patient: Patient, public_id: str, for_update: bool = False) -> AfterVisitStep | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    query = select(AfterVisitStep).where(
        AfterVisitStep.patient_id == patient.id,
        AfterVisitStep.public_id == public_id,
        AfterVisitStep.removed_at.is_(None),
    )
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def may_tick(grant: Grant, step: AfterVisitStep) -> bool:
    """Staff tick any step; the patient's side the steps that are theirs ("jag", "boendet")."""
    return grant.acting_as is ActingAs.STAFF or step.who in PATIENT_SIDE_WHO


def set_step_done(grant: Grant, step: AfterVisitStep, done: bool) -> bool:
    if not may_tick(grant, step):
        raise RuleError(_("Vårdcentralen bockar av det här själv."))
    if step.done == done:
        return False
    step.done_at = utcnow() if done else None
    step.done_by_id = grant.user.id if done else None
    step.done_acting_as = grant.acting_as.value if done else ""
    audit.record(
        grant,
        AccessAction.UPDATE,
        "after_visit.step_done" if done else "after_visit.step_undone",
        step.public_id,
    )
    return True


def open_steps(patient: Patient, dated_only: bool = False) -> list[AfterVisitStep]:
    """The next steps not yet done, of the patient's sent summaries: dated ones by day first."""
    query = (
        select(AfterVisitStep)
        .join(AfterVisit, AfterVisit.id == AfterVisitStep.summary_id)
        .options(selectinload(AfterVisitStep.summary))
        .where(
            AfterVisitStep.patient_id == patient.id,
            AfterVisitStep.removed_at.is_(None),
            AfterVisitStep.done_at.is_(None),
            AfterVisit.version > 0,
        )
    )
    if dated_only:
        query = query.where(AfterVisitStep.due_on.is_not(None))
    rows = list(db.session.scalars(query))
    far = date.max
    return sorted(rows, key=lambda s: (s.due_on or far, s.summary_id, s.position))


def steps_of(summary: AfterVisit) -> dict[str, AfterVisitStep]:
    """The step rows of a sent summary by key (to show done marks beside the version's steps)."""
    return {
        row.key: row
        for row in db.session.scalars(
            select(AfterVisitStep).where(
                AfterVisitStep.summary_id == summary.id, AfterVisitStep.removed_at.is_(None)
            )
        )
    }


def is_today_or_before(day: date | None) -> bool:
    return day is not None and day <= local_now().date()


def read_of(user, summary: AfterVisit) -> AfterVisitRead | None:
    """This person's read mark on the summary (None before they first opened it)."""
    return db.session.scalar(
        select(AfterVisitRead).where(
            AfterVisitRead.summary_id == summary.id, AfterVisitRead.user_id == user.id
        )
    )


def understood_latest(row: AfterVisitRead | None) -> bool:
    """Whether this person said "Jag har förstått" about the version the patient's side sees now."""
    return row is not None and row.understood_at is not None and row.understood_version >= row.summary.version
