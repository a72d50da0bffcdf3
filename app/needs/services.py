"""Reading and saving a patient's needs profile, its history and reviews, Mitt vårdpass.

A save is a three-way merge: the page says which version it was opened at (`base`), and only what
the person changed on the page since then is applied to the newest version. So two people who edit
at the same time, or one who left a page open for an hour, never undo each other's other changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..access import Grant
from ..extensions import db
from ..forms import RuleError
from ..models import AccessAction, NeedReview, NeedRevision, Patient
from .catalogue import (
    FIELDS,
    NEEDS_BY_CODE,
    SECTIONS,
    Need,
    Part,
    in_catalogue_order,
)

# How long a review holds before the card asks for a new one.
REVIEW_INTERVAL_DAYS = 365


@dataclass
class Profile:
    """A version of the profile; number 0 is the empty profile before anything was saved."""

    number: int = 0
    needs: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    revision: NeedRevision | None = None

    @property
    def at(self) -> datetime | None:
        return self.revision.at if self.revision else None

    @property
    def chosen(self) -> list[tuple[Need, str]]:
        """The chosen needs with their comments, in the catalogue's order."""
        return [(need, self.needs.get(need.code, "")) for need in in_catalogue_order(self.needs)]

    def chosen_in(self, category_key: str) -> list[tuple[Need, str]]:
        return [(need, comment) for need, comment in self.chosen if need.category == category_key]


def _from_revision(revision: NeedRevision | None) -> Profile:
    if revision is None:
        return Profile()
    return Profile(
        number=revision.number,
        needs={code: str(comment) for code, comment in (revision.needs or {}).items()
               if code in NEEDS_BY_CODE},
        sections={key: str(text) for key, text in (revision.sections or {}).items()
                  if key in FIELDS and text},
        revision=revision,
    )


def current_profile(patient: Patient) -> Profile:
    revision = db.session.scalar(
        select(NeedRevision).where(NeedRevision.patient_id == patient.id)
        .order_by(NeedRevision.number.desc()).limit(1))
    return _from_revision(revision)


def profile_at(patient: Patient, number: int) -> Profile | None:
    """The profile as it was saved in version `number`; None if there is no such version."""
    if number == 0:
        return Profile()
    revision = db.session.scalar(
        select(NeedRevision).where(NeedRevision.patient_id == patient.id,
                                   NeedRevision.number == number))
    return None if revision is None else _from_revision(revision)


def current_profiles(patient_ids: list[int]) -> dict[int, Profile]:
    """The current profile of each patient, in two queries (for lists of visits or messages)."""
    if not patient_ids:
        return {}
    newest = (select(NeedRevision.patient_id, func.max(NeedRevision.number).label("number"))
              .where(NeedRevision.patient_id.in_(patient_ids))
              .group_by(NeedRevision.patient_id).subquery())
    rows = db.session.scalars(
        select(NeedRevision).join(newest, (NeedRevision.patient_id == newest.c.patient_id)
                                  & (NeedRevision.number == newest.c.number))).all()
    found = {row.patient_id: _from_revision(row) for row in rows}
    return {pid: found.get(pid, Profile()) for pid in patient_ids}


# --- saving -------------------------------------------------------------------------------------

def _merge(keys, base: dict, mine: dict, newest: dict) -> dict:
    """For each key on the page: what I changed since `base` wins; what I left alone keeps `newest`."""
    result = dict(newest)
    for key in keys:
        if mine.get(key) != base.get(key):
            if mine.get(key) is None:
                result.pop(key, None)
            else:
                result[key] = mine[key]
    return result


def save(grant: Grant, *, base: int, need_codes=(), needs: dict | None = None, field_keys=(),
         sections: dict | None = None, reason: str = "") -> NeedRevision | None:
    """Save what one page shows: `need_codes` and their choices in `needs` ({code: comment} for
    the chosen ones), `field_keys` and their texts in `sections`. Returns the new version, or None
    when nothing changed. Refuses a `base` version that does not exist.
    """
    patient = grant.patient
    # Serialise saves for one patient (SQLite already does, with BEGIN IMMEDIATE).
    db.session.execute(select(Patient.id).where(Patient.id == patient.id).with_for_update())
    newest = current_profile(patient)
    base_profile = profile_at(patient, base) if 0 <= base <= newest.number else None
    if base_profile is None:
        raise RuleError(str(_l("Sidan är för gammal. Öppna den igen och gör om ändringen.")))
    mine_needs = {code: (needs or {})[code].strip() for code in need_codes if code in (needs or {})}
    mine_sections = {key: (sections or {}).get(key, "").strip() for key in field_keys}
    mine_sections = {key: text for key, text in mine_sections.items() if text}
    merged_needs = _merge(need_codes, base_profile.needs, mine_needs, newest.needs)
    merged_sections = _merge(field_keys, base_profile.sections, mine_sections, newest.sections)
    if merged_needs == newest.needs and merged_sections == newest.sections:
        return None
    revision = NeedRevision(
        patient_id=patient.id,
        number=newest.number + 1,
        user_id=grant.user.id,
        acting_as=grant.acting_as.value,
        mandate_id=grant.mandate.id if grant.mandate else None,
        reason=reason.strip(),
        needs=merged_needs,
        sections=merged_sections,
    )
    db.session.add(revision)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RuleError(
            str(_l("Någon annan sparade samtidigt. Titta på sidan och spara igen."))) from None
    audit.record(grant, AccessAction.UPDATE, "needs", str(revision.number))
    return revision


def review(grant: Grant, *, reviewed_on: date, together_with: str, note: str) -> NeedReview:
    if grant.staff_member is None:
        raise RuleError(str(_l("Bara personal kan markera en genomgång.")))
    entry = NeedReview(
        patient_id=grant.patient.id,
        revision_number=current_profile(grant.patient).number,
        reviewed_on=reviewed_on,
        together_with=together_with.strip(),
        note=note.strip(),
        staff_member_id=grant.staff_member.id,
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "needs.review", str(entry.id))
    return entry


def last_review(patient: Patient) -> NeedReview | None:
    return db.session.scalar(
        select(NeedReview).where(NeedReview.patient_id == patient.id)
        .order_by(NeedReview.reviewed_on.desc(), NeedReview.id.desc()).limit(1))


def review_due(last: NeedReview | None, today: date) -> bool:
    """Whether the profile should be gone through again, given its last review."""
    return last is None or (today - last.reviewed_on).days > REVIEW_INTERVAL_DAYS


# --- history ------------------------------------------------------------------------------------


@dataclass
class Change:
    """What one version changed compared with the one before it."""

    revision: NeedRevision
    added: list[tuple[Need, str]]
    removed: list[tuple[Need, str]]
    comments: list[tuple[Need, str]]
    texts: list[str]  # field keys whose text changed

    @property
    def number(self) -> int:
        return self.revision.number

    @property
    def text_titles(self) -> list[str]:
        return [str(FIELDS[key].label) for key in self.texts]


@dataclass
class HistoryEntry:
    at: datetime
    change: Change | None = None
    review: NeedReview | None = None


def _diff(before: Profile, after: Profile) -> tuple[list, list, list, list]:
    added = [(n, after.needs[n.code]) for n in in_catalogue_order(set(after.needs) - set(before.needs))]
    removed = [(n, "") for n in in_catalogue_order(set(before.needs) - set(after.needs))]
    comments = [(n, after.needs[n.code]) for n in in_catalogue_order(set(after.needs) & set(before.needs))
                if after.needs[n.code] != before.needs[n.code]]
    texts = [key for key in FIELDS
             if before.sections.get(key, "") != after.sections.get(key, "")]
    return added, removed, comments, texts


HISTORY_PAGE = 20


def history(patient: Patient, page: int = 1) -> tuple[list[HistoryEntry], bool]:
    """Versions and reviews, newest first, one page at a time, and whether there are more."""
    page = max(1, min(page, 10_000))
    start = (page - 1) * HISTORY_PAGE
    # One row more on each side: the newer neighbour bounds this page's reviews, the older one is
    # what the last version on the page is compared with.
    rows = db.session.scalars(
        select(NeedRevision).where(NeedRevision.patient_id == patient.id)
        .order_by(NeedRevision.number.desc())
        .offset(max(start - 1, 0)).limit(HISTORY_PAGE + (2 if start else 1))).all()
    newer = rows[0] if start and rows else None
    rows = rows[1:] if start else rows
    more = len(rows) > HISTORY_PAGE
    entries: list[HistoryEntry] = []
    for index, revision in enumerate(rows[:HISTORY_PAGE]):
        before = _from_revision(rows[index + 1]) if index + 1 < len(rows) else Profile()
        added, removed, comments, texts = _diff(before, _from_revision(revision))
        entries.append(HistoryEntry(revision.at, change=Change(revision, added, removed, comments,
                                                                  texts)))
    if entries or page == 1:
        query = select(NeedReview).where(NeedReview.patient_id == patient.id)
        if newer is not None:
            query = query.where(NeedReview.created_at < newer.at)
        if more:
            query = query.where(NeedReview.created_at >= entries[-1].at)
        entries += [HistoryEntry(item.created_at, review=item) for item in db.session.scalars(query)]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries, more


# --- Mitt vårdpass ------------------------------------------------------------------------------


@dataclass
class PassportItem:
    pictogram: str
    title: str
    text: str = ""
    is_text: bool = False  # a free-text answer, not a need with its comment


def passport(profile: Profile) -> dict[Part, list[PassportItem]]:
    """The profile in the vårdpass's three parts: texts first, then the chosen needs."""
    parts: dict[Part, list[PassportItem]] = {part: [] for part in Part}
    for section in SECTIONS:
        for f in section.fields:
            text = profile.sections.get(f.key)
            if text:
                parts[section.part].append(
                    PassportItem(f.pictogram or section.pictogram, str(f.label), text, True))
    for need, comment in profile.chosen:
        parts[need.part].append(PassportItem(need.pictogram, str(need.text), comment))
    # What the team must know: the needs (epilepsy, swallowing ...) before the longer texts.
    parts[Part.MUST].sort(key=lambda item: item.is_text)
    return parts


# What fits on one A4 page, in lines of the printout: a need takes half a line pair (two side by
# side), a text three lines, a part's heading two. "Det här måste ni veta om mig" is never cut (the
# whole catalogue's must-know needs and texts fit); the other parts share what is left, and say
# how many more there are. The browser test prints a profile with everything at its longest.
PRINT_LINES = 50
PRINT_TEXT = 110
PRINT_COMMENT = 40


def _cost(item: PassportItem) -> int:
    return 3 if item.is_text else 1


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def print_sheet(grant: Grant, profile: Profile):
    """The one-page printout as HTML, in Swedish whatever the reader's language: the paper is for
    the staff of a clinic or a hospital (easy Swedish when the reader has easy read on)."""
    from flask import render_template
    from flask_babel import force_locale

    with force_locale("sv"):
        return Markup(render_template("needs/_sheet.html", **print_context(grant, profile)))  # noqa: S704  # nosec B704


def print_context(grant: Grant, profile: Profile) -> dict:
    """What the one-page printout needs: the parts cut to fit, the QR code to the staff view."""
    from flask import current_app, url_for

    from ..qr import qr_svg

    parts = passport(profile)
    shown, left_out = {}, {}
    budget = PRINT_LINES - 2 * len(parts) - sum(_cost(item) for item in parts[Part.MUST])
    budget -= sum(_cost(item) for item in parts[Part.LIKES])
    for part in (Part.MUST, Part.IMPORTANT, Part.LIKES):
        items = parts[part]
        if part is Part.IMPORTANT:
            kept = []
            for item in items:
                if _cost(item) > budget:
                    break
                budget -= _cost(item)
                kept.append(item)
        else:
            kept = items
        shown[part] = [PassportItem(item.pictogram, item.title,
                                    _shorten(item.text, PRINT_TEXT if item.is_text
                                             else PRINT_COMMENT), item.is_text)
                       for item in kept]
        left_out[part] = len(items) - len(kept)
    link = current_app.config["PUBLIC_URL"].rstrip("/") + url_for(
        "needs_staff.passport", patient_id=grant.patient.public_id)
    return {
        "patient": grant.patient,
        "profile": profile,
        "parts": shown,
        "left_out": left_out,
        "qr": qr_svg(link, str(_l("QR-kod till vårdpasset i Lotsen, för personal"))),
    }
