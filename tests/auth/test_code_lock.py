"""Someone who has a staff member's password guesses the e-mailed code: wrong codes count per
account, across new codes, new sessions and other addresses; the code step locks, whoever is
there is told in easy words, the owner gets an e-mail; new codes are limited and reset nothing;
the real user gets in again after the lock."""

import re
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.policy import default as email_policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.models import LoginCode, User
from tests.support.accounts import PASSWORD, latest_mail

from ..test_easy_read import easy_problems
from ..test_mail import _free_port, smtp  # noqa: F401 (the fixture: a real SMTP server on loopback)

CODE_SUBJECT = "Din kod till Lotsen"
LOCK_SUBJECT = "Någon försökte logga in på ditt konto i Lotsen"
LOCKED = "Inloggningen är låst en stund"
WRONG = "Koden stämmer inte"
SPENT = "Den här koden går inte att använda längre. Logga in igen. Då får du en ny kod."


def _outbox(app, to: str) -> list:
    """Every e-mail in the outbox to this address, oldest first."""
    found = []
    for path in sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = message_from_bytes(path.read_bytes(), policy=email_policy)
        if message["To"] == to:
            found.append(message)
    return found


def _text(message) -> str:
    """The body, from the outbox (EmailMessage) or from the SMTP server (compat32 Message)."""
    return message.get_payload(decode=True).decode()


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", _text(message)).group(1)


def _codes(app, to: str) -> list[str]:
    return [_code_in(m) for m in _outbox(app, to) if m["Subject"] == CODE_SUBJECT]


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _later(query, minutes: float) -> None:
    """Let `minutes` pass: every code, and the lock, moved that far into the past."""
    step = timedelta(minutes=minutes)

    def move(s):
        for code in s.scalars(select(LoginCode)):
            code.created_at -= step
            code.expires_at -= step
            code.used_at = code.used_at and code.used_at - step
        for user in s.scalars(select(User)):
            user.code_locked_until = user.code_locked_until and user.code_locked_until - step
        s.commit()

    query(move)


def _sign_in(client, email: str):
    response = client.post_form("/logga-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/logga-in/kod")
    return response


def _lock(app, make_client, query, email: str) -> None:
    """Ten wrong codes: five on each of two codes, two minutes apart, from two sessions."""
    for _ in range(2):
        client = make_client()
        _sign_in(client, email)
        code = _codes(app, email)[-1]
        for _ in range(5):
            response = client.post_form("/logga-in/kod", {"code": _wrong(code)})
        _later(query, 2)
    assert response.status_code == 429 and LOCKED in response.get_data(as_text=True)


def test_new_codes_new_sessions_and_other_addresses_do_not_reset_the_count(app, make_client, world, query):
    """The review: 130 wrong guesses, five to a code, each code asked for in a new session."""
    email = world.staff.email
    spellings = [email, email.upper(), f"  {email}  "]
    answers, right = [], None
    for n in range(26):
        attacker = make_client()
        attacker.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        _later(query, 2)  # long enough for a new code, were it sent
        _sign_in(attacker, spellings[n % 3])
        right = _codes(app, email)[-1]
        for _ in range(5):
            answers.append(attacker.post_form("/logga-in/kod", {"code": _wrong(right)}))
    for n, response in enumerate(answers[:9]):
        html = response.get_data(as_text=True)
        left = 4 - n % 5  # five tries a code: each wrong one says how many are left, then none
        assert response.status_code == 200
        if left:
            assert f"{WRONG}. Du kan försöka {left} gång{'er' if left > 1 else ''} till" in html
        else:
            assert SPENT in html
    # The tenth wrong code locks the code step, and every later try gets the same answer.
    for response in answers[9:]:
        assert response.status_code == 429 and LOCKED in response.get_data(as_text=True)
    # Two codes were sent (one for each round before the lock), none since; one warning.
    assert len(_codes(app, email)) == 2
    assert [m["Subject"] for m in _outbox(app, email)].count(LOCK_SUBJECT) == 1
    # The right code of the last round does not help either, in yet another session.
    latecomer = make_client()
    _sign_in(latecomer, email)
    response = latecomer.post_form("/logga-in/kod", {"code": right})
    assert response.status_code == 429 and LOCKED in response.get_data(as_text=True)
    assert latecomer.get("/personal/patienter").status_code == 302


def test_the_lock_is_explained_the_owner_is_mailed_and_the_user_gets_in_after_it(
    app,
    make_client,
    world,
    query,
    smtp,  # noqa: F811 (the fixture)
):
    email = world.staff.email

    def codes():
        return [_code_in(m) for m in smtp.messages if m["Subject"] == CODE_SUBJECT]

    for n in range(2):
        attacker = make_client()
        attacker.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        _sign_in(attacker, email)
        for _ in range(5):
            attacker.post_form("/logga-in/kod", {"code": _wrong(codes()[-1])})
        _later(query, 2)
    sent = codes()
    assert len(sent) == 2

    # The owner is told by e-mail, through a real SMTP server, without any secret.
    warnings = [m for m in smtp.messages if _subject(m) == LOCK_SUBJECT]
    assert len(warnings) == 1 and warnings[0]["To"] == email
    body = _text(warnings[0])
    until = query(lambda s: s.get(User, world.staff.id).code_locked_until)
    local = (until + timedelta(minutes=2)).astimezone(ZoneInfo("Europe/Stockholm"))
    assert f"klockan {local:%H:%M}" in body  # _later moved the lock 2 minutes back since
    assert "fel kod från mejlet" in body and "/glomt-losenord" in body
    assert not re.search(r"\d{6}", body) and "192.0.2." not in body
    assert not any(code in body for code in sent)

    # The real user: the right password, then a page that says what happened and what to do.
    user = make_client()
    _sign_in(user, email)
    page = user.get("/logga-in/kod")
    html = page.get_data(as_text=True)
    assert page.status_code == 429
    assert f"<h1>{LOCKED}</h1>" in html or f">{LOCKED}</h1>" in html
    local = until.astimezone(ZoneInfo("Europe/Stockholm"))
    assert f"klockan {local:%H:%M}" in html
    assert "Det är om 58 minuter." in html  # an hour's lock, 2 minutes of which have passed
    assert "Läs mejlet som vi har skickat till dig" in html
    # Help now: a new password ends the lock (only staff and admins have codes, so not the
    # clinic's patient line).
    assert 'href="/glomt-losenord"' in html and "Välj ett nytt lösenord" in html
    assert 'name="code"' not in html
    assert len(codes()) == 2  # no code is sent while locked

    # After the lock, a sign-in sends a new code, and it works.
    _later(query, 59)
    _sign_in(user, email)
    assert len(codes()) == 3
    response = user.post_form("/logga-in/kod", {"code": codes()[-1]})
    assert response.status_code == 302
    assert user.get("/personal/patienter").status_code == 200


def test_a_second_lock_within_a_day_lasts_twice_as_long(app, make_client, world, query):
    email = world.staff.email
    _lock(app, make_client, query, email)
    _later(query, 61)
    _lock(app, make_client, query, email)
    page = make_client()
    _sign_in(page, email)
    assert "Det är om 2 timmar." in page.get("/logga-in/kod").get_data(as_text=True)
    assert [m["Subject"] for m in _outbox(app, email)].count(LOCK_SUBJECT) == 2


def test_asking_for_new_codes_again_and_again_sends_few_and_resets_nothing(app, make_client, world, query):
    email = world.staff.email
    first = make_client()
    _sign_in(first, email)
    code = _codes(app, email)[-1]
    for _ in range(3):
        assert WRONG in first.post_form("/logga-in/kod", {"code": _wrong(code)}).get_data(as_text=True)
    # Ten more sign-ins at once, in new sessions: no new code; the one sent still works.
    for _ in range(10):
        again = make_client()
        page = again.post_form("/logga-in", {"email": email, "password": PASSWORD}, follow_redirects=True)
        assert "Vi har redan skickat en kod till dig" in page.get_data(as_text=True)
    assert _codes(app, email) == [code]
    # The code's tries were not given back: two more wrong ones, in the last session, spend it.
    for _ in range(2):
        again.post_form("/logga-in/kod", {"code": _wrong(code)})
    assert SPENT in again.post_form("/logga-in/kod", {"code": code}).get_data(as_text=True)
    # No code works now, and the next may be sent in a minute: the page says so.
    waiting = make_client()
    _sign_in(waiting, email)
    page = waiting.get("/logga-in/kod")
    assert page.status_code == 429
    assert "Du kan få en ny kod" in page.get_data(as_text=True)
    # One a minute, five an hour (codes nobody signed in with).
    for _ in range(4):
        _later(query, 2)
        _sign_in(make_client(), email)
    assert len(_codes(app, email)) == 5
    _later(query, 2)
    page = make_client().post_form("/logga-in", {"email": email, "password": PASSWORD}, follow_redirects=True)
    assert "Vi har redan skickat en kod till dig" in page.get_data(as_text=True)
    assert len(_codes(app, email)) == 5
    _later(query, 60)
    _sign_in(make_client(), email)
    assert len(_codes(app, email)) == 6


def test_codes_used_to_sign_in_do_not_count(client, world, sign_in):
    for _ in range(7):
        sign_in(client, world.staff)
        assert client.get("/personal/patienter").status_code == 200
        client.post_form("/logga-ut")


def test_a_new_password_ends_the_lock(app, make_client, world, query):
    """The lock is against someone who has the old password; choosing a new one (which needs
    the mailbox) lets the owner in at once."""
    email = world.staff.email
    _lock(app, make_client, query, email)
    owner = make_client()
    owner.post_form("/glomt-losenord", {"email": email})
    body = latest_mail(app, email).get_content()
    path = "/nytt-losenord/" + body.split("/nytt-losenord/", 1)[1].split()[0]
    assert owner.post_form(path, {"password": "nya fina ord", "confirm": "nya fina ord"}).status_code == 302
    assert owner.post_form("/logga-in", {"email": email, "password": "nya fina ord"}).location.endswith(
        "/logga-in/kod"
    )
    assert owner.post_form("/logga-in/kod", {"code": _codes(app, email)[-1]}).status_code == 302
    assert owner.get("/personal/patienter").status_code == 200


def test_a_sign_in_begun_with_the_old_password_cannot_use_the_owners_new_codes(
    app, make_client, world, query
):
    email = world.staff.email
    attacker = make_client()
    _sign_in(attacker, email)
    owner = make_client()
    owner.post_form("/glomt-losenord", {"email": email})
    body = latest_mail(app, email).get_content()
    path = "/nytt-losenord/" + body.split("/nytt-losenord/", 1)[1].split()[0]
    owner.post_form(path, {"password": "nya fina ord", "confirm": "nya fina ord"})
    owner.post_form("/logga-in", {"email": email, "password": "nya fina ord"})
    fresh = _codes(app, email)[-1]
    assert len(_codes(app, email)) == 2
    # Even the owner's right code does nothing for the sign-in begun with the old password.
    response = attacker.post_form("/logga-in/kod", {"code": fresh})
    assert response.status_code == 302 and response.location.endswith("/logga-in")
    assert attacker.get("/personal/patienter").status_code == 302
    assert owner.post_form("/logga-in/kod", {"code": fresh}).status_code == 302


def test_mail_down_sends_no_code_and_counts_none(app, client, world):
    """A code that never left does not work, and does not use up the codes that may be sent."""
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", _free_port()  # nobody there
    try:
        for _ in range(3):
            response = client.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD})
            assert response.location.startswith("/logga-in")
            assert not response.location.endswith("/kod")
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
    _sign_in(client, world.staff.email)
    assert client.post_form("/logga-in/kod", {"code": _codes(app, world.staff.email)[-1]}).status_code == 302


@pytest.mark.one_database
def test_the_locked_page_is_easy_to_read(app, make_client, world, query):
    email = world.staff.email
    _lock(app, make_client, query, email)
    client = make_client()
    assert client.post_form("/visning/easy_read", {"next": "/"}).status_code == 302
    _sign_in(client, email)
    page = client.get("/logga-in/kod")
    assert page.status_code == 429 and 'name="code"' not in page.get_data(as_text=True)
    pages = {"/logga-in/kod": page.get_data(as_text=True)}
    problems = easy_problems(pages)
    assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


def test_the_end_of_a_lock_tomorrow_is_said_as_tomorrow(app, make_client, world, query):
    from datetime import datetime

    from app.models import utcnow

    stockholm = ZoneInfo("Europe/Stockholm")
    tomorrow = datetime.now(stockholm).date() + timedelta(days=1)
    until = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 0, 30, tzinfo=stockholm)
    query(lambda s: (setattr(s.get(User, world.staff.id), "code_locked_until", until), s.commit()))
    client = make_client()
    _sign_in(client, world.staff.email)
    html = client.get("/logga-in/kod").get_data(as_text=True)
    assert "Du kan logga in igen i morgon klockan 00:30." in html
    assert _codes(app, world.staff.email) == []  # locked: no code sent
    assert until > utcnow()
