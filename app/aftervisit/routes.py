"""Efter besöket on the patient's side: the summary read aloud part by part, "Jag har förstått",
"Jag har en fråga", the next steps ticked done, and the print. Reading needs the "see" right."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _

from ..core.access import acting_patient_access
from ..core.grants import Capability, Grant
from . import bp, services


def _sent_or_404(grant: Grant, summary_id: str):
    summary = services.find(grant.patient, summary_id)
    if summary is None or not summary.sent:
        abort(404)  # a draft is the staff's: it does not exist for the patient's side
    return summary


@bp.route("/<summary_id>")
@acting_patient_access(Capability.SEE)
def page(grant: Grant, summary_id: str):
    summary = _sent_or_404(grant, summary_id)
    services.mark_opened(grant, summary)
    return render_template(
        "aftervisit/page.html",
        grant=grant,
        summary=summary,
        version=services.latest(summary),
        page_title=_("Efter besöket"),
    )
