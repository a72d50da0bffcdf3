"""Kontakta vårdlotsen through the HTTP client: writing from quick phrases, the states the
patient's side sees, the vårdlots inbox and answer, e-mail notices, and every refusal."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models import (
    AccessAction,
    AccessEvent,
    ContactMessage,
    Conversation,
    MailNotice,
    Scope,
)
from tests.staff.conftest import text
from tests.support.people import patient_url

WRITE = "/kontakt/skriv"


def conversation_path(response) -> str:
    assert response.status_code == 302, response.status_code
    return response.location


def write(client, patient, **data):
    return client.post_form(
        patient_url(patient, WRITE),
        {"phrases": ["medicine"], "text": "Jag har slut på tabletter.", "notify": "y", **data},
    )


def test_a_patient_writes_and_the_vardlots_reads_and_answers(
    make_client, world, sign_in, query, staff_client
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    page = text(patient.get(patient_url(world.patient, "/kontakt/")))
    assert "Det här är inte för akuta saker." in page and "112" in page and "1177" in page
    assert "Vårdlotsen svarar inom 2 vardagar." in page
    path = conversation_path(write(patient, world.patient))
    page = text(patient.get(path))
    assert "En fråga om min medicin" in page and "Jag har slut på tabletter." in page
    assert "Skickat. Vårdlotsen har inte läst än." in page

    # The clinic's vårdlots address is told, without what was written.
    notice = query(lambda s: s.scalars(select(MailNotice)).one())
    assert notice.to == world.clinic.vardlots_email and notice.sent_at is not None
    assert "tabletter" not in notice.body and "medicin" not in notice.body
    assert "/personal/inkorg" in notice.body

    inbox = staff_client.get("/personal/inkorg").get_data(as_text=True)
    assert "Meddelande från Maja Andersson" in inbox and '1<span class="visually-hidden"> oläst<' in inbox
    link = re.search(r'href="(/personal/patienter/\w+/samtal/\w+)"', inbox)[1]
    opened = text(staff_client.get(link))
    assert "Jag har slut på tabletter." in opened and "Anpassningar" in opened
    assert "Vårdlotsen har läst" in text(patient.get(path))
    assert "olästa" not in text(staff_client.get("/personal/inkorg")).split("Meddelande från")[1][:80]

    # A template to start from, then the answer.
    template = text(staff_client.post_form(link, {"template": "prescription", "go": "template"}))
    assert "Du har fått ett nytt recept." in template
    answered = staff_client.post_form(
        link, {"text": "Vi har skickat ett nytt recept. Du kan hämta medicinen på apoteket."}
    )
    assert answered.status_code == 302
    home = text(patient.get(patient_url(world.patient)))
    assert "Ett nytt svar" in home
    page = text(patient.get(path))
    assert "Vårdlotsen har svarat" in page and "Vi har skickat ett nytt recept." in page
    assert "Ett nytt svar" not in text(patient.get(patient_url(world.patient)))
    told = query(
        lambda s: s.scalars(select(MailNotice).where(MailNotice.to == world.patient_user.email)).one()
    )
    assert "recept" not in told.body and patient_url(world.patient, "/kontakt/") in told.body

    # The patient writes again; the vårdlots marks it done, and it shows as done.
    assert patient.post_form(path + "/svara", {"text": "Tack!"}).status_code == 302
    staff_client.post_form(link + "/klar", {"klar": "ja"})
    assert "Klart" in text(patient.get(path))
    assert "Meddelande från Maja" not in text(staff_client.get("/personal/inkorg"))
    assert "Meddelande från Maja" in text(staff_client.get("/personal/inkorg?lage=done"))
    staff_client.post_form(link + "/klar", {"klar": "nej"})  # opened again
    assert "Meddelande från Maja" in text(staff_client.get("/personal/inkorg"))

    # Every write and read is in the access log.
    actions = query(
        lambda s: [
            (e.action, e.object_type)
            for e in s.scalars(select(AccessEvent).where(AccessEvent.patient_id == world.patient.id))
        ]
    )
    # Each says what was done, so that a line of the log can be checked on its own.
    assert actions.count((AccessAction.CREATE, "contact_message")) == 3  # 2 from Maja, 1 answer
    assert (AccessAction.READ, "conversation") in actions
    assert (AccessAction.UPDATE, "contact_staff.conversation_done") in actions
    assert (AccessAction.UPDATE, "conversation.reopen") in actions


def test_bad_messages_get_easy_words_and_change_nothing(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    for data, words in [
        ({"phrases": [], "text": ""}, "Välj ett kort, eller skriv vad det gäller."),
        ({"phrases": ["dragon"]}, "Välj bland korten."),
        ({"text": "x" * 2001}, "Texten är för lång"),
        ({"text": "x" * 100_000}, "Texten är för lång"),
        ({"text": "a\x00b"}, "tecken som inte går att spara"),
    ]:
        response = write(client, world.patient, **data)
        assert response.status_code == 200 and words in text(response), data
    assert (
        client.post(patient_url(world.patient, WRITE), data={"phrases": ["time"]}).status_code == 400
    )  # no CSRF token
    assert query(lambda s: s.scalars(select(Conversation)).all()) == []
    assert client.get(patient_url(world.patient, f"/kontakt/{'0' * 32}")).status_code == 404
    assert client.get(patient_url(world.patient, "/kontakt/inte-ett-id")).status_code == 404


def test_sending_is_limited_and_nothing_typed_is_lost(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    for n in range(20):
        assert write(client, world.patient, text=f"Fråga nummer {n}.").status_code == 302
    refused = write(client, world.patient, text="Det här är det tjugoförsta.")
    assert refused.status_code == 200
    page = text(refused)
    assert "Du har skickat många meddelanden nu." in page
    assert "Det här är det tjugoförsta." in page
    assert len(query(lambda s: s.scalars(select(Conversation)).all())) == 20


def test_other_clinics_other_patients_and_helpers_without_the_right(
    client, make_client, world, sign_in, act_for, query, make_patient, make_user, make_mandate
):
    sign_in(client, world.patient_user)
    path = conversation_path(write(client, world.patient))
    conversation = query(lambda s: s.scalars(select(Conversation)).one())
    staff_path = f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"

    stranger = make_client()
    sign_in(stranger, world.other_staff)
    assert stranger.get(staff_path).status_code == 404
    assert "Maja" not in text(stranger.get("/personal/inkorg"))

    other = make_patient(world.clinic, with_login=True, name="Kim Berg")
    other_client = make_client()
    from app.extensions import db
    from app.models import User

    with client.application.app_context():
        other_user = db.session.get(User, other.user_id)
        db.session.expunge(other_user)
    sign_in(other_client, other_user)
    assert other_client.get(path).status_code == 404

    # A helper reads, but may not write without "write to the vårdlots".
    from app.models import Role

    reader = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, reader, scopes={Scope.SEE, Scope.PREPARE_VISITS})
    helper = make_client()
    sign_in(helper, reader)
    act_for(helper, world.patient)
    assert "Jag har slut på tabletter." in text(helper.get(path))
    assert "Du får inte skriva till vårdlotsen" in text(helper.get(patient_url(world.patient, "/kontakt/")))
    assert helper.get(patient_url(world.patient, WRITE)).status_code == 403
    assert helper.post_form(path + "/svara", {"text": "Hej"}).status_code == 403
    assert query(lambda s: len(s.scalars(select(ContactMessage)).all())) == 1


def test_lix_is_shown_before_sending_and_nothing_is_sent(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    write(patient, world.patient)
    conversation = query(lambda s: s.scalars(select(Conversation)).one())
    link = f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"
    hard = (
        "Vederbörande tillhandahåller medicineringsrelaterade upplysningar beträffande "
        "receptförnyelseförfarandet."
    )
    preview = staff_client.post_form(link, {"text": hard, "go": "preview"})
    assert preview.status_code == 200 and hard in text(preview)
    shown = lix_line(preview)
    assert "Läsbarhet (LIX):" in shown and "Svårt att läsa." in shown
    assert int(re.search(r"<strong>(\d+)</strong>", shown)[1]) > 30
    assert query(lambda s: len(s.scalars(select(ContactMessage)).all())) == 1
    easy = staff_client.post_form(link, {"text": "Vi ringer dig i dag.", "go": "preview"})
    assert "Läsbarhet (LIX):" in lix_line(easy) and "Svårt att läsa." not in lix_line(easy)


def lix_line(response) -> str:
    """What the LIX line shows (its data attributes hold the hint for the script)."""
    return response.get_data(as_text=True).split('aria-live="polite">')[1].split("</p>")[0]
