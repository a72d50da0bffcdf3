"""The tablet's pages: /surfplatta/ (mark this browser, the home's tablets), the PIN sign-in,
the lock page, and choosing one's PIN."""

from __future__ import annotations

from flask import abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from ..auth.services import end_session, safe_next, start_session
from ..core.access import acting_patient_access
from ..core.grants import Capability, Grant
from ..extensions import db, limiter
from ..models import HomeDevice
from ..templating import when
from . import bp, resident_bp, residents, services
from .forms import ChoosePinForm, MarkDeviceForm, PersonPinForm, PinSignInForm, UnlockForm


def _failed(response) -> bool:
    """Only failed attempts count against the limits: a success redirects."""
    return response.status_code == 200


def _account_key() -> str:
    """The account a PIN is tried for: its e-mail, or the person tapped on the tablet."""
    person = request.form.get("person", "")[:32]
    return "pin:" + (("person:" + person) if person else request.form.get("email", "").strip().lower()[:254])


def _user_key() -> str:
    return "unlock:" + (current_user.public_id if current_user.is_authenticated else "")


def _limit_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _limit_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _homes_or_403():
    homes = services.homes_of(current_user)
    if not homes:
        abort(403)
    return homes


@bp.route("/", methods=["GET", "POST"])
@login_required
def devices():
    """This browser as the home's tablet, and the tablets of the homes the person works at."""
    homes = _homes_or_403()
    form = MarkDeviceForm()
    form.home.choices = [SelectChoice(home.public_id, home.name) for home in homes]
    if len(homes) == 1 and request.method == "GET":
        form.home.data = homes[0].public_id
    if form.validate_on_submit():
        home = next(h for h in homes if h.public_id == form.home.data)
        token = services.mark_device(current_user, home, form.name.data)
        flash(_("Klart. Den här surfplattan är nu boendets surfplatta."), "success")
        response = make_response(redirect(url_for("tablet.devices")))
        services.set_device_cookie(response, token)
        return response
    return render_template(
        "tablet/devices.html",
        form=form,
        homes=homes,
        here=services.this_device(),
        devices={home.id: services.devices_of(home) for home in homes},
        when=when,
        page_title=_("Boendets surfplatta"),
    )


@bp.route("/<device_id>/ta-bort", methods=["POST"])
@login_required
def revoke(device_id: str):
    homes = _homes_or_403()
    device = db.session.scalar(select(HomeDevice).where(HomeDevice.public_id == device_id[:32]))
    if device is None or device.home_id not in {home.id for home in homes}:
        abort(404)
    if device.active:
        services.revoke_device(current_user, device)
    flash(_("Klart. %(name)s är inte boendets surfplatta längre.", name=device.name), "success")
    response = make_response(redirect(url_for("tablet.devices")))
    if services.this_device() is None or services.this_device().id == device.id:
        services.forget_device_cookie(response)
    return response


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(_limit_account, key_func=_account_key, methods=["POST"], deduct_when=_failed)
@limiter.limit(_limit_address, methods=["POST"], deduct_when=_failed)
def pin_sign_in():
    """On the home's tablet only (anywhere else, the usual sign-in page): tap your name among
    those who have signed in here (`?vem=`), or type your e-mail; then the PIN."""
    next_url = safe_next(request.values.get("next"), url_for("home.index"))
    problem = services.device_problem()
    if problem is not None:
        if problem == "revoked":
            flash(_("Den här surfplattan är inte boendets längre. Logga in med ditt lösenord."), "warning")
        else:
            flash(_("PIN-koden fungerar bara på boendets surfplatta. Logga in med ditt lösenord."), "info")
        return redirect(url_for("auth.login", next=next_url))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    device = services.this_device()
    if device is None:  # revoked between the two lookups
        return redirect(url_for("auth.login", next=next_url))
    person = services.known_person(device, request.values.get("person", request.args.get("vem", ""))[:32])
    form: PinSignInForm | PersonPinForm = PersonPinForm() if person is not None else PinSignInForm()
    if form.validate_on_submit():
        email = person.email if person is not None else form.email.data
        outcome, user = services.pin_sign_in(email, form.pin.data)
        if outcome == "ok" and user is not None:
            g.pin_sign_in = True
            start_session(user)
            return redirect(next_url)
        if outcome == "locked":
            flash(_("Du har skrivit fel PIN-kod för många gånger. Logga in med ditt lösenord."), "error")
            return redirect(url_for("auth.login", next=next_url))
        if person is not None:
            form.pin.errors.append(_("PIN-koden stämmer inte. Försök igen."))
        else:
            form.pin.errors.append(
                _(
                    "E-post eller PIN-kod stämmer inte. Försök igen. Första gången på den här "
                    "surfplattan loggar du in med ditt lösenord."
                )
            )
    form.next.data = next_url
    if person is not None:
        form.person.data = person.public_id
    return render_template(
        "tablet/pin_sign_in.html",
        form=form,
        home=device.home,
        person=person,
        people=services.known_people(device) if person is None else [],
        page_title=_("Logga in med PIN-kod"),
    )


@bp.route("/last", methods=["GET", "POST"])
@login_required
@limiter.limit(_limit_account, key_func=_user_key, methods=["POST"], deduct_when=_failed)
def locked():
    """The lock page: "Jonas Lund – är det du?". Shows nobody's data but the signed-in person's
    name; "Ja, fortsätt" takes the PIN, "Nej, logga ut" signs out (what was typed is kept)."""
    next_url = safe_next(request.values.get("next"), url_for("home.index"))
    if not services.is_locked():
        return redirect(next_url)
    g.acting_patient = None  # the banner must not name a resident
    form = UnlockForm()
    if form.validate_on_submit():
        outcome = services.unlock(form.pin.data)
        if outcome == "ok":
            return redirect(next_url)
        if outcome == "locked":
            end_session("pin_locked")
            flash(_("Du har skrivit fel PIN-kod för många gånger. Logga in med ditt lösenord."), "error")
            return redirect(url_for("auth.login", next=next_url))
        form.pin.errors.append(_("PIN-koden stämmer inte. Försök igen."))
    form.next.data = next_url
    return render_template(
        "tablet/locked.html",
        form=form,
        page_title=_("%(name)s – är det du?", name=current_user.name),
    )


@bp.route("/pin", methods=["GET", "POST"])
@login_required
def choose_pin():
    """Inställningar: the person's own PIN for the home's tablet."""
    _homes_or_403()
    form = ChoosePinForm()
    if form.validate_on_submit():
        problem = services.pin_problem(form.pin.data)
        if problem:
            form.pin.errors.append(problem)
        else:
            services.set_pin(current_user, form.pin.data)
            flash(_("Klart. Nu har du en PIN-kod för boendets surfplatta."), "success")
            return redirect(url_for("home.settings"))
    return render_template(
        "tablet/choose_pin.html", form=form, has_pin=bool(current_user.pin_hash), page_title=_("Din PIN-kod")
    )


@resident_bp.route("/foto", methods=["GET", "POST"])
@acting_patient_access(Capability.PREPARE_VISITS)
def resident_photo(grant: Grant):
    """A photo of the person for the tile they are chosen by, with their consent; or none."""
    return residents.photo_page(grant, done=url_for("home.choose_patient"))
