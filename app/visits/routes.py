"""Mina besök: the patient's booked visits, how each goes step by step, the calendar file, and
"Jag vill ha en tid". Reading needs the "see" right; asking for a visit "prepare visits";
asking to cancel or move one "write to the vårdlots" (app/contact/visit_change.py says why)."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..aftervisit import services as aftervisit
from ..clinic_words import said
from ..contact import visit_change
from ..core import audit
from ..core.access import PUBLIC_ID, acting_patient_access, can, represented_patients
from ..core.clock import CLINIC_ZONE
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import db
from ..models import AccessAction, Clinic, Patient, Photo, Role, StaffMember
from . import bp, listing, photo_bp, prepare, requests
from .calendar import visit_ics
from .catalogue import CHANGE_WHAT, CHANGE_WHY, REASONS
from .forms import TIMES, ChangeRequestForm, RequestForm
from .kallelse import letter
from .pages import shown_schedule, visit_helpers

bp.context_processor(visit_helpers)


def _visit_or_404(grant: Grant, visit_id: str):
    return listing.find_visit(grant.patient, visit_id) or abort(404)


@bp.route("/")
@acting_patient_access(Capability.SEE)
def index(grant: Grant):
    coming = listing.coming_visits(grant.patient, steps=False)
    preparations = prepare.preparations_for([v.id for v in coming])
    past = listing.past_visits(grant.patient)
    return render_template(
        "visits/index.html",
        grant=grant,
        coming=coming,
        preparations=preparations,
        past=past,
        # Efter besöket: the summaries sent for past visits, and the next steps not done yet.
        summaries={
            visit_id: summary
            for visit_id, summary in aftervisit.for_visits([v.id for v in past]).items()
            if summary.sent
        },
        open_steps=aftervisit.open_steps(grant.patient),
        requests=requests.patient_requests(grant.patient, limit=3),
        can_prepare=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_("Mina besök")
        if grant.is_self
        else _("Besök för %(name)s", name=grant.patient.display_name),
    )


@bp.route("/<visit_id>")
@acting_patient_access(Capability.SEE)
def visit(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    return render_template(
        "visits/visit.html",
        grant=grant,
        visit=visit,
        schedule_steps=shown_schedule(grant, visit),
        preparation=prepare.preparation_for_visit(visit),
        can_prepare=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        after_visit=_sent_summary(visit),
        **_change_state(grant, visit),
        page_title=said(visit.visit_type, "name"),
    )


def _change_state(grant: Grant, visit) -> dict:
    """What the visit page and the kallelse say about "Avboka eller flytta": the open request
    (what, why, who asked, when), whether one may be asked, and whether the visit is so soon
    that ringing the clinic is the way."""
    return {
        "change_request": visit_change.asked(visit_change.open_request(visit)),
        "may_ask_change": visit_change.may_ask(visit),
        "can_ask_change": can(grant.user, grant.patient, Capability.WRITE_TO_VARDLOTS),
        "visit_soon": visit_change.soon(visit) if visit_change.may_ask(visit) else "",
    }


@bp.route("/<visit_id>/kallelse")
@acting_patient_access(Capability.SEE)
def kallelse(grant: Grant, visit_id: str):
    """The kallelse on the screen, read aloud like every page (app/visits/kallelse.py)."""
    visit = _visit_or_404(grant, visit_id)
    return _kallelse_page(grant, visit, "visits/kallelse.html", **_change_state(grant, visit))


@bp.route("/<visit_id>/kallelse/skriv-ut")
@acting_patient_access(Capability.SEE)
def kallelse_print(grant: Grant, visit_id: str):
    """The kallelse on one A4 page."""
    visit = _visit_or_404(grant, visit_id)
    audit.record_page_read(grant, "visits.kallelse_print", visit.public_id)
    back = url_for("visits.kallelse", visit_id=visit.public_id)
    return _kallelse_page(grant, visit, "visits/kallelse_print.html", back=back)


def _kallelse_page(grant: Grant, visit, template: str, **more):
    title = _("Kallelse") if grant.is_self else _("Kallelse för %(name)s", name=grant.patient.display_name)
    return render_template(template, grant=grant, l=letter(grant, visit), page_title=title, **more)


def _sent_summary(visit):
    summary = aftervisit.for_visit(visit)
    return summary if summary is not None and summary.sent else None


@bp.route("/<visit_id>/sa-gar-det-till")
@acting_patient_access(Capability.SEE)
def schedule_print(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    # Opening the print version is a read of it: only the browser knows whether it was printed.
    audit.record_page_read(grant, "visits.schedule_print", visit.public_id)
    return render_template(
        "visits/schedule_print.html",
        visit=visit,
        schedule_steps=shown_schedule(grant, visit),
        back=url_for("visits.visit", visit_id=visit.public_id),
        page_title=_("Så går besöket till"),
    )


@bp.route("/<visit_id>/kalender.ics")
@acting_patient_access(Capability.SEE)
def calendar(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    audit.record(grant, AccessAction.EXPORT, "visit", visit.public_id)
    summary = _(
        "%(what)s på %(clinic)s", what=said(visit.visit_type, "name"), clinic=grant.patient.clinic.name
    )
    lines = []
    if visit.bring:
        lines.append(_("Ta med: %(what)s", what=said(visit, "bring")))
    lines.append(external_url("visits.visit", visit_id=visit.public_id))
    response = make_response(visit_ics(visit, summary, "\n".join(lines)))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    name = f"besok-{visit.starts_at.astimezone(CLINIC_ZONE):%Y-%m-%d}.ics"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<visit_id>/avboka-eller-flytta", methods=["GET", "POST"])
@acting_patient_access(Capability.WRITE_TO_VARDLOTS)
def change_request(grant: Grant, visit_id: str):
    """ "Avboka eller flytta": a short request to the vårdlots (app/contact/visit_change.py)."""
    visit = _visit_or_404(grant, visit_id)
    back = url_for("visits.visit", visit_id=visit.public_id)
    asked = visit_change.open_request(visit) is not None
    if asked or not visit_change.may_ask(visit):
        # Already asked, or nothing to ask: the visit page says which, in words.
        if request.method == "POST":
            flash(
                _("Du har redan skickat en fråga om det här besöket. Inget nytt är skickat.")
                if asked
                else _("Besöket är inställt eller har redan varit. Inget är skickat."),
                "info",
            )
        return redirect(back)
    form = ChangeRequestForm()
    if form.validate_on_submit():
        try:
            visit_change.ask(grant, visit, form.what.data, form.why.data, form.text.data or "")
        except RuleError as problem:
            form.refuse(problem)
        else:
            # No "Tack!" banner: the visit page shows the request sent, what and why, as its
            # one state (two boxes saying nearly the same thing read as two things).
            return redirect(back + "#avboka-eller-flytta")
    return render_template(
        "visits/change_request.html",
        grant=grant,
        visit=visit,
        form=form,
        what_pictos={c.value: c.pictogram for c in CHANGE_WHAT},
        why_pictos={c.value: c.pictogram for c in CHANGE_WHY},
        back=back,
        visit_soon=visit_change.soon(visit),
        page_title=_("Avboka eller flytta")
        if grant.is_self
        else _("Avboka eller flytta för %(name)s", name=grant.patient.display_name),
    )


@bp.route("/be-om-tid", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def request_visit(grant: Grant):
    form = RequestForm()
    if form.validate_on_submit():
        requests.request_visit(grant, form.reasons.data, form.times.data, form.text.data or "")
        flash(_("Tack! Vårdlotsen har fått det. Vårdlotsen hör av sig om en tid."), "success")
        return redirect(url_for("visits.index"))
    return render_template(
        "visits/request.html",
        grant=grant,
        form=form,
        reason_pictos={c.value: c.pictogram for c in REASONS},
        time_pictos={value: picto for value, _t, picto in TIMES},
        page_title=_("Jag vill ha en tid")
        if grant.is_self
        else _("Be om en tid för %(name)s", name=grant.patient.display_name),
    )


def _may_see_photo(photo: Photo) -> bool:
    user = current_user
    # A person's own photo (the tiles on a group home's tablet): only for those who may see them.
    person = db.session.scalar(select(Patient).where(Patient.photo_id == photo.id))
    if person is not None:
        return user.role is not Role.ADMIN and can(user, person, Capability.SEE)
    if user.role is Role.STAFF:
        return user.staff_member is not None and user.staff_member.clinic_id == photo.clinic_id
    if user.role is Role.PATIENT:
        return user.patient is not None and user.patient.clinic_id == photo.clinic_id
    if user.role is Role.REPRESENTATIVE:
        return any(p.clinic_id == photo.clinic_id for p, _m in represented_patients(user))
    if user.role is Role.ADMIN:  # staff photos, to remove one if need be, and clinics' entrances
        return (
            db.session.scalar(select(StaffMember.id).where(StaffMember.photo_id == photo.id)) is not None
            or db.session.scalar(select(Clinic.id).where(Clinic.entrance_photo_id == photo.id)) is not None
        )
    return False


@photo_bp.route("/<photo_id>")
@login_required
def photo(photo_id: str):
    """A photo of a schedule step or of a staff member: for the clinic's staff, patients and
    their helpers."""
    found = (
        db.session.scalar(select(Photo).where(Photo.public_id == photo_id))
        if PUBLIC_ID.fullmatch(photo_id)
        else None
    )
    if found is None or not _may_see_photo(found):
        abort(404)
    response = make_response(found.data)
    response.headers["Content-Type"] = found.content_type
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
