"""Who takes inbox work (issue 18, point 5): a clinician takes what nobody has, or lets go of
their own; giving it to a colleague, or taking it from one, is the coordinator's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Conversation, Profession, StaffMember


@pytest.fixture
def people(world, make_staff, make_client, sign_in, query):
    """A doctor (a clinician) signed in, and the StaffMember public ids of them, the vårdlots and
    a nurse."""
    doctor = make_staff(world.clinic, Profession.LAKARE, name="Omar Haddad")
    nurse = make_staff(world.clinic, Profession.SJUKSKOTERSKA, name="Karin Ek")
    client = make_client()
    sign_in(client, doctor)

    def ids(session):
        return {
            user: session.scalar(select(StaffMember).where(StaffMember.user_id == user.id)).public_id
            for user in (doctor, nurse, world.staff)
        }

    found = query(ids)
    return client, found[doctor], found[nurse], found[world.staff]


def _assigned(query) -> str | None:
    def run(session):
        conversation = session.scalar(select(Conversation))
        return conversation.assigned_to.public_id if conversation.assigned_to else None

    return query(run)


def test_a_clinician_takes_and_lets_go_of_unassigned_work(people, conversation, query):
    client, me, nurse, _lots = people
    page = client.get(conversation).get_data(as_text=True)
    assert f'value="{me}"' in page and f'value="{nurse}"' not in page  # only themself to choose
    assert client.post_form(f"{conversation}/tilldela", {"staff": me}).status_code == 302
    assert _assigned(query) == me
    assert client.post_form(f"{conversation}/tilldela", {"staff": ""}).status_code == 302
    assert _assigned(query) is None


def test_a_clinician_cannot_give_work_to_a_colleague(people, conversation, query):
    client, _me, nurse, _lots = people
    response = client.post_form(f"{conversation}/tilldela", {"staff": nurse})
    assert response.status_code == 403 and "Fråga administratören" in response.get_data(as_text=True)
    assert _assigned(query) is None


def test_a_clinician_cannot_take_work_a_colleague_has(people, conversation, query, staff_client):
    client, me, nurse, _lots = people
    assert (
        staff_client.post_form(f"{conversation}/tilldela", {"staff": nurse}).status_code == 302
    )  # the vårdlots
    assert _assigned(query) == nurse
    page = client.get(conversation).get_data(as_text=True)
    assert "Karin Ek tar hand om det." in page and f"{conversation}/tilldela" not in page
    for value in (me, ""):
        assert client.post_form(f"{conversation}/tilldela", {"staff": value}).status_code == 403
    assert _assigned(query) == nurse
