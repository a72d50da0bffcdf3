"""Staff and admins confirm each sign-in with a 6-digit e-mailed code."""

from datetime import timedelta

from sqlalchemy import update

from app.models import LoginCode, utcnow
from tests.support.accounts import PASSWORD, login_code


def _start(client, user):
    response = client.post_form("/logga-in", {"email": user.email, "password": PASSWORD})
    assert response.location.endswith("/logga-in/kod")


def test_staff_needs_the_code(client, app, world):
    _start(client, world.staff)
    # Not signed in yet: the staff pages still send to sign-in.
    assert client.get("/personal/patienter").status_code == 302
    mail = client.get("/logga-in/kod").get_data(as_text=True)
    assert world.staff.email in mail
    code = login_code(app, world.staff.email)
    response = client.post_form("/logga-in/kod", {"code": code})
    assert response.status_code == 302
    assert client.get("/personal/patienter").status_code == 200


def test_code_is_single_use(client, make_client, app, world):
    _start(client, world.staff)
    code = login_code(app, world.staff.email)
    assert client.post_form("/logga-in/kod", {"code": code}).status_code == 302
    other = make_client()
    _start(other, world.staff)
    fresh = login_code(app, world.staff.email)
    if fresh != code:
        response = other.post_form("/logga-in/kod", {"code": code})
        assert response.status_code == 200
        assert "Koden stämmer inte" in response.get_data(as_text=True)


def test_an_old_code_stops_working_when_a_new_one_is_sent(client, app, world, query):
    _start(client, world.staff)
    first = login_code(app, world.staff.email)
    # Two minutes later (sooner, no new code is sent: tests/auth/test_code_lock.py).
    query(
        lambda s: (
            s.execute(update(LoginCode).values(created_at=utcnow() - timedelta(minutes=2))),
            s.commit(),
        )
    )
    _start(client, world.staff)
    second = login_code(app, world.staff.email)
    if first != second:
        assert client.post_form("/logga-in/kod", {"code": first}).status_code == 200
    assert client.post_form("/logga-in/kod", {"code": second}).status_code == 302


def test_code_expires_after_ten_minutes(client, app, world, query):
    _start(client, world.staff)
    code = login_code(app, world.staff.email)
    query(
        lambda s: (
            s.execute(update(LoginCode).values(expires_at=utcnow() - timedelta(seconds=1))),
            s.commit(),
        )
    )
    response = client.post_form("/logga-in/kod", {"code": code})
    assert response.status_code == 200
    assert client.get("/personal/patienter").status_code == 302


def test_five_wrong_codes_spend_the_code(client, app, world, query):
    from sqlalchemy import select

    _start(client, world.staff)
    code = login_code(app, world.staff.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert client.post_form("/logga-in/kod", {"code": wrong}).status_code == 200
    assert query(lambda s: s.scalar(select(LoginCode.used_at))) is not None
    # The right code no longer works (and the attempts limit now answers too).
    assert client.post_form("/logga-in/kod", {"code": code}).status_code in (200, 429)
    assert client.get("/personal/patienter").status_code == 302


def test_code_page_without_a_pending_sign_in(client):
    response = client.get("/logga-in/kod")
    assert response.status_code == 302 and response.location.endswith("/logga-in")


def test_code_must_be_six_digits(client, world):
    _start(client, world.staff)
    response = client.post_form("/logga-in/kod", {"code": "12ab"})
    assert "Koden är 6 siffror" in response.get_data(as_text=True)
    response = client.post_form("/logga-in/kod", {"code": "9" * 100_000})
    assert response.status_code == 200
