"""Hälsokontroller for staff through the real pages: the list and its filters (another clinic's
patients never shown), "Bjud in" both ways with the notice over real SMTP, double posts and old
forms refused in words, "Gjord" (not in the future), "Kom inte", and the calls to make."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

from app.core.clock import today
from app.extensions import db
from app.models import CheckOutcome, HealthCheck
from app.models.base import utcnow
from tests.test_mail import smtp  # noqa: F401  (the real SMTP server on loopback)

from .due_helpers import add_check_type, notices, rounds, staff_url

SUBJECT = "Vårdcentralen vill att du kommer på en hälsokontroll"


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_the_list_filters_and_other_clinics(app, staff_client, world, make_patient, events):
    lina = make_patient(world.clinic, name="Lina Never")
    stranger = make_patient(world.other_clinic, name="Olle Elsewhere")
    with app.app_context():
        db.session.add(
            HealthCheck(
                patient_id=world.patient.id,
                clinic_id=world.clinic.id,
                outcome=CheckOutcome.DONE.value,
                done_on=today() - timedelta(days=30),
            )
        )
        db.session.commit()
    page = staff_client.get("/personal/halsokontroller")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Lina Never" in html and "Maja Andersson" in html
    assert "Olle Elsewhere" not in html
    assert "Aldrig kontrollerad" in html and "Inte dags än" in html
    never = staff_client.get("/personal/halsokontroller?status=aldrig").get_data(as_text=True)
    assert "Lina Never" in never and "Maja Andersson" not in never
    overdue = staff_client.get("/personal/halsokontroller?status=forsenad").get_data(as_text=True)
    assert "Lina Never" not in overdue and "Maja Andersson" not in overdue
    # An unknown filter shows everyone, never a 500.
    assert staff_client.get("/personal/halsokontroller?status=%00x").status_code == 200
    # A read per patient shown, none for the other clinic's.
    read = {e[1] for e in events(object_type="checkup_staff.due_list")}
    assert {lina.id, world.patient.id} <= read and stranger.id not in read
    # The count on Att göra and in the menu: Lina (never checked).
    todo = staff_client.get("/personal/att-gora").get_data(as_text=True)
    assert "1 patient att bjuda in eller ringa" in todo
    # "Bjud in" straight from the list, for those to invite.
    assert f"/personal/patienter/{lina.public_id}/halsokontroll/bjud-in" in html
    assert f"/personal/patienter/{world.patient.public_id}/halsokontroll/bjud-in" not in html


def test_invite_to_book_sends_one_notice_and_refuses_a_second(staff_client, world, query, smtp):  # noqa: F811
    page = staff_client.get(staff_url(world.patient))
    assert page.status_code == 200 and "Bjud in att boka en tid" in page.get_data(as_text=True)
    sent = staff_client.post_form(staff_url(world.patient, "/bjud-in"), {"round": ""})
    assert sent.status_code == 302
    [check] = rounds(query, world.patient)
    assert check.invited_at is not None and check.visit_id is None and check.open
    # The patient (with a login) and the god man get the e-mail, over real SMTP.
    assert sorted(m["To"] for m in smtp.messages) == sorted([world.patient_user.email, world.god_man.email])
    for message in smtp.messages:
        assert subject(message) == SUBJECT
        body = message.get_payload(decode=True).decode()
        assert "Vårdcentralen vill att du kommer på en hälsokontroll." in body
        assert f"/min-sida/{world.patient.public_id}/halsokontroll/" in body
        assert world.patient.name not in body
    # The same form again (a double post) is refused in words; nothing new is sent.
    again = staff_client.post_form(staff_url(world.patient, "/bjud-in"), {"round": ""})
    assert again.status_code == 200
    assert "medan du hade sidan öppen" in again.get_data(as_text=True)
    assert len(rounds(query, world.patient)) == 1 and len(smtp.messages) == 2
    # A forged round id is refused too.
    forged = staff_client.post_form(staff_url(world.patient, "/bjud-in"), {"round": "x" * 32})
    assert forged.status_code == 200 and "Det gick inte att spara" in forged.get_data(as_text=True)


def _booking(type_id: str, round_id: str = "") -> dict:
    return {
        "round": round_id,
        "visit_type": type_id,
        "day": (today() + timedelta(days=7)).isoformat(),
        "at": "10:00",
        "minutes": "60",
        "room": "Rum 2",
        "bring": "",
        "note": "",
    }


def test_invite_with_a_time_books_the_visit(app, staff_client, world, query, smtp):  # noqa: F811
    type_id = add_check_type(app, world.clinic)
    form = staff_client.get(staff_url(world.patient, "/boka"))
    assert form.status_code == 200 and "Boka och skicka inbjudan" in form.get_data(as_text=True)
    booked = staff_client.post_form(staff_url(world.patient, "/boka"), _booking(type_id))
    assert booked.status_code == 302, booked.get_data(as_text=True)[:3000]
    [check] = rounds(query, world.patient)
    assert check.visit_id is not None
    # One e-mail each, about the health check (not a second one about a visit).
    assert len(smtp.messages) == 2 and {subject(m) for m in smtp.messages} == {SUBJECT}
    page = staff_client.get(staff_url(world.patient)).get_data(as_text=True)
    assert "Bokad" in page
    # Booking again over the old form is refused in words.
    again = staff_client.post_form(staff_url(world.patient, "/boka"), _booking(type_id))
    assert again.status_code == 200 and "medan du hade sidan öppen" in again.get_data(as_text=True)
    # A type that is no health check is not offered, and refused when forged.
    assert len(rounds(query, world.patient)) == 1


def test_booking_a_time_for_an_open_invitation_keeps_the_round(app, staff_client, world, query):
    type_id = add_check_type(app, world.clinic)
    staff_client.post_form(staff_url(world.patient, "/bjud-in"), {"round": ""})
    [check] = rounds(query, world.patient)
    booked = staff_client.post_form(staff_url(world.patient, "/boka"), _booking(type_id, check.public_id))
    assert booked.status_code == 302
    [same] = rounds(query, world.patient)
    assert same.id == check.id and same.visit_id is not None


def test_done_missed_and_follow_up(staff_client, world, query):
    staff_client.post_form(staff_url(world.patient, "/bjud-in"), {"round": ""})
    [check] = rounds(query, world.patient)
    future = staff_client.post_form(
        staff_url(world.patient, "/gjord"),
        {"round": check.public_id, "day": (today() + timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 200 and "Dagen har inte kommit än" in future.get_data(as_text=True)
    bad = staff_client.post_form(
        staff_url(world.patient, "/gjord"), {"round": check.public_id, "day": "31/12"}
    )
    assert bad.status_code == 200 and "år-månad-dag" in bad.get_data(as_text=True)
    assert rounds(query, world.patient)[0].outcome is None

    missed = staff_client.post_form(staff_url(world.patient, "/kom-inte"), {"round": check.public_id})
    assert missed.status_code == 302
    [check] = rounds(query, world.patient)
    assert check.outcome == "did_not_come"
    # Kom inte twice: refused in words.
    twice = staff_client.post_form(staff_url(world.patient, "/kom-inte"), {"round": check.public_id})
    assert twice.status_code == 200 and "medan du hade sidan öppen" in twice.get_data(as_text=True)
    listed = staff_client.get("/personal/halsokontroller").get_data(as_text=True)
    assert "Kom inte på hälsokontrollen" in listed

    empty = staff_client.post_form(
        staff_url(world.patient, "/uppfoljning"), {"round": check.public_id, "note": ""}
    )
    assert empty.status_code == 200 and "Skriv kort vad ni kom fram till" in empty.get_data(as_text=True)
    saved = staff_client.post_form(
        staff_url(world.patient, "/uppfoljning"),
        {"round": check.public_id, "note": "Jag ringde. Ny tid i mars."},
    )
    assert saved.status_code == 302
    [check] = rounds(query, world.patient)
    assert check.followed_up_at is not None and check.follow_up_note == "Jag ringde. Ny tid i mars."
    assert "Kom inte på hälsokontrollen" not in staff_client.get("/personal/halsokontroller").get_data(
        as_text=True
    )
    again = staff_client.post_form(
        staff_url(world.patient, "/uppfoljning"), {"round": check.public_id, "note": "Igen"}
    )
    assert again.status_code == 200 and "inget att följa upp" in again.get_data(as_text=True)

    # A new round, done today: the patient is checked, and the next is not due yet.
    staff_client.post_form(staff_url(world.patient, "/bjud-in"), {"round": ""})
    newest = rounds(query, world.patient)[-1]
    done = staff_client.post_form(
        staff_url(world.patient, "/gjord"), {"round": newest.public_id, "day": today().isoformat()}
    )
    assert done.status_code == 302
    assert "Inte dags än" in staff_client.get(staff_url(world.patient)).get_data(as_text=True)


def test_another_clinic_and_another_patient(app, client, world, sign_in, make_patient, query):
    sign_in(client, world.other_staff)
    assert client.get(staff_url(world.patient)).status_code == 404
    assert client.post_form(staff_url(world.patient, "/bjud-in"), {"round": ""}).status_code == 404
    assert "Maja Andersson" not in client.get("/personal/halsokontroller").get_data(as_text=True)
    assert rounds(query, world.patient) == []


def test_the_reminder_goes_out_once(app, world, query, smtp):  # noqa: F811
    with app.app_context():
        db.session.add_all(
            [
                HealthCheck(
                    patient_id=world.patient.id,
                    clinic_id=world.clinic.id,
                    invited_at=utcnow() - timedelta(days=21, minutes=1),
                ),
            ]
        )
        # Not yet three weeks, and one answered: no reminder.
        other = HealthCheck(patient_id=world.patient.id, clinic_id=world.clinic.id, invited_at=utcnow())
        db.session.add(other)
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["checkup", "remind"])
    assert result.exit_code == 0, result.output
    assert "1 reminded" in result.output
    assert sorted(m["To"] for m in smtp.messages) == sorted([world.patient_user.email, world.god_man.email])
    for message in smtp.messages:
        assert subject(message) == SUBJECT
        body = message.get_payload(decode=True).decode()
        lines = [line for line in body.splitlines() if line.strip()]
        assert lines == [
            "Hej!",
            "Vårdcentralen vill att du kommer på en hälsokontroll.",
            "Logga in i Lotsen och titta här:",
            app.config["PUBLIC_URL"].rstrip("/") + f"/min-sida/{world.patient.public_id}/halsokontroll/",
            "Hälsningar",
            "Lotsen",
        ]
    [first, _second] = rounds(query, world.patient)
    assert first.reminded_at is not None
    again = runner.invoke(args=["checkup", "remind"])
    assert "0 reminded" in again.output
    assert len(smtp.messages) == 2
    assert len(notices(query)) == 2


def test_a_visit_type_marked_as_the_health_check(staff_client, query):
    from sqlalchemy import select

    from app.models import VisitType

    made = staff_client.post_form(
        "/personal/besokstyper/ny",
        {
            "name": "Hälsokontroll",
            "pictogram": "stethoscope",
            "minutes": "60",
            "active": "y",
            "health_check": "y",
        },
    )
    assert made.status_code == 302
    kinds = query(lambda s: list(s.scalars(select(VisitType).where(VisitType.name == "Hälsokontroll"))))
    assert [k.health_check for k in kinds] == [True]
