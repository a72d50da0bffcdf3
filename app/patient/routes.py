from flask import render_template, request
from flask_babel import gettext as _

from ..access import Capability, Grant, acting_patient_access
from ..contact.services import unread_answers
from . import bp, services

MAX_EVENT_ID = 2**31 - 1


@bp.route("/")
@acting_patient_access(Capability.SEE)
def home(grant: Grant):
    patient = grant.patient
    title = (_("Hej %(name)s!", name=patient.display_name) if grant.acting_as == "patient"
             else _("Sidan för %(name)s", name=patient.display_name))
    allowed = services.mandate_words(grant.mandate) if grant.mandate else []
    from ..visits import services as visit_services
    from ..visits.routes import visit_helpers

    coming = visit_services.coming_visits(patient)
    changed = [v for v in coming if visit_services.recent_change(v)]
    upcoming = next((v for v in coming if not v.cancelled), None)
    return render_template("patient/home.html", patient=patient, grant=grant, allowed=allowed,
                           changed=changed, upcoming=upcoming, page_title=title,
                           unread_answers=unread_answers(patient),
                           **visit_helpers())


@bp.route("/vem-har-tittat")
@acting_patient_access(Capability.SEE)
def access_log(grant: Grant):
    # A later page starts at an event ("fran"); one that is not in this log shows nothing more.
    later = "fran" in request.args
    start = request.args.get("fran", type=int)
    log = (services.access_log_page(grant.patient, grant.user, start)
           if not later or (start and 0 < start <= MAX_EVENT_ID) else None)
    title = (_("Vem har tittat på mina uppgifter?") if grant.acting_as == "patient"
             else _("Vem har tittat på uppgifterna om %(name)s?", name=grant.patient.display_name))
    return render_template("patient/access_log.html", log=log, later=later,
                           services=services, grant=grant, page_title=title)
