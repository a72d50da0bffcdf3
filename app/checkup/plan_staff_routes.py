"""Min hälsoplan for staff, from the patient card: the plan (what the patient's side sees, what
is not sent yet, the goals' steps to mark done), writing it, sending it, a new plan at the next
check, the history of every plan and version, and the print."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..core import audit
from ..core.access import patient_access
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..qr import qr_svg
from . import plan_content as shape
from . import plan_services as services
from .plan_blueprints import staff_bp as bp
from .plan_forms import GoalForm, NewPlanForm, PlanForm, SendPlanForm
from .plan_pages import plan_helpers

RULE = "/patienter/<patient_id>/halsoplan"
bp.context_processor(plan_helpers)


def _url(grant: Grant, endpoint: str = "plan_staff.plan") -> str:
    return url_for(endpoint, patient_id=grant.patient.public_id)


def _check_words(check) -> str:
    day = check.done_on or (check.visit.starts_at.date() if check.visit is not None else None)
    if day is not None:
        return _("Hälsokontroll %(day)s", day=format_date(day, "d MMMM y"))
    return _("Hälsokontroll, inbjudan %(day)s", day=format_date(check.created_at.date(), "d MMMM y"))


@bp.route(RULE)
@patient_access(Capability.SEE)
def plan(grant: Grant):
    return _plan_page(grant, GoalForm(formdata=None))


def _plan_page(grant: Grant, form):
    plan = services.working(grant.patient)
    sent = services.latest(plan) if plan is not None else None
    return render_template(
        "checkup/plan_staff.html",
        patient=grant.patient,
        grant=grant,
        plan=plan,
        document=shape.clean(plan.content) if plan is not None else None,
        sent=sent,
        waiting=plan is not None and services.changed_since_sent(plan),
        goal_rows=services.goals_of(plan) if sent is not None else {},
        check_words=_check_words(plan.health_check) if plan is not None and plan.health_check else "",
        form=form,
        page_title=_("Min hälsoplan: %(name)s", name=grant.patient.name),
    )


def _fill(form: PlanForm, document: dict) -> None:
    for n, goal in enumerate(document["goals"]):
        form[f"goal_{n}_key"].data = goal["key"]
        form[f"goal_{n}_goal"].data = goal["goal"].get("sv", "")
        form[f"goal_{n}_do"].data = goal["do"].get("sv", "")
        form[f"goal_{n}_who"].data = goal["who"]
        form[f"goal_{n}_look_on"].data = date.fromisoformat(goal["look_on"]) if goal["look_on"] else None


def _read(form: PlanForm, before: dict) -> dict:
    """The plan the form describes, keeping each row's key (an unknown or repeated key gets a
    new one) and the other languages of a text whose Swedish is kept."""
    known = {g["key"]: g for g in before["goals"]}
    used: set[str] = set()
    goals = []
    for row in form.goal_rows():
        if not row["goal"].data:
            continue
        key = row["key"].data or ""
        key = key if key in known and key not in used else shape.new_key()
        used.add(key)
        old = known.get(key, {"goal": {}, "do": {}})

        def kept(texts: dict, text: str) -> dict:
            return texts if texts.get("sv") == text else {"sv": text}

        goals.append(
            {
                "key": key,
                "goal": kept(old["goal"], row["goal"].data or ""),
                "do": kept(old["do"], row["do"].data or ""),
                "who": row["who"].data,
                "look_on": row["look_on"].data.isoformat() if row["look_on"].data else "",
            }
        )
    return {"goals": goals}


def _too_many_goals() -> bool:
    """Whether the post has rows beyond the plan's limit (a forged form: the page shows five)."""
    numbers = [name.split("_")[1] for name in request.form if name.startswith("goal_")]
    return any(not n.isdigit() or int(n) >= shape.MAX_GOALS for n in numbers)


@bp.route(f"{RULE}/andra", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def edit(grant: Grant):
    plan = services.working(grant.patient, for_update=request.method == "POST")
    before = shape.clean(plan.content if plan is not None else shape.empty())
    form = PlanForm()
    form.kept_days = services.kept_days(plan)
    checks = services.checks_of(grant.patient)
    form.check.choices = [SelectChoice("", _("Ingen vald"))] + [
        SelectChoice(c.public_id, _check_words(c)) for c in checks
    ]
    if request.method == "GET" and not form.restored_from_draft:
        _fill(form, before)
        form.revision.data = str(plan.revision if plan is not None else 0)
        form.check.data = plan.health_check.public_id if plan is not None and plan.health_check else ""
    if request.method == "POST":
        if _too_many_goals():
            form.validate()
            form.form_errors.append(
                _("En plan får ha högst %(num)d mål. Inget är sparat.", num=shape.MAX_GOALS)
            )
        elif form.validate_on_submit():
            check = services.find_check(grant.patient, form.check.data) if form.check.data else None
            try:
                plan, changed = services.save(
                    grant, plan, _read(form, before), int(form.revision.data), check
                )
            except RuleError as problem:
                form.refuse(problem)
            else:
                flash(
                    _("Planen är sparad. Den är inte skickad än.") if changed else _("Du ändrade ingenting."),
                    "success" if changed else "info",
                )
                return redirect(_url(grant))
    return render_template(
        "checkup/plan_staff_edit.html",
        patient=grant.patient,
        plan=plan,
        form=form,
        who_choices=shape.WHO,
        max_goals=shape.MAX_GOALS,
        page_title=_("Skriv hälsoplanen: %(name)s", name=grant.patient.name),
    )


@bp.route(f"{RULE}/skicka", methods=["POST"])
@patient_access(Capability.MANAGE)
def send(grant: Grant):
    plan = services.working(grant.patient, for_update=True)
    form = SendPlanForm()
    if plan is None:
        form.form_errors.append(_("Skriv minst ett mål först."))
    elif form.validate_on_submit():
        try:
            services.send(grant, plan)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Planen är skickad. %(name)s kan läsa den i Lotsen.", name=grant.patient.display_name),
                "success",
            )
            return redirect(_url(grant))
    return _plan_page(grant, form)


@bp.route(f"{RULE}/ny", methods=["POST"])
@patient_access(Capability.MANAGE)
def new(grant: Grant):
    """A new plan at the next check, from the one before; the old one stays in the history."""
    form = NewPlanForm()
    if form.validate_on_submit():
        try:
            services.start_next(grant)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("En ny plan är gjord av den gamla. Skriv när ni tittar på målen igen."), "success")
            return redirect(_url(grant, "plan_staff.edit"))
    return _plan_page(grant, form)


@bp.route(f"{RULE}/mal", methods=["POST"])
@patient_access(Capability.MANAGE)
def goal(grant: Grant):
    form = GoalForm()
    found = services.find_goal(grant.patient, form.goal.data or "") if form.validate_on_submit() else None
    current = services.working(grant.patient)
    if found is None or current is None or found.plan_id != current.id:
        form.form_errors.append(_("Målet finns inte längre. Titta på sidan igen."))
        return _plan_page(grant, form)
    done = form.done.data == "ja"
    if services.set_done(grant, found, done):
        flash(
            _("Steget är markerat som gjort.") if done else _("Steget är markerat som inte gjort."), "success"
        )
    return redirect(_url(grant) + "#mal")


@bp.route(f"{RULE}/historik")
@patient_access(Capability.SEE)
def history(grant: Grant):
    plans = services.plans_of(grant.patient)
    return render_template(
        "checkup/plan_staff_history.html",
        patient=grant.patient,
        grant=grant,
        plans=[(p, sorted(p.versions, key=lambda v: v.number, reverse=True)) for p in plans],
        check_words=_check_words,
        page_title=_("Hälsoplanens historik: %(name)s", name=grant.patient.name),
    )


@bp.route(f"{RULE}/utskrift", endpoint="print")
@patient_access(Capability.SEE)
def print_page(grant: Grant):
    """The plan sent last on one A4 page, as the patient's side prints it."""
    plan = services.current(grant.patient)
    if plan is not None:
        audit.record_page_read(grant, "plan_staff.print", plan.public_id)
    link = external_url("plan.page", for_patient=grant.patient.public_id)
    return render_template(
        "checkup/plan_print.html",
        grant=grant,
        plan=plan,
        version=services.latest(plan) if plan is not None else None,
        goal_rows=services.goals_of(plan) if plan is not None else {},
        qr=qr_svg(link, _("QR-kod till sidan i Lotsen")),
        back=_url(grant),
        page_title=_("Min hälsoplan, att skriva ut: %(name)s", name=grant.patient.name),
    )
