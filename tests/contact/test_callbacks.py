"""Ring upp mig: the phone number checked as Swedish and remembered, whom to call, when and
what about; the vårdlots plans the call and records each attempt; the patient sees the state."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.contact import phone
from app.models import CallbackRequest, CallbackStatus, MailNotice, Role, User
from tests.staff.conftest import text
from tests.support.people import next_weekday, patient_url


def words(response) -> str:
    """The page as read: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split()).replace(" .", ".")


NEW = "/kontakt/ring-upp-mig"


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("٠٧٠-١٢٣ ٤٥ ٦٧", "0701234567"),
        ("۰۷۰۱۲۳۴۵۶۷", "0701234567"),
        ("070-123 45 67", "0701234567"),
        ("+46 70 123 45 67", "0701234567"),
        ("0046701234567", "0701234567"),
        ("019-10 20 30", "019102030"),
        ("08-123 456 78", "0812345678"),
        ("(019) 10 20 30", "019102030"),
    ],
)
def test_swedish_numbers_as_people_write_them(written, digits):
    assert phone.normalize(written) == digits


@pytest.mark.parametrize(
    "written",
    ["", "12345", "070-123", "+47 22 33 44 55", "0070123456", "070-123 45 67 89", "sjuttio", "0701234567x"],
)
def test_what_is_not_a_swedish_number(written):
    assert phone.normalize(written) is None


def ask(client, patient, **data):
    return client.post_form(
        patient_url(patient, NEW),
        {
            "whom": "patient",
            "phone": "070-123 45 67",
            "days": ["mon", "wed"],
            "times": ["morning"],
            "topics": ["time"],
            "text": "",
            "notify": "y",
            "remember": "y",
            **data,
        },
    )


def test_ask_to_be_called_and_follow_the_call(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    for data, words in [
        ({"phone": ""}, "Skriv ett telefonnummer."),
        ({"phone": "12345"}, "Det ser inte ut som ett svenskt telefonnummer."),
        ({"days": ["sun"]}, "Välj bland korten."),
        ({"whom": "representative"}, "Välj vem vårdlotsen ska ringa."),
    ]:
        response = ask(patient, world.patient, **data)
        assert response.status_code == 200 and words in text(response), data
    assert query(lambda s: s.scalars(select(CallbackRequest)).all()) == []

    asked = ask(patient, world.patient, phone="+46 70 123 45 67")
    assert asked.status_code == 302
    page = text(patient.get(asked.location))
    assert "Väntar. Vårdlotsen ringer upp." in page and "070-123 45 67" in page
    assert "Måndag, Onsdag" in page
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    assert callback.phone == "0701234567" and callback.status is CallbackStatus.WAITING
    # The number is remembered, and filled in next time.
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == "0701234567"
    assert 'value="070-123 45 67"' in patient.get(patient_url(world.patient, NEW)).get_data(as_text=True)
    assert query(
        lambda s: s.scalars(select(MailNotice).where(MailNotice.to == world.clinic.vardlots_email)).one()
    )

    inbox = staff_client.get("/personal/inkorg").get_data(as_text=True)
    assert "Maja Andersson vill bli uppringd" in inbox
    link = re.search(r'href="(/personal/patienter/\w+/ring-upp/\w+)"', inbox)[1]
    page = text(staff_client.get(link))
    assert "070-123 45 67" in page and 'href="tel:0701234567"' in page
    day = next_weekday()
    planned = staff_client.post_form(link + "/planera", {"day": day.isoformat(), "time": "morning"})
    assert planned.status_code == 302
    assert "Vårdlotsen ringer" in text(patient.get(asked.location))
    assert "på förmiddagen" in text(patient.get(asked.location))

    staff_client.post_form(link + "/forsok", {"outcome": "no_answer", "note": "Ringde 9.10"})
    state = text(patient.get(asked.location))
    assert "Vårdlotsen försökte ringa men fick inget svar." in state
    assert "Ringde 9.10" not in state  # the note is for staff
    bad = staff_client.post_form(link + "/forsok", {"outcome": "maybe"})
    assert bad.status_code == 200 and "Välj hur det gick." in text(bad)
    no_day = staff_client.post_form(link + "/planera", {"day": "", "time": "morning"})
    assert no_day.status_code == 200 and "Skriv dagen." in text(no_day)
    # Planned again after a try that reached nobody: the patient sees the new plan.
    staff_client.post_form(link + "/planera", {"day": next_weekday(day).isoformat(), "time": "afternoon"})
    assert "på eftermiddagen" in text(patient.get(asked.location))
    staff_client.post_form(link + "/forsok", {"outcome": "reached"})
    assert "Klart. Vårdlotsen har ringt." in text(patient.get(asked.location))
    assert query(lambda s: s.scalars(select(CallbackRequest)).one().status) is (CallbackStatus.DONE)
    # The patient asked to be told: one notice each for the plan and the two calls.
    told = query(
        lambda s: s.scalars(select(MailNotice).where(MailNotice.to == world.patient_user.email)).all()
    )
    assert len(told) == 4 and all("0701234567" not in n.body for n in told)


def test_a_helper_chooses_whom_to_call(make_client, world, sign_in, act_for, query):
    helper = make_client()
    sign_in(helper, world.god_man)
    act_for(helper, world.patient)
    form = text(helper.get(patient_url(world.patient, NEW)))
    assert "Vem ska vårdlotsen ringa?" in form and "Mig, Birgitta Svensson" in form
    asked = ask(helper, world.patient, whom="representative", phone="073-555 12 34")
    assert asked.status_code == 302
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    assert callback.whom == "representative" and callback.acting_as == "representative"
    # The patient sees who asked, and whom the vårdlots will call.
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "Birgitta Svensson bad om samtal" in text(patient.get(patient_url(world.patient, "/kontakt/")))
    # The number is Birgitta's own: she sees it, the patient sees whom the vårdlots calls.
    seen = words(patient.get(asked.location))
    assert "Vårdlotsen ringer Birgitta Svensson." in seen and "073-555 12 34" not in seen
    assert "Vårdlotsen ringer dig på: 073-555 12 34" in words(helper.get(asked.location))
    # The helper's own number is remembered for the helper, not for the patient.
    assert query(lambda s: s.get(User, world.god_man.id).phone) == "0735551234"
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == ""


def test_other_clinics_and_bad_ids_are_refused(
    make_client, world, sign_in, query, make_user, make_mandate, act_for
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    asked = ask(patient, world.patient)
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    stranger = make_client()
    sign_in(stranger, world.other_staff)
    staff_path = f"/personal/patienter/{world.patient.public_id}/ring-upp/{callback.public_id}"
    assert stranger.get(staff_path).status_code == 404
    assert stranger.post_form(staff_path + "/forsok", {"outcome": "reached"}).status_code == 404
    assert patient.get(f"{patient_url(world.patient, NEW)}/{'0' * 32}").status_code == 404
    from app.models import Scope

    reader = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, reader, scopes={Scope.SEE})
    helper = make_client()
    sign_in(helper, reader)
    act_for(helper, world.patient)
    assert helper.get(patient_url(world.patient, NEW)).status_code == 403
    # A helper who may only see reads whom the vårdlots calls, but not the number: it is the
    # patient's, and only those who asked or will be called see it.
    seen = words(helper.get(asked.location))
    assert "Vårdlotsen ringer Maja." in seen and "070-123 45 67" not in seen
    assert helper.get(asked.location + "/ta-bort").status_code == 403
    assert helper.post_form(asked.location + "/ta-bort", {}).status_code == 403
    assert query(lambda s: s.scalars(select(CallbackRequest)).one().status) is (CallbackStatus.WAITING)


def test_closing_a_callback_without_a_call_does_not_say_there_was_one(
    make_client, world, sign_in, staff_client, query
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    asked = ask(patient, world.patient)
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    link = f"/personal/patienter/{world.patient.public_id}/ring-upp/{callback.public_id}"
    assert staff_client.post_form(link + "/klar", {}).status_code == 302
    state = text(patient.get(asked.location))
    assert "Klart" in state and "Vårdlotsen har ringt" not in state


def test_the_number_is_remembered_only_when_asked(make_client, world, sign_in, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    form = patient.get(patient_url(world.patient, NEW)).get_data(as_text=True)
    assert "Kom ihåg mitt nummer till nästa gång" in form
    assert ask(patient, world.patient, remember="").status_code == 302
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == ""


def test_the_patient_takes_back_a_call_that_is_not_needed(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    asked = ask(patient, world.patient)
    page = text(patient.get(asked.location))
    assert "Ta bort samtalet" in page
    question = text(patient.get(asked.location + "/ta-bort"))
    assert "Vårdlotsen ringer inte då." in question and "Nej, behåll samtalet" in question
    # Asking is only a question: nothing changed.
    assert query(lambda s: s.scalars(select(CallbackRequest)).one().status) is (CallbackStatus.WAITING)
    assert patient.post(asked.location + "/ta-bort", data={}).status_code == 400  # no CSRF token
    assert query(lambda s: s.scalars(select(CallbackRequest)).one().status) is (CallbackStatus.WAITING)
    done = patient.post_form(asked.location + "/ta-bort", {})
    assert done.status_code == 302
    page = text(patient.get(asked.location))
    assert "Borttaget. Vårdlotsen ringer inte." in page and "Ta bort samtalet" not in page
    assert query(lambda s: s.scalars(select(CallbackRequest)).one().status) is (CallbackStatus.CANCELLED)
    # Twice changes nothing more, and says so.
    again = patient.post_form(asked.location + "/ta-bort", {}, follow_redirects=True)
    assert "Samtalet är redan borttaget." in text(again)
    # The vårdlots no longer has it to do, and sees why.
    assert "vill bli uppringd" not in text(staff_client.get("/personal/inkorg"))
    closed = text(staff_client.get("/personal/inkorg?lage=done"))
    assert "Maja Andersson vill bli uppringd" in closed and "Borttaget" in closed
    assert '<span class="count">Ny</span>' not in closed  # nothing left to read


def test_the_form_helps_someone_for_whom_the_phone_is_hard(make_client, world, sign_in, give_needs):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "svårt att prata i telefon" not in text(patient.get(patient_url(world.patient, NEW)))
    give_needs(world.patient, {"no_speech": "", "interpreter": "Arabiska"})
    page = text(patient.get(patient_url(world.patient, NEW)))
    assert "Är det svårt att prata i telefon?" in page and "Skriv i stället" in page
    assert "det behövs tolk" in page and "Arabiska" in page


def test_an_own_number_in_the_settings(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    page = text(patient.get("/installningar"))
    assert "Mitt telefonnummer" in page
    bad = patient.post_form("/installningar/telefon", {"phone": "12345"})
    assert bad.status_code == 200
    body = bad.get_data(as_text=True)
    assert "<title>Fel:" in body and "Det ser inte ut som ett svenskt telefonnummer." in text(bad)
    assert patient.post_form("/installningar/telefon", {"phone": "1" * 200}).status_code == 200
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == ""
    saved = patient.post_form("/installningar/telefon", {"phone": "+46 70 123 45 67"})
    assert saved.status_code == 302
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == "0701234567"
    assert 'value="070-123 45 67"' in patient.get("/installningar").get_data(as_text=True)
    # "Ring upp mig" fills it in; an empty field takes it away.
    assert 'value="070-123 45 67"' in patient.get(patient_url(world.patient, NEW)).get_data(as_text=True)
    assert patient.post_form("/installningar/telefon", {"phone": ""}).status_code == 302
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == ""
    # "Ta bort numret" removes it, whatever is in the field.
    patient.post_form("/installningar/telefon", {"phone": "070-123 45 67"})
    assert "Ta bort numret" in text(patient.get("/installningar"))
    assert patient.post_form("/installningar/telefon", {"phone": "skräp", "go": "remove"}).status_code == 302
    assert query(lambda s: s.get(User, world.patient_user.id).phone) == ""
    # Staff keep no number here.
    assert "Mitt telefonnummer" not in text(staff_client.get("/installningar"))
    assert staff_client.post_form("/installningar/telefon", {"phone": "070-1234567"}).status_code == 404
