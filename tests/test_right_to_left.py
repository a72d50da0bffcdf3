"""Arabic pages: right to left, with numbers kept left to right and lists joined the Arabic way."""

import re

import pytest

from app.models import User
from tests.support.people import patient_url

pytestmark = pytest.mark.one_database  # see pyproject.toml


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
    # Arabic separates items with its own comma and joins the last with "و", never a Latin comma.
    assert allowed and allowed.group(1).count("، ") == 2 and allowed.group(1).count(" و") == 1
    assert "," not in allowed.group(1)


def test_easy_read_is_offered_in_arabic(client):
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    html = client.get("/installningar").get_data(as_text=True)
    assert "ليس بالعربية بعد" not in html
    assert "/visning/easy_read" in html  # the switch in the header
    client.post_form("/visning/easy_read", {"next": "/"})
    easy = client.get("/").get_data(as_text=True)
    assert 'class="area-patient easy-read' in easy
    assert "هل تذهب إلى المركز الصحي؟ Lotsen يساعدك." in easy  # the easy Arabic


def test_where_a_language_has_no_easy_read_the_switch_is_hidden_and_settings_say_why(client, monkeypatch):
    from app import i18n

    monkeypatch.setattr(i18n, "easy_languages", lambda: ["en", "sv"])
    monkeypatch.setattr("app.home.routes.easy_languages", lambda: ["en", "sv"])
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    assert "/visning/easy_read" not in client.get("/").get_data(as_text=True)
    html = client.get("/installningar").get_data(as_text=True)
    assert "النص السهل متوفر بالسويدية والإنجليزية. ليس بالعربية بعد." in html
    client.post_form("/sprak", {"language": "sv", "next": "/"})
    assert "/visning/easy_read" in client.get("/").get_data(as_text=True)
    assert "Inte på arabiska än" not in client.get("/installningar").get_data(as_text=True)


def test_the_emergency_numbers_are_one_shared_clip(client, make_client, world, sign_in):
    def footer_clips(c):
        html = c.get("/", follow_redirects=True).get_data(as_text=True)
        return re.findall(r'class="emergency-item" data-clip="([^"]+)"', html)

    patient = make_client()
    sign_in(patient, world.patient_user)
    assert footer_clips(client) == footer_clips(patient) and len(footer_clips(client)) == 2


def test_a_swedish_reply_on_an_arabic_page_is_marked_and_said_in_swedish(client, world, sign_in, query, app):
    """The vårdlots's Swedish reply and name on an Arabic page carry lang="sv", and the
    message's clip says them with the Swedish voice, the Arabic words with the Arabic voice."""
    from app.extensions import db
    from app.models import ContactMessage, Conversation
    from app.speech import service

    with app.app_context():
        conversation = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
        conversation.messages = [
            ContactMessage(user_id=world.patient_user.id, acting_as="patient", text="أريد موعدا"),
            ContactMessage(
                user_id=world.staff.id,
                acting_as="staff",
                from_staff=True,
                text="Vi ses på tisdag klockan 14:20.",
            ),
        ]
        db.session.add(conversation)
        db.session.commit()
        conversation_id = conversation.public_id
    _arabic(client, world, sign_in, query)
    html = client.get(patient_url(world.patient, f"/kontakt/{conversation_id}")).get_data(as_text=True)
    assert re.search(r'<p class="pre-line message-text" dir="auto" lang="sv">Vi ses på tisdag', html)
    # The patient's own Arabic words are in the page's language: no mark.
    assert re.search(r'<p class="pre-line message-text" dir="auto">أريد موعدا', html)

    keys = re.findall(r'<li class="message message-staff" data-clip="/tal/([0-9a-f]{64})\.mp3"', html)
    assert len(keys) == 1
    with app.app_context():
        entry = service.registration(keys[0])
    assert entry.lang == "ar"
    voices = {lang: voice for lang, voice, _text in entry.runs}
    assert voices == {"ar": "sem/ar", "sv": "gmq/sv"}
    swedish = [text for lang, _voice, text in entry.runs if lang == "sv"]
    assert swedish == ["Vi ses på tisdag klockan 14 och 20."]  # the time as words, in Swedish


def test_a_reply_from_a_woman_on_the_staff_is_from_her_in_arabic(client, world, sign_in, query, app):
    from app.extensions import db
    from app.models import ContactMessage, Conversation, Gender, StaffMember

    with app.app_context():
        member = db.session.query(StaffMember).filter_by(user_id=world.staff.id).one()
        member.gender = Gender.FEMALE
        conversation = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
        conversation.messages = [
            ContactMessage(user_id=world.staff.id, acting_as="staff", from_staff=True, text="Hej!")
        ]
        db.session.add(conversation)
        db.session.commit()
        conversation_id = conversation.public_id
    _arabic(client, world, sign_in, query)
    html = client.get(patient_url(world.patient, f"/kontakt/{conversation_id}")).get_data(as_text=True)
    assert "<strong>مرشدة الرعاية</strong>" in html


def test_latin_names_on_an_arabic_page_have_their_language(app):
    from app.templating import lang_attr, text_language

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert text_language("Anna Berg") == "sv"
        assert text_language("Please call me", known="en") == "en"
        assert text_language("مرحبا") is None
        assert text_language("مرحبا Anna") is None  # two scripts: dir="auto" and runs
        assert str(lang_attr("Anna Berg")) == ' lang="sv"'
        assert str(lang_attr("112")) == ""
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert text_language("Anna Berg") is None
        assert text_language("مرحبا") == "ar"


def test_lists_the_app_joins_use_the_arabic_comma(app):
    from app.templating import arabic_comma, list_words

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert list_words(["أ", "ب", "ج"]) == "أ، ب وج"
        assert list_words(["أ", "ب"]) == "أ وب"
        assert arabic_comma() == "، "
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert list_words(["a", "b", "c"]) == "a, b och c"
        assert arabic_comma() == ", "


def test_the_pain_scale_bars_fill_from_the_right_in_arabic(app):
    """Each pain picture has a row of bars that fill with the pain; Arabic reads from the
    right, so the pictures are mirrored there (the faces are symmetric)."""
    from app.pictograms import pictogram

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        for level in range(6):
            assert "picto-mirror" in str(pictogram(f"pain-{level}")), level
    # The bars of "Ganska ont" are filled on the left in the drawing: mirrored, on the right.
    from app.config import BASE_DIR

    drawing = (BASE_DIR / "pictograms" / "pain-2.svg").read_text()
    bars = re.findall(r'<rect x="(\d+)" y="51"[^>]*fill="(#[0-9a-f]{6})"', drawing)
    filled = [int(x) for x, colour in bars if colour != "#ffffff"]
    assert filled and max(filled) < 32  # the left half, which the mirror puts on the right
