"""Messages and callbacks from Maja (of the `world` fixture), made at a chosen time ago, for the
tests of the inbox and of Att göra."""

from __future__ import annotations

from datetime import timedelta

from app.models import CallbackRequest, ContactMessage, Conversation, ConversationStatus, utcnow


def conversation(
    world, *, hours: float, phrases=("medicine",), text="Hej.", done=False, staff_last=False
) -> Conversation:
    """A conversation Maja started `hours` ago (answered by staff five minutes later with
    `staff_last`)."""
    at = utcnow() - timedelta(hours=hours)
    found = Conversation(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        created_at=at,
        last_message_at=at,
        status=ConversationStatus.DONE if done else ConversationStatus.OPEN,
    )
    found.messages = [
        ContactMessage(
            user_id=world.patient_user.id,
            acting_as="patient",
            phrases=list(phrases),
            text=text,
            created_at=at,
        )
    ]
    if staff_last:
        found.messages.append(
            ContactMessage(
                user_id=world.staff.id,
                acting_as="staff",
                from_staff=True,
                text="Svar.",
                created_at=at + timedelta(minutes=5),
            )
        )
    return found


def callback(
    world, *, topics=("time",), hours: float = 1, planned_on=None, planned_time="", phone="0701234567"
) -> CallbackRequest:
    """Maja asked `hours` ago to be called about `topics`."""
    return CallbackRequest(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        user_id=world.patient_user.id,
        acting_as="patient",
        whom="patient",
        phone=phone,
        days=[],
        times=[],
        topics=list(topics),
        planned_on=planned_on,
        planned_time=planned_time,
        created_at=utcnow() - timedelta(hours=hours),
    )
