"""Urgent first: a message or a callback that says "Något har hänt", and a preparation with the
worst pain, are marked Brådskande and come before newer routine items while they are open; once
done (or read) they take their place by time again."""

from __future__ import annotations

from datetime import timedelta

from app.models import (
    Preparation,
    PreparationStatus,
    utcnow,
)
from tests.support.pages import words

from .things import callback, conversation

INBOX = "/personal/inkorg"


def _add(world, query, *, happened_done=False):
    now = utcnow()

    def add(session):
        session.add(
            conversation(world, phrases=["happened"], text="Jag ramlade i går.", hours=30, done=happened_done)
        )
        session.add(conversation(world, phrases=["medicine"], text="Rutinfråga om recept.", hours=1))
        session.add(callback(world, topics=["happened"], hours=20))
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
        session.add(callback(world, topics=["time"], hours=21))
        session.commit()

    query(routine)
    page = words(staff_client.get(INBOX + "?slag=callback"))
    assert page.index("Det gäller: Något har hänt") < page.index("Det gäller: Jag vill ha en tid")
