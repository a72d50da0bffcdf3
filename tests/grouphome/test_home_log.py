"""The manager's "Vem gjorde vad" (issue 21, as the manager tried it): only what matters (no
empty forms, no read-aloud), the home's own events (staff invited and removed), a removed
person's lines kept and named "(slutat)", days in words, filters by resident and by person, a
page at a time; and what a home's worker sends is named with the home everywhere it is shown
("Jonas Lund (Solgläntan)"), and they are among the patient's readers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import AccessAction, AccessEvent, Role, Scope, utcnow
from app.staff.readers import patient_readers
from tests.support.pages import words
from tests.support.people import patient_url

WRITE = "/kontakt/skriv"


@pytest.fixture
def home(world, make_patient, make_home_mandate, make_user, make_home_member):
    """Solgläntan: Maja (seeing, preparing visits) and Erik (writing to the vårdlots too), and
    Jonas, who works there."""
    erik = make_patient(world.clinic, name="Erik Johansson")
    erik_mandate = make_home_mandate(world.home, erik, scopes={Scope.SEE, Scope.WRITE_TO_VARDLOTS})
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    member = make_home_member(world.home, jonas)
    return type("Home", (), {"erik": erik, "erik_mandate": erik_mandate, "jonas": jonas, "member": member})


def _log(client, world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(f"/boendet/{world.home.public_id}/vem-gjorde-vad" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return words(response)


def test_vem_gjorde_vad_lists_what_matters_and_keeps_a_removed_person(
    app, client, make_client, world, home, sign_in, query
):
    jonas = make_client()
    sign_in(jonas, home.jonas)
    assert jonas.get(patient_url(world.patient, "/besok/")).status_code == 200
    assert jonas.get(patient_url(home.erik, WRITE)).status_code == 200  # an empty form
    assert jonas.post_form(patient_url(home.erik, WRITE), {"phrases": ["medicine"]}).status_code == 302

    # Read-aloud of a text about Erik, as the speech pages log it.
    def listened(session):
        session.add(
            AccessEvent(
                at=utcnow(),
                user_id=home.jonas.id,
                acting_as="representative",
                home_mandate_id=home.erik_mandate.id,
                patient_id=home.erik.id,
                clinic_id=world.clinic.id,
                action=AccessAction.READ,
                object_type="speech.clip",
            )
        )
        session.commit()

    query(listened)
    logged = query(
        lambda s: set(s.scalars(select(AccessEvent.object_type).where(AccessEvent.user_id == home.jonas.id)))
    )
    assert {"visits.index", "contact.write", "contact_message", "speech.clip"} <= logged

    sign_in(client, world.home_manager)
    page = _log(client, world)
    assert "I dag" in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)
    assert "Jonas Lund tittade på listan med Majas besök." in page
    assert "Jonas Lund skrev ett meddelande om Erik." in page
    assert "lyssnade" not in page  # read-aloud
    assert "Jonas Lund tittade på Eriks meddelanden till vårdlotsen." not in page  # the empty form

    # Jonas leaves: his lines stay, named "(slutat)", and his removal is listed.
    assert (
        client.post_form(
            f"/boendet/{world.home.public_id}/personal/{home.member.public_id}/ta-bort"
        ).status_code
        == 302
    )
    page = _log(client, world)
    assert "Jonas Lund (slutat) tittade på listan med Majas besök." in page
    assert "Jonas Lund (slutat) skrev ett meddelande om Erik." in page
    assert "Du tog bort Jonas Lund. Hen arbetar inte här längre." in page
    assert "Jonas Lund (slutat)" in words(client.get(f"/boendet/{world.home.public_id}/vem-gjorde-vad"))

    # Reading it is a read of each resident's log, by the manager, under the home's mandate.
    reads = query(
        lambda s: set(
            s.execute(
                select(AccessEvent.user_id, AccessEvent.patient_id).where(
                    AccessEvent.object_type == "grouphome.log"
                )
            ).all()
        )
    )
    assert reads == {(world.home_manager.id, world.patient.id), (world.home_manager.id, home.erik.id)}


def test_vem_gjorde_vad_filters_by_resident_and_by_person_a_page_at_a_time(
    app, client, make_client, world, home, make_user, make_home_member, sign_in
):
    ali = make_user(Role.REPRESENTATIVE, name="Ali Berg")
    ali_member = make_home_member(world.home, ali)
    jonas, ali_client = make_client(), make_client()
    sign_in(jonas, home.jonas)
    sign_in(ali_client, ali)
    for _ in range(32):
        assert jonas.get(patient_url(world.patient, "/besok/")).status_code == 200
    assert ali_client.post_form(patient_url(home.erik, WRITE), {"phrases": ["medicine"]}).status_code == 302
    sign_in(client, world.home_manager)

    # A page at a time: 30 lines, then the rest.
    first = client.get(f"/boendet/{world.home.public_id}/vem-gjorde-vad").get_data(as_text=True)
    assert first.count("<li>") - first.count("<li><a") >= 30
    assert "sida=2" in first
    second = _log(client, world, sida=2)
    assert second.count("Jonas Lund tittade på listan med Majas besök.") == 3
    assert "sida=3" not in client.get(f"/boendet/{world.home.public_id}/vem-gjorde-vad?sida=2").get_data(
        as_text=True
    )

    # By resident: only Erik's lines.
    erik = _log(client, world, boende=home.erik.public_id)
    assert "Ali Berg skrev ett meddelande om Erik." in erik
    assert "Majas" not in erik
    # By person: only Jonas's lines (and the filter is kept on the next page).
    html = client.get(
        f"/boendet/{world.home.public_id}/vem-gjorde-vad?personal={home.member.public_id}"
    ).get_data(as_text=True)
    lines = words_of(html).split(" Visa ", 1)[1]
    assert "Jonas Lund tittade" in lines and "Ali Berg" not in lines
    assert f"personal={home.member.public_id}" in html and "sida=2" in html
    only_ali = _log(client, world, personal=ali_member.public_id)
    assert "Ali Berg skrev ett meddelande om Erik." in only_ali and "Majas besök." not in only_ali

    # A choice not in the lists: said plainly, and everything is shown.
    for bad in ({"boende": "finns-inte"}, {"personal": world.home_manager_member.public_id + "x"}):
        page = _log(client, world, **bad)
        assert "Vi visar allt. Välj bland personerna i listorna." in page
        assert "Ali Berg skrev ett meddelande om Erik." in page


def words_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_message_under_the_home_s_mandate_names_the_home_everywhere(
    app, client, make_client, world, home, sign_in, staff_client, query
):
    jonas = make_client()
    sign_in(jonas, home.jonas)
    assert jonas.post_form(patient_url(home.erik, WRITE), {"phrases": ["medicine"]}).status_code == 302
    from app.models import Conversation

    conversation = query(lambda s: s.scalars(select(Conversation)).one())
    assert "Meddelande från Jonas Lund (Solgläntan) om Erik Johansson" in words(
        staff_client.get("/personal/inkorg")
    )
    url = f"/personal/patienter/{home.erik.public_id}/samtal/{conversation.public_id}"
    assert "Jonas Lund (Solgläntan)" in words(staff_client.get(url))
    assert "Jonas Lund (Solgläntan)" in words(staff_client.get(f"{url}/journal"))
    assert "Jonas Lund (Solgläntan)" in staff_client.get(f"{url}/journal.txt").get_data(as_text=True)


def test_the_home_s_staff_are_among_the_patient_s_readers(
    app, client, world, home, make_user, make_home_member, sign_in, staff_client, query
):
    former = make_home_member(world.home, make_user(Role.REPRESENTATIVE, name="Åsa Förr"), ended=True)
    assert former.ended_at is not None
    with app.app_context():
        from app.extensions import db
        from app.models import Patient

        readers = patient_readers(db.session.get(Patient, home.erik.id))
        assert [(r.who, r.home, r.sees) for r in readers if r.home] == [
            ("Jonas Lund (Solgläntan)", "Solgläntan", True),
            ("Sara Nilsson (Solgläntan)", "Solgläntan", True),
        ]
    page = words(staff_client.get(f"/personal/patienter/{home.erik.public_id}"))
    assert "Jonas Lund (Solgläntan)" in page and "Åsa Förr" not in page
