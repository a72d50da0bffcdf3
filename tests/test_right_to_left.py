"""Arabic pages: right to left, with numbers kept left to right and lists joined the Arabic way."""

import re

from app.models import User
from tests.conftest import patient_url


def _arabic(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    assert query(lambda s: s.get(User, world.patient_user.id).language) == "ar"


def test_phone_numbers_read_left_to_right_inside_arabic(client, world, sign_in, query):
    _arabic(client, world, sign_in, query)
    html = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    tel_links = re.findall(r"<a [^>]*href=\"tel:[^\"]*\"", html)
    assert len(tel_links) == 3  # the clinic, 112 and 1177
    assert all('dir="ltr"' in link for link in tel_links)


def test_mirrored_pictograms_in_arabic(client, world, sign_in, query):
    _arabic(client, world, sign_in, query)
    html = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert "picto-mirror" in html  # the sign-out door points the other way


def test_what_a_helper_may_do_is_a_list_in_the_page_language(client, world, sign_in, act_for):
    sign_in(client, world.god_man)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    act_for(client, world.patient)
    html = client.get(patient_url(world.patient)).get_data(as_text=True)
    allowed = re.search(r"مسموح لك: ([^<]*)", html)
    # Arabic joins every item with "و" (CLDR), never with a Latin comma.
    assert allowed and allowed.group(1).count(" و") == 3 and "," not in allowed.group(1)


def test_easy_read_says_it_is_not_in_arabic_yet(client):
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    html = client.get("/installningar").get_data(as_text=True)
    assert "النص السهل متوفر بالسويدية والإنجليزية. ليس بالعربية بعد." in html
    client.post_form("/sprak", {"language": "sv", "next": "/"})
    assert "Inte på arabiska än" not in client.get("/installningar").get_data(as_text=True)


def test_the_emergency_numbers_are_one_shared_clip(client, make_client, world, sign_in):
    def footer_clips(c):
        html = c.get("/", follow_redirects=True).get_data(as_text=True)
        return re.findall(r'class="emergency-item" data-clip="([^"]+)"', html)
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert footer_clips(client) == footer_clips(patient) and len(footer_clips(client)) == 2
