"""A question about a summary after a visit ("Jag har en fråga" in Efter besöket): a conversation
of its own kind with the vårdlots, about that summary, in the inbox like any message."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..core import audit
from ..core.grants import Grant
from ..extensions import db
from ..models import AccessAction, Conversation, ConversationKind
from .conversations import add_message
from .sending import check_send_limit, tell_clinic

# The quick phrases that fit a question about what the clinic wrote (app/contact/catalogue.py).
QUESTION_PHRASES = ("medicine", "talk", "happened", "other")


def ask_about_summary(
    grant: Grant, summary_id: str, phrases: list[str], text: str, notify: bool
) -> Conversation:
    """Start a conversation about the summary `summary_id` (its public id, kept in `about`):
    the first message is the quick phrases and or the text. Staff see which summary it is about
    and open it from the conversation."""
    check_send_limit(grant.user)
    conversation = Conversation(
        patient_id=grant.patient.id,
        clinic_id=grant.patient.clinic_id,
        kind=ConversationKind.AFTER_VISIT,
        about=summary_id,
    )
    db.session.add(conversation)
    message = add_message(grant, conversation, phrases=phrases, text=text, notify=notify)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "after_visit.question", message.public_id)
    tell_clinic(grant.patient, _("en fråga om Efter besöket"))
    return conversation


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
