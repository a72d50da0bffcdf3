"""Efter besöket on the patient's side: the summary read aloud part by part, "Jag har förstått",
"Jag har en fråga", the next steps ticked done, the old versions, and the print. Reading needs
the "see" right; a question needs "write to the vårdlots"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..contact import conversations, questions
from ..contact.catalogue import PHRASES, phrase_choices, pictos
from ..contact.forms import MessageForm
from ..core import audit
from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..next_steps import StepDoneForm
from ..qr import qr_svg
from ..visits.pages import visit_helpers
from . import bp, services
from .forms import UnderstoodForm
from .pages import page_helpers

# The summary's helpers on every page: Hem and Mina besök show next steps too.
bp.app_context_processor(page_helpers)
bp.context_processor(visit_helpers)


def _sent_or_404(grant: Grant, summary_id: str):
    summary = services.find(grant.patient, summary_id)
    if summary is None or not summary.sent:
        abort(404)  # a draft is the staff's: it does not exist for the patient's side
    return summary


def _page(summary_id: str) -> str:
    return url_for("aftervisit.page", summary_id=summary_id)


def _title(grant: Grant, own: str, helper: str) -> str:
    """A page's heading: a helper's names the patient."""
    return own if grant.is_self else helper


def _tick_address(summary):
    return lambda row: url_for("aftervisit.step", summary_id=summary.public_id, next_step_id=row.public_id)


@bp.route("/<summary_id>")
@acting_patient_access(Capability.SEE)
def page(grant: Grant, summary_id: str):
    summary = _sent_or_404(grant, summary_id)
    services.mark_opened(grant, summary)
    return _summary_page(grant, summary)


def _summary_page(grant: Grant, summary, form: StepDoneForm | None = None):
    mine = services.read_of(grant.user, summary)
    return render_template(
        "aftervisit/page.html",
        grant=grant,
        summary=summary,
        version=services.latest(summary),
        old=False,
        step_rows=services.steps_of(summary),
        tick=_tick_address(summary),
        understood=services.understood_latest(mine),
        asked=mine.conversation if mine is not None and mine.conversation_id else None,
        may_write=can(grant.user, grant.patient, Capability.WRITE_TO_VARDLOTS),
        form=form,
        page_title=_title(
            grant, _("Efter besöket"), _("Efter besöket för %(name)s", name=grant.patient.display_name)
        ),
    )


@bp.route("/<summary_id>/forstatt", methods=["POST"])
@acting_patient_access(Capability.SEE)
def understood(grant: Grant, summary_id: str):
    summary = _sent_or_404(grant, summary_id)
    if UnderstoodForm().validate_on_submit():
        services.mark_understood(grant, summary)
        flash(_("Tack! Vårdcentralen ser att du har förstått."), "success")
    return redirect(_page(summary.public_id))


@bp.route("/<summary_id>/steg/<next_step_id>", methods=["POST"])
@acting_patient_access(Capability.SEE)
def step(grant: Grant, summary_id: str, next_step_id: str):
    summary = _sent_or_404(grant, summary_id)
    row = services.find_step(grant.patient, next_step_id, for_update=True)
    if row is None or row.summary_id != summary.id:
        abort(404)
    form = StepDoneForm()
    # A refused or broken form shows the page again with what went wrong at the top.
    if not form.validate_on_submit():
        return _summary_page(grant, summary, form)
    try:
        changed = services.set_step_done(grant, row, form.klart.data == "1")
    except RuleError as problem:
        form.refuse(problem)
        return _summary_page(grant, summary, form)
    if changed:
        flash(_("Bra! Det är klart.") if row.done else _("Nu står det att det inte är klart."), "success")
    return redirect(_page(summary.public_id) + f"#steg-{row.key}")


@bp.route("/<summary_id>/fraga", methods=["GET", "POST"])
@acting_patient_access(Capability.WRITE_TO_VARDLOTS)
def question(grant: Grant, summary_id: str):
    """ "Jag har en fråga": a message to the vårdlots about this summary (the vårdlots sees which
    one it is and opens it), with quick phrases and or own text."""
    summary = _sent_or_404(grant, summary_id)
    form = MessageForm()
    name = "" if grant.is_self else grant.patient.display_name
    form.phrases.choices = [c for c in phrase_choices(name) if c.value in questions.QUESTION_PHRASES]
    if form.validate_on_submit():
        phrases, text = form.phrases.data or [], form.text.data or ""
        sent = conversations.same_message_sent(grant, phrases, text)
        if sent is not None and sent.about == summary.public_id:
            flash(_("Det här är redan skickat. Vårdlotsen har fått det."), "info")
            return redirect(url_for("contact.conversation", conversation_id=sent.public_id))
        try:
            conversation = questions.ask_about_summary(
                grant, summary.public_id, phrases, text, form.notify.data
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            services.mark_question(grant, summary, conversation)
            flash(_("Tack! Vårdlotsen har fått din fråga."), "success")
            urgent = {"akut": "1"} if "happened" in phrases else {}
            return redirect(url_for("contact.conversation", conversation_id=conversation.public_id, **urgent))
    return render_template(
        "aftervisit/question.html",
        grant=grant,
        form=form,
        summary=summary,
        pictos=pictos(PHRASES),
        page_title=_("Jag har en fråga om det vårdcentralen skrev")
        if grant.is_self
        else _("En fråga om det vårdcentralen skrev om %(name)s", name=grant.patient.display_name),
    )


@bp.route("/<summary_id>/tidigare")
@acting_patient_access(Capability.SEE)
def history(grant: Grant, summary_id: str):
    """The versions sent before the last one, each read-only: what the clinic changed, and when."""
    summary = _sent_or_404(grant, summary_id)
    return render_template(
        "aftervisit/history.html",
        grant=grant,
        summary=summary,
        versions=sorted(summary.versions, key=lambda v: v.number, reverse=True),
        page_title=_title(
            grant, _("Så var det förut"), _("Så var det förut för %(name)s", name=grant.patient.display_name)
        ),
    )


@bp.route("/<summary_id>/version/<int:number>")
@acting_patient_access(Capability.SEE)
def version(grant: Grant, summary_id: str, number: int):
    summary = _sent_or_404(grant, summary_id)
    shown = services.version(summary, number)
    if shown is None or number >= summary.version:
        abort(404)  # the newest is the summary's own page
    return render_template(
        "aftervisit/page.html",
        grant=grant,
        summary=summary,
        version=shown,
        old=True,
        page_title=_title(
            grant,
            _("Efter besöket, så var det förut"),
            _("Efter besöket för %(name)s, så var det förut", name=grant.patient.display_name),
        ),
    )


@bp.route("/<summary_id>/utskrift", endpoint="print")
@acting_patient_access(Capability.SEE)
def print_page(grant: Grant, summary_id: str):
    """One A4 page in the reader's language where it is written, otherwise Swedish (marked),
    with the clinic's phone and a QR code to this summary on the patient's side."""
    summary = _sent_or_404(grant, summary_id)
    # Opening the print version is a read of it: only the browser knows whether it was printed.
    audit.record_page_read(grant, "aftervisit.print", summary.public_id)
    link = external_url("aftervisit.page", for_patient=grant.patient.public_id, summary_id=summary.public_id)
    return render_template(
        "aftervisit/print.html",
        grant=grant,
        summary=summary,
        version=services.latest(summary),
        step_rows=services.steps_of(summary),
        qr=qr_svg(link, _("QR-kod till sidan i Lotsen")),
        back=_page(summary.public_id),
        page_title=_title(
            grant,
            _("Efter besöket, att skriva ut"),
            _("Efter besöket för %(name)s, att skriva ut", name=grant.patient.display_name),
        ),
    )
