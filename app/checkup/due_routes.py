"""Hälsokontrollen on the patient's side: the invitation in easy words (what a health check is,
why it is good, what happens — the visit type's picture schedule —, what to bring, how long it
takes, that a helper may come), the booked time when there is one, and the three answers. Reading
needs the "see" right; answering is preparing a visit, so it needs "prepare visits" (README,
"Hälsokontrollen"). The answer may change until the check is done."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..core import audit
from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..models import InvitationAnswer
from ..needs.services import current_profile
from ..qr import qr_svg
from ..visits import schedules
from ..visits.pages import visit_helpers
from . import due_services as services
from . import question_services
from .due_blueprints import bp
from .due_forms import AnswerForm
from .due_pages import due_helpers

bp.context_processor(visit_helpers)
bp.context_processor(due_helpers)

USUAL_MINUTES = 60  # how long a check takes when no visit type says


def _shown(grant: Grant) -> dict:
    """What the invitation shows: the open round, its visit, and the visit type whose picture
    schedule and length it tells (the visit's, else the clinic's first health-check type)."""
    check = services.open_round(grant.patient)
    visit = services.booked_visit(check)
    types = services.health_check_types(grant.patient.clinic_id)
    visit_type = visit.visit_type if visit is not None else (types[0] if types else None)
    steps = (
        schedules.schedule_for(visit_type, schedules.patient_need_codes(current_profile(grant.patient)))
        if visit_type is not None
        else []
    )
    minutes = visit.minutes if visit is not None else (visit_type.minutes if visit_type else USUAL_MINUTES)
    return {"check": check, "visit": visit, "steps": steps, "minutes": minutes}


def _title(grant: Grant, own: str, helper: str) -> str:
    return own if grant.is_self else helper


def _page(grant: Grant, form: AnswerForm | None = None):
    return render_template(
        "checkup/due_invitation.html",
        grant=grant,
        form=form,
        can_answer=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        answers=[a.value for a in InvitationAnswer],
        # The questions before the check, while they wait to be answered (as on Hem).
        home_questions=question_services.waiting(grant.patient)[0] is not None,
        patient=grant.patient,
        **_shown(grant),
        page_title=_title(
            grant, _("Din hälsokontroll"), _("Hälsokontroll för %(name)s", name=grant.patient.display_name)
        ),
    )


@bp.route("/", endpoint="invitation")
@acting_patient_access(Capability.SEE)
def invitation(grant: Grant):
    return _page(grant)


@bp.route("/svar", methods=["POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def answer(grant: Grant):
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            check = services.check_page_state(grant.patient, form.round.data or "")
            if check is None:
                raise RuleError(_("Det finns ingen inbjudan just nu."))
            changed = services.answer(grant, check, InvitationAnswer(form.answer.data))
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Tack! Vi har fått ditt svar.") if changed else _("Du har redan svarat så."), "success")
            return redirect(url_for("checkup.invitation") + "#svar")
    return _page(grant, form)


@bp.route("/utskrift", endpoint="print")
@acting_patient_access(Capability.SEE)
def print_page(grant: Grant):
    """The invitation on one A4 page, with the clinic's phone and a QR code to the page."""
    shown = _shown(grant)
    audit.record_page_read(grant, "checkup.print", getattr(shown["check"], "public_id", ""))
    link = external_url("checkup.invitation", for_patient=grant.patient.public_id)
    return render_template(
        "checkup/due_print.html",
        grant=grant,
        **shown,
        qr=qr_svg(link, _("QR-kod till sidan i Lotsen")),
        back=url_for("checkup.invitation"),
        page_title=_title(
            grant,
            _("Din hälsokontroll, att skriva ut"),
            _("Hälsokontroll för %(name)s, att skriva ut", name=grant.patient.display_name),
        ),
    )
