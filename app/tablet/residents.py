"""The residents' tiles: a photo of a person, added by one who helps them (a worker of their
home, say) with their consent, shown on the tile they are chosen by on the home's tablet.

Only those who may see the person see the photo (app/visits/routes.py asks `access.can`), and
adding or removing it is logged like any change of the person's data."""

from __future__ import annotations

from .. import photos
from ..core import audit
from ..core.grants import Grant
from ..extensions import db
from ..models import AccessAction

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
