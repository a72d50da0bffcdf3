"""Staff record, change and cancel visits; the patient and their helpers see it in easy words and
get an e-mail without health data; Mina besök, the calendar file and "Jag vill ha en tid"."""

from __future__ import annotations

from datetime import datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.models import Visit, VisitRequest
from app.visits.clock import clock_svg, spoken_time_sv
from tests.staff.conftest import text
from tests.support.accounts import latest_mail
from tests.support.people import patient_url

from .conftest import LOCAL, local_at


def book(client, world, visits, **changes):
    from flask import current_app

    if not current_app:  # outside the app: look the staff member up inside it
        with client.application.app_context():
            return book(client, world, visits, **changes)
    staff_member = staff_public_id(world)
    data = {
        "visit_type": visits.type.public_id,
        "day": local_at(5, 9).date().isoformat(),
        "at": "09:15",
        "minutes": "30",
        "staff": [staff_member],
        "room": "Rum 2",
        "bring": "Legitimation.",
        "note": "Kom tio minuter innan.",
    }
    data.update(changes)
    return client.post_form(f"/personal/patienter/{world.patient.public_id}/besok/ny", data)


def staff_public_id(world) -> str:
    from app.extensions import db
    from app.models import StaffMember

    return db.session.scalar(select(StaffMember.public_id).where(StaffMember.user_id == world.staff.id))


def test_staff_book_a_visit_and_the_patient_sees_it_in_words_and_a_clock(
    app, staff_client, make_client, world, visits, sign_in, query
):
    with app.app_context():
        response = book(staff_client, world, visits)
    assert response.status_code == 302
    visit = query(lambda s: s.scalars(select(Visit).where(Visit.room == "Rum 2")).one())
    assert visit.starts_at.astimezone(LOCAL).strftime("%H:%M") == "09:15"
    assert visit.starts_at.tzinfo is not None

    patient = make_client()
    sign_in(patient, world.patient_user)
    page = text(patient.get(patient_url(world.patient, "/besok/")))
    assert "kvart över nio" in page and 'class="clock"' in page
    assert "Rum 2" in page and "Inte förberett än." in page
    visit_page = text(patient.get(patient_url(world.patient, f"/besok/{visit.public_id}")))
    assert "Legitimation." in visit_page and "Kom tio minuter innan." in visit_page
    assert "Så går besöket till" in visit_page and "Sjuksköterskan hämtar dig." in visit_page
    # The patient and their god man were told by e-mail, without health data.
    for person in (world.patient_user, world.god_man):
        mail = latest_mail(app, person.email)
        body = mail.get_content()
        assert "Nytt om ett besök" in mail["Subject"] and patient_url(world.patient, "/besok/") in body
        assert "Hälsokontroll" not in body and "Rum 2" not in body


def test_bad_visit_forms_get_easy_words_and_change_nothing(app, staff_client, world, visits, query):
    with app.app_context():
        for changes, words in [
            ({"at": "25:99"}, "till exempel 10:30"),
            ({"day": local_at(-1, 9).date().isoformat()}, "Datumet har redan varit"),
            ({"day": "igår"}, "år-månad-dag"),
            ({"minutes": "0"}, "mellan 5 och 480"),
            ({"visit_type": visits.other_type.public_id}, "Välj slag av besök."),
            ({"staff": ["f" * 32]}, "Välj bland personalen"),
            ({"room": "x" * 121}, "Texten är för lång"),
            ({"note": "x" * 100_000}, "Texten är för lång"),
        ]:
            response = book(staff_client, world, visits, **changes)
            assert response.status_code == 200 and words in text(response), changes
    assert query(lambda s: s.scalars(select(Visit).where(Visit.room == "Rum 2")).all()) == []


def test_a_changed_visit_tells_the_patient_what_changed(
    app, staff_client, make_client, world, visits, sign_in, query
):
    path = f"/personal/patienter/{world.patient.public_id}/besok/{visits.visit.public_id}/andra"
    form = text(staff_client.get(path))
    assert 'value="10:30"' in form
    new_day = local_at(4, 14).date().isoformat()
    response = staff_client.post_form(
        path,
        {
            "visit_type": visits.type.public_id,
            "day": new_day,
            "at": "14:00",
            "minutes": "45",
            "staff": [],
            "room": "Rum 9",
            "bring": "Dina mediciner.",
            "note": "",
            "message": "Läkaren är sjuk på förmiddagen.",
        },
    )
    assert response.status_code == 302
    visit = query(lambda s: s.get(Visit, visits.visit.id))
    assert visit.sequence == 1
    patient = make_client()
    sign_in(patient, world.patient_user)
    page = text(patient.get(patient_url(world.patient, "/besok/")))
    assert "Ny tid:" in page and "Förut:" in page and "Nytt rum: Rum 9" in page
    assert "Läkaren är sjuk på förmiddagen." in page
    assert "Ett besök är ändrat." in text(patient.get(patient_url(world.patient)))
    # Saving without changing anything is not a change.
    again = staff_client.post_form(
        path,
        {
            "visit_type": visits.type.public_id,
            "day": new_day,
            "at": "14:00",
            "minutes": "45",
            "staff": [],
            "room": "Rum 9",
            "bring": "Dina mediciner.",
            "note": "",
            "message": "",
        },
    )
    assert "Du ändrade ingenting." in text(staff_client.get(again.location))
    assert query(lambda s: s.get(Visit, visits.visit.id)).sequence == 1


def test_a_cancelled_visit_says_so_and_cannot_be_prepared_or_changed(
    app, staff_client, make_client, world, visits, sign_in, query
):
    base = f"/personal/patienter/{world.patient.public_id}/besok/{visits.visit.public_id}"
    response = staff_client.post_form(f"{base}/stall-in", {"message": "Vi ringer dig."})
    assert response.status_code == 302
    assert query(lambda s: s.get(Visit, visits.visit.id)).cancelled
    again = staff_client.post_form(f"{base}/stall-in", {"message": ""})
    assert "redan inställt" in text(again)
    assert staff_client.get(f"{base}/andra").status_code == 302
    patient = make_client()
    sign_in(patient, world.patient_user)
    page = text(patient.get(patient_url(world.patient, "/besok/")))
    assert "Besöket är inställt. Du ska inte komma." in page and "Vi ringer dig." in page
    refused = patient.post_form(
        patient_url(world.patient, "/forbered/starta"), {"visit": visits.visit.public_id}
    )
    assert "inställt" in text(patient.get(refused.location))
    ics = Calendar.from_ical(
        patient.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}/kalender.ics")).data
    )
    assert str(ics.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_the_calendar_file(client, world, visits, sign_in, events):
    sign_in(client, world.patient_user)
    response = client.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}/kalender.ics"))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.astimezone(LOCAL) == local_at(3, 10, 30)
    assert (event.decoded("DTEND") - start).total_seconds() == 45 * 60
    assert "Hälsokontroll" in str(event["SUMMARY"]) and "Rum 4" in str(event["LOCATION"])
    assert "Dina mediciner." in str(event["DESCRIPTION"])
    assert str(event["UID"]).startswith(visits.visit.public_id)
    assert ("export", "visit") in [(e[2], e[3]) for e in events(patient_id=world.patient.id)]


def test_ask_for_a_visit(client, make_client, world, sign_in, query):
    sign_in(client, world.patient_user)
    empty = client.post_form(patient_url(world.patient, "/besok/be-om-tid"), {})
    assert "Välj varför du vill komma, eller skriv det." in text(empty)
    forged = client.post_form(patient_url(world.patient, "/besok/be-om-tid"), {"reasons": ["drake"]})
    assert "Välj bland korten." in text(forged)
    huge = client.post_form(
        patient_url(world.patient, "/besok/be-om-tid"), {"reasons": ["ill"], "text": "x" * 100_000}
    )
    assert huge.status_code == 200 and "Texten är för lång" in text(huge)
    response = client.post_form(
        patient_url(world.patient, "/besok/be-om-tid"),
        {"reasons": ["ill"], "times": ["morning"], "text": "Hosta i två veckor."},
    )
    assert response.status_code == 302
    assert "Vårdlotsen har fått det" in text(client.get(response.location))
    request = query(lambda s: s.scalars(select(VisitRequest)).one())
    assert request.acting_as == "patient" and request.times == ["morning"]

    staff = make_client()
    sign_in(staff, world.staff)
    new = text(staff.get("/personal/inkorg"))
    assert "Maja Andersson vill ha en tid" in new and "Hosta i två veckor." in new
    assert "På förmiddagen" in new and "Jag är sjuk" in new
    handled = staff.post_form(
        f"/personal/patienter/{world.patient.public_id}/onskemal/{request.public_id}/klar", {}
    )
    assert handled.status_code == 302
    assert "Inget här just nu." in text(staff.get("/personal/inkorg"))
    assert staff.get("/personal/nytt").location.endswith("/personal/inkorg")
    assert "Vårdlotsen har tagit hand om det." in text(client.get(patient_url(world.patient, "/besok/")))


def test_other_clinics_and_other_patients_see_nothing(
    client, make_client, world, visits, sign_in, make_patient, make_visit
):
    other = make_patient(world.clinic, with_login=True, name="Nils Berg")
    others_visit = make_visit(other, visits.type)
    sign_in(client, world.other_staff)
    base = f"/personal/patienter/{world.patient.public_id}"
    for path in (
        f"{base}/besok/{visits.visit.public_id}",
        f"{base}/besok/ny",
        f"{base}/besok/{visits.visit.public_id}/andra",
    ):
        assert client.get(path).status_code == 404, path
    assert "Maja" not in text(client.get("/personal/besok"))
    assert client.get(f"/personal/besokstyper/{visits.type.public_id}").status_code == 404

    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(patient_url(world.patient, f"/besok/{others_visit.public_id}")).status_code == 404
    assert (
        patient.get(patient_url(world.patient, f"/besok/{others_visit.public_id}/kalender.ics")).status_code
        == 404
    )
    assert patient.get("/personal/besok").status_code == 403


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [
        (10, 30, "halv elva"),
        (9, 15, "kvart över nio"),
        (13, 45, "kvart i två"),
        (12, 0, "prick tolv"),
        (0, 0, "prick tolv"),
        (8, 25, "fem i halv nio"),
        (14, 40, "tjugo i tre"),
        (16, 7, ""),
    ],
)
def test_swedish_clock_words(hour, minute, words):
    assert spoken_time_sv(datetime(2026, 12, 1, hour, minute)) == words


def test_the_clock_hands_point_at_the_time():
    svg = str(clock_svg(datetime(2026, 12, 1, 3, 0)))
    # At three o'clock the hour hand points right and the minute hand straight up.
    assert "M32 32L45.0 32.0" in svg and "M32 32L32.0 11.0" in svg


def test_booking_warns_of_clashes_and_a_short_visit_but_staff_may_save_anyway(
    app, staff_client, world, visits, make_patient, make_visit, query, give_needs
):
    give_needs(world.patient, {"longer_visit": "Jag behöver 60 minuter."})
    # The patient's booked visit (in three days, 10:30, 45 minutes, with this staff member)
    # clashes with 10:45 that day; another patient's visit with the same staff member clashes too.
    other_patient = make_patient(world.clinic, name="Kim Berg")
    make_visit(other_patient, visits.type, starts_at=local_at(3, 11, 0), staff_user=world.staff)
    day = local_at(3, 10).date().isoformat()
    count = query(lambda s: len(s.scalars(select(Visit)).all()))
    warned = book(staff_client, world, visits, day=day, at="10:45", minutes="45")
    assert warned.status_code == 200
    page = text(warned)
    assert "Titta på det här innan du sparar" in page
    assert "Maja har redan ett besök då: Hälsokontroll" in page
    assert "har redan ett besök då: Hälsokontroll" in page.replace("Maja har", "")
    assert "behöver längre besökstid, men besöket är 45 minuter" in page
    assert "Jag behöver 60 minuter." in page
    assert query(lambda s: len(s.scalars(select(Visit)).all())) == count
    # Saved once staff have read the warning; a longer visit at a free time needs no warning.
    saved = book(staff_client, world, visits, day=day, at="10:45", minutes="45", despite="y")
    assert saved.status_code == 302
    free = book(staff_client, world, visits, minutes="60")
    assert free.status_code == 302
    assert query(lambda s: len(s.scalars(select(Visit)).all())) == count + 2


def test_a_cancelled_visit_is_no_clash(staff_client, world, visits, query, app):
    from app.extensions import db

    with app.app_context():
        visit = db.session.get(Visit, visits.visit.id)
        visit.cancelled_at = visit.starts_at
        db.session.commit()
    response = book(staff_client, world, visits, day=local_at(3, 10).date().isoformat(), at="10:30")
    assert response.status_code == 302


def test_a_visit_that_has_been_cannot_be_cancelled(staff_client, world, visits, make_visit, query):
    """Found by a persona walk: a visit six weeks ago said "Bokat" and offered "Ställ in
    besöket", and the patient would have been told it was cancelled."""
    from datetime import timedelta

    from app.models import utcnow

    past = make_visit(world.patient, visits.type, starts_at=utcnow() - timedelta(days=42))
    base = f"/personal/patienter/{world.patient.public_id}/besok/{past.public_id}"
    page = text(staff_client.get(base))
    assert "Har varit" in page and "Ställ in besöket" not in page
    refused = staff_client.post_form(f"{base}/stall-in", {"message": ""})
    assert refused.status_code == 200 and "Besöket har redan varit" in text(refused)
    assert not query(lambda s: s.get(Visit, past.id)).cancelled
