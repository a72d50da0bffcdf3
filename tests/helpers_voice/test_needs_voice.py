"""Helpers are spoken to as helpers on the needs pages: questions about the patient by name, one
pronoun form on the overview, and a read-only helper's way forward, "Föreslå en ändring"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AccessEvent, Conversation, Role, Scope
from tests.staff.conftest import text
from tests.support.accounts import latest_mail
from tests.support.people import patient_url


def needs_url(patient, rest: str = "/") -> str:
    return patient_url(patient, "/anpassningar" + rest)


@pytest.fixture
def helper_client(make_client, world, sign_in, act_for):
    client = make_client()
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    return client


@pytest.fixture
def reader(make_client, world, make_user, make_mandate, sign_in, act_for):
    """Jonas Lund, group-home staff who may see Maja's needs and prepare visits, not change."""
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, jonas, scopes={Scope.SEE, Scope.PREPARE_VISITS})
    client = make_client()
    sign_in(client, jonas)
    act_for(client, world.patient)
    client.user = jonas
    return client


def test_a_helper_is_asked_about_the_patient_by_name(helper_client, world):
    page = text(helper_client.get(needs_url(world.patient, "/om-mig/ont")))
    assert "Vad gör Maja när det gör ont?" in page
    assert "Vad ser andra på Maja?" in page
    assert "Vad gör du när det gör ont?" not in page and "Vad ser andra på dig?" not in page
    assert "Skriv som Maja skulle säga det, med jag." in page
    page = text(helper_client.get(needs_url(world.patient, "/om-mig/prata")))
    assert "Hur säger Maja ja? Hur säger Maja nej?" in page
    category = text(helper_client.get(needs_url(world.patient, "/behov/tid")))
    assert "Vad behöver Maja när ni bokar en tid?" in category
    assert "Skriv hur lång tid Maja behöver." in category
    assert "Skriv hur lång tid du behöver." not in category
    assert 'aria-label="Vad behöver Maja när ni bokar en tid?"' in category


def test_the_patient_is_still_asked_as_du(make_client, world, sign_in):
    client = make_client()
    sign_in(client, world.patient_user)
    page = text(client.get(needs_url(world.patient, "/om-mig/ont")))
    assert "Vad gör du när det gör ont?" in page and "Maja" not in page.split("<main")[-1]
    category = text(client.get(needs_url(world.patient, "/behov/tid")))
    assert "Skriv hur lång tid du behöver." in category


def test_the_overview_uses_one_form_for_each_reader(helper_client, make_client, world, sign_in):
    page = text(helper_client.get(needs_url(world.patient, "/")))
    assert "Här står vad Maja behöver på vårdcentralen." in page
    assert "Det här behöver Maja" in page and "Om Maja" in page
    assert " hen " not in page  # the name, not the name and a pronoun by turns
    client = make_client()
    sign_in(client, world.patient_user)
    own = text(client.get(needs_url(world.patient, "/")))
    assert "Här berättar du vad du behöver" in own
    assert "Det här behöver du" in own and "Om dig" in own
    assert "Det här behöver jag" not in own and ">Om mig<" not in own


def test_a_reader_sees_no_edit_buttons_and_a_way_to_suggest(reader, world):
    html = text(reader.get(needs_url(world.patient, "/")))
    assert needs_url(world.patient, "/behov/") not in html
    assert needs_url(world.patient, "/om-mig/") not in html
    assert "Föreslå en ändring" in html and needs_url(world.patient, "/foresla") in html
    form = text(reader.get(needs_url(world.patient, "/foresla")))
    assert "Vad gäller det?" in form and "Kommunikation" in form
    assert "Birgitta Svensson får också ett mejl om ditt förslag." in form


def test_a_suggestion_reaches_the_inbox_the_god_man_and_the_log(
    reader, world, query, app, make_client, sign_in
):
    response = reader.post_form(
        needs_url(world.patient, "/foresla"),
        {"about": "communication", "text": "Maja använder bildkort nu, inte talapparat."},
    )
    assert response.status_code == 302
    conversation = query(
        lambda s: s.scalar(select(Conversation).where(Conversation.patient_id == world.patient.id))
    )
    assert conversation.kind == "suggestion" and conversation.about == "communication"
    logged = query(
        lambda s: s.scalars(
            select(AccessEvent.object_type).where(
                AccessEvent.patient_id == world.patient.id, AccessEvent.user_id == reader.user.id
            )
        ).all()
    )
    assert "suggestion" in logged
    mail = latest_mail(app, world.god_man.email)
    body = mail.get_content()
    assert "Jonas Lund föreslår en ändring av Majas anpassningar" in body
    assert conversation.public_id in body
    # The reader sees it under Kontakta vårdlotsen, and so does the god man.
    shown = text(reader.get(response.location))
    assert "Maja använder bildkort nu" in shown
    staff = make_client()
    sign_in(staff, world.staff)
    inbox = text(staff.get("/personal/inkorg"))
    assert "Förslag om anpassningar från Jonas Lund" in inbox
    page = text(staff.get(f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"))
    assert "Ett förslag om anpassningarna." in page and "Kommunikation" in page


@pytest.mark.parametrize(
    "data, error",
    [
        ({"about": "communication", "text": "   "}, "Skriv vad som ska ändras."),
        ({"about": "nonsense", "text": "Bildkort"}, "Välj vad det gäller."),
        ({"about": "alla", "text": "x" * 1001}, "1000"),
    ],
)
def test_a_bad_suggestion_is_refused_in_easy_words_and_changes_nothing(reader, world, query, data, error):
    response = reader.post_form(needs_url(world.patient, "/foresla"), data)
    assert response.status_code == 200
    assert error in text(response)
    assert (
        query(lambda s: s.scalar(select(Conversation).where(Conversation.patient_id == world.patient.id)))
        is None
    )


def test_who_may_change_the_needs_is_not_told_they_may_not(helper_client, world):
    page = text(helper_client.get(needs_url(world.patient, "/foresla")))
    assert "Skriv vad som ska ändras." in page and "men inte ändra dem" not in page
    overview = text(helper_client.get(needs_url(world.patient, "/")))
    assert "Föreslå en ändring" not in overview  # they change it themself


def test_every_free_text_page_has_its_prompts_for_a_helper():
    from app.needs.catalogue import SECTIONS

    for section in SECTIONS:
        assert len(section.prompts_for) == len(section.prompts), section.slug
        assert section.title_for, section.slug
