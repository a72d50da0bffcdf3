"""The home's tablet: its device token, the PIN, and the lock. Routes are in routes.py."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import current_app, g, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core.access import home_memberships
from ..core.drafts import keep_draft
from ..core.home_log import HomeEventKind, record_home_event
from ..extensions import db
from ..models import GroupHome, GroupHomeMember, HomeDevice, HomeDeviceUser, User, utcnow
from ..passwords import hash_password, verify_password
from ..tokens import hash_token, new_link_token

DEVICE_COOKIE = "lotsen_tablet"
DEVICE_COOKIE_DAYS = 400  # browsers keep a cookie at most this long
PIN_FAILURE_LIMIT = 10
# On the tablet a page counts as use to the second (not every 30 s, as elsewhere): the lock
# time is short, and the page's timer counts from when it was shown.
TOUCH_AGAIN = timedelta(seconds=2)
PIN_PATTERN = re.compile(r"[0-9]{4,6}")
# Pages that show no resident's data and that the lock page itself needs.
SETTING_BUTTONS = frozenset({"home.set_language", "home.toggle_preference"})
NO_LOCK_CHECK = frozenset({"static", "auth.logout", "home.health", "home.ready"})
OPEN_WHILE_LOCKED = frozenset(
    {
        "static",
        "tablet.locked",
        "auth.logout",
        "home.pictogram_sheet",
        "speech.clip",
        "speech.timings",
    }
)


# --- the device -----------------------------------------------------------------------------


def _device_from_cookie() -> HomeDevice | None:
    """The device this browser's cookie names, revoked or not (None: no cookie, or unknown)."""
    if "device_from_cookie" not in g:
        token = request.cookies.get(DEVICE_COOKIE, "")[:200]
        g.device_from_cookie = (
            db.session.scalar(select(HomeDevice).where(HomeDevice.token_hash == hash_token(token)))
            if token
            else None
        )
    return g.device_from_cookie


def this_device() -> HomeDevice | None:
    """The home's tablet this browser is, if it is one and has not been revoked."""
    device = _device_from_cookie()
    return device if device is not None and device.active else None


def device_problem() -> str | None:
    """Why this browser cannot take a PIN: "none" (not marked), "revoked"; None: it can."""
    device = _device_from_cookie()
    if device is None:
        return "none"
    return None if device.active else "revoked"


def membership(user: User, home_id: int) -> GroupHomeMember | None:
    """`user`'s work at the home now (None: they do not work there, or no longer)."""
    return next((m for m in home_memberships(user) if m.home_id == home_id), None)


def homes_of(user: User) -> list[GroupHome]:
    """The homes `user` works at now."""
    if not user.is_authenticated:
        return []
    return sorted({m.home for m in home_memberships(user)}, key=lambda home: home.name.casefold())


def works_at_a_home() -> bool:
    """For templates: whether the signed-in person works at a group home now."""
    return bool(homes_of(current_user))


def tablet_of(user: User) -> HomeDevice | None:
    """This browser, if it is the tablet of a home `user` works at now."""
    device = this_device()
    if device is None or not user.is_authenticated or membership(user, device.home_id) is None:
        return None
    return device


def minutes_words(minutes: int) -> str:
    """ "1 minut", "5 minuter": the lock time in words."""
    from flask_babel import ngettext

    return ngettext("%(num)d minut", "%(num)d minuter", minutes)


def tablet_lock_words() -> str | None:
    """For the sign-in pages: on the home's tablet, its lock time in words (None elsewhere)."""
    device = this_device()
    return minutes_words(device.home.lock_minutes) if device is not None else None


def tablet_here() -> bool:
    """For templates: this browser is a home's tablet (the sign-in page offers the PIN)."""
    return this_device() is not None


def mark_device(user: User, home: GroupHome, name: str) -> str:
    """Make this browser `home`'s tablet; returns the token for the cookie (only its hash is
    kept). The person marking it has signed in here, so their PIN works here from now on."""
    token = new_link_token()
    device = HomeDevice(home_id=home.id, name=name, token_hash=hash_token(token), created_by_id=user.id)
    db.session.add(device)
    db.session.flush()
    db.session.add(HomeDeviceUser(device_id=device.id, user_id=user.id))
    record_home_event(home, user, HomeEventKind.TABLET_MARKED, detail=name)
    db.session.commit()
    return token


def revoke_device(user: User, device: HomeDevice) -> None:
    device.revoked_at = utcnow()
    device.revoked_by_id = user.id
    record_home_event(device.home, user, HomeEventKind.TABLET_REMOVED, detail=device.name)
    db.session.commit()


def devices_of(home: GroupHome) -> list[HomeDevice]:
    """The home's tablets, those in use first, newest first."""
    devices = db.session.scalars(select(HomeDevice).where(HomeDevice.home_id == home.id)).all()
    return sorted(devices, key=lambda d: (d.revoked_at is not None, -d.id))


def set_device_cookie(response, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=int(timedelta(days=DEVICE_COOKIE_DAYS).total_seconds()),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def forget_device_cookie(response) -> None:
    response.delete_cookie(
        DEVICE_COOKIE, secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax"
    )


# --- the PIN ----------------------------------------------------------------------------------


def pin_problem(pin: str) -> str | None:
    """An easy word about a PIN that will not do (None: it will)."""
    from flask_babel import gettext as _

    if not PIN_PATTERN.fullmatch(pin or ""):
        return _("PIN-koden ska vara 4, 5 eller 6 siffror.")
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return _("Den PIN-koden är för lätt att gissa. Välj andra siffror.")
    return None


def set_pin(user: User, pin: str) -> None:
    user.pin_hash = hash_password(pin)
    user.pin_failures = 0
    db.session.commit()


def _signed_in_here(device: HomeDevice, user: User) -> HomeDeviceUser | None:
    return db.session.scalar(
        select(HomeDeviceUser).where(HomeDeviceUser.device_id == device.id, HomeDeviceUser.user_id == user.id)
    )


def after_sign_in(app, user: User) -> None:
    """flask_login's signal at every sign-in. A full sign-in (with the password) opens the PIN
    again after too many wrong ones, and makes the PIN work on this tablet from now on."""
    if g.get("pin_sign_in"):
        return
    user = db.session.get(User, user.id) or user  # the row in this request's session
    user.pin_failures = 0
    device = tablet_of(user)
    if device is not None:
        known = _signed_in_here(device, user)
        if known is None:
            db.session.add(HomeDeviceUser(device_id=device.id, user_id=user.id))
    db.session.commit()


KNOWN_PEOPLE_SHOWN = 24


def known_people(device: HomeDevice) -> list[User]:
    """The people the tablet's PIN sign-in offers by name (a tap instead of typing the e-mail):
    those who have signed in in full on this tablet, work at its home now and have a PIN. Names
    only, on the home's own tablet only: no e-mail is shown."""
    users = db.session.scalars(
        select(User)
        .join(HomeDeviceUser, HomeDeviceUser.user_id == User.id)
        .where(HomeDeviceUser.device_id == device.id, User.active.is_(True), User.pin_hash.is_not(None))
    ).all()
    people = [user for user in users if membership(user, device.home_id) is not None]
    return sorted(people, key=lambda user: user.name.casefold())[:KNOWN_PEOPLE_SHOWN]


def known_person(device: HomeDevice, public_id: str) -> User | None:
    return next((user for user in known_people(device) if user.public_id == public_id), None)


def check_pin(user: User, pin: str) -> str:
    """ "ok" for the right PIN; "wrong" (counted); "locked" once PIN_FAILURE_LIMIT wrong PINs in
    a row were typed (this one included): then only a full sign-in opens it again. The user's
    row is held for the check, so parallel guesses are counted one at a time."""
    db.session.refresh(user, with_for_update=True)
    if user.pin_failures >= PIN_FAILURE_LIMIT:
        db.session.commit()
        return "locked"
    if user.pin_hash and verify_password(user.pin_hash, pin):
        user.pin_failures = 0
        db.session.commit()
        return "ok"
    if not user.pin_hash:
        verify_password(None, pin)
    user.pin_failures += 1
    locked = user.pin_failures >= PIN_FAILURE_LIMIT
    if locked:
        current_app.logger.warning("PIN sign-in of %s locked after too many wrong PINs", user.public_id)
    db.session.commit()
    return "locked" if locked else "wrong"


def pin_sign_in(email: str, pin: str) -> tuple[str, User | None]:
    """Sign-in with e-mail and PIN on this tablet: ("ok", user), ("wrong", None) for anything
    that does not fit (no such person at this home, no PIN, never signed in in full here, a
    wrong PIN: only the last is counted),
    ("locked", None) after too many wrong PINs. The caller checked that this is a tablet."""
    device = this_device()
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if device is None or user is None or not user.active or membership(user, device.home_id) is None:
        verify_password(None, pin)
        return "wrong", None
    known = _signed_in_here(device, user)
    if known is None:  # the PIN works here only after one full sign-in here
        verify_password(None, pin)
        return "wrong", None
    outcome = check_pin(user, pin)
    if outcome != "ok":
        return outcome, None
    device.last_used_at = utcnow()
    db.session.commit()
    return "ok", user


# --- the lock ---------------------------------------------------------------------------------


def lock_guard():
    """Before every request: on the home's tablet, lock the session after the home's idle time,
    and while it is locked answer every page with the lock page (keeping what was posted)."""
    # Answered before the user is loaded: signing out is never locked and must work when the
    # database cannot be used just now, and the load balancer's health checks read no session.
    if request.endpoint in NO_LOCK_CHECK or not current_user.is_authenticated:
        return None
    record = g.get("auth_session")
    device = this_device() if record is not None else None
    if device is None:
        return None
    if membership(current_user, device.home_id) is None:
        # Removed from the home (its manager, or the clinic): a session on the home's tablet ends
        # at once, even at the lock, and says why. Anyone else is not the home's: no lock.
        return _sign_out_former_worker(device) if _worked_at(current_user, device.home_id) else None
    g.tablet = device
    if record.locked_at is None:
        idle = g.get("idle_for")
        endpoint = request.endpoint or ""
        if endpoint == "auth.extend_session":
            # The page's script tells how long ago the tablet was last touched (taps and typing
            # send nothing of their own): that use counts, if it came before the lock time.
            ago = used_ago()
            if idle is not None and ago is not None:
                # Never before the server last saw the tablet in use: a made-up number can
                # only bring the lock sooner, never end the session or hold the lock off.
                idle = g.used_ago = min(idle, ago)
        lock_after = timedelta(minutes=device.home.lock_minutes)
        if idle is None or idle < lock_after:
            if endpoint == "auth.session_status":
                g.lock_seconds_left = max(0, int((lock_after - (idle or timedelta())).total_seconds()))
            elif endpoint != "auth.extend_session" and idle is not None and idle > TOUCH_AGAIN:
                # On the tablet every page counts from now, to the second: the lock time is short,
                # and the page's timer counts from its own showing.
                record.last_seen = utcnow()
                db.session.commit()
            return None
        record.locked_at = utcnow()
        db.session.commit()
    endpoint = request.endpoint or ""
    if endpoint in OPEN_WHILE_LOCKED:
        return None
    if endpoint == "auth.session_status":
        return jsonify(signed_in=True, locked=True, lock_url=url_for("tablet.locked"))
    if request.method == "POST":
        # A header button (language, easy read, read-aloud) is not work to keep: it would change
        # the signed-in person's saved settings, and whoever stands at the lock may not be them.
        if request.form and not request.path.startswith("/session") and endpoint not in SETTING_BUTTONS:
            keep_draft(current_user.id, request.path, request.form)
        return redirect(url_for("tablet.locked", next=request.path))
    return redirect(url_for("tablet.locked", next=request.full_path.rstrip("?")))


def _worked_at(user: User, home_id: int) -> bool:
    """`user` worked at the home once (accepted, then ended), as against never having worked there."""
    return any(
        m.home_id == home_id and m.ended_at is not None and not m.invited_only
        for m in home_memberships(user, active_only=False)
    )


def _sign_out_former_worker(device: HomeDevice):
    """A person who no longer works at the tablet's home: signed out, nothing they post kept (it
    may be about a resident they may no longer help), and told why on the sign-in page."""
    from flask import flash
    from flask_babel import gettext as _

    from ..auth.services import end_session

    home_name = device.home.name
    end_session("left_home")
    flash(
        _(
            "Du arbetar inte längre på %(home)s. Därför är du utloggad. "
            "Tror du att det är fel? Fråga din chef.",
            home=home_name,
        ),
        "info",
    )
    return redirect(url_for("auth.login"))


def used_ago() -> timedelta | None:
    """The `ago` the tablet page's script sends with "still used": seconds since the last tap
    (0 at least). None: no tap reported (no number), which does not hold off the lock."""
    try:
        seconds = int(request.form.get("ago", "")[:6])
    except ValueError:
        return None
    return timedelta(seconds=max(seconds, 0))


def is_locked() -> bool:
    record = g.get("auth_session")
    return record is not None and record.locked_at is not None and g.get("tablet") is not None


def unlock(pin: str) -> str:
    """The PIN on the lock page: "ok" opens the session; "wrong" or "locked" (see check_pin)."""
    record = g.auth_session
    outcome = check_pin(current_user._get_current_object(), pin)
    if outcome == "ok":
        record.locked_at = None
        record.last_seen = utcnow()
        db.session.commit()
    return outcome
