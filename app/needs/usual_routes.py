""" "Så brukar jag vara", part of Mina anpassningar: the baseline, one area's page, who changed it;
and the staff's page of it. Reading needs "see"; writing needs "prepare visits" (see
app/needs/usual.py and README, "Så brukar jag vara")."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.access import acting_patient_access, can, patient_access
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from . import bp, staff_bp, usual
from .usual_forms import UsualForm

BASE = "/sa-brukar-jag-vara"
ADD = "add:"  # the value of an example's button: "add:<its number>"


def _title(grant: Grant) -> str:
    if grant.is_self:
        return _("Så brukar jag vara")
    return _("Så brukar %(name)s vara", name=grant.patient.display_name)


@bp.route(BASE)
@acting_patient_access(Capability.SEE)
def usual_page(grant: Grant):
    return render_template(
        "needs/usual.html",
        grant=grant,
        current=usual.current(grant.patient),
        areas=usual.AREAS,
        can_write=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_title(grant),
    )


def _with_example(text: str, example: str) -> str:
    """The text with a tapped example added: on a new line, unless it is already there."""
    text = (text or "").rstrip()
    if example in text:
        return text
    return f"{text}\n{example}" if text else example


@bp.route(BASE + "/<slug>", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def usual_edit(grant: Grant, slug: str):
    area = usual.AREAS_BY_SLUG.get(slug) or abort(404)
    form = UsualForm()
    newest = usual.current(grant.patient)
    refused = False
    tapped = (request.form.get("go") or "").removeprefix(ADD)
    if request.method == "POST" and request.form.get("go", "").startswith(ADD):
        # An example tapped: added to the text on the page; nothing is saved until "Spara".
        index = int(tapped) if tapped.isdigit() else -1
        if 0 <= index < len(area.examples):
            form.text.data = _with_example(form.text.data or "", str(area.examples[index]))
    elif request.method == "POST":
        if form.validate_on_submit():
            try:
                revision = usual.save(
                    grant, base=form.version.data, area_key=area.key, text=form.text.data or ""
                )
            except RuleError as problem:
                form.refuse(problem)
                form.reset_version(newest.number)
                refused = True
            else:
                flash(
                    _("Nu är det sparat.") if revision else _("Du ändrade ingenting."),
                    "success" if revision else "info",
                )
                return redirect(url_for("needs.usual_page") + "#" + area.slug)
        elif form.version.errors:  # too old or forged: the next try is over the newest version
            form.form_errors.extend(form.version.errors)
            form.version.errors = []
            form.reset_version(newest.number)
    elif not form.restored_from_draft:
        form.version.data = newest.number
        form.text.data = newest.texts.get(area.key, "")
    question = area.question if grant.is_self else area.question_for
    return render_template(
        "needs/usual_edit.html",
        grant=grant,
        form=form,
        area=area,
        saved_now=newest.texts.get(area.key, "") if refused else None,
        text_max=usual.TEXT_MAX,
        page_title=str(question) % {"name": grant.patient.display_name},
    )


@bp.route(BASE + "/historik")
@acting_patient_access(Capability.SEE)
def usual_history(grant: Grant):
    changes, more = usual.history(grant.patient)
    return render_template(
        "needs/usual_history.html",
        grant=grant,
        changes=changes,
        more=more,
        back=url_for("needs.usual_page"),
        page_title=_("Vem har ändrat?")
        if grant.is_self
        else _("Vem har ändrat hur %(name)s brukar vara?", name=grant.patient.display_name),
    )


@staff_bp.route(BASE)
@patient_access(Capability.SEE)
def usual_for_staff(grant: Grant):
    """The baseline and who changed it, for the staff: to see a change against what is usual."""
    changes, more = usual.history(grant.patient)
    return render_template(
        "needs/usual_staff.html",
        grant=grant,
        patient=grant.patient,
        current=usual.current(grant.patient),
        areas=usual.AREAS,
        changes=changes,
        more=more,
        back=url_for("staff.patient", patient_id=grant.patient.public_id) + "#sa-brukar",
        page_title=_("Så brukar %(name)s vara", name=grant.patient.name),
    )
