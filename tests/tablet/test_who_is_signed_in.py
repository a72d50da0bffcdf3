"""Issue 21, the shared tablet: every page names who is signed in, and the idle warning's
"Logga ut" and "Det är inte jag" sign out at once, keeping what was typed for the signed-in person."""

import json

from app.models import Patient
from tests.support.accounts import PASSWORD, login_code
from tests.support.people import patient_url


def test_every_signed_in_page_names_who_is_signed_in(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient)).text
    banner = page.split('class="acting-banner')[1].split("</section>")[0]
    assert "Inloggad:" in banner and world.patient_user.name in banner


def test_a_helper_sees_both_who_is_signed_in_and_whom_they_help(client, world, sign_in):
    sign_in(client, world.god_man)
    page = client.get(patient_url(world.patient)).text
    banner = page.split('class="acting-banner')[1].split("</section>")[0]
    assert f"<strong>{world.god_man.name}</strong>" in banner
    assert "Du hjälper:" in banner and world.patient.display_name in banner


def test_staff_pages_name_who_is_signed_in_too(client, app, world, sign_in):
    sign_in(client, world.staff)
    page = client.get("/personal/att-gora").text
    assert "Inloggad:" in page and world.staff.name in page


def test_signed_out_pages_name_nobody(client):
    assert "Inloggad:" not in client.get("/logga-in").text


def _typed_edit(client, world):
    edit = f"/personal/patienter/{world.patient.public_id}/andra"
    fields = {"name": ["Maja Andersson Ek"], "preferred_name": ["Majsan"]}
    return edit, {"draft_path": edit, "draft": json.dumps(fields)}


def test_it_is_not_me_keeps_what_was_typed_for_the_signed_in_person(client, app, world, sign_in, query):
    sign_in(client, world.staff)
    edit, typed = _typed_edit(client, world)
    assert client.get(edit).status_code == 200
    response = client.post_form("/logga-ut", {"why": "not_me", **typed}, follow_redirects=True)
    assert "Logga in som dig själv." in response.text
    assert client.get(edit).status_code == 302  # signed out at once
    assert query(lambda s: s.get(Patient, world.patient.id).name) == "Maja Andersson"  # nothing saved

    client.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD, "next": edit})
    response = client.post_form("/logga-in/kod", {"code": login_code(app, world.staff.email)})
    assert response.location == edit
    form = client.get(edit).text
    assert 'value="Maja Andersson Ek"' in form and 'value="Majsan"' in form


def test_the_draft_is_kept_for_the_signed_in_person_only(client, world, sign_in, make_staff):
    colleague = make_staff(world.clinic)
    sign_in(client, world.staff)
    edit, typed = _typed_edit(client, world)
    client.post_form("/logga-ut", {"why": "not_me", **typed})
    sign_in(client, colleague)  # the colleague at the tablet does not get Jonas's text
    assert "Majsan" not in client.get(edit).text


def test_a_malformed_draft_still_signs_out_and_keeps_nothing(client, world, sign_in):
    sign_in(client, world.staff)
    for typed in (
        {"draft_path": "https://evil.example/x", "draft": '{"a": ["b"]}'},
        {"draft_path": "/personal/", "draft": "not json"},
        {"draft_path": "/personal/", "draft": '["a"]'},
        {"draft_path": "/personal/", "draft": '{"a": "not a list"}'},
        {"draft_path": "/personal/", "draft": "x" * 300_000},
    ):
        response = client.post_form("/logga-ut", {"why": "not_me", **typed})
        assert response.status_code == 302 and response.location == "/"
        assert client.get("/personal/att-gora").status_code == 302
        sign_in(client, world.staff)
