"""Ansök om SMO, as the persona walks found it (Birgitta, god man for Erik; Maja in easy read;
Fatima in Arabic; Anna deciding): the yes in words, the no on paper, the receipt, Back after
Skicka, the step count, the needs said about the person, the masked personnummer."""

from __future__ import annotations

import re

from flask_babel import format_date
from sqlalchemy import func, select

from app.core.clock import today
from app.extensions import db
from app.models import AccessEvent, Application, Clinic, MailNotice
from tests.apply.test_apply import PNR, _answer, _applications, _fill


def _send(client, world, **kw) -> None:
    _fill(client, clinic=world.clinic.public_id, **kw)
    assert client.post_form("/ansok/kontrollera", {"website": ""}).location.endswith("/ansok/skickat")


def _only_application(query) -> str:
    return query(lambda s: s.scalars(select(Application)).one().public_id)


def _notices(query, to: str) -> list[tuple[str, str]]:
    return query(
        lambda s: [(n.subject, n.body) for n in s.scalars(select(MailNotice).where(MailNotice.to == to))]
    )


def _subject(message) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def _body(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


# --- 1: the yes, in words, to the addresses the application gave ---------------------------------


def test_yes_tells_the_applicant_in_easy_words_with_the_link(client, world, vardlots, query, smtp):
    _send(client, world)
    url = f"/personal/ansokningar/{_only_application(query)}"
    mail = smtp()
    response = vardlots.post_form(
        url + "/ja", {"vardlots": "", "person_email": "erik.holm@exempel.se", "invite_applicant": "y"}
    )
    assert response.status_code == 302
    by_to = {m["To"]: m for m in mail.messages}
    to_birgitta = by_to["birgitta@exempel.se"]
    assert _subject(to_birgitta) == "Svar på ansökan till SMO: ja"
    body = _body(to_birgitta)
    for words in ("Hej Birgitta Svensson!", "för Erik Holm", "Svaret är ja.", "Vårdlotsen hör av sig snart"):
        assert words in body, words
    assert re.search(r"http://\S+/inbjudan/\S+", body)
    # The address the staff typed was not in the application: the plain invitation, no answer.
    to_erik = _body(by_to["erik.holm@exempel.se"])
    assert (
        "/inbjudan/" in to_erik
        and "ansökan" not in to_erik
        and _subject(by_to["erik.holm@exempel.se"]) == ("Välkommen till Lotsen")
    )


def test_yes_without_an_invitation_is_still_told(client, world, vardlots, query):
    _send(client, world)
    url = f"/personal/ansokningar/{_only_application(query)}"
    assert vardlots.post_form(url + "/ja", {"vardlots": "", "person_email": ""}).status_code == 302
    told = _notices(query, "birgitta@exempel.se")
    yes = [body for subject, body in told if subject == "Svar på ansökan till SMO: ja"]
    assert len(yes) == 1
    assert "Svaret är ja." in yes[0] and "Erik Holm" in yes[0] and "/inbjudan/" not in yes[0]


def test_yes_to_someone_who_applied_themself_goes_with_their_link(client, world, vardlots, query, smtp):
    _send(client, world, who="sjalv", email="erik@exempel.se")
    url = f"/personal/ansokningar/{_only_application(query)}"
    page = vardlots.get(url).get_data(as_text=True)
    assert 'value="erik@exempel.se"' in page  # the application's address, offered
    mail = smtp()
    assert (
        vardlots.post_form(url + "/ja", {"vardlots": "", "person_email": "erik@exempel.se"}).status_code
        == 302
    )
    (message,) = [m for m in mail.messages if m["To"] == "erik@exempel.se"]
    body = _body(message)
    assert "Svaret är ja." in body and "Du är patient hos oss nu." in body and "/inbjudan/" in body


# --- 2 and 3: the no without an e-mail is a letter to post ----------------------------------------


def test_no_without_an_email_offers_only_the_printed_letter(client, world, vardlots, query, app):
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic.id)
        clinic.address = "Storgatan 5\n692 30 Kumla"
        db.session.commit()
    _send(client, world, email="")
    url = f"/personal/ansokningar/{_only_application(query)}"
    page = vardlots.get(url).get_data(as_text=True)
    assert "Nej, skicka svaret" not in page
    assert "Nej, spara och skriv ut svaret" in page and "Ansökan har ingen e-post." in page
    response = vardlots.post_form(url + "/nej", {"reason": "Ingen LSS.", "answer": "Hej! Svaret är nej."})
    assert response.status_code == 302 and response.location.endswith(url + "/svar")
    letter = vardlots.get(url + "/svar").get_data(as_text=True)
    with app.test_request_context():
        day = format_date(today(), "long")
    # Birgitta gave no address: the letter goes to Erik, at his.
    for words in (
        "Kumla vårdcentral",
        "Storgatan 5",
        "692 30 Kumla",
        "019-10 20 30",
        "Erik Holm",
        "Storgatan 1, Kumla",
        day,
        "Hej! Svaret är nej.",
    ):
        assert words in letter, words
    assert (
        query(
            lambda s: s.scalar(
                select(func.count(MailNotice.id)).where(MailNotice.subject == "Svar på ansökan till SMO")
            )
        )
        == 0
    )


def test_no_with_an_email_is_sent_and_the_letter_goes_to_the_address_given(client, world, vardlots, query):
    _answer(client, "vem", {"who": "god_man"})
    _fill(client, clinic=world.clinic.public_id)
    _answer(
        client,
        "kontakt",
        {
            "applicant": "Birgitta Svensson",
            "phone": "",
            "email": "birgitta@exempel.se",
            "post": "Box 12\n692 21 Kumla",
        },
    )
    client.post_form("/ansok/kontrollera", {"website": ""})
    url = f"/personal/ansokningar/{_only_application(query)}"
    assert "Nej, skicka svaret" in vardlots.get(url).get_data(as_text=True)
    assert vardlots.post_form(url + "/nej", {"reason": "x", "answer": "Svaret är nej."}).location.endswith(
        url
    )
    letter = vardlots.get(url + "/svar").get_data(as_text=True)
    assert "Birgitta Svensson" in letter and "Box 12" in letter and "692 21 Kumla" in letter
    assert "Storgatan 1" not in letter


# --- 4: the invitation is a choice, not ticked for the vårdlots -----------------------------------


def test_inviting_the_applicant_is_not_ticked_beforehand(client, world, vardlots, query):
    _send(client, world)
    page = vardlots.get(f"/personal/ansokningar/{_only_application(query)}").get_data(as_text=True)
    box = re.search(r"<input[^>]*id=\"invite_applicant\"[^>]*>", page)
    assert box and "checked" not in box.group(0)
    # The label follows the box at once, the hint after them (not between: it was).
    assert re.search(
        r'<input[^>]*id="invite_applicant"[^>]*>\s*<label class="checkbox-label" for="invite_applicant">'
        r"[^<]*</label>.*?<p class=\"hint\" id=\"invite_applicant-hint\">",
        page,
        re.S,
    )


# --- 5: the step count does not jump --------------------------------------------------------------


def _counts(client) -> set[str]:
    found = set()
    for key in (
        "vem",
        "namn",
        "personnummer",
        "bostad",
        "vardcentral",
        "kontakt",
        "varfor",
        "stod",
        "samtycke",
    ):
        page = client.get(f"/ansok/{key}")
        if page.status_code == 200:
            found.add(re.search(r"Steg \d+ av (\d+)", page.get_data(as_text=True)).group(1))
    return found


def test_the_step_count_stays_when_a_group_home_is_chosen(client, world):
    _answer(client, "vem", {"who": "god_man"})
    before = _counts(client)  # several clinics: the clinic is asked
    assert client.get("/ansok/vardcentral").status_code == 200
    _answer(client, "bostad", {"home": world.home.public_id, "address": ""})
    assert client.get("/ansok/vardcentral").status_code == 302  # the home's clinic: not asked
    after = _counts(client)
    assert before == after == {"8"}
    assert "Steg 5 av 8" in client.get("/ansok/kontakt").get_data(as_text=True)


# --- 6: the needs, said about the person ----------------------------------------------------------


def test_the_needs_speak_about_the_person_when_someone_else_applies(client, world):
    _answer(client, "vem", {"who": "god_man"})
    page = client.get("/ansok/stod").get_data(as_text=True)
    assert "Ge personen tid att svara" in page and "Någon som personen känner ska vara med" in page
    assert "Ge mig tid att svara" not in page and "Någon jag känner" not in page
    _answer(client, "stod", {"needs": ["time_to_answer"]})
    assert "Ge personen tid att svara" in client.get("/ansok/kontrollera").get_data(as_text=True)
    _answer(client, "vem", {"who": "sjalv"})
    assert "Ge mig tid att svara" in client.get("/ansok/stod").get_data(as_text=True)


# --- 8 and 9: the receipt, and Back after Skicka --------------------------------------------------


def test_the_receipt_says_what_was_sent_and_is_mailed(client, world, query, app):
    _send(client, world)
    page = client.get("/ansok/skickat").get_data(as_text=True)
    with app.test_request_context():
        day = format_date(today(), "long")
    for words in (
        "Det här skickade du",
        "Erik Holm",
        "19121212-****",
        "Kumla vårdcentral har fått din ansökan " + day,
        "Skriv ut kvittot",
        "birgitta@exempel.se",
    ):
        assert words in page, words
    assert PNR not in page  # the receipt may lie on a shared tablet
    ((subject, body),) = _notices(query, "birgitta@exempel.se")
    assert subject == "Vi har fått din ansökan till SMO"
    assert "för Erik Holm" in body and day in body and "1212" not in body


def test_back_after_sending_shows_sent_and_never_sends_twice(client, world, query):
    _send(client, world)
    for path in ("/ansok/kontrollera", "/ansok/samtycke", "/ansok/vem"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith("/ansok/skickat"), path
    again = client.post_form("/ansok/kontrollera", {"website": ""})
    assert again.location.endswith("/ansok/skickat")
    assert len(_applications(query)) == 1
    start = client.get("/ansok/").get_data(as_text=True)
    assert "Se kvittot" in start
    # Börja om puts the receipt away: a new, empty application.
    client.post_form("/ansok/borja-om", {})
    assert client.get("/ansok/kontrollera").status_code == 200
    assert "Erik Holm" not in client.get("/ansok/kontrollera").get_data(as_text=True)


# --- 10: one card to tick -------------------------------------------------------------------------


def test_a_single_card_does_not_say_choose_several(client, world):
    _answer(client, "vem", {"who": "sjalv"})
    page = client.get("/ansok/samtycke").get_data(as_text=True)
    assert "Du kan välja flera." not in page and "Tryck på kortet om det stämmer." in page
    assert "Du kan välja flera." in client.get("/ansok/varfor").get_data(as_text=True)


# --- 11: the personnummer masked, shown on request, logged ----------------------------------------


def test_the_staff_see_the_personnummer_masked_until_they_ask(client, world, vardlots, query):
    _send(client, world)
    app_id = _only_application(query)
    url = f"/personal/ansokningar/{app_id}"
    page = vardlots.get(url).get_data(as_text=True)
    assert "19121212-****" in page and PNR not in page and "Visa personnummer" in page

    def logged(s):
        return s.scalar(
            select(func.count(AccessEvent.id)).where(
                AccessEvent.object_id == app_id, AccessEvent.object_type == "application.personnummer"
            )
        )

    assert query(logged) == 0
    shown = vardlots.get(url + "?visa=personnummer").get_data(as_text=True)
    assert PNR in shown
    assert query(logged) == 1


# --- 7: the Nästa bar is in the page, never over it -------------------------------------------------


def test_the_buttons_come_after_the_question_not_over_it(client, world):
    _answer(client, "vem", {"who": "god_man"})
    for path in ("/ansok/vem", "/ansok/kontakt", "/ansok/stod", "/ansok/kontrollera"):
        page = client.get(path).get_data(as_text=True)
        assert "wizard-actions" in page and "sticky-actions" not in page, path


# --- the language it was filled in --------------------------------------------------------------


def test_the_staff_see_the_language_the_application_was_filled_in(
    client, world, vardlots, query, make_client
):
    _send(client, world)
    swedish = _only_application(query)
    assert "Ansökan skrevs på" not in vardlots.get(f"/personal/ansokningar/{swedish}").get_data(as_text=True)

    fatima = make_client()
    fatima.post_form("/sprak", {"language": "ar", "next": "/ansok/"})
    _send(fatima, world)
    arabic = query(
        lambda s: s.scalars(select(Application.public_id).where(Application.public_id != swedish)).one()
    )
    page = vardlots.get(f"/personal/ansokningar/{arabic}").get_data(as_text=True)
    assert "Ansökan skrevs på arabiska." in page


def test_a_no_without_a_reason_is_summed_up_at_the_top(client, world, vardlots, query):
    _send(client, world)
    url = f"/personal/ansokningar/{_only_application(query)}"
    page = vardlots.post_form(url + "/nej", {"reason": "", "answer": "Svaret är nej."}).get_data(as_text=True)
    assert "<title>Fel:" in page
    summary = page.index("Något behöver rättas")
    assert summary < page.index("<h2", page.index("<h1")) and 'href="#reason"' in page[summary:]
    assert query(lambda s: s.scalars(select(Application.status)).one()).value == "new"


def test_a_personnummer_typed_with_arabic_digits_is_taken(client, world):
    """Found by a persona walk: Fatima typed her brother's number on an Arabic keyboard."""
    from tests.apply.test_apply import _answer

    arabic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in PNR)
    response = _answer(client, "personnummer", {"personnummer": arabic})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_a_yes_can_be_printed_as_a_letter_too(client, world, vardlots, query):
    """Found by a persona walk: the no had a letter to post, the yes had none."""
    _send(client, world, email="")
    url = f"/personal/ansokningar/{_only_application(query)}"
    assert vardlots.get(url + "/svar").status_code == 302  # no answer yet: nothing to print
    assert vardlots.post_form(url + "/ja", {"vardlots": "", "person_email": ""}).status_code == 302
    assert url + "/svar" in vardlots.get(url).get_data(as_text=True)
    letter = vardlots.get(url + "/svar").get_data(as_text=True)
    assert "Svaret är ja." in letter and "Erik Holm" in letter and "Storgatan 1" in letter
    assert "/inbjudan/" not in letter


def test_the_answer_yes_or_no_is_in_the_language_it_was_filled_in(world, vardlots, query, make_client, smtp):
    """Fatima applied in Arabic: the yes, with its link, comes in Arabic, and the no offered
    to the staff is in Arabic too (the page says so); the staff's own page stays Swedish."""
    fatima = make_client()
    fatima.post_form("/sprak", {"language": "ar", "next": "/ansok/"})
    _send(fatima, world)
    first = _only_application(query)
    page = vardlots.get(f"/personal/ansokningar/{first}").get_data(as_text=True)
    assert "Svaret ja och förslaget till nej är på arabiska" in page
    assert "قرأنا الطلب بعناية" in page  # the suggested no, in Arabic
    assert "Ansökan: Erik Holm" in page  # the page itself is in the staff's Swedish
    mail = smtp()
    vardlots.post_form(
        f"/personal/ansokningar/{first}/ja", {"vardlots": "", "person_email": "", "invite_applicant": "y"}
    )
    (to_fatima,) = [m for m in mail.messages if m["To"] == "birgitta@exempel.se"]
    assert _subject(to_fatima) == "الرد على طلب SMO: نعم"
    body = _body(to_fatima)
    assert "/inbjudan/" in body and "الجواب هو نعم" in body and "Svaret är ja" not in body

    # A second application in Arabic, answered no: the answer's subject is Arabic too.
    other = make_client()
    other.post_form("/sprak", {"language": "ar", "next": "/ansok/"})
    _send(other, world, email="fatima@exempel.se")
    second = query(
        lambda s: s.scalars(select(Application.public_id).where(Application.public_id != first)).one()
    )
    response = vardlots.post_form(
        f"/personal/ansokningar/{second}/nej", {"reason": "Har ingen LSS-diagnos.", "answer": "لا."}
    )
    assert response.status_code == 302
    assert [subject for subject, _text in _notices(query, "fatima@exempel.se")][-1] == "رد على الطلب إلى SMO"
