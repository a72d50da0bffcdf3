from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import i18n
from ..aftervisit import services as aftervisit
from ..checkup import due_services, plan_services, question_services
from ..checkup.plan_pages import plan_helpers
from ..contact.conversations import unread_answers
from ..core import audit
from ..core.access import acting_patient_access, can
from ..core.audit_words import genitive
from ..core.grants import Capability, Grant
from ..home import services as home_services
from ..home.forms import PatientPreferencesForm
from ..models import AccessAction
from ..needs import usual
from ..staff import team as team_services
from ..visits import changes, listing
from ..visits.pages import visit_helpers
from . import bp, services

MAX_EVENT_ID = 2**31 - 1
HOME_STEPS = 3  # next steps with a day shown on Hem


@bp.route("/")
@acting_patient_access(Capability.SEE)
def home(grant: Grant):
    patient = grant.patient
    title = (
        _("Hej %(name)s!", name=patient.display_name)
        if grant.is_self
        else _("Sidan för %(name)s", name=patient.display_name)
    )
    held = grant.mandate or grant.home_mandate
    allowed = services.mandate_words(held) if held else []

    coming = listing.coming_visits(patient, staff=False, steps=False)
    changed = [v for v in coming if changes.recent_change(v)]
    upcoming = next((v for v in coming if not v.cancelled), None)
    # Efter besöket: the newest summary this person has not opened since it was last sent, and
    # the next steps with a day that are not done yet (a few; Mina besök has them all).
    unread = aftervisit.unread_for(grant.user, patient)
    steps = aftervisit.open_steps(patient, dated_only=True)
    # The health check's round, and its visit once booked: then Hem shows the booking (not the
    # invitation), and not the same visit again under Nästa besök.
    home_check, home_check_visit = due_services.on_home(due_services.open_round(patient))
    if upcoming is not None and upcoming == home_check_visit:
        upcoming = None
    return render_template(
        "patient/home.html",
        patient=patient,
        grant=grant,
        allowed=allowed,
        changed=changed,
        upcoming=upcoming,
        page_title=title,
        unread_answers=unread_answers(patient),
        genitive=genitive,
        after_visit_new=unread[0] if unread else None,
        after_visit_steps=steps[:HOME_STEPS],
        after_visit_more=len(steps) > HOME_STEPS,
        home_plan=plan_services.for_home(patient),
        home_check=home_check,
        home_check_visit=home_check_visit,
        home_questions=question_services.waiting(patient)[0] is not None,
        # "Så brukar jag vara": asked for on Hem while nothing is written, of those who may write it.
        usual_ask=can(grant.user, patient, Capability.PREPARE_VISITS) and not usual.usual_for(patient),
        **plan_helpers(),
        **visit_helpers(),
    )


@bp.route("/vem-har-tittat")
@acting_patient_access(Capability.SEE)
def access_log(grant: Grant):
    # A later page starts at an event ("fran"); one that is not in this log shows nothing more.
    later = "fran" in request.args
    start = request.args.get("fran", type=int)
    log = (
        services.access_log_page(grant.patient, grant.user, start)
        if not later or (start and 0 < start <= MAX_EVENT_ID)
        else None
    )
    title = (
        _("Vem har tittat på mina uppgifter?")
        if grant.is_self
        else _("Vem har tittat på uppgifterna om %(name)s?", name=grant.patient.display_name)
    )
    return render_template(
        "patient/access_log.html", log=log, later=later, services=services, grant=grant, page_title=title
    )


@bp.route("/vem-jobbar-har")
@acting_patient_access(Capability.SEE)
def team(grant: Grant):
    """Vem jobbar här?: the team of the patient's clinic, with faces, the vårdlots first."""
    patient = grant.patient
    own = patient.current_vardlots
    return render_template(
        "patient/team.html",
        grant=grant,
        clinic=patient.clinic,
        team=team_services.team_page(patient.clinic_id, own),
        own_vardlots=own,
        page_title=_("Vem jobbar här?"),
        **team_services.team_helpers(),
    )


# --- the patient's own preferences (text size, read-aloud speed), for using Lotsen together ----


def _preferences_page(grant: Grant, form=None):

    may_change = can(grant.user, grant.patient, Capability.CHANGE_NEEDS)
    if form is None:
        form = PatientPreferencesForm(formdata=None, data=i18n.patient_preferences(grant.patient))
    return render_template(
        "patient/preferences.html",
        grant=grant,
        form=form,
        may_change=may_change,
        together=session.get(i18n.TOGETHER_KEY) == grant.patient.public_id,
        page_title=_("%(whose)s inställningar", whose=genitive(grant.patient.display_name)),
    )


@bp.route("/installningar")
@acting_patient_access(Capability.SEE)
def preferences(grant: Grant):
    """How Lotsen looks and sounds for the patient when a helper and the patient use it
    together. (A patient with an account sees their own here too: the same values as on
    Inställningar, which is where the patient's side links to.)"""
    return _preferences_page(grant)


@bp.route("/installningar", methods=["POST"])
@acting_patient_access(Capability.CHANGE_NEEDS)
def preferences_save(grant: Grant):
    """Saving them needs the right to change the needs (they are part of what the patient needs)."""

    form = PatientPreferencesForm()
    if not form.validate_on_submit():
        return _preferences_page(grant, form)
    changed = home_services.save_patient_preferences(
        grant, text_size=form.text_size.data, speech_rate=form.speech_rate.data
    )
    flash(
        _("Klart. Vi har sparat valen för %(name)s.", name=grant.patient.display_name)
        if changed
        else _("Du ändrade ingenting."),
        "success" if changed else "info",
    )
    return redirect(url_for("patient.preferences"))


@bp.route("/installningar/tillsammans", methods=["POST"])
@acting_patient_access(Capability.SEE)
def preferences_together(grant: Grant):
    """Use the patient's preferences now (we use Lotsen together), or stop using them. Only
    this browser's session changes."""

    # Turning it on reads the patient's preferences into this session's pages.
    audit.record(grant, AccessAction.READ, "patient.preferences_together")
    if request.form.get("go") == "on" and not grant.is_self:
        session[i18n.TOGETHER_KEY] = grant.patient.public_id
        flash(_("Nu ser och hör Lotsen ut som för %(name)s.", name=grant.patient.display_name), "success")
    else:
        session.pop(i18n.TOGETHER_KEY, None)
        flash(_("Nu används dina egna inställningar igen."), "success")
    return redirect(url_for("patient.preferences"))
