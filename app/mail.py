"""Sending e-mail: over SMTP when a server is set, else into the outbox folder and the log."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app


class MailError(RuntimeError):
    """The e-mail could not be handed to the mail server (or written to the outbox)."""


def send(to: str, subject: str, body: str) -> EmailMessage:
    """Send one e-mail; raises MailError when it cannot be delivered now."""
    try:
        return _send(to, subject, body)
    except (smtplib.SMTPException, OSError) as exc:
        current_app.logger.error("E-mail to %s could not be sent: %s", to, exc)
        raise MailError(str(exc)) from exc


def _send(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="lotsen.local")
    message.set_content(body)
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    else:
        outbox = config["MAIL_OUTBOX"]
        outbox.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_")
        (outbox / f"{name}.eml").write_bytes(bytes(message))
        current_app.logger.info("E-mail to %s: %s\n%s", to, subject, body)
    return message
