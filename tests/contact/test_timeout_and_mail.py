"""A message typed when the session ran out comes back after signing in again; notices about
messages and answers arrive through a real SMTP server on loopback, without what was written."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.models import AuthSession, Conversation, utcnow
from tests.staff.conftest import text
from tests.support.accounts import PASSWORD
from tests.support.people import patient_url
from tests.test_mail import Inbox, _free_port

WRITE = "/kontakt/skriv"


def test_a_message_sent_after_the_session_timed_out_is_not_lost(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    assert client.get(patient_url(world.patient, WRITE)).status_code == 200
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    response = client.post(
        patient_url(world.patient, WRITE),
        data={"csrf_token": token, "phrases": ["certificate"], "text": "Jag behöver intyg till jobbet."},
    )
    assert response.status_code == 302 and "/logga-in" in response.location
    assert query(lambda s: s.scalars(select(Conversation)).all()) == []

    response = client.post_form(
        "/logga-in",
        {"email": world.patient_user.email, "password": PASSWORD, "next": patient_url(world.patient, WRITE)},
    )
    assert response.location == patient_url(world.patient, WRITE)
    page = text(client.get(patient_url(world.patient, WRITE)))
    assert 'value="certificate" checked' in page and "Jag behöver intyg till jobbet." in page
    assert (
        client.post_form(
            patient_url(world.patient, WRITE),
            {"phrases": ["certificate"], "text": "Jag behöver intyg till jobbet."},
        ).status_code
        == 302
    )
    assert len(query(lambda s: s.scalars(select(Conversation)).all())) == 1


def test_notices_arrive_over_smtp_without_what_was_written(
    app, make_client, world, sign_in, query, staff_client
):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    patient = make_client()
    sign_in(patient, world.patient_user)  # before the server: the staff code went to the outbox
    controller.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    try:
        path = patient.post_form(
            patient_url(world.patient, WRITE),
            {"phrases": ["happened"], "notify": "y", "text": "Jag ramlade i går och har ont i foten."},
        ).location
        conversation = query(lambda s: s.scalars(select(Conversation)).one())
        staff_client.post_form(
            f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}",
            {"text": "Vi ringer dig i dag."},
        )
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
        controller.stop()
    assert [m["To"] for m in inbox.messages] == [world.clinic.vardlots_email, world.patient_user.email]
    for message in inbox.messages:
        body = message.get_payload(decode=True).decode()
        for private in ("ramlade", "foten", "Vi ringer", world.patient.name):
            assert private not in body
    assert "/personal/inkorg" in inbox.messages[0].get_payload(decode=True).decode()
    # The link leads to the conversation (the page after sending added "?akut=1": "Något har
    # hänt" says not to wait for the answer).
    assert path.removesuffix("?akut=1") in inbox.messages[1].get_payload(decode=True).decode()
