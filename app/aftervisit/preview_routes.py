"""Efter besöket for staff: the working copy "as the patient sees it", for each reader on the
patient's side in their language and easy-read setting (the patient by default)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from ..clinic_words import reading_words, user_reader
from ..core.access import patient_access
from ..core.grants import Capability, Grant
from ..i18n import reading_as
from ..staff.readers import patient_readers
from ..visits import listing
from ..visits.pages import visit_helpers
from . import content as shape
from . import services
from . import staff_bp as bp
from .pages import page_helpers


@dataclass(frozen=True)
class Shown:
    """One reader the preview can be shown for."""

    name: str
    is_patient: bool
    language: str
    easy: bool

    @property
    def words(self) -> str:
        return reading_words(self.name, self.language, self.easy)


def _readers(grant: Grant) -> list[Shown]:
    """The patient first (also without an account of their own: as the patient's side would
    show it to them, in easy Swedish unless their account says otherwise), then each helper who
    may see the summary."""
    patient = grant.patient
    locale, easy = user_reader(patient.user) if patient.user else ("sv", True)
    shown = [Shown(patient.display_name, True, locale, easy)]
    for reader in patient_readers(patient):
        if reader.sees and not reader.is_patient:
            shown.append(Shown(reader.name, False, reader.language, reader.easy))
    return shown


@bp.route("/patienter/<patient_id>/besok/<visit_id>/efter/forhandsvisning")
@patient_access(Capability.SEE)
def preview(grant: Grant, visit_id: str):
    visit = listing.find_visit(grant.patient, visit_id) or abort(404)
    summary = services.for_visit(visit) or abort(404)
    readers = _readers(grant)
    number = request.args.get("lasare", 0, type=int)
    chosen = readers[number] if 0 <= number < len(readers) else readers[0]
    with reading_as(chosen.language, chosen.easy):
        body = render_template(
            "aftervisit/_preview_body.html",
            content=shape.clean(summary.content),
            is_self=chosen.is_patient,
            name=grant.patient.display_name,
            clinic_phone=grant.patient.clinic.phone,
            lang=chosen.language,
            **page_helpers(),
            **visit_helpers(),
        )
    return render_template(
        "aftervisit/preview.html",
        patient=grant.patient,
        visit=visit,
        summary=summary,
        readers=readers,
        chosen=chosen,
        number=readers.index(chosen),
        empty=shape.is_empty(summary.content),
        body=Markup(body),  # noqa: S704  # nosec B704 (our own template, rendered above)
        page_title=_("Så ser %(name)s det", name=chosen.name),
    )
