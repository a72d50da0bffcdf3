"""A suggestion for the needs, from a helper who may see them but not change them."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from .. import notices
from ..core.access import can
from ..core.audit_words import genitive
from ..core.grants import Capability, Grant
from ..core.urls import external_url
from ..models import Conversation, ConversationKind, Patient, User
from .conversations import start_conversation


def suggest_needs_change(grant: Grant, about: str, text: str) -> Conversation:
    """A helper who may see the needs but not change them suggests a change: it goes to the
    clinic's inbox as a conversation of its own kind, and those who may change the needs for the
    patient (the god man, say) are told by e-mail. Everyone who may see the patient's messages
    sees it, and the answer, under Kontakta vårdlotsen."""
    conversation = start_conversation(
        grant,
        [],
        text,
        False,
        kind=ConversationKind.SUGGESTION,
        about=about,
        logged_as="suggestion",
        what=_("ett förslag om anpassningar"),
    )
    for person in needs_changers(grant.patient, but=grant.user):
        with force_locale(person.language or "sv"):
            body = _(
                "Hej!\n\n%(who)s föreslår en ändring av %(whose)s anpassningar i Lotsen.\n"
                "Du får ändra dem. Logga in och läs förslaget:\n%(link)s\n\nLotsen",
                who=grant.user.name,
                whose=genitive(grant.patient.display_name),
                link=external_url(
                    "contact.conversation",
                    for_patient=grant.patient.public_id,
                    conversation_id=conversation.public_id,
                ),
            )
            notices.queue(
                person.email,
                _("Ett förslag om anpassningar i Lotsen"),
                body,
                "suggestion",
                grant.patient.clinic_id,
            )
    return conversation


def needs_changers(patient: Patient, but: User | None = None) -> list[User]:
    """The helpers who may change the patient's needs today (the right is asked of app/core/access)."""
    people = []
    for mandate in patient.mandates:
        person = mandate.representative
        if (
            person is None
            or person == but
            or not person.active
            or person in people
            or not can(person, patient, Capability.CHANGE_NEEDS)
        ):
            continue
        people.append(person)
    return people
