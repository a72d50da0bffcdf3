"""The demo data's visits, as each demo person sees them: every page renders and says the
right things (a quick way to see the whole feature working together)."""

from __future__ import annotations

import re

import pytest

from app.demo import DEMO_PASSWORD, load_demo
from app.extensions import db
from app.models import User


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        db.session.commit()


def _user(app, email):
    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        db.session.expunge(user)
        return user


def _links(html: str, prefix: str) -> set[str]:
    return {href for href in re.findall(r'href="([^"#]+)"', html) if href.startswith(prefix)}


def test_maja_sees_her_visits_and_schedule(app, client, demo, sign_in):
    sign_in(client, _user(app, "maja.andersson@exempel.se"), DEMO_PASSWORD)
    mine = client.get("/min-sida/").location  # her own pages: /min-sida/<her id>/
    home = client.get(mine).get_data(as_text=True)
    # Her next visit is the health check booked for her: Hem shows it under Din hälsokontroll.
    assert "Du har en tid för hälsokontrollen." in home and "Vill du komma?" not in home
    page = client.get(mine + "besok/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Hälsokontroll" in html and "halv elva" in html
    for link in _links(html, mine + "besok/"):
        assert client.get(link).status_code == 200, link
    assert client.get(mine + "forbered/").status_code == 200


def test_staff_see_todays_visits_and_new_things(app, client, demo, sign_in):
    sign_in(client, _user(app, "anna.lindqvist@exempel.se"), DEMO_PASSWORD)
    visits = client.get("/personal/besok").get_data(as_text=True)
    assert "Lina Karlsson" in visits and "Erik Johansson" in visits
    assert "Nils Berg" not in visits  # another clinic
    new = client.get("/personal/inkorg").get_data(as_text=True)
    assert 'Förberedelse från Birgitta Svensson <span class="note">(god man)</span> om Erik Johansson' in new
    assert (
        'Fatima Hassan <span class="note">(anhörig med samtycke)</span> vill ha en tid för Ali Hassan' in new
    )
    for link in _links(new, "/personal/patienter/") | _links(visits, "/personal/patienter/"):
        assert client.get(link).status_code == 200, link
    types = client.get("/personal/besokstyper").get_data(as_text=True)
    for link in _links(types, "/personal/besokstyper/"):
        assert client.get(link).status_code == 200, link


def test_fatima_sees_the_moved_vaccination_in_arabic(app, client, demo, sign_in):
    sign_in(client, _user(app, "fatima.hassan@exempel.se"), DEMO_PASSWORD)
    page = client.get(client.get("/min-sida/").location + "besok/")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.get_data(as_text=True)
