"""Min hälsoplan on the patient's side: the plan sent last, each goal a read-aloud block with who
does what and when we look again in words and pictures; "Klart" on the steps that are the
patient's or the group home's (the clinic and the habilitation mark their own); the plans and
versions before; the one-page print. Everything needs the "see" right."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..core import audit
from ..core.access import acting_patient_access
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..next_steps import StepDoneForm
from ..qr import qr_svg
from . import plan_services as services
from .plan_blueprints import bp
from .plan_pages import plan_helpers

bp.context_processor(plan_helpers)


def _title(grant: Grant, own: str, helper: str) -> str:
    return own if grant.is_self else helper


@bp.route("/")
@acting_patient_access(Capability.SEE)
def page(grant: Grant):
    return _plan_page(grant)


def _plan_page(grant: Grant, form: StepDoneForm | None = None):
    plan = services.current(grant.patient)
    return render_template(
        "checkup/plan_page.html",
        grant=grant,
        plan=plan,
        version=services.latest(plan) if plan is not None else None,
        goal_rows=services.goals_of(plan) if plan is not None else {},
        old=False,
        goal_tick=lambda row: url_for("plan.goal", goal_id=row.public_id),
        has_history=len(services.sent_versions(grant.patient)) > 1,
        form=form,
        page_title=_title(
            grant, _("Min hälsoplan"), _("Hälsoplanen för %(name)s", name=grant.patient.display_name)
        ),
    )


@bp.route("/mal/<goal_id>", methods=["POST"])
@acting_patient_access(Capability.SEE)
def goal(grant: Grant, goal_id: str):
    plan = services.current(grant.patient)
    row = services.find_goal(grant.patient, goal_id)
    if plan is None or row is None or row.plan_id != plan.id:
        abort(404)
    form = StepDoneForm()
    if not form.validate_on_submit():
        return _plan_page(grant, form)
    try:
        changed = services.set_done(grant, row, form.klart.data == "1")
    except RuleError as problem:
        form.refuse(problem)
        return _plan_page(grant, form)
    if changed:
        flash(_("Bra! Det är klart.") if row.done else _("Nu står det att det inte är klart."), "success")
    return redirect(url_for("plan.page") + f"#mal-{row.key}")


@bp.route("/tidigare")
@acting_patient_access(Capability.SEE)
def history(grant: Grant):
    """Every plan and version sent before, each read-only."""
    return render_template(
        "checkup/plan_history.html",
        grant=grant,
        versions=services.sent_versions(grant.patient)[1:],
        page_title=_title(
            grant,
            _("Mina planer förut"),
            _("Planerna förut för %(name)s", name=grant.patient.display_name),
        ),
    )


@bp.route("/tidigare/<plan_id>/<int:number>")
@acting_patient_access(Capability.SEE)
def version(grant: Grant, plan_id: str, number: int):
    plan = services.find(grant.patient, plan_id)
    shown = services.version(plan, number) if plan is not None else None
    newest = services.current(grant.patient)
    if shown is None or (plan is newest and number >= plan.version):
        abort(404)  # the newest is the plan's own page
    return render_template(
        "checkup/plan_page.html",
        grant=grant,
        plan=plan,
        version=shown,
        goal_rows={},
        old=True,
        goal_tick=None,
        has_history=True,
        form=None,
        page_title=_title(
            grant,
            _("Min hälsoplan, så var det förut"),
            _("Hälsoplanen för %(name)s, så var det förut", name=grant.patient.display_name),
        ),
    )


@bp.route("/utskrift", endpoint="print")
@acting_patient_access(Capability.SEE)
def print_page(grant: Grant):
    """One A4 page with the clinic's phone and a QR code to the plan in Lotsen."""
    plan = services.current(grant.patient)
    if plan is None:
        abort(404)
    audit.record_page_read(grant, "plan.print", plan.public_id)
    link = external_url("plan.page", for_patient=grant.patient.public_id)
    return render_template(
        "checkup/plan_print.html",
        grant=grant,
        plan=plan,
        version=services.latest(plan),
        goal_rows=services.goals_of(plan),
        qr=qr_svg(link, _("QR-kod till sidan i Lotsen")),
        back=url_for("plan.page"),
        page_title=_title(
            grant,
            _("Min hälsoplan, att skriva ut"),
            _("Hälsoplanen för %(name)s, att skriva ut", name=grant.patient.display_name),
        ),
    )
