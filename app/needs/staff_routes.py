"""The staff side of the needs profile: change needs with a reason, mark a review, the history,
the vårdpass the printed QR code opens, and the FHIR export."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core import audit
from ..core.access import patient_access
from ..core.clock import today as clinic_today
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..models import AccessAction
from ..staff.journal import Found, journal_routes
from . import fhir, journal, services, staff_bp
from .catalogue import CATEGORIES, NEEDS
from .forms import ReviewForm, StaffNeedsForm
from .pages import helpers

staff_bp.context_processor(helpers)


def _card(grant: Grant) -> str:
    """Back to the patient card, at its top, where the message about the save shows."""
    return url_for("staff.patient", patient_id=grant.patient.public_id)


@staff_bp.route("/andra", methods=["GET", "POST"])
@patient_access(Capability.CHANGE_NEEDS)
def edit(grant: Grant):
    form = StaffNeedsForm()
    if form.validate_on_submit():
        try:
            revision = services.save(
                grant,
                base=form.version.data,
                need_codes=[n.code for n in NEEDS],
                needs=form.chosen(),
                reason=form.reason.data,
            )
        except RuleError as problem:
            form.refuse(problem)
            form.reset_version(services.current_profile(grant.patient).number)
        else:
            flash(
                _("Anpassningarna är sparade.") if revision else _("Du ändrade ingenting."),
                "success" if revision else "info",
            )
            return redirect(_card(grant))
    elif form.version_refused:
        form.reset_version(services.current_profile(grant.patient).number)
    elif request.method == "GET":
        profile = services.current_profile(grant.patient)
        form.fill(profile.needs, profile.sections, profile.number)
    return render_template(
        "needs/staff_edit.html",
        grant=grant,
        patient=grant.patient,
        form=form,
        categories=CATEGORIES,
        needs=NEEDS,
        page_title=_("Ändra anpassningar för %(name)s", name=grant.patient.name),
    )


@staff_bp.route("/genomgang", methods=["GET", "POST"])
@patient_access(Capability.CHANGE_NEEDS)
def review(grant: Grant):
    form = ReviewForm()
    if request.method == "GET" and form.reviewed_on.data is None:
        form.reviewed_on.data = clinic_today()
    if form.validate_on_submit():
        try:
            services.review(
                grant,
                reviewed_on=form.reviewed_on.data,
                together_with=form.together_with.data,
                note=form.note.data or "",
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Genomgången är sparad."), "success")
            return redirect(_card(grant))
    return render_template(
        "needs/staff_review.html",
        grant=grant,
        patient=grant.patient,
        form=form,
        last_review=services.last_review(grant.patient),
        page_title=_("Gå igenom anpassningarna med %(name)s", name=grant.patient.name),
    )


@staff_bp.route("/historik")
@patient_access(Capability.SEE)
def history(grant: Grant):
    page = request.args.get("sida", 1, type=int) or 1
    entries, more = services.history(grant.patient, page)
    return render_template(
        "needs/history.html",
        grant=grant,
        patient=grant.patient,
        entries=entries,
        more=more,
        page=page,
        version_endpoint="needs_staff.version",
        url_args={"patient_id": grant.patient.public_id},
        page_title=_("Ändringar av anpassningarna för %(name)s", name=grant.patient.name),
    )


@staff_bp.route("/historik/<int(min=1, max=2000000000):number>")
@patient_access(Capability.SEE)
def version(grant: Grant, number: int):
    profile = services.profile_at(grant.patient, number) or abort(404)
    return render_template(
        "needs/version.html",
        grant=grant,
        patient=grant.patient,
        profile=profile,
        back=url_for("needs_staff.history", patient_id=grant.patient.public_id),
        page_title=_(
            "Version %(number)d av anpassningarna för %(name)s", number=number, name=grant.patient.name
        ),
    )


@staff_bp.route("/vardpass")
@patient_access(Capability.SEE)
def passport(grant: Grant):
    """What the QR code on a printed vårdpass opens: the current version."""
    profile = services.current_profile(grant.patient)
    return render_template(
        "needs/passport.html",
        grant=grant,
        patient=grant.patient,
        profile=profile,
        parts=services.passport(profile),
        contact=services.contact(profile),
        print_url=url_for("needs_staff.passport_print", patient_id=grant.patient.public_id),
        page_title=_("Vårdpass för %(name)s", name=grant.patient.name),
    )


@staff_bp.route("/vardpass/utskrift")
@patient_access(Capability.SEE)
def passport_print(grant: Grant):
    profile = services.current_profile(grant.patient)
    # Opening the print version is a read of it: only the browser knows whether it was printed.
    audit.record_page_read(grant, "needs_staff.passport_print", str(profile.number))
    return render_template(
        "needs/passport_print.html",
        sheet=services.print_sheet(grant, profile),
        page_title=_("Vårdpass för %(name)s", name=grant.patient.name),
        back=url_for("needs_staff.passport", patient_id=grant.patient.public_id),
    )


@staff_bp.route("/fhir")
@patient_access(Capability.SEE)
def export(grant: Grant):
    """The needs as a FHIR R4 Bundle of Flags, to take into the medical record system."""
    profile = services.current_profile(grant.patient)
    bundle = fhir.bundle(grant.patient, profile)
    audit.record(grant, AccessAction.EXPORT, "needs.fhir", str(profile.number))
    response = Response(json.dumps(bundle, ensure_ascii=False, indent=2), mimetype="application/fhir+json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="anpassningar-{grant.patient.public_id[:8]}.fhir.json"'
    )
    return response


def _profile_note(grant: Grant) -> Found:
    """Kopiera till journalen: the needs profile as a note."""
    patient = grant.patient
    note = journal.profile_note(patient, services.current_profile(patient), services.last_review(patient))
    back = url_for("staff.patient", patient_id=patient.public_id) + "#anpassningar"
    return Found("", note, f"anpassningar-{patient.public_id[:8]}", back)


journal_routes(staff_bp, "", "journal_text", _profile_note)
