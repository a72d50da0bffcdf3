""" "Så brukar jag vara": the patient's baseline, part of Mina anpassningar. How the patient
usually sleeps, eats and drinks, goes to the toilet, moves, feels and spends the day, shows pain,
and what is normal for them that others might think is strange; so that those who know the
patient (the group home above all) and the clinic can see a change early, and not blame it on
the disability.

Versioned like the needs profile: every save adds a revision with the whole baseline, who saved
it and when; the newest is the current one. A page edits one area; a save is refused when that
area was changed by someone else since the page was opened (other areas merge).

Reading needs the "see" right; writing needs "prepare visits" (README, "Så brukar jag vara"):
a group-home worker with see-and-prepare knows the patient's days best.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..core import audit
from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, Patient
from ..models.usual import UsualRevision

TEXT_MAX = 400  # per area: the vårdpass prints every character, so each text is kept short


@dataclass(frozen=True)
class Area:
    key: str  # shared with "Något har ändrats" (change notes): sleep, eat_drink, ...
    slug: str  # its address: .../sa-brukar-jag-vara/<slug>
    pictogram: str
    title: object  # the short name: on the vårdpass, the staff's card, the history
    question: object  # the edit page's heading, to the patient
    question_for: object  # the same to a helper: "%(name)s"
    examples: tuple  # a few sentences, in the patient's words, tapped to add them


AREAS: tuple[Area, ...] = (
    Area(
        "sleep",
        "sova",
        "sleep",
        _l("Sömn"),
        _l("Hur brukar du sova?"),
        _l("Hur brukar %(name)s sova?"),
        (
            _l("Jag sover från 22 till 7."),
            _l("Jag vaknar ofta en gång på natten."),
            _l("Jag somnar fort."),
            _l("Det tar lång tid för mig att somna."),
            _l("Jag sover en stund på dagen."),
        ),
    ),
    Area(
        "eat_drink",
        "ata-och-dricka",
        "eat-drink",
        _l("Äta och dricka"),
        _l("Hur brukar du äta och dricka?"),
        _l("Hur brukar %(name)s äta och dricka?"),
        (
            _l("Jag äter 3 gånger om dagen."),
            _l("Jag äter mat som är mosad."),
            _l("Jag äter långsamt."),
            _l("Jag behöver hjälp att äta."),
            _l("Jag dricker mest vatten."),
        ),
    ),
    Area(
        "toilet",
        "toaletten",
        "toilet",
        _l("Toaletten"),
        _l("Hur brukar det gå på toaletten?"),
        _l("Hur brukar det gå på toaletten för %(name)s?"),
        (
            _l("Jag bajsar varje dag."),
            _l("Jag bajsar varannan dag."),
            _l("Jag kissar ofta."),
            _l("Jag har blöja."),
            _l("Jag behöver hjälp på toaletten."),
        ),
    ),
    Area(
        "moving",
        "rora-sig",
        "exercise",
        _l("Röra mig"),
        _l("Hur brukar du röra dig?"),
        _l("Hur brukar %(name)s röra sig?"),
        (
            _l("Jag går själv."),
            _l("Jag går med rollator."),
            _l("Jag sitter i rullstol."),
            _l("Jag går en promenad varje dag."),
            _l("Jag ramlar ibland."),
        ),
    ),
    Area(
        "mood",
        "humor",
        "feel-happy",
        _l("Humör och vad jag gör"),
        _l("Hur brukar du må? Vad brukar du göra?"),
        _l("Hur brukar %(name)s må? Vad brukar %(name)s göra?"),
        (
            _l("Jag är oftast glad."),
            _l("Jag blir lätt orolig."),
            _l("Jag vill vara ensam ibland."),
            _l("Jag går till jobbet varje dag."),
            _l("Jag tycker om musik."),
        ),
    ),
    Area(
        "pain",
        "ont",
        "pain-question",
        _l("Så visar jag att jag har ont"),
        _l("Hur visar du att du har ont?"),
        _l("Hur visar %(name)s att det gör ont?"),
        (
            _l("Jag säger att jag har ont."),
            _l("Jag blir tyst."),
            _l("Jag blir arg."),
            _l("Jag håller handen där det gör ont."),
            _l("Jag vill inte äta."),
        ),
    ),
    Area(
        "normal_for_me",
        "vanligt-for-mig",
        "normal-for-me",
        _l("Det här är vanligt för mig"),
        _l("Vad gör du som andra kan tycka är konstigt?"),
        _l("Vad gör %(name)s som andra kan tycka är konstigt?"),
        (
            _l("Jag gungar med kroppen."),
            _l("Jag pratar med mig själv."),
            _l("Jag tittar inte i ögonen."),
            _l("Jag låter mycket när jag är glad."),
            _l("Jag går fram och tillbaka."),
        ),
    ),
)

AREAS_BY_KEY = {area.key: area for area in AREAS}
AREAS_BY_SLUG = {area.slug: area for area in AREAS}


@dataclass
class Usual:
    """A version of the baseline; number 0 is the empty one before anything was saved."""

    number: int = 0
    texts: dict[str, str] = field(default_factory=dict)
    revision: UsualRevision | None = None

    @property
    def at(self) -> datetime | None:
        return self.revision.at if self.revision else None

    @property
    def filled(self) -> list[tuple[Area, str]]:
        return [(area, self.texts[area.key]) for area in AREAS if self.texts.get(area.key)]


def _from_revision(revision: UsualRevision | None) -> Usual:
    if revision is None:
        return Usual()
    texts = {key: str(text) for key, text in (revision.texts or {}).items() if key in AREAS_BY_KEY and text}
    return Usual(revision.number, texts, revision)


def current(patient: Patient) -> Usual:
    return _from_revision(
        db.session.scalar(
            select(UsualRevision)
            .where(UsualRevision.patient_id == patient.id)
            .order_by(UsualRevision.number.desc())
            .limit(1)
        )
    )


def usual_at(patient: Patient, number: int) -> Usual | None:
    """The baseline as saved in version `number`; None if there is no such version."""
    if number == 0:
        return Usual()
    revision = db.session.scalar(
        select(UsualRevision).where(UsualRevision.patient_id == patient.id, UsualRevision.number == number)
    )
    return None if revision is None else _from_revision(revision)


def usual_for(patient: Patient) -> dict[str, str]:
    """The current baseline's text per area key (only the areas written), for other parts of
    Lotsen ("Något har ändrats" shows it beside a note). The caller holds a grant to read it."""
    return dict(current(patient).texts)


PAGE_TOO_OLD = _l("Sidan är för gammal. Öppna den igen och gör om ändringen.")
CHANGED_MEANWHILE = _l(
    "Någon annan har ändrat det här medan du skrev. Läs det nya. Det du skrev finns kvar i rutan. "
    "Spara igen om det ska vara så."
)


def save(grant: Grant, *, base: int, area_key: str, text: str) -> UsualRevision | None:
    """Save one area's text over the newest version. Refuses a `base` version that does not
    exist, and a save over a newer change of the same area (someone saved in between). Returns
    the new version, or None when nothing changed."""
    area = AREAS_BY_KEY.get(area_key)
    if area is None:
        raise RuleError(str(PAGE_TOO_OLD))
    patient = grant.patient
    # Serialise saves for one patient (SQLite already does, with BEGIN IMMEDIATE).
    db.session.execute(select(Patient.id).where(Patient.id == patient.id).with_for_update())
    newest = current(patient)
    opened = usual_at(patient, base) if 0 <= base <= newest.number else None
    if opened is None:
        raise RuleError(str(PAGE_TOO_OLD))
    if opened.texts.get(area.key, "") != newest.texts.get(area.key, ""):
        raise RuleError(str(CHANGED_MEANWHILE), field="text")
    texts = dict(newest.texts)
    text = text.strip()
    if text:
        texts[area.key] = text
    else:
        texts.pop(area.key, None)
    if texts == newest.texts:
        return None
    revision = UsualRevision(
        patient_id=patient.id, number=newest.number + 1, **grant.who_acted(), texts=texts
    )
    db.session.add(revision)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RuleError(str(CHANGED_MEANWHILE), field="text") from None
    audit.record(grant, AccessAction.UPDATE, "usual", str(revision.number))
    return revision


# --- history ------------------------------------------------------------------------------------


@dataclass
class Change:
    """What one version changed compared with the one before it: per area, the new text ("" when
    it was removed)."""

    revision: UsualRevision
    areas: list[tuple[Area, str]]

    @property
    def number(self) -> int:
        return self.revision.number


HISTORY_MAX = 50


def history(patient: Patient, limit: int = HISTORY_MAX) -> tuple[list[Change], bool]:
    """The newest `limit` versions, newest first, each with what it changed; and whether there
    are older ones not shown."""
    rows = db.session.scalars(
        select(UsualRevision)
        .where(UsualRevision.patient_id == patient.id)
        .order_by(UsualRevision.number.desc())
        .limit(limit + 1)
    ).all()
    changes = []
    for index, revision in enumerate(rows[:limit]):
        before = _from_revision(rows[index + 1]) if index + 1 < len(rows) else Usual()
        after = _from_revision(revision)
        changed = [
            (area, after.texts.get(area.key, ""))
            for area in AREAS
            if before.texts.get(area.key, "") != after.texts.get(area.key, "")
        ]
        changes.append(Change(revision, changed))
    return changes, len(rows) > limit
