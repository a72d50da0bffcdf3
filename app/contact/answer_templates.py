"""The vårdlots team's easy answer templates: each clinic's own list, which every staff member of
the clinic may change (it is the team's shared list).

A clinic that has never changed the list uses Lotsen's defaults (catalogue.ANSWER_TEMPLATES).
Reading never writes: pages shown by GET get the defaults as unsaved rows. The first change copies
them into the clinic's own rows, and then makes the change on the copy. The defaults are always in
Swedish, whatever language the staff member's screen is in: they are texts for the patients.
The last template cannot be removed, so "no rows" always means "never changed" and the defaults
never come back by surprise.

Each template may also be written in easy Swedish, English and Arabic (app/clinic_words.py);
the defaults come in every form Lotsen's own catalogues have for them.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import i18n
from ..clinic_words import OTHER_FORMS, set_forms
from ..core import audit
from ..core.rules import RuleError
from ..extensions import db
from ..models import AnswerTemplate, Clinic, User
from ..models.base import new_public_id
from .catalogue import ANSWER_TEMPLATES

MAX_TEMPLATES = 30
OBJECT_TYPE = "answer_template"  # in the access log


def templates_for(clinic_id: int) -> list[AnswerTemplate]:
    """The clinic's templates in their order; Lotsen's defaults, unsaved, while it has none."""
    return _rows(clinic_id) or _defaults(clinic_id)


def uses_defaults(clinic_id: int) -> bool:
    """True while the clinic's team has not changed the list (it sees Lotsen's templates)."""
    return not db.session.scalar(
        select(func.count(AnswerTemplate.id)).where(AnswerTemplate.clinic_id == clinic_id)
    )


def find(clinic_id: int, template_id: str) -> AnswerTemplate | None:
    """A template of this clinic by its public id, or by the key of the default it was copied
    from (a page opened before the first change links to that). Another clinic's is missing."""
    if not template_id:
        return None
    for template in templates_for(clinic_id):
        if template_id in (template.public_id, template.default_key):
            return template
    return None


def create(
    user: User, clinic_id: int, title: str, text: str, forms: dict[str, dict[str, str]] | None = None
) -> AnswerTemplate:
    """Add a template last in the list; refuses the 31st. `forms`: {"title"|"text": {form:
    text}}, the other languages."""
    rows = _own_rows(user, clinic_id)
    if len(rows) >= MAX_TEMPLATES:
        raise RuleError(
            _(
                "Det finns redan %(max)d mallar. Ta bort en mall först, eller ändra en mall som finns.",
                max=MAX_TEMPLATES,
            )
        )
    template = AnswerTemplate(
        clinic_id=clinic_id,
        title=title,
        text=text,
        translations={},
        position=max(row.position for row in rows) + 1 if rows else 1,
    )
    for field, texts in (forms or {}).items():
        set_forms(template, field, texts)
    db.session.add(template)
    db.session.flush()
    _log(user, clinic_id, audit.AccessAction.CREATE, template)
    db.session.commit()
    return template


def change(
    user: User,
    clinic_id: int,
    template_id: str,
    title: str,
    text: str,
    forms: dict[str, dict[str, str]] | None = None,
) -> AnswerTemplate:
    """Give a template a new title and text (and their other forms). Saying nothing new changes
    nothing."""
    template = _own(user, clinic_id, template_id)
    changed = (template.title, template.text) != (title, text)
    template.title, template.text = title, text
    for field, texts in (forms or {}).items():
        changed = set_forms(template, field, texts) or changed
    if changed:
        _log(user, clinic_id, audit.AccessAction.UPDATE, template)
    db.session.commit()
    return template


def delete(user: User, clinic_id: int, template_id: str) -> None:
    """Remove a template; refuses the last one (see the module's docstring)."""
    rows = _own_rows(user, clinic_id)
    template = _among(rows, template_id)
    if len(rows) == 1:
        raise RuleError(_("Det här är den sista mallen. Den går inte att ta bort. Ändra den i stället."))
    _log(user, clinic_id, audit.AccessAction.DELETE, template)
    db.session.delete(template)
    db.session.commit()


def move(user: User, clinic_id: int, template_id: str, direction: str) -> AnswerTemplate:
    """Swap a template with the one above ("up") or below it; at the top or the bottom it stays."""
    rows = _own_rows(user, clinic_id)
    template = _among(rows, template_id)
    index = rows.index(template)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
        # Number them all again, so that rows with equal positions still move.
        for position, row in enumerate(rows, 1):
            row.position = position
        _log(user, clinic_id, audit.AccessAction.UPDATE, template)
        db.session.commit()
    return template


# --- inside ---------------------------------------------------------------------------------------


def _rows(clinic_id: int) -> list[AnswerTemplate]:
    return list(
        db.session.scalars(
            select(AnswerTemplate)
            .where(AnswerTemplate.clinic_id == clinic_id)
            .order_by(AnswerTemplate.position, AnswerTemplate.id)
        )
    )


def _defaults(clinic_id: int) -> list[AnswerTemplate]:
    """Lotsen's templates as rows that are not in the session: their public id is their key."""
    with force_locale("sv"):
        return [
            AnswerTemplate(
                clinic_id=clinic_id,
                public_id=default.key,
                default_key=default.key,
                title=str(default.title),
                text=str(default.text),
                position=position,
                translations={
                    "title": _catalogue_forms(default.title),
                    "text": _catalogue_forms(default.text),
                },
            )
            for position, default in enumerate(ANSWER_TEMPLATES, 1)
        ]


def _catalogue_forms(text) -> dict[str, str]:
    """A default's other forms, from Lotsen's own catalogues (those that are there)."""
    msgid = text._args[0] if hasattr(text, "_args") else str(text)
    found = {}
    for form in OTHER_FORMS:
        language, easy = form.split("_")[0], form.endswith("_easy")
        translated = i18n.catalogue(language, easy).gettext(msgid)
        if translated and translated != msgid:
            found[form] = translated
    return found


def _own_rows(user: User, clinic_id: int) -> list[AnswerTemplate]:
    """The clinic's rows, for a change: copied from the defaults first if it has none (each copy
    is in the access log as added by the one whose change made it)."""
    # Two first changes at once must not copy the defaults twice (SQLite already serialises
    # writers, with BEGIN IMMEDIATE).
    db.session.execute(select(Clinic.id).where(Clinic.id == clinic_id).with_for_update())
    rows = _rows(clinic_id)
    if rows:
        return rows
    rows = _defaults(clinic_id)
    for row in rows:
        row.public_id = new_public_id()
        _log(user, clinic_id, audit.AccessAction.CREATE, row)
    db.session.add_all(rows)
    db.session.flush()
    return rows


def _among(rows: list[AnswerTemplate], template_id: str) -> AnswerTemplate:
    for row in rows:
        if template_id and template_id in (row.public_id, row.default_key):
            return row
    # The routes look the template up first: it went away in between (a colleague removed it).
    raise RuleError(_("Mallen finns inte längre. Någon annan har tagit bort den."))


def _own(user: User, clinic_id: int, template_id: str) -> AnswerTemplate:
    return _among(_own_rows(user, clinic_id), template_id)


def _log(user: User, clinic_id: int, action: audit.AccessAction, template: AnswerTemplate) -> None:
    audit.record_clinic(
        user, db.session.get(Clinic, clinic_id), action, OBJECT_TYPE, object_id=template.public_id
    )
