"""The statistics pages: who may open them, what the access log says, the period form's errors,
and the CSV files (headings, name, type, and the guard against formulas)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from app.models import AccessEvent, Clinic
from app.stats.pages import safe_cell

from .conftest import month_first


def period_args(pilot) -> str:
    return f"fran={pilot.months[0]}&till={pilot.months[-1]}"


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_staff_page_shows_the_clinics_figures_and_logs_a_clinic_read(staff_client, pilot, world, query):
    response = staff_client.get(f"/personal/statistik?{period_args(pilot)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Statistik för Kumla vårdcentral" in html
    assert html.count('role="img"') == 3  # the three charts, each with a table beside it
    assert 'data-table="narvaro"' in html and "<desc" in html
    for name in ("Ett Testsson", "Två Testsson", "Tre Testsson", world.patient.name):
        assert name not in html
    rows = query(
        lambda s: [
            (e.user_id, e.patient_id, e.clinic_id, e.acting_as, e.action.value, e.object_id)
            for e in s.scalars(select(AccessEvent).where(AccessEvent.object_type == "stats_staff.statistics"))
        ]
    )
    assert rows == [(world.staff.id, None, world.clinic.id, "staff", "read", pilot.months[0])]


def test_the_staff_csv_has_swedish_headings_a_name_and_the_counts(staff_client, pilot, world, query):
    response = staff_client.get(f"/personal/statistik/narvaro.csv?{period_args(pilot)}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    name = f"lotsen-statistik-vardcentral-narvaro-{pilot.months[0]}-till-{pilot.months[-1]}.csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = read_csv(response)
    assert rows[0] == [
        "Månad",
        "Besök som har varit",
        "Kom",
        "Kom inte",
        "Avbokade sent",
        "Inte markerat",
        "Andel som inte kom, av markerade",
    ]
    assert rows[4] == ["Hela perioden", "5", "2", "1", "1", "1", "25 %"]
    # After an empty row, the period: the file is read without the page.
    assert len(rows) == 1 + 3 + 1 + 2 and rows[5] == []
    assert rows[6][0].startswith("Period: ") and " – " in rows[6][0] and len(rows[6]) == 1
    exported = query(
        lambda s: s.scalars(
            select(AccessEvent.object_id).where(AccessEvent.object_type == "stats_staff.statistics_csv")
        ).all()
    )
    assert exported == ["narvaro"]
    assert staff_client.get(f"/personal/statistik/okand.csv?{period_args(pilot)}").status_code == 404


def test_every_table_on_the_staff_page_downloads(staff_client, pilot):
    html = staff_client.get(f"/personal/statistik?{period_args(pilot)}").get_data(as_text=True)
    links = sorted(set(re.findall(r'href="(/personal/statistik/[^"]+\.csv[^"]*)"', html)))
    assert len(links) >= 12
    for link in links:
        response = staff_client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        assert len(read_csv(response)) >= 2


def test_another_clinics_staff_get_their_own_figures_only(client, sign_in, pilot, world):
    sign_in(client, world.other_staff)
    rows = read_csv(client.get(f"/personal/statistik/narvaro.csv?{period_args(pilot)}"))
    assert rows[rows.index([]) - 1][:3] == ["Hela perioden", "1", "1"]  # their one visit, not Kumla's five


@pytest.mark.parametrize("who", ["patient_user", "god_man", "home_manager", "admin"])
def test_patients_helpers_and_admins_are_refused_the_staff_page(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get("/personal/statistik").status_code == 403
    assert client.get("/personal/statistik/besok.csv").status_code == 403


def test_signed_out_goes_to_sign_in(client):
    response = client.get("/personal/statistik")
    assert response.status_code == 302 and "/logga-in" in response.location
    response = client.get("/admin/statistik")
    assert response.status_code == 302 and "/logga-in" in response.location


@pytest.mark.parametrize("who", ["patient_user", "god_man", "staff"])
def test_only_the_admin_opens_the_regions_page(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get("/admin/statistik").status_code == 403
    assert client.get("/admin/statistik/besok.csv").status_code == 403


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("fran=2026-13&till=2026-12", "Skriv första månaden som år och månad"),
        ("fran=2026-01&till=januari", "Skriv sista månaden som år och månad"),
        ("fran=2026-05&till=2026-02", "Den sista månaden kan inte komma före den första."),
        ("fran=2021-01&till=2026-01", "Välj högst 24 månader åt gången."),
        ("fran=2026-01&till=2099-01", "Den sista månaden kan inte vara efter den här månaden."),
    ],
)
def test_a_period_that_cannot_be_shown_says_why(staff_client, args, message):
    response = staff_client.get(f"/personal/statistik?{args}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "<title>Fel:" in html
    assert 'role="img"' not in html
    assert staff_client.get(f"/personal/statistik/besok.csv?{args}").status_code == 404


def test_without_a_period_the_last_twelve_months(staff_client):
    html = staff_client.get("/personal/statistik").get_data(as_text=True)
    this = month_first(0).strftime("%Y-%m")
    assert f'data-row="{this}"' in html
    assert f'data-row="{month_first(11).strftime("%Y-%m")}"' in html
    assert f'data-row="{month_first(12).strftime("%Y-%m")}"' not in html


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Kumla", "Kumla"),
        ("12 %", "12 %"),
        ("–", "–"),
    ],
)
def test_a_cell_that_looks_like_a_formula_gets_a_quote(text, safe):
    assert safe_cell(text) == safe


def test_a_clinic_named_like_a_formula_is_text_in_the_regions_csv(client, sign_in, world, pilot, query):
    def rename(session):
        session.get(Clinic, world.other_clinic.id).name = '=HYPERLINK("http://evil","Klicka")'
        session.commit()

    query(rename)
    sign_in(client, world.admin)
    response = client.get(f"/admin/statistik/besok.csv?{period_args(pilot)}")
    assert response.status_code == 200
    assert 'filename="lotsen-statistik-region-besok-' in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert ['\'=HYPERLINK("http://evil","Klicka")'] == [
        row[0] for row in rows if row and "HYPERLINK" in row[0]
    ]
    # The foot says the period and how small numbers are hidden, as the page does.
    foot = [row[0] for row in rows[rows.index([]) + 1 :]]
    assert foot[0].startswith("Period: ") and "Ett antal från 1 till 4 står som ”färre än 5”." in foot
    assert len(foot) == 5
