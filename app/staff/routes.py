"""The staff area: the clinic's patients, their logins and representatives, the access log.

Routes are thin: form -> service -> flash -> redirect. Pages about one patient go through
`patient_access`, which resolves the patient, refuses other clinics with 404, logs the read and
commits; the services write their own access events in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.services import safe_next
from ..contact import history
from ..core import audit
from ..core.access import StaffRight, may_open, may_spot_check, patient_access, staff_clinic_id, staff_page
from ..core.clock import today as clinic_today
from ..core.grants import Capability, Grant
from ..core.words import MANDATE_STATUS_WORDS, SCOPE_WORDS
from ..errors import render_error
from ..models import AccessAction, Mandate, MandateKind, MandateStatus, Scope
from ..needs import services as needs_services
from ..needs import usual
from ..needs.catalogue import SECTIONS
from ..needs.services import current_profiles
from ..personnummer import formatted
from ..pictograms import gallery as pictogram_gallery
from ..tablet import residents
from ..visits import listing, prepare
from ..visits.pages import visit_helpers
from . import bp, notes, services
from .forms import (
    ChangeMandateForm,
    ConfirmForm,
    InvitePatientForm,
    LogFilterForm,
    NewPatientForm,
    PatientForm,
    PostedSearchForm,
    RepresentativeForm,
    RevokeMandateForm,
    SearchForm,
    SpotCheckForm,
    StaffNoteForm,
    VerifyMandateForm,
)
from .readers import ReaderSummary, patient_readers

LOG_FILTER_KEYS = ("patient", "user", "date_from", "date_to")


@bp.context_processor
def mandate_helpers() -> dict:
    """A mandate's status, scopes and kind in words, for the patient and mandate pages."""
    today = clinic_today()
    return {
        "status_of": lambda mandate: mandate.effective_status(today),
        "status_word": lambda mandate: MANDATE_STATUS_WORDS[mandate.effective_status(today)],
        "scope_words": lambda mandate: [SCOPE_WORDS[s] for s in Scope if s in mandate.scopes],
        "kind_text": services.mandate_kind_text,
        "MandateStatus": MandateStatus,
    }


def _mandate_or_404(grant: Grant, mandate_id: str) -> Mandate:
    mandate = services.find_mandate(grant.patient, mandate_id)
    if mandate is None:
        abort(404)
    return mandate


def _mandate_url(grant: Grant, mandate: Mandate) -> str:
    return url_for("staff.mandate", patient_id=grant.patient.public_id, mandate_id=mandate.public_id)


# --- patients -----------------------------------------------------------------------------------


@bp.route("/")
@staff_page()
def index():
    """The way in: the first page the staff member's duties let them open, Att göra for
    anyone who does care work (app/contact/todo.py)."""
    for endpoint in ("contact_staff.todo_page", "staff.patients", "staff.access_log"):
        if may_open(endpoint):
            return redirect(url_for(endpoint))
    return render_template("staff/no_duties.html")


@bp.route("/patienter", methods=["GET", "POST"])
def patients():
    clinic_id = staff_clinic_id()
    if request.method == "POST":
        form: SearchForm = PostedSearchForm()
        valid = form.validate_on_submit()
    else:
        form = SearchForm(formdata=request.args)
        valid = form.validate()
    rows = services.list_patients(clinic_id, form.q.data or "") if valid else []

    profiles = current_profiles([row.patient.id for row in rows])
    page = render_template(
        "staff/patients.html",
        form=form,
        rows=rows,
        profiles=profiles,
        search=form.q.data or "",
        kind_text=services.mandate_kind_text,
    )
    services.log_patient_list(current_user, clinic_id, [row.patient for row in rows])
    return page


@bp.route("/patienter/ny", methods=["GET", "POST"])
def patient_new():
    clinic_id = staff_clinic_id()
    form = NewPatientForm()
    form.vardlots.choices = services.vardlots_choices(clinic_id)
    if form.validate_on_submit():
        try:
            patient = services.create_patient(
                current_user._get_current_object(),
                clinic_id,
                name=form.name.data,
                preferred_name=form.preferred_name.data or "",
                personnummer=form.normalized_personnummer,
                vardlots_id=form.vardlots.data or "",
            )
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("%(name)s är tillagd som patient.", name=patient.name), "success")
            return redirect(url_for("staff.patient", patient_id=patient.public_id))
    return render_template("staff/patient_new.html", form=form)


# How many past visits the card lists before "Visa alla".
CARD_PAST_VISITS = 5


def _page_arg(name: str) -> int:
    return max(1, request.args.get(name, 1, type=int) or 1)


def _card_words() -> dict:
    """The visits' and the contact history's words, for the card's lines."""
    visit_words = visit_helpers()
    return {
        **{name: visit_words[name] for name in ("time_forms", "reason_words")},
        **history.history_helpers(),
    }


@bp.route("/patienter/<patient_id>")
@patient_access(Capability.SEE)
def patient(grant: Grant):
    patient = grant.patient
    last_review = needs_services.last_review(patient)
    all_past = request.args.get("tidigare") == "alla"
    visits = listing.card_visits(patient, listing.PAST_MAX if all_past else CARD_PAST_VISITS)
    note = notes.current_note(patient)
    # The full personnummer only when asked for, and each time it is shown, in the log.
    full_personnummer = ""
    if request.args.get("visa") == "personnummer":
        audit.record(grant, AccessAction.READ, "staff.personnummer")
        full_personnummer = formatted(patient.personnummer)
    notes.record_read(grant, note)
    return render_template(
        "staff/patient.html",
        patient=patient,
        full_personnummer=full_personnummer,
        visits=visits,
        all_past=all_past,
        preparations=prepare.preparations_for([v.id for v in visits.coming + visits.past]),
        history=history.contact_history(patient, _page_arg("historik")),
        note=note,
        note_form=StaffNoteForm(
            formdata=None, text=note.text if note else "", version=notes.version_of(note)
        ),
        profile=needs_services.current_profile(patient),
        usual=usual.current(patient),
        usual_areas=usual.AREAS,
        last_review=last_review,
        review_due=needs_services.review_due(last_review, clinic_today()),
        sections=SECTIONS,
        audit_who=lambda item: audit.describe_who(item),
        mandates=services.mandates_of(patient),
        invitations=services.open_invitations(patient),
        login=services.login_status(patient),
        login_word=services.login_word(patient),
        **_card_words(),
        readers=ReaderSummary(patient_readers(patient)),
    )


# --- the team's note about the patient ----------------------------------------------------------


@bp.route("/patienter/<patient_id>/anteckning", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def staff_note(grant: Grant):
    """The note on a page of its own: where the card's form lands when it is refused (with what
    was typed kept), and a way to write it without the whole card."""
    patient = grant.patient
    note = notes.current_note(patient)
    current = {"text": note.text if note else "", "version": notes.version_of(note)}
    form = StaffNoteForm(data=current if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            saved = notes.save_note(grant, form.text.data or "", form.version.data or "")
        except notes.NoteConflict as problem:
            form.refuse(problem)
            note = notes.current_note(patient)
            form.version.data = notes.version_of(note)  # saving again, having read it, is allowed
        else:
            if saved is None:
                flash(_("Anteckningen är oförändrad."), "info")
            elif saved.text:
                flash(_("Anteckningen är sparad."), "success")
            else:
                flash(_("Anteckningen är tömd."), "success")
            return redirect(url_for("staff.patient", patient_id=patient.public_id, _anchor="anteckning"))
    shown = render_template("staff/staff_note.html", patient=patient, note=note, form=form)
    notes.record_read(grant, note)
    return shown


@bp.route("/patienter/<patient_id>/anteckning/historik")
@patient_access(Capability.SEE)
def staff_note_history(grant: Grant):
    found = notes.note_history(grant.patient, _page_arg("sida"))
    return render_template("staff/staff_note_history.html", patient=grant.patient, found=found)


@bp.route("/patienter/<patient_id>/andra", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def patient_edit(grant: Grant):
    patient = grant.patient
    current = {
        "name": patient.name,
        "preferred_name": patient.preferred_name,
        "vardlots": patient.vardlots.public_id if patient.vardlots else "",
    }
    form = PatientForm(data=current if request.method == "GET" else None)
    form.vardlots.choices = services.vardlots_choices(patient.clinic_id, patient.vardlots)
    if form.validate_on_submit():
        try:
            services.update_patient(
                grant,
                name=form.name.data,
                preferred_name=form.preferred_name.data or "",
                vardlots_id=form.vardlots.data or "",
            )
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Uppgifterna är sparade."), "success")
            return redirect(url_for("staff.patient", patient_id=patient.public_id))
    return render_template("staff/patient_edit.html", form=form, patient=patient)


# --- invitations --------------------------------------------------------------------------------


@bp.route("/patienter/<patient_id>/foto", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def patient_photo(grant: Grant):
    """The clinic adds the patient's photo for the tiles the people who help them choose them by
    (app/tablet/residents.py), with the patient's consent."""
    return residents.photo_page(grant, done=url_for("staff.patient", patient_id=grant.patient.public_id))


@bp.route("/patienter/<patient_id>/bjud-in", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.INVITATIONS)
def invite_patient(grant: Grant):
    patient = grant.patient
    current = {"email": patient.user.email} if patient.user else {}
    form = InvitePatientForm(data=current if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            invitation = services.invite_patient(grant, form.email.data)
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            # Shown straight from the POST: the raw link exists only now, never in a URL.
            return render_template("staff/invitation_created.html", invitation=invitation, patient=patient)
    return render_template(
        "staff/invite_patient.html", form=form, patient=patient, login=services.login_status(patient)
    )


@bp.route("/patienter/<patient_id>/foretradare/ny", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES, StaffRight.INVITATIONS)
def invite_representative(grant: Grant):
    patient = grant.patient
    form = RepresentativeForm()
    if form.validate_on_submit():
        try:
            invitation = services.invite_representative(
                grant,
                name=form.name.data,
                email=form.email.data,
                kind=MandateKind(form.kind.data),
                kind_other=form.kind_other.data or "",
                scopes={Scope(value) for value in form.scopes.data or []},
                valid_until=form.valid_until.data,
            )
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            return render_template("staff/invitation_created.html", invitation=invitation, patient=patient)
    return render_template("staff/invite_representative.html", form=form, patient=patient)


# --- mandates -----------------------------------------------------------------------------------


@bp.route("/patienter/<patient_id>/foretradare/<mandate_id>")
@patient_access(Capability.MANAGE, StaffRight.MANDATES)
def mandate(grant: Grant, mandate_id: str):
    mandate = _mandate_or_404(grant, mandate_id)
    return render_template(
        "staff/mandate.html",
        patient=grant.patient,
        mandate=mandate,
        can_change=services.can_change(mandate),
        can_revoke=services.can_revoke(mandate),
    )


@bp.route("/patienter/<patient_id>/foretradare/<mandate_id>/bekrafta", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES)
def mandate_verify(grant: Grant, mandate_id: str):
    mandate = _mandate_or_404(grant, mandate_id)
    form = VerifyMandateForm()
    if form.validate_on_submit():
        try:
            status = services.verify_mandate(grant, mandate, form.verification_note.data)
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            name, patient_name = mandate.representative.name, grant.patient.name
            if status is MandateStatus.ACTIVE:
                flash(
                    _(
                        "Behörigheten är bekräftad. %(name)s kan nu hjälpa %(patient)s i Lotsen.",
                        name=name,
                        patient=patient_name,
                    ),
                    "success",
                )
            else:
                flash(
                    _(
                        "Behörigheten är bekräftad. Den börjar gälla när %(name)s har tagit emot inbjudan.",
                        name=name,
                    ),
                    "success",
                )
            return redirect(_mandate_url(grant, mandate))
    return render_template(
        "staff/mandate_verify.html",
        form=form,
        patient=grant.patient,
        mandate=mandate,
        can_change=services.can_change(mandate),
    )


@bp.route("/patienter/<patient_id>/foretradare/<mandate_id>/andra", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES)
def mandate_change(grant: Grant, mandate_id: str):
    mandate = _mandate_or_404(grant, mandate_id)
    current = {"scopes": services.scope_values(mandate), "valid_until": mandate.valid_until}
    form = ChangeMandateForm(data=current if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.change_mandate(
                grant, mandate, {Scope(v) for v in form.scopes.data or []}, form.valid_until.data
            )
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Behörigheten för %(name)s är ändrad.", name=mandate.representative.name), "success")
            return redirect(_mandate_url(grant, mandate))
    return render_template(
        "staff/mandate_change.html",
        form=form,
        patient=grant.patient,
        mandate=mandate,
        can_change=services.can_change(mandate),
    )


@bp.route("/patienter/<patient_id>/foretradare/<mandate_id>/aterkalla", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES)
def mandate_revoke(grant: Grant, mandate_id: str):
    mandate = _mandate_or_404(grant, mandate_id)
    form = RevokeMandateForm()
    if form.validate_on_submit():
        try:
            services.revoke_mandate(grant, mandate, form.revoke_reason.data)
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _(
                    "Behörigheten är återkallad. %(name)s kan inte längre hjälpa %(patient)s i Lotsen.",
                    name=mandate.representative.name,
                    patient=grant.patient.name,
                ),
                "success",
            )
            return redirect(_mandate_url(grant, mandate))
    return render_template(
        "staff/mandate_revoke.html",
        form=form,
        patient=grant.patient,
        mandate=mandate,
        can_revoke=services.can_revoke(mandate),
    )


@bp.route("/patienter/<patient_id>/foretradare/<mandate_id>/ny-lank", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES, StaffRight.INVITATIONS)
def mandate_renew(grant: Grant, mandate_id: str):
    mandate = _mandate_or_404(grant, mandate_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            invitation = services.renew_mandate_invitation(grant, mandate)
        except services.StaffRuleError as problem:
            form.refuse(problem)
        else:
            # Shown straight from the POST: the raw link exists only now, never in a URL.
            return render_template(
                "staff/invitation_created.html", invitation=invitation, patient=grant.patient
            )
    return render_template(
        "staff/mandate_renew.html",
        form=form,
        patient=grant.patient,
        mandate=mandate,
        can_renew=services.can_renew(mandate),
    )


# --- the access log -----------------------------------------------------------------------------


@bp.route("/logg")
@staff_page(StaffRight.SPOT_CHECK)
def access_log():
    clinic_id = staff_clinic_id()
    form = LogFilterForm(formdata=request.args)
    form.patient.choices = services.log_patient_choices(clinic_id)
    form.user.choices = services.log_user_choices(clinic_id)
    page = max(1, min(request.args.get("sida", 1, type=int) or 1, services.MAX_PAGE))
    filtered = any(request.args.get(key) for key in LOG_FILTER_KEYS)
    events, more, filters = [], False, services.LogFilter()
    if not filtered or form.validate():
        upto = request.args.get("upto", type=int)
        filters = services.LogFilter(
            form.patient.data or "",
            form.user.data or "",
            form.date_from.data,
            form.date_to.data,
            upto if upto and 0 < upto <= services.MAX_EVENT_ID else None,
        )
        events, more = services.access_events(clinic_id, filters, page)
        if events and filters.upto is None:
            filters = replace(filters, upto=max(event.id for event in events))
    shown = render_template(
        "staff/access_log.html",
        form=form,
        events=events,
        more=more,
        page=page,
        filters=filters,
        services=services,
        audit=audit,
    )
    services.log_events_read(current_user, clinic_id, events, "staff.access_log")
    return shown


def _back_to_log(target: str | None) -> str:
    """Where to go after a spot check: a page of the log (with its filters), nothing else."""
    log = url_for("staff.access_log")
    target = safe_next(target, log)
    if (
        len(target) > 2000
        or not (target == log or target.startswith(log + "?"))
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in target)
    ):
        return log
    return target


@bp.route("/logg/<int(min=1, max=2147483647):event_id>/kontroll", methods=["GET", "POST"])
@staff_page(StaffRight.SPOT_CHECK)
def spot_check(event_id: int):
    clinic_id = staff_clinic_id()
    event = services.find_event(clinic_id, event_id)
    if event is None:
        abort(404)
    if not may_spot_check(current_user.staff_member, event):  # one's own event: someone else checks it
        return render_error(
            403,
            _("Du kan inte göra stickprov på din egen händelse"),
            _("Någon annan som granskar loggen gör stickprov på det du har gjort. Ingenting har sparats."),
        )
    form = SpotCheckForm()
    back = _back_to_log(request.values.get("next"))
    if form.validate_on_submit():
        services.add_spot_check(current_user.staff_member, event, form.note.data)
        flash(_("Kontrollen är sparad."), "success")
        return redirect(back)
    shown = render_template(
        "staff/spot_check.html", form=form, event=event, back=back, services=services, audit=audit
    )
    services.log_events_read(current_user, clinic_id, [event], "staff.spot_check")
    return shown


# --- the pictogram library ----------------------------------------------------------------------


@bp.route("/bildstod")
@staff_page()
def pictograms():
    """Every pictogram with its id and labels, for staff who put pictures on pages (no patient data)."""
    gallery = pictogram_gallery(request.args.get("kategori", ""))
    return render_template("staff/pictograms.html", gallery=gallery)
