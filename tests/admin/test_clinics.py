"""Clinics: list, create, edit; unique names, loosely Swedish phone numbers, valid e-mail."""

import pytest
from sqlalchemy import func, select

from app.models import Clinic

from .conftest import clinic_data


def _clinic(query, name):
    return query(lambda s: s.scalar(select(Clinic).where(Clinic.name == name)))


def _count(query):
    return query(lambda s: s.scalar(select(func.count()).select_from(Clinic)))


def test_list_shows_every_clinic_with_a_link_to_edit(admin_client, world):
    html = admin_client.get("/admin/vardcentraler").get_data(as_text=True)
    assert "Kumla vårdcentral" in html and "Lindesbergs vårdcentral" in html
    assert f"/admin/vardcentraler/{world.clinic.public_id}" in html
    assert "<caption>" in html and '<th scope="col">' in html


def test_create_clinic(admin_client, world, query):
    form = admin_client.get("/admin/vardcentraler/ny")
    assert form.status_code == 200 and 'name="vardlots_email"' in form.get_data(as_text=True)
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data())
    assert response.status_code == 302 and response.location.endswith("/admin/vardcentraler")
    clinic = _clinic(query, "Askersunds vårdcentral")
    assert clinic.county_part == "Norra länet"
    assert clinic.phone == "0583-123 45"
    assert clinic.opening_hours == "Måndag–fredag 8–17"
    assert clinic.vardlots_email == "vardlots.askersund@exempel.se"
    html = admin_client.get(response.location).get_data(as_text=True)
    assert "Vårdcentralen Askersunds vårdcentral är tillagd." in html


def test_required_fields(admin_client, world, query):
    before = _count(query)
    response = admin_client.post_form(
        "/admin/vardcentraler/ny", clinic_data(name="  ", county_part="", phone="", vardlots_email="")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fel: Ny vårdcentral" in html
    for message in (
        "Skriv vårdcentralens namn.",
        "Skriv vilken del av länet vårdcentralen ligger i.",
        "Skriv vårdcentralens telefonnummer.",
        "Skriv vårdlotsteamets e-postadress.",
    ):
        assert message in html
    assert _count(query) == before


@pytest.mark.parametrize(
    "name",
    [
        "Kumla vårdcentral",
        "kumla VÅRDCENTRAL",
        " Kumla vårdcentral ",
        "Kumla  vårdcentral",
        "Kumla va\u030ardcentral",
    ],
)
def test_duplicate_name_is_refused(name, admin_client, world, query):
    before = _count(query)
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(name=name))
    assert response.status_code == 200
    assert "Det finns redan en vårdcentral med det namnet." in response.get_data(as_text=True)
    assert _count(query) == before


@pytest.mark.parametrize(
    "phone", ["019-10 20 30", "+46 19 10 20 30", "+4619102030", "08-123 456 78", "0771-11 22 33"]
)
def test_swedish_phone_numbers_are_accepted(phone, admin_client, world, query):
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(phone=phone))
    assert response.status_code == 302
    assert _clinic(query, "Askersunds vårdcentral").phone == phone


@pytest.mark.parametrize(
    "phone",
    [
        "ring oss",
        "019/10 20 30",
        "+47 22 10 20 30",
        "(019) 10 20 30",
        "12345",
        "019-10 20 30 ankn. 5",
        "٠١٩١٠٢٠٣٠",
        "+46",
        "1" * 41,
    ],
)
def test_bad_phone_numbers_get_a_clear_error(phone, admin_client, world, query):
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(phone=phone))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert ("Skriv telefonnumret med siffror" in html) or ("Texten är för lång" in html)
    assert _clinic(query, "Askersunds vårdcentral") is None


@pytest.mark.parametrize("email", ["vardlots", "vardlots@", "@exempel.se", "vård lots@exempel.se"])
def test_bad_email_gets_a_clear_error(email, admin_client, world, query):
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(vardlots_email=email))
    assert response.status_code == 200
    assert "Det ser inte ut som en e-postadress." in response.get_data(as_text=True)
    assert _clinic(query, "Askersunds vårdcentral") is None


def test_edit_clinic(admin_client, world, query):
    url = f"/admin/vardcentraler/{world.clinic.public_id}"
    form = admin_client.get(url).get_data(as_text=True)
    assert 'value="Kumla vårdcentral"' in form and "<title>Ändra Kumla vårdcentral" in form
    response = admin_client.post_form(
        url, clinic_data(name="Kumla vårdcentral", phone="019-58 58 00", opening_hours="")
    )
    assert response.status_code == 302
    clinic = query(lambda s: s.get(Clinic, world.clinic.id))
    assert clinic.phone == "019-58 58 00" and clinic.opening_hours == ""
    assert clinic.vardlots_email == "vardlots.askersund@exempel.se"


def test_edit_to_another_clinics_name_is_refused(admin_client, world, query):
    url = f"/admin/vardcentraler/{world.clinic.public_id}"
    response = admin_client.post_form(url, clinic_data(name="LINDESBERGS vårdcentral"))
    assert response.status_code == 200
    assert "Det finns redan en vårdcentral med det namnet." in response.get_data(as_text=True)
    assert query(lambda s: s.get(Clinic, world.clinic.id).name) == "Kumla vårdcentral"


def test_unknown_clinic_answers_404_and_changes_nothing(admin_client, world, query):
    before = _count(query)
    for made_up in ("0" * 32, "finns-inte", "x" * 5000):
        url = f"/admin/vardcentraler/{made_up}"
        assert admin_client.get(url).status_code == 404
        assert admin_client.post_form(url, clinic_data()).status_code == 404
    assert _count(query) == before
    assert _clinic(query, "Askersunds vårdcentral") is None


@pytest.mark.parametrize("field", ["name", "county_part", "phone", "opening_hours", "vardlots_email"])
def test_100_kb_field_gets_a_clear_error_and_changes_nothing(field, admin_client, world, query):
    url = f"/admin/vardcentraler/{world.clinic.public_id}"
    response = admin_client.post_form(url, clinic_data(**{field: "x" * 100_000}))
    assert response.status_code == 200
    assert "Texten är för lång. Skriv högst" in response.get_data(as_text=True)
    clinic = query(lambda s: s.get(Clinic, world.clinic.id))
    assert (clinic.name, clinic.phone, clinic.vardlots_email) == (
        "Kumla vårdcentral",
        "019-10 20 30",
        world.clinic.vardlots_email,
    )


def test_opening_hours_at_most_500(admin_client, world, query):
    ok = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(opening_hours="å" * 500))
    assert ok.status_code == 302
    too_long = admin_client.post_form(
        "/admin/vardcentraler/ny", clinic_data(name="Annan", opening_hours="å" * 501)
    )
    assert "Skriv högst 500 tecken." in too_long.get_data(as_text=True)


def test_control_characters_are_refused(admin_client, world, query):
    from sqlalchemy import func, select

    from app.models import Clinic

    def count(s):
        return s.scalar(select(func.count()).select_from(Clinic))

    before = query(count)
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(name="Noll\x00byte"))
    assert response.status_code == 200
    assert "Texten har tecken som inte går att spara." in response.get_data(as_text=True)
    # (PostgreSQL cannot even be asked about a name with a NUL byte, so count instead.)
    assert query(count) == before


def test_html_in_a_clinic_name_comes_back_escaped(admin_client, world, query):
    name = '<script>alert("x")</script> & <b>fet</b>'
    response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(name=name))
    assert response.status_code == 302
    clinic = _clinic(query, name)
    pages = [
        admin_client.get(u).get_data(as_text=True)
        for u in (
            "/admin/vardcentraler",
            "/admin/",
            f"/admin/vardcentraler/{clinic.public_id}",
            f"/admin/personal?vardcentral={clinic.public_id}",
            "/admin/personal/ny",
        )
    ]
    flashed = admin_client.post_form(
        f"/admin/vardcentraler/{clinic.public_id}", clinic_data(name=name), follow_redirects=True
    )
    pages.append(flashed.get_data(as_text=True))
    for html in pages:
        assert "<script>alert" not in html and "<b>fet</b>" not in html
        assert "&lt;script&gt;" in html


def test_the_health_check_interval(admin_client, query):
    """Months between health checks: 1 to 36, whole numbers; a bad value is refused in words."""
    for bad, words in (
        ("0", "mellan 1 och 36"),
        ("37", "mellan 1 och 36"),
        ("", "hur många månader"),
        ("6,5", ""),
    ):
        response = admin_client.post_form("/admin/vardcentraler/ny", clinic_data(health_check_months=bad))
        assert response.status_code == 200, bad
        assert words in response.get_data(as_text=True)
    assert (
        admin_client.post_form("/admin/vardcentraler/ny", clinic_data(health_check_months="6")).status_code
        == 302
    )
    [months] = query(
        lambda s: s.scalars(
            select(Clinic.health_check_months).where(Clinic.name == "Askersunds vårdcentral")
        ).all()
    )
    assert months == 6
