"""The admin area: clinics and staff accounts. No patient data is shown here, ever.

Routes are thin: form -> service -> flash -> redirect. An unknown id answers 404; a refused rule
is shown at its field with nothing changed. The page with a new invitation link is rendered
straight from the POST, because the link is never stored.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import notices, photos
from ..charts import legend_swatch
from ..clinic_words import fill_form, form_texts
from ..core.audit import PROFESSION_WORDS
from ..core.rules import RuleError
from ..core.words import duty_words
from ..extensions import db
from ..models import Clinic, Role, StaffMember, User, utcnow
from ..qr import qr_svg
from ..staff.photos import remove_staff_photo
from ..stats import region as stats_region
from ..stats.forms import period_form
from ..stats.log import log_clinic_read
from ..stats.pages import csv_filename, period_note, table_csv
from ..stats.tables import month_label
from . import bp, services
from .forms import ClinicForm, EntrancePhotoForm, NewStaffForm, StaffFilterForm, StaffForm

NO_DUTIES_WARNING = _l(
    "Kontot har inga uppdrag. Personen kan logga in men ser inga uppgifter om patienter "
    "förrän du väljer minst ett uppdrag."
)


@bp.before_request
@login_required
def require_admin():
    if current_user.role is not Role.ADMIN:
        abort(403)


@bp.context_processor
def admin_helpers():
    return {
        "profession_word": lambda staff: PROFESSION_WORDS[staff.profession],
        "duty_words": lambda staff: duty_words(staff.duties),
        "no_duties_warning": NO_DUTIES_WARNING,
        "chart_swatch": legend_swatch,
        "month_label": month_label,
    }


def _admin() -> User:
    return current_user._get_current_object()


def _clinic_or_404(public_id: str) -> Clinic:
    clinic = services.find_clinic(public_id)
    if clinic is None:
        abort(404)
    return clinic


def _staff_or_404(public_id: str) -> StaffMember:
    staff = services.find_staff(public_id)
    if staff is None:
        abort(404)
    return staff


def _invitation_page(staff: StaffMember, link: str):
    """The new link and its QR code, shown once: only its hash is stored."""
    name = staff.user.name
    return render_template(
        "admin/invitation.html",
        staff=staff,
        link=link,
        qr=qr_svg(link, _("QR-kod med inbjudningslänken till %(name)s", name=name)),
        page_title=_("Inbjudan till %(name)s", name=name),
    )


# --- the overview -------------------------------------------------------------------------------


@bp.route("/")
def index():
    return render_template(
        "admin/index.html", summaries=services.clinic_summaries(), waiting_mail=notices.waiting_count()
    )


# --- e-mail notices that have not reached the mail server ---------------------------------------


@bp.route("/e-post")
def mail_waiting():
    return render_template(
        "admin/mail_waiting.html",
        rows=notices.waiting(),
        mask=services.mask_address,
        page_title=_("E-post som väntar"),
    )


@bp.route("/e-post/skicka", methods=["POST"])
def mail_retry():
    sent, failed = notices.send_waiting(limit=500, everything=True)
    if failed:
        flash(
            _(
                "%(sent)d e-brev skickades. %(failed)d kunde inte skickas: e-postservern svarar "
                "inte. Lotsen försöker igen senare.",
                sent=sent,
                failed=failed,
            ),
            "error",
        )
    else:
        flash(_("%(sent)d e-brev skickades.", sent=sent), "success")
    return redirect(url_for("admin.mail_waiting"))


# --- clinics ------------------------------------------------------------------------------------


def _clinic_details(form: ClinicForm) -> services.ClinicDetails:
    return services.ClinicDetails(
        name=form.name.data,
        county_part=form.county_part.data,
        phone=form.phone.data,
        opening_hours=form.opening_hours.data or "",
        vardlots_email=form.vardlots_email.data,
        health_check_months=form.health_check_months.data,
        address=form.address.data or "",
        opening_hours_forms=form_texts(form, "opening_hours"),
    )


@bp.route("/vardcentraler")
def clinics():
    return render_template("admin/clinics.html", clinics=services.all_clinics())


@bp.route("/vardcentraler/ny", methods=["GET", "POST"])
def clinic_new():
    form = ClinicForm()
    if form.validate_on_submit():
        try:
            clinic = services.create_clinic(_clinic_details(form))
        except services.AdminRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Vårdcentralen %(name)s är tillagd.", name=clinic.name), "success")
            return redirect(url_for("admin.clinics"))
    return render_template(
        "admin/clinic_form.html", form=form, clinic_form=form, clinic=None, page_title=_("Ny vårdcentral")
    )


@bp.route("/vardcentraler/<clinic_id>", methods=["GET", "POST"])
def clinic_edit(clinic_id: str):
    clinic = _clinic_or_404(clinic_id)
    form = ClinicForm(obj=clinic if request.method == "GET" else None)
    if request.method == "GET":
        fill_form(form, clinic, "opening_hours")
    if form.validate_on_submit():
        try:
            services.update_clinic(clinic, _clinic_details(form))
        except services.AdminRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Ändringarna för %(name)s är sparade.", name=clinic.name), "success")
            return redirect(url_for("admin.clinics"))
    return _clinic_edit_page(clinic, form, EntrancePhotoForm(formdata=None))


def _clinic_edit_page(clinic: Clinic, form: ClinicForm, photo_form: EntrancePhotoForm):
    return render_template(
        "admin/clinic_form.html",
        form=photo_form if photo_form.errors else form,
        clinic_form=form,
        photo_form=photo_form,
        clinic=clinic,
        page_title=_("Ändra %(name)s", name=clinic.name),
    )


@bp.route("/vardcentraler/<clinic_id>/ingang", methods=["POST"])
def clinic_entrance(clinic_id: str):
    """The photo of the clinic's entrance that patients see on the kallelse: chosen, or removed."""
    clinic = _clinic_or_404(clinic_id)
    photo_form = EntrancePhotoForm()
    removing = request.form.get("go") == "remove"
    if photo_form.validate_on_submit():
        data = b"" if removing else photos.read_upload(photo_form.photo.data)
        try:
            if not data and not removing:
                raise RuleError(_("Välj ett foto först."), field="photo")
            services.set_entrance_photo(clinic, current_user, data)
        except RuleError as problem:
            photo_form.refuse(problem)
        else:
            done = _("Fotot av ingången är borttaget.") if removing else _("Fotot av ingången är sparat.")
            flash(done, "success")
            return redirect(url_for("admin.clinic_edit", clinic_id=clinic.public_id) + "#ingang")
    form = ClinicForm(obj=clinic)
    fill_form(form, clinic, "opening_hours")
    return _clinic_edit_page(clinic, form, photo_form)


# --- staff accounts -----------------------------------------------------------------------------


def _staff_details(form: NewStaffForm | StaffForm) -> services.StaffDetails:
    return services.StaffDetails(
        name=form.name.data,
        clinic_id=form.clinic.data,
        profession=form.profession.data,
        presentation=form.presentation.data or "",
        gender=form.gender.data,
        duties=list(form.duties.data or []),
    )


@bp.route("/personal")
def staff_accounts():
    chosen = request.args.get("vardcentral", "")
    clinic = _clinic_or_404(chosen) if chosen else None
    form = StaffFilterForm(formdata=request.args)
    form.vardcentral.choices = services.clinic_choices(first=_("Alla vårdcentraler"))
    title = _("Personalkonton på %(clinic)s", clinic=clinic.name) if clinic else _("Personalkonton")
    return render_template(
        "admin/staff_accounts.html",
        form=form,
        clinic=clinic,
        staff=services.staff_members(clinic),
        page_title=title,
    )


@bp.route("/personal/ny", methods=["GET", "POST"])
def staff_new():
    form = NewStaffForm()
    form.clinic.choices = services.clinic_choices(first=_("Välj vårdcentral"))
    if form.validate_on_submit():
        try:
            staff, link = services.create_staff(_staff_details(form), form.email.data, _admin())
        except services.AdminRuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _(
                    "Kontot för %(name)s är skapat. Vi har mejlat en inbjudan till %(email)s.",
                    name=staff.user.name,
                    email=staff.user.email,
                ),
                "success",
            )
            return _invitation_page(staff, link)
    return render_template("admin/staff_new.html", form=form, page_title=_("Nytt personalkonto"))


@bp.route("/personal/<staff_id>", methods=["GET", "POST"])
def staff_edit(staff_id: str):
    staff = _staff_or_404(staff_id)
    data = None
    if request.method == "GET":
        data = {
            "name": staff.user.name,
            "clinic": staff.clinic.public_id,
            "profession": staff.profession.value,
            "presentation": staff.presentation,
            "gender": staff.gender.value,
            "duties": list(staff.duties or []),
        }
    form = StaffForm(data=data)
    form.clinic.choices = services.clinic_choices()
    if form.validate_on_submit():
        try:
            services.update_staff(staff, _staff_details(form), _admin())
        except services.AdminRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Ändringarna för %(name)s är sparade.", name=staff.user.name), "success")
            if not staff.duties:
                flash(str(NO_DUTIES_WARNING), "warning")
            return redirect(url_for("admin.staff_edit", staff_id=staff.public_id))
    return render_template(
        "admin/staff_edit.html",
        form=form,
        staff=staff,
        page_title=_("Personalkonto för %(name)s", name=staff.user.name),
    )


@bp.route("/personal/<staff_id>/inaktivera", methods=["POST"])
def staff_deactivate(staff_id: str):
    staff = _staff_or_404(staff_id)
    try:
        services.deactivate_staff(staff, _admin())
    except services.AdminRuleError as problem:
        db.session.rollback()
        flash(problem.message, "error")
    else:
        flash(
            _("Kontot för %(name)s är inaktiverat. Personen kan inte logga in längre.", name=staff.user.name),
            "success",
        )
    return redirect(url_for("admin.staff_edit", staff_id=staff.public_id))


@bp.route("/personal/<staff_id>/aktivera", methods=["POST"])
def staff_reactivate(staff_id: str):
    staff = _staff_or_404(staff_id)
    services.reactivate_staff(staff, _admin())
    if staff.user.password_hash:
        flash(
            _("Kontot för %(name)s är aktivt igen. Personen kan logga in.", name=staff.user.name), "success"
        )
    else:
        flash(
            _(
                "Kontot för %(name)s är aktivt igen. Skicka en ny inbjudan, så att personen "
                "kan välja ett lösenord.",
                name=staff.user.name,
            ),
            "success",
        )
    return redirect(url_for("admin.staff_edit", staff_id=staff.public_id))


@bp.route("/personal/<staff_id>/ta-bort-foto", methods=["POST"])
def staff_photo_remove(staff_id: str):
    """An unsuitable photo can be taken away by the admin; staff choose a new one themselves."""
    staff = _staff_or_404(staff_id)
    remove_staff_photo(staff)
    flash(_("Fotot för %(name)s är borttaget.", name=staff.user.name), "success")
    return redirect(url_for("admin.staff_edit", staff_id=staff.public_id))


@bp.route("/personal/<staff_id>/ny-inbjudan", methods=["POST"])
def staff_reinvite(staff_id: str):
    staff = _staff_or_404(staff_id)
    try:
        link = services.reinvite_staff(staff, _admin())
    except services.AdminRuleError as problem:
        db.session.rollback()
        flash(problem.message, "error")
        return redirect(url_for("admin.staff_edit", staff_id=staff.public_id))
    flash(
        _(
            "En ny inbjudan är mejlad till %(email)s. Den gamla länken fungerar inte längre.",
            email=staff.user.email,
        ),
        "success",
    )
    return _invitation_page(staff, link)


# --- the region's statistics --------------------------------------------------------------------


@bp.route("/statistik")
def statistics():
    form, period = period_form(request.args)
    tables, chart, shown = ([], None, []) if period is None else stats_region.tables_and_chart(period)
    page = render_template(
        "stats/admin.html",
        form=form,
        period=period,
        tables=tables,
        chart=chart,
        hiding_rules=stats_region.HIDING_RULES,
        counted_at=utcnow(),
        page_title=_("Statistik för regionen"),
    )
    month = period.first.key if period is not None else None
    log_clinic_read(_admin(), shown, "admin.statistics", month or "")
    return page


@bp.route("/statistik/<table_key>.csv")
def statistics_csv(table_key: str):
    _form, period = period_form(request.args)
    if period is None:
        abort(404)
    tables, _chart, shown = stats_region.tables_and_chart(period)
    table = next((t for t in tables if t.key == table_key), None)
    if table is None:
        abort(404)
    notes = [period_note(period), *stats_region.HIDING_RULES]
    response = table_csv(table, csv_filename("region", table, period), notes)
    log_clinic_read(_admin(), shown, "admin.statistics_csv", table.key)
    return response
