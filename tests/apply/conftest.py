"""Fixtures of the application's tests: the clinic's vårdlots signed in, and a real SMTP server."""

from __future__ import annotations

import pytest

from tests.test_mail import Inbox, _free_port


@pytest.fixture
def vardlots(make_client, sign_in, world):
    """The clinic's vårdlots (a coordinator), signed in."""
    staff = make_client()
    sign_in(staff, world.staff)
    return staff


@pytest.fixture
def smtp(app):
    """A real SMTP server (aiosmtpd), taking the app's mail from when `start()` is called (the
    staff's sign-in code before it goes to the outbox folder, where the sign-in reads it)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]

    def start() -> Inbox:
        controller.start()
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", controller.port
        return inbox

    try:
        yield start
    finally:
        if app.config["MAIL_PORT"] == controller.port:
            controller.stop()
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
