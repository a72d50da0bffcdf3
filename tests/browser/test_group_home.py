"""The group home in a real browser (issue 21): Sara, Solgläntan's manager, sees "Vårt boende"
and "Vem gjorde vad" and removes a worker; Jonas chooses Erik or Lina on a tablet; the clinic's
page about a patient's home. Each page passes axe and does not scroll sideways, at 768x1024."""

from __future__ import annotations

import re

import pytest

from . import page_checks
from .conftest import sign_in

pytestmark = pytest.mark.browser

SARA = "sara.nilsson@exempel.se"
JONAS = "jonas.lund@exempel.se"
ANNA = "anna.lindqvist@exempel.se"


def _checked(page, shots, name: str) -> None:
    page.screenshot(path=str(shots / f"group-home-{name}.png"), full_page=True)
    problems = page_checks.axe(page) + page_checks.overflow(page, 320)
    page.set_viewport_size({"width": 768, "height": 1024})
    assert not problems, f"{name}: {problems}"


def test_jonas_chooses_a_resident_of_his_home(live_server, portrait, shots):
    page = portrait
    sign_in(page, live_server.url, JONAS)
    page.goto(live_server.url + "/vem-hjalper-du")
    tiles = page.locator(".tile-button")
    names = tiles.all_inner_texts()
    assert len(names) == 2 and any("Erik" in n for n in names) and any("Lina" in n for n in names)
    _checked(page, shots, "jonas-choose")
    with page.expect_navigation():
        page.locator(".tile-button", has_text="Lina").click()
    body = page.locator("body").inner_text()
    assert "Du hjälper:" in body and "Lina" in body and "Du hjälper till för Solgläntan." in body
    _checked(page, shots, "jonas-lina")


def test_sara_manages_solglantan(live_server, portrait, shots):
    page = portrait
    # Jonas looks at Lina's visits first, so that "Vem gjorde vad" has something of his.
    sign_in(page, live_server.url, JONAS)
    page.goto(live_server.url + "/vem-hjalper-du")
    with page.expect_navigation():
        page.locator(".tile-button", has_text="Lina").click()
    lina = re.search(r"/min-sida/[0-9a-f]{32}", page.url).group(0)
    page.goto(live_server.url + lina + "/besok/")
    page.context.clear_cookies()

    sign_in(page, live_server.url, SARA)
    page.goto(live_server.url + "/vem-hjalper-du")
    with page.expect_navigation():
        page.get_by_role("link", name="Vårt boende").click()
    body = page.locator("main").inner_text()
    assert "Jonas Lund" in body and "Sara Nilsson" in body
    _checked(page, shots, "our-home")

    with page.expect_navigation():
        page.get_by_role("link", name="Vem gjorde vad").click()
    log = page.locator("main").inner_text()
    assert "Jonas Lund tittade på listan med Linas besök" in log
    _checked(page, shots, "who-did-what")

    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till personal").click()
    _checked(page, shots, "add-staff")


def test_the_clinic_s_page_about_a_patient_s_home(live_server, tablet, shots):
    page = tablet
    sign_in(page, live_server.url, ANNA, live_server.outbox)
    page.goto(live_server.url + "/personal/boenden")
    with page.expect_navigation():
        page.get_by_role("link", name="Solgläntan").click()
    body = page.locator("main").inner_text()
    assert "Erik" in body and "Lina" in body and "Jonas Lund" in body
    _checked(page, shots, "clinic-home")
    with page.expect_navigation():
        page.get_by_role("link", name="Lina Karlsson").click()
    assert "Solgläntan" in page.locator("main").inner_text()
    _checked(page, shots, "clinic-patient-home")
