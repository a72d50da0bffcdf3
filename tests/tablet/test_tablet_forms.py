"""Bad input to the tablet's forms gets a clear answer in easy words and changes nothing; the
lock page's form (shown only on a locked tablet, so the house fuzzer cannot reach it) included."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import HomeDevice, User
from tests.support.people import patient_url

BAD = ["", " ", "\x00", "12\x003", "2580" * 1000, "<script>", "1" * 7, "-1", "12 34"]


def _state(query, user):
    return query(
        lambda s: (
            s.scalar(select(User.pin_hash).where(User.id == user.id)),
            s.scalar(select(func.count()).select_from(HomeDevice)),
        )
    )


@pytest.mark.parametrize("pin", BAD)
def test_the_lock_refuses_bad_pins_clearly(pin, tablet, world, homes, pin_in, idle, query, no_limits):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(6)
    tablet.get(patient_url(world.patient))
    before = _state(query, homes.jonas)
    no_limits()
    response = tablet.post("/surfplatta/last", data={"csrf_token": token, "pin": pin})
    assert response.status_code == 200
    assert "PIN-kod" in response.text and "Fel:" in response.text
    assert _state(query, homes.jonas) == before
    assert query(lambda s: s.get(User, homes.jonas.id).pin_failures) == 0  # not a guess: not counted
    assert tablet.get(patient_url(world.patient)).status_code == 302  # still locked


@pytest.mark.parametrize("pin", BAD)
def test_the_pin_sign_in_refuses_bad_pins_clearly(pin, tablet, world, homes, pin_in, query, no_limits):
    before = _state(query, homes.jonas)
    no_limits()
    response = pin_in(tablet, homes.jonas, pin=pin)
    assert response.status_code == 200 and "Fel:" in response.text
    assert _state(query, homes.jonas) == before
    assert tablet.get(patient_url(world.patient)).status_code == 302


def test_a_form_without_its_token_changes_nothing(tablet, world, homes, query, pin_in, idle):
    before = _state(query, homes.jonas)
    assert (
        tablet.post("/surfplatta/logga-in", data={"email": homes.jonas.email, "pin": "2580"}).status_code
        == 400
    )
    pin_in(tablet, homes.jonas)
    assert tablet.post("/surfplatta/", data={"home": "x", "name": "Ny"}).status_code == 400
    assert tablet.post("/surfplatta/pin", data={"pin": "4711", "confirm": "4711"}).status_code == 400
    assert _state(query, homes.jonas) == before


def test_marking_refuses_a_name_too_long_or_another_homes_id(tablet, homes, sign_in, query):
    sign_in(tablet, homes.jonas)
    before = _state(query, homes.jonas)
    page = tablet.get("/surfplatta/").text
    assert "Gör den här surfplattan till boendets" not in page  # it already is
    tablet.delete_cookie("lotsen_tablet")
    page = tablet.get("/surfplatta/").text
    home_id = page.split('name="home" value="')[1].split('"')[0]
    for data in (
        {"home": home_id, "name": "x" * 61},
        {"home": home_id, "name": "Köket\x00"},
        {"home": "0" * 32, "name": "Köket"},
        {"home": home_id, "name": ""},
    ):
        response = tablet.post_form("/surfplatta/", data)
        assert response.status_code == 200 and "Fel:" in response.text, data
    assert _state(query, homes.jonas) == before


def test_a_made_up_device_id_is_404(tablet, homes, sign_in):
    sign_in(tablet, homes.jonas)
    for device_id in ("0" * 32, "finns-inte", "x" * 500):
        assert tablet.post_form(f"/surfplatta/{device_id}/ta-bort").status_code == 404


def test_arabic_digits_are_the_same_pin(tablet, world, homes, pin_in):
    assert pin_in(tablet, homes.jonas, pin="٢٥٨٠").status_code == 302
    assert tablet.get(patient_url(world.patient)).status_code == 200
