"""E-mail notices that survive a mail server that is down.

A notice is stored in the same transaction as what it tells about, then handed to the mail
server after the commit. If the server does not take it, it stays in `mail_notices` and is tried
again later, less and less often, by `flask notices send` (run it every few minutes, from cron or
a systemd timer) and whenever another notice goes out. After the last try it is given up; the
admin sees every notice that is waiting or given up, and can try them again.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app, g
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .mail import MailError, send
from .models import MailNotice, utcnow

# Minutes to wait after the 1st, 2nd … failed try; after the last, the notice is given up.
RETRY_MINUTES = (1, 5, 15, 60, 180, 720)


def queue(
    to: str,
    subject: str,
    body: str,
    reason: str,
    clinic_id: int | None = None,
) -> MailNotice:
    """Store a notice to send after the commit (see `send_waiting`)."""
    notice = MailNotice(
        to=to, subject=subject, body=body, reason=reason, clinic_id=clinic_id, next_try_at=utcnow()
    )
    db.session.add(notice)
    g.notices_queued = True
    return notice


def _try(notice: MailNotice) -> bool:
    now = utcnow()
    notice.last_try_at = now
    try:
        send(notice.to, notice.subject, notice.body)
    except MailError as problem:
        notice.attempts += 1
        notice.last_error = str(problem)[:500]
        if notice.attempts <= len(RETRY_MINUTES):
            notice.next_try_at = now + timedelta(minutes=RETRY_MINUTES[notice.attempts - 1])
        else:
            notice.next_try_at = None
            current_app.logger.error(
                "e-mail notice %s given up after %d tries", notice.public_id, notice.attempts
            )
        return False
    notice.attempts += 1
    notice.sent_at = now
    notice.next_try_at = None
    notice.last_error = ""
    return True


def send_waiting(limit: int = 50, everything: bool = False) -> tuple[int, int]:
    """Try the notices that are due (with `everything`, also those waiting or given up).

    Returns (sent, not sent). One notice at a time is locked, tried and committed, and rows
    another process holds are skipped, so several workers never send one notice twice."""
    sent = failed = 0
    tried: list[int] = []
    while sent + failed < limit:
        query = select(MailNotice).where(MailNotice.sent_at.is_(None), MailNotice.id.not_in(tried))
        if not everything:
            query = query.where(MailNotice.next_try_at <= utcnow())
        notice = db.session.scalars(
            query.order_by(MailNotice.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if notice is None:
            break
        tried.append(notice.id)
        if _try(notice):
            sent += 1
        else:
            failed += 1
        db.session.commit()
        if failed and not everything:
            break  # the server is down: the rest waits for the next round
    return sent, failed


def waiting(limit: int = 100) -> list[MailNotice]:
    """Notices not sent yet, oldest first: for the admin."""
    return list(
        db.session.scalars(
            select(MailNotice)
            .where(MailNotice.sent_at.is_(None), MailNotice.attempts > 0)
            .order_by(MailNotice.created_at)
            .limit(limit)
        )
    )


def waiting_count() -> int:
    return (
        db.session.scalar(
            select(func.count(MailNotice.id)).where(MailNotice.sent_at.is_(None), MailNotice.attempts > 0)
        )
        or 0
    )


def _send_after_request(response):
    """Notices queued by this request go out once its transaction is committed."""
    if g.pop("notices_queued", False):
        try:
            send_waiting(limit=20)
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.exception("e-mail notices could not be read; they wait")
    return response


@click.group("notices", cls=AppGroup)
def notices_cli() -> None:
    """E-mail notices that are waiting for the mail server."""


@notices_cli.command("send")
@click.option("--all", "everything", is_flag=True, help="Also those not due yet, and those given up.")
def notices_send(everything: bool) -> None:
    """Send the notices that are due (run this every few minutes)."""
    sent, failed = send_waiting(limit=500, everything=everything)
    click.echo(f"{sent} sent, {failed} not sent, {waiting_count()} waiting")


def init_app(app: Flask) -> None:
    app.after_request(_send_after_request)
    app.cli.add_command(notices_cli)
