"""Fixtures shared by the tests of Kontakta vårdlotsen."""

from __future__ import annotations

import pytest

from app.models import ContactMessage, Conversation


@pytest.fixture
def conversation(world, query):
    """A message from Maja to the vårdlots; the staff's path to it."""

    def run(session):
        found = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
        found.messages = [
            ContactMessage(
                user_id=world.patient_user.id,
                acting_as="patient",
                phrases=["medicine"],
                text="Slut på tabletter",
            )
        ]
        session.add(found)
        session.commit()
        return found.public_id

    return f"/personal/patienter/{world.patient.public_id}/samtal/{query(run)}"
