"""Min hälsoplan in Chromium: Maja hears her goals read aloud, marks her own step done, prints the
plan on one A4 page whose QR code opens the plan, and reads it in Arabic; Karin (the nurse) sees
the editor. Screenshots at both tablet sizes."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import pdf_pages, sign_in
from tests.browser.test_after_visit import _both_sizes, _is_speech, _read_qr

pytestmark = pytest.mark.browser


def _language(page, code: str) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/sprak'] button[value='" + code + "']").first.click()


def test_maja_reads_her_plan_marks_a_step_and_prints_it(live_server, browser, shots, tmp_path):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    page.goto(live_server.url + "/min-sida/")
    card = page.locator(".plan-home")
    assert "Jag vill sova bättre." in card.inner_text()
    with page.expect_navigation():
        card.get_by_role("link", name="Se hela planen").click()
    plan_url = page.url
    goals = page.locator("li.plan-goal")
    assert goals.count() == 3
    assert "Klart!" in goals.nth(1).inner_text()  # the demo's walk
    _both_sizes(page, lambda name: shots / f"healthplan-page-sv-easy-{name}.png")
    # Every goal is read aloud: its block has a clip of real speech.
    for index in range(goals.count()):
        url = goals.nth(index).locator("[data-clip]").first.get_attribute("data-clip")
        assert _is_speech(page, live_server.url + url) > 1.0
    # The clinic's goal has no Klart for Maja; her sleep goal (the group home's) has.
    assert goals.nth(2).locator("button").count() == 0
    with page.expect_navigation():
        goals.nth(0).get_by_role("button", name=re.compile("^Klart")).click()
    assert "Klart!" in page.locator("li.plan-goal").nth(0).inner_text()
    with page.expect_navigation():
        page.locator("li.plan-goal").nth(0).get_by_role("button", name=re.compile("^Inte klart än")).click()

    with page.expect_navigation():
        page.get_by_role("link", name="Skriv ut").click()
    _both_sizes(page, lambda name: shots / f"healthplan-print-sv-easy-{name}.png")
    pdf = tmp_path / "health-plan.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    assert _read_qr(pdf, tmp_path / "health-plan") == plan_url

    _language(page, "ar")
    try:
        page.goto(plan_url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        _both_sizes(page, lambda name: shots / f"healthplan-page-ar-{name}.png")
        page.goto(plan_url + "utskrift")
        pdf = tmp_path / "health-plan-ar.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) == 1
    finally:
        _language(page, "sv")
        context.close()


def test_the_nurse_sees_the_editor(live_server, browser, shots):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "karin.ek@exempel.se", live_server.outbox)
    page.goto(live_server.url + "/personal/patienter")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Maja Andersson")).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Min hälsoplan").click()
    assert "Jag vill sova bättre." in page.locator("main").inner_text()
    _both_sizes(page, lambda name: shots / f"healthplan-staff-sv-{name}.png")
    with page.expect_navigation():
        page.get_by_role("link", name="Ändra planen").click()
    assert page.locator("input[name=goal_0_goal]").input_value() == "Jag vill sova bättre."
    _both_sizes(page, lambda name: shots / f"healthplan-editor-sv-{name}.png")
    _language(page, "ar")
    try:
        assert page.locator("html").get_attribute("dir") == "rtl"
        _both_sizes(page, lambda name: shots / f"healthplan-editor-ar-{name}.png")
    finally:
        _language(page, "sv")
        context.close()
