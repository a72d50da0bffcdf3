"""Signing in and out: server-side sessions, idle timeout, staff codes, invitations, resets."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user
from limits import parse_many
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from .. import mail, notices
from ..core.drafts import ANNOUNCE_KEY, DRAFT_MAX_CHARS, keep_draft
from ..core.home_log import HomeEventKind, record_home_event
from ..core.urls import external_url
from ..demo import DEMO_PASSWORD
from ..extensions import db
from ..models import (
    AuthSession,
    Clinic,
    Invitation,
    LoginCode,
    MandateStatus,
    PasswordReset,
    User,
    utcnow,
)
from ..passwords import hash_password, needs_rehash, verify_password
from ..templating import when
from ..tokens import hash_code, hash_token, new_code, new_link_token, same

PENDING_KEY = "pending_second_factor"
# Session keys that survive the rotation at sign-in (choices made before signing in).
KEPT_ON_ROTATION = ("language", "easy_read", "read_aloud", "text_size", "_flashes")
MAX_CODE_ATTEMPTS = 5
DRAFT_GRACE = timedelta(hours=24)  # how long after a timeout a late post is still kept


# --- sessions ----------------------------------------------------------------------------------


def init_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "auth.login"
    manager.login_message = _l("Logga in för att se sidan.")
    manager.login_message_category = "info"
    manager.session_protection = None  # the server-side session record does this job
    manager.user_loader(load_user)
    manager.unauthorized_handler(unauthorized)


def load_user(token: str) -> User | None:
    record = db.session.scalar(
        select(AuthSession)
        .options(joinedload(AuthSession.user))
        .where(AuthSession.token_hash == hash_token(token))
    )
    if record is None or not record.user.active:
        return None
    now = utcnow()
    if record.ended_at is not None:
        if record.end_reason == "idle" and now - record.ended_at < DRAFT_GRACE:
            # Already timed out (the warning script asked): a late post is still kept.
            g.timed_out_user_id = record.user_id
        return None
    idle = timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    if now - record.last_seen > idle:
        record.ended_at = now
        record.end_reason = "idle"
        db.session.commit()
        g.timed_out_user_id = record.user_id
        return None
    g.idle_for = now - record.last_seen  # for the home tablet's lock (app/tablet)
    # What is done on a locked tablet's lock page is not activity: the session still ends at
    # its idle timeout from the moment it was last used unlocked.
    if (
        request.endpoint != "auth.session_status"
        and record.locked_at is None
        and now - record.last_seen > timedelta(seconds=30)
    ):
        record.last_seen = now
        db.session.commit()
    user = record.user
    user.session_token = token
    g.auth_session = record
    return user


def unauthorized():
    """Send the visitor to sign in; after a timeout, keep what they had just posted."""
    timed_out = g.get("timed_out_user_id")
    if timed_out:
        if (
            request.method == "POST"
            and request.form
            and not keep_draft(timed_out, request.path, request.form)
        ):
            flash(
                _(
                    "Du var borta en stund. Därför loggade vi ut dig. Logga in igen. Det du "
                    "skickade var för stort. Därför kunde vi inte spara det."
                ),
                "warning",
            )
        else:
            flash(
                _("Du var borta en stund. Därför loggade vi ut dig. Logga in igen. Det du skrev finns kvar."),
                "info",
            )
    else:
        flash(_("Logga in för att se sidan."), "info")
    back = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect(url_for("auth.login", next=back))


def start_session(user: User) -> None:
    """Sign the user in with a fresh server-side session (the old cookie content is dropped)."""
    token = new_link_token()
    now = utcnow()
    db.session.add(AuthSession(token_hash=hash_token(token), user_id=user.id, last_seen=now))
    db.session.commit()  # first: if the database cannot take it, the old session (and with it
    # the form's CSRF token) is still there for the same form once it can
    kept = {key: session[key] for key in KEPT_ON_ROTATION if key in session}
    session.clear()
    session.update(kept)
    user.session_token = token
    login_user(user)
    session[ANNOUNCE_KEY] = True  # the first page shown says if something typed before is kept


def extend_session(record: AuthSession, ago: timedelta | None = None) -> None:
    """ "Jag är kvar": the idle time starts again from now (or from `ago` before now: the last
    tap on a tablet page, which its script reports a little later)."""
    record.last_seen = utcnow() - (ago or timedelta())
    db.session.commit()


def end_all_sessions(user: User, reason: str) -> None:
    """End every open session of `user` (the caller commits): their next request signs in anew."""
    now = utcnow()
    for open_session in db.session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.ended_at.is_(None))
    ):
        open_session.ended_at = now
        open_session.end_reason = reason


def end_session(reason: str = "signed_out") -> None:
    """Sign out: end the server-side session and forget the browser's. When the database cannot
    be used just now, the browser's session is forgotten all the same (a shared tablet must not
    stay signed in), and the server-side record ends at its idle timeout."""
    from flask_login import current_user

    kept = {key: session[key] for key in KEPT_ON_ROTATION if key in session and key != "_flashes"}
    try:
        user = current_user._get_current_object()  # loads the user and the session record
        record = g.get("auth_session")
        if record is not None and record.ended_at is None:
            record.ended_at = utcnow()
            record.end_reason = reason
            db.session.commit()
        if user.is_authenticated:
            kept = {
                "language": user.language,
                "easy_read": user.easy_read,
                "read_aloud": user.read_aloud,
                "text_size": user.text_size.value,
            }
    except SQLAlchemyError as problem:
        db.session.rollback()
        current_app.logger.warning(
            "Signed out while the database cannot be used (%s): the session record ends at its idle timeout",
            type(problem).__name__,
        )
        g._login_user = current_app.login_manager.anonymous_user()  # no second try to load it
    logout_user()
    session.clear()
    session.update({key: value for key, value in kept.items() if value is not None})


def keep_typed_from_warning(user_id: int, posted) -> bool:
    """Keep the form the idle warning's "Logga ut" or "Det är inte jag" sent along (`draft_path`:
    the address the form posts to; `draft`: its fields as JSON, {name: [values]}) as a draft for
    `user_id`. Anything malformed is dropped quietly: signing out must never fail."""
    path = safe_next(posted.get("draft_path"), "")
    raw = posted.get("draft", "")
    if not path or not raw or len(raw) > DRAFT_MAX_CHARS:
        return False
    try:
        fields = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(fields, dict):
        return False
    pairs = [
        (str(key), value)
        for key, values in fields.items()
        if isinstance(values, list)
        for value in values
        if isinstance(value, str)
    ]
    if not pairs:
        return False
    return keep_draft(user_id, urlsplit(path).path, MultiDict(pairs))


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: never another host, never a scheme-relative URL."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or len(target) > 2000:
        return default
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default  # a newline would break the redirect header
    return target.rstrip("?") or default


# --- password sign-in ---------------------------------------------------------------------------


def check_credentials(email: str, password: str) -> User | None:
    if not current_app.config["ALLOW_DEMO_DATA"] and password == DEMO_PASSWORD:
        return None  # demo accounts never work in production, even if someone loaded them
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        verify_password(None, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


# --- the e-mailed code (staff and admins) -------------------------------------------------------
#
# Someone who has the password could otherwise guess codes without end: five tries per code, and
# a new code for every sign-in. So wrong codes count per account, across codes, sessions and
# addresses (the database holds the count, not the session or a rate limit per address):
# LOGIN_CODE_FAILURE_LIMIT wrong codes (for codes sent within its period) lock the code step for
# LOGIN_CODE_LOCK_MINUTES, and each further lock that follows within a day lasts twice as long
# (at most a day). While locked no code is checked and none is sent; the account owner is told by
# e-mail. Codes are sent at most LOGIN_CODE_SEND_LIMIT times (codes not used to sign in count), so
# asking again and again neither floods the mailbox nor gives fresh tries: the code already sent
# stays the one to use. A new password ends a lock: the lock is against someone who knows the
# old one. Each check holds the user's row (FOR UPDATE; SQLite's writes are serialised anyway),
# so parallel guesses are counted one at a time.

MAX_LOCK = timedelta(days=1)


@dataclass(frozen=True)
class CodeStep:
    """Where a half-done sign-in stands: locked, or waiting for a code that may be sent later."""

    locked_until: datetime | None  # the code step is locked until then
    code_open: bool  # a code was sent that can still be typed in
    next_code_at: datetime | None  # no new code can be sent before then (None: one can now)


def _limits(name: str):
    return parse_many(current_app.config[name])


def _counting_from(user: User, seconds: int, now: datetime) -> datetime:
    """Where a limit's period starts: what came before the end of the last lock no longer counts."""
    start = now - timedelta(seconds=seconds)
    if user.code_locked_until is not None and user.code_locked_until > start:
        return min(user.code_locked_until, now)
    return start


def _locked_until(user: User, now: datetime) -> datetime | None:
    until = user.code_locked_until
    return until if until is not None and until > now else None


def _open_code(user: User, now: datetime) -> LoginCode | None:
    """The newest code of the user, if it can still be typed in."""
    record = db.session.scalar(
        select(LoginCode)
        .where(LoginCode.user_id == user.id, LoginCode.used_at.is_(None))
        .order_by(LoginCode.id.desc())
        .limit(1)
    )
    if record is None or record.expires_at <= now or record.failed_attempts >= MAX_CODE_ATTEMPTS:
        return None
    return record


def _next_code_at(user: User, now: datetime) -> datetime | None:
    """When the next code may be sent, if not now: codes sent and not signed in with count."""
    latest = None
    for limit in _limits("LOGIN_CODE_SEND_LIMIT"):
        seconds = limit.get_expiry()
        sent = list(
            db.session.scalars(
                select(LoginCode.created_at)
                .where(
                    LoginCode.user_id == user.id,
                    LoginCode.confirmed_at.is_(None),
                    LoginCode.created_at > _counting_from(user, seconds, now),
                )
                .order_by(LoginCode.created_at.desc())
                .limit(limit.amount)
            )
        )
        if len(sent) >= limit.amount:
            free = sent[-1] + timedelta(seconds=seconds)
            latest = free if latest is None else max(latest, free)
    return latest


def code_step(user: User) -> CodeStep:
    now = utcnow()
    return CodeStep(
        locked_until=_locked_until(user, now),
        code_open=_open_code(user, now) is not None,
        next_code_at=_next_code_at(user, now),
    )


def _hold(user: User) -> None:
    """Take the user's row for the rest of the transaction, and read it afresh."""
    db.session.refresh(user, with_for_update=True)


def begin_second_factor(user: User, next_url: str) -> str:
    """Mail a 6-digit code; the sign-in completes only when it is typed in.

    Returns "sent"; "open" when no new code may be sent yet but the one sent still works;
    "wait" when no code may be sent yet and none works; "locked" while the code step is locked.
    The sign-in is pending in every case (the code page says what to do). Raises
    mail.MailError when the code cannot be sent; then nothing is pending.
    """
    session.pop(PENDING_KEY, None)
    _hold(user)
    now = utcnow()
    if _locked_until(user, now):
        outcome = "locked"
    elif _next_code_at(user, now):
        outcome = "open" if _open_code(user, now) else "wait"
    else:
        outcome = "sent"
    if outcome != "sent":
        db.session.commit()
        _set_pending(user, next_url)
        return outcome
    code = new_code()
    minutes = current_app.config["LOGIN_CODE_MINUTES"]
    record = LoginCode(
        user_id=user.id, code_hash=hash_code(code), expires_at=now + timedelta(minutes=minutes)
    )
    db.session.add(record)
    db.session.commit()  # counted from now on, so a sign-in at the same moment waits for it
    try:
        mail.send(
            user.email,
            _("Din kod till Lotsen"),
            _(
                "Din kod är %(code)s. Den gäller i %(minutes)d minuter och kan användas en gång.",
                code=code,
                minutes=minutes,
            ),
        )
    except mail.MailError:
        db.session.delete(record)  # never arrived: it neither works nor counts
        db.session.commit()
        raise
    for old in db.session.scalars(
        select(LoginCode).where(
            LoginCode.user_id == user.id, LoginCode.used_at.is_(None), LoginCode.id != record.id
        )
    ):
        old.used_at = now  # only the newest code works
    db.session.commit()
    _set_pending(user, next_url)
    return "sent"


def _set_pending(user: User, next_url: str) -> None:
    # Bound to the password it was begun with (keyed, since the cookie can be read): once the
    # password changes, a sign-in half done with the old one cannot try the owner's new codes.
    session[PENDING_KEY] = {
        "user": user.public_id,
        "next": next_url,
        "with": hash_code(user.credentials_fingerprint),
    }


def pending_user() -> User | None:
    """The user of the sign-in waiting for its code, if it may still go on."""
    pending = session.get(PENDING_KEY)
    if not pending:
        return None
    user = db.session.scalar(select(User).where(User.public_id == pending.get("user")))
    if (
        user is None
        or not user.active
        or not same(str(pending.get("with", "")), hash_code(user.credentials_fingerprint))
    ):
        return None
    return user


def code_tries_left(user: User) -> int:
    """How many more tries the code the user has now allows (0: none works, ask for a new one)."""
    record = _open_code(user, utcnow())
    return MAX_CODE_ATTEMPTS - record.failed_attempts if record is not None else 0


def confirm_code(user: User, code: str) -> str:
    """ "ok" once for the right, unexpired, unused code; "wrong" for another code; "spent" when no
    code can be used (five wrong tries spend one; too old; replaced by a newer one); "locked"
    while the code step is locked, and when this wrong code locks it."""
    _hold(user)
    now = utcnow()
    if _locked_until(user, now):
        db.session.commit()
        return "locked"
    record = _open_code(user, now)
    if record is None:
        db.session.commit()
        return "spent"  # no code to guess (used up, too old or replaced): nothing to count
    if same(record.code_hash, hash_code(code.strip())):
        record.used_at = record.confirmed_at = now
        db.session.commit()
        return "ok"
    record.failed_attempts += 1
    if record.failed_attempts >= MAX_CODE_ATTEMPTS:
        record.used_at = now
    db.session.flush()
    if _too_many_wrong_codes(user, now):
        _lock_code_step(user, now)
        db.session.commit()
        return "locked"
    db.session.commit()
    return "wrong"


def _too_many_wrong_codes(user: User, now: datetime) -> bool:
    for limit in _limits("LOGIN_CODE_FAILURE_LIMIT"):
        wrong = db.session.scalar(
            select(func.coalesce(func.sum(LoginCode.failed_attempts), 0)).where(
                LoginCode.user_id == user.id,
                LoginCode.created_at > _counting_from(user, limit.get_expiry(), now),
            )
        )
        if wrong >= limit.amount:
            return True
    return False


def _lock_code_step(user: User, now: datetime) -> None:
    """Lock the code step (the caller holds the row and commits), spend the open codes, and
    tell the account owner (in their language, not the one of whoever typed the codes)."""
    in_a_row = (
        user.code_locks
        if (user.code_locked_until is not None and now - user.code_locked_until < MAX_LOCK)
        else 0
    )
    minutes = current_app.config["LOGIN_CODE_LOCK_MINUTES"] * 2 ** min(in_a_row, 10)
    until = now + min(timedelta(minutes=minutes), MAX_LOCK)
    user.code_locked_until, user.code_locks = until, in_a_row + 1
    for record in db.session.scalars(
        select(LoginCode).where(LoginCode.user_id == user.id, LoginCode.used_at.is_(None))
    ):
        record.used_at = now
    current_app.logger.warning(
        "Sign-in code step of account %s locked until %s after too many wrong codes",
        user.public_id,
        until.isoformat(),
    )
    link = external_url("auth.forgot_password")
    with force_locale(user.language or "sv"):
        notices.queue(
            user.email,
            _("Någon försökte logga in på ditt konto i Lotsen"),
            _(
                "Hej %(name)s!\n\nNågon skrev rätt lösenord till ditt konto i Lotsen, men fel kod "
                "från mejlet för många gånger. Därför kan ingen logga in på kontot förrän "
                "%(when)s.\n\nVar det du? Då kan du logga in igen efter det.\n\n"
                "Var det inte du? Då vet någon annan ditt lösenord. Välj ett nytt lösenord nu, "
                "så kan du logga in med det direkt:\n%(link)s\n"
                "Berätta också för den som har hand om IT på din arbetsplats.\n\nLotsen",
                name=user.name,
                when=when(until),
                link=link,
            ),
            "sign_in_code",
        )


# --- invitations and password resets ------------------------------------------------------------


def find_invitation(token: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def invitation_usable(invitation: Invitation | None) -> bool:
    return (
        invitation is not None
        and invitation.used_at is None
        and invitation.withdrawn_at is None
        and invitation.expires_at > utcnow()
        and invitation.user.active
        # An invitation to work at a group home ends when the work there does.
        and (invitation.home_member is None or invitation.home_member.ended_at is None)
    )


def accept_invitation(invitation: Invitation, password: str | None) -> User:
    """Use the invitation once: set the password (new accounts) and move the mandate forward."""
    user = invitation.user
    if password is not None:
        set_password(user, password, "invitation")
    invitation.used_at = utcnow()
    member = invitation.home_member
    if member is not None:
        record_home_event(member.home, user, HomeEventKind.MEMBER_JOINED, member=member)
    mandate = invitation.mandate
    if mandate is not None and mandate.status is MandateStatus.INVITED:
        # A mandate that staff already verified becomes active at once.
        mandate.status = MandateStatus.ACTIVE if mandate.verified_at else MandateStatus.AWAITING_VERIFICATION
    db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; the page says the same either way."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not user.password_hash:
        return
    token = new_link_token()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
            issued_for=user.credentials_fingerprint,
        )
    )
    db.session.commit()
    link = external_url("auth.reset_password", token=token)
    # A failure is logged by mail.send; the page says the same either way, so that it does not
    # reveal which addresses have accounts.
    with contextlib.suppress(mail.MailError):
        mail.send(
            user.email,
            _("Nytt lösenord till Lotsen"),
            _(
                "Någon bad om ett nytt lösenord till ditt konto i Lotsen.\n\n"
                "Öppna länken för att välja ett nytt lösenord. Länken gäller i %(minutes)d minuter:\n"
                "%(link)s\n\nBad du inte om det? Då kan du strunta i det här mejlet.",
                minutes=minutes,
                link=link,
            ),
        )


def find_reset(token: str) -> PasswordReset | None:
    """The open link for this token: unused, unexpired, for an active account whose password
    and address are still those it was mailed under (so a new password, set in any way, ends
    every older link)."""
    record = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    user = record.user
    if not user.active or not same(record.issued_for, user.credentials_fingerprint):
        return None
    return record


def complete_reset(record: PasswordReset, password: str) -> User:
    user = record.user
    record.used_at = utcnow()
    set_password(user, password, "password_reset")
    db.session.commit()
    return user


def set_password(user: User, password: str, reason: str) -> None:
    """Give `user` a new password (the caller commits). Every reset link mailed before stops
    working (they hold the old credentials_fingerprint); sessions open with the old password
    end, and so do sign-ins waiting for a code and a lock of the code step, which were against
    whoever knew the old password."""
    now = utcnow()
    user.password_hash = hash_password(password)
    end_all_sessions(user, reason)
    for record in db.session.scalars(
        select(LoginCode).where(LoginCode.user_id == user.id, LoginCode.used_at.is_(None))
    ):
        record.used_at = now
    if user.needs_second_factor:
        user.code_locked_until, user.code_locks = now, 0


def invitation_link(token: str) -> str:
    return external_url("auth.invitation", token=token)


def create_invitation(
    user: User,
    clinic_id: int,
    created_by: User,
    *,
    patient=None,
    mandate=None,
    letter: tuple[str, str] | None = None,
    language: str | None = None,
) -> str:
    """Make a single-use link for `user` (older open ones are withdrawn), mail it, return it.

    The caller commits. The link is returned so staff can show it at once, also as a QR code;
    only its hash is stored, so it cannot be shown again later (make a new one instead).
    `letter` (subject, opening words) makes the mail say why it comes, before the link (the
    answer yes to an application to SMO); `language` is the mail's language when it is not the
    page's (the applicant's, when the staff answer an application filled in in Arabic).
    """
    now = utcnow()
    for old in db.session.scalars(
        select(Invitation).where(
            Invitation.user_id == user.id, Invitation.used_at.is_(None), Invitation.withdrawn_at.is_(None)
        )
    ):
        if mandate is None or old.mandate_id == mandate.id:
            old.withdrawn_at = now
    token = new_link_token()
    days = current_app.config["INVITATION_DAYS"]
    clinic = db.session.get(Clinic, clinic_id)
    db.session.add(
        Invitation(
            token_hash=hash_token(token),
            user=user,
            clinic_id=clinic_id,
            created_by=created_by,
            patient=patient,
            mandate=mandate,
            expires_at=now + timedelta(days=days),
        )
    )
    link = invitation_link(token)
    with force_locale(language) if language else contextlib.nullcontext():
        subject, body = _invitation_mail(user, clinic, days, link, letter)
    try:
        mail.send(user.email, subject, body)
    except mail.MailError:
        # The link still works: staff show it, or its QR code, in another way.
        flash(
            _(
                "Vi kunde inte skicka mejlet just nu. Ge länken till personen på annat sätt, "
                "till exempel med QR-koden."
            ),
            "warning",
        )
    return link


def _invitation_mail(
    user: User, clinic, days: int, link: str, letter: tuple[str, str] | None
) -> tuple[str, str]:
    """The invitation's subject and text, in the language in force."""
    if letter is None:
        subject = _("Välkommen till Lotsen")
        body = _(
            "Hej %(name)s!\n\n%(clinic)s bjuder in dig till Lotsen. Öppna länken och "
            "välj ett lösenord. Länken gäller i %(days)d dagar och kan användas en gång:"
            "\n%(link)s\n\nFrågor? Ring %(clinic)s på %(phone)s.",
            name=user.name,
            clinic=clinic.name,
            phone=clinic.phone,
            days=days,
            link=link,
        )
    else:
        subject, opening = letter
        body = opening + _(
            "\n\nDu kan använda Lotsen. Öppna länken och välj ett lösenord. "
            "Länken gäller i %(days)d dagar. Den går att använda en gång:"
            "\n%(link)s\n\nFrågor? Ring %(clinic)s på %(phone)s.",
            clinic=clinic.name,
            phone=clinic.phone,
            days=days,
            link=link,
        )
    return subject, body
