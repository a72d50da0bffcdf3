"""The wizard never skips a question and never leaves a person in danger: a double tap answers no
page nobody saw, the worst pain (and "Något har hänt" to the vårdlots) says at once not to wait,
"Har du ont?" is not asked after "Jag har ont", "Jag kommer ensam" stands alone, and staff see
who answered."""

from __future__ import annotations

import time

from sqlalchemy import select

from app.models import Preparation
from tests.staff.conftest import text
from tests.support.people import patient_url

from .test_wizard import answer, preparation, quick_hands, send, shown, start  # noqa: F401

URGENT = (
    "Vänta inte till besöket.",
    "Ring 1177 nu och få råd.",
    "Är det mycket illa? Ring 112.",
    'href="tel:1177"',
    'href="tel:112"',
)


def test_a_post_from_the_page_before_does_not_answer_the_next_step(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    from_first = shown(client, first)
    # Two rapid posts from the first page: the first answers it; the second, sent before the
    # second step was shown, lands on that step and changes nothing there.
    response = client.post_form(first, {"choices": ["ill"], "go": "next", "shown": from_first})
    second = response.location
    assert second.endswith("/steg/ont")
    again = client.post_form(second, {"choice": "no", "go": "next", "shown": from_first})
    assert again.status_code == 200 and "Har du ont?" in text(again)
    assert "Steg 2 av" in text(again) and 'name="shown"' in text(again)
    assert "<title>Fel:" not in again.get_data(as_text=True)  # a double tap is no mistake
    assert "ont" not in preparation(query).answers
    assert preparation(query).step == "ont"
    # No token, a forged one, or one of another preparation: the same, and it says so.
    for token in ("", "x" + from_first, from_first.replace(".", "-", 1)):
        refused = client.post_form(second, {"choice": "no", "go": "next", "shown": token})
        assert refused.status_code == 200 and "ont" not in preparation(query).answers
        assert "<title>Fel:" in refused.get_data(as_text=True)
        assert "Sidan är för gammal." in text(refused)
    # From the second step's own page it is answered.
    assert answer(client, second, {"choice": "no"}).location.endswith("/steg/sedan")
    assert preparation(query).answers["ont"] == {"choice": "no"}


def test_a_double_tap_does_not_answer_a_page_nobody_saw(
    app, monkeypatch, client, world, visits, sign_in, query
):
    monkeypatch.setitem(app.config, "WIZARD_SETTLE_MS", 700)
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    token = shown(client, first)
    time.sleep(0.75)
    second = client.post_form(first, {"choices": ["ill"], "go": "next", "shown": token}).location
    # The second tap of a double tap reaches the next page as it appears: nothing chosen there,
    # a moment after it was made. It changes nothing; the question is shown again.
    token = shown(client, second)
    tap = client.post_form(second, {"go": "next", "shown": token})
    assert tap.status_code == 200 and "Har du ont?" in text(tap)
    assert "ont" not in preparation(query).answers
    # A card chosen is an answer, however quick.
    token = shown(client, second)
    assert client.post_form(second, {"choice": "yes", "go": "next", "shown": token}).status_code == 302
    assert preparation(query).answers["ont"] == {"choice": "yes"}
    # And after a moment, skipping a question is an answer too.
    third = preparation(query).step
    path = second.replace("/steg/ont", f"/steg/{third}")
    token = shown(client, path)
    time.sleep(0.75)
    assert client.post_form(path, {"go": "next", "shown": token}).status_code == 302
    assert third in preparation(query).answers
    # Kontrollera is not sent by a tap that came with the last step's Nästa.
    review = first.replace("/steg/varfor", "/kontrollera")
    last = first.replace("/steg/varfor", "/steg/hjalp")
    token = shown(client, last)
    time.sleep(0.75)
    assert client.post_form(last, {"go": "next", "shown": token}).location.endswith("/kontrollera")
    tap = client.post_form(review, {"shown": token})
    assert tap.status_code == 200 and "Skicka till vårdcentralen" in text(tap)
    assert not preparation(query).submitted
    token = shown(client, review)
    assert client.post_form(review, {"shown": token}).status_code == 200  # too soon
    time.sleep(0.75)
    assert client.post_form(review, {"shown": token}).location.endswith("/skickat")
    assert preparation(query).submitted


def test_the_worst_pain_says_at_once_not_to_wait(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    scale = answer(client, first, {"choices": ["pain"]}).location
    scale = answer(client, scale, {"choices": ["stomach"]}).location
    assert scale.endswith("/steg/hur")
    # On the page, hidden, for the script to show the moment the worst pain is chosen.
    page = text(client.get(scale))
    assert 'data-urgent-field="choice" data-urgent-values="5" hidden' in page
    assert all(words in page for words in URGENT)
    # Without the script: the next page says it, before its question.
    after = answer(client, scale, {"choice": "5"}).location
    assert after.endswith("/steg/sedan?akut=1")
    page = text(client.get(after))
    assert all(words in page for words in URGENT)
    assert page.index("Vänta inte till besöket.") < page.index('class="progress"')
    assert "data-urgent-field" not in page and 'class="urgent"' in page
    # Its own step, opened again, shows it at once; Kontrollera says it too.
    assert 'data-urgent-values="5">' in text(client.get(scale))
    review = text(client.get(first.replace("/steg/varfor", "/kontrollera")))
    assert all(words in review for words in URGENT)
    # Less pain: no notice anywhere.
    answer(client, scale, {"choice": "4"})
    assert "Vänta inte" not in text(client.get(first.replace("/steg/varfor", "/kontrollera")))
    assert 'data-urgent-values="5" hidden' in text(client.get(scale))


def test_something_happened_tells_not_to_wait_for_the_vardlots(client, world, sign_in):
    sign_in(client, world.patient_user)
    write = patient_url(world.patient, "/kontakt/skriv")
    page = text(client.get(write))
    assert 'data-urgent-values="happened" hidden' in page
    assert "Vänta inte på svar från vårdlotsen." in page and 'href="tel:112"' in page
    # A page shown again with the card ticked shows it at once.
    again = client.post_form(write, {"phrases": ["happened"], "text": "x" * 5000})
    assert again.status_code == 200
    assert 'data-urgent-values="happened" hidden' not in text(again)
    assert "Vänta inte på svar från vårdlotsen." in text(again)
    sent = client.post_form(write, {"phrases": ["happened"], "text": "Jag ramlade."})
    assert sent.status_code == 302 and sent.location.endswith("?akut=1")
    page = text(client.get(sent.location))
    assert "Vänta inte på svar från vårdlotsen." in page and 'href="tel:1177"' in page
    other = client.post_form(write, {"phrases": ["time"]})
    assert "akut" not in other.location


def test_jag_har_ont_is_not_asked_again_and_alone_stands_alone(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    # Steg 1 counts "Har du ont?"; once "Jag har ont" is chosen it is not asked.
    assert "Steg 1 av 9" in text(client.get(first))
    body = answer(client, first, {"choices": ["pain", "ill"]}).location
    assert body.endswith("/steg/var") and "Steg 2 av 8" in text(client.get(body))
    ont = first.replace("/steg/varfor", "/steg/ont")
    assert client.get(ont).location.endswith("/steg/var")
    assert answer(client, ont, {"choice": "no"}).status_code == 302
    assert "ont" not in preparation(query).answers
    # Not in pain after all: the question comes back.
    assert answer(client, first, {"choices": ["ill"]}).location.endswith("/steg/ont")
    # "Jag kommer ensam": its page tells the script; both together get easy words, no change.
    vem = first.replace("/steg/varfor", "/steg/vem")
    assert 'data-alone="alone"' in text(client.get(vem))
    both = answer(client, vem, {"choices": ["alone", "interpreter"]})
    assert both.status_code == 200 and "Välj ett av dem." in text(both)
    assert "vem" not in preparation(query).answers


def test_a_helper_says_who_answered_and_staff_see_it(
    client, make_client, world, visits, sign_in, act_for, query
):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    first = start(client, world.patient, visits.visit.public_id)
    answer(client, first, {"choices": ["check"]}, go="kontrollera")
    review = first.replace("/steg/varfor", "/kontrollera")
    page = text(client.get(review))
    for words in (
        "Vem svarade på frågorna?",
        "Maja svarade själv",
        "Jag svarade för Maja",
        "Vi svarade tillsammans",
    ):
        assert words in page, words
    bad = send(client, review, {"who": "the cat"})
    assert bad.status_code == 200 and "Välj bland korten." in text(bad)
    assert not preparation(query).submitted
    assert send(client, review, {"who": "together"}).location.endswith("/skickat")
    prep = preparation(query)
    assert prep.submitted and prep.answered_by == "together"
    said = "Maja och Birgitta Svensson svarade tillsammans."
    sent = patient_url(world.patient, f"/forbered/{prep.public_id}/skickat")
    assert said in text(client.get(sent))
    assert said in text(client.get(sent.replace("/skickat", "/utskrift")))
    staff = make_client()
    sign_in(staff, world.staff)
    staff_page = f"/personal/patienter/{world.patient.public_id}/forberedelser/{prep.public_id}"
    assert said in text(staff.get(staff_page))


def test_a_patient_on_their_own_answered_themselves(client, world, visits, sign_in, query):
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    answer(client, first, {"choices": ["check"]}, go="kontrollera")
    review = first.replace("/steg/varfor", "/kontrollera")
    assert "Vem svarade" not in text(client.get(review))
    assert send(client, review, {"who": "representative"}).status_code == 302
    prep = query(lambda s: s.scalars(select(Preparation)).one())
    assert prep.answered_by == "patient"
