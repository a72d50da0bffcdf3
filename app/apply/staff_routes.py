"""The vårdlots team's side of Ansök om SMO: the clinic's applications, and yes or no for each.
Only the staff of the clinic an application was sent to see it (`clinic_application`); deciding
is the coordinator's work (inviting patients and helpers)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..core import audit
from ..core.access import StaffRight, clinic_application, staff_clinic_id, staff_page
from ..core.clock import CLINIC_ZONE
from ..core.rules import RuleError
from ..models import AccessAction, Application, ApplicationStatus
from ..personnummer import mask
from ..readability import lix
from ..staff import services as staff_services
from . import services
from . import staff_bp as bp
from .forms import AcceptForm, DeclineForm

EASY_LIMIT = 30  # the LIX the answer to the applicant should stay under (docs/easy-read.md)


@bp.route("/ansokningar")
@staff_page(StaffRight.CARE)
def applications():
    clinic_id = staff_clinic_id()
    rows = services.clinic_applications(clinic_id)
    html = render_template(
        "apply/staff_list.html",
        rows=rows,
        days=services.retention_days(),
        Status=ApplicationStatus,
        who_word=lambda row: services.c.WHO_FOR_STAFF.get(row.answers.get("vem", {}).get("who", ""), ""),
        page_title=_("Ansökningar till SMO"),
    )
    services.log_list_read(current_user, clinic_id)
    return html


def _page(
    application: Application, accept_form: AcceptForm | None = None, decline_form: DeclineForm | None = None
):
    accept_form = accept_form or _accept_form(application)
    if decline_form is None:
        decline_form = DeclineForm()
        decline_form.answer.data = services.default_answer(application)
    # The personnummer masked, and whole only when asked for: each showing is in the access log.
    full = request.method == "GET" and request.args.get("visa") == "personnummer"
    if full:
        audit.record_clinic(
            current_user,
            application.clinic,
            AccessAction.READ,
            "application.personnummer",
            application.public_id,
        )
    rows = services.summary(application.answers)
    for row in rows:
        if row.key == "personnummer" and not full:
            row.typed = [mask(application.personnummer)]
    return render_template(
        "apply/staff_application.html",
        application=application,
        rows=rows,
        full_personnummer=full,
        recipient=services.recipient(application),
        language=services.language_of(application),
        existing=services.patient_with_personnummer(application)
        if application.status is ApplicationStatus.NEW
        else None,
        accept_form=accept_form,
        decline_form=decline_form,
        # The form that was refused, for the page's error summary and title (found by a persona
        # walk: a no without a reason reloaded the page with its one error far below).
        form=next((f for f in (accept_form, decline_form) if f.errors), None),
        answer_lix=lix(decline_form.answer.data or ""),
        easy_limit=EASY_LIMIT,
        applicant_email=services.applicant_email(application),
        for_self=services.c.applies_for_self(application.answers),
        days=services.retention_days(),
        Status=ApplicationStatus,
        page_title=_("Ansökan: %(name)s", name=application.name),
    )


def _accept_form(application: Application, **kwargs) -> AcceptForm:
    form = AcceptForm(**kwargs)
    form.vardlots.choices = staff_services.vardlots_choices(application.clinic_id)
    if not form.is_submitted():
        form.person_email.data = services.person_email(application)
        # Inviting the one who applied is the vårdlots's own choice, never ticked for them (found
        # by a persona walk: a ticked box was easy to miss, and gave a helper access).
        form.invite_applicant.data = False
        me = current_user.staff_member
        if any(choice.value == me.public_id for choice in form.vardlots.choices):
            form.vardlots.data = me.public_id
    return form


@bp.route("/ansokningar/<app_id>")
@clinic_application(StaffRight.CARE)
def application(application: Application):
    return _page(application)


@bp.route("/ansokningar/<app_id>/ja", methods=["POST"])
@clinic_application(StaffRight.INVITATIONS)
def accept(application: Application):
    form = _accept_form(application)
    if application.status is not ApplicationStatus.NEW:
        flash(_("Ansökan är redan besvarad."), "info")
        return redirect(url_for("apply_staff.application", app_id=application.public_id))
    if form.validate_on_submit():
        try:
            patient, problems = services.accept(
                current_user,
                application,
                vardlots_id=form.vardlots.data,
                person_email=form.person_email.data or "",
                invite_applicant=bool(form.invite_applicant.data),
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Ja. %(name)s är patient nu.", name=patient.name), "success")
            for text in problems:
                flash(_("Inbjudan kunde inte skickas: %(why)s", why=text), "warning")
            return redirect(url_for("staff.patient", patient_id=patient.public_id))
    return _page(application, accept_form=form)


@bp.route("/ansokningar/<app_id>/nej", methods=["POST"])
@clinic_application(StaffRight.INVITATIONS)
def decline(application: Application):
    form = DeclineForm()
    if application.status is not ApplicationStatus.NEW:
        flash(_("Ansökan är redan besvarad."), "info")
        return redirect(url_for("apply_staff.application", app_id=application.public_id))
    if form.validate_on_submit():
        try:
            services.decline(current_user, application, reason=form.reason.data, answer=form.answer.data)
        except RuleError as problem:
            form.refuse(problem)
        else:
            if services.applicant_email(application):
                flash(_("Nej är sparat. Svaret skickas med e-post."), "success")
                return redirect(url_for("apply_staff.application", app_id=application.public_id))
            # No address: on to the letter, to print and post.
            flash(_("Nej är sparat. Skriv ut svaret och skicka det med post."), "success")
            return redirect(url_for("apply_staff.print_answer", app_id=application.public_id))
    return _page(application, decline_form=form)


@bp.route("/ansokningar/<app_id>/svar")
@clinic_application(StaffRight.CARE)
def print_answer(application: Application):
    """The answer as a letter to post: the no as the staff wrote it, the yes as the e-mail says it
    (without the invitation's link, which is for one person's own e-mail)."""
    if application.status is ApplicationStatus.DECLINED:
        body = application.answer
    elif application.status is ApplicationStatus.ACCEPTED:
        with force_locale(services.locale_of(application)):  # as the e-mail says it
            body = services.yes_letter(application)[1] + services.yes_ending(application)
    else:
        return redirect(url_for("apply_staff.application", app_id=application.public_id))
    decided = (application.decided_at or application.created_at).astimezone(CLINIC_ZONE)
    return render_template(
        "apply/staff_answer_print.html",
        application=application,
        clinic=application.clinic,
        to=services.recipient(application),
        body=body,
        day=format_date(decided.date(), "long"),
        page_title=_("Svar på ansökan till SMO"),
    )
