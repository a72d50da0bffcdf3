"""Något har ändrats on the patient's side: a helper (or the patient) notes that something is not
as it usually is, in a few taps: which area, since when, how (easy text), Kontrollera, Skicka.
The clinic gets it in the inbox. Noting a change needs the "prepare visits" right (a group-home
worker with see-and-prepare notes a change); reading the notes needs "see"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..needs import usual
from . import change_services as services
from .change_areas import AREAS, AREAS_BY_KEY, BASELINE_AREAS, SINCE_BY_KEY, URGENT_AREAS, is_urgent
from .change_blueprints import bp
from .change_forms import ChangeNoteForm, new_form_key
from .change_pages import change_helpers

bp.context_processor(change_helpers)


def _title(grant: Grant, own: str, helper: str) -> str:
    return own if grant.is_self else helper


def usual_text(grant: Grant, area: str) -> str | None:
    """What is usual for the person in this area ("Så brukar jag vara"), shown beside the note as
    "Så brukar det vara: …"; None while there is no baseline to show. The baseline's area key is
    `BASELINE_AREAS[area]`."""
    if area not in BASELINE_AREAS or not can(grant.user, grant.patient, Capability.SEE):
        return None
    return usual.usual_for(grant.patient).get(BASELINE_AREAS[area]) or None


@bp.route("/")
@acting_patient_access(Capability.SEE)
def index(grant: Grant):
    return render_template(
        "checkup/changes_index.html",
        grant=grant,
        notes=services.notes_of(grant.patient),
        can_note=can(grant.user, grant.patient, Capability.PREPARE_VISITS),
        page_title=_title(
            grant,
            _("Något har ändrats"),
            _("Något har ändrats för %(name)s", name=grant.patient.display_name),
        ),
    )


def _form_page(grant: Grant, form: ChangeNoteForm):
    return render_template(
        "checkup/changes_form.html",
        grant=grant,
        form=form,
        area_pictos={a.value: a.pictogram for a in AREAS},
        since_pictos={c.value: c.pictogram for c in SINCE_BY_KEY.values()},
        urgent_areas=sorted(URGENT_AREAS),
        page_title=_title(
            grant,
            _("Berätta vad som har ändrats"),
            _("Berätta vad som har ändrats för %(name)s", name=grant.patient.display_name),
        ),
    )


@bp.route("/ny")
@acting_patient_access(Capability.PREPARE_VISITS)
def new(grant: Grant):
    """The note's form, with a one-time key; it posts to `send`."""
    form = ChangeNoteForm()
    if not form.restored_from_draft:
        form.form_key.data = new_form_key()
    return _form_page(grant, form)


@bp.route("/skicka", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def send(grant: Grant):
    """Kontrollera (`go=check`, the form's button) shows what was chosen; Ändra (`go=change`)
    goes back to the form with it; only Skicka (`go=send`) sends. Shown by GET too, so that a
    form typed when the session ran out comes back after signing in again."""
    form = ChangeNoteForm()
    go = request.form.get("go", "")
    if request.method == "GET":
        if not form.restored_from_draft:
            form.form_key.data = new_form_key()
        return _form_page(grant, form)
    if go not in ("check", "send", "change"):
        # No button named: a browser always sends the one pressed (Enter presses the first). Back
        # to the form with what was sent, and a word on what to do; nothing is sent.
        form.validate_on_submit()
        form.refuse(RuleError(_("Tryck på Kontrollera. Då ser du vad du har valt.")))
        return _form_page(grant, form)
    if go == "change":
        form.validate_on_submit()
        for field in form:
            field.errors = []
        return _form_page(grant, form)
    if not form.validate_on_submit():
        return _form_page(grant, form)
    if go != "send":
        return render_template(
            "checkup/changes_check.html",
            grant=grant,
            form=form,
            area=AREAS_BY_KEY[form.area.data],
            since=SINCE_BY_KEY[form.since.data],
            urgent=is_urgent(form.area.data),
            usual_text=usual_text(grant, form.area.data),
            page_title=_title(
                grant,
                _("Kontrollera och skicka"),
                _("Kontrollera och skicka för %(name)s", name=grant.patient.display_name),
            ),
        )
    sent = services.sent_with(form.form_key.data)
    if sent is not None and sent.patient_id == grant.patient.id:
        flash(_("Det här är redan skickat. Vårdcentralen har fått det."), "info")
        return redirect(url_for("changes.note", note_id=sent.public_id))
    try:
        note = services.send(grant, form.area.data, form.since.data, form.how.data or "", form.form_key.data)
    except RuleError as problem:
        form.refuse(problem)
        form.form_key.data = new_form_key()
        return _form_page(grant, form)
    flash(_("Tack! Vårdcentralen har fått det."), "success")
    if not can(grant.user, grant.patient, Capability.SEE):  # may write, but not read the notes
        return redirect(url_for("changes.new"))
    return redirect(url_for("changes.note", note_id=note.public_id))


@bp.route("/<note_id>")
@acting_patient_access(Capability.SEE)
def note(grant: Grant, note_id: str):
    found = services.find(grant.patient, note_id) or abort(404)
    return render_template(
        "checkup/changes_note.html",
        grant=grant,
        note=found,
        usual_text=usual_text(grant, found.area),
        page_title=_title(
            grant,
            _("Det här har ändrats"),
            _("Det här har ändrats för %(name)s", name=grant.patient.display_name),
        ),
    )
