""" "Avboka eller flytta": the patient's side asks the vårdlots, in one short form, to cancel or
move a booked visit (the page is in app/visits/routes.py), with a reason chosen from pictures.

The request is a conversation of its own kind (`ConversationKind.VISIT_CHANGE`, `about` the
visit's public id) in the vårdlots' inbox, like any message: the vårdlots answers there, books
the new time or cancels the visit, and marks the conversation done. While one is open for a
visit, another is refused in words (a form sent twice, a second tap, a helper and the patient
asking at once). It needs the "prepare visits" right, as asking for a visit does (`Jag vill ha
en tid`): a helper who may only see the visits cannot cancel them.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import Conversation, ConversationKind, ConversationStatus, Visit, utcnow
from ..visits.catalogue import CHANGE_WHAT, CHANGE_WHY
from ..visits.pages import time_forms
from .conversations import start_conversation


def open_request(visit: Visit) -> Conversation | None:
    """The request about this visit that the vårdlots has not marked done yet, if any."""
    return db.session.scalar(
        select(Conversation)
        .where(
            Conversation.patient_id == visit.patient_id,
            Conversation.kind == ConversationKind.VISIT_CHANGE,
            Conversation.about == visit.public_id,
            Conversation.status == ConversationStatus.OPEN,
        )
        .order_by(Conversation.id.desc())
        .limit(1)
    )


def may_ask(visit: Visit) -> bool:
    """A visit that is booked, not cancelled, and has not begun."""
    return not visit.cancelled and visit.starts_at > utcnow()


def request_words(visit: Visit, what: str, why: list[str], text: str) -> str:
    """The request in Swedish words, for the vårdlots' inbox."""
    whats = {c.value: c.text for c in CHANGE_WHAT}
    whys = {c.value: c.text for c in CHANGE_WHY}
    with force_locale("sv"):
        when = time_forms(visit.starts_at)
        lines = [
            _(
                "%(what)s besöket %(day)s klockan %(time)s.",
                what=str(whats[what]),
                day=when["day"],
                time=when["time"],
            ),
        ]
        if why:
            lines.append(_("Varför: %(why)s.", why=", ".join(str(whys[w]) for w in why if w in whys)))
    if text:
        lines.append(text)
    return "\n".join(lines)


def ask(grant: Grant, visit: Visit, what: str, why: list[str], text: str) -> Conversation:
    """Send the request to the vårdlots' inbox; refused in words while one is open, and for a
    visit that is cancelled or has begun."""
    if not may_ask(visit):
        raise RuleError(_("Besöket är inställt eller har redan varit. Inget är skickat."))
    if open_request(visit) is not None:
        raise RuleError(
            _(
                "Du har redan skickat en fråga om det här besöket. Vårdlotsen hör av sig. "
                "Inget nytt är skickat."
            )
        )
    conversation = start_conversation(
        grant,
        [],
        request_words(visit, what, why, text),
        False,
        kind=ConversationKind.VISIT_CHANGE,
        about=visit.public_id,
        logged_as="visit_change.request",
        what=_("en fråga om att avboka eller flytta ett besök"),
    )
    conversation.messages[0].language = "sv"
    return conversation
