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

from ..core import audit
from ..core.grants import Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import AccessAction, NeedReview, NeedRevision, Patient
from ..qr import qr_svg
from .catalogue import (
    FIELDS,
    NEEDS_BY_CODE,
    SECTIONS,
    Need,
    Part,
    in_catalogue_order,
)
from .usual import AREAS as USUAL_AREAS
from .usual import current as current_usual

# How long a review holds before the card asks for a new one.
REVIEW_INTERVAL_DAYS = 365


@dataclass
class Profile:
    """A version of the profile; number 0 is the empty profile before anything was saved."""

    number: int = 0
    needs: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    revision: NeedRevision | None = None
    # The vårdpass's order: what the person placed under "Det här måste ni veta om mig", in their
    # order, and what they took out of it.
    must: list[str] = field(default_factory=list)
    must_out: list[str] = field(default_factory=list)
    # "Så brukar jag vara" (app/needs/usual.py), {area key: text}: its own part of the vårdpass.
    # Kept in its own versions; current_profile adds the current one.
    usual: dict[str, str] = field(default_factory=dict)
    usual_at: datetime | None = None

    @property
    def at(self) -> datetime | None:
        return self.revision.at if self.revision else None

    @property
    def passport_at(self) -> datetime | None:
        """When what the vårdpass shows last changed: the needs or "Så brukar jag vara"."""
        return max((moment for moment in (self.at, self.usual_at) if moment is not None), default=None)

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
        needs={
            code: str(comment) for code, comment in (revision.needs or {}).items() if code in NEEDS_BY_CODE
        },
        sections={
            key: str(text) for key, text in (revision.sections or {}).items() if key in FIELDS and text
        },
        revision=revision,
        must=[str(key) for key in (revision.passport or {}).get("must", [])],
        must_out=[str(key) for key in (revision.passport or {}).get("out", [])],
    )


def current_profile(patient: Patient) -> Profile:
    revision = db.session.scalar(
        select(NeedRevision)
        .where(NeedRevision.patient_id == patient.id)
        .order_by(NeedRevision.number.desc())
        .limit(1)
    )
    profile = _from_revision(revision)
    baseline = current_usual(patient)
    profile.usual, profile.usual_at = dict(baseline.texts), baseline.at
    return profile


def profile_at(patient: Patient, number: int) -> Profile | None:
    """The profile as it was saved in version `number`; None if there is no such version."""
    if number == 0:
        return Profile()
    revision = db.session.scalar(
        select(NeedRevision).where(NeedRevision.patient_id == patient.id, NeedRevision.number == number)
    )
    return None if revision is None else _from_revision(revision)


def current_profiles(patient_ids: list[int]) -> dict[int, Profile]:
    """The current profile of each patient, in two queries (for lists of visits or messages)."""
    if not patient_ids:
        return {}
    newest = (
        select(NeedRevision.patient_id, func.max(NeedRevision.number).label("number"))
        .where(NeedRevision.patient_id.in_(patient_ids))
        .group_by(NeedRevision.patient_id)
        .subquery()
    )
    rows = db.session.scalars(
        select(NeedRevision).join(
            newest,
            (NeedRevision.patient_id == newest.c.patient_id) & (NeedRevision.number == newest.c.number),
        )
    ).all()
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


def save(
    grant: Grant,
    *,
    base: int,
    need_codes=(),
    needs: dict | None = None,
    field_keys=(),
    sections: dict | None = None,
    reason: str = "",
) -> NeedRevision | None:
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
    return _add_revision(grant, newest, merged_needs, merged_sections, _order_of(newest), reason)


def _order_of(profile: Profile) -> dict | None:
    return {"must": profile.must, "out": profile.must_out} if profile.must or profile.must_out else None


def _add_revision(
    grant: Grant, newest: Profile, needs: dict, sections: dict, order: dict | None, reason: str = ""
) -> NeedRevision:
    revision = NeedRevision(
        patient_id=grant.patient.id,
        number=newest.number + 1,
        **grant.who_acted(),
        reason=reason.strip(),
        needs=needs,
        sections=sections,
        passport=order,
    )
    db.session.add(revision)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RuleError(str(_l("Någon annan sparade samtidigt. Titta på sidan och spara igen."))) from None
    audit.record(grant, AccessAction.UPDATE, "needs", str(revision.number))
    return revision


MOVES = ("up", "down", "in", "out")


def place(grant: Grant, *, base: int, key: str, move: str) -> NeedRevision | None:
    """Move one item of the vårdpass: "in" under "Det här måste ni veta om mig" (last), "out" of
    it, or one step "up" or "down" there. Applied to the newest version (a move means the same
    on it); refuses a `base` version that does not exist and an item that is not on the
    vårdpass. Returns the new version, or None when nothing moved (the first is already first)."""
    patient = grant.patient
    db.session.execute(select(Patient.id).where(Patient.id == patient.id).with_for_update())
    newest = current_profile(patient)
    if not 0 <= base <= newest.number or move not in MOVES:
        raise RuleError(str(_l("Sidan är för gammal. Öppna den igen och gör om ändringen.")))
    items = _items(newest)
    usual = {item.key: item.usual_part for item in items}
    if key not in usual:
        raise RuleError(str(_l("Det finns inte längre i vårdpasset. Titta på sidan igen.")))
    must = must_keys(newest, items)
    if move == "in" and key not in must:
        must.append(key)
    elif move == "out" and key in must:
        must.remove(key)
    elif move in ("up", "down") and key in must:
        at = must.index(key)
        to = at - 1 if move == "up" else at + 1
        if 0 <= to < len(must):
            must[at], must[to] = must[to], must[at]
    if must == must_keys(newest, items):
        return None
    # What is not on the vårdpass now keeps its place, for if it is ticked or written again.
    gone_must = [k for k in newest.must if k not in usual]
    out = [k for k, part in usual.items() if part is Part.MUST and k not in must]
    out += [k for k in newest.must_out if k not in usual]
    return _add_revision(grant, newest, newest.needs, newest.sections, {"must": must + gone_must, "out": out})


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
        select(NeedReview)
        .where(NeedReview.patient_id == patient.id)
        .order_by(NeedReview.reviewed_on.desc(), NeedReview.id.desc())
        .limit(1)
    )


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
    order: bool = False  # the vårdpass's order changed

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
    comments = [
        (n, after.needs[n.code])
        for n in in_catalogue_order(set(after.needs) & set(before.needs))
        if after.needs[n.code] != before.needs[n.code]
    ]
    texts = [key for key in FIELDS if before.sections.get(key, "") != after.sections.get(key, "")]
    return added, removed, comments, texts


HISTORY_PAGE = 20


def history(patient: Patient, page: int = 1) -> tuple[list[HistoryEntry], bool]:
    """Versions and reviews, newest first, one page at a time, and whether there are more."""
    page = max(1, min(page, 10_000))
    start = (page - 1) * HISTORY_PAGE
    # One row more on each side: the newer neighbour bounds this page's reviews, the older one is
    # what the last version on the page is compared with.
    rows = db.session.scalars(
        select(NeedRevision)
        .where(NeedRevision.patient_id == patient.id)
        .order_by(NeedRevision.number.desc())
        .offset(max(start - 1, 0))
        .limit(HISTORY_PAGE + (2 if start else 1))
    ).all()
    newer = rows[0] if start and rows else None
    rows = rows[1:] if start else rows
    more = len(rows) > HISTORY_PAGE
    entries: list[HistoryEntry] = []
    for index, revision in enumerate(rows[:HISTORY_PAGE]):
        before = _from_revision(rows[index + 1]) if index + 1 < len(rows) else Profile()
        after = _from_revision(revision)
        added, removed, comments, texts = _diff(before, after)
        order = (before.must, before.must_out) != (after.must, after.must_out)
        entries.append(
            HistoryEntry(revision.at, change=Change(revision, added, removed, comments, texts, order))
        )
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
    key: str = ""  # "need:<code>" or "text:<field key>", for the chosen order
    usual_part: Part = Part.IMPORTANT  # where the catalogue puts it


def _items(profile: Profile) -> list[PassportItem]:
    """Everything written, in the catalogue's order: the texts, then the chosen needs."""
    items = []
    for section in SECTIONS:
        if section.part is None:  # the contact person, on the head of the page
            continue
        for f in section.fields:
            text = profile.sections.get(f.key)
            if text:
                items.append(
                    PassportItem(
                        f.pictogram or section.pictogram,
                        str(f.label),
                        text,
                        True,
                        f"text:{f.key}",
                        section.part,
                    )
                )
    for need, comment in profile.chosen:
        items.append(
            PassportItem(need.pictogram, str(need.text), comment, False, f"need:{need.code}", need.part)
        )
    for area in USUAL_AREAS:
        text = profile.usual.get(area.key)
        if text:
            items.append(
                PassportItem(area.pictogram, str(area.title), text, True, f"usual:{area.key}", Part.USUAL)
            )
    return items


def item_anchor(key: str) -> str:
    """The id of an item on the order page, for going back to it after a move."""
    return "item-" + "".join(ch if ch.isalnum() else "-" for ch in key)


def must_keys(profile: Profile, items: list[PassportItem] | None = None) -> list[str]:
    """What goes under "Det här måste ni veta om mig", in order: first what the person placed
    there, in their order; then what the catalogue puts there and they have not taken out (the
    needs, such as epilepsy, before the longer texts)."""
    items = _items(profile) if items is None else items
    present = {item.key for item in items}
    chosen = [key for key in profile.must if key in present]
    usual = sorted(
        (
            item
            for item in items
            if item.usual_part is Part.MUST and item.key not in chosen and item.key not in profile.must_out
        ),
        key=lambda item: item.is_text,
    )
    return chosen + [item.key for item in usual]


def passport(profile: Profile) -> dict[Part, list[PassportItem]]:
    """The profile in the vårdpass's three parts. Nothing is left out or shortened."""
    items = _items(profile)
    by_key = {item.key: item for item in items}
    must = must_keys(profile, items)
    parts: dict[Part, list[PassportItem]] = {
        Part.MUST: [by_key[key] for key in must],
        Part.IMPORTANT: [],
        Part.USUAL: [],
        Part.LIKES: [],
    }
    for item in items:
        if item.key not in must:
            # Taken out of what they must know: it is still important.
            part = Part.IMPORTANT if item.usual_part is Part.MUST else item.usual_part
            parts[part].append(item)
    if not parts[Part.USUAL]:  # "Så här brukar jag vara" only when something is written
        del parts[Part.USUAL]
    return parts


@dataclass
class Contact:
    name: str = ""
    role: str = ""
    phone: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.role or self.phone)


def contact(profile: Profile) -> Contact:
    return Contact(
        profile.sections.get("contact_name", ""),
        profile.sections.get("contact_role", ""),
        profile.sections.get("contact_phone", ""),
    )


# --- the printed vårdpass's layout --------------------------------------------------------------
# The browser lays the paper out: nothing is ever cut, and a second page, with the name on it,
# follows when one is not enough. The server estimates the same layout from the print stylesheet's
# measures (`@media print` in lotsen.css, in em, so they scale with the type; change them
# together), to choose the type size (the largest with which everything fits on two pages) and to
# tell the edit pages how much still fits on page 1. The estimate errs on the long side; the
# browser test prints the fullest profile and compares.

PAGE_HEIGHT_MM = 277  # A4, 297 mm, less the 10 mm margins
PAGE_WIDTH_MM = 190
PT_MM = 25.4 / 72
PRINT_SIZES = (8.5, 7.5, 6.5, 5.5)  # type sizes in pt, the first is the usual one
LINES = (1.25, 1.25, 1.15, 1.15)  # the line height with each, em
CHAR = 0.49  # a character's average width, em (Noto Sans, bold a little wider)
BOLD = 1.08
PICTURE = 2.2  # an item's picture, em; then a gap of 0.5
PART_PAD = 0.7  # a part's padding, em (both sides) plus its border
PART_TITLE = 1.2  # a part title's size, em; then a margin of 0.4
ROW_GAP = 0.35  # between items, em
COLUMN_GAP = 1.2  # between the two columns of needs, em
SHEET_GAP = 0.8  # between the blocks of the sheet, em
RUNNING_HEAD = 2.2  # the line with the name on each page, em
HEAD_MM = 36  # page 1's head: who, the clinic, the contact person, the QR code


def _wrapped_lines(text: str, per_line: float) -> int:
    """How many lines the browser needs for `text`, wrapping at spaces like it does."""
    per_line = max(int(per_line), 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            while used > per_line:  # a word longer than a line breaks anywhere
                lines += 1
                used -= per_line
    return lines


def _item_em(item: PassportItem, width_em: float, line: float) -> float:
    text_em = width_em - PICTURE - 0.5
    lines = _wrapped_lines(item.title, text_em / (CHAR * BOLD))
    if item.text:
        lines += _wrapped_lines(item.text, text_em / CHAR)
    return max(PICTURE, lines * line)


def _blocks(parts: dict[Part, list[PassportItem]], size: float) -> list[list[float]]:
    """Each part as the heights (em) of its unbreakable pieces: its title with the first row, then
    row by row (the needs two by two, a text across the page)."""
    line = LINES[PRINT_SIZES.index(size)]
    width_em = PAGE_WIDTH_MM / (size * PT_MM) - 2 * PART_PAD
    column_em = (width_em - COLUMN_GAP) / 2
    blocks = []
    for items in parts.values():
        rows: list[float] = []
        pair: list[float] = []
        for item in items:
            if item.is_text:
                if pair:
                    rows.append(max(pair))
                    pair = []
                rows.append(_item_em(item, width_em, line))
            else:
                pair.append(_item_em(item, column_em, line))
                if len(pair) == 2:
                    rows.append(max(pair))
                    pair = []
        if pair:
            rows.append(max(pair))
        rows = [row + ROW_GAP for row in rows] or [line]  # "Inget här än."
        rows[0] += max(PART_TITLE * line, PICTURE) + 0.4 + PART_PAD
        rows[-1] += PART_PAD + SHEET_GAP
        blocks.append(rows)
    return blocks


@dataclass
class Layout:
    size: float  # the type size, pt
    pages: int  # pages the printout takes
    free_mm: float  # what is left on page 1 (0 when a second page is needed)

    @property
    def step(self) -> int:
        """0 for the usual type size, 1, 2 ... for each smaller one."""
        return PRINT_SIZES.index(self.size)

    @property
    def lines_left(self) -> int:
        """What is left on page 1, in lines of text across the page at the usual size."""
        return int(self.free_mm / (PRINT_SIZES[0] * PT_MM * LINES[0]))


def _paginate(parts: dict[Part, list[PassportItem]], size: float) -> Layout:
    em = size * PT_MM
    page = PAGE_HEIGHT_MM / em - RUNNING_HEAD
    left = page - HEAD_MM / em - SHEET_GAP
    pages = 1
    rows = [row for block in _blocks(parts, size) for row in block]
    rows.append(LINES[PRINT_SIZES.index(size)])  # "Utskrivet ..." at the end
    for row in rows:
        if row > left:  # an item is never split: it starts the next page
            pages += 1
            left = page
        left -= row
    return Layout(size, pages, max(left, 0) * em if pages == 1 else 0)


def layout(parts: dict[Part, list[PassportItem]]) -> Layout:
    """The largest type size with which the printout takes at most two pages (or the smallest:
    a needs profile full to the brim with "Så här brukar jag vara" too takes three; nothing is
    ever cut)."""
    for size in PRINT_SIZES:
        found = _paginate(parts, size)
        if found.pages <= 2:
            return found
    return found


def print_sheet(grant: Grant, profile: Profile):
    """The printout as HTML, in Swedish whatever the reader's language: the paper is for the staff
    of a clinic or a hospital (easy Swedish when the reader has easy read on)."""
    from flask import render_template
    from flask_babel import force_locale

    with force_locale("sv"):
        return Markup(render_template("needs/_sheet.html", **print_context(grant, profile)))  # noqa: S704  # nosec B704


def print_context(grant: Grant, profile: Profile) -> dict:
    """What the printout needs: every part whole, its layout, the QR code to the staff view."""

    parts = passport(profile)
    link = external_url("needs_staff.passport", patient_id=grant.patient.public_id)
    return {
        "patient": grant.patient,
        "profile": profile,
        "parts": parts,
        "contact": contact(profile),
        "layout": layout(parts),
        "qr": qr_svg(link, str(_l("QR-kod till vårdpasset i Lotsen, för personal"))),
    }
