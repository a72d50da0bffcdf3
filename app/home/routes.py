from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from .. import pictograms
from ..auth.services import safe_next
from ..contact import phone
from ..contact.forms import PhoneForm
from ..core import access
from ..core.audit_words import genitive
from ..errors import RETRY_AFTER_SECONDS
from ..health import check_database
from ..i18n import easy_languages, languages
from ..models import MandateStatus, Role
from ..tablet.services import tablet_here
from ..visits.reminders import wants_reminders
from . import bp, services
from .forms import RemindersForm, SettingsForm

# Who keeps a phone number in Lotsen (for "Ring upp mig"): patients and their helpers.
PHONE_ROLES = (Role.PATIENT, Role.REPRESENTATIVE)
# Each language card its own picture: a speech bubble with the land where it is spoken (no flags);
# a language added to the config later gets the general one until it has its own.
LANGUAGE_PICTOS = {"sv": "language-sv", "en": "language-en", "ar": "language-ar"}


@bp.get("/bilder/<version>.svg")
def pictogram_sheet(version: str):
    """Every picture's drawing, for staff pages to refer to (app/pictograms.py, "one sheet").
    Its address names its version, so the browser keeps it as long as it likes."""
    current, text = pictograms.sheet()
    if version != current:
        abort(404)
    response = current_app.response_class(text, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        if tablet_here():
            # The home's tablet is for its staff, who sign in many times a day: straight to the
            # PIN (found by a persona walk: every shift began on the residents' welcome page).
            return redirect(url_for("tablet.pin_sign_in"))
        return render_template("home/welcome.html", page_title=_("Välkommen till Lotsen"))
    if current_user.role is Role.STAFF:
        return redirect(url_for("staff.index"))
    if current_user.role is Role.ADMIN:
        return redirect(url_for("admin.index"))
    return my_pages()


@bp.route("/min-sida/")
@login_required
def my_pages():
    """The way in to the patient side: the patient's own pages, or the pages of the person a
    helper chose last (or helps alone). From here on the URL names the person."""
    if current_user.role not in (Role.PATIENT, Role.REPRESENTATIVE):
        return redirect(url_for("home.index"))
    patient = access.acting_patient()
    if patient is None:
        if current_user.role is Role.REPRESENTATIVE:
            return redirect(url_for("home.choose_patient"))
        abort(403)
    return redirect(url_for("patient.home", for_patient=patient.public_id))


@bp.get("/vem-jobbar-har")
@login_required
def team():
    """Vem jobbar här? (the address the admin's staff form names): the team of the clinic of the
    person one is (or helps, the one chosen last), or a staff member's own clinic's team."""
    if current_user.role is Role.STAFF:
        return redirect(url_for("staff.team_page"))
    if current_user.role is Role.ADMIN:
        return redirect(url_for("admin.staff_accounts"))
    patient = access.acting_patient()
    if patient is None:  # a helper who has not chosen whom to help yet
        return redirect(url_for("home.choose_patient"))
    return redirect(url_for("patient.team", for_patient=patient.public_id))


@bp.get("/min-sida/<path:rest>")
@login_required
def old_address(rest: str):
    """An address from before the person's id was part of it (a bookmark, an older e-mail):
    the same page for the person chosen last, whose name the banner then shows. Links only,
    never a form: a form always names its person."""
    patient = access.acting_patient() if current_user.role in (Role.PATIENT, Role.REPRESENTATIVE) else None
    if access.PUBLIC_ID.fullmatch(rest.split("/", 1)[0]):
        abort(404)
    if patient is None:
        if current_user.role is Role.REPRESENTATIVE:  # has not chosen anyone yet
            return redirect(url_for("home.choose_patient"))
        abort(404)
    target = f"/min-sida/{patient.public_id}/{rest}"
    try:
        endpoint, _values = current_app.url_map.bind("localhost").match(target, method="GET")
    except HTTPException:
        abort(404)
    if endpoint == request.endpoint:  # no such page: only this catch-all took it
        abort(404)
    query = request.query_string.decode("utf-8", "replace")
    return redirect(target + (f"?{query}" if query else ""))


@bp.get("/vem-hjalper-du")
@login_required
def choose_patient():
    """Whom a helper helps now. Each person is a link to their own pages, which can be opened in
    a tab of its own; opening them is choosing (app/core/access.py remembers it for the way in)."""
    if current_user.role is not Role.REPRESENTATIVE:
        abort(403)
    pairs = access.represented_patients(current_user)
    others = services.other_ties(current_user, access.today())
    return render_template(
        "home/choose_patient.html",
        pairs=pairs,
        others=others,
        managed=access.managed_membership(current_user),
        MandateStatus=MandateStatus,
        page_title=_("Vem hjälper du i dag?"),
    )


@bp.route("/sprak", methods=["POST"])
def set_language():
    if not services.set_language(request.form.get("language", "")):
        abort(400)
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))


@bp.route("/visning/<name>", methods=["POST"])
def toggle_preference(name: str):
    if not services.toggle(name):
        abort(404)
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))


@bp.route("/installningar", methods=["GET", "POST"])
def settings():
    form = SettingsForm(languages(), data=services.current_settings())
    if form.validate_on_submit():
        services.save_settings(
            language=form.language.data,
            easy_read=form.easy_read.data == "on",
            read_aloud=form.read_aloud.data == "on",
            speech_rate=form.speech_rate.data,
            text_size=form.text_size.data,
        )
        flash(_("Klart. Vi har sparat dina val."), "success")
        return redirect(url_for("home.settings"))
    return _settings_page(form)


def _settings_page(form: SettingsForm, phone_form=None, reminders_form=None):

    if phone_form is None and current_user.is_authenticated and current_user.role in PHONE_ROLES:
        phone_form = PhoneForm(formdata=None, phone=phone.display(current_user.phone or ""))
    codes = {code: code for code in languages()}
    # `form` is the one that failed, for the error summary and the "Fel:" title.
    failed = phone_form if phone_form is not None and phone_form.errors else form
    # A helper's own settings, and a way to the preferences of the person they help now.
    helping = (
        access.acting_patient()
        if current_user.is_authenticated and current_user.role is Role.REPRESENTATIVE
        else None
    )
    if reminders_form is None and current_user.is_authenticated and current_user.role in PHONE_ROLES:
        reminders_form = RemindersForm(
            formdata=None, visit_reminders="on" if wants_reminders(current_user) else "off"
        )
    if reminders_form is not None and reminders_form.errors:
        failed = reminders_form
    return render_template(
        "home/settings.html",
        form=failed,
        reminders_form=reminders_form,
        settings_form=form,
        page_title=_("Mina inställningar") if helping else _("Inställningar"),
        helping=helping,
        helping_whose=genitive(helping.display_name) if helping else "",
        language_codes=codes,
        language_pictos={code: LANGUAGE_PICTOS.get(code, "language") for code in codes},
        easy_read_here=str(get_locale()) in easy_languages(),
        phone_form=phone_form,
        phone_example=phone.EXAMPLE,
    )


@bp.route("/installningar/telefon", methods=["POST"])
@login_required
def settings_phone():
    """One's own phone number: seen and changed here, filled in by "Ring upp mig"."""
    if current_user.role not in PHONE_ROLES:
        abort(404)
    # "Ta bort numret" removes it whatever the field holds at the moment.
    removing = request.form.get("go") == "remove"
    phone_form = (
        PhoneForm(formdata=MultiDict({"csrf_token": request.form.get("csrf_token", ""), "phone": ""}))
        if removing
        else PhoneForm()
    )
    if phone_form.validate_on_submit():
        services.save_phone(current_user, phone_form.phone.data or "")
        flash(
            _("Klart. Vi har sparat ditt telefonnummer.")
            if current_user.phone
            else _("Klart. Ditt telefonnummer är borttaget."),
            "success",
        )
        return redirect(url_for("home.settings") + "#telefon")
    return _settings_page(SettingsForm(languages(), data=services.current_settings()), phone_form)


@bp.route("/installningar/paminnelser", methods=["POST"])
@login_required
def settings_reminders():
    """One's own reminders before a visit: an e-mail the day before and on the morning."""
    if current_user.role not in PHONE_ROLES:
        abort(404)
    reminders_form = RemindersForm()
    if reminders_form.validate_on_submit():
        services.save_reminders(current_user, reminders_form.visit_reminders.data == "on")
        flash(
            _("Klart. Du får en påminnelse före varje besök.")
            if wants_reminders(current_user)
            else _("Klart. Du får inga påminnelser före besök."),
            "success",
        )
        return redirect(url_for("home.settings") + "#paminnelser")
    return _settings_page(
        SettingsForm(languages(), data=services.current_settings()), reminders_form=reminders_form
    )


@bp.get("/halsa")
def health():
    """A trivial answer for load balancers and for the page benchmark to compare against."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/halsa/redo")
def ready():
    """Readiness for a load balancer: 200 only when the database answers and takes a committed
    write (app/health.py), else 503, so the instance is taken out until it can save again.
    Reads no session and sets no cookie; no rate limit; never cached."""
    from flask import current_app, g

    g._login_user = current_app.login_manager.anonymous_user()  # never look up a session
    problem = check_database()
    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    if problem is None:
        return "ok\n", 200, headers
    current_app.logger.warning("Not ready: the database cannot be written: %s", problem)
    return "unavailable\n", 503, {**headers, "Retry-After": str(RETRY_AFTER_SECONDS)}


@bp.route("/tillganglighet")
def accessibility():
    return render_template("pages/accessibility.html", page_title=_("Tillgänglighet för Lotsen"))


@bp.route("/personuppgifter")
def privacy():
    return render_template("pages/privacy.html", page_title=_("Så hanterar vi dina uppgifter"))
