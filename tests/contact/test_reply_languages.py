"""Answer templates in easy Swedish, English and Arabic; the answer page says who will read the
answer, suggests the language they read, puts the template in that language, and the answer
keeps its language (the patient's side marks it with `lang`)."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from app.models import AnswerTemplate, ContactMessage, Conversation
from tests.staff.conftest import text
from tests.support.people import patient_url
from tests.support.people import set_reader as reader


def answer_box(html: str) -> str:
    return unescape(re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', html, re.S)[1])


def selected(html: str, name: str) -> str:
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return re.search(r'<option value="([^"]*)" selected>', block)[1]


def test_the_answer_page_says_who_reads_and_suggests_their_language(staff_client, world, conversation, query):
    reader(query, world.patient_user, "sv", easy=True)
    page = unescape(text(staff_client.get(conversation)))
    assert "Maja Andersson (patienten) läser svenska, lättläst." in page
    assert selected(page, "language") == "sv_easy"
    # "Använd mallen" gives the template in easy Swedish when it has one, else says so.
    used = unescape(
        text(
            staff_client.post_form(conversation, {"template": "new_time", "go": "template", "language": "ar"})
        )
    )
    assert re.search(r"[\u0600-\u06ff]", answer_box(used))
    assert selected(used, "language") == "ar" and "Mallen står på arabiska." in used

    reader(query, world.patient_user, "ar")
    page = unescape(text(staff_client.get(conversation)))
    assert "Maja Andersson (patienten) läser arabiska." in page and selected(page, "language") == "ar"


def test_a_template_missing_in_the_readers_language_comes_in_swedish_and_says_so(
    staff_client, world, conversation, query
):
    def run(session):
        session.add(
            AnswerTemplate(
                clinic_id=world.clinic.id,
                position=1,
                title="Egen",
                text="Vi ringer dig.",
                translations={"text": {"en": "We will call you."}},
            )
        )
        session.commit()
        return session.scalars(select(AnswerTemplate)).one().public_id

    template = query(run)
    english = unescape(
        text(staff_client.post_form(conversation, {"template": template, "go": "template", "language": "en"}))
    )
    assert answer_box(english) == "We will call you."
    arabic = unescape(
        text(staff_client.post_form(conversation, {"template": template, "go": "template", "language": "ar"}))
    )
    assert answer_box(arabic) == "Vi ringer dig."
    assert "Mallen finns inte på arabiska. Den står på svenska." in arabic
    assert selected(arabic, "language") == "sv"


def test_a_helper_reads_in_the_helpers_language_and_the_answer_keeps_its_language(
    staff_client, make_client, world, conversation, sign_in, query
):
    reader(query, world.god_man, "ar")

    def helper_writes(session):
        found = session.scalars(select(Conversation)).one()
        found.messages.append(
            ContactMessage(
                user_id=world.god_man.id,
                acting_as="representative",
                mandate_id=world.mandate.id,
                text="هل يمكنكم الاتصال بي؟",
                language="ar",
            )
        )
        session.commit()

    query(helper_writes)
    page = unescape(text(staff_client.get(conversation)))
    assert "Birgitta Svensson (god man) läser arabiska." in page
    assert "Maja Andersson (patienten) läser svenska." in page
    assert selected(page, "language") == "ar"
    # The Arabic message is marked as Arabic on the Swedish staff page.
    assert 'dir="auto" lang="ar">هل يمكنكم الاتصال بي؟</p>' in page

    sent = staff_client.post_form(conversation, {"text": "نعم، سنتصل بك غدًا.", "language": "ar"})
    assert sent.status_code == 302
    answer = query(
        lambda s: s.scalars(select(ContactMessage).where(ContactMessage.from_staff.is_(True))).one()
    )
    assert answer.language == "ar"
    bad = staff_client.post_form(conversation, {"text": "Hej", "language": "klingon"})
    assert "Välj ett språk." in unescape(text(bad))
    assert query(lambda s: len(s.scalars(select(ContactMessage)).all())) == 3

    # Maja reads Swedish: the Arabic answer carries its language on her page.
    patient = make_client()
    sign_in(patient, world.patient_user)
    conversation_id = conversation.rsplit("/", 1)[1]
    mine = unescape(text(patient.get(patient_url(world.patient, f"/kontakt/{conversation_id}"))))
    assert 'dir="auto" lang="ar">نعم، سنتصل بك غدًا.</p>' in mine


def test_templates_are_written_in_four_languages_with_easy_errors(staff_client, world, query):
    response = staff_client.post_form(
        "/personal/svarsmallar/ny",
        {
            "title": "Provsvar",
            "text": "Svaret från provet är bra.",
            "title_en": "Test result",
            "text_en": "The test result is good.",
            "text_sv_easy": "Provet är bra.",
            "text_ar": "نتيجة الفحص جيدة.",
        },
    )
    assert response.status_code == 302
    saved = query(lambda s: s.scalars(select(AnswerTemplate).where(AnswerTemplate.title == "Provsvar")).one())
    assert saved.translations == {
        "title": {"en": "Test result"},
        "text": {"sv_easy": "Provet är bra.", "en": "The test result is good.", "ar": "نتيجة الفحص جيدة."},
    }
    listed = unescape(text(staff_client.get("/personal/svarsmallar")))
    assert "Finns också på: lättläst svenska, engelska och arabiska" in listed
    form = unescape(text(staff_client.get(f"/personal/svarsmallar/{saved.public_id}/andra")))
    assert "نتيجة الفحص جيدة." in form and 'data-lix-for="text_sv_easy"' in form
    before = query(lambda s: len(s.scalars(select(AnswerTemplate)).all()))
    refused = staff_client.post_form(
        "/personal/svarsmallar/ny", {"title": "Fel", "text": "Text.", "text_ar": "Bara svenska här."}
    )
    assert "Skriv texten på arabiska med arabiska bokstäver." in unescape(text(refused))
    assert query(lambda s: len(s.scalars(select(AnswerTemplate)).all())) == before


def test_lotsens_defaults_come_in_every_language_the_catalogues_have(staff_client, query):
    form = unescape(text(staff_client.get("/personal/svarsmallar/new_time/andra")))
    en = re.search(r'<textarea[^>]*name="text_en"[^>]*>(.*?)</textarea>', form, re.S)[1]
    ar = re.search(r'<textarea[^>]*name="text_ar"[^>]*>(.*?)</textarea>', form, re.S)[1]
    assert en.strip() and re.search(r"[\u0600-\u06ff]", ar)
