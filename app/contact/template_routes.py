"""Svarsmallar: the vårdlots team's shared list of easy answer templates, on the staff blueprint
(framed by the staff area, `app.staff.area`). Every staff member of the clinic may
change the list; another clinic's templates are as good as missing (404)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clinic_words import FORM_NAMES, OTHER_FORMS, fill_form, form_texts, forms_of
from ..core.access import staff_clinic_id
from ..core.rules import RuleError
from ..extensions import db
from ..models import AnswerTemplate
from ..readability import lix
from ..staff.forms import ConfirmForm
from ..visits.forms import MoveForm
from . import answer_templates
from .blueprints import staff_bp as bp
from .catalogue import LIX_HINT_OVER
from .forms import AnswerTemplateForm


def _template_or_404(clinic_id: int, template_id: str) -> AnswerTemplate:
    return answer_templates.find(clinic_id, template_id) or abort(404)


def _back_to_list(template_id: str = ""):
    return redirect(
        url_for("contact_staff.answer_templates", _anchor=f"mall-{template_id}" if template_id else None)
    )


def _score(text: str) -> int | None:
    return round(lix(text)) if text else None


@bp.route("/svarsmallar", endpoint="answer_templates")
def template_list():
    clinic_id = staff_clinic_id()
    templates = answer_templates.templates_for(clinic_id)
    return render_template(
        "contact/staff_templates.html",
        templates=templates,
        scores={t.public_id: _score(t.text) for t in templates},
        defaults=answer_templates.uses_defaults(clinic_id),
        full=len(templates) >= answer_templates.MAX_TEMPLATES,
        most=answer_templates.MAX_TEMPLATES,
        lix_limit=LIX_HINT_OVER,
        languages_of=lambda t: [FORM_NAMES[f] for f in OTHER_FORMS if f in forms_of(t, "text")],
        page_title=_("Svarsmallar"),
    )


def _form_page(form: AnswerTemplateForm, template: AnswerTemplate | None):
    return render_template(
        "contact/staff_template_form.html",
        form=form,
        template=template,
        score=_score(form.text.data or ""),
        lix_limit=LIX_HINT_OVER,
        page_title=_("Ändra mallen") if template else _("Ny mall"),
    )


def _save(form: AnswerTemplateForm, save: Callable[[], AnswerTemplate]):
    """Run `save` for a valid form and go back to the list; None to show the form again (with a
    refused rule at its field, and nothing changed)."""
    if not form.validate_on_submit():
        return None
    try:
        template = save()
    except RuleError as problem:
        form.refuse(problem)
        return None
    flash(_("Mallen är sparad."), "success")
    return _back_to_list(template.public_id)


@bp.route("/svarsmallar/ny", methods=["GET", "POST"])
def answer_template_new():
    clinic_id = staff_clinic_id()
    form = AnswerTemplateForm()
    return _save(
        form,
        lambda: answer_templates.create(
            current_user, clinic_id, form.title.data, form.text.data, _forms(form)
        ),
    ) or _form_page(form, None)


def _forms(form: AnswerTemplateForm) -> dict[str, dict[str, str]]:
    return {field: form_texts(form, field) for field in ("title", "text")}


@bp.route("/svarsmallar/<template_id>/andra", methods=["GET", "POST"])
def answer_template_edit(template_id: str):
    clinic_id = staff_clinic_id()
    template = _template_or_404(clinic_id, template_id)
    form = AnswerTemplateForm(obj=template if request.method == "GET" else None)
    if request.method == "GET":
        for field in ("title", "text"):
            fill_form(form, template, field)
    return _save(
        form,
        lambda: answer_templates.change(
            current_user, clinic_id, template_id, form.title.data, form.text.data, _forms(form)
        ),
    ) or _form_page(form, template)


@bp.route("/svarsmallar/<template_id>/ta-bort", methods=["GET", "POST"])
def answer_template_delete(template_id: str):
    """Ask first: the whole team uses the list."""
    clinic_id = staff_clinic_id()
    template = _template_or_404(clinic_id, template_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            answer_templates.delete(current_user, clinic_id, template_id)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Mallen är borttagen."), "success")
            return _back_to_list()
    return render_template(
        "contact/staff_template_delete.html",
        form=form,
        template=template,
        last=len(answer_templates.templates_for(clinic_id)) == 1,
        page_title=_("Ta bort mallen?"),
    )


@bp.route("/svarsmallar/<template_id>/flytta", methods=["POST"])
def answer_template_move(template_id: str):
    clinic_id = staff_clinic_id()
    _template_or_404(clinic_id, template_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        template = answer_templates.move(current_user, clinic_id, template_id, form.direction.data)
    except RuleError:
        db.session.rollback()
        abort(404)  # removed by a colleague in between
    return _back_to_list(template.public_id)
