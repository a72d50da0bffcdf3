"""The clinic's own words in the reader's language, and the picture story that fits the person:
staff write visit types, steps, rooms, what to bring and messages in Swedish (required), easy
Swedish, English and Arabic; a step may be told another way for a need; the patient's page picks
the form and the variant; staff preview a schedule as one patient of their clinic."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.models import (
    AccessAction,
    AccessEvent,
    Visit,
    VisitChange,
    VisitStep,
    VisitStepVariant,
    VisitType,
)
from tests.staff.conftest import text
from tests.support.people import patient_url
from tests.support.people import set_reader as reader

from .conftest import local_at


def step(query, words):
    """A step of the patient's clinic's visit type (the other clinic's type has the same)."""
    return query(
        lambda s: s.scalars(
            select(VisitStep)
            .join(VisitType)
            .where(VisitStep.text == words, VisitType.name == "Hälsokontroll")
        ).one()
    )


def type_path(visits):
    return f"/personal/besokstyper/{visits.type.public_id}"


def visit_page(client, world, visits):
    return unescape(text(client.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}"))))


FOUR = {
    "text": "Sjuksköterskan hämtar dig.",
    "text_sv_easy": "Sköterskan kommer till dig.",
    "text_en": "The nurse comes to get you.",
    "text_ar": "تأتي الممرضة لتأخذك.",
}


# --- staff write the texts ------------------------------------------------------------------------


def test_staff_write_a_step_in_four_languages_and_see_them_again(staff_client, visits, query):
    nurse = step(query, "Sjuksköterskan hämtar dig.")
    path = f"{type_path(visits)}/steg/{nurse.public_id}"
    form = unescape(text(staff_client.get(path)))
    # The easy field has the same live LIX meter as the answer templates.
    assert 'data-lix-for="text_sv_easy"' in form and 'name="text_ar"' in form
    assert 'lang="ar" dir="rtl"' in form and "På fler språk, om du vill" in form
    response = staff_client.post_form(path, {**FOUR, "pictogram": "nurse"})
    assert response.status_code == 302
    saved = step(query, "Sjuksköterskan hämtar dig.")
    assert saved.translations == {
        "text": {
            "sv_easy": "Sköterskan kommer till dig.",
            "en": "The nurse comes to get you.",
            "ar": "تأتي الممرضة لتأخذك.",
        }
    }
    again = unescape(text(staff_client.get(path)))
    assert "The nurse comes to get you." in again and "تأتي الممرضة لتأخذك." in again
    assert "<details" in again and "open" in again.split('id="text-languages"')[1][:20]
    # Emptying a form removes it; the Swedish stays.
    staff_client.post_form(path, {**FOUR, "text_en": "", "pictogram": "nurse"})
    assert "en" not in step(query, "Sjuksköterskan hämtar dig.").translations["text"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({**FOUR, "text": ""}, "Skriv vad som händer."),
        (
            {**FOUR, "text_ar": "Sjuksköterskan hämtar dig."},
            "Skriv texten på arabiska med arabiska bokstäver.",
        ),
        ({**FOUR, "text_en": "تأتي الممرضة"}, "Det här är arabiska. Skriv det i rutan för arabiska."),
        ({**FOUR, "text_en": "x" * 201}, "Texten är för lång. Skriv högst 200 tecken."),
        ({**FOUR, "text_sv_easy": "Rad ett\u0007"}, "Texten har tecken som inte går att spara."),
    ],
)
def test_a_bad_text_in_any_language_gets_an_easy_error_and_changes_nothing(
    staff_client, visits, query, data, words
):
    nurse = step(query, "Sjuksköterskan hämtar dig.")
    response = staff_client.post_form(
        f"{type_path(visits)}/steg/{nurse.public_id}", {**data, "pictogram": "nurse"}
    )
    page = unescape(text(response))
    assert response.status_code == 200 and words in page
    assert step(query, "Sjuksköterskan hämtar dig.").translations == {}
    # What was typed comes back, in its own box.
    if data["text_en"] and "x" * 201 != data["text_en"]:
        assert data["text_en"] in page


def test_a_new_type_and_step_keep_their_languages(staff_client, query):
    created = staff_client.post_form(
        "/personal/besokstyper/ny",
        {
            "name": "Tandvård",
            "name_en": "Dental care",
            "name_ar": "رعاية الأسنان",
            "pictogram": "mouth",
            "minutes": "40",
            "active": "y",
        },
    )
    assert created.status_code == 302
    found = query(lambda s: s.scalars(select(VisitType).where(VisitType.name == "Tandvård")).one())
    assert found.translations == {"name": {"en": "Dental care", "ar": "رعاية الأسنان"}}
    added = staff_client.post_form(f"{created.location}/steg/nytt", {**FOUR, "pictogram": "nurse"})
    assert added.status_code == 302
    new = query(lambda s: s.scalars(select(VisitStep).where(VisitStep.visit_type_id == found.id)).one())
    assert new.translations["text"]["ar"] == "تأتي الممرضة لتأخذك."


# --- the patient reads them -----------------------------------------------------------------------


@pytest.fixture
def worded(visits, query):
    """The visit's texts in several forms: the nurse step in all four, the rest Swedish only."""

    def run(session):
        nurse = session.scalars(
            select(VisitStep).where(
                VisitStep.text == "Sjuksköterskan hämtar dig.", VisitStep.visit_type_id == visits.type.id
            )
        ).one()
        nurse.translations = {"text": {k.removeprefix("text_"): v for k, v in FOUR.items() if k != "text"}}
        kind = session.get(VisitType, visits.type.id)
        kind.translations = {"name": {"en": "Health check", "ar": "فحص صحي"}}
        visit = session.get(Visit, visits.visit.id)
        visit.translations = {"room": {"ar": "الغرفة 4"}, "bring": {"en": "Your medicines.", "ar": "أدويتك."}}
        session.commit()

    query(run)
    return visits


def test_the_visit_page_in_swedish_easy_swedish_and_arabic(make_client, world, worded, sign_in, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    swedish = visit_page(patient, world, worded)
    assert "Sjuksköterskan hämtar dig." in swedish and "Du kommer." in swedish
    assert "Hälsokontroll" in swedish and "Dina mediciner." in swedish
    assert ' lang="' not in swedish.split("<main", 1)[1]  # nothing in another language

    reader(query, world.patient_user, "sv", easy=True)
    easy = visit_page(patient, world, worded)
    assert "Sköterskan kommer till dig." in easy and "Sjuksköterskan hämtar dig." not in easy

    reader(query, world.patient_user, "ar")
    arabic = visit_page(patient, world, worded)
    assert "تأتي الممرضة لتأخذك." in arabic and "فحص صحي" in arabic
    assert "الغرفة 4" in arabic and "أدويتك." in arabic
    # A step with no Arabic stays Swedish, and says so: lang and direction for that text.
    assert re.search(r'<p class="schedule-text" dir="auto" lang="sv">Du kommer\.</p>', arabic)
    assert re.search(r'<p class="schedule-text" dir="auto">تأتي الممرضة لتأخذك\.</p>', arabic)

    reader(query, world.patient_user, "en", easy=True)
    english = visit_page(patient, world, worded)
    assert "The nurse comes to get you." in english and "Your medicines." in english
    assert re.search(r'dir="auto" lang="sv">Du kommer\.</p>', english)


def test_a_helper_reads_in_the_helpers_own_language(make_client, world, worded, sign_in, query):
    reader(query, world.god_man, "en")
    helper = make_client()
    sign_in(helper, world.god_man)
    page = visit_page(helper, world, worded)
    assert "The nurse comes to get you." in page and "Health check" in page


# --- step variants for a need ---------------------------------------------------------------------


def add_variant(staff_client, visits, step_, need, words, **more):
    path = f"{type_path(visits)}/steg/{step_.public_id}/variant/ny"
    return staff_client.post_form(path, {"need": need, "text": words, "pictogram": "", **more})


def test_the_patient_sees_the_first_variant_for_their_needs(
    app, staff_client, make_client, world, visits, sign_in, give_needs, query
):
    first = step(query, "Du kommer.")
    assert (
        add_variant(
            staff_client,
            visits,
            first,
            "wait_in_car",
            "Du väntar i bilen. Vi ringer dig när det är din tur.",
            pictogram="wait-in-car",
        ).status_code
        == 302
    )
    assert (
        add_variant(
            staff_client,
            visits,
            first,
            "no_speech",
            "Du visar ditt kort i receptionen.",
            pictogram="id-card",
            text_ar="تُظهر بطاقتك في الاستقبال.",
        ).status_code
        == 302
    )
    patient = make_client()
    sign_in(patient, world.patient_user)
    plain = visit_page(patient, world, visits)
    assert "Du kommer." in plain and "Du visar ditt kort" not in plain

    give_needs(world.patient, {"no_speech": ""})
    page = visit_page(patient, world, visits)
    assert "Du visar ditt kort i receptionen." in page and "Du kommer." not in page
    with app.app_context():  # the variant's own picture, not the step's
        from app.pictograms import pictogram

        card, door = str(pictogram("id-card", size="lg")), str(pictogram("door-in", size="lg"))
    assert card in page and door not in page and door in plain

    # Both needs: the first in the order staff set wins; moved, the other one does.
    give_needs(world.patient, {"no_speech": "", "wait_in_car": ""})
    assert "Du väntar i bilen." in visit_page(patient, world, visits)
    second = query(
        lambda s: s.scalars(select(VisitStepVariant).where(VisitStepVariant.need == "no_speech")).one()
    )
    moved = staff_client.post_form(
        f"{type_path(visits)}/steg/{first.public_id}/variant/{second.public_id}/flytta", {"direction": "up"}
    )
    assert moved.status_code == 302
    assert "Du visar ditt kort i receptionen." in visit_page(patient, world, visits)
    # In Arabic, the variant's own Arabic.
    reader(query, world.patient_user, "ar")
    assert "تُظهر بطاقتك في الاستقبال." in visit_page(patient, world, visits)
    # The print version and staff's own page of the visit show the same variant.
    reader(query, world.patient_user, "sv")
    printed = text(
        patient.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}/sa-gar-det-till"))
    )
    assert "Du visar ditt kort i receptionen." in printed
    staff_page = text(
        staff_client.get(f"/personal/patienter/{world.patient.public_id}/besok/{visits.visit.public_id}")
    )
    assert "Du visar ditt kort i receptionen." in staff_page


def test_variant_forms_refuse_in_easy_words_and_change_nothing(staff_client, visits, query):
    first = step(query, "Du kommer.")
    assert add_variant(staff_client, visits, first, "no_speech", "Du visar ditt kort.").status_code == 302
    for need, words, expected in [
        ("", "Du visar ditt kort.", "Välj ett behov."),
        ("drake", "Du visar ditt kort.", "Välj ett behov."),
        ("aac_device", "", "Skriv vad som händer."),
        ("no_speech", "Igen.", "Steget har redan en variant för det behovet."),
    ]:
        response = add_variant(staff_client, visits, first, need, words)
        assert response.status_code == 200 and expected in unescape(text(response))
    bad_picture = add_variant(staff_client, visits, first, "aac_device", "Kort.", pictogram="x")
    assert "Välj en bild." in unescape(text(bad_picture))
    assert query(lambda s: len(s.scalars(select(VisitStepVariant)).all())) == 1
    # Another clinic's type, or a made-up step, is not there.
    assert (
        staff_client.get(
            f"/personal/besokstyper/{visits.other_type.public_id}/steg/{first.public_id}/variant/ny"
        ).status_code
        == 404
    )


def test_a_variant_is_changed_and_removed(staff_client, visits, query):
    first = step(query, "Du kommer.")
    add_variant(staff_client, visits, first, "no_speech", "Du visar ditt kort.")
    variant = query(lambda s: s.scalars(select(VisitStepVariant)).one())
    base = f"{type_path(visits)}/steg/{first.public_id}/variant/{variant.public_id}"
    assert "Du visar ditt kort." in text(staff_client.get(base))
    changed = staff_client.post_form(
        base, {"need": "aac_device", "text": "Du pekar.", "pictogram": "aac-device", "text_en": "You point."}
    )
    assert changed.status_code == 302
    saved = query(lambda s: s.scalars(select(VisitStepVariant)).one())
    assert (saved.need, saved.text, saved.pictogram) == ("aac_device", "Du pekar.", "aac-device")
    assert saved.translations == {"text": {"en": "You point."}}
    assert "Du pekar." in text(staff_client.get(type_path(visits)))
    assert staff_client.post_form(f"{base}/ta-bort", {}).status_code == 302
    assert query(lambda s: s.scalars(select(VisitStepVariant)).all()) == []


# --- the preview as one patient -------------------------------------------------------------------


def test_staff_preview_a_schedule_as_one_patient_and_it_is_logged(
    staff_client, world, visits, give_needs, make_patient, query
):
    first = step(query, "Du kommer.")
    add_variant(staff_client, visits, first, "no_speech", "Du visar ditt kort i receptionen.")
    give_needs(world.patient, {"no_speech": ""})
    stranger = make_patient(world.other_clinic, name="Olle Annanstans")

    choose = text(staff_client.get(f"{type_path(visits)}/forhandsvisa"))
    preview_path = f"/personal/patienter/{world.patient.public_id}/besokstyper/{visits.type.public_id}"
    assert preview_path in choose and "Olle Annanstans" not in choose
    # The names on the list are a read of each patient shown.
    listed = query(
        lambda s: s.scalars(select(AccessEvent).where(AccessEvent.object_type == "staff.patients")).all()
    )
    assert {e.patient_id for e in listed} == {world.patient.id}

    reader(query, world.patient_user, "sv", easy=True)
    page = unescape(text(staff_client.get(preview_path)))
    assert "Du visar ditt kort i receptionen." in page and "Du kommer." not in page
    assert "Maja Andersson läser på lättläst svenska." in page
    assert "Steg 1: Jag pratar inte med ord" in page
    logged = query(
        lambda s: s.scalars(
            select(AccessEvent).where(AccessEvent.object_type == "visits_staff.schedule_preview")
        ).all()
    )
    assert [(e.patient_id, e.action) for e in logged] == [(world.patient.id, AccessAction.READ)]

    # Another clinic's patient, or another clinic's type, is not there, and nothing is logged.
    other = f"/personal/patienter/{stranger.public_id}/besokstyper/{visits.type.public_id}"
    assert staff_client.get(other).status_code == 404
    other_type = f"/personal/patienter/{world.patient.public_id}/besokstyper/{visits.other_type.public_id}"
    assert staff_client.get(other_type).status_code == 404
    assert (
        query(lambda s: s.scalars(select(AccessEvent).where(AccessEvent.patient_id == stranger.id)).all())
        == []
    )


def test_the_preview_is_for_staff_only(make_client, world, visits, sign_in):
    path = f"/personal/patienter/{world.patient.public_id}/besokstyper/{visits.type.public_id}"
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(path).status_code in (403, 404)
    other = make_client()
    sign_in(other, world.other_staff)
    assert other.get(path).status_code == 404
    assert other.get(f"/personal/besokstyper/{visits.type.public_id}/forhandsvisa").status_code == 404


# --- the visit's own texts ------------------------------------------------------------------------


def test_staff_book_and_change_a_visit_with_its_texts_in_other_languages(staff_client, world, visits, query):
    data = {
        "visit_type": visits.type.public_id,
        "day": local_at(5, 9).date().isoformat(),
        "at": "09:15",
        "minutes": "30",
        "room": "Rum 2",
        "room_ar": "الغرفة 2",
        "bring": "Legitimation.",
        "bring_en": "ID.",
        "note": "Kom tidigt.",
        "note_sv_easy": "Kom 10 minuter före.",
    }
    booked = staff_client.post_form(f"/personal/patienter/{world.patient.public_id}/besok/ny", data)
    assert booked.status_code == 302
    visit = query(lambda s: s.scalars(select(Visit).where(Visit.room == "Rum 2")).one())
    assert visit.translations == {
        "room": {"ar": "الغرفة 2"},
        "bring": {"en": "ID."},
        "note": {"sv_easy": "Kom 10 minuter före."},
    }
    edit = f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}/andra"
    assert "الغرفة 2" in unescape(text(staff_client.get(edit)))
    # Only a new English message is still news to the patient.
    changed = staff_client.post_form(
        edit,
        {**data, "note_en": "Come early.", "message": "Nu på engelska.", "message_ar": "الآن بالإنجليزية."},
    )
    assert changed.status_code == 302
    entry = query(
        lambda s: s.scalars(
            select(VisitChange).where(VisitChange.visit_id == visit.id, VisitChange.kind == "changed")
        ).one()
    )
    assert "note" in entry.details and entry.translations == {"message": {"ar": "الآن بالإنجليزية."}}
    bad = staff_client.post_form(edit, {**data, "bring_ar": "ID"})
    assert "Skriv texten på arabiska med arabiska bokstäver." in unescape(text(bad))
