"""The key moments of the patient's side are shown and spoken: the notice that gives back what
was typed, the idle warning, error pages, messages after an action, news on a tile, choosing a
card, signing out, the emergency numbers, answers by card, the slow sample, and the device's
reading preferences before signing in."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from app.models import AuthSession, ContactMessage, Conversation, utcnow
from tests.support.accounts import PASSWORD
from tests.support.people import patient_url


def audio(client, url: str) -> bytes:
    """A clip's sound (an MP3 is sent as a file: the answer is closed after reading)."""
    response = client.get(url)
    try:
        assert response.status_code == 200 and response.mimetype == "audio/mpeg", url
        return response.get_data()
    finally:
        response.close()


def drawing(pictogram_id: str) -> str:
    """A piece of a pictogram's drawing that only it has (its last shape), to find it in a page."""
    svg = (Path(__file__).resolve().parent.parent / "pictograms" / f"{pictogram_id}.svg").read_text()
    return re.findall(r"<(?:path|circle|rect) [^>]*?/>", svg)[-1][:60]


def test_a_form_given_back_after_signing_in_again_names_its_button_with_picture_and_sound(
    client, world, sign_in, query
):
    write = patient_url(world.patient, "/kontakt/skriv")
    sign_in(client, world.patient_user)
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    client.post(write, data={"csrf_token": token, "text": "Mina tabletter är slut"})
    client.post_form("/logga-in", {"email": world.patient_user.email, "password": PASSWORD, "next": write})
    page = client.get(write).get_data(as_text=True)
    assert "Mina tabletter är slut" in page
    notice = page.split('<div class="page-heading">')[0]
    notice = notice[notice.index("Här är det du skrev förut") :]
    assert "Tryck sedan på ”Skicka till vårdlotsen”." in notice
    banner = page[
        page.rindex(
            '<div class="banner speakable banner-warning"', 0, page.index("Här är det du skrev förut")
        ) :
    ]
    assert drawing("draft-back") in banner.split("</p>")[0]
    assert 'data-clip="' in banner.split(">")[0] and "data-listen" in banner.split("</div>")[0]


def test_every_form_page_carries_the_notice_the_script_puts_back_naming_its_button(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient, "/kontakt/skriv")).get_data(as_text=True)
    template = page.split('<template id="restored-notice">')[1].split("</template>")[0]
    assert "Tryck sedan på ”Skicka till vårdlotsen”." in template
    assert 'aria-hidden="true"' in template and "data-listen" in template
    # A page without a form has no such notice.
    assert 'id="restored-notice"' not in client.get(patient_url(world.patient, "/vem-har-tittat")).get_data(
        as_text=True
    )


def test_the_idle_warning_has_its_picture_and_three_ways_out(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient)).get_data(as_text=True)
    warning = page.split('id="session-warning"')[1].split("</body>")[0]
    assert "Är du kvar?" in warning
    assert warning.count("<svg") >= 4  # the warning's own picture and one per button
    for words in ("Jag är kvar", "Logga ut", "Det är inte jag"):
        assert f"<span>{words}</span>" in warning
    assert warning.count('action="/logga-ut"') == 2 and 'value="not_me"' in warning
    # The raised hand of "Jag vet inte" is not the warning's picture any more.
    assert drawing("still-here") in warning and drawing("i-am-here") in warning
    assert drawing("not-me") in warning and drawing("dont-know") not in warning


def test_error_pages_are_read_aloud_with_a_picture_even_at_a_staff_address(client, world, sign_in):
    sign_in(client, world.patient_user)
    for path, status in (("/finns-inte", 404), ("/personal/patienter", 403)):
        response = client.get(path)
        assert response.status_code == status, path
        html = response.get_data(as_text=True)
        main = html.split('<main id="main"')[1].split("</main>")[0]
        assert "Läs upp sidan" in main and "data-listen" in main, path
        assert '<div class="speakable"' in main and "<svg" in main.split("data-listen")[0], path


def test_a_visitors_error_page_is_read_aloud_too(client):
    html = client.get("/finns-inte").get_data(as_text=True)
    assert "Läs upp sidan" in html and "data-listen" in html


def test_messages_after_an_action_and_the_list_to_correct_have_pictures(client, world, sign_in):
    sign_in(client, world.patient_user)
    write = patient_url(world.patient, "/kontakt/skriv")
    refused = client.post_form(write, {"text": ""}).get_data(as_text=True)
    summary = refused.split('class="error-summary"')[1].split("</ul>")[0]
    assert "<svg" in summary
    sent = client.post_form(write, {"phrases": "medicine", "text": ""}, follow_redirects=True)
    banner = sent.get_data(as_text=True).split("banner-success")[1].split("</div>")[0]
    assert "<svg" in banner and "Vårdlotsen har fått ditt meddelande" in banner


def test_a_new_answer_is_a_badge_with_a_picture_on_the_contact_tile(client, world, sign_in, query):
    def answered(session):
        found = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
        found.messages = [
            ContactMessage(user_id=world.patient_user.id, acting_as="patient", phrases=["time"]),
            ContactMessage(
                user_id=world.staff.id, acting_as="staff", from_staff=True, text="Vi ringer dig i morgon."
            ),
        ]
        session.add(found)
        session.commit()

    query(answered)
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient)).get_data(as_text=True)
    badge = page.split('class="tile-badge"')[1].split("</span></span>")[0]
    assert "<svg" in badge and "Ett nytt svar" in badge


def test_read_page_has_a_stop_picture_for_while_it_plays(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient)).get_data(as_text=True)
    button = page.split("data-read-page")[1].split("</a>")[0]
    assert 'class="read-page-icon is-stop"' in button and drawing("stop") in button


def test_choosing_a_picture_card_says_its_label(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient, "/kontakt/skriv")).get_data(as_text=True)
    card = page.split('class="card-input"')[1].split(">")[0]
    say = re.search(r'data-say="([^"]+)"', card)
    assert say is not None
    assert len(audio(client, say.group(1))) > 1000  # a real clip of the card's label
    # Read-aloud off: no sound, no data-say.
    client.post_form("/visning/read_aloud", {"next": "/"})
    assert "data-say" not in client.get(patient_url(world.patient, "/kontakt/skriv")).get_data(as_text=True)


def test_the_emergency_numbers_in_the_contact_banner_are_phone_links(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient, "/kontakt/skriv")).get_data(as_text=True)
    banner = page.split("banner-error emergency")[1].split("</div>")[0]
    assert 'href="tel:112"' in banner and 'href="tel:1177"' in banner


def test_an_answer_can_be_cards_and_is_refused_in_words_when_empty(client, world, sign_in, query):
    def started(session):
        found = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
        found.messages = [
            ContactMessage(user_id=world.patient_user.id, acting_as="patient", phrases=["time"])
        ]
        session.add(found)
        session.commit()
        return found.public_id

    conversation = query(started)
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient, f"/kontakt/{conversation}")).get_data(as_text=True)
    assert 'name="phrases" value="time"' in page and 'name="phrases" value="talk"' in page
    reply = patient_url(world.patient, f"/kontakt/{conversation}/svara")
    empty = client.post_form(reply, {"text": ""})
    assert "Välj ett kort, eller skriv ditt svar." in empty.get_data(as_text=True)
    assert client.post_form(reply, {"phrases": "nonsense"}).status_code == 200
    client.post_form(reply, {"phrases": "talk"})
    client.post_form(reply, {"phrases": "talk"})  # a second tap makes nothing new
    kept = query(lambda s: s.scalars(select(ContactMessage.phrases).order_by(ContactMessage.id)).all())
    assert kept == [["time"], ["talk"]]
    shown = client.get(patient_url(world.patient, f"/kontakt/{conversation}")).get_data(as_text=True)
    assert "<span>Jag vill prata med vårdlotsen</span>" in shown


def test_the_slow_sample_is_said_slowly(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get("/installningar").get_data(as_text=True)
    slow_card = page.split('name="speech_rate" value="slow"')[1].split(">")[0]
    slow = re.search(r'data-say="([^"]+)"', slow_card).group(1)
    normal_card = page.split('name="speech_rate" value="normal"')[1].split(">")[0]
    fast = re.search(r'data-say="([^"]+)"', normal_card).group(1)
    assert slow != fast
    assert len(audio(client, slow)) > len(audio(client, fast)) * 1.1


def test_signed_out_pages_start_from_the_devices_last_reading_preferences(client, world, sign_in, query):
    from app.models import User

    query(
        lambda s: (
            s.execute(
                update(User).where(User.id == world.patient_user.id).values(easy_read=True, language="sv")
            ),
            s.commit(),
        )
    )
    sign_in(client, world.patient_user)
    client.get(patient_url(world.patient))
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    response = client.get(patient_url(world.patient))
    login = client.get(response.location).get_data(as_text=True)
    assert 'class="area-patient easy-read"' in login  # the sign-in page after a timeout
    # A new browser session on the same device (the session cookie gone, the device's kept).
    client.delete_cookie("lotsen_session")
    assert 'easy-read"' in client.get("/logga-in").get_data(as_text=True)


def test_a_forged_device_cookie_changes_nothing(client):
    client.set_cookie("lotsen_reading", "l-xx.e-2.t-huge.r-<script>.a-9")
    html = client.get("/").get_data(as_text=True)
    assert (
        '<html lang="sv"' in html
        and 'class="text-normal"' in html
        and "easy-read" not in html.split("<body")[1].split(">")[0]
    )
