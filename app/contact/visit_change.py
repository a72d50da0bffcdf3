""" "Avboka eller flytta": the patient's side asks the vårdlots, in one short form, to cancel or
move a booked visit (the page is in app/visits/routes.py), with a reason chosen from pictures.

The request is a conversation of its own kind (`ConversationKind.VISIT_CHANGE`, `about` the
visit's public id) in the vårdlots' inbox, like any message: the vårdlots answers there, books
the new time or cancels the visit, and marks the conversation done. While one is open for a
visit, another is refused in words (a form sent twice, a second tap, a helper and the patient
asking at once).

It needs the "write to the vårdlots" right, as every other message to the vårdlots does: the
request *is* a message (it lands in the inbox, the vårdlots answers in the conversation, and
going on with it there needs that right), and anyone with that right could ask the same in
"Skriv till vårdlotsen". "Prepare visits" is about what the clinic should know before a visit;
a helper who may prepare but not write is told, on the visit page, to ring the clinic, in the
words Kontakta vårdlotsen uses.

The request keeps what was asked (cancel or move) and why in `Conversation.details`, so the
visit page and the staff's visit page say it in words, and says when the visit is today or
tomorrow: then the vårdlots may not read it in time, and the person should ring the clinic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.clock import CLINIC_ZONE, local_now
from ..core.grants import Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import Conversation, ConversationKind, ConversationStatus, User, Visit, utcnow
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


@dataclass(frozen=True)
class AskedChange:
    """An open request about a visit, as the pages show it."""

    conversation: Conversation
    what: str  # "cancel", "move", or "" for a request sent before this was kept
    why: list[str]  # the reasons' words, in the page's language
    asked_at: datetime
    asked_by: User


def asked(conversation: Conversation | None) -> AskedChange | None:
    """The open request `open_request` found, with what was asked and why in words."""
    if conversation is None:
        return None
    details = conversation.details or {}
    whys = {c.value: c.text for c in CHANGE_WHY}
    what = details.get("what")
    first = conversation.messages[0]
    return AskedChange(
        conversation=conversation,
        what=what if what in ("cancel", "move") else "",
        why=[str(whys[w]) for w in details.get("why", []) if w in whys],
        asked_at=conversation.created_at,
        asked_by=first.user,
    )


def soon(visit: Visit) -> str:
    """ "today" or "tomorrow" when the visit is then (clinic time), else "": too soon for an
    answer from the vårdlots, so the page says to ring the clinic as well."""
    day = visit.starts_at.astimezone(CLINIC_ZONE).date()
    today = local_now().date()
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return ""


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
    conversation.details = {"what": what, "why": [w for w in why if w in {c.value for c in CHANGE_WHY}]}
    return conversation
