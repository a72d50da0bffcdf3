"""Command-line tools: demo data, translations, the first admin account."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extensions import db

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

demo = AppGroup("demo", help="Demo data.")
translate = AppGroup("translate", help="Extract, update and compile the translations.")
checkup = AppGroup("checkup", help="Hälsokontrollen: the health check's reminders.")
visits = AppGroup("visits", help="Visits: the reminders before a visit.")
apply_group = AppGroup("apply", help="Ansök om SMO: deleting applications that were not accepted.")


@demo.command("load")
def demo_load() -> None:
    """Create the demo clinics, team, patients and representatives (once)."""
    from .demo import DEMO_PASSWORD, load_demo

    if not current_app.config["ALLOW_DEMO_DATA"]:
        raise click.ClickException("Demo data is refused in the production configuration.")
    rows = load_demo()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for name, email, role in rows:
        click.echo(f"  {role:<15} {email:<34} {name}")
    click.echo(
        "Staff and admins confirm each sign-in with a code: it is written to the log "
        f"and to {current_app.config['MAIL_OUTBOX']}."
    )


@checkup.command("remind")
def checkup_remind() -> None:
    """Remind once about each invitation with no answer after three weeks (run it daily)."""
    from .checkup.due_services import remind

    rounds, sent, failed = _queue_and_send(remind)
    click.echo(f"{rounds} reminded; e-mails: {sent} sent, {failed} not sent")


def _queue_and_send(queue_them) -> tuple[int, int, int]:
    """Run `queue_them` (which queues notices and returns how many things it did), commit, and
    send the queue: (done, sent, not sent)."""
    # The e-mails' links are built as in a request to the public address (LOTSEN_PUBLIC_URL).
    with current_app.test_request_context():
        done = queue_them()
        db.session.commit()
    from .notices import send_waiting

    sent, failed = send_waiting(limit=500)
    return done, sent, failed


@visits.command("remind")
def visits_remind() -> None:
    """Remind the day before and on the morning of each visit, once each (run it hourly)."""
    from .visits.reminders import remind

    count, sent, failed = _queue_and_send(remind)
    click.echo(f"{count} reminders; e-mails: {sent} sent, {failed} not sent")


@apply_group.command("purge")
def apply_purge() -> None:
    """Delete applications not accepted, APPLICATION_RETENTION_DAYS after the decision, and
    drafts nobody touched for a day; undecided applications stay (run it daily)."""
    from .apply.services import purge, retention_days

    with current_app.test_request_context():
        gone = purge()
    click.echo(f"{gone} applications deleted ({retention_days()} days after the decision)")


@translate.command("extract")
def translate_extract() -> None:
    """Collect every translatable text into translations/messages.pot."""
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(
        [
            "pybabel",
            "extract",
            "-F",
            str(TRANSLATIONS.parent / "babel.cfg"),
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "-o",
            str(TRANSLATIONS / "messages.pot"),
            str(TRANSLATIONS.parent),
        ]
    )


@translate.command("update")
def translate_update() -> None:
    """Merge new texts from messages.pot into every catalogue, the easy-read ones too."""
    from babel.messages.frontend import CommandLineInterface

    from .i18n import EASY_DOMAIN, easy_languages

    CommandLineInterface().run(
        [
            "pybabel",
            "update",
            "-i",
            str(TRANSLATIONS / "messages.pot"),
            "-d",
            str(TRANSLATIONS),
            "-D",
            "messages",
            "--no-fuzzy-matching",
            "-w",
            "100",
        ]
    )
    _fill_source_language()
    if easy_languages():
        CommandLineInterface().run(
            [
                "pybabel",
                "update",
                "-i",
                str(TRANSLATIONS / "messages.pot"),
                "-d",
                str(TRANSLATIONS),
                "-D",
                EASY_DOMAIN,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            ]
        )


def _fill_source_language() -> None:
    """The texts are written in Swedish: the Swedish catalogue says each one as it stands."""
    from babel.messages.pofile import read_po, write_po

    path = TRANSLATIONS / "sv" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalogue = read_po(f)
    for message in catalogue:
        if message.id and not (all(message.string) if isinstance(message.string, tuple) else message.string):
            message.string = message.id
    with path.open("wb") as f:
        write_po(f, catalogue, width=100, sort_output=True, ignore_obsolete=True)


@translate.command("init")
@click.argument("language")
@click.option("--easy", is_flag=True, help="Start the easy-read catalogue of the language.")
def translate_init(language: str, easy: bool) -> None:
    """Start the catalogue of a new language (or its easy-read catalogue)."""
    from babel.messages.frontend import CommandLineInterface

    from .i18n import EASY_DOMAIN

    CommandLineInterface().run(
        [
            "pybabel",
            "init",
            "-i",
            str(TRANSLATIONS / "messages.pot"),
            "-d",
            str(TRANSLATIONS),
            "-D",
            EASY_DOMAIN if easy else "messages",
            "-l",
            language,
        ]
    )


@translate.command("compile")
def translate_compile() -> None:
    """Build the .mo files the app reads (texts and easy-read texts)."""
    from babel.messages.frontend import CommandLineInterface

    from .i18n import EASY_DOMAIN, easy_languages

    CommandLineInterface().run(
        ["pybabel", "compile", "-d", str(TRANSLATIONS), "-D", "messages", "--use-fuzzy"]
    )
    if easy_languages():
        CommandLineInterface().run(["pybabel", "compile", "-d", str(TRANSLATIONS), "-D", EASY_DOMAIN])


@click.command("create-admin")
@click.argument("email")
@click.argument("name")
def create_admin(email: str, name: str) -> None:
    """Create the first administrator account (the password is asked for)."""
    from .models import Role, User
    from .passwords import hash_password, password_problem

    password = getpass.getpass("Password: ")
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.ClickException(problem)
    db.session.add(
        User(email=email.strip().lower(), name=name, role=Role.ADMIN, password_hash=hash_password(password))
    )
    db.session.commit()
    click.echo(f"Created admin {email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(translate)
    app.cli.add_command(checkup)
    app.cli.add_command(visits)
    app.cli.add_command(apply_group)
    app.cli.add_command(create_admin)
