"""The questions before the health check, on the patient's side: a start page that asks who
answers, one question a page (each answer saved on the server as the person moves on), back and
forward, Kontrollera with "Ändra" on each answer, Skicka; after sending, the answers read-only
with "Ändra" until the check is done. Answering needs "prepare visits" (the questions prepare
the health check's visit); reading what was sent needs "see"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..bodymap import BODY_PARTS
from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from . import question_services as services
from . import questions as catalogue
from .question_blueprints import bp
from .question_forms import QuestionPage, ReopenForm, SendForm, StartForm, question_form

REVIEW = catalogue.REVIEW


def _title(grant: Grant, own: str, helper: str) -> str:
    return own if grant.is_self else helper


def _asked(question: catalogue.Question, grant: Grant) -> str:
    words = question.question if grant.is_self else question.question_for
    return str(words) % {"name": grant.patient.display_name}


def _who_choices(grant: Grant) -> list[SelectChoice]:
    choices = catalogue.WHO if grant.is_self else catalogue.WHO_FOR_HELPER
    return [SelectChoice(c.value, str(c.text) % {"name": grant.patient.display_name}) for c in choices]


def _open_or_404(grant: Grant, for_update: bool = False):
    check, questionnaire = services.current(grant.patient, for_update)
    if check is None or questionnaire is None:
        abort(404)
    return check, questionnaire


def _index_page(grant: Grant, form: StartForm):
    check, questionnaire = services.current(grant.patient)
    form.who.choices = _who_choices(grant)
    if request.method == "GET" and questionnaire is not None and not form.restored_from_draft:
        form.who.data = questionnaire.who
    return render_template(
        "checkup/questions_start.html",
        grant=grant,
        check=check,
        questionnaire=questionnaire,
        form=form,
        who_pictos={c.value: c.pictogram for c in catalogue.WHO_FOR_HELPER},
        can_answer=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        count=len(
            catalogue.planned(
                (questionnaire.answers if questionnaire else None) or {}, services.woman(grant.patient)
            )
        ),
        page_title=_title(
            grant,
            _("Frågor före hälsokontrollen"),
            _("Frågor före hälsokontrollen för %(name)s", name=grant.patient.display_name),
        ),
    )


@bp.route("/")
@acting_patient_access(Capability.SEE)
def index(grant: Grant):
    _check, questionnaire = services.current(grant.patient)
    if questionnaire is not None and questionnaire.sent:
        return redirect(url_for("questions.sent"))
    return _index_page(grant, StartForm())


@bp.route("/starta", methods=["POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def start(grant: Grant):
    form = StartForm()
    form.who.choices = _who_choices(grant)
    check = services.open_round(grant.patient)
    if check is None:
        abort(404)
    if not form.validate_on_submit():
        return _index_page(grant, form)
    try:
        questionnaire = services.start(grant, check, form.who.data or "")
    except RuleError as problem:
        form.refuse(problem)
        return _index_page(grant, form)
    return redirect(_where_to(grant, questionnaire))


def _where_to(grant: Grant, questionnaire) -> str:
    if questionnaire.sent:
        return url_for("questions.sent")
    keys = [q.key for q in services.questions_for(questionnaire, grant.patient)]
    target = questionnaire.step if questionnaire.step in keys + [REVIEW] else keys[0]
    return _step_url(target)


def _step_url(key: str, **args) -> str:
    if key == REVIEW:
        return url_for("questions.review", **args)
    return url_for("questions.step", question_key=key, **args)


def _neighbour(answers: dict, woman: bool, key: str, go: str) -> str:
    keys = [q.key for q in catalogue.applicable(answers, woman)]
    if go == REVIEW or key not in keys:
        return REVIEW
    index = keys.index(key)
    if go == "back":
        return keys[index - 1] if index > 0 else ""
    return keys[index + 1] if index + 1 < len(keys) else REVIEW


def _question_form(question: catalogue.Question, grant: Grant, **kwargs) -> QuestionPage:
    form = question_form(question)(**kwargs)
    for name in ("choice", "choices"):
        if name in form:
            form[name].label.text = _asked(question, grant)
    if "text" in form and question.kind == "text":
        form.text.label.text = _asked(question, grant)
    return form


@bp.route("/fraga/<question_key>", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def step(grant: Grant, question_key: str):
    key = question_key
    check, questionnaire = _open_or_404(grant, for_update=request.method == "POST")
    question = catalogue.QUESTIONS_BY_KEY.get(key) or abort(404)
    if questionnaire.sent:
        flash(_("Svaren är redan skickade. Tryck på Ändra om du vill ändra något."), "info")
        return redirect(url_for("questions.sent"))
    woman = services.woman(grant.patient)
    answers = questionnaire.answers or {}
    if question not in catalogue.applicable(answers, woman):
        return redirect(_where_to(grant, questionnaire))
    form = _question_form(question, grant)
    go = form.go.data if form.go.data in ("back", "next", REVIEW) else "next"
    if form.validate_on_submit():
        answer = form.answer()
        target = _neighbour({**answers, key: answer}, woman, key, go)
        try:
            services.save_answer(grant, questionnaire, key, answer, target or key, form.revision_number())
        except RuleError as problem:
            form.refuse(problem)
        else:
            return redirect(_step_url(target) if target else url_for("questions.index"))
    elif request.method == "GET":
        form.fill(answers.get(key) or {})
    elif form.is_submitted() and go == "back" and not form.errors.get("csrf_token"):
        # Back from a page with a mistake: the new answer is not saved; say so, keep it shown.
        form.form_errors.append(_("Det nya svaret är inte sparat, för att något var fel."))
    steps = catalogue.planned(answers, woman)
    return render_template(
        "checkup/questions_step.html",
        grant=grant,
        questionnaire=questionnaire,
        question=question,
        steps=steps,
        number=steps.index(question) + 1 if question in steps else 1,
        form=form,
        revision=questionnaire.revision,
        body_parts=BODY_PARTS,
        pictos={c.value: c.pictogram for c in question.choices},
        from_review=request.args.get("fran") == REVIEW,
        page_title=_asked(question, grant),
    )


def _review_page(grant: Grant, questionnaire, form: SendForm):
    return render_template(
        "checkup/questions_review.html",
        grant=grant,
        questionnaire=questionnaire,
        rows=services.answer_rows(questionnaire.answers or {}, grant.patient, not grant.is_self),
        who=services.who_words(questionnaire),
        form=form,
        revision=questionnaire.revision,
        change_url=lambda key: _step_url(key, fran=REVIEW),
        page_title=_title(
            grant,
            _("Kontrollera dina svar"),
            _("Kontrollera svaren för %(name)s", name=grant.patient.display_name),
        ),
    )


@bp.route("/kontrollera", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def review(grant: Grant):
    _check, questionnaire = _open_or_404(grant, for_update=request.method == "POST")
    if questionnaire.sent:
        return redirect(url_for("questions.sent"))
    form = SendForm()
    if form.validate_on_submit():
        try:
            services.send(grant, questionnaire, form.revision_number())
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Tack! Nu är svaren skickade till vårdcentralen."), "success")
            return redirect(url_for("questions.sent"))
    return _review_page(grant, questionnaire, form)


@bp.route("/skickat")
@acting_patient_access(Capability.SEE)
def sent(grant: Grant):
    check, questionnaire = services.current(grant.patient)
    if check is None or questionnaire is None:
        return redirect(url_for("questions.index"))
    # Not sent yet: the answers so far, read-only, and the way on for those who may answer.
    return _sent_page(grant, check, questionnaire, ReopenForm(formdata=None))


def _sent_page(grant: Grant, check, questionnaire, form: ReopenForm):
    return render_template(
        "checkup/questions_sent.html",
        grant=grant,
        check=check,
        questionnaire=questionnaire,
        rows=services.answer_rows(questionnaire.answers or {}, grant.patient, not grant.is_self),
        who=services.who_words(questionnaire),
        form=form,
        revision=questionnaire.revision,
        can_answer=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_title(
            grant,
            _("Dina svar före hälsokontrollen"),
            _("Svaren före hälsokontrollen för %(name)s", name=grant.patient.display_name),
        ),
    )


@bp.route("/andra", methods=["POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def reopen(grant: Grant):
    check, questionnaire = _open_or_404(grant, for_update=True)
    if not questionnaire.sent:  # already open to change (another tab, or the back button)
        services.reopen(grant, check, questionnaire, None)
        return redirect(_where_to(grant, questionnaire))
    form = ReopenForm()
    if not form.validate_on_submit():
        return _sent_page(grant, check, questionnaire, form)
    try:
        services.reopen(grant, check, questionnaire, form.revision_number())
    except RuleError as problem:
        form.refuse(problem)
        return _sent_page(grant, check, questionnaire, form)
    flash(_("Nu kan du ändra. Kom ihåg att skicka igen."), "info")
    return redirect(url_for("questions.review"))
