"""The thread, the callback and the patient card say who reads on the patient's side and in which
language ("Fatima Hassan (anhörig med samtycke) läser arabiska"), who gets the answer (the same
people the e-mail goes to), and the answer form suggests the template in the reader's language."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from app.models import (
    AnswerTemplate,
    CallbackRequest,
    ContactMessage,
    Conversation,
    MailNotice,
    MandateKind,
    Role,
    Scope,
)
from tests.contact.test_reply_languages import answer_box, selected
from tests.staff.conftest import text
from tests.support.people import set_reader


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return unescape(text(response))


def readers_block(html: str) -> str:
    """The words of the readers block, without its tags."""
    start = html.index('<div class="readers"')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start : html.index("</ul>", start)]).split()).replace(
        " :", ":"
    )


def writes(query, conversation: str, user, mandate=None, body: str = "Hej", notify: bool = True) -> None:
    """`user` writes in the conversation at `conversation` (a staff path)."""

    def run(session):
        found = session.scalars(
            select(Conversation).where(Conversation.public_id == conversation[-32:])
        ).one()
        found.messages.append(
            ContactMessage(
                user_id=user.id,
                acting_as="representative" if mandate else "patient",
                mandate_id=mandate.id if mandate else None,
                text=body,
                notify=notify,
            )
        )
        session.commit()

    query(run)


def four_languages(query, clinic) -> str:
    def run(session):
        template = AnswerTemplate(
            clinic_id=clinic.id,
            position=1,
            title="Ny tid",
            text="Du har fått en ny tid.",
            translations={
                "text": {
                    "sv_easy": "Du har en ny tid.",
                    "en": "You have a new time.",
                    "ar": "لديك موعد جديد.",
                }
            },
        )
        session.add(template)
        session.commit()
        return template.public_id

    return query(run)


def test_the_thread_says_who_reads_the_answer_and_only_they_are_e_mailed(
    staff_client, world, conversation, query, make_user, make_mandate
):
    fatima = make_user(Role.REPRESENTATIVE, name="Fatima Hassan", language="ar")
    fatimas = make_mandate(world.patient, fatima, kind=MandateKind.RELATIVE_CONSENT)
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund", language="en")
    jonas_may = make_mandate(
        world.patient, jonas, kind=MandateKind.GROUP_HOME_STAFF, scopes={Scope.WRITE_TO_VARDLOTS}
    )
    writes(query, conversation, fatima, fatimas, "هل يمكنكم الاتصال بي؟")
    writes(query, conversation, jonas, jonas_may, "Please call.")

    html = page(staff_client, conversation)
    block = readers_block(html)
    assert (
        "Svaret läses av: Fatima Hassan (anhörig med samtycke), Maja Andersson (patienten), "
        "Birgitta Svensson (god man) och Sara Nilsson (Solgläntan)." in block
    )
    assert (
        "De läser olika språk: arabiska (Fatima Hassan); svenska (Maja Andersson, Birgitta Svensson och "
        "Sara Nilsson)." in block
    )
    assert "Fatima Hassan (anhörig med samtycke) läser arabiska: får e-post när svaret kommer." in block
    assert (
        "Jonas Lund (personal på boendet) läser engelska: ser inte meddelanden och svar "
        "(får inte se uppgifter)." in block
    )
    # Jonas wrote last but cannot read the answer: it is suggested in Fatima's Arabic.
    assert selected(html, "language") == "ar"

    sent = staff_client.post_form(conversation, {"text": "نعم، سنتصل بك غدًا.", "language": "ar"})
    assert sent.status_code == 302
    told = query(lambda s: s.scalars(select(MailNotice.to).where(MailNotice.reason == "answer")).all())
    assert told == [fatima.email]


def test_an_answer_is_marked_as_the_language_it_is_written_in(staff_client, conversation, query):
    before = query(lambda s: len(s.scalars(select(ContactMessage)).all()))
    swedish = page_post(staff_client, conversation, {"text": "Vi ringer dig i morgon.", "language": "ar"})
    assert "Svaret har inga arabiska bokstäver. Välj det språk som svaret är skrivet på." in swedish
    assert answer_box(swedish) == "Vi ringer dig i morgon."
    arabic = page_post(staff_client, conversation, {"text": "سنتصل بك غدًا.", "language": "sv"})
    assert "Svaret är skrivet på arabiska. Välj arabiska." in arabic
    assert query(lambda s: len(s.scalars(select(ContactMessage)).all())) == before


def page_post(client, path: str, data: dict) -> str:
    response = client.post_form(path, data)
    assert response.status_code == 200
    return unescape(text(response))


def test_the_template_comes_in_the_readers_language_and_says_which(
    staff_client, world, conversation, query, make_user, make_mandate
):
    template = four_languages(query, world.clinic)

    def use(language: str) -> str:
        return page_post(
            staff_client, conversation, {"template": template, "go": "template", "language": language}
        )

    # An English-reading helper wrote last: English is suggested, and the template comes in it.
    sam = make_user(Role.REPRESENTATIVE, name="Sam Smith", language="en")
    writes(query, conversation, sam, make_mandate(world.patient, sam, kind=MandateKind.PERSONAL_ASSISTANT))
    suggested = selected(page(staff_client, conversation), "language")
    assert suggested == "en"
    english = use(suggested)
    assert answer_box(english) == "You have a new time." and "Mallen står på engelska." in english
    # Swedish is still there to choose.
    swedish = use("sv")
    assert answer_box(swedish) == "Du har fått en ny tid." and "Mallen står på svenska." in swedish


def test_easy_swedish_and_arabic_readers_get_the_template_in_their_form(
    staff_client, world, conversation, query
):
    template = four_languages(query, world.clinic)
    for language, easy, form, box, said in (
        ("sv", True, "sv_easy", "Du har en ny tid.", "lättläst svenska"),
        ("ar", False, "ar", "لديك موعد جديد.", "arabiska"),
    ):
        set_reader(query, world.patient_user, language, easy=easy)
        suggested = selected(page(staff_client, conversation), "language")
        assert suggested == form
        filled = page_post(
            staff_client, conversation, {"template": template, "go": "template", "language": suggested}
        )
        assert answer_box(filled) == box and f"Mallen står på {said}." in filled
        assert selected(filled, "language") == form


def test_the_callback_page_says_who_is_called_and_who_reads_the_news(
    staff_client, world, query, make_user, make_mandate
):
    fatima = make_user(Role.REPRESENTATIVE, name="Fatima Hassan", language="ar", easy_read=True)
    mandate = make_mandate(world.patient, fatima, kind=MandateKind.RELATIVE_CONSENT)

    def run(session):
        callback = CallbackRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            user_id=fatima.id,
            acting_as="representative",
            mandate_id=mandate.id,
            whom="representative",
            phone="0701234567",
            notify=True,
        )
        session.add(callback)
        session.commit()
        return callback.public_id

    path = f"/personal/patienter/{world.patient.public_id}/ring-upp/{query(run)}"
    block = readers_block(page(staff_client, path))
    assert (
        "Det nya om samtalet läses av: Fatima Hassan (anhörig med samtycke), Maja Andersson (patienten), "
        "Birgitta Svensson (god man) och Sara Nilsson (Solgläntan)." in block
    )
    assert (
        "Fatima Hassan (anhörig med samtycke) läser arabiska, lättläst: får e-post när svaret kommer."
        in block
    )
    assert "De läser olika språk" in block


def test_the_patient_card_lists_the_readers_or_says_nobody_can_read(
    staff_client, world, make_patient, make_user, make_mandate
):
    card = readers_block(page(staff_client, f"/personal/patienter/{world.patient.public_id}"))
    assert (
        "Det vårdlotsen skriver läses av: Maja Andersson (patienten), Birgitta Svensson (god man) och "
        "Sara Nilsson (Solgläntan)." in card
    )
    # The manager of Maja's group home reads under the home's mandate, named with the home.
    assert "Sara Nilsson (Solgläntan) läser svenska." in card
    assert "Maja Andersson (patienten) läser svenska." in card and "De läser olika språk" not in card

    erik = make_patient(world.clinic, name="Erik Johansson")
    make_mandate(erik, make_user(Role.REPRESENTATIVE, name="Jonas Lund"), scopes={Scope.PREPARE_VISITS})
    alone = readers_block(page(staff_client, f"/personal/patienter/{erik.public_id}"))
    assert "Ingen på patientens sida kan läsa det i Lotsen. Ring eller skicka brev i stället." in alone
    assert "Jonas Lund (god man) läser svenska: ser inte meddelanden och svar" in alone
