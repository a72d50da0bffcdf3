"""Visit types and their picture schedules: steps, their order, and a step told another way for
a need (its variants); the schedule as one patient sees it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import photos
from ..clinic_words import Said, said, set_forms
from ..core.access import PUBLIC_ID
from ..core.rules import RuleError
from ..extensions import db
from ..models import Visit, VisitStep, VisitStepVariant, VisitType, utcnow


def visit_types(clinic_id: int, include_inactive: bool = False) -> list[VisitType]:
    query = (
        select(VisitType)
        .options(selectinload(VisitType.steps).selectinload(VisitStep.variants))
        .where(VisitType.clinic_id == clinic_id)
        .order_by(VisitType.name)
    )
    if not include_inactive:
        query = query.where(VisitType.active.is_(True))
    return list(db.session.scalars(query).all())


def find_type(clinic_id: int, public_id: str) -> VisitType | None:
    if not PUBLIC_ID.fullmatch(public_id):
        return None  # not an id Lotsen made
    return db.session.scalar(
        select(VisitType).where(VisitType.clinic_id == clinic_id, VisitType.public_id == public_id)
    )


def save_visit_type(
    clinic_id: int,
    visit_type: VisitType | None,
    *,
    name: str,
    pictogram: str,
    minutes: int,
    active: bool,
    forms: dict[str, str],
    health_check: bool = False,
) -> VisitType:
    """A new kind of visit (`visit_type` None) or a change to one, with its name in each language."""
    if visit_type is None:
        visit_type = VisitType(clinic_id=clinic_id, translations={})
        db.session.add(visit_type)
    set_forms(visit_type, "name", forms)
    visit_type.name, visit_type.pictogram = name, pictogram
    visit_type.minutes, visit_type.active = minutes, active
    visit_type.health_check = health_check
    db.session.commit()
    return visit_type


def find_step(visit_type: VisitType, public_id: str) -> VisitStep | None:
    return next((s for s in visit_type.steps if s.public_id == public_id), None)


def _renumber(visit_type: VisitType) -> None:
    for number, step in enumerate(visit_type.steps, start=1):
        step.position = number


def add_step(
    visit_type: VisitType,
    text: str,
    pictogram: str,
    photo=None,
    index: int | None = None,
    forms: dict[str, str] | None = None,
) -> VisitStep:
    """A new step at `index` (0 is first; None is last); the steps after it move down one."""
    steps = list(visit_type.steps)
    index = len(steps) if index is None else max(0, min(index, len(steps)))
    for later in steps[index:]:
        later.position += 1
    step = VisitStep(text=text, pictogram=pictogram, photo=photo, position=index + 1, translations={})
    set_forms(step, "text", forms or {})
    visit_type.steps.append(step)
    db.session.commit()  # and the steps are read again, in the new order
    return step


def change_step(
    step: VisitStep, text: str, pictogram: str, photo, remove_photo: bool, forms: dict[str, str]
) -> None:
    """A step's new words and picture; a new photo replaces the old one, or the old one goes."""
    step.text, step.pictogram = text, pictogram
    set_forms(step, "text", forms)
    if photo is not None:
        step.photo = photo
    elif remove_photo:
        step.photo = None
    db.session.commit()


def keep_photo(clinic_id: int, user_id: int, data: bytes):
    """A photo for a step, stored at once (cleaned, `app.photos`), so that a form sent back for
    another field's error need not ask for the file again."""
    photo = photos.store(clinic_id, user_id, data)
    db.session.commit()
    return photo


def move_step(visit_type: VisitType, step: VisitStep, direction: str) -> bool:
    """Swap a step with the one above or below it; False at the top or the bottom."""
    steps = visit_type.steps
    index = steps.index(step)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(steps):
        return False
    step.position, steps[other].position = steps[other].position, step.position
    db.session.commit()  # and the steps are read again, in the new order
    return True


def coming_visits_of_type(visit_type: VisitType) -> int:
    """How many booked, not cancelled visits of this type are still to come."""
    return (
        db.session.scalar(
            select(func.count(Visit.id)).where(
                Visit.visit_type_id == visit_type.id,
                Visit.cancelled_at.is_(None),
                Visit.starts_at >= utcnow(),
            )
        )
        or 0
    )


def delete_step(visit_type: VisitType, step: VisitStep) -> None:
    visit_type.steps.remove(step)
    db.session.flush()
    _renumber(visit_type)
    db.session.commit()


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


def schedule_for(
    visit_type: VisitType, need_codes: set[str], locale: str | None = None, easy: bool | None = None
) -> list[ShownStep]:
    """The picture schedule for a patient with these needs, in the reader's language (by
    default this request's reader). A variant with its own picture shows that picture instead
    of the step's photo; one without shows the step's picture or photo."""
    shown = []
    for step in visit_type.steps:
        variant = variant_for(step, need_codes)
        if variant is None:
            shown.append(ShownStep(step, None, said(step, "text", locale, easy), step.pictogram, step.photo))
        else:
            own = bool(variant.pictogram)
            shown.append(
                ShownStep(
                    step,
                    variant,
                    said(variant, "text", locale, easy),
                    variant.pictogram if own else step.pictogram,
                    None if own else step.photo,
                )
            )
    return shown


def find_variant(step: VisitStep, public_id: str) -> VisitStepVariant | None:
    return next((v for v in step.variants if v.public_id == public_id), None)


MAX_VARIANTS = 10


def save_variant(
    step: VisitStep,
    variant: VisitStepVariant | None,
    need: str,
    text: str,
    pictogram: str,
    forms: dict[str, str],
) -> VisitStepVariant:
    """Add a variant last (`variant` None) or change one; one variant per need and step."""
    if any(other.need == need and other is not variant for other in step.variants):
        raise RuleError(
            str(_l("Steget har redan en variant för det behovet. Ändra den i stället.")), field="need"
        )
    if variant is None:
        if len(step.variants) >= MAX_VARIANTS:
            raise RuleError(str(_l("Ett steg kan ha högst %(max)d varianter.", max=MAX_VARIANTS)))
        variant = VisitStepVariant(
            translations={}, position=max((v.position for v in step.variants), default=0) + 1
        )
        step.variants.append(variant)
    variant.need, variant.text, variant.pictogram = need, text, pictogram
    set_forms(variant, "text", forms)
    db.session.commit()
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
    db.session.commit()  # and the variants are read again, in the new order
    return True


def delete_variant(step: VisitStep, variant: VisitStepVariant) -> None:
    step.variants.remove(variant)
    db.session.commit()
