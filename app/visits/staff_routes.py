"""The staff side of visits: today's and the coming visits with preparations and needs at a
glance, the list of new things, recording, changing and cancelling visits, reading preparations,
and the visit types with their picture schedules."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import photos
from ..aftervisit import services as aftervisit
from ..auth.services import safe_next
from ..clinic_words import fill_form, form_texts, reading_words, said, user_reader
from ..contact import visit_change
from ..core import audit
from ..core.access import patient_access, staff_clinic_id, staff_page
from ..core.clock import CLINIC_ZONE, local_day_bounds, local_now
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..models import Gender, utcnow
from ..needs.catalogue import NEEDS, NEEDS_BY_CODE
from ..needs.services import current_profile, current_profiles
from ..pictograms import label, library
from ..staff import members
from ..staff import photos as staff_photos
from ..staff.forms import ConfirmForm
from ..staff.journal import Found, journal_routes
from ..staff.services import list_patients, log_patient_list
from . import attendance, booking, journal, listing, overview, prepare, requests, resent, schedules, wizard
from . import staff_bp as bp
from .forms import (
    CancelVisitForm,
    ChangeVisitForm,
    MoveForm,
    StaffGenderForm,
    StaffPhotoForm,
    StepForm,
    VariantForm,
    VisitForm,
    VisitTypeForm,
)
from .pages import visit_helpers

COMING_DAYS = 14
NEED_WORDS = {code: need.text for code, need in NEEDS_BY_CODE.items()}


@bp.context_processor
def _helpers():
    return visit_helpers()


# --- the clinic's visits and new things ---------------------------------------------------------


def _todays_and_coming(mine: bool) -> tuple[list[overview.Overview], list[overview.Overview], dict]:
    """The overviews of today's visits and of the coming ones, and their preparations by visit
    id; only the visits the signed-in staff member is named on with `mine`. The caller logs a
    read for each patient it shows."""
    clinic_id = staff_clinic_id()
    start, end_of_today = local_day_bounds(local_now().date())
    rows = listing.clinic_visits(clinic_id, start, start + timedelta(days=COMING_DAYS + 1))
    if mine:
        me = current_user.staff_member
        rows = [v for v in rows if me in v.staff]
    preparations = prepare.preparations_for([v.id for v in rows])
    profiles = current_profiles(list({v.patient_id for v in rows}))
    asked = requests.for_visits([v.id for v in rows])
    overviews = [
        overview.build(v, preparations.get(v.id), profiles[v.patient_id], asked.get(v.id)) for v in rows
    ]
    todays = [o for o in overviews if o.visit.starts_at < end_of_today]
    coming = [o for o in overviews if o.visit.starts_at >= end_of_today]
    return todays, coming, preparations


def _mine() -> bool:
    return request.args.get("mina") == "1"


@bp.route("/besok")
def visits():
    mine = _mine()
    todays, coming, preparations = _todays_and_coming(mine)
    # The visits of the last days, to mark whether the patient came (one tap each).
    earlier = [
        v
        for v in attendance.recent_visits(staff_clinic_id())
        if not mine or current_user.staff_member in v.staff
    ]
    page = render_template(
        "visits/staff_visits.html",
        earlier=earlier,
        earlier_days=attendance.LIST_DAYS,
        unmarked=attendance.unmarked_count(staff_clinic_id()),
        # Efter besöket for today's visits, in one query.
        after=aftervisit.states_for_visits([o.visit.id for o in todays]),
        todays=todays,
        coming=coming,
        preparations=preparations,
        days=COMING_DAYS,
        mine=mine,
        page_title=_("Besök"),
    )
    shown = {o.visit.patient_id for o in todays + coming} | {v.patient_id for v in earlier}
    audit.log_list_read(current_user, current_user.staff_member.clinic, shown, "visits_staff.visits")
    return page


@bp.route("/besok/utan-narvaro")
def unmarked():
    """Every visit that has been and has no mark of whether the patient came, however old, a
    page at a time (the visit list shows only the last LIST_DAYS days)."""
    wanted = request.args.get("sida", 1, type=int) or 1
    rows, page, pages = attendance.unmarked_visits(staff_clinic_id(), wanted)
    # The one just marked, with its buttons: a mis-tap is put right here (found by a persona walk:
    # the marked visit left the list at once, and there was no way back to it).
    marked = attendance.just_marked(staff_clinic_id(), request.args.get("senast", ""))
    shown = render_template(
        "visits/staff_unmarked.html",
        marked=marked,
        visits=rows,
        page=page,
        pages=pages,
        unmarked=attendance.unmarked_count(staff_clinic_id()),
        page_title=_("Besök utan närvaro"),
    )
    audit.log_list_read(
        current_user,
        current_user.staff_member.clinic,
        {v.patient_id for v in rows} | ({marked.patient_id} if marked else set()),
        "visits_staff.unmarked",
    )
    return shown


@bp.route("/besok/i-dag/utskrift")
def todays_print():
    """Dagens besök on paper: one compact block per visit."""
    mine = _mine()
    todays, _coming, _preparations = _todays_and_coming(mine)
    page = render_template(
        "visits/staff_today_print.html",
        todays=todays,
        mine=mine,
        today=local_now(),
        back=url_for("visits_staff.visits", mina="1" if mine else None),
        page_title=_("Mina besök i dag") if mine else _("Dagens besök"),
    )
    patients = {o.visit.patient_id for o in todays}
    audit.log_list_read(current_user, current_user.staff_member.clinic, patients, "visits_staff.todays_print")
    return page


@bp.route("/nytt")
def new_things():
    """Sent preparations and visit requests are in the inbox, with messages and callbacks."""
    staff_clinic_id()
    return redirect(url_for("contact_staff.inbox"))


# --- one patient's visits -----------------------------------------------------------------------


def _visit_or_404(grant: Grant, visit_id: str):
    return listing.find_visit(grant.patient, visit_id) or abort(404)


def _visit_form(form_class, grant: Grant, visit=None):
    clinic_id = grant.patient.clinic_id
    if request.method == "GET" and visit is not None:
        local = visit.starts_at.astimezone(CLINIC_ZONE)
        form = form_class(
            data={
                "visit_type": visit.visit_type.public_id,
                "day": local.date(),
                "at": local.strftime("%H:%M"),
                "minutes": visit.minutes,
                "staff": [s.public_id for s in visit.staff],
                "room": visit.room,
                "bring": visit.bring,
                "note": visit.note,
            }
        )
        for field in booking.VISIT_TEXTS:
            fill_form(form, visit, field)
    else:
        form = form_class()
    types = schedules.visit_types(clinic_id)
    if visit is not None and visit.visit_type not in types:
        types.append(visit.visit_type)
    return (form, *form.offer(types, members.clinic_staff(clinic_id)))


def _warnings(grant: Grant, form, fields: booking.VisitFields, visit=None) -> list[str]:
    """Booking warnings to show first; none once staff have ticked "Spara ändå"."""
    warnings = booking.booking_warnings(grant.patient, fields, visit, current_profile(grant.patient))
    return [] if form.despite.data else warnings


def _fields(form, types, staff) -> booking.VisitFields:
    return form.visit_fields(types, staff, CLINIC_ZONE)


def _usual_minutes(types: dict) -> str:
    """The usual length of each kind of visit, as the minutes field's hint."""
    if not types:
        return ""
    lengths = ", ".join(_("%(what)s %(minutes)d min", what=t.name, minutes=t.minutes) for t in types.values())
    return _("Vanlig längd: %(lengths)s.", lengths=lengths)


def _asked(grant: Grant):
    """The visit request a booking is made from (`?onskemal=`), or None; 404 for an id that is
    not this patient's request."""
    request_id = request.args.get("onskemal", "")
    if not request_id:
        return None
    return requests.find_request(grant.patient, request_id) or abort(404)


@bp.route("/patienter/<patient_id>/besok/ny", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def visit_new(grant: Grant):
    asked = _asked(grant)
    form, types, staff = _visit_form(VisitForm, grant)
    if request.method == "GET" and not form.restored_from_draft:
        type_id = request.args.get("typ", "")
        chosen = types.get(type_id) or (requests.suggested_type(asked, types) if asked else None)
        if chosen is not None:
            form.visit_type.data = chosen.public_id
            form.minutes.data = chosen.minutes
    warnings = []
    if form.validate_on_submit():
        fields = _fields(form, types, staff)
        warnings = _warnings(grant, form, fields)
        wish = requests.time_wish_warning(asked, fields.starts_at) if asked else ""
        if wish and not form.despite.data:
            warnings.append(wish)
        if not warnings:
            visit = booking.book(grant, fields)
            if asked is not None:
                requests.booked_from(grant, asked, visit)
            flash(
                _("Besöket är sparat. %(name)s kan se det i Lotsen.", name=grant.patient.display_name),
                "success",
            )
            return redirect(
                url_for("visits_staff.visit", patient_id=grant.patient.public_id, visit_id=visit.public_id)
            )
    return render_template(
        "visits/staff_visit_form.html",
        form=form,
        patient=grant.patient,
        profile=current_profile(grant.patient),
        visit=None,
        asked=asked,
        minutes_hint=_usual_minutes(types),
        warnings=warnings,
        page_title=_("Nytt besök för %(name)s", name=grant.patient.name),
    )


@bp.route("/patienter/<patient_id>/besok/<visit_id>")
@patient_access(Capability.SEE)
def visit(grant: Grant, visit_id: str):
    return _visit_page(grant, _visit_or_404(grant, visit_id))


def _visit_page(grant: Grant, visit, attendance_error: str = ""):
    preparation = prepare.preparation_for_visit(visit)

    profile = current_profile(grant.patient)
    return render_template(
        "visits/staff_visit.html",
        patient=grant.patient,
        visit=visit,
        preparation=preparation,
        overview=overview.build(visit, preparation, profile, requests.for_visits([visit.id]).get(visit.id)),
        # The schedule as the patient sees it (the variants for their needs), in staff's words.
        schedule_steps=schedules.schedule_for(visit.visit_type, schedules.patient_need_codes(profile)),
        rows=wizard.summary(preparation, preparation.submitted_by_representative, grant.patient.display_name)
        if preparation and preparation.submitted
        else [],
        profile=profile,
        resent=resent.changes_since_sent_before(preparation, grant.patient.display_name)
        if preparation
        else None,
        form=ConfirmForm(),
        audit_who=audit.describe_who,
        after=aftervisit.states_for_visits([visit.id]).get(visit.id),
        started=visit.starts_at <= utcnow(),
        attendance_error=attendance_error,
        # "Avboka eller flytta" asked by the patient's side and not marked done yet.
        change_request=visit_change.asked(visit_change.open_request(visit)),
        page_title=visit.visit_type.name,
    )


def _visit_note(grant: Grant, visit_id: str) -> Found:
    """Kopiera till journalen: the visit and its preparation as a note."""
    visit = _visit_or_404(grant, visit_id)
    note = journal.visit_note(
        visit,
        prepare.preparation_for_visit(visit),
        current_profile(grant.patient),
        requests.for_visits([visit.id]).get(visit.id),
    )
    day = visit.starts_at.astimezone(CLINIC_ZONE).date().isoformat()
    back = url_for("visits_staff.visit", patient_id=grant.patient.public_id, visit_id=visit.public_id)
    return Found(visit.public_id, note, f"besok-{day}-{grant.patient.public_id[:8]}", back)


journal_routes(bp, "/patienter/<patient_id>/besok/<visit_id>", "visit_journal", _visit_note)


@bp.route("/patienter/<patient_id>/besok/<visit_id>/andra", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def visit_edit(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    if visit.cancelled:
        flash(_("Besöket är inställt och kan inte ändras."), "info")
        return redirect(
            url_for("visits_staff.visit", patient_id=grant.patient.public_id, visit_id=visit.public_id)
        )
    form, types, staff = _visit_form(ChangeVisitForm, grant, visit)
    warnings = []
    if form.validate_on_submit():
        fields = _fields(form, types, staff)
        warnings = _warnings(grant, form, fields, visit)
        try:
            changed = (
                None
                if warnings
                else booking.change(
                    grant, visit, fields, form.message.data or "", form_texts(form, "message")
                )
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            if not warnings:
                flash(
                    _(
                        "Ändringen är sparad. %(name)s ser vad som har ändrats.",
                        name=grant.patient.display_name,
                    )
                    if changed
                    else _("Du ändrade ingenting."),
                    "success" if changed else "info",
                )
                return redirect(
                    url_for(
                        "visits_staff.visit", patient_id=grant.patient.public_id, visit_id=visit.public_id
                    )
                )
    return render_template(
        "visits/staff_visit_form.html",
        form=form,
        patient=grant.patient,
        profile=current_profile(grant.patient),
        visit=visit,
        warnings=warnings,
        page_title=_("Ändra besöket"),
    )


@bp.route("/patienter/<patient_id>/besok/<visit_id>/kom", methods=["POST"])
@patient_access(Capability.MANAGE)
def attendance_mark(grant: Grant, visit_id: str):
    """One tap: came, did not come, cancelled late (or "" to take the mark back); back to the
    visit list ("back=lista") or to the visit."""
    visit = _visit_or_404(grant, visit_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        attendance.mark(grant, visit, attendance.parse(request.form.get("attendance", "")[:20]))
    except RuleError as problem:
        # Shown at the buttons on the visit page, with nothing changed.
        return _visit_page(grant, visit, attendance_error=str(problem))
    word = attendance.WORDS.get(visit.attendance) if visit.attendance else attendance.NOT_MARKED
    flash(_("Sparat: %(name)s, %(what)s.", name=grant.patient.name, what=str(word).lower()), "success")
    if request.form.get("back") == "lista":
        return redirect(
            url_for("visits_staff.visits", mina="1" if request.form.get("mina") == "1" else None)
            + "#tidigare"
        )
    if request.form.get("back") == "utan-narvaro":
        sida = request.form.get("sida", "")[:6]
        return redirect(
            url_for(
                "visits_staff.unmarked",
                sida=int(sida) if sida.isdigit() and int(sida) > 1 else None,
                senast=visit.public_id,
            )
        )
    return redirect(
        url_for("visits_staff.visit", patient_id=grant.patient.public_id, visit_id=visit.public_id)
    )


@bp.route("/patienter/<patient_id>/besok/<visit_id>/stall-in", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def visit_cancel(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    form = CancelVisitForm()
    if form.validate_on_submit():
        try:
            booking.cancel(grant, visit, form.message.data or "", form_texts(form, "message"))
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Besöket är inställt. %(name)s ser det i Lotsen.", name=grant.patient.display_name),
                "success",
            )
            return redirect(
                url_for("visits_staff.visit", patient_id=grant.patient.public_id, visit_id=visit.public_id)
            )
    return render_template(
        "visits/staff_visit_cancel.html",
        form=form,
        patient=grant.patient,
        visit=visit,
        page_title=_("Ställ in besöket"),
    )


@bp.route("/patienter/<patient_id>/forberedelser/<prep_id>")
@patient_access(Capability.SEE)
def preparation(grant: Grant, prep_id: str):
    """A sent preparation, for staff (the QR code on the printed summary leads here)."""
    found = prepare.find_preparation(grant.patient, prep_id)
    if found is None or not found.submitted:
        abort(404)

    return render_template(
        "visits/staff_preparation.html",
        patient=grant.patient,
        preparation=found,
        visit=found.visit,
        profile=current_profile(grant.patient),
        form=ConfirmForm(),
        rows=wizard.summary(found, found.submitted_by_representative, grant.patient.display_name),
        resent=resent.changes_since_sent_before(found, grant.patient.display_name),
        audit_who=audit.describe_who,
        page_title=_("Förberedelse från %(name)s", name=grant.patient.name),
    )


@bp.route("/patienter/<patient_id>/forberedelser/<prep_id>/last", methods=["POST"])
@patient_access(Capability.MANAGE)
def preparation_read(grant: Grant, prep_id: str):
    found = prepare.find_preparation(grant.patient, prep_id, for_update=True)
    if found is None or not found.submitted:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    prepare.mark_read(grant, found)
    flash(
        _("Markerat som läst. %(name)s ser att vårdcentralen har läst.", name=grant.patient.display_name),
        "success",
    )
    return redirect(
        _back_to_inbox()
        or url_for("visits_staff.preparation", patient_id=grant.patient.public_id, prep_id=found.public_id)
    )


@bp.route("/patienter/<patient_id>/onskemal/<request_id>/klar", methods=["POST"])
@patient_access(Capability.MANAGE)
def request_handled(grant: Grant, request_id: str):
    found = requests.find_request(grant.patient, request_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    requests.mark_handled(grant, found)
    flash(_("Markerat som klart."), "success")
    return redirect(_back_to_inbox() or url_for("contact_staff.inbox"))


def _back_to_inbox() -> str | None:
    """The inbox page a button was pressed on, with its filters and page; None if it was not."""
    inbox = url_for("contact_staff.inbox")
    target = safe_next(request.form.get("next"), "")
    return target if target == inbox or target.startswith(inbox + "?") else None


# --- visit types and picture schedules ----------------------------------------------------------


def _pictogram_choices() -> list[tuple[str, str]]:
    items = sorted(
        ((pictogram_id, label(pictogram_id)) for pictogram_id in library()),
        key=lambda item: item[1].casefold(),
    )
    return [SelectChoice("", _("Välj en bild"))] + [SelectChoice(i, text) for i, text in items]


def _type_or_404(type_id: str):
    return schedules.find_type(staff_clinic_id(), type_id) or abort(404)


@bp.route("/besokstyper")
def visit_types():
    clinic_id = staff_clinic_id()
    return render_template(
        "visits/staff_types.html",
        types=schedules.visit_types(clinic_id, include_inactive=True),
        page_title=_("Slag av besök och hur de går till"),
    )


@bp.route("/besokstyper/ny", methods=["GET", "POST"])
def visit_type_new():
    clinic_id = staff_clinic_id()
    form = VisitTypeForm()
    form.pictogram.choices = _pictogram_choices()
    if form.validate_on_submit():
        visit_type = _save_type(clinic_id, None, form)
        flash(_("Sparat. Lägg nu till stegen."), "success")
        return redirect(url_for("visits_staff.visit_type", type_id=visit_type.public_id))
    return render_template(
        "visits/staff_type_form.html", form=form, visit_type=None, page_title=_("Nytt slag av besök")
    )


def _save_type(clinic_id: int, visit_type, form: VisitTypeForm):
    return schedules.save_visit_type(
        clinic_id,
        visit_type,
        name=form.name.data,
        pictogram=form.pictogram.data,
        minutes=form.minutes.data,
        active=form.active.data,
        health_check=form.health_check.data,
        forms=form_texts(form, "name"),
    )


@bp.route("/besokstyper/<type_id>", methods=["GET", "POST"])
def visit_type(type_id: str):
    visit_type = _type_or_404(type_id)
    form = VisitTypeForm(obj=visit_type if request.method == "GET" else None)
    form.pictogram.choices = _pictogram_choices()
    if request.method == "GET":
        fill_form(form, visit_type, "name")
    if form.validate_on_submit():
        _save_type(visit_type.clinic_id, visit_type, form)
        flash(_("Sparat."), "success")
        return redirect(url_for("visits_staff.visit_type", type_id=visit_type.public_id))
    return render_template(
        "visits/staff_type_form.html",
        form=form,
        visit_type=visit_type,
        move_form=MoveForm(),
        need_words=NEED_WORDS,
        page_title=visit_type.name,
    )


def _step_photo(visit_type, form):
    """The photo sent with the step form, or the one kept from an earlier try; None if none.

    A photo that passes the checks is stored at once, even when another field has an error, so
    that the form can come back without asking for the file again. False if the photo is bad."""
    if form.errors.get("csrf_token"):
        return None
    try:
        data = photos.read_upload(form.photo.data)
        photo = schedules.keep_photo(visit_type.clinic_id, current_user.id, data) if data else None
    except RuleError as problem:
        form.refuse(problem)
        return False
    if photo is None:
        photo = photos.kept(form.kept_photo.data, visit_type.clinic_id, current_user.id)
    form.kept_photo.data = photo.public_id if photo else ""
    return photo


def _place_choices(visit_type) -> list[SelectChoice]:
    steps = visit_type.steps
    choices = [SelectChoice(StepForm.FIRST, _("Först"))]
    choices += [SelectChoice(step.public_id, _("Efter: %(step)s", step=step.text)) for step in steps[:-1]]
    if steps:
        choices.append(SelectChoice(StepForm.LAST, _("Sist, efter: %(step)s", step=steps[-1].text)))
    return choices


def _place_index(visit_type, place: str) -> int | None:
    if place == StepForm.FIRST:
        return 0
    for index, step in enumerate(visit_type.steps):
        if step.public_id == place:
            return index + 1
    return None  # last


def _step_form(visit_type, step):
    form = StepForm(obj=step if request.method == "GET" else None)
    if request.method == "GET":
        fill_form(form, step, "text")
    form.pictogram.choices = _pictogram_choices()
    if step is not None or not visit_type.steps:
        del form.place
    else:
        form.place.choices = _place_choices(visit_type)
        if request.method == "GET":
            # Most schedules end with "Klart!": a new step goes before the last one.
            form.place.data = StepForm.FIRST if len(visit_type.steps) == 1 else visit_type.steps[-2].public_id
    if (
        request.method == "POST"
        and not form.pictogram.data
        and (getattr(form.photo.data, "filename", "") or form.kept_photo.data)
    ):
        # A step with a photo needs no pictogram chosen: the camera stands in where one is needed.
        form.pictogram.data = "camera"
    valid = form.validate_on_submit()
    photo = _step_photo(visit_type, form) if request.method == "POST" else None
    return form, (valid and photo is not False), photo or None


def _step_page(visit_type, step, form):
    return render_template(
        "visits/staff_step_form.html",
        form=form,
        visit_type=visit_type,
        step=step,
        kept=photos.kept(form.kept_photo.data, visit_type.clinic_id, current_user.id),
        need_words=NEED_WORDS,
        page_title=_("Ändra steget") if step else _("Nytt steg"),
    )


@bp.route("/besokstyper/<type_id>/steg/nytt", methods=["GET", "POST"])
def step_new(type_id: str):
    visit_type = _type_or_404(type_id)
    form, valid, photo = _step_form(visit_type, None)
    if valid:
        index = _place_index(visit_type, form.place.data) if "place" in form else None
        schedules.add_step(
            visit_type, form.text.data, form.pictogram.data, photo, index, form_texts(form, "text")
        )
        flash(_("Steget är sparat."), "success")
        return redirect(url_for("visits_staff.visit_type", type_id=visit_type.public_id))
    return _step_page(visit_type, None, form)


def _step_or_404(visit_type, step_id: str):
    return schedules.find_step(visit_type, step_id) or abort(404)


@bp.route("/besokstyper/<type_id>/steg/<step_id>", methods=["GET", "POST"])
def step_edit(type_id: str, step_id: str):
    visit_type = _type_or_404(type_id)
    step = _step_or_404(visit_type, step_id)
    form, valid, photo = _step_form(visit_type, step)
    if valid:
        schedules.change_step(
            step, form.text.data, form.pictogram.data, photo, form.remove_photo.data, form_texts(form, "text")
        )
        flash(_("Steget är sparat."), "success")
        return redirect(url_for("visits_staff.visit_type", type_id=visit_type.public_id))
    return _step_page(visit_type, step, form)


@bp.route("/besokstyper/<type_id>/steg/<step_id>/flytta", methods=["POST"])
def step_move(type_id: str, step_id: str):
    visit_type = _type_or_404(type_id)
    step = _step_or_404(visit_type, step_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    schedules.move_step(visit_type, step, form.direction.data)
    return redirect(
        url_for("visits_staff.visit_type", type_id=visit_type.public_id, _anchor=f"steg-{step.public_id}")
    )


@bp.route("/besokstyper/<type_id>/steg/<step_id>/ta-bort", methods=["GET", "POST"])
def step_delete(type_id: str, step_id: str):
    """Ask first: the schedule of visits already booked changes too."""
    visit_type = _type_or_404(type_id)
    step = _step_or_404(visit_type, step_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        schedules.delete_step(visit_type, step)
        flash(_("Steget är borttaget."), "success")
        return redirect(url_for("visits_staff.visit_type", type_id=visit_type.public_id))
    return render_template(
        "visits/staff_step_delete.html",
        form=form,
        visit_type=visit_type,
        step=step,
        booked=schedules.coming_visits_of_type(visit_type),
        page_title=_("Ta bort steget?"),
    )


# --- variants of a step for a need, and the preview as one patient -------------------------------


def _need_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("Välj ett behov"))] + [
        SelectChoice(need.code, str(need.text)) for need in NEEDS
    ]


def _variant_page(visit_type, step, variant, form):
    return render_template(
        "visits/staff_variant_form.html",
        form=form,
        visit_type=visit_type,
        step=step,
        variant=variant,
        page_title=_("Ändra varianten") if variant else _("Ny variant av steget"),
    )


def _variant_form(variant):
    form = VariantForm(obj=variant if request.method == "GET" else None)
    if request.method == "GET":
        fill_form(form, variant, "text")
    form.need.choices = _need_choices()
    form.pictogram.choices = [SelectChoice("", _("Samma bild som steget"))] + _pictogram_choices()[1:]
    return form


def _variant_back(visit_type, step):
    return redirect(
        url_for(
            "visits_staff.step_edit",
            type_id=visit_type.public_id,
            step_id=step.public_id,
            _anchor="varianter",
        )
    )


def _variant_form_page(visit_type, step, variant):
    """Add (`variant` None) or change a variant: saved and back to the step, or the form again
    with its easy errors (nothing changed)."""
    form = _variant_form(variant)
    if form.validate_on_submit():
        try:
            schedules.save_variant(
                step,
                variant,
                form.need.data,
                form.text.data,
                form.pictogram.data or "",
                form_texts(form, "text"),
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Varianten är sparad."), "success")
            return _variant_back(visit_type, step)
    return _variant_page(visit_type, step, variant, form)


@bp.route("/besokstyper/<type_id>/steg/<step_id>/variant/ny", methods=["GET", "POST"])
def variant_new(type_id: str, step_id: str):
    visit_type = _type_or_404(type_id)
    return _variant_form_page(visit_type, _step_or_404(visit_type, step_id), None)


def _variant_or_404(step, variant_id: str):
    return schedules.find_variant(step, variant_id) or abort(404)


@bp.route("/besokstyper/<type_id>/steg/<step_id>/variant/<variant_id>", methods=["GET", "POST"])
def variant_edit(type_id: str, step_id: str, variant_id: str):
    visit_type = _type_or_404(type_id)
    step = _step_or_404(visit_type, step_id)
    return _variant_form_page(visit_type, step, _variant_or_404(step, variant_id))


@bp.route("/besokstyper/<type_id>/steg/<step_id>/variant/<variant_id>/flytta", methods=["POST"])
def variant_move(type_id: str, step_id: str, variant_id: str):
    visit_type = _type_or_404(type_id)
    step = _step_or_404(visit_type, step_id)
    variant = _variant_or_404(step, variant_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    schedules.move_variant(step, variant, form.direction.data)
    return _variant_back(visit_type, step)


@bp.route("/besokstyper/<type_id>/steg/<step_id>/variant/<variant_id>/ta-bort", methods=["POST"])
def variant_delete(type_id: str, step_id: str, variant_id: str):
    visit_type = _type_or_404(type_id)
    step = _step_or_404(visit_type, step_id)
    variant = _variant_or_404(step, variant_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    schedules.delete_variant(step, variant)
    flash(_("Varianten är borttagen."), "success")
    return _variant_back(visit_type, step)


@bp.route("/besokstyper/<type_id>/forhandsvisa")
def schedule_preview_choose(type_id: str):
    """ "Förhandsvisa som…": the clinic's patients, each a link to the schedule as they see it.
    The names shown are a read of each patient, as on the patient list."""
    visit_type = _type_or_404(type_id)

    rows = list_patients(visit_type.clinic_id)
    page = render_template(
        "visits/staff_preview_choose.html",
        visit_type=visit_type,
        rows=rows,
        page_title=_("Förhandsvisa som en patient"),
    )
    log_patient_list(current_user, visit_type.clinic_id, [row.patient for row in rows])
    return page


@bp.route("/patienter/<patient_id>/besokstyper/<type_id>")
@patient_access(Capability.SEE)
def schedule_preview(grant: Grant, type_id: str):
    """Så går besöket till as this patient sees it: the variants for their needs, in their
    language and easy-read setting. Reading the needs is a read of the patient in the log."""
    visit_type = schedules.find_type(grant.patient.clinic_id, type_id) or abort(404)

    profile = current_profile(grant.patient)
    locale, easy = user_reader(grant.patient.user)
    return render_template(
        "visits/staff_preview.html",
        patient=grant.patient,
        visit_type=visit_type,
        schedule_steps=schedules.schedule_for(
            visit_type, schedules.patient_need_codes(profile), locale, easy
        ),
        reading=reading_words(grant.patient.name, locale, easy),
        profile=profile,
        type_name=said(visit_type, "name", locale, easy),
        need_words=NEED_WORDS,
        page_title=_("Så ser %(name)s besöket", name=grant.patient.name),
    )


# --- the staff member's own photo --------------------------------------------------------------


@bp.route("/min-bild", methods=["GET", "POST"])
@staff_page()  # one's own photo and gender: any staff member
def my_photo():
    """Staff choose whether patients see their photo beside their name (Mina besök, Hem)."""
    staff = current_user.staff_member
    form = StaffPhotoForm()
    if form.validate_on_submit():
        data = photos.read_upload(form.photo.data)
        try:
            if not data:
                raise RuleError(_("Välj ett foto först."), field="photo")
            staff_photos.set_staff_photo(staff, data)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Fotot är sparat. Patienterna ser det bredvid ditt namn."), "success")
            return redirect(url_for("visits_staff.my_photo"))
    return _my_photo_page(staff, form)


def _my_photo_page(staff, form: StaffPhotoForm, gender_form: StaffGenderForm | None = None):
    if gender_form is None:
        gender_form = StaffGenderForm(formdata=None, data={"gender": staff.gender.value})
    failed = gender_form if gender_form.errors else form
    return render_template(
        "visits/staff_photo.html",
        form=failed,
        photo_form=form,
        staff=staff,
        gender_form=gender_form,
        remove_form=ConfirmForm(),
        page_title=_("Mitt foto"),
    )


@bp.route("/min-bild/kon", methods=["POST"])
@staff_page()  # one's own photo and gender: any staff member
def my_gender():
    """How Arabic names the staff member: "مرشدة الرعاية" or "مرشد الرعاية" (the general form)."""
    staff = current_user.staff_member
    gender_form = StaffGenderForm()
    if gender_form.validate_on_submit():
        staff_photos.set_gender(staff, Gender(gender_form.gender.data))
        flash(_("Klart. Vi har sparat ditt val."), "success")
        return redirect(url_for("visits_staff.my_photo") + "#kon")
    return _my_photo_page(staff, StaffPhotoForm(formdata=None), gender_form)


@bp.route("/min-bild/ta-bort", methods=["POST"])
@staff_page()  # one's own photo and gender: any staff member
def my_photo_remove():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    staff_photos.remove_staff_photo(current_user.staff_member)
    flash(_("Fotot är borttaget. Patienterna ser dina initialer i stället."), "success")
    return redirect(url_for("visits_staff.my_photo"))
