"""Be vårdlotsen ringa, as a helper: the helper is called by default when the patient does not
speak (from the needs), the topics speak about the patient by name, and a visit today or
tomorrow says to ring the clinic instead of promising an answer within weekdays."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import CallbackRequest, ChangeKind, Visit, VisitChange, VisitType
from tests.staff.conftest import text
from tests.support.people import patient_url

NEW = "/kontakt/ring-upp-mig"
LOCAL = ZoneInfo("Europe/Stockholm")


def selected_whom(html: str) -> str:
    return re.search(r'<option[^>]*value="(\w+)"[^>]*selected', html).group(1)


@pytest.fixture
def helper(make_client, world, sign_in, act_for):
    client = make_client()
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    return client


def book(app, world, days: int, hour: int = 10, cancelled: bool = False, minute: int = 0) -> None:
    day = datetime.now(LOCAL).date() + timedelta(days=days)
    with app.app_context():
        kind = VisitType(clinic_id=world.clinic.id, name="Hälsokontroll", pictogram="stethoscope", minutes=30)
        visit = Visit(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            visit_type=kind,
            starts_at=datetime.combine(day, time(hour, minute), LOCAL),
            minutes=30,
            cancelled_at=datetime.now(LOCAL) if cancelled else None,
        )
        db.session.add_all([kind, visit, VisitChange(visit=visit, kind=ChangeKind.BOOKED)])
        db.session.commit()


def test_the_patient_is_called_by_default_when_they_speak(helper, world):
    html = text(helper.get(patient_url(world.patient, NEW)))
    assert selected_whom(html) == "patient"


@pytest.mark.parametrize("need", ["no_speech", "aac_device", "sign_language"])
def test_the_helper_is_called_by_default_when_the_patient_does_not_speak(helper, world, give_needs, need):
    give_needs(world.patient, {need: ""})
    html = text(helper.get(patient_url(world.patient, NEW)))
    assert selected_whom(html) == "representative"
    assert "Det är svårt för Maja att prata i telefon. Därför ringer vårdlotsen dig." in html


def test_the_patient_asking_for_themself_is_called_themself(make_client, world, sign_in, give_needs):
    give_needs(world.patient, {"no_speech": ""})
    client = make_client()
    sign_in(client, world.patient_user)
    html = text(client.get(patient_url(world.patient, NEW)))
    assert 'value="patient"' in html and 'value="representative"' not in html


def test_topics_speak_about_the_patient_for_a_helper(helper, world, make_client, sign_in, query):
    html = text(helper.get(patient_url(world.patient, NEW)))
    assert "Maja behöver en tid" in html and "En fråga om medicinen för Maja" in html
    assert "Jag vill ha en tid" not in html and "min medicin" not in html
    write = text(helper.get(patient_url(world.patient, "/kontakt/skriv")))
    assert "Ändra tiden för Maja" in write and "Jag vill ändra min tid" not in write
    asked = helper.post_form(
        patient_url(world.patient, NEW),
        {
            "whom": "representative",
            "phone": "070-123 45 67",
            "topics": ["time", "certificate"],
            "notify": "y",
        },
    )
    assert asked.status_code == 302
    assert query(lambda s: s.scalar(select(CallbackRequest.topics))) == ["time", "certificate"]
    shown = text(helper.get(asked.location))
    assert "Maja behöver en tid, Maja behöver ett intyg" in shown
    staff = make_client()
    sign_in(staff, world.staff)
    assert "Maja behöver en tid" in text(staff.get("/personal/inkorg"))
    # The patient's own form keeps the patient's words.
    own = make_client()
    sign_in(own, world.patient_user)
    assert "Jag vill ha en tid" in text(own.get(patient_url(world.patient, NEW)))


@pytest.mark.parametrize(("days", "words"), [(0, "Besöket är i dag."), (1, "Besöket är i morgon.")])
def test_a_visit_today_or_tomorrow_says_ring_the_clinic(helper, world, app, days, words):
    # Today's visit is the day's last minute: still to come whenever the test runs.
    book(app, world, days, hour=23 if days == 0 else 10, minute=59 if days == 0 else 0)
    for path in (NEW, "/kontakt/skriv"):
        html = text(helper.get(patient_url(world.patient, path)))
        assert words in html and "Ring vårdcentralen i stället:" in html, path
        phone = world.clinic.phone.replace(" ", "").replace("-", "")
        assert f'href="tel:{phone}"' in html
        assert "Vårdlotsen svarar inom" not in html, path


@pytest.mark.parametrize(("days", "cancelled"), [(3, False), (1, True)])
def test_a_later_or_cancelled_visit_keeps_the_promise(helper, world, app, days, cancelled):
    book(app, world, days, cancelled=cancelled)
    html = text(helper.get(patient_url(world.patient, NEW)))
    assert "Vårdlotsen svarar inom 2 vardagar." in html
    assert "Ring vårdcentralen i stället" not in html
