"""Min hälsoplan: staff write a plan as a working copy (from nothing, or at the next check from
the plan before), save it (refused over a colleague's newer save), send it to the patient's side
(each sending a version, all kept); the patient's side reads the last version sent; a goal's
step is marked done by staff, or by the patient's side when it is theirs ("Du", "Boendet").
Every read and write is in the access log."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.clock import today
from ..core.grants import ActingAs, Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, HealthCheck, Patient, utcnow
from ..models.healthplan import HealthPlan, HealthPlanGoal, HealthPlanVersion
from ..next_steps import PATIENT_SIDE_WHO
from . import plan_content as shape

# --- finding ------------------------------------------------------------------------------------


def plans_of(patient: Patient) -> list[HealthPlan]:
    """The patient's plans, newest first."""
    return list(
        db.session.scalars(
            select(HealthPlan)
            .options(selectinload(HealthPlan.versions))
            .where(HealthPlan.patient_id == patient.id)
            .order_by(HealthPlan.id.desc())
        )
    )


def working(patient: Patient, for_update: bool = False) -> HealthPlan | None:
    """The plan staff work on: the newest one (a draft, or the one sent last)."""
    query = select(HealthPlan).where(HealthPlan.patient_id == patient.id).order_by(HealthPlan.id.desc())
    if for_update:
        query = query.with_for_update()
    return db.session.scalars(query.limit(1)).first()


def current(patient: Patient) -> HealthPlan | None:
    """The plan the patient's side sees: the newest one that has been sent."""
    return db.session.scalars(
        select(HealthPlan)
        .options(selectinload(HealthPlan.versions))
        .where(HealthPlan.patient_id == patient.id, HealthPlan.version > 0)
        .order_by(HealthPlan.id.desc())
        .limit(1)
    ).first()


def find(patient: Patient, public_id: str) -> HealthPlan | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(HealthPlan).where(HealthPlan.patient_id == patient.id, HealthPlan.public_id == public_id)
    )


def latest(plan: HealthPlan) -> HealthPlanVersion | None:
    """The version the patient's side sees of this plan (None for a draft never sent)."""
    return max(plan.versions, key=lambda v: v.number, default=None)


def version(plan: HealthPlan, number: int) -> HealthPlanVersion | None:
    return next((v for v in plan.versions if v.number == number), None)


def sent_versions(patient: Patient) -> list[tuple[HealthPlan, HealthPlanVersion]]:
    """Every version sent of every plan of the patient, newest first."""
    return [
        (plan, v)
        for plan in plans_of(patient)
        for v in sorted(plan.versions, key=lambda v: v.number, reverse=True)
    ]


def checks_of(patient: Patient) -> list[HealthCheck]:
    """The patient's rounds of the health check a plan may be tied to, newest first."""
    return list(
        db.session.scalars(
            select(HealthCheck).where(HealthCheck.patient_id == patient.id).order_by(HealthCheck.id.desc())
        )
    )


def find_check(patient: Patient, public_id: str) -> HealthCheck | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(HealthCheck).where(HealthCheck.patient_id == patient.id, HealthCheck.public_id == public_id)
    )


# --- writing (staff) ----------------------------------------------------------------------------


def _new_plan(grant: Grant, document: dict, previous: HealthPlan | None, check: HealthCheck | None):
    plan = HealthPlan(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        previous_id=previous.id if previous is not None else None,
        health_check_id=check.id if check is not None else None,
        content=shape.clean(document),
        revision=1,
        created_by_id=grant.staff.id,
        updated_by_id=grant.staff.id,
    )
    db.session.add(plan)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "health_plan", plan.public_id)
    return plan


def start_next(grant: Grant) -> HealthPlan:
    """A new plan at the next check, starting from the plan sent last (its goals and steps, no
    days). The old plan stays as it was, readable in the history."""
    before = working(grant.patient, for_update=True)
    if before is not None and not before.sent:
        raise RuleError(_("Det finns redan en ny plan som inte är skickad. Ändra den i stället."))
    if before is not None and changed_since_sent(before):
        raise RuleError(_("Planen har ändringar som inte är skickade. Skicka dem först."))
    checks = checks_of(grant.patient)
    check = next((c for c in checks if c.done_on is not None), None)
    if before is not None and check is not None and check.id == before.health_check_id:
        check = None
    sent = latest(before) if before is not None else None
    document = shape.carried_over(sent.content) if sent is not None else shape.empty()
    return _new_plan(grant, document, before, check)


def kept_days(plan: HealthPlan | None) -> dict[str, str]:
    """The days of the goals of the version sent last, by key: a change may keep them even when
    they have passed."""
    sent = latest(plan) if plan is not None else None
    return {g["key"]: g["look_on"] for g in shape.clean(sent.content)["goals"]} if sent is not None else {}


def check_days(plan: HealthPlan | None, document: dict) -> None:
    """When we look again is today or later (a day kept from the version sent may have passed)."""
    before = kept_days(plan)
    for goal in document["goals"]:
        day = goal["look_on"]
        if day and date.fromisoformat(day) < today() and before.get(goal["key"]) != day:
            raise RuleError(_("Dagen har redan varit. Välj en dag från i dag och framåt."), field="goals")


def save(
    grant: Grant, plan: HealthPlan | None, document: dict, revision: int, check: HealthCheck | None
) -> tuple[HealthPlan, bool]:
    """Keep the staff's working copy (making the plan when there is none); True when it changed.
    `revision` is the one the form was made from: an older one than the plan's means a colleague
    saved in between, and nothing is saved (what was typed stays on the page)."""
    cleaned = shape.clean(document)
    if (plan.revision if plan is not None else 0) != revision:
        raise RuleError(
            _(
                "En kollega har sparat planen medan du skrev. Inget är sparat. "
                "Din text står kvar. Öppna planen igen och skriv in ändringen där."
            )
        )
    check_days(plan, cleaned)
    if plan is None:
        return _new_plan(grant, cleaned, None, check), True
    check_id = check.id if check is not None else None
    if cleaned == shape.clean(plan.content) and check_id == plan.health_check_id:
        return plan, False
    plan.content = cleaned
    plan.health_check_id = check_id
    plan.revision += 1
    plan.updated_at = utcnow()
    plan.updated_by_id = grant.staff.id
    audit.record(grant, AccessAction.UPDATE, "health_plan", plan.public_id)
    return plan, True


def changed_since_sent(plan: HealthPlan) -> bool:
    sent = latest(plan)
    return sent is None or shape.clean(sent.content) != shape.clean(plan.content)


def send(grant: Grant, plan: HealthPlan) -> HealthPlanVersion:
    """Send the working copy to the patient's side as a new version and update the goals' rows."""
    document = shape.clean(plan.content)
    if shape.is_empty(document):
        raise RuleError(_("Skriv minst ett mål först."))
    if not changed_since_sent(plan):
        raise RuleError(_("Du har inte ändrat något sedan det skickades."))
    check_days(plan, document)
    plan.version += 1
    entry = HealthPlanVersion(plan=plan, number=plan.version, content=document, sent_by_id=grant.staff.id)
    db.session.add(entry)
    now = utcnow()
    plan.sent_at = plan.sent_at or now
    _sync_goals(plan, document, now)
    db.session.flush()
    audit.record(grant, AccessAction.UPDATE, "health_plan.send", plan.public_id)
    return entry


def _sync_goals(plan: HealthPlan, document: dict, now) -> None:
    rows = {
        row.key: row
        for row in db.session.scalars(select(HealthPlanGoal).where(HealthPlanGoal.plan_id == plan.id))
    }
    for position, goal in enumerate(document["goals"]):
        row = rows.get(goal["key"])
        if row is None:
            row = HealthPlanGoal(plan_id=plan.id, patient_id=plan.patient_id, key=goal["key"])
            db.session.add(row)
        row.position = position
        row.who = goal["who"]
        row.look_on = date.fromisoformat(goal["look_on"]) if goal["look_on"] else None
        row.text = goal["goal"]
        row.removed_at = None
    kept = {goal["key"] for goal in document["goals"]}
    for key, row in rows.items():
        if key not in kept and row.removed_at is None:
            row.removed_at = now


# --- goals' steps -------------------------------------------------------------------------------


def goals_of(plan: HealthPlan) -> dict[str, HealthPlanGoal]:
    """The goal rows of a sent plan by key (for the done marks beside the version's goals)."""
    return {
        row.key: row
        for row in db.session.scalars(
            select(HealthPlanGoal).where(
                HealthPlanGoal.plan_id == plan.id, HealthPlanGoal.removed_at.is_(None)
            )
        )
    }


def find_goal(patient: Patient, public_id: str) -> HealthPlanGoal | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(HealthPlanGoal)
        .where(
            HealthPlanGoal.patient_id == patient.id,
            HealthPlanGoal.public_id == public_id,
            HealthPlanGoal.removed_at.is_(None),
        )
        .with_for_update()
    )


def may_mark(grant: Grant, goal: HealthPlanGoal) -> bool:
    """Staff mark any goal's step; the patient's side the steps that are theirs, as in Efter
    besöket ("Du", "Boendet eller den som hjälper dig")."""
    return grant.acting_as is ActingAs.STAFF or goal.who in PATIENT_SIDE_WHO


def set_done(grant: Grant, goal: HealthPlanGoal, done: bool) -> bool:
    if not may_mark(grant, goal):
        raise RuleError(_("Vårdcentralen bockar av det här själv."))
    if goal.done == done:
        return False
    goal.done_at = utcnow() if done else None
    goal.done_by_id = grant.user.id if done else None
    goal.done_acting_as = grant.acting_as.value if done else ""
    audit.record(
        grant,
        AccessAction.UPDATE,
        "health_plan.goal_done" if done else "health_plan.goal_undone",
        goal.public_id,
    )
    return True


def for_home(patient: Patient) -> list[HealthPlanGoal]:
    """The goals of the plan sent last, in order, for Hem (empty without a plan)."""
    plan = current(patient)
    return sorted(goals_of(plan).values(), key=lambda row: row.position) if plan is not None else []
