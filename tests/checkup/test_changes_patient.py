"""Något har ändrats on the patient's side: a helper with see-and-prepare notes a change in a few
taps (area, since when, how; Kontrollera; Skicka), the clinic gets it in the inbox (urgent for a
fall), the receipt and the list of notes; a form sent twice, a forged key, too long a text and an
unknown area are refused in words with nothing changed."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_date
from sqlalchemy import func, select

from app.core.clock import local_now
from app.models import ChangeNote, ContactMessage, Conversation, ConversationKind, Mandate, Scope, utcnow

from .change_helpers import form_key, note_change, note_form, notes, page_url


def _see_and_prepare(query, world):
    query(
        lambda s: (s.get(Mandate, world.mandate.id).set_scopes({Scope.SEE, Scope.PREPARE_VISITS}), s.commit())
    )


def test_a_helper_with_see_and_prepare_notes_a_change(client, world, sign_in, query, events):
    _see_and_prepare(query, world)
    sign_in(client, world.god_man)
    sent = note_change(client, world.patient, area="sleep", since="week", how="Hon vaknar varje natt.")
    assert sent.status_code == 302
    [note] = notes(query, world.patient)
    assert (note.area, note.since, note.how, note.urgent) == (
        "sleep",
        "week",
        "Hon vaknar varje natt.",
        False,
    )
    assert note.acting_as == "representative" and note.user_id == world.god_man.id
    assert note.mandate_id == world.mandate.id
    receipt = client.get(sent.headers["Location"])
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200 and "Vårdcentralen har fått det" in html and "Sömn" in html
    assert "Ring 112" not in html  # not urgent
    # The conversation in the clinic's inbox: its first message says the note in words.
    conversation = query(lambda s: s.get(Conversation, note.conversation_id))
    assert conversation.kind is ConversationKind.CHANGE and conversation.about == note.public_id
    first = query(
        lambda s: s.scalar(
            select(ContactMessage).where(ContactMessage.conversation_id == note.conversation_id)
        )
    )
    assert "Något har ändrats: Sömn." in first.text and "En vecka eller mer" in first.text
    assert "Hon vaknar varje natt." in first.text and "Brådskande" not in first.text
    # The list of notes.
    listed = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Sömn" in listed and world.god_man.name in listed
    logged = {(e[2], e[3]) for e in events(user_id=world.god_man.id)}
    assert ("create", "change_note") in logged and ("create", "change_note.message") in logged
    assert ("read", "changes.note") in logged and ("read", "changes.index") in logged


def test_a_fall_is_urgent_and_says_ring_112(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    key = form_key(client, world.patient)
    form = client.get(page_url(world.patient, "ny")).get_data(as_text=True)
    assert (
        "Är det akut? Ring 112." in form
        and 'data-urgent-values="breathing eating_stopped fall seizures"' in form
    )
    checked = client.post_form(page_url(world.patient, "skicka"), note_form(key, "fall", "today", go="check"))
    html = checked.get_data(as_text=True)
    assert html.index("Är det akut? Ring 112.") < html.index("Skicka till vårdcentralen")
    assert world.clinic.phone in html
    sent = client.post_form(page_url(world.patient, "skicka"), note_form(key, area="fall", since="today"))
    assert sent.status_code == 302
    [note] = notes(query, world.patient)
    assert note.urgent and note.acting_as == "patient"
    assert "Ring 112" in client.get(sent.headers["Location"]).get_data(as_text=True)


def test_the_same_form_sent_twice_is_refused_in_words(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    key = form_key(client, world.patient)
    data = note_form(key)
    assert client.post_form(page_url(world.patient, "skicka"), data).status_code == 302
    again = client.post_form(page_url(world.patient, "skicka"), data, follow_redirects=True)
    assert "Det här är redan skickat" in again.get_data(as_text=True)
    assert len(notes(query, world.patient)) == 1
    assert query(lambda s: s.scalar(select(func.count()).select_from(Conversation))) == 1


def test_bad_input_is_refused_in_words_and_kept(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    key = form_key(client, world.patient)
    cases = [
        (note_form(key, how="x" * 1001), "Texten är för lång"),
        (note_form(key, area="broken_leg"), "Välj vad som har ändrats"),
        (note_form(key, since=""), "Välj sedan när"),
        (note_form("short"), "Börja om och försök igen"),
        (note_form(key, how="nul\x00byte"), "tecken som inte går att spara"),
    ]
    for data, words in cases:
        for go in ("check", "send"):
            response = client.post_form(page_url(world.patient, "skicka"), {**data, "go": go})
            html = response.get_data(as_text=True)
            assert response.status_code == 200, (go, data)
            assert words in html, (go, words)
    kept = client.post_form(
        page_url(world.patient, "skicka"), note_form(key, how="Hon äter mindre.", since="")
    )
    assert "Hon äter mindre." in kept.get_data(as_text=True)
    assert notes(query, world.patient) == []


def test_a_post_that_names_no_button_keeps_the_choices_and_says_what_to_do(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    data = note_form(form_key(client, world.patient), how="Hon hostar.")
    del data["go"]  # no button pressed
    back = client.post_form(page_url(world.patient, "skicka"), data)
    html = back.get_data(as_text=True)
    assert back.status_code == 200 and "Tryck på Kontrollera." in html and "Hon hostar." in html
    assert notes(query, world.patient) == []


def test_ändra_goes_back_to_the_form_with_the_choices(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    data = {**note_form(form_key(client, world.patient), how="Hon hostar."), "go": "change"}
    back = client.post_form(page_url(world.patient, "skicka"), data)
    html = back.get_data(as_text=True)
    assert back.status_code == 200 and "Kontrollera" in html and "Hon hostar." in html
    assert notes(query, world.patient) == []


def test_a_form_key_used_for_another_patient_is_refused(
    client, world, sign_in, query, make_patient, make_mandate
):
    other = make_patient(world.clinic, name="Lina Berg")
    make_mandate(other, world.god_man)
    sign_in(client, world.god_man)
    key = form_key(client, world.patient)
    assert client.post_form(page_url(world.patient, "skicka"), note_form(key)).status_code == 302
    refused = client.post_form(page_url(other, "skicka"), note_form(key))
    assert refused.status_code == 200 and "Det här är redan skickat" in refused.get_data(as_text=True)
    assert notes(query, other) == []


def test_hem_has_the_tile(client, world, sign_in):
    sign_in(client, world.god_man)
    home = client.get(f"/min-sida/{world.patient.public_id}/").get_data(as_text=True)
    assert page_url(world.patient) in home and "Något har ändrats" in home


def test_sedan_i_dag_is_said_from_the_day_the_note_was_written(client, world, sign_in, query, make_client):
    """ "Sedan i dag" chosen on a day means that day: the next day it says "Sedan i går", later
    the date; the clinic's message says the date from the start."""
    sign_in(client, world.patient_user)
    assert note_change(client, world.patient, area="sleep", since="today").status_code == 302
    [note] = notes(query, world.patient)
    assert "Sedan i dag" in client.get(page_url(world.patient)).get_data(as_text=True)
    first = query(
        lambda s: s.scalar(
            select(ContactMessage.text).where(ContactMessage.conversation_id == note.conversation_id)
        )
    )
    with client.application.test_request_context():
        today_words = format_date(local_now().date(), "d MMMM", locale="sv")
        earlier = local_now().date() - timedelta(days=5)
        earlier_words = format_date(
            earlier, "d MMMM" if earlier.year == local_now().year else "d MMMM y", locale="sv"
        )
    assert f"Sedan när: Sedan {today_words}." in first

    def written(days_ago):
        query(
            lambda s: (
                s.get(ChangeNote, note.id).__setattr__("created_at", utcnow() - timedelta(days=days_ago)),
                s.commit(),
            )
        )

    written(1)
    listed = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Sedan i går" in listed and "Sedan i dag" not in listed
    written(5)
    listed = client.get(page_url(world.patient)).get_data(as_text=True)
    assert f"Sedan {earlier_words}" in listed and "Sedan i dag" not in listed
    staff = make_client()
    sign_in(staff, world.staff)
    assert f"Sedan {earlier_words}" in staff.get(
        f"/personal/patienter/{world.patient.public_id}/forandringar/"
    ).get_data(as_text=True)
