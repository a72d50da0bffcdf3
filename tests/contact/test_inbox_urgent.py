"""Urgent first: a message or a callback that says "Något har hänt", and a preparation with the
worst pain, are marked Brådskande and come before newer routine items while they are open; once
done (or read) they take their place by time again."""

from __future__ import annotations

from datetime import timedelta

from app.models import (
    CallbackRequest,
    ContactMessage,
    Conversation,
    ConversationStatus,
    Preparation,
    PreparationStatus,
    utcnow,
)
from tests.support.pages import words

INBOX = "/personal/inkorg"


def _callback(world, topics: list[str], hours: int) -> CallbackRequest:
    """The patient asks to be called about `topics`, `hours` ago."""
    return CallbackRequest(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        user_id=world.patient_user.id,
        acting_as="patient",
        whom="patient",
        phone="0701234567",
        days=[],
        times=[],
        topics=topics,
        created_at=utcnow() - timedelta(hours=hours),
    )


def _add(world, query, *, happened_done=False):
    now = utcnow()

    def add(session):
        def conversation(phrases, text, hours, done=False):
            at = now - timedelta(hours=hours)
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
                    phrases=phrases,
                    text=text,
                    created_at=at,
                )
            ]
            session.add(found)

        conversation(["happened"], "Jag ramlade i går.", 30, done=happened_done)
        conversation(["medicine"], "Rutinfråga om recept.", 1)
        session.add(_callback(world, ["happened"], 20))
        session.add(
            Preparation(
                patient_id=world.patient.id,
                status=PreparationStatus.SUBMITTED,
                submitted_at=now - timedelta(hours=10),
                submitted_by_id=world.patient_user.id,
                submitted_acting_as="patient",
                answers={"varfor": {"choices": ["pain"]}, "hur": {"choice": "5"}},
            )
        )
        session.commit()

    query(add)


def test_urgent_things_come_first_and_are_marked(staff_client, world, query):
    _add(world, query)
    page = words(staff_client.get(INBOX))
    assert page.count("Brådskande") == 3
    # The three urgent ones (30, 20 and 10 hours old) before the routine message of an hour ago.
    routine = page.index("En fråga om min medicin")
    assert page.rindex("Brådskande") < routine
    assert "Brådskande Så ont att jag inte står ut" in page[:routine]
    assert page[:routine].count("Brådskande Något har hänt") == 2


def test_a_done_urgent_message_is_no_longer_marked(staff_client, world, query):
    _add(world, query, happened_done=True)
    assert words(staff_client.get(INBOX)).count("Brådskande") == 2
    assert "Brådskande" not in words(staff_client.get(INBOX + "?lage=done"))


def test_the_callback_queue_calls_the_urgent_first(staff_client, world, query):
    _add(world, query)

    def routine(session):
        session.add(_callback(world, ["time"], 21))
        session.commit()

    query(routine)
    page = words(staff_client.get(INBOX + "?slag=callback"))
    assert page.index("Det gäller: Något har hänt") < page.index("Det gäller: Jag vill ha en tid")
