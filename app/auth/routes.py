import math

from babel.dates import format_time
from flask import current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from ..mail import MailError
from ..models import utcnow
from ..passwords import password_problem
from ..templating import when
from . import bp, services
from .forms import ChoosePasswordForm, CodeForm, LoginForm, ResetRequestForm


def _account_key() -> str:
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def _pending_key() -> str:
    return "code:" + str((request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) or "")[:64])


def _failed(response) -> bool:
    """Only failed attempts count against the limits: a success redirects."""
    return response.status_code == 200


def _login_limit_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _login_limit_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _after_sign_in(user, next_url: str):
    if user.needs_second_factor:
        try:
            outcome = services.begin_second_factor(user, next_url)
        except MailError:
            flash(_("Vi kunde inte skicka koden just nu. Försök igen om en stund."), "error")
            return redirect(url_for("auth.login", next=next_url))
        if outcome == "open":
            flash(
                _("Vi har redan skickat en kod till dig. Den gäller fortfarande. Titta i din e-post."), "info"
            )
        return redirect(url_for("auth.code"))
    services.start_session(user)
    return redirect(next_url)


def _until_words(moment) -> str:
    """When a wait ends, as people say it: "i dag klockan 15:30", "i morgon klockan 0:42"."""
    local = to_user_timezone(moment)
    days = (local.date() - to_user_timezone(utcnow()).date()).days
    time = format_time(local, "HH:mm", locale=get_locale() or "sv")
    if days == 0:
        return _("i dag klockan %(time)s", time=time)
    if days == 1:
        return _("i morgon klockan %(time)s", time=time)
    return when(moment)


def _code_locked(user, until):
    """The code step is locked: what happened, until when, and where to get help. 429, so the
    limits on the code page (which count failures, answered with 200) are not spent by it."""
    minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
    return render_template(
        "auth/code_locked.html",
        until=_until_words(until),
        minutes=minutes,
        hours=math.ceil(minutes / 60),
        page_title=_("Inloggningen är låst en stund"),
    ), 429


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(_login_limit_account, key_func=_account_key, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit_address, methods=["POST"], deduct_when=_failed)
def login():
    form = LoginForm()
    next_url = services.safe_next(request.values.get("next"), url_for("home.index"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    if form.validate_on_submit():
        user = services.check_credentials(form.email.data, form.password.data)
        if user is not None:
            return _after_sign_in(user, next_url)
        form.password.errors.append(
            _("E-post eller lösenord stämmer inte. Försök igen. Eller be om ett nytt lösenord.")
        )
    form.next.data = next_url
    return render_template("auth/login.html", form=form, page_title=_("Logga in"))


@bp.route("/logga-in/kod", methods=["GET", "POST"])
@limiter.limit(_login_limit_account, key_func=_pending_key, methods=["POST"], deduct_when=_failed)
def code():
    user = services.pending_user()
    if user is None:
        flash(_("Logga in först. Sedan får du en kod."), "info")
        return redirect(url_for("auth.login"))
    step = services.code_step(user)
    if step.locked_until:
        return _code_locked(user, step.locked_until)
    form = CodeForm()
    if form.validate_on_submit():
        outcome = services.confirm_code(user, form.code.data)
        if outcome == "ok":
            pending = services.session.pop(services.PENDING_KEY)
            services.start_session(user)
            return redirect(services.safe_next(pending.get("next"), url_for("home.index")))
        if outcome == "locked":
            return _code_locked(user, services.code_step(user).locked_until)
        left = services.code_tries_left(user) if outcome == "wrong" else 0
        if left:
            form.code.errors.append(
                ngettext(
                    "Koden stämmer inte. Du kan försöka %(num)d gång till med den här koden.",
                    "Koden stämmer inte. Du kan försöka %(num)d gånger till med den här koden.",
                    left,
                )
            )
        else:
            form.code.errors.append(
                _("Den här koden går inte att använda längre. Logga in igen. Då får du en ny kod.")
            )
    elif request.method == "GET" and not step.code_open and step.next_code_at:
        return render_template(
            "auth/code_wait.html",
            next_code_at=_until_words(step.next_code_at),
            page_title=_("Vänta lite med en ny kod"),
        ), 429
    return render_template(
        "auth/code.html", form=form, email=user.email, page_title=_("Skriv koden från mejlet")
    )


@bp.route("/logga-ut", methods=["GET", "POST"])
def logout():
    """GET asks "Vill du logga ut?" (the header's Logga ut for patients and helpers leads here);
    POST signs out. "Det är inte jag" in the idle warning posts `why=not_me`: someone else is at
    the screen, and the next person is told to sign in as themself."""
    if request.method != "POST":  # GET or HEAD: only the question
        if not current_user.is_authenticated:
            return redirect(url_for("home.index"))
        back = services.safe_next(request.args.get("next"), url_for("home.index"))
        return render_template("auth/logout.html", back=back, page_title=_("Vill du logga ut?"))
    kept = False
    try:
        if current_user.is_authenticated:
            # The idle warning's buttons carry what was typed on the page behind it (lotsen.js):
            # kept for the signed-in person, as a timeout keeps it, and back when they sign in.
            kept = services.keep_typed_from_warning(current_user.id, request.form)
    except SQLAlchemyError:
        # The database cannot be used just now: signing out must still work (a shared tablet must
        # not stay signed in); the typed text cannot be kept.
        db.session.rollback()
        current_app.logger.warning("Signed out while the database cannot be used: the typed text is not kept")
    services.end_session()
    if request.form.get("why") == "not_me":
        flash(_("Nu är Lotsen stängd. Logga in som dig själv."), "success:door-out")
    else:
        flash(_("Du är utloggad."), "success:door-out")
    if kept:
        # Said to whoever stands at the screen: no name, no text, only that nothing is lost.
        flash(_("Det som skrevs finns kvar. Det kommer tillbaka när samma person loggar in."), "info")
    return redirect(url_for("home.index"))


@bp.route("/session")
def session_status():
    """For the idle warning: how long until sign-out. Reading it does not count as activity."""
    record = g.get("auth_session") if current_user.is_authenticated else None
    if record is None:
        return jsonify(signed_in=False)
    timeout = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    left = timeout - (utcnow() - record.last_seen).total_seconds()
    state = {
        "signed_in": True,
        "seconds_left": int(left),
        "warn_seconds": current_app.config["IDLE_WARNING_MINUTES"] * 60,
    }
    if g.get("lock_seconds_left") is not None:  # on a group home's tablet (app/tablet)
        state["lock_seconds_left"] = g.lock_seconds_left
    return jsonify(state)


@bp.route("/session/forlang", methods=["POST"])
@login_required
def extend_session():
    """ "Jag är kvar", or the tablet page's "still used" with `ago`, the seconds since the last
    tap (app/tablet counts it against the lock time; here it is when the session was last used)."""
    services.extend_session(g.auth_session, ago=g.get("used_ago"))
    return jsonify(signed_in=True)


@bp.route("/inbjudan/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def invitation(token: str):
    invite = services.find_invitation(token)
    if not services.invitation_usable(invite):
        return render_template("auth/invitation_invalid.html", page_title=_("Länken fungerar inte")), 404
    user = invite.user
    if user.password_hash:
        # The invitee already has an account: they accept while signed in as themself.
        if not current_user.is_authenticated or current_user.id != user.id:
            flash(_("Du har redan ett konto. Logga in. Sedan kan du ta emot inbjudan."), "info")
            return redirect(url_for("auth.login", next=request.path))
        if request.method == "POST":  # CSRFProtect has checked the token
            services.accept_invitation(invite, None)
            flash(_("Klart! Inbjudan är mottagen."), "success")
            return redirect(url_for("home.index"))
        return render_template("auth/invitation_accept.html", invite=invite, page_title=_("Ta emot inbjudan"))
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.password.data, email=user.email, name=user.name)
        if problem:
            form.password.errors.append(problem)
        else:
            services.accept_invitation(invite, form.password.data)
            flash(_("Välkommen till Lotsen! Nu har du ett lösenord."), "success")
            return _after_sign_in(user, url_for("home.index"))
    return render_template(
        "auth/invitation.html", form=form, invite=invite, page_title=_("Välkommen till Lotsen")
    )


@bp.route("/glomt-losenord", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(
            _("Om det finns ett konto med den e-posten, får det ett mejl nu. Öppna länken i mejlet."),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form, page_title=_("Glömt lösenordet?"))


@bp.route("/nytt-losenord/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def reset_password(token: str):
    record = services.find_reset(token)
    if record is None:
        return render_template("auth/invitation_invalid.html", page_title=_("Länken fungerar inte")), 404
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.password.data, email=record.user.email, name=record.user.name)
        if problem:
            form.password.errors.append(problem)
        else:
            services.complete_reset(record, form.password.data)
            flash(_("Klart! Nu har du ett nytt lösenord. Logga in med det."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, page_title=_("Välj ett nytt lösenord"))
