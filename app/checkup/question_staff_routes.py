"""The answers to the questions before a health check, for staff: one overview beside the
answers of the round before, with what changed marked in words and a mark; who answered; the
print. Reading needs the care team's right ("see", care work)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from ..core import audit
from ..core.access import patient_access
from ..core.grants import Capability, Grant
from . import question_services as services
from .question_blueprints import staff_bp as bp

RULE = "/patienter/<patient_id>/halsokontroll/<round_id>/svar"


def _round_words(check) -> str:
    if check is None:
        return ""
    day = check.done_on or (check.visit.starts_at.date() if check.visit is not None else None)
    if day is not None:
        return _("Hälsokontroll %(day)s", day=format_date(day, "d MMMM y"))
    return _("Hälsokontroll, inbjudan %(day)s", day=format_date(check.created_at.date(), "d MMMM y"))


def _overview(grant: Grant, round_id: str) -> dict:
    check = services.find_round(grant.patient, round_id) or abort(404)
    questionnaire = services.of_round(check)
    before_check, before = services.previous_sent(check)
    rows = services.comparison(
        questionnaire if questionnaire and questionnaire.sent_at else None, before, grant.patient
    )
    return {
        "patient": grant.patient,
        "grant": grant,
        "check": check,
        "questionnaire": questionnaire,
        "before": before,
        "rows": rows,
        "changed": sum(1 for row in rows if row.state in (services.CHANGED, services.NEW, services.GONE)),
        "round_words": _round_words(check),
        "before_words": _round_words(before_check),
        "who": services.who_words(questionnaire) if questionnaire is not None else "",
        "before_who": services.who_words(before) if before is not None else "",
    }


@bp.route("/patienter/<patient_id>/halsokontroll/svar")
@patient_access(Capability.SEE)
def newest(grant: Grant):
    """From the patient card: the answers of the newest round that has them."""
    check = services.newest_answered_round(grant.patient)
    if check is not None:
        return _answers_page(grant, check.public_id)
    return render_template(
        "checkup/questions_staff.html",
        patient=grant.patient,
        grant=grant,
        check=None,
        questionnaire=None,
        round_words="",
        page_title=_("Svar före hälsokontrollen: %(name)s", name=grant.patient.name),
    )


@bp.route(RULE)
@patient_access(Capability.SEE)
def answers(grant: Grant, round_id: str):
    return _answers_page(grant, round_id)


def _answers_page(grant: Grant, round_id: str):
    data = _overview(grant, round_id)
    if data["questionnaire"] is not None:
        audit.record_page_read(grant, "questions_staff.answers", data["questionnaire"].public_id)
    return render_template(
        "checkup/questions_staff.html",
        print_url=url_for("questions_staff.print", patient_id=grant.patient.public_id, round_id=round_id),
        page_title=_("Svar före hälsokontrollen: %(name)s", name=grant.patient.name),
        **data,
    )


@bp.route(RULE + "/utskrift", endpoint="print")
@patient_access(Capability.SEE)
def print_page(grant: Grant, round_id: str):
    data = _overview(grant, round_id)
    # Nothing sent yet: the paper says so.
    audit.record_page_read(grant, "questions_staff.print", data["check"].public_id)
    return render_template(
        "checkup/questions_print.html",
        back=url_for("questions_staff.answers", patient_id=grant.patient.public_id, round_id=round_id),
        page_title=_("Svar före hälsokontrollen, att skriva ut: %(name)s", name=grant.patient.name),
        **data,
    )
