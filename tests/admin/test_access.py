"""Only administrators reach the admin area; everyone else gets 403, and nobody signed in is sent
to sign in. Refused posts change nothing."""

import pytest
from sqlalchemy import select

from app.models import Clinic, User

PAGES = [
    "/admin/",
    "/admin/vardcentraler",
    "/admin/vardcentraler/ny",
    "/admin/vardcentraler/{clinic}",
    "/admin/personal",
    "/admin/personal?vardcentral={clinic}",
    "/admin/personal/ny",
    "/admin/personal/{staff}",
]
POSTS = [
    "/admin/vardcentraler/ny",
    "/admin/vardcentraler/{clinic}",
    "/admin/personal/ny",
    "/admin/personal/{staff}",
    "/admin/personal/{staff}/inaktivera",
    "/admin/personal/{staff}/aktivera",
    "/admin/personal/{staff}/ny-inbjudan",
]


def _urls(templates, world, query):
    staff_id = query(lambda s: s.get(User, world.staff.id).staff_member.public_id)
    return [t.format(clinic=world.clinic.public_id, staff=staff_id) for t in templates]


def _snapshot(query):
    return query(
        lambda s: (
            sorted((c.name, c.phone) for c in s.scalars(select(Clinic))),
            sorted((u.email, u.name, u.active) for u in s.scalars(select(User))),
        )
    )


def test_nobody_signed_in_is_sent_to_sign_in(client, world, query):
    for url in _urls(PAGES, world, query):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/logga-in" in response.location, url


def test_nobody_signed_in_cannot_post(client, world, query):
    before = _snapshot(query)
    for url in _urls(POSTS, world, query):
        response = client.post_form(url, {"name": "Inkräktare"})
        assert response.status_code == 302 and "/logga-in" in response.location, url
    assert _snapshot(query) == before


@pytest.mark.parametrize("who", ["patient_user", "god_man", "staff"])
def test_others_get_403(who, client, world, sign_in, query):
    sign_in(client, getattr(world, who))
    for url in _urls(PAGES, world, query):
        assert client.get(url).status_code == 403, url
    before = _snapshot(query)
    for url in _urls(POSTS, world, query):
        assert client.post_form(url, {"name": "Inkräktare"}).status_code == 403, url
    assert _snapshot(query) == before


def test_admin_reaches_every_page(admin_client, world, query):
    for url in _urls(PAGES, world, query):
        assert admin_client.get(url).status_code == 200, url


def test_admin_lands_on_the_overview_after_sign_in(admin_client):
    page = admin_client.get("/", follow_redirects=True)
    assert page.request.path == "/admin/"
    html = page.get_data(as_text=True)
    assert "Kumla vårdcentral" in html and "Lindesbergs vårdcentral" in html
    assert "Lotsen har 2 vårdcentraler." in html


def test_overview_counts_active_staff_per_clinic(admin_client, world, make_staff, make_user, query):
    make_staff(world.clinic, password=False)
    make_staff(world.clinic, active=False)
    html = admin_client.get("/admin/").get_data(as_text=True)
    # Kumla: world.staff and the one without a password are active; the inactive one is not counted.
    row = html.split("Kumla vårdcentral</a></th>", 1)[1].split("</tr>", 1)[0]
    assert [cell.strip() for cell in row.replace("</td>", "").split("<td>")[1:]] == ["2", "1"]


def test_forged_form_without_token_is_refused(admin_client, world, query):
    before = _snapshot(query)
    response = admin_client.post(
        f"/admin/vardcentraler/{world.clinic.public_id}",
        data={
            "name": "Förfalskad",
            "county_part": "x",
            "phone": "019-111111",
            "vardlots_email": "a@exempel.se",
        },
    )
    assert response.status_code == 400
    assert _snapshot(query) == before


def test_get_never_changes_state(admin_client, world, query):
    staff_id = query(lambda s: s.get(User, world.staff.id).staff_member.public_id)
    before = _snapshot(query)
    for url in (
        f"/admin/personal/{staff_id}/inaktivera",
        f"/admin/personal/{staff_id}/aktivera",
        f"/admin/personal/{staff_id}/ny-inbjudan",
    ):
        assert admin_client.get(url).status_code == 405, url
    assert _snapshot(query) == before
