"""Vem jobbar här?: the clinic's team with faces, for patients, their helpers and staff; the order
the vårdlots sets; each staff member's own presentation in easy Swedish, English and Arabic."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Gender, Profession, StaffMember, User
from tests.staff.conftest import text
from tests.support.people import patient_url

PAGE = "/vem-jobbar-har"
STAFF_PAGE = "/personal/vem-jobbar-har"
MINE = "/personal/min-presentation"


@pytest.fixture
def team(world, make_staff, query):
    """Kumla's team: the vårdlots (world.staff, Vera Lots), a doctor, a nurse who chose not to be on
    the page and a former physiotherapist; Lindesberg has its own vårdlots (world.other_staff)."""
    doctor = make_staff(world.clinic, Profession.LAKARE, name="Omar Haddad")
    nurse = make_staff(world.clinic, Profession.SJUKSKOTERSKA, name="Karin Ek")
    physio = make_staff(world.clinic, Profession.FYSIOTERAPEUT, name="Johan Holm")
    texts = {
        world.staff.id: ("Jag är vårdlots. Jag hjälper dig.", "I am the care navigator.", ""),
        doctor.id: ("Jag är läkare. Jag lyssnar på dig.", "", "أنا طبيب."),
        nurse.id: ("Jag tar prov.", "", ""),
        physio.id: ("Jag hjälper dig att gå.", "", ""),
        world.other_staff.id: ("Jag jobbar i Lindesberg.", "", ""),
    }

    def run(session):
        for user_id, (sv, en, ar) in texts.items():
            member = session.scalar(select(StaffMember).where(StaffMember.user_id == user_id))
            member.presentation, member.presentation_en, member.presentation_ar = sv, en, ar
            if user_id == nurse.id:
                member.on_team_page = False
            if user_id == physio.id:
                member.user.active = False
        session.commit()

    query(run)
    return {"doctor": doctor, "nurse": nurse, "physio": physio}


def names_in_order(html: str, names: list[str]) -> list[str]:
    found = [(html.find(f">{name}<"), name) for name in names if f">{name}<" in html]
    return [name for _at, name in sorted(found)]


def member_id(query, user) -> str:
    return query(lambda s: s.scalar(select(StaffMember.public_id).where(StaffMember.user_id == user.id)))


# --- the page, for each role ----------------------------------------------------------------------


def test_the_patient_sees_their_clinics_team_with_the_vardlots_first(
    make_client, world, team, sign_in, events
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    way_in = patient.get(PAGE)
    assert way_in.status_code == 302 and way_in.location.endswith(patient_url(world.patient, PAGE))
    page = patient.get(way_in.location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    words = text(page)
    assert "Vem jobbar här?" in words
    # The vårdlots first; the nurse chose not to be on the page, the physiotherapist has left,
    # and Lindesberg's vårdlots works at another clinic.
    assert names_in_order(html, [world.staff.name, "Omar Haddad"]) == [world.staff.name, "Omar Haddad"]
    for absent in ("Karin Ek", "Johan Holm", world.other_staff.name, "Jag jobbar i Lindesberg."):
        assert absent not in words
    assert "Läkaren undersöker dig och skriver recept." in words
    assert "Jag är läkare. Jag lyssnar på dig." in words
    # Initials where there is no photo.
    assert 'class="avatar avatar-xl" aria-hidden="true">OH<' in html
    # The read is in the patient's log, in words.
    assert (world.patient_user.id, world.patient.id, "read", "patient.team", "") in events()


def test_a_helper_sees_the_team_of_the_person_they_help(make_client, world, team, sign_in):
    helper = make_client()
    sign_in(helper, world.god_man)
    page = helper.get(patient_url(world.patient, PAGE))
    assert page.status_code == 200
    words = text(page)
    assert "Läkaren undersöker Maja och skriver recept." in words
    assert "Omar Haddad" in words and world.other_staff.name not in words
    # The short address takes them to the person they chose.
    assert helper.get(PAGE).location.endswith(patient_url(world.patient, PAGE))


def test_a_patient_of_another_clinic_sees_that_clinics_team_only(
    make_client, world, team, sign_in, make_patient, app
):
    other = make_patient(world.other_clinic, with_login=True, name="Ali Hassan")
    with app.app_context():
        user = db.session.get(User, other.user_id)
        db.session.expunge(user)
    client = make_client()
    sign_in(client, user)
    words = text(client.get(patient_url(other, PAGE)))
    assert world.other_staff.name in words and "Omar Haddad" not in words
    # Nobody opens another person's team page by its address; signed out, the sign-in page.
    assert client.get(patient_url(world.patient, PAGE)).status_code == 404
    assert make_client().get(PAGE).status_code == 302
    assert make_client().get(patient_url(world.patient, PAGE)).status_code == 302


def test_staff_see_their_own_clinics_team_and_the_vardlots_orders_it(
    staff_client, make_client, world, team, sign_in, query
):
    assert staff_client.get(PAGE).location.endswith(STAFF_PAGE)
    page = staff_client.get(STAFF_PAGE)
    words = text(page)
    # Staff see those who are not on the page too, marked, so that they can be put in order.
    assert "Karin Ek" in words and "Syns inte för patienterna." in words
    assert world.other_staff.name not in words and "Johan Holm" not in words
    html = page.get_data(as_text=True)
    assert names_in_order(html, [world.staff.name, "Karin Ek", "Omar Haddad"]) == [
        world.staff.name,
        "Karin Ek",
        "Omar Haddad",
    ]
    doctor = member_id(query, team["doctor"])
    moved = staff_client.post_form(f"{STAFF_PAGE}/{doctor}/flytta", {"direction": "up"})
    assert moved.status_code == 302 and moved.location.endswith(f"#person-{doctor}")
    html = staff_client.get(STAFF_PAGE).get_data(as_text=True)
    assert names_in_order(html, [world.staff.name, "Karin Ek", "Omar Haddad"]) == [
        world.staff.name,
        "Omar Haddad",
        "Karin Ek",
    ]
    # The patient sees the order (the nurse is still not on their page).
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "Omar Haddad" in text(patient.get(patient_url(world.patient, PAGE)))


def test_the_vardlots_stays_first_and_moves_that_cannot_be_done_change_nothing(
    staff_client, world, team, query
):
    def positions():
        return query(
            lambda s: sorted((m.team_position, m.user.name) for m in s.scalars(select(StaffMember)).all())
        )

    before = positions()
    doctor = member_id(query, team["doctor"])
    nurse = member_id(query, team["nurse"])
    vardlots = member_id(query, world.staff)
    other = member_id(query, world.other_staff)
    for member, direction in [(nurse, "up"), (vardlots, "down"), (other, "up"), ("0" * 32, "up")]:
        refused = staff_client.post_form(f"{STAFF_PAGE}/{member}/flytta", {"direction": direction})
        assert refused.status_code == 302
        assert "Det går inte att flytta personen dit." in text(staff_client.get(refused.location)) or (
            member in (other, "0" * 32)
        )
    assert positions() == before
    for bad in ({"direction": "sideways"}, {}):
        assert staff_client.post_form(f"{STAFF_PAGE}/{doctor}/flytta", bad).status_code == 400
    assert positions() == before


def test_only_the_vardlots_may_order_the_team(make_client, world, team, sign_in, query):
    doctor_client = make_client()
    sign_in(doctor_client, team["doctor"])
    page = doctor_client.get(STAFF_PAGE)
    assert page.status_code == 200 and "Flytta upp" not in text(page)
    doctor = member_id(query, team["doctor"])
    refused = doctor_client.post_form(f"{STAFF_PAGE}/{doctor}/flytta", {"direction": "up"})
    assert refused.status_code == 403


# --- the language of the presentation --------------------------------------------------------------


def test_english_and_arabic_presentations(make_client, world, team, sign_in, app):
    with app.app_context():
        user = db.session.get(User, world.patient_user.id)
        user.language = "en"
        db.session.commit()
    patient = make_client()
    sign_in(patient, world.patient_user)
    html = patient.get(patient_url(world.patient, PAGE)).get_data(as_text=True)
    assert "I am the care navigator." in html
    # The doctor wrote no English: his Swedish, marked as Swedish.
    assert re.search(r'lang="sv"[^>]*>Jag är läkare\. Jag lyssnar på dig\.<', html)
    with app.app_context():
        user = db.session.get(User, world.patient_user.id)
        user.language = "ar"
        db.session.commit()
    html = patient.get(patient_url(world.patient, PAGE)).get_data(as_text=True)
    assert "أنا طبيب." in html
    assert re.search(r'lang="sv"[^>]*>Jag är vårdlots\. Jag hjälper dig\.<', html)


# --- the staff member's own presentation -------------------------------------------------------------


def test_staff_write_their_own_presentation(staff_client, make_client, world, team, sign_in, query):
    page = staff_client.get(MINE)
    assert page.status_code == 200 and "Läsbarhet (LIX)" in text(page)
    saved = staff_client.post_form(
        MINE,
        {
            "presentation": "Jag heter Vera. Jag svarar när du ringer.",
            "presentation_en": "My name is Vera.",
            "presentation_ar": "اسمي فيرا.",
            "on_team_page": "y",
        },
    )
    assert saved.status_code == 302
    me = query(lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id)))
    assert (me.presentation, me.presentation_en, me.presentation_ar, me.on_team_page) == (
        "Jag heter Vera. Jag svarar när du ringer.",
        "My name is Vera.",
        "اسمي فيرا.",
        True,
    )
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "Jag heter Vera. Jag svarar när du ringer." in text(patient.get(patient_url(world.patient, PAGE)))
    # Off the page: the patient no longer sees them.
    staff_client.post_form(MINE, {"presentation": "Jag heter Vera."})
    assert world.staff.name not in text(patient.get(patient_url(world.patient, PAGE)))


def test_the_presentation_forms_errors_change_nothing(staff_client, world, team, query):
    def mine():
        return query(
            lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
        ).presentation_en

    for data, message in [
        ({"presentation": "", "on_team_page": "y"}, "Skriv några ord om dig på svenska."),
        (
            {"presentation": "Hej.", "presentation_en": "x" * 1001, "on_team_page": "y"},
            "Skriv högst 1000 tecken.",
        ),
        ({"presentation": "Hej\x00då.", "on_team_page": "y"}, "Texten har tecken som inte går att spara."),
    ]:
        response = staff_client.post_form(MINE, data)
        assert response.status_code == 200
        assert message in text(response)
        assert mine() == "I am the care navigator."


def test_the_admins_presentation_is_the_one_patients_read(make_client, world, team, sign_in, query):
    """The admin's staff form edits the Swedish presentation and says patients read it on Vem
    jobbar här?: they do; and when the person chose not to be on the page, the form says so."""
    admin = make_client()
    sign_in(admin, world.admin)
    doctor = member_id(query, team["doctor"])
    form = text(admin.get(f"/admin/personal/{doctor}"))
    assert "Patienterna ser texten på sidan Vem jobbar här?" in form
    admin.post_form(
        f"/admin/personal/{doctor}",
        {
            "name": "Omar Haddad",
            "clinic": world.clinic.public_id,
            "profession": "lakare",
            "duties": "clinician",
            "presentation": "Jag lyssnar på hjärtat.",
        },
    )
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "Jag lyssnar på hjärtat." in text(patient.get(patient_url(world.patient, PAGE)))
    nurse = member_id(query, team["nurse"])
    hidden = text(admin.get(f"/admin/personal/{nurse}"))
    assert "Personen har valt att inte synas på sidan Vem jobbar här?" in hidden


def test_arabic_says_a_womans_role_and_verbs_in_her_form(make_client, world, team, sign_in, app, query):
    """Arabic names the role and bends what it does by the staff member's gender: a woman doctor
    is "الطبيبة" who "تفحصك وتكتب"; a man, or someone who has not said, the general form."""
    with app.app_context():
        db.session.get(User, world.patient_user.id).language = "ar"
        db.session.commit()
    patient = make_client()
    sign_in(patient, world.patient_user)
    url = patient_url(world.patient, PAGE)
    html = text(patient.get(url))
    assert "الطبيب يفحصك ويكتب لك الدواء." in html

    def she(session):
        member = session.scalar(select(StaffMember).where(StaffMember.user_id == team["doctor"].id))
        member.gender = Gender.FEMALE
        session.commit()

    query(she)
    html = text(patient.get(url))
    assert "الطبيبة تفحصك وتكتب لك الدواء." in html and "الطبيب يفحصك" not in html
    # To a helper, with the patient's name in the middle of the sentence.
    helper = make_client()
    with app.app_context():
        db.session.get(User, world.god_man.id).language = "ar"
        db.session.commit()
    sign_in(helper, world.god_man)
    assert "الطبيبة تفحص Maja وتكتب الدواء." in text(helper.get(url))


def test_each_persons_lyssna_says_their_name(app, make_client, world, team, sign_in):
    """Found by a persona walk: a card's "Lyssna" read the role and the text but not the name."""
    from app.speech import service

    patient = make_client()
    sign_in(patient, world.patient_user)
    html = patient.get(patient_url(world.patient, PAGE)).get_data(as_text=True)
    card = html[html.index('id="person-') :]
    card = card[: card.index("</li>")]
    assert "Omar Haddad" in html
    key = re.search(r"/tal/([A-Za-z0-9_\-]+)\.mp3", card)[1]
    with app.app_context():
        spoken = service.registration(key).text
    assert world.staff.name in spoken and "vårdlots" in spoken.lower()


def _cards(html: str) -> dict[str, str]:
    """Each card of the page by the person's name."""
    cards = {}
    for part in html.split('<li class="team-member')[1:]:
        card = part[: part.index("</li>")]
        cards[re.search(r"<h2[^>]*>([^<]+)</h2>", card)[1]] = card
    return cards


def test_one_lyssna_a_card_says_the_swedish_with_the_swedish_voice(app, make_client, world, team, sign_in):
    """Found by a persona walk: in Arabic and English, a card whose presentation is Swedish
    only had two Lyssna (the card's and the Swedish text's). Now one: it says the reader's
    parts in the reader's language, says that the text is in Swedish, and says the text in
    Swedish, also in English, where the letters alone cannot tell the languages apart."""
    from app.speech import service

    patient = make_client()
    sign_in(patient, world.patient_user)
    for language, note in (("en", "(in Swedish)"), ("ar", "(بالسويدية)")):
        with app.app_context():
            db.session.get(User, world.patient_user.id).language = language
            db.session.commit()
        html = patient.get(patient_url(world.patient, PAGE)).get_data(as_text=True)
        cards = _cards(html)
        swedish_only = cards["Omar Haddad"] if language == "en" else cards[world.staff.name]
        for card in cards.values():
            assert card.count("data-listen") == 1
        assert note in swedish_only
        key = re.search(r"/tal/([A-Za-z0-9_\-]+)\.mp3", swedish_only)[1]
        with app.app_context():
            entry = service.registration(key)
        runs = [(run_lang, text) for run_lang, _voice, text in entry.runs]
        swedish = (
            "Jag är läkare. Jag lyssnar på dig." if language == "en" else "Jag är vårdlots. Jag hjälper dig."
        )
        assert runs[-1] == ("sv", swedish)
        assert any(run_lang == language for run_lang, _text in runs)
        assert note not in runs[-1][1]  # the note is said in the reader's language
    # A presentation in the reader's own language: no note, one voice.
    translated = _cards(html)["Omar Haddad"]
    assert "(بالسويدية)" not in translated and "أنا طبيب." in translated


def test_a_changed_swedish_flags_the_translations_to_their_author(
    staff_client, make_client, world, team, sign_in, query, app
):
    """After the Swedish changes, the English and Arabic may no longer say the same: the author
    is told on Min presentation (patients still read them: in their own language, about the
    same person) until they change them or tick that they still say the same. A change by the
    admin flags them too; one written before the Swedish changed is not flagged."""

    def me():
        return query(lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id)))

    flag = "Kanske gammal"
    both = {"presentation_en": "My name is Vera.", "presentation_ar": "اسمي فيرا.", "on_team_page": "y"}
    staff_client.post_form(MINE, {"presentation": "Jag heter Vera.", **both})
    assert flag not in text(staff_client.get(MINE))
    saved = staff_client.post_form(MINE, {"presentation": "Jag heter Vera. Jag svarar i telefon.", **both})
    # Saved, and back on the form, told to look at the translations there and then.
    assert saved.status_code == 302 and saved.location.endswith(MINE)
    page = text(staff_client.get(MINE))
    assert "Titta nu på texten på engelska eller arabiska" in page
    assert page.count(flag) == 2 and "Den engelska texten säger samma sak som den svenska" in page
    # Patients still read the English.
    with app.app_context():
        db.session.get(User, world.patient_user.id).language = "en"
        db.session.commit()
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "My name is Vera." in text(patient.get(patient_url(world.patient, PAGE)))
    # The English changed, the Arabic said to be the same: no flag left.
    staff_client.post_form(
        MINE,
        {
            "presentation": "Jag heter Vera. Jag svarar i telefon.",
            "presentation_en": "My name is Vera. I answer the phone.",
            "presentation_ar": "اسمي فيرا.",
            "still_ar": "y",
            "on_team_page": "y",
        },
    )
    assert flag not in text(staff_client.get(MINE))
    assert me().presentation_ar_from == "Jag heter Vera. Jag svarar i telefon."
    # The admin changes the Swedish: both are flagged again.
    admin = make_client()
    sign_in(admin, world.admin)
    admin.post_form(
        f"/admin/personal/{me().public_id}",
        {
            "name": world.staff.name,
            "clinic": world.clinic.public_id,
            "profession": "vardlots",
            "duties": "coordinator",
            "presentation": "Jag heter Vera. Jag bokar tider.",
        },
    )
    assert me().presentation == "Jag heter Vera. Jag bokar tider."
    assert text(staff_client.get(MINE)).count(flag) == 2
