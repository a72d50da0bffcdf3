"""The clinic's pages about group homes (/personal/boenden/...), for staff whose duties include
the mandates (`StaffRight.MANDATES`): make and change a home, invite its manager, connect a
patient to a home with the home's mandate, and revoke that mandate."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core import audit
from ..core.access import StaffRight, patient_access, staff_clinic_id, staff_page
from ..core.grants import Capability, Grant
from ..core.words import SCOPE_WORDS
from ..models import GroupHome, HomeRole, MandateStatus, Scope
from ..staff.forms import RevokeMandateForm
from . import services
from . import staff_bp as bp
from .forms import HomeForm, HomeMandateForm
from .pages import invite_page


@bp.context_processor
def scope_helpers() -> dict:
    """A mandate's scopes in words, as on the staff's mandate pages."""
    return {"scope_words": lambda mandate: [SCOPE_WORDS[s] for s in Scope if s in mandate.scopes]}


def _home_or_404(home_id: str) -> GroupHome:
    home = services.find_home(staff_clinic_id(), home_id)
    if home is None:
        abort(404)
    return home


@bp.get("/boenden")
@staff_page(StaffRight.MANDATES)
def homes():
    return render_template(
        "grouphome/homes.html", homes=services.clinic_homes(staff_clinic_id()), page_title=_("Boenden")
    )


@bp.route("/boenden/nytt", methods=["GET", "POST"])
@staff_page(StaffRight.MANDATES)
def home_new():
    form = HomeForm()
    if form.validate_on_submit():
        home = services.save_home(
            GroupHome(clinic_id=staff_clinic_id()), **_home_fields(form), by=current_user
        )
        flash(_("Boendet %(name)s är sparat.", name=home.name), "success")
        return redirect(url_for("grouphome_staff.home", home_id=home.public_id))
    return render_template("grouphome/home_form.html", form=form, home=None, page_title=_("Nytt boende"))


@bp.get("/boenden/<home_id>")
@staff_page(StaffRight.MANDATES)
def home(home_id: str):
    home = _home_or_404(home_id)
    html = render_template(
        "grouphome/home.html", home=home, MandateStatus=MandateStatus, HomeRole=HomeRole, page_title=home.name
    )
    # The residents' names are patient data: a read for each of them.
    audit.log_list_read(current_user, home.clinic, home.residents, "grouphome_staff.home")
    return html


@bp.route("/boenden/<home_id>/andra", methods=["GET", "POST"])
@staff_page(StaffRight.MANDATES)
def home_edit(home_id: str):
    home = _home_or_404(home_id)
    form = HomeForm(obj=home if request.method == "GET" else None)
    if form.validate_on_submit():
        services.save_home(home, **_home_fields(form), by=current_user)
        flash(_("Boendet %(name)s är sparat.", name=home.name), "success")
        return redirect(url_for("grouphome_staff.home", home_id=home.public_id))
    return render_template(
        "grouphome/home_form.html", form=form, home=home, page_title=_("Ändra %(name)s", name=home.name)
    )


def _home_fields(form: HomeForm) -> dict:
    return {
        "name": form.name.data,
        "municipality": form.municipality.data,
        "address": form.address.data or "",
        "phone": form.phone.data or "",
        "lock_minutes": form.lock_minutes.data,
    }


@bp.route("/boenden/<home_id>/bjud-in-chef", methods=["GET", "POST"])
@staff_page(StaffRight.MANDATES, StaffRight.INVITATIONS)
def invite_manager(home_id: str):
    home = _home_or_404(home_id)
    return invite_page(
        home,
        HomeRole.MANAGER,
        back=url_for("grouphome_staff.home", home_id=home.public_id),
        page_title=_("Bjud in chefen för %(name)s", name=home.name),
    )


# --- a patient's home ---------------------------------------------------------------------------


@bp.route("/patienter/<patient_id>/boende", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES)
def patient_home(grant: Grant):
    patient = grant.patient
    homes = services.clinic_homes(patient.clinic_id)
    form = HomeMandateForm()
    form.home.choices = [(h.public_id, h.name) for h in homes]
    if form.validate_on_submit():
        home = next(h for h in homes if h.public_id == form.home.data)
        try:
            services.give_home_mandate(
                grant, home, {Scope(v) for v in form.scopes.data or []}, form.verification_note.data
            )
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Klart. Personalen på %(home)s kan nu hjälpa %(name)s.", home=home.name, name=patient.name),
                "success",
            )
            return redirect(url_for("grouphome_staff.patient_home", patient_id=patient.public_id))
    return render_template(
        "grouphome/patient_home.html",
        form=form,
        patient=patient,
        homes=homes,
        current=services.current_home_mandate(patient),
        MandateStatus=MandateStatus,
        page_title=_("Boende för %(name)s", name=patient.name),
    )


@bp.route("/patienter/<patient_id>/boende/<mandate_id>/aterkalla", methods=["GET", "POST"])
@patient_access(Capability.MANAGE, StaffRight.MANDATES)
def home_mandate_revoke(grant: Grant, mandate_id: str):
    patient = grant.patient
    mandate = services.find_home_mandate(patient, mandate_id)
    if mandate is None:
        abort(404)
    form = RevokeMandateForm()
    if form.validate_on_submit():
        try:
            services.revoke_home_mandate(grant, mandate, form.revoke_reason.data)
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _(
                    "Behörigheten är återkallad. Personalen på %(home)s kan inte längre hjälpa %(name)s.",
                    home=mandate.home.name,
                    name=patient.name,
                ),
                "success",
            )
            return redirect(url_for("grouphome_staff.patient_home", patient_id=patient.public_id))
    return render_template(
        "grouphome/home_mandate_revoke.html",
        form=form,
        patient=patient,
        mandate=mandate,
        active=mandate.status is MandateStatus.ACTIVE,
        page_title=_("Återkalla behörigheten för %(home)s", home=mandate.home.name),
    )
