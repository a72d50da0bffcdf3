"""The preparation wizard: one question per page, each answer saved on the server at once, so
leaving, another device or a timed-out session all come back to the same step with every answer.
Answering needs the "prepare visits" right; reading what was sent needs "see"."""

from __future__ import annotations

import time

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeSerializer
from markupsafe import Markup
from wtforms import SelectChoice

from ..bodymap import BODY_PARTS
from ..core import audit
from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..needs.services import current_profile
from ..qr import qr_svg
from ..staff.forms import ConfirmForm
from . import listing, prepare, wizard
from . import prepare_bp as bp
from .catalogue import ANSWERED_BY, STEPS_BY_KEY, applicable, planned
from .forms import ReviewForm, StartForm, step_form
from .pages import shown_schedule, visit_helpers

REVIEW = "kontrollera"
WITHOUT_VISIT = "ingen"  # the start form's value for a preparation without a booked visit


@bp.context_processor
def _helpers():
    return visit_helpers()


# A wizard page says which step it showed, and when: a tap that reaches the next page before a
# person could have seen it (a double tap on the sticky Nästa) must not answer that page.
SHOWN = "shown"
SETTLE_MS = 700  # lotsen.js ignores a tap on a wizard page this soon after the last one


def _shown_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="lotsen-wizard-shown")


def shown_token(preparation, key: str) -> str:
    """The signed "this page showed step `key` of this preparation, at this moment"."""
    return _shown_serializer().dumps([preparation.public_id, key, int(time.time() * 1000)])


def _shown_too_soon(preparation, key: str, unchanged: bool) -> bool:
    """True when the post was not sent from the page of this very step (from the page before
    it, say, before this one was shown), or, answering nothing new, came sooner after the page
    than a person can look at it. Such a post changes nothing; the step is shown again."""
    try:
        prep_id, shown, at = _shown_serializer().loads(request.form.get(SHOWN, ""))
        at = int(at)
    except (BadData, TypeError, ValueError):
        return True
    if prep_id != preparation.public_id or shown != key:
        return True
    settle = current_app.config.get("WIZARD_SETTLE_MS", SETTLE_MS)
    return unchanged and time.time() * 1000 - at < settle


def _shown_broken(preparation) -> bool:
    """True when the post carries no token of this preparation's pages at all (a form not sent
    from Lotsen's page, or a page from before the token): shown again, it says so, unlike a
    double tap, which is shown again quietly."""
    try:
        prep_id, _key, _at = _shown_serializer().loads(request.form.get(SHOWN, ""))
    except (BadData, TypeError, ValueError):
        return True
    return prep_id != preparation.public_id


def _prep_or_404(grant: Grant, prep_id: str, for_update: bool = False):
    return prepare.find_preparation(grant.patient, prep_id, for_update) or abort(404)


def _question(step, grant: Grant) -> str:
    words = step.question if grant.is_self else step.question_for
    return str(words) % {"name": grant.patient.display_name}


def _step_url(preparation, key: str, **args) -> str:
    if key == REVIEW:
        return url_for("prepare.review", prep_id=preparation.public_id, **args)
    return url_for("prepare.step", prep_id=preparation.public_id, step_key=key, **args)


def _index_page(grant: Grant, form: StartForm):
    coming = [v for v in listing.coming_visits(grant.patient) if not v.cancelled]
    preparations = prepare.preparations_for([v.id for v in coming])
    others = [p for p in prepare.patient_preparations(grant.patient) if p.visit_id is None]
    return render_template(
        "visits/prepare_index.html",
        grant=grant,
        coming=coming,
        preparations=preparations,
        others=others,
        form=form,
        without_visit=WITHOUT_VISIT,
        can_prepare=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_("Förbered besöket")
        if grant.is_self
        else _("Förbered besöket för %(name)s", name=grant.patient.display_name),
    )


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
        visit = listing.find_visit(grant.patient, form.visit.data) or abort(404)
    try:
        preparation = prepare.start(grant, visit)
    except RuleError as problem:
        flash(problem.message, "error")
        return redirect(url_for("prepare.index"))
    return redirect(_where_to(grant, preparation))


def _where_to(grant: Grant, preparation) -> str:
    """Back to where the person was: the step they were on, or the page that says it is sent."""
    if preparation.submitted:
        return url_for("prepare.sent", prep_id=preparation.public_id)
    steps = applicable(preparation.answers or {}, prepare.is_representative(grant))
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


def _step_page(step, grant: Grant, needs: list, **kwargs):
    form = step_form(step)(**kwargs)
    for name in ("choice", "choices"):
        if name in form:  # asked of the patient, or of a helper about the patient
            form[name].label.text = _question(step, grant)
    if step.kind == "needs":
        form.choices.choices = [SelectChoice(n.code, n.text) for n in needs]
    return form


@bp.route("/<prep_id>/steg/<step_key>", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def step(grant: Grant, prep_id: str, step_key: str):
    preparation = _prep_or_404(grant, prep_id, for_update=request.method == "POST")
    step = STEPS_BY_KEY.get(step_key) or abort(404)
    if preparation.submitted:
        flash(_("Det här är redan skickat. Tryck på Ändra om du vill ändra något."), "info")
        return redirect(url_for("prepare.sent", prep_id=preparation.public_id))
    representative = prepare.is_representative(grant)
    answers = preparation.answers or {}
    steps = applicable(answers, representative)
    if step not in steps:  # e.g. the body map after "no pain": back to where the person is
        return redirect(_where_to(grant, preparation))
    needs = []
    if step.kind == "needs":
        profile = current_profile(grant.patient)
        needs = wizard.needs_choices(profile)
    form = _step_page(step, grant, needs)
    go = form.go.data if form.go.data in ("back", "next", REVIEW) else "next"
    valid = form.validate_on_submit()
    if not valid and go == "back" and form.is_submitted() and not form.errors.get("csrf_token"):
        # Back from a page with a mistake: go back; this page keeps what was saved before.
        flash(
            _(
                "Det nya svaret är inte sparat, för att något var fel. Frågan var: %(question)s",
                question=_question(step, grant),
            ),
            "info",
        )
        previous = _neighbour(answers, representative, step.key, "back")
        return redirect(_step_url(preparation, previous) if previous else url_for("prepare.index"))
    shown_before = answers.get(step.key)
    if shown_before is None and step.kind == "needs":
        shown_before = {"choices": [need.code for need, _c in profile.chosen]}
    if (
        form.is_submitted()
        and not form.errors.get("csrf_token")
        and _shown_too_soon(
            preparation, step.key, go != "back" and _same_answer(form.answer(), shown_before or {})
        )
    ):
        valid = False
        form = _step_page(step, grant, needs, formdata=None)
        form.fill(shown_before or {})
        if _shown_broken(preparation):
            form.form_errors.append(_("Sidan är för gammal. Öppna den igen och gör om ändringen."))
    if valid:
        answer = form.answer()
        target = _neighbour({**answers, step.key: answer}, representative, step.key, go)
        try:
            prepare.save_step(grant, preparation, step.key, answer, target or step.key)
        except RuleError as problem:
            form.refuse(problem)
        else:
            if not target:
                return redirect(url_for("prepare.index"))
            chosen = set(answer.get("choices") or []) | {answer.get("choice") or ""}
            extra = {"akut": "1"} if chosen & step.urgent and go != "back" else {}
            return redirect(_step_url(preparation, target, **extra))
    elif request.method == "GET":
        form.fill(shown_before or {})
    steps = planned(answers, representative)
    number = steps.index(step) + 1
    return render_template(
        "visits/step.html",
        grant=grant,
        preparation=preparation,
        step=step,
        steps=steps,
        number=number,
        form=form,
        body_parts=BODY_PARTS,
        pictos={c.value: c.pictogram for c in step.choices},
        needs_pictos={n.code: n.pictogram for n in needs},
        from_review=request.args.get("fran") == REVIEW,
        answers=answers,
        shown=shown_token(preparation, step.key),
        settle=SETTLE_MS,
        urgent=_urgent(step, form),
        page_title=_question(step, grant),
    )


def _same_answer(answer: dict, shown: dict) -> bool:
    def norm(value: dict) -> tuple:
        return (
            sorted(value.get("choices") or []),
            value.get("choice") or "",
            (value.get("text") or "").strip(),
        )

    return norm(answer) == norm(shown)


def _urgent(step, form) -> dict:
    """The urgent notice of a step: shown now when an urgent card is chosen (a page shown
    again), or just after such an answer was saved (?akut=1, for a browser without the
    script); else there, hidden, for lotsen.js to show the moment the card is chosen."""
    chosen = set()
    if "choice" in form and form.choice.data:
        chosen = {form.choice.data}
    elif "choices" in form:
        chosen = set(form.choices.data or [])
    return {
        "values": sorted(step.urgent),
        "field": "choice" if "choice" in form else "choices",
        "now": bool(chosen & step.urgent),
        "after": request.args.get("akut") == "1",
    }


@bp.route("/<prep_id>/kontrollera", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def review(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id, for_update=request.method == "POST")
    if preparation.submitted:
        return redirect(url_for("prepare.sent", prep_id=preparation.public_id))
    representative = prepare.is_representative(grant)
    rows = wizard.summary(preparation, representative, grant.patient.display_name)
    form = _review_form(grant)
    if request.method == "GET" and not form.restored_from_draft and "who" in form:
        form.who.data = preparation.answered_by
    valid = form.validate_on_submit()
    if valid and _shown_too_soon(preparation, REVIEW, True):
        # Sent from the page before (a double tap on its Nästa): Kontrollera is shown first.
        form = _review_form(grant, formdata=None)
        if "who" in form:
            form.who.data = preparation.answered_by
        if _shown_broken(preparation):
            form.form_errors.append(_("Sidan är för gammal. Öppna den igen och gör om ändringen."))
    elif valid:
        if not any(row.items or row.text for row in rows):
            form.form_errors.append(_("Du har inte svarat på något än. Svara på någon fråga först."))
        else:
            prepare.submit(grant, preparation, form.who.data if "who" in form else "")
            return redirect(url_for("prepare.sent", prep_id=preparation.public_id))
    return render_template(
        "visits/review.html",
        grant=grant,
        preparation=preparation,
        rows=rows,
        form=form,
        shown=shown_token(preparation, REVIEW),
        settle=SETTLE_MS,
        who_pictos={c.value: c.pictogram for c in ANSWERED_BY},
        urgent_pain=(preparation.answers or {}).get("hur", {}).get("choice") == "5",
        change_url=lambda key: url_for(
            "prepare.step", prep_id=preparation.public_id, step_key=key, fran=REVIEW
        ),
        back_url=_step_url(preparation, rows[-1].step_key) if rows else url_for("prepare.index"),
        page_title=_("Kontrollera")
        if grant.is_self
        else _("Kontrollera svaren för %(name)s", name=grant.patient.display_name),
    )


def _review_form(grant: Grant, **kwargs) -> ReviewForm:
    form = ReviewForm(**kwargs)
    if grant.is_self:
        del form.who  # a patient on their own answered themselves
    else:
        name = grant.patient.display_name
        form.who.choices = [SelectChoice(c.value, str(c.text) % {"name": name}) for c in ANSWERED_BY]
    return form


@bp.route("/<prep_id>/skickat")
@acting_patient_access(Capability.SEE)
def sent(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id)
    if not preparation.submitted:
        if can(grant.user, grant.patient, Capability.PREPARE_VISITS):
            return redirect(_where_to(grant, preparation))
        abort(404)
    rows = wizard.summary(preparation, preparation.submitted_by_representative, grant.patient.display_name)
    return render_template(
        "visits/sent.html",
        grant=grant,
        preparation=preparation,
        rows=rows,
        visit=preparation.visit,
        form=ConfirmForm(),
        who_pictos={c.value: c.pictogram for c in ANSWERED_BY},
        schedule_steps=shown_schedule(grant, preparation.visit) if preparation.visit else [],
        can_prepare=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_("Nu är det skickat")
        if grant.is_self
        else _("Nu är det skickat för %(name)s", name=grant.patient.display_name),
    )


@bp.route("/<prep_id>/andra", methods=["POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def reopen(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id, for_update=True)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    prepare.reopen(grant, preparation)
    flash(_("Nu kan du ändra. Kom ihåg att skicka igen."), "info")
    return redirect(url_for("prepare.review", prep_id=preparation.public_id))


@bp.route("/<prep_id>/utskrift")
@acting_patient_access(Capability.SEE)
def print_summary(grant: Grant, prep_id: str):
    preparation = _prep_or_404(grant, prep_id)
    # Opening the print version is a read of it: only the browser knows whether it was printed.
    audit.record_page_read(grant, "prepare.print_summary", preparation.public_id)
    # The code holds only the address of the staff page: no health data.
    staff_url = external_url(
        "visits_staff.preparation", patient_id=grant.patient.public_id, prep_id=preparation.public_id
    )
    with force_locale("sv"):  # the paper is for the clinic's staff
        rows = wizard.summary(
            preparation, preparation.submitted_by_representative, grant.patient.display_name
        )
        html = render_template(
            "visits/_prep_sheet.html",
            preparation=preparation,
            rows=rows,
            visit=preparation.visit,
            patient=grant.patient,
            qr=qr_svg(staff_url, _("QR-kod till förberedelsen i Lotsen, för personal")),
        )
        sheet = Markup(html)  # noqa: S704  # nosec B704
    return render_template(
        "visits/prepare_print.html",
        sheet=sheet,
        back=url_for("prepare.sent", prep_id=preparation.public_id)
        if preparation.submitted
        else url_for("prepare.review", prep_id=preparation.public_id),
        page_title=_("Förberedelse inför besöket"),
    )
