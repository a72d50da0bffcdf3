"""The preparation wizard: one question per page, each answer saved on the server at once, so
leaving, another device or a timed-out session all come back to the same step with every answer.
Answering needs the "prepare visits" right; reading what was sent needs "see"."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import SelectChoice

from .. import audit
from ..access import Capability, Grant, acting_patient_access, can
from ..forms import RuleError
from ..qr import qr_svg
from ..staff.forms import ConfirmForm
from . import prepare_bp as bp
from . import services
from .catalogue import BODY_PARTS, STEPS_BY_KEY, applicable, planned
from .forms import StartForm, step_form
from .routes import is_self, visit_helpers

REVIEW = "kontrollera"
WITHOUT_VISIT = "ingen"  # the start form's value for a preparation without a booked visit


@bp.context_processor
def _helpers():
    return visit_helpers()


def _prep_or_404(grant: Grant, prep_id: str, for_update: bool = False):
    return services.find_preparation(grant.patient, prep_id, for_update) or abort(404)


def _question(step, grant: Grant) -> str:
    words = step.question if is_self(grant) else step.question_for
    return str(words) % {"name": grant.patient.display_name}


def _step_url(preparation, key: str, **args) -> str:
    if key == REVIEW:
        return url_for("prepare.review", prep_id=preparation.public_id)
    return url_for("prepare.step", prep_id=preparation.public_id, step_key=key, **args)


def _index_page(grant: Grant, form: StartForm):
    coming = [v for v in services.coming_visits(grant.patient) if not v.cancelled]
    preparations = services.preparations_for([v.id for v in coming])
    others = [p for p in services.patient_preparations(grant.patient) if p.visit_id is None]
    return render_template(
        "visits/prepare_index.html", grant=grant, coming=coming, preparations=preparations,
        others=others, form=form, without_visit=WITHOUT_VISIT,
        can_prepare=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_("Förbered besöket") if is_self(grant)
        else _("Förbered besöket för %(name)s", name=grant.patient.display_name))


@bp.route("/")
@acting_patient_access(Capability.SEE)
def index(grant: Grant):
    return _index_page(grant, StartForm())


@bp.route("/starta", methods=["POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def start(grant: Grant):
    form = StartForm()
    if not form.validate_on_submit():
        form.form_errors.append(_("Välj vilket besök du vill förbereda."))
        return _index_page(grant, form)
    visit = None
    if form.visit.data != WITHOUT_VISIT:
        visit = services.find_visit(grant.patient, form.visit.data) or abort(404)
    try:
        preparation = services.start(grant, visit)
    except RuleError as problem:
        flash(problem.message, "error")
        return redirect(url_for("prepare.index"))
    return redirect(_where_to(grant, preparation))


def _where_to(grant: Grant, preparation) -> str:
    """Back to where the person was: the step they were on, or the page that says it is sent."""
    if preparation.submitted:
        return url_for("prepare.sent", prep_id=preparation.public_id)
    steps = applicable(preparation.answers or {}, services.is_representative(grant))
    keys = [s.key for s in steps]
    target = preparation.step if preparation.step in keys + [REVIEW] else keys[0]
    return _step_url(preparation, target)


def _neighbour(answers: dict, representative: bool, key: str, go: str) -> str:
    """The step to go to from `key`, with the answers as they are now."""
    keys = [s.key for s in applicable(answers, representative)]
    if go == REVIEW or key not in keys:
        return REVIEW
    index = keys.index(key)
    if go == "back":
        return keys[index - 1] if index > 0 else ""
    return keys[index + 1] if index + 1 < len(keys) else REVIEW


@bp.route("/<prep_id>/steg/<step_key>", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def step(grant: Grant, prep_id: str, step_key: str):
    preparation = _prep_or_404(grant, prep_id, for_update=request.method == "POST")
    step = STEPS_BY_KEY.get(step_key) or abort(404)
    if preparation.submitted:
        flash(_("Det här är redan skickat. Tryck på Ändra om du vill ändra något."), "info")
        return redirect(url_for("prepare.sent", prep_id=preparation.public_id))
    representative = services.is_representative(grant)
    answers = preparation.answers or {}
    steps = applicable(answers, representative)
    if step not in steps:  # e.g. the body map after "no pain": back to where the person is
        return redirect(_where_to(grant, preparation))
    form = step_form(step)()
    for name in ("choice", "choices"):
        if name in form:  # asked of the patient, or of a helper about the patient
            form[name].label.text = _question(step, grant)
    needs = []
    if step.kind == "needs":
        from ..needs.services import current_profile

        profile = current_profile(grant.patient)
        needs = services.needs_choices(profile)
        form.choices.choices = [SelectChoice(n.code, n.text) for n in needs]
    go = form.go.data if form.go.data in ("back", "next", REVIEW) else "next"
    valid = form.validate_on_submit()
    if not valid and go == "back" and form.is_submitted() and not form.errors.get("csrf_token"):
        # Back from a page with a mistake: go back; this page keeps what was saved before.
        flash(_("Det nya svaret är inte sparat, för att något var fel. Frågan var: %(question)s",
                question=_question(step, grant)), "info")
        previous = _neighbour(answers, representative, step.key, "back")
        return redirect(_step_url(preparation, previous) if previous
                        else url_for("prepare.index"))
    if valid:
        answer = form.answer()
        target = _neighbour({**answers, step.key: answer}, representative, step.key, go)
        try:
            services.save_step(grant, preparation, step.key, answer, target or step.key)
        except RuleError as problem:
            form.refuse(problem)
        else:
            if not target:
                return redirect(url_for("prepare.index"))
            return redirect(_step_url(preparation, target))
    elif request.method == "GET":
        saved = answers.get(step.key)
        if saved is None and step.kind == "needs":
            saved = {"choices": [need.code for need, _c in profile.chosen]}
        form.fill(saved or {})
    steps = planned(answers, representative)
    number = steps.index(step) + 1
    return render_template(
        "visits/step.html", grant=grant, preparation=preparation, step=step, steps=steps,
        number=number, form=form, body_parts=BODY_PARTS,
        pictos={c.value: c.pictogram for c in step.choices},
        needs_pictos={n.code: n.pictogram for n in needs},
        from_review=request.args.get("fran") == REVIEW, answers=answers,
        page_title=_question(step, grant))


@bp.route("/<prep_id>/kontrollera", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def review(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id, for_update=request.method == "POST")
    if preparation.submitted:
        return redirect(url_for("prepare.sent", prep_id=preparation.public_id))
    representative = services.is_representative(grant)
    rows = services.summary(preparation, representative, grant.patient.display_name)
    form = ConfirmForm()
    if form.validate_on_submit():
        if not any(row.items or row.text for row in rows):
            form.form_errors.append(_("Du har inte svarat på något än. Svara på någon fråga först."))
        else:
            services.submit(grant, preparation)
            return redirect(url_for("prepare.sent", prep_id=preparation.public_id))
    return render_template(
        "visits/review.html", grant=grant, preparation=preparation, rows=rows, form=form,
        change_url=lambda key: url_for("prepare.step", prep_id=preparation.public_id,
                                       step_key=key, fran=REVIEW),
        back_url=_step_url(preparation, rows[-1].step_key) if rows else url_for("prepare.index"),
        page_title=_("Kontrollera") if is_self(grant)
        else _("Kontrollera svaren för %(name)s", name=grant.patient.display_name))


@bp.route("/<prep_id>/skickat")
@acting_patient_access(Capability.SEE)
def sent(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id)
    if not preparation.submitted:
        if can(grant.user, grant.patient, Capability.PREPARE_VISITS):
            return redirect(_where_to(grant, preparation))
        abort(404)
    rows = services.summary(preparation, preparation.submitted_acting_as == "representative",
                            grant.patient.display_name)
    return render_template(
        "visits/sent.html", grant=grant, preparation=preparation, rows=rows,
        visit=preparation.visit, form=ConfirmForm(),
        can_prepare=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_("Nu är det skickat") if is_self(grant)
        else _("Nu är det skickat för %(name)s", name=grant.patient.display_name))


@bp.route("/<prep_id>/andra", methods=["POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def reopen(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id, for_update=True)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    services.reopen(grant, preparation)
    flash(_("Nu kan du ändra. Kom ihåg att skicka igen."), "info")
    return redirect(url_for("prepare.review", prep_id=preparation.public_id))


@bp.route("/<prep_id>/utskrift")
@acting_patient_access(Capability.SEE)
def print_summary(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id)
    # Opening the print version is a read of it: only the browser knows whether it was printed.
    audit.record_page_read(grant, "prepare.print_summary", preparation.public_id)
    # The code holds only the address of the staff page: no health data.
    staff_url = current_app.config["PUBLIC_URL"].rstrip("/") + url_for(
        "visits_staff.preparation", patient_id=grant.patient.public_id,
        prep_id=preparation.public_id)
    with force_locale("sv"):  # the paper is for the clinic's staff
        rows = services.summary(preparation,
                                preparation.submitted_acting_as == "representative",
                                grant.patient.display_name)
        sheet = Markup(render_template(  # noqa: S704  # nosec B704
            "visits/_prep_sheet.html", preparation=preparation, rows=rows,
            visit=preparation.visit, patient=grant.patient,
            qr=qr_svg(staff_url, _("QR-kod till förberedelsen i Lotsen, för personal"))))
    return render_template(
        "visits/prepare_print.html", sheet=sheet,
        back=url_for("prepare.sent", prep_id=preparation.public_id)
        if preparation.submitted else url_for("prepare.review", prep_id=preparation.public_id),
        page_title=_("Förberedelse inför besöket"))
