"""The residents' tiles: a photo of a person, added by one who helps them (a worker of their
home, say) with their consent, shown on the tile they are chosen by on the home's tablet.

Only those who may see the person see the photo (app/visits/routes.py asks `access.can`), and
adding or removing it is logged like any change of the person's data."""

from __future__ import annotations

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from .. import photos
from ..core import audit
from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction
from .forms import ResidentPhotoForm

LOGGED_AS = "patient_photo"


def set_photo(grant: Grant, data: bytes) -> None:
    """Store the photo (re-encoded, square, without metadata); RuleError for a bad file."""
    photo = photos.store(grant.patient.clinic_id, grant.user.id, data, portrait=True)
    grant.patient.photo_id = photo.id
    audit.record(grant, AccessAction.UPDATE, LOGGED_AS)
    db.session.commit()


def remove_photo(grant: Grant) -> None:
    if grant.patient.photo_id is None:
        return
    grant.patient.photo_id = None
    audit.record(grant, AccessAction.DELETE, LOGGED_AS)
    db.session.commit()


def photo_page(grant: Grant, done: str):
    """The photo page, for a helper (under the person's own address) and for the clinic's staff
    (on the patient card): upload with consent, or remove; then on to `done`."""
    form = ResidentPhotoForm()
    if request.method == "POST" and request.form.get("go") == "remove":
        remove_photo(grant)
        flash(_("Klart. Fotot är borttaget."), "success")
        return redirect(done)
    if form.validate_on_submit():
        data = photos.read_upload(form.photo.data)
        try:
            if not data:
                raise RuleError(_("Välj ett foto först."), field="photo")
            set_photo(grant, data)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Klart. Fotot är sparat."), "success")
            return redirect(done)
    name = grant.patient.display_name
    return render_template(
        "tablet/resident_photo.html", form=form, grant=grant, page_title=_("Foto av %(name)s", name=name)
    )
