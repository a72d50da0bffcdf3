"""Inställningar: language, easy read, read-aloud and speed, text size; saved and applied at once."""

from __future__ import annotations

from app.models import TextSize, User
from tests.support.people import patient_url

CHOICES = {
    "language": "en",
    "easy_read": "on",
    "read_aloud": "off",
    "speech_rate": "slow",
    "text_size": "larger",
}


def test_a_visitor_changes_everything_at_once(client):
    page = client.get("/installningar")
    assert page.status_code == 200
    response = client.post_form("/installningar", CHOICES)
    assert response.status_code == 302 and response.location.endswith("/installningar")
    html = client.get("/installningar").get_data(as_text=True)
    assert '<html lang="en" dir="ltr" class="text-larger">' in html
    assert 'class="area-patient easy-read"' in html
    assert "data-listen" not in html  # read-aloud off
    assert 'value="slow" checked' in html


def test_a_signed_in_users_choices_are_saved_on_their_account(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    client.post_form("/installningar", {**CHOICES, "language": "ar", "read_aloud": "on"})
    user = query(lambda s: s.get(User, world.patient_user.id))
    assert (user.language, user.easy_read, user.read_aloud, user.speech_rate, user.text_size) == (
        "ar",
        True,
        True,
        "slow",
        TextSize.LARGER,
    )
    html = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html


def test_choices_follow_the_user_to_a_new_browser(make_client, world, sign_in):
    first, second = make_client(), make_client()
    sign_in(first, world.patient_user)
    first.post_form("/installningar", CHOICES)
    sign_in(second, world.patient_user)
    html = second.get(patient_url(world.patient)).get_data(as_text=True)
    assert '<html lang="en" dir="ltr" class="text-larger">' in html


def test_a_choice_the_form_does_not_offer_changes_nothing(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    for field, bad in [
        ("language", "xx"),
        ("text_size", "huge"),
        ("speech_rate", "fast"),
        ("easy_read", "maybe"),
        ("language", ""),
    ]:
        response = client.post_form("/installningar", {**CHOICES, field: bad})
        assert response.status_code == 200
        assert "Fel:" in response.get_data(as_text=True)
    user = query(lambda s: s.get(User, world.patient_user.id))
    assert (user.language, user.easy_read, user.text_size) == (None, False, TextSize.NORMAL)


def test_every_setting_is_a_pictogram_choice(client):
    html = client.get("/installningar").get_data(as_text=True)
    assert html.count('class="card card-radio"') == 3 + 2 + 2 + 2 + 3
    assert html.count('class="picto picto-lg"') == 12


def test_the_settings_are_one_tap_away_on_every_page(client):
    assert 'href="/installningar"' in client.get("/logga-in").get_data(as_text=True)
