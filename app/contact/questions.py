"""A question about a summary after a visit ("Jag har en fråga" in Efter besöket): a conversation
of its own kind with the vårdlots, about that summary, in the inbox like any message."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.grants import Grant
from ..extensions import db
from ..models import Conversation, ConversationKind
from .conversations import start_conversation

# The quick phrases that fit a question about what the clinic wrote (app/contact/catalogue.py).
QUESTION_PHRASES = ("medicine", "talk", "happened", "other")


def ask_about_summary(
    grant: Grant, summary_id: str, phrases: list[str], text: str, notify: bool
) -> Conversation:
    """Start a conversation about the summary `summary_id` (its public id, kept in `about`):
    the first message is the quick phrases and or the text. Staff see which summary it is about
    and open it from the conversation."""
    return start_conversation(
        grant,
        phrases,
        text,
        notify,
        kind=ConversationKind.AFTER_VISIT,
        about=summary_id,
        logged_as="after_visit.question",
        what=_("en fråga om Efter besöket"),
    )


def questions_about(grant: Grant, summary_id: str) -> list[Conversation]:
    """The conversations this person started about the summary, newest first."""
    return list(
        db.session.scalars(
            select(Conversation)
            .where(
                Conversation.patient_id == grant.patient.id,
                Conversation.kind == ConversationKind.AFTER_VISIT,
                Conversation.about == summary_id,
            )
            .order_by(Conversation.id.desc())
        )
    )
