"""Booking from a visit request carries the request over (why, when, the visit type and its
usual length), and the request is handled with the booking; booking warns, without stopping,
when the time goes against the time asked for or the patient's needs."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import (
    AccessEvent,
    NeedRevision,
    Preparation,
    PreparationStatus,
    Visit,
    VisitRequest,
    VisitType,
    utcnow,
)
from tests.staff.conftest import text
from tests.support.pages import words

from .conftest import local_at
from .test_visits import staff_public_id


def _ask(
    world, query, *, reasons=("blood_test",), times=("morning",), text="Kan det vara tidigt?", prep=False
):
    def add(session):
        preparation = None
        if prep:
            preparation = Preparation(
                patient_id=world.patient.id,
                status=PreparationStatus.SUBMITTED,
                submitted_at=utcnow(),
                submitted_by_id=world.god_man.id,
                submitted_acting_as="representative",
                answers={"varfor": {"choices": list(reasons)}},
            )
            session.add(preparation)
        found = VisitRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            reasons=list(reasons),
            times=list(times),
            text=text,
            user_id=world.god_man.id,
            acting_as="representative",
            mandate_id=world.mandate.id,
            preparation=preparation,
        )
        session.add(found)
        session.commit()
        return found.public_id

    return query(add)


@pytest.fixture
def blood_test(world, make_visit_type, query):
    made = make_visit_type(world.clinic, name="Blodprov")

    def shorten(session):
        session.get(VisitType, made.id).minutes = 15
        session.commit()

    query(shorten)
    return made


def _new_url(world, request_id: str) -> str:
    return f"/personal/patienter/{world.patient.public_id}/besok/ny?onskemal={request_id}"


def _book(client, world, visit_type, request_id: str, *, at="08:30", **extra):
    data = {
        "visit_type": visit_type.public_id,
        "day": local_at(5, 9).date().isoformat(),
        "at": at,
        "minutes": "15",
        "staff": [staff_public_id(world)],
        **extra,
    }
    return client.post_form(_new_url(world, request_id), data)


def test_the_form_carries_the_request_over(app, staff_client, world, visits, blood_test, query):
    request_id = _ask(world, query)
    page = words(staff_client.get(_new_url(world, request_id)))
    assert "Önskemål om tid" in page
    assert "Varför: Blodprov" in page and "När: På förmiddagen" in page and "Kan det vara tidigt?" in page
    assert "Birgitta Svensson" in page
    raw = text(staff_client.get(_new_url(world, request_id)))
    # The visit type the one reason names, with its usual length.
    assert f'<option value="{blood_test.public_id}" selected' in raw
    minutes = re.search(r'<input[^>]*name="minutes"[^>]*>', raw).group(0)
    assert 'value="15"' in minutes
    assert "Blodprov 15 min" in page and "Hälsokontroll 45 min" in page and "Vanlig längd:" in page


def test_two_reasons_leave_the_visit_type_to_staff(staff_client, world, visits, blood_test, query):
    request_id = _ask(world, query, reasons=("blood_test", "ill"))
    raw = text(staff_client.get(_new_url(world, request_id)))
    assert " selected" not in raw.split('name="visit_type"', 1)[1].split("</select>", 1)[0]


def test_booking_handles_the_request_and_links_the_visit(app, staff_client, world, visits, blood_test, query):
    request_id = _ask(world, query, prep=True)
    with app.app_context():
        response = _book(staff_client, world, blood_test, request_id)
    assert response.status_code == 302

    def look(session):
        found = session.scalars(select(VisitRequest).where(VisitRequest.public_id == request_id)).one()
        visit = session.get(Visit, found.visit_id)
        prep = session.get(Preparation, found.preparation_id)
        logged = session.scalars(
            select(AccessEvent.object_type).where(AccessEvent.object_id == request_id)
        ).all()
        return found.handled_at, found.handled_by_id, visit.visit_type_id, prep.visit_id, visit.id, logged

    handled_at, handled_by, type_id, prep_visit, visit_id, logged = query(look)
    assert handled_at is not None and handled_by is not None
    assert type_id == blood_test.id
    # The preparation sent with the request is now the visit's.
    assert prep_visit == visit_id
    assert "visits_staff.request_handled" in logged
    # The request no longer waits on Att göra, and the visit says why the patient comes.
    assert "Boka besök för Maja" not in words(staff_client.get("/personal/att-gora"))
    visit_public = query(lambda s: s.get(Visit, visit_id).public_id)
    page = words(staff_client.get(f"/personal/patienter/{world.patient.public_id}/besok/{visit_public}"))
    assert "Blodprov" in page


def test_without_a_preparation_the_overview_and_journal_say_why_from_the_request(
    app, staff_client, world, visits, blood_test, query
):
    request_id = _ask(world, query, reasons=("ill",), text="Hostar sedan en vecka.")
    with app.app_context():
        assert _book(staff_client, world, blood_test, request_id).status_code == 302
    visit_public = query(
        lambda s: s.scalars(select(Visit.public_id).where(Visit.visit_type_id == blood_test.id)).one()
    )
    base = f"/personal/patienter/{world.patient.public_id}/besok/{visit_public}"
    assert "Jag är sjuk" in words(staff_client.get(base)) and "Hostar sedan en vecka." in words(
        staff_client.get(base)
    )
    note = staff_client.get(base + "/journal.txt").get_data(as_text=True)
    assert "Jag är sjuk" in note and "Önskemål om tid skickat" in note and "Birgitta Svensson" in note


def test_a_time_against_the_wish_warns_first(app, staff_client, world, visits, blood_test, query):
    request_id = _ask(world, query, times=("morning",))
    with app.app_context():
        response = _book(staff_client, world, blood_test, request_id, at="14:00")
    assert response.status_code == 200
    assert "Önskemålet var en tid på förmiddagen, men besöket är kl. 14:00." in words(response)
    assert query(lambda s: s.scalars(select(Visit).where(Visit.visit_type_id == blood_test.id)).all()) == []
    with app.app_context():
        response = _book(staff_client, world, blood_test, request_id, at="14:00", despite="y")
    assert response.status_code == 302


def test_another_patients_request_is_not_found(app, staff_client, world, visits, make_patient, query):
    other = make_patient(world.clinic, name="Nils Berg")

    def add(session):
        found = VisitRequest(
            patient_id=other.id, clinic_id=world.clinic.id, reasons=["ill"], times=[], acting_as="staff"
        )
        session.add(found)
        session.commit()
        return found.public_id

    others = query(add)
    assert staff_client.get(_new_url(world, others)).status_code == 404
    assert staff_client.get(_new_url(world, "not-an-id")).status_code == 404


def _needs(world, query, *codes):
    def add(session):
        session.add(
            NeedRevision(
                patient_id=world.patient.id, number=1, needs={c: "" for c in codes}, acting_as="staff"
            )
        )
        session.commit()

    query(add)


def _post(client, world, visits, at: str, staff=True):
    data = {
        "visit_type": visits.type.public_id,
        "day": local_at(5, 9).date().isoformat(),
        "at": at,
        "minutes": "45",
        "staff": [staff_public_id(world)] if staff else [],
    }
    return client.post_form(f"/personal/patienter/{world.patient.public_id}/besok/ny", data)


def test_first_time_of_day_warns_for_a_late_start_or_an_earlier_visit(
    app, staff_client, world, visits, make_visit, make_patient, query
):
    _needs(world, query, "first_time_of_day")
    with app.app_context():
        late = _post(staff_client, world, visits, "10:30")
    assert "Maja behöver första tiden på dagen, men besöket är kl. 10:30." in words(late)
    assert "är före" not in words(late)

    nils = make_patient(world.clinic, name="Nils Berg")
    make_visit(nils, visits.type, starts_at=local_at(5, 8, 0), staff_user=world.staff)
    with app.app_context():
        early = _post(staff_client, world, visits, "08:45")
    assert "besöket är kl. 08:45. Ett besök är före." in words(early)
    with app.app_context():
        first = _post(staff_client, world, visits, "07:15")
    assert first.status_code == 302


def test_last_time_of_day_warns_for_an_early_start(app, staff_client, world, visits, query):
    _needs(world, query, "last_time_of_day")
    with app.app_context():
        response = _post(staff_client, world, visits, "09:00")
    assert "Maja behöver sista tiden på dagen, men besöket är kl. 09:00" in words(response)
    with app.app_context():
        assert _post(staff_client, world, visits, "16:00").status_code == 302


def test_waiting_in_the_car_warns_in_a_busy_hour(
    app, staff_client, world, visits, make_visit, make_patient, query
):
    _needs(world, query, "wait_in_car")
    for n, minute in enumerate((0, 10, 20)):
        other = make_patient(world.clinic, name=f"Patient {n} Berg")
        make_visit(other, visits.type, starts_at=local_at(5, 11, minute))
    with app.app_context():
        busy = _post(staff_client, world, visits, "11:15", staff=False)
    assert "Maja behöver vänta i bilen, men kl. 11:15 är en tid med många besök: 3 andra besök" in words(busy)
    with app.app_context():
        calm = _post(staff_client, world, visits, "14:00", staff=False)
    assert calm.status_code == 302


def test_the_warnings_do_not_stop_a_booking(app, staff_client, world, visits, query):
    _needs(world, query, "first_time_of_day")
    with app.app_context():
        response = staff_client.post_form(
            f"/personal/patienter/{world.patient.public_id}/besok/ny",
            {
                "visit_type": visits.type.public_id,
                "day": local_at(5, 9).date().isoformat(),
                "at": "13:00",
                "minutes": "45",
                "staff": [staff_public_id(world)],
                "despite": "y",
            },
        )
    assert response.status_code == 302
    assert query(lambda s: s.scalar(select(Visit).where(Visit.starts_at == local_at(5, 13, 0)))) is not None
