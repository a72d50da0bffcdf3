"""Hälsokontrollen for staff: who is due (the clinic's list, with filters and the calls to make),
and per patient the rounds, "Bjud in" (an invitation to book, or a booked visit of a health-check
visit type), "Gjord" and "Kom inte", and the follow-up of "Ring mig", "Jag vill inte" and a
missed check."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core import audit
from ..core.access import StaffRight, patient_access, staff_page
from ..core.clock import CLINIC_ZONE, today
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..needs.services import current_profile, current_profiles
from ..staff import members
from ..visits import booking
from . import due_services as services
from .due_blueprints import staff_bp as bp
from .due_forms import BookCheckForm, DoneForm, FollowUpForm, MissedForm, RoundForm
from .due_pages import STATUS_SLUGS, due_helpers

RULE = "/patienter/<patient_id>/halsokontroll"
bp.context_processor(due_helpers)


@bp.route("/halsokontroller")
@staff_page(StaffRight.CARE)
def due_list():
    me = current_user.staff_member
    clinic = me.clinic
    slug = request.args.get("status", "")
    status = STATUS_SLUGS.get(slug)
    rows = services.due_rows(clinic, status=status)
    calls = services.to_call(clinic.id)
    shown = [row.patient.id for row in rows] + [call.patient_id for call in calls]
    page = render_template(
        "checkup/due_list.html",
        rows=rows,
        calls=calls,
        profiles=current_profiles(list(set(shown))),
        slug=slug if status is not None else "",
        slugs=STATUS_SLUGS,
        months=clinic.health_check_months,
        to_invite=services.TO_INVITE,
        page_title=_("Hälsokontroller"),
    )
    audit.log_list_read(current_user, clinic, set(shown), "checkup_staff.due_list")
    return page


def _url(grant: Grant) -> str:
    return url_for("checkup_staff.patient_checks", patient_id=grant.patient.public_id)


def _page(grant: Grant, form=None, status: int = 200):
    row = services.patient_status(grant.patient)
    open_id = row.open_round.public_id if row.open_round is not None else ""
    done_form = (
        form
        if isinstance(form, DoneForm)
        else DoneForm(formdata=None, data={"round": open_id, "day": today()})
    )
    follow_form = form if isinstance(form, FollowUpForm) else FollowUpForm(formdata=None)
    return (
        render_template(
            "checkup/due_staff.html",
            patient=grant.patient,
            grant=grant,
            row=row,
            rounds=services.rounds_of(grant.patient),
            open_id=open_id,
            form=form,
            done_form=done_form,
            follow_form=follow_form,
            profile=current_profile(grant.patient),
            has_types=bool(services.health_check_types(grant.patient.clinic_id)),
            page_title=_("Hälsokontroll: %(name)s", name=grant.patient.name),
        ),
        status,
    )


@bp.route(RULE)
@patient_access(Capability.SEE)
def patient_checks(grant: Grant):
    return _page(grant)


@bp.route(f"{RULE}/bjud-in", methods=["POST"])
@patient_access(Capability.MANAGE)
def invite(grant: Grant):
    """An invitation to book: a new round, and a notice to the patient and their helpers."""
    form = RoundForm()
    if form.validate_on_submit():
        try:
            services.invite(grant, form.round.data or "")
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Inbjudan är skickad till %(name)s.", name=grant.patient.display_name), "success")
            return redirect(_url(grant))
    return _page(grant, form)


def _book_form(grant: Grant):
    form = BookCheckForm()
    clinic_id = grant.patient.clinic_id
    return (form, *form.offer(services.health_check_types(clinic_id), members.clinic_staff(clinic_id)))


@bp.route(f"{RULE}/boka", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def book(grant: Grant):
    """ "Bjud in" with a time: a visit of a health-check visit type, tied to the round."""
    form, types, staff = _book_form(grant)
    current = services.open_round(grant.patient)
    if request.method == "GET" and not form.restored_from_draft:
        form.round.data = current.public_id if current is not None else ""
        if len(types) == 1:
            only = next(iter(types.values()))
            form.visit_type.data, form.minutes.data = only.public_id, only.minutes
    warnings: list[str] = []
    if not types:
        form.form_errors.append(
            _("Det finns inget slag av besök som är en hälsokontroll. Be en administratör markera ett.")
        )
    elif form.validate_on_submit() and (form.round.data or "") != (current.public_id if current else ""):
        form.form_errors.append(str(services.OLD_FORM))  # posted twice, or from an old page
    elif form.validate_on_submit():
        fields = form.visit_fields(types, staff, CLINIC_ZONE)
        warnings = [] if form.despite.data else booking.booking_warnings(grant.patient, fields)
        if not warnings:
            try:
                services.invite_with_visit(grant, form.round.data or "", fields)
            except RuleError as problem:
                form.refuse(problem)
            else:
                flash(
                    _("Tiden är bokad och %(name)s har fått en inbjudan.", name=grant.patient.display_name),
                    "success",
                )
                return redirect(_url(grant))
    return render_template(
        "checkup/due_book.html",
        form=form,
        patient=grant.patient,
        profile=current_profile(grant.patient),
        visit=None,
        warnings=warnings,
        minutes_hint="",
        page_title=_("Boka hälsokontroll för %(name)s", name=grant.patient.name),
    )


def _end_round(grant: Grant, form, end, said: str):
    """ "Gjord" or "Kom inte" for the open round the page showed (else refused in words)."""
    if form.validate_on_submit():
        try:
            check = services.check_page_state(grant.patient, form.round.data or "")
            if check is None:
                raise RuleError(str(services.OLD_FORM))
            end(check)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(said, "success")
            return redirect(_url(grant))
    return _page(grant, form)


@bp.route(f"{RULE}/gjord", methods=["POST"])
@patient_access(Capability.MANAGE)
def done(grant: Grant):
    form = DoneForm()
    return _end_round(
        grant,
        form,
        lambda check: services.mark_done(grant, check, form.day.data),
        _("Hälsokontrollen är markerad som gjord."),
    )


@bp.route(f"{RULE}/kom-inte", methods=["POST"])
@patient_access(Capability.MANAGE)
def missed(grant: Grant):
    return _end_round(
        grant,
        MissedForm(),
        lambda check: services.mark_missed(grant, check),
        _("Det är sparat att %(name)s inte kom. Ring och fråga.", name=grant.patient.display_name),
    )


@bp.route(f"{RULE}/uppfoljning", methods=["POST"])
@patient_access(Capability.MANAGE)
def follow_up(grant: Grant):
    form = FollowUpForm()
    if form.validate_on_submit():
        check = services.find_round(grant.patient, form.round.data or "", for_update=True)
        if check is None:
            abort(404)
        try:
            services.follow_up(grant, check, form.note.data or "")
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Uppföljningen är sparad."), "success")
            return redirect(_url(grant))
    return _page(grant, form)
