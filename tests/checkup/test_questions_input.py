"""Bad input to the questions before the health check: each refused in easy words, nothing
changed, the typed text kept: a card that is not one, too long a text, "Jag vet inte" with
another card, a page shown before a newer save (another tab, a replayed post), a broken
revision, an unknown question, sending nothing."""

from __future__ import annotations

from .question_helpers import make_round, page_url, questionnaire, revision_of


def _begin(client, world, sign_in, query):
    check = make_round(query, world.patient)
    sign_in(client, world.patient_user)
    client.post_form(page_url(world.patient, "starta"), {"who": "patient"})
    return check


def test_an_unknown_card_is_refused(client, world, sign_in, query):
    check = _begin(client, world, sign_in, query)
    before = revision_of(query, check)
    page = client.post_form(
        page_url(world.patient, "fraga/sova"), {"revision": before, "choice": "evil", "text": "Min text"}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Välj bland korten." in html and "Min text" in html
    assert revision_of(query, check) == before and "sova" not in questionnaire(query, check).answers


def test_too_long_a_text_is_refused_with_the_text_kept(client, world, sign_in, query):
    check = _begin(client, world, sign_in, query)
    long_text = "Jag sover dåligt. " * 30  # over 300
    page = client.post_form(
        page_url(world.patient, "fraga/sova"),
        {"revision": revision_of(query, check), "choice": "some", "text": long_text},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Texten är för lång. Skriv högst 300 tecken." in html
    assert long_text.strip() in html
    assert "sova" not in questionnaire(query, check).answers
    talk = client.post_form(
        page_url(world.patient, "fraga/prata"), {"revision": revision_of(query, check), "text": "x" * 1001}
    )
    assert "Skriv högst 1000 tecken." in talk.get_data(as_text=True)


def test_dont_know_with_another_card_is_refused(client, world, sign_in, query):
    check = _begin(client, world, sign_in, query)
    page = client.post_form(
        page_url(world.patient, "fraga/humor"),
        {"revision": revision_of(query, check), "choices": ["sad", "unsure"]},
    )
    assert "Välj ett av dem." in page.get_data(as_text=True)
    assert "humor" not in questionnaire(query, check).answers


def test_a_stale_page_is_refused_in_words_and_keeps_the_answer(client, world, sign_in, query):
    check = _begin(client, world, sign_in, query)
    old = revision_of(query, check)
    # Another tab saves in between.
    client.post_form(page_url(world.patient, "fraga/sova"), {"revision": old, "choice": "ok"})
    stale = client.post_form(
        page_url(world.patient, "fraga/sova"),
        {"revision": old, "choice": "much", "text": "Från första fliken"},
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "Svaren har ändrats sedan sidan öppnades." in html
    assert "Från första fliken" in html and 'value="much" checked' in html
    assert questionnaire(query, check).answers["sova"]["choice"] == "ok"
    # The page shown again carries the new revision: tapping again saves what is kept.
    assert f'name="revision" value="{revision_of(query, check)}"' in html
    again = client.post_form(
        page_url(world.patient, "fraga/sova"),
        {"revision": revision_of(query, check), "choice": "much", "text": "Från första fliken"},
    )
    assert again.status_code == 302 and questionnaire(query, check).answers["sova"]["choice"] == "much"


def test_a_replayed_send_and_a_broken_revision_change_nothing(client, world, sign_in, query):
    check = _begin(client, world, sign_in, query)
    client.post_form(
        page_url(world.patient, "fraga/sova"), {"revision": revision_of(query, check), "choice": "ok"}
    )
    old = revision_of(query, check)
    client.post_form(page_url(world.patient, "kontrollera"), {"revision": old})
    client.post_form(page_url(world.patient, "andra"), {"revision": revision_of(query, check)})
    replayed = client.post_form(page_url(world.patient, "kontrollera"), {"revision": old})
    assert replayed.status_code == 200 and "Svaren har ändrats" in replayed.get_data(as_text=True)
    assert not questionnaire(query, check).sent
    broken = client.post_form(page_url(world.patient, "kontrollera"), {"revision": "abc"})
    assert broken.status_code == 200 and "Sidan är för gammal." in broken.get_data(as_text=True)
    assert client.post_form(page_url(world.patient, "kontrollera"), {}).status_code == 200
    assert not questionnaire(query, check).sent


def test_sending_nothing_is_refused(client, world, sign_in, query):
    check = _begin(client, world, sign_in, query)
    page = client.post_form(page_url(world.patient, "kontrollera"), {"revision": revision_of(query, check)})
    assert "Du har inte svarat på något än." in page.get_data(as_text=True)
    assert not questionnaire(query, check).sent


def test_unknown_question_and_who(client, world, sign_in, query):
    _begin(client, world, sign_in, query)
    assert client.get(page_url(world.patient, "fraga/nothing")).status_code == 404
    refused = client.post_form(page_url(world.patient, "starta"), {"who": "helper"})  # not the patient's
    assert refused.status_code == 200 and "Välj bland korten." in refused.get_data(as_text=True)
