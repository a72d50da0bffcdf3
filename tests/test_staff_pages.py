"""Staff pages (issue 18, point 7). A compact header: the brand, the languages, Inställningar
and Logga ut, with no Hem button and no easy-read or read-aloud switches, which patients and
helpers keep. A new staff or admin account starts with read-aloud off; patients' and helpers'
accounts start with it on. Staff may still turn it on in Inställningar. And words that say who does what."""

from __future__ import annotations

from sqlalchemy import select

from app.demo import load_demo
from app.extensions import db
from app.models import Role, User
from tests.support.people import patient_url

from .admin.conftest import staff_data


def _header(html: str) -> str:
    return html.split("<header", 1)[1].split("</header>", 1)[0]


EASY_READ_SWITCH = 'action="/visning/easy_read"'
READ_ALOUD_SWITCH = 'action="/visning/read_aloud"'


def test_a_staff_page_has_the_compact_header(staff_client):
    header = _header(staff_client.get("/personal/patienter").get_data(as_text=True))
    assert header.startswith(' class="site-header site-header-compact"')
    assert "Kumla vårdcentral" in header  # the brand names the clinic and leads home
    assert 'class="brand" href="/"' in header
    for kept in ('name="language" value="sv"', 'href="/installningar"', 'action="/logga-ut"'):
        assert kept in header
    for gone in (EASY_READ_SWITCH, READ_ALOUD_SWITCH, "home-button", "Lättläst", "Läs upp"):
        assert gone not in header


def test_an_admin_page_and_a_staff_error_page_have_it_too(client, world, sign_in):
    sign_in(client, world.admin)
    header = _header(client.get("/admin/personal").get_data(as_text=True))
    assert "site-header-compact" in header and READ_ALOUD_SWITCH not in header
    client.post_form("/logga-ut")
    sign_in(client, world.staff)
    missing = client.get("/personal/patienter/" + "0" * 32)
    assert missing.status_code == 404
    assert "site-header-compact" in _header(missing.get_data(as_text=True))


def test_patient_helper_and_visitor_pages_keep_the_full_header(client, world, sign_in, act_for):
    for who in (None, world.patient_user, world.god_man):
        if who is not None:
            sign_in(client, who)
        page = patient_url(world.patient) if who is not None else "/"
        if who is world.god_man:
            act_for(client, world.patient)
        header = _header(client.get(page).get_data(as_text=True))
        assert "site-header-compact" not in header
        for kept in (EASY_READ_SWITCH, READ_ALOUD_SWITCH, "home-button"):
            assert kept in header, (who, kept)
        if who is not None:
            client.post_form("/logga-ut", {"next": "/"})


def test_a_new_staff_account_starts_with_read_aloud_off(client, world, sign_in, query):
    # The factories make accounts as the app does: the model decides the default.
    assert query(lambda s: s.get(User, world.staff.id).read_aloud) is False
    assert query(lambda s: s.get(User, world.admin.id).read_aloud) is False
    assert query(lambda s: s.get(User, world.patient_user.id).read_aloud) is True
    assert query(lambda s: s.get(User, world.god_man.id).read_aloud) is True
    # An account the admin makes on the page.
    sign_in(client, world.admin)
    client.post_form("/admin/personal/ny", staff_data(world.clinic, email="ny.personal@exempel.se"))
    made = query(lambda s: s.scalar(select(User).where(User.email == "ny.personal@exempel.se")))
    assert made.role is Role.STAFF and made.read_aloud is False


def test_staff_can_still_turn_read_aloud_on_in_settings(staff_client, world, query):
    settings = staff_client.get("/installningar").get_data(as_text=True)
    assert 'name="read_aloud" value="off" checked>' in settings
    assert 'name="read_aloud" value="on">' in settings
    choices = {"language": "sv", "easy_read": "off", "read_aloud": "on", "speech_rate": "normal"}
    saved = staff_client.post_form("/installningar", {**choices, "text_size": "normal"})
    assert saved.status_code == 302
    assert query(lambda s: s.get(User, world.staff.id).read_aloud) is True


def test_the_demo_staff_start_with_read_aloud_off(app):
    with app.app_context():
        load_demo()
        db.session.commit()
        users = db.session.scalars(select(User)).all()
        assert {u.email for u in users if u.role in (Role.STAFF, Role.ADMIN) and u.read_aloud} == set()
        assert any(u.read_aloud for u in users if u.role is Role.PATIENT)


def test_the_visits_page_says_staff_book_new_visits_on_the_patient_card(staff_client, world):
    html = staff_client.get("/personal/besok").get_data(as_text=True)
    assert (
        "Nya besök bokar du på patientkortet: välj patienten under Patienter "
        "och sedan ”Lägg in ett besök”." in html
    )
    assert "patientens sida" not in html and "läggs in" not in html
    # The button it names is on the patient card.
    card = staff_client.get(f"/personal/patienter/{world.patient.public_id}").get_data(as_text=True)
    assert "Lägg in ett besök" in card
