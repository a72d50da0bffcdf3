"""Ansök om SMO: the public form's whole path and each refusal, the vårdlots team's yes and no,
retention, and who may see an application (app/apply/)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AccessEvent,
    Application,
    ApplicationStatus,
    Duty,
    Invitation,
    Mandate,
    NeedRevision,
    Patient,
    utcnow,
)

PNR = "19121212-1212"
PNR12 = "191212121212"


def _applications(query) -> list[tuple]:
    return query(
        lambda s: [
            (a.name, a.personnummer, a.status, a.clinic_id)
            for a in s.scalars(select(Application).order_by(Application.id))
        ]
    )


def _answer(client, key: str, data: dict, go: str = "next"):
    return client.post_form(f"/ansok/{key}", {**data, "go": go})


def _fill(client, *, who="god_man", home="", clinic="", email="birgitta@exempel.se"):
    """Every step, as a god man applying for someone; returns the responses in order."""
    steps = [
        ("vem", {"who": who}),
        ("namn", {"name": "Erik Holm"}),
        ("personnummer", {"personnummer": PNR}),
        ("bostad", {"home": home, "address": "" if home else "Storgatan 1, Kumla"}),
    ]
    if clinic:
        steps.append(("vardcentral", {"clinic": clinic}))
    contact = {"phone": "070-123 45 67", "email": email}
    if who != "sjalv":
        contact["applicant"] = "Birgitta Svensson"
    consent = {"consent": "ja"} if who == "sjalv" else {"grounds": "foretradare", "text": ""}
    steps += [
        ("kontakt", contact),
        ("varfor", {"reasons": ["prata", "vanta"], "text": "Han blir rädd i väntrummet."}),
        ("stod", {"needs": ["quiet_room", "pictures"]}),
        ("samtycke", consent),
    ]
    responses = []
    for key, data in steps:
        response = _answer(client, key, data)
        assert response.status_code == 302, (key, response.get_data(as_text=True)[:3000])
        responses.append(response)
    return responses


def test_the_whole_path_lands_in_the_clinics_inbox(client, world, query, make_staff, sign_in):
    assert "/ansok/" in client.get("/").get_data(as_text=True)  # from the signed-out start page
    start = client.get("/ansok/")
    assert start.status_code == 200 and "Börja" in start.get_data(as_text=True)
    first = client.get("/ansok/vem")
    assert first.status_code == 200 and "Vem fyller i?" in first.get_data(as_text=True)
    responses = _fill(client, clinic=world.clinic.public_id)
    assert responses[-1].location.endswith("/ansok/kontrollera")
    assert _applications(query) == []  # nothing in the database before Skicka
    # Back and change: the name, from Kontrollera, and back to Kontrollera.
    page = client.get("/ansok/namn?fran=kontrollera").get_data(as_text=True)
    assert 'value="Erik Holm"' in page and "Spara och tillbaka till Kontrollera" in page
    back = _answer(client, "namn", {"name": "Erik Holmberg"}, go="kontrollera")
    assert back.location.endswith("/ansok/kontrollera")
    # Tillbaka from a step goes to the one before, and keeps the answer.
    assert _answer(client, "personnummer", {"personnummer": PNR}, go="back").location.endswith("/ansok/namn")
    review = client.get("/ansok/kontrollera").get_data(as_text=True)
    for text in (
        "Erik Holmberg",
        "19121212-1212",
        "Svårt att prata eller förstå",
        "Vänta i ett lugnt rum",
        "Birgitta Svensson",
    ):
        assert text in review, text
    sent = client.post_form("/ansok/kontrollera", {"website": ""})
    assert sent.status_code == 302 and sent.location.endswith("/ansok/skickat")
    assert client.get("/ansok/skickat").status_code == 200
    assert _applications(query) == [("Erik Holmberg", PNR12, ApplicationStatus.NEW, world.clinic.id)]
    # The draft is gone: a new form starts empty.
    assert 'value="Erik' not in client.get("/ansok/namn").get_data(as_text=True)
    # The clinic's staff see it in the menu, the inbox and the list.
    staff = client.application.test_client()
    sign_in(staff, world.staff)
    inbox = staff.get("/personal/inkorg").get_data(as_text=True)
    assert "En ny ansökan till SMO väntar på svar." in inbox
    listing = staff.get("/personal/ansokningar").get_data(as_text=True)
    assert "Erik Holmberg" in listing and "Nytt: inte besvarad" in listing


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("vem", {"who": "hacker"}, "Välj bland korten."),
        ("vem", {}, "Välj vem du är."),
        ("namn", {"name": ""}, "Skriv för- och efternamn."),
        ("namn", {"name": "x" * 121}, "Texten är för lång."),
        ("personnummer", {"personnummer": "19121212-1213"}, "Någon siffra i personnumret är fel."),
        ("personnummer", {"personnummer": "abc"}, "Skriv personnumret som ÅÅÅÅMMDD-NNNN"),
        ("bostad", {"home": "", "address": ""}, "Skriv en adress, eller välj ett boende."),
        ("bostad", {"home": "f" * 32, "address": ""}, "Välj ett boende i listan."),
        (
            "kontakt",
            {"applicant": "Bo", "phone": "", "email": ""},
            "Skriv ett telefonnummer eller en e-post.",
        ),
        (
            "kontakt",
            {"applicant": "Bo", "phone": "", "email": "inte-en-adress"},
            "Det ser inte ut som en e-postadress",
        ),
        ("varfor", {"text": ""}, "Välj minst ett kort, eller skriv varför."),
        ("varfor", {"text": "x" * 1001}, "Texten är för lång."),
        ("stod", {"needs": ["not_a_need"]}, "Välj bland korten."),
        ("samtycke", {"grounds": "kan_inte", "text": ""}, "Berätta varför det är bra för personen."),
    ],
)
def test_each_bad_answer_gets_a_clear_error_and_keeps_nothing(client, world, key, data, message):
    _answer(client, "vem", {"who": "god_man"})
    response = _answer(client, key, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert "Fel:" in response.get_data(as_text=True)
    if key != "vem":  # the step has no answer: Skicka asks it first
        sent = client.post_form("/ansok/kontrollera", {"website": ""})
        assert sent.status_code == 302 and not sent.location.endswith("/skickat")


def test_a_forged_form_without_the_csrf_token_changes_nothing(client, world, query):
    _fill(client, clinic=world.clinic.public_id)
    response = client.post("/ansok/kontrollera", data={"website": ""})
    assert response.status_code == 400
    assert _applications(query) == []


def test_a_robot_that_fills_in_the_hidden_field_is_told_sent_but_nothing_is_kept(client, world, query):
    _fill(client, clinic=world.clinic.public_id)
    response = client.post_form("/ansok/kontrollera", {"website": "http://spam.example"})
    assert response.status_code == 302 and response.location.endswith("/ansok/skickat")
    assert _applications(query) == []


def test_a_missing_step_is_asked_before_sending(client, world, query):
    _answer(client, "vem", {"who": "sjalv"})
    _answer(client, "namn", {"name": "Ali Hassan"})
    response = client.post_form("/ansok/kontrollera", {"website": ""})
    assert response.status_code == 302 and response.location.endswith("/ansok/personnummer")
    assert _applications(query) == []
    # Kontrollera shows what has no answer yet; Skicka from it goes to the first question.
    fresh = client.application.test_client()
    page = fresh.get("/ansok/kontrollera")
    assert page.status_code == 200 and "Inget svar." in page.get_data(as_text=True)
    assert fresh.post_form("/ansok/kontrollera", {"website": ""}).location.endswith("/ansok/vem")


def test_too_much_text_in_all_is_refused(client, world, app):
    app.config_before = None
    from app.apply import catalogue

    old = catalogue.ANSWERS_MAX_BYTES
    catalogue.ANSWERS_MAX_BYTES = 300
    try:
        _answer(client, "vem", {"who": "god_man"})
        response = _answer(client, "varfor", {"reasons": ["prata"], "text": "ord " * 100})
    finally:
        catalogue.ANSWERS_MAX_BYTES = old
    assert response.status_code == 200
    assert "Det är för mycket text. Skriv kortare." in response.get_data(as_text=True)


def test_sending_is_limited_per_address(client, world, app, query):
    old = app.config["APPLY_SEND_LIMIT"]
    app.config["APPLY_SEND_LIMIT"] = "2 per hour"
    try:
        for _round in range(2):
            _fill(client, clinic=world.clinic.public_id)
            assert client.post_form("/ansok/kontrollera", {"website": ""}).status_code == 302
            client.post_form("/ansok/borja-om", {})  # the receipt put away: a new application
        _fill(client, clinic=world.clinic.public_id)
        refused = client.post_form("/ansok/kontrollera", {"website": ""})
    finally:
        app.config["APPLY_SEND_LIMIT"] = old
    assert refused.status_code == 429
    assert "Du har försökt för många gånger" in refused.get_data(as_text=True)
    assert len(_applications(query)) == 2


def test_the_clinic_follows_the_group_home(client, world, query):
    responses = _fill(client, home=world.home.public_id)
    assert not any(r.location.endswith("/vardcentral") for r in responses)
    client.post_form("/ansok/kontrollera", {"website": ""})
    assert [row[3] for row in _applications(query)] == [world.clinic.id]


def test_with_several_clinics_the_applicant_picks_one(client, world, query):
    assert _answer(client, "vem", {"who": "sjalv"}).status_code == 302
    _answer(client, "namn", {"name": "Ali Hassan"})
    _answer(client, "personnummer", {"personnummer": PNR})
    to = _answer(client, "bostad", {"home": "", "address": "Storgatan 1"})
    assert to.location.endswith("/ansok/vardcentral")
    page = client.get("/ansok/vardcentral").get_data(as_text=True)
    assert "Kumla vårdcentral" in page and "Lindesbergs vårdcentral" in page
    _answer(client, "vardcentral", {"clinic": world.other_clinic.public_id})
    _answer(client, "kontakt", {"phone": "0701234567", "email": ""})
    _answer(client, "varfor", {"reasons": ["tid"]})
    _answer(client, "stod", {})
    _answer(client, "samtycke", {"consent": "ja"})
    client.post_form("/ansok/kontrollera", {"website": ""})
    assert [row[3] for row in _applications(query)] == [world.other_clinic.id]


def test_the_printable_questions(client):
    page = client.get("/ansok/utskrift").get_data(as_text=True)
    for text in (
        "Vem fyller i?",
        "Vad heter personen?",
        "Varför behöver personen SMO?",
        "Vänta i ett lugnt rum",
    ):
        assert text in page


# --- the vårdlots team's side ---------------------------------------------------------------------


@pytest.fixture
def sent_application(client, world, query):
    """Birgitta Svensson, god man, applied for Erik Holm at Kumla."""
    _fill(client, clinic=world.clinic.public_id)
    assert client.post_form("/ansok/kontrollera", {"website": ""}).status_code == 302
    return query(lambda s: s.scalars(select(Application)).one().public_id)


def test_yes_makes_the_patient_with_the_needs_and_invites_both(
    sent_application, world, vardlots, query, smtp
):
    staff = vardlots
    url = f"/personal/ansokningar/{sent_application}"
    page = staff.get(url).get_data(as_text=True)
    assert "Erik Holm" in page and "Ja, lägg till som patient" in page
    mail = smtp()
    response = staff.post_form(
        url + "/ja", {"vardlots": "", "person_email": "erik.holm@exempel.se", "invite_applicant": "y"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    def check(s):
        patient = s.scalars(select(Patient).where(Patient.personnummer == PNR12)).one()
        application = s.scalars(select(Application)).one()
        revision = s.scalars(select(NeedRevision).where(NeedRevision.patient_id == patient.id)).one()
        invited = sorted(
            i.user.email for i in s.scalars(select(Invitation).where(Invitation.patient_id == patient.id))
        )
        mandate = s.scalars(select(Mandate).where(Mandate.patient_id == patient.id)).one()
        logged = s.scalars(
            select(AccessEvent.object_type).where(
                AccessEvent.patient_id == patient.id, AccessEvent.action == "create"
            )
        ).all()
        return (
            patient.name,
            patient.clinic_id,
            application.status,
            application.patient_id == patient.id,
            sorted(revision.needs),
            invited,
            mandate.kind.value,
            sorted(logged),
        )

    assert query(check) == (
        "Erik Holm",
        world.clinic.id,
        ApplicationStatus.ACCEPTED,
        True,
        ["pictures", "quiet_room"],
        ["birgitta@exempel.se", "erik.holm@exempel.se"],
        "god_man",
        ["application.accept", "invitation", "mandate", "patient"],
    )
    to = sorted(m["To"] for m in mail.messages)  # the two invitations, over SMTP
    assert to == ["birgitta@exempel.se", "erik.holm@exempel.se"]
    # Decided once: a second yes changes nothing.
    again = staff.post_form(url + "/ja", {"vardlots": "", "person_email": ""})
    assert again.status_code == 302
    assert query(lambda s: s.scalar(select(func.count(Patient.id)).where(Patient.personnummer == PNR12))) == 1


def test_yes_for_someone_already_a_patient_makes_no_second_patient(
    client, world, make_patient, vardlots, query
):
    make_patient(world.clinic, name="Erik Holm", personnummer=PNR12)
    _fill(client, clinic=world.clinic.public_id, email="")
    client.post_form("/ansok/kontrollera", {"website": ""})
    app_id = query(lambda s: s.scalars(select(Application)).one().public_id)
    staff = vardlots
    page = staff.get(f"/personal/ansokningar/{app_id}").get_data(as_text=True)
    assert "Erik Holm är redan patient här." in page
    assert staff.post_form(f"/personal/ansokningar/{app_id}/ja", {"person_email": ""}).status_code == 302
    assert query(lambda s: s.scalar(select(func.count(Patient.id)).where(Patient.personnummer == PNR12))) == 1
    assert query(lambda s: s.scalars(select(Application)).one().status) is ApplicationStatus.ACCEPTED


def test_no_keeps_the_reason_and_sends_the_easy_answer(sent_application, world, vardlots, query, app):
    staff = vardlots
    url = f"/personal/ansokningar/{sent_application}"
    page = staff.get(url).get_data(as_text=True)
    assert "Svaret är nej." in page  # the easy answer offered
    refused = staff.post_form(url + "/nej", {"reason": "", "answer": "Svaret är nej."})
    assert refused.status_code == 200 and "Skriv varför." in refused.get_data(as_text=True)
    response = staff.post_form(
        url + "/nej", {"reason": "Har ingen LSS-diagnos.", "answer": "Hej! Svaret är nej."}
    )
    assert response.status_code == 302

    def check(s):
        application = s.scalars(select(Application)).one()
        from app.models import MailNotice

        notice = s.scalars(
            select(MailNotice).where(
                MailNotice.to == "birgitta@exempel.se", MailNotice.subject == "Svar på ansökan till SMO"
            )
        ).one()
        logged = s.scalars(
            select(AccessEvent.object_type).where(AccessEvent.object_id == application.public_id)
        ).all()
        return (
            application.status,
            application.reason,
            application.answer,
            notice.body,
            "application.decline" in logged,
        )

    assert query(check) == (
        ApplicationStatus.DECLINED,
        "Har ingen LSS-diagnos.",
        "Hej! Svaret är nej.",
        "Hej! Svaret är nej.",
        True,
    )
    assert "Hej! Svaret är nej." in staff.get(url + "/svar").get_data(as_text=True)


def test_retention_deletes_declined_applications_after_the_set_days_only(
    sent_application, world, query, app, vardlots
):
    vardlots.post_form(f"/personal/ansokningar/{sent_application}/nej", {"reason": "Nej.", "answer": "Nej."})
    # An undecided one, sent long ago, and the declined one's decision moved back in time.
    with app.app_context():
        old = Application(
            clinic_id=world.clinic.id,
            answers={},
            name="Ny",
            personnummer=PNR12,
            created_at=utcnow() - timedelta(days=400),
        )
        db.session.add(old)
        declined = db.session.scalars(
            select(Application).where(Application.public_id == sent_application)
        ).one()
        declined.decided_at = utcnow() - timedelta(days=89)
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["apply", "purge"])
    assert "0 applications deleted (90 days after the decision)" in result.output
    with app.app_context():
        declined = db.session.scalars(
            select(Application).where(Application.public_id == sent_application)
        ).one()
        declined.decided_at = utcnow() - timedelta(days=91)
        db.session.commit()
    result = runner.invoke(args=["apply", "purge"])
    assert "1 applications deleted" in result.output
    assert [row[0] for row in _applications(query)] == ["Ny"]  # undecided: kept


def test_the_privacy_page_says_how_long(client):
    page = client.get("/personuppgifter").get_data(as_text=True)
    assert "En ansökan om SMO som får nej tar vi bort 90 dagar efter svaret." in page


def test_only_the_clinics_staff_see_an_application(
    sent_application, world, make_client, sign_in, make_staff, query
):
    url = f"/personal/ansokningar/{sent_application}"
    other = make_client()
    sign_in(other, world.other_staff)
    assert other.get(url).status_code == 404
    assert other.post_form(url + "/nej", {"reason": "x", "answer": "x"}).status_code == 404
    assert "Erik Holm" not in other.get("/personal/ansokningar").get_data(as_text=True)
    visitor = make_client()
    assert visitor.get(url).status_code == 302  # to sign in
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(url).status_code == 403
    # A clinician of the clinic reads it, but the coordinator decides.
    nurse = make_client()
    sign_in(nurse, make_staff(world.clinic, duties=[Duty.CLINICIAN.value]))
    assert nurse.get(url).status_code == 200
    assert nurse.post_form(url + "/ja", {"person_email": ""}).status_code == 403
    assert query(lambda s: s.scalars(select(Application)).one().status) is ApplicationStatus.NEW
    reads = query(
        lambda s: s.scalars(
            select(AccessEvent.object_type).where(AccessEvent.object_id == sent_application)
        ).all()
    )
    assert "apply_staff.application" in reads


def test_the_steps_name_the_person_by_who_applies(client, world):
    _answer(client, "vem", {"who": "sjalv"})
    assert "Vad heter du?" in client.get("/ansok/namn").get_data(as_text=True)
    _answer(client, "vem", {"who": "anhorig"})
    html = client.get("/ansok/namn").get_data(as_text=True)
    assert re.search(r"<h1[^>]*>Vad heter personen\?</h1>", html)


def test_what_was_typed_keeps_its_own_direction_on_an_arabic_staff_page(sent_application, vardlots):
    """Read in Arabic, the personnummer and the phone number stay left to right, and so does the
    Swedish the applicant wrote (a persona walk saw "70 66 019-55" and "****-19580917")."""
    vardlots.post_form("/sprak", {"language": "ar", "next": "/"})
    html = vardlots.get(f"/personal/ansokningar/{sent_application}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    for typed in ("-****", "070", "Han blir rädd i väntrummet."):
        assert re.search(r'<p class="pre-line" dir="auto">[^<]*' + re.escape(typed), html), typed
