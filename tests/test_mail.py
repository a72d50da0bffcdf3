"""E-mail through a real SMTP server on loopback, and what people see when it is down."""

import re
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from tests.support.accounts import PASSWORD


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    try:
        yield inbox
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
        controller.stop()


@pytest.fixture
def mail_down(app):
    port = _free_port()  # nothing listens there
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    try:
        yield
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old


def test_staff_code_arrives_over_smtp(client, world, smtp):
    client.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD})
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == world.staff.email
    assert message["Subject"] == "Din kod till Lotsen"
    code = re.search(r"\b(\d{6})\b", message.get_payload(decode=True).decode()).group(1)
    assert client.post_form("/logga-in/kod", {"code": code}).status_code == 302


def test_reset_link_arrives_over_smtp(client, world, smtp):
    client.post_form("/glomt-losenord", {"email": world.patient_user.email})
    body = smtp.messages[0].get_payload(decode=True).decode()
    assert "/nytt-losenord/" in body
    assert world.patient.name not in body


def test_staff_sign_in_when_mail_is_down(client, world, mail_down):
    response = client.post_form(
        "/logga-in", {"email": world.staff.email, "password": PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Vi kunde inte skicka koden just nu" in response.get_data(as_text=True)
    assert client.get("/logga-in/kod").status_code == 302  # nothing pending


def test_reset_request_when_mail_is_down(client, world, mail_down):
    response = client.post_form("/glomt-losenord", {"email": world.patient_user.email}, follow_redirects=True)
    assert response.status_code == 200
    assert "Om det finns ett konto" in response.get_data(as_text=True)


def test_invitation_when_mail_is_down_still_shows_the_link(client, world, sign_in, mail_down, app):
    # Sign in first (the code needs mail), then take the mail server away.
    mail_server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = ""
    sign_in(client, world.staff)
    app.config["MAIL_SERVER"] = mail_server
    response = client.post_form(
        f"/personal/patienter/{world.patient.public_id}/foretradare/ny",
        {
            "name": "Sven Svensson",
            "email": "sven@exempel.se",
            "kind": "relative_consent",
            "scopes": ["prepare_visits"],
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vi kunde inte skicka mejlet just nu" in html
    assert "/inbjudan/" in html
