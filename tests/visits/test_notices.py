"""E-mail notices survive a mail server that is down: they are kept, tried again later, and the
admin sees those that wait. Sent through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from app import notices
from app.models import MailNotice, Visit, utcnow
from tests.staff.conftest import text
from tests.support.people import patient_url
from tests.test_mail import Inbox, _free_port
from tests.visits.test_visits import book


@pytest.fixture
def mail_server(app):
    """A mail server on loopback that the test starts and stops (the port stays the same)."""
    port = _free_port()
    inbox = Inbox()
    server = {"controller": None}

    def up():
        server["controller"] = Controller(inbox, hostname="127.0.0.1", port=port)
        server["controller"].start()

    def down():
        if server["controller"] is not None:
            server["controller"].stop()
            server["controller"] = None

    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    inbox.up, inbox.down = up, down
    try:
        yield inbox
    finally:
        down()
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old


def all_notices(query):
    return query(lambda s: s.scalars(select(MailNotice).order_by(MailNotice.id)).all())


def test_a_visit_notice_goes_out_at_once_without_health_data(
    app, staff_client, world, visits, mail_server, query
):
    mail_server.up()
    assert book(staff_client, world, visits).status_code == 302
    # To the patient and to their god man.
    sent = all_notices(query)
    assert len(sent) == 2
    assert all(n.sent_at and n.attempts == 1 and n.next_try_at is None for n in sent)
    assert {m["To"] for m in mail_server.messages} == {world.patient_user.email, world.god_man.email}
    for message in mail_server.messages:
        body = message.get_payload(decode=True).decode()
        assert patient_url(world.patient, "/besok") in body
        for private in ("Hälsokontroll", "Rum 2", "Legitimation", world.patient.name):
            assert private not in body


def test_mail_down_delays_the_notice_and_it_goes_out_later(
    app, staff_client, world, visits, mail_server, query
):
    response = book(staff_client, world, visits)  # nothing listens: the server is down
    assert response.status_code == 302
    assert query(lambda s: s.scalars(select(Visit).where(Visit.room == "Rum 2")).one())
    # The first notice failed; the second waits for the next round (the server is down).
    first, second = all_notices(query)
    assert first.sent_at is None and first.attempts == 1 and first.last_error
    assert timedelta(seconds=30) < first.next_try_at - first.last_try_at <= timedelta(minutes=1)
    assert second.sent_at is None and second.attempts == 0

    # The server is back. The next round sends the second; the first is not due for a minute.
    mail_server.up()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notices", "send"])
    assert "1 sent, 0 not sent, 1 waiting" in result.output, result.output
    query(lambda s: (s.execute(update(MailNotice).values(next_try_at=utcnow())), s.commit()))
    result = runner.invoke(args=["notices", "send"])
    assert "1 sent, 0 not sent, 0 waiting" in result.output, result.output
    assert len(mail_server.messages) == 2
    assert all(n.sent_at is not None for n in all_notices(query))


def test_the_admin_sees_a_given_up_notice_and_sends_it_again(
    app, make_client, world, sign_in, mail_server, query
):
    with app.app_context():
        from app.extensions import db

        notice = notices.queue(
            world.patient_user.email,
            "Nytt om ett besök i Lotsen",
            "Hej! Det finns nytt i Lotsen.",
            "visit",
            world.clinic.id,
        )
        db.session.commit()
        for _round in range(len(notices.RETRY_MINUTES) + 1):
            db.session.execute(update(MailNotice).values(next_try_at=utcnow()))
            assert notices.send_waiting() == (0, 1)
        db.session.refresh(notice)
        assert notice.given_up and notice.attempts == len(notices.RETRY_MINUTES) + 1
        assert notices.send_waiting() == (0, 0)  # given up: no more rounds by themselves

    admin = make_client()
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = ""  # the admin's sign-in code goes to the outbox folder
    sign_in(admin, world.admin)
    app.config["MAIL_SERVER"] = server
    overview = text(admin.get("/admin/"))
    assert "1 e-brev har inte kommit fram till e-postservern än." in overview
    page = text(admin.get("/admin/e-post"))
    assert "Lotsen har slutat försöka" in page
    email = world.patient_user.email
    assert email not in page and f"{email[0]}…@{email.split('@')[1]}" in page

    failed = admin.post_form("/admin/e-post/skicka", {})
    assert "1 kunde inte skickas" in text(admin.get(failed.location))
    mail_server.up()
    assert admin.post("/admin/e-post/skicka", data={}).status_code == 400  # no CSRF token
    assert all_notices(query)[0].sent_at is None
    admin.post_form("/admin/e-post/skicka", {})
    assert len(mail_server.messages) == 1
    assert "Inga e-brev väntar." in text(admin.get("/admin/e-post"))


def test_staff_and_patients_have_no_mail_page(make_client, world, sign_in):
    for user in (world.staff, world.patient_user):
        client = make_client()
        sign_in(client, user)
        assert client.get("/admin/e-post").status_code == 403
