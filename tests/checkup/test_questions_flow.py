"""The questions before the health check, end to end with the test client: the start page asks
who answers, one question a page saved at once, back and forward, Kontrollera with Ändra, Skicka,
read-only after sending with Ändra until the check is done, and every step in the access log."""

from __future__ import annotations

from app.models import HealthCheck
from tests.support.people import patient_url

from .question_helpers import make_round, page_url, questionnaire, revision_of


def _answer(client, query, check, patient, key, data, go="next"):
    return client.post_form(
        page_url(patient, f"fraga/{key}"), {"revision": revision_of(query, check), "go": go, **data}
    )


def test_no_open_round_no_questions(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(page_url(world.patient))
    assert page.status_code == 200
    assert "Det finns inga frågor just nu." in page.get_data(as_text=True)
    assert client.get(page_url(world.patient, "fraga/sova")).status_code == 404
    assert client.get(page_url(world.patient, "kontrollera")).status_code == 404


def test_the_patient_answers_checks_and_sends(client, world, sign_in, query, events):
    check = make_round(query, world.patient)
    sign_in(client, world.patient_user)
    start = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Vem svarar på frågorna?" in start and "Jag svarar själv" in start
    assert "Jag hjälper till och svarar" not in start  # a helper's choice
    begun = client.post_form(page_url(world.patient, "starta"), {"who": "together"})
    assert begun.status_code == 302 and begun.headers["Location"].endswith("/fraga/sova")
    page = client.get(page_url(world.patient, "fraga/sova")).get_data(as_text=True)
    assert "Hur sover du?" in page and "Vill inte svara" in page and "Jag vet inte" in page
    assert "Steg 1 av" in page

    saved = _answer(client, query, check, world.patient, "sova", {"choice": "some", "text": "Vaknar."})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/fraga/ata")
    assert questionnaire(query, check).answers["sova"] == {"choice": "some", "text": "Vaknar."}
    # Back keeps what is saved and goes to the question before.
    back = _answer(client, query, check, world.patient, "ata", {"choice": "ok"}, go="back")
    assert back.headers["Location"].endswith("/fraga/sova")
    assert 'value="some" checked' in client.get(page_url(world.patient, "fraga/sova")).get_data(as_text=True)
    # Pain leads to the body map; no pain skips it.
    pain = _answer(client, query, check, world.patient, "ont", {"choice": "2"})
    assert pain.headers["Location"].endswith("/fraga/var")
    moved = _answer(client, query, check, world.patient, "var", {"choices": ["head", "ear"]})
    assert moved.headers["Location"].endswith("/fraga/humor")
    no_pain = _answer(client, query, check, world.patient, "ont", {"choice": "0"})
    assert no_pain.headers["Location"].endswith("/fraga/humor")
    assert client.get(page_url(world.patient, "fraga/var")).status_code == 302

    review = client.get(page_url(world.patient, "kontrollera")).get_data(as_text=True)
    assert "Lite problem" in review and "Vaknar." in review and "Ändra" in review
    assert "/fraga/sova?fran=kontrollera" in review.replace("&amp;", "&")
    sent = client.post_form(page_url(world.patient, "kontrollera"), {"revision": revision_of(query, check)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/skickat")
    row = questionnaire(query, check)
    assert row.sent and row.times_sent == 1 and row.who == "together" and row.acting_as == "patient"
    after = client.get(page_url(world.patient, "skickat")).get_data(as_text=True)
    assert "Svaren är skickade." in after and "Lite problem" in after
    # Read-only after sending: a question's page says so and goes to the sent page.
    assert client.get(page_url(world.patient, "fraga/sova")).headers["Location"].endswith("/skickat")

    # Ändra, change one answer, send again: recorded as a second sending.
    reopened = client.post_form(page_url(world.patient, "andra"), {"revision": revision_of(query, check)})
    assert reopened.headers["Location"].endswith("/kontrollera")
    _answer(client, query, check, world.patient, "sova", {"choice": "ok"}, go="kontrollera")
    client.post_form(page_url(world.patient, "kontrollera"), {"revision": revision_of(query, check)})
    row = questionnaire(query, check)
    assert row.sent and row.times_sent == 2 and row.answers["sova"]["choice"] == "ok"

    logged = {(e[2], e[3]) for e in events(user_id=world.patient_user.id)}
    assert ("create", "health_questionnaire") in logged
    assert ("update", "health_questionnaire") in logged
    assert ("update", "health_questionnaire.send") in logged
    assert ("update", "health_questionnaire.reopen") in logged
    assert ("read", "questions.step") in logged and ("read", "questions.review") in logged


def test_no_changes_once_the_check_is_done(client, world, sign_in, query):
    check = make_round(query, world.patient)
    sign_in(client, world.patient_user)
    client.post_form(page_url(world.patient, "starta"), {"who": "patient"})
    _answer(client, query, check, world.patient, "sova", {"choice": "ok"})
    client.post_form(page_url(world.patient, "kontrollera"), {"revision": revision_of(query, check)})
    query(lambda s: (setattr(s.get(HealthCheck, check.id), "outcome", "done"), s.commit()))
    # The round is over: no open round, so no questions and no Ändra.
    assert (
        client.post_form(
            page_url(world.patient, "andra"), {"revision": revision_of(query, check)}
        ).status_code
        == 404
    )
    assert questionnaire(query, check).sent


def test_hem_shows_the_questions_while_a_round_is_open_and_they_are_not_sent(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    home = patient_url(world.patient)
    assert "Svara på frågorna" not in client.get(home).get_data(as_text=True)  # no open round
    check = make_round(query, world.patient)
    html = client.get(home).get_data(as_text=True)
    assert "Frågor före hälsokontrollen" in html and page_url(world.patient) in html
    client.post_form(page_url(world.patient, "starta"), {"who": "patient"})
    _answer(client, query, check, world.patient, "sova", {"choice": "ok"})
    assert "Svara på frågorna" in client.get(home).get_data(as_text=True)  # begun, not sent
    client.post_form(page_url(world.patient, "kontrollera"), {"revision": revision_of(query, check)})
    assert "Svara på frågorna" not in client.get(home).get_data(as_text=True)


def test_the_patients_log_names_the_questions_in_words(client, world, sign_in, query):
    check = make_round(query, world.patient)
    sign_in(client, world.god_man)
    client.post_form(page_url(world.patient, "starta"), {"who": "helper"})
    _answer(client, query, check, world.patient, "sova", {"choice": "ok"})
    sign_in(client, world.patient_user)
    log = client.get(patient_url(world.patient, "/vem-har-tittat")).get_data(as_text=True)
    assert "dina svar före hälsokontrollen" in log
