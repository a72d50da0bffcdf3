"""Ansök om SMO, the public form: no account, one question a page, each answer kept on the
server for this browser session (`drafts`, not the database) until Skicka, then Kontrollera
and Skicka. Refused: a post without the CSRF token (as everywhere), an answer that is not one of
the choices, a text too long, a robot that fills in the hidden field, too many sends from one
address (APPLY_SEND_LIMIT)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..extensions import limiter
from ..needs import catalogue as needs_catalogue
from . import bp, drafts, services
from . import catalogue as c
from .forms import SendForm, step_form_class


def _send_limit() -> str:
    return current_app.config["APPLY_SEND_LIMIT"]


def _sent(response) -> bool:
    """Only a send counts against the limit (a page shown again with a mistake does not)."""
    return response.status_code == 302 and response.location.endswith(url_for("apply.sent"))


def _steps(answers: dict) -> list[c.Step]:
    return c.applicable(answers, services.clinic_count())


def _step_url(key: str, **args) -> str:
    if key == c.REVIEW:
        return url_for("apply.review", **args)
    return url_for("apply.step", step_key=key, **args)


def _neighbour(answers: dict, key: str, go: str) -> str:
    keys = [s.key for s in _steps(answers)]
    if go == c.REVIEW or key not in keys:
        return c.REVIEW
    index = keys.index(key)
    if go == "back":
        return keys[index - 1] if index > 0 else ""
    return keys[index + 1] if index + 1 < len(keys) else c.REVIEW


def _form(step: c.Step, answers: dict, **kwargs):
    for_self = c.applies_for_self(answers)
    form = step_form_class(step.key, for_self)(**kwargs)
    label = c.question(step, answers)
    if step.key == "bostad":
        form.home.choices = [SelectChoice("", _("Inget boende valt"))] + [
            SelectChoice(home.public_id, home.name) for home in services.homes()
        ]
        form.home.label.text = (
            _("Bor du på ett boende? Välj det här.")
            if for_self
            else _("Bor personen på ett boende? Välj det här.")
        )
        form.address.label.text = (
            _("Eller skriv din adress") if for_self else _("Eller skriv personens adress")
        )
    elif step.key == "vardcentral":
        form.clinic.choices = [SelectChoice("", _("Välj en vårdcentral"))] + [
            SelectChoice(clinic.public_id, clinic.name) for clinic in services.clinics()
        ]
        form.clinic.label.text = label
    elif step.key == "kontakt":
        who = answers.get("vem", {}).get("who", c.SELF)
        if for_self:
            del form.applicant
            del form.post  # the letter goes to the person's own address
        if who not in c.AT_WORK:
            del form.organisation
    elif step.key == "stod":
        form.needs.choices = [SelectChoice(code, c.need_text(code, answers)) for code in c.NEEDS]
        form.needs.label.text = label
    elif step.key == "namn":
        form.name.label.text = label
    elif step.key == "personnummer":
        form.personnummer.label.text = label
    else:
        for name in ("who", "reasons", "needs", "consent", "grounds"):
            if name in form:
                form[name].label.text = label
    return form


@bp.route("/")
def start():
    answers = drafts.load()
    if drafts.SENT in answers:
        return render_template(
            "apply/start.html",
            resume_url=None,
            receipt_url=url_for("apply.sent"),
            page_title=_("Ansök om SMO"),
        )
    keys = [s.key for s in _steps(answers)]
    resume = next((k for k in keys if k not in answers), c.REVIEW) if answers else None
    return render_template(
        "apply/start.html",
        resume_url=_step_url(resume) if resume else None,
        receipt_url=None,
        first_url=_step_url(keys[0]),
        page_title=_("Ansök om SMO"),
    )


@bp.route("/borja-om", methods=["POST"])
def restart():
    form = SendForm()
    if form.validate_on_submit():
        drafts.forget()
        flash(_("Allt du skrev är borttaget. Du kan börja om."), "info")
    return redirect(url_for("apply.start"))


@bp.route("/<step_key>", methods=["GET", "POST"])
def step(step_key: str):
    answers = drafts.load()
    step = c.STEPS_BY_KEY.get(step_key) or abort(404)
    if drafts.SENT in answers:  # sent already: Back or a bookmark leads to the receipt
        return redirect(url_for("apply.sent"))
    steps = _steps(answers)
    if step not in steps:  # the clinic after a group home was chosen: on to the next step
        return redirect(_step_url(_neighbour(answers, "bostad", "next")))
    form = _form(step, answers)
    go = form.go.data if form.go.data in ("back", "next", c.REVIEW) else "next"
    if form.is_submitted() and go == "back" and not form.validate():
        # Back from a page with a mistake: go back; this page keeps what was saved before.
        flash(_("Det nya svaret är inte sparat, för att något var fel."), "info")
        previous = _neighbour(answers, step.key, "back")
        return redirect(_step_url(previous) if previous else url_for("apply.start"))
    if form.validate_on_submit():
        answer = form.answer()
        changed = {**answers, step.key: answer}
        if step.key == "vem" and answers.get("vem", {}).get("who") not in (None, answer.get("who")):
            # Another one fills in now: the contact and the consent were asked of someone else.
            changed.pop("kontakt", None)
            changed.pop("samtycke", None)
        if services.too_big(changed):
            form.form_errors.append(_("Det är för mycket text. Skriv kortare."))
        else:
            drafts.save(changed)
            target = _neighbour(changed, step.key, go)
            return redirect(_step_url(target) if target else url_for("apply.start"))
    elif request.method == "GET":
        form.fill(answers.get(step.key, {}))
    number, total = c.numbered(step, answers, services.clinic_count())
    return render_template(
        "apply/step.html",
        step=step,
        form=form,
        number=number,
        total=total,
        from_review=request.args.get("fran") == c.REVIEW,
        for_self=c.applies_for_self(answers),
        pictos={choice.value: choice.pictogram for choice in (*c.WHO, *c.REASONS, *c.GROUNDS, *c.CONSENT)},
        needs_pictos=_needs_pictos(),
        page_title=c.question(step, answers),
    )


def _needs_pictos() -> dict:
    return {code: needs_catalogue.NEEDS_BY_CODE[code].pictogram for code in c.NEEDS}


@bp.route("/kontrollera", methods=["GET", "POST"])
@limiter.limit(_send_limit, methods=["POST"], deduct_when=_sent)
def review():
    answers = drafts.load()
    if drafts.SENT in answers:
        # Sent already (Back after Skicka, or Skicka twice): the receipt, never a second one.
        return redirect(url_for("apply.sent"))
    form = SendForm()
    if form.validate_on_submit():
        missing = services.missing_step(answers)
        if missing is not None:
            # Kontrollera shows what is missing; Skicka asks it first.
            flash(_("Du har inte svarat på alla frågor. Svara på den här först."), "info")
            return redirect(_step_url(missing))
        if form.website.data:
            # A robot filled in the field people never see: it is told "sent", nothing is kept.
            current_app.logger.warning("application refused: the hidden field was filled in")
            drafts.forget()
            return redirect(url_for("apply.sent"))
        services.send(answers)
        return redirect(url_for("apply.sent"))
    return render_template(
        "apply/review.html",
        rows=services.summary(answers),
        form=form,
        clinic=services.target_clinic(answers),
        change_url=lambda key: _step_url(key, fran=c.REVIEW),
        page_title=_("Kontrollera"),
    )


@bp.route("/skickat")
def sent():
    """The receipt: what was sent, the day, what happens next (printable; also by e-mail when an
    address was given). Without a receipt (a new session, or a robot), only "sent"."""
    answers = drafts.load()
    return render_template(
        "apply/sent.html",
        receipt=services.sent_receipt(answers),
        emailed=answers.get("kontakt", {}).get("email", "") if drafts.SENT in answers else "",
        what_next=services.what_next(),
        page_title=_("Tack! Ansökan är skickad"),
    )


@bp.route("/utskrift")
def print_questions():
    return render_template(
        "apply/print.html",
        steps=c.STEPS,
        who=c.WHO,
        reasons=c.REASONS,
        grounds=c.GROUNDS,
        needs=_needs_list(),
        clinics=services.clinics(),
        page_title=_("Ansök om SMO på papper"),
    )


def _needs_list() -> list[c.Choice]:
    """The needs on paper, asked about the person (the paper's questions are)."""
    about = {"vem": {"who": c.AT_WORK[0]}}
    return [
        c.Choice(code, c.need_text(code, about), needs_catalogue.NEEDS_BY_CODE[code].pictogram)
        for code in c.NEEDS
    ]
