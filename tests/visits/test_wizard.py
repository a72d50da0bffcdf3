"""The preparation wizard through the HTTP client: one question per page, saved at every step,
skipping what does not apply, back and forward without losing answers, resuming from another
device or after a timeout, Kontrollera, sending, and the clinic reading it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.models import AuthSession, Mandate, Preparation, Scope, VisitRequest, utcnow
from tests.staff.conftest import text
from tests.support.accounts import PASSWORD
from tests.support.people import patient_url


def start(client, patient, visit_id: str = "ingen") -> str:
    """Start (or continue) a preparation; returns the path of the step it opens at."""
    response = client.post_form(patient_url(patient, "/forbered/starta"), {"visit": visit_id})
    assert response.status_code == 302, response.status_code
    return response.location


SHOWN = re.compile(r'name="shown" value="([^"]+)"')


@pytest.fixture(autouse=True)
def quick_hands(app, monkeypatch):
    """The test client answers at machine speed: no wait for a person to look at each page
    (test_a_double_tap_does_not_answer_a_page_nobody_saw puts the wait back)."""
    monkeypatch.setitem(app.config, "WIZARD_SETTLE_MS", 0)


def shown(client, path: str) -> str:
    """The token of the page at `path`: which step it showed (see prepare_routes.shown_token)."""
    found = SHOWN.search(client.get(path).get_data(as_text=True))
    return found[1] if found else ""


def answer(client, path: str, data: dict, go: str = "next"):
    """Answer a step as a browser does: from that step's own page."""
    return client.post_form(path, {**data, "go": go, "shown": shown(client, path)})


def send(client, review: str, data: dict | None = None):
    """Press Skicka on Kontrollera, from that page."""
    return client.post_form(review, {**(data or {}), "shown": shown(client, review)})


def preparation(query) -> Preparation:
    return query(lambda s: s.scalars(select(Preparation)).one())


def test_whole_wizard_with_pain_then_send_and_the_clinic_reads_it(
    client, make_client, world, visits, sign_in, query, events
):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    assert first.endswith("/steg/varfor")
    page = text(client.get(first))
    # Until "Har du ont?" is answered, the pain steps are counted: the total never grows.
    assert "Steg 1 av 9" in page and "Varför vill du komma?" in page

    # Why: pain. "Har du ont?" is then not asked: the pain pages come at once.
    response = answer(client, first, {"choices": ["pain", "medicine"], "text": "Magen"})
    assert response.location.endswith("/steg/var")
    assert preparation(query).answers["varfor"] == {"choices": ["pain", "medicine"], "text": "Magen"}
    page = text(client.get(response.location))
    assert "Steg 2 av 8" in page and "Framsidan" in page and "Baksidan" in page
    assert client.get(first.replace("/steg/varfor", "/steg/ont")).location.endswith("/steg/var")
    response = answer(client, response.location, {"choices": ["stomach", "lower_back", "ear"]})
    assert response.location.endswith("/steg/hur")
    response = answer(client, response.location, {"choice": "4"})
    assert response.location.endswith("/steg/sedan")
    response = answer(client, response.location, {"choice": "week"})
    response = answer(client, response.location, {"choices": ["afraid", "tired"]})
    assert response.location.endswith("/steg/fragor")
    response = answer(client, response.location, {"choices": ["what_wrong"], "text": "Får jag äta?"})
    response = answer(client, response.location, {"choices": ["god_man"], "text": "Birgitta"})
    assert response.location.endswith("/steg/hjalp")
    response = answer(client, response.location, {"choices": ["quiet_room", "pictures"]})
    # A patient is not asked what a helper wants to tell: straight to Kontrollera.
    assert response.location.endswith("/kontrollera")
    review = text(client.get(response.location))
    for said in (
        "Jag har ont",
        "Magen",
        "Nedre delen av ryggen",
        "Örat",
        "Väldigt mycket ont",
        "En vecka eller mer",
        "Rädd eller orolig",
        "Får jag äta?",
        "Birgitta",
        "Vänta i ett lugnt rum",
        "Skicka till vårdcentralen",
    ):
        assert said in review, said
    assert review.count("?fran=kontrollera") == 8  # a change link for every question
    assert "Har du ont?" not in review

    response = send(client, response.location)
    assert response.status_code == 302 and response.location.endswith("/skickat")
    sent = text(client.get(response.location))
    assert "Vårdcentralen har inte läst än" in sent and "Så går besöket till" in sent
    prep = preparation(query)
    assert prep.submitted and prep.submitted_acting_as == "patient"

    # The clinic: in the list of new things, read, marked read.
    staff = make_client()
    sign_in(staff, world.staff)
    new = text(staff.get("/personal/inkorg"))
    assert "Förberedelse från Maja Andersson" in new
    staff_page = f"/personal/patienter/{world.patient.public_id}/forberedelser/{prep.public_id}"
    shown = text(staff.get(staff_page))
    assert "Väldigt mycket ont" in shown and "Får jag äta?" in shown
    assert staff.post_form(f"{staff_page}/last", {}).status_code == 302
    assert "Förberedelse från Maja" not in text(staff.get("/personal/inkorg"))
    assert "Vårdcentralen har läst." in text(client.get(response.location))
    assert "Vårdcentralen har läst." in text(
        client.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}"))
    )
    actions = [(e[2], e[3]) for e in events(patient_id=world.patient.id)]
    assert ("update", "preparation") in actions and ("create", "preparation") in actions


def test_no_pain_skips_the_body_map_and_the_pain_scale(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    response = answer(client, first, {"choices": ["check"]})
    response = answer(client, response.location, {"choice": "no"})
    assert response.location.endswith("/steg/kansla")
    assert "Steg 3 av 6" in text(client.get(response.location))
    # Going to the body map by its address leads back to where the person is.
    skipped = client.get(first.replace("/steg/varfor", "/steg/var"))
    assert skipped.status_code == 302 and skipped.location.endswith("/steg/kansla")


def test_back_and_forward_keep_every_answer(client, world, visits, sign_in):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    second = answer(client, first, {"choices": ["ill"], "text": "Hosta"}).location
    back = answer(client, second, {"choice": "unsure"}, go="back")
    assert back.location == first
    page = text(client.get(first))
    assert re.search(r'value="ill" checked', page) and "Hosta" in page
    forward = answer(client, first, {"choices": ["ill"], "text": "Hosta"})
    assert 'value="unsure" checked' in text(client.get(forward.location))


def test_leave_and_continue_on_another_device_at_the_same_step(client, make_client, world, visits, sign_in):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    second = answer(client, first, {"choices": ["vaccination"]}).location
    third = answer(client, second, {"choice": "no"}).location

    tablet = make_client()
    sign_in(tablet, world.patient_user)
    assert start(tablet, world.patient, visits.visit.public_id) == third
    assert "Steg 3 av 6" in text(tablet.get(third))


def test_a_step_sent_after_the_session_timed_out_comes_back_with_its_answers(
    client, world, visits, sign_in, query
):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    second = answer(client, first, {"choices": ["ill"]}).location
    third = answer(client, second, {"choice": "yes"}).location  # the body map
    assert client.get(third).status_code == 200
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    response = client.post(
        third, data={"csrf_token": token, "go": "next", "choices": ["stomach", "ear"], "text": "Efter maten"}
    )
    assert response.status_code == 302 and "/logga-in" in response.location
    assert "var" not in preparation(query).answers

    response = client.post_form(
        "/logga-in", {"email": world.patient_user.email, "password": PASSWORD, "next": third}
    )
    assert response.location == third
    page = text(client.get(third))
    assert 'value="stomach" checked' in page and 'value="ear" checked' in page
    assert "Efter maten" in page and "Ingenting är sparat än" in page
    assert "Steg 3 av" in page
    response = answer(client, third, {"choices": ["stomach", "ear"], "text": "Efter maten"})
    assert response.status_code == 302
    assert preparation(query).answers["var"]["choices"] == ["stomach", "ear"]
    # Earlier answers were on the server all along.
    assert preparation(query).answers["varfor"]["choices"] == ["ill"]


def test_bad_answers_get_easy_words_and_change_nothing(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    for data, words in [
        ({"choices": ["dragon"]}, "Välj bland korten."),
        ({"choices": ["ill"], "text": "x" * 501}, "Texten är för lång"),
        ({"choices": ["ill"], "text": "x" * 100_000}, "Texten är för lång"),
        ({"choices": ["ill"], "text": "a\x00b"}, "tecken som inte går att spara"),
    ]:
        response = answer(client, first, data)
        assert response.status_code == 200 and words in text(response)
    assert preparation(query).answers == {}
    path = first.replace("/steg/varfor", "/steg/vem")
    response = answer(client, path, {"choices": ["alone", "relative"]})
    assert response.status_code == 200 and "Välj ett av dem" in text(response)
    assert "vem" not in preparation(query).answers
    # An unknown step, or someone else's preparation, does not exist.
    assert client.get(re.sub(r"/steg/\w+$", "/steg/drake", path)).status_code == 404
    assert client.get(patient_url(world.patient, f"/forbered/{'0' * 32}/steg/varfor")).status_code == 404
    # A forged form (no CSRF token) is refused and changes nothing.
    forged = client.post(path, data={"choices": ["relative"], "go": "next"})
    assert forged.status_code == 400 and "vem" not in preparation(query).answers


def test_nothing_answered_cannot_be_sent(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    review = first.replace("/steg/varfor", "/kontrollera")
    response = send(client, review)
    assert response.status_code == 200 and "Du har inte svarat på något än" in text(response)
    assert not preparation(query).submitted


def test_a_sent_preparation_can_be_changed_and_sent_again(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    answer(client, first, {"choices": ["check"]})
    review = first.replace("/steg/varfor", "/kontrollera")
    assert send(client, review).status_code == 302
    # Once sent, the steps lead to the sent page.
    assert client.get(first).location.endswith("/skickat")
    reopen = first.replace("/steg/varfor", "/andra")
    assert client.post_form(reopen, {}).location.endswith("/kontrollera")
    assert not preparation(query).submitted
    answer(client, first, {"choices": ["check", "medicine"]}, go="kontrollera")
    assert send(client, review).status_code == 302
    prep = preparation(query)
    assert prep.submitted and prep.read_at is None
    assert prep.answers["varfor"]["choices"] == ["check", "medicine"]


def test_a_helper_prepares_and_adds_what_they_want_to_tell(client, world, visits, sign_in, act_for, query):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    first = start(client, world.patient, visits.visit.public_id)
    page = text(client.get(first))
    # The helper is asked about Maja, in the heading and in the question read aloud.
    assert page.count("Varför ska Maja komma?") >= 2 and "Varför vill du komma?" not in page
    response = answer(client, first, {"choices": ["check"]})
    response = answer(client, response.location, {"choice": "no"})
    for data in ({"choices": []}, {"choices": []}, {"choices": ["god_man"]}, {"choices": []}):
        response = answer(client, response.location, data)
    assert response.location.endswith("/steg/beratta")
    response = answer(client, response.location, {"text": "Maja har sovit dåligt."})
    assert response.location.endswith("/kontrollera")
    assert send(client, response.location).status_code == 302
    prep = preparation(query)
    assert prep.submitted_acting_as == "representative"
    assert prep.answers["beratta"]["text"] == "Maja har sovit dåligt."


def test_the_needs_step_starts_from_mina_anpassningar(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    client.post_form(
        patient_url(world.patient, "/anpassningar/behov/rummet"),
        {"version": "0", "need_quiet_room": "y", "need_dim_light": "y"},
    )
    first = start(client, world.patient, visits.visit.public_id)
    page = text(client.get(first.replace("/steg/varfor", "/steg/hjalp")))
    assert 'value="quiet_room" checked' in page and 'value="dim_light" checked' in page
    assert 'value="longer_visit"' in page and 'value="longer_visit" checked' not in page


def test_without_a_booked_visit_it_goes_to_the_vardlots_as_a_request(
    client, make_client, world, sign_in, query
):
    sign_in(client, world.patient_user)
    first = start(client, world.patient)
    assert "Inför:" not in text(client.get(first))
    answer(client, first, {"choices": ["ill", "certificate"], "text": "Ont i halsen"})
    review = first.replace("/steg/varfor", "/kontrollera")
    assert "vårdlotsen hör av sig" in text(client.get(review)).lower()
    sent = send(client, review)
    assert "ringer eller skriver" in text(client.get(sent.location))
    request = query(lambda s: s.scalars(select(VisitRequest)).one())
    assert request.reasons == ["ill", "certificate"] and request.preparation_id is not None
    staff = make_client()
    sign_in(staff, world.staff)
    new = text(staff.get("/personal/inkorg"))
    assert "Ingen bokad tid" in new
    # The request shows once, as the preparation.
    assert new.count("Förberedelse från Maja Andersson") == 1
    assert "Maja Andersson vill ha en tid" not in new


def test_a_helper_without_the_prepare_right_can_read_but_not_prepare(
    client, world, visits, sign_in, act_for, query, make_user, make_mandate
):
    from app.models import Role

    helper = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, helper, scopes={Scope.SEE})
    sign_in(client, helper)
    act_for(client, world.patient)
    index = client.get(patient_url(world.patient, "/forbered/"))
    assert index.status_code == 200 and "Du får inte förbereda besök" in text(index)
    assert (
        client.post_form(
            patient_url(world.patient, "/forbered/starta"), {"visit": visits.visit.public_id}
        ).status_code
        == 403
    )
    assert client.get(patient_url(world.patient, "/besok/be-om-tid")).status_code == 403
    assert client.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")).status_code == 200
    assert query(lambda s: s.scalars(select(Preparation)).all()) == []


def test_a_revoked_helper_is_refused(client, world, visits, sign_in, act_for, query):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    first = start(client, world.patient, visits.visit.public_id)
    query(lambda s: (s.execute(update(Mandate).values(status="revoked")), s.commit()))
    assert answer(client, first, {"choices": ["ill"]}).status_code in (302, 403)
    assert preparation(query).answers == {}


def test_back_from_a_page_with_a_mistake_goes_back_and_keeps_the_saved_answer(
    client, world, visits, sign_in, query
):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    path = first.replace("/steg/varfor", "/steg/vem")
    answer(client, path, {"choices": ["relative"]})
    back = answer(client, path, {"choices": ["alone", "relative"]}, go="back")
    assert back.status_code == 302 and back.location.endswith("/steg/fragor")
    assert preparation(query).answers["vem"] == {"choices": ["relative"], "text": ""}
    page = text(client.get(back.location))
    assert "Det nya svaret är inte sparat, för att något var fel." in page
    assert "Vem kommer med dig?" in page


def test_a_helper_sees_who_sent_it_before_changing_it(
    client, make_client, world, visits, sign_in, act_for, query
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    first = start(patient, world.patient, visits.visit.public_id)
    answer(patient, first, {"choices": ["check"]})
    send(patient, first.replace("/steg/varfor", "/kontrollera"))
    sent = first.replace("/steg/varfor", "/skickat")
    assert "Det här skickade du" in text(patient.get(sent))

    sign_in(client, world.god_man)
    act_for(client, world.patient)
    index = text(client.get(patient_url(world.patient, "/forbered/")))
    assert "Se det som är skickat" in index and "Se det du skickade" not in index
    page = text(client.get(sent))
    assert "Maja Andersson skickade det här" in page
    assert "Om du trycker på Ändra, ändrar du i det som Maja Andersson skickade." in page
    assert "Det här skickades" in page and "Det här skickade du" not in page
