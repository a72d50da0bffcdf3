"""Hälsokontrollen in Chromium: Maja reads her invitation (three big answers), prints it on one
A4 page whose QR code opens it, and reads it in Arabic; Karin (the nurse) sees Maja's answers
beside last year's and prints them, the list of who is due, Lina's change notes with their chart
and Maja's measurements; Jonas (Lina's group home) reads Lina's "Så brukar jag vara" and, noting a
fall, is told at once to ring 112 if it is urgent. Screenshots at both tablet sizes."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import pdf_pages, sign_in
from tests.browser.test_after_visit import _both_sizes, _read_qr
from tests.browser.test_health_plan import _language
from tests.browser.test_helpers_voice import choose

pytestmark = pytest.mark.browser


def test_maja_reads_her_invitation_and_prints_it(live_server, browser, shots, tmp_path):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    page.goto(live_server.url + "/min-sida/")
    with page.expect_navigation():
        # Her check is booked: Hem leads to the visit first, and to the invitation beside it.
        page.locator(".check-home").get_by_role("link", name="Se inbjudan").click()
    invitation = page.url
    assert invitation.endswith("/halsokontroll/")
    assert page.locator("form[action$='/halsokontroll/svar']").count() == 3
    _both_sizes(page, lambda name: shots / f"healthcheck-invitation-sv-easy-{name}.png")
    with page.expect_navigation():
        page.get_by_role("link", name="Skriv ut").click()
    pdf = tmp_path / "invitation.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    assert _read_qr(pdf, tmp_path / "invitation") == invitation
    # Her answers, sent together with the group home, read back.
    page.goto(invitation + "fragor/")
    assert "Svaren är skickade." in page.locator("main").inner_text()
    _both_sizes(page, lambda name: shots / f"healthcheck-questions-sent-sv-easy-{name}.png")
    _language(page, "ar")
    try:
        page.goto(invitation)
        assert page.locator("html").get_attribute("dir") == "rtl"
        _both_sizes(page, lambda name: shots / f"healthcheck-invitation-ar-{name}.png")
        page.goto(invitation + "utskrift")
        pdf = tmp_path / "invitation-ar.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) == 1
    finally:
        _language(page, "sv")
        context.close()


def test_the_nurse_compares_answers_and_reads_the_charts(live_server, browser, shots, tmp_path):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "karin.ek@exempel.se", live_server.outbox)
    page.goto(live_server.url + "/personal/halsokontroller")
    assert page.locator("main table tbody tr").count() >= 8
    _both_sizes(page, lambda name: shots / f"healthcheck-due-list-sv-{name}.png")

    page.goto(live_server.url + "/personal/patienter")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Maja Andersson")).first.click()
    card = page.url
    with page.expect_navigation():
        page.get_by_role("link", name="Svar före hälsokontrollen").click()
    assert "Ändrat sedan förra gången" in page.locator("main").inner_text()
    _both_sizes(page, lambda name: shots / f"healthcheck-answers-staff-sv-{name}.png")
    with page.expect_navigation():
        page.get_by_role("link", name="Skriv ut").click()
    pdf = tmp_path / "answers.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert 1 <= pdf_pages(pdf) <= 2

    page.goto(card)
    with page.expect_navigation():
        page.get_by_role("link", name="Mätvärden").click()
    assert page.locator("svg[role='img']").count() >= 1 and page.locator("main table").count() >= 1
    _both_sizes(page, lambda name: shots / f"healthcheck-measurements-staff-sv-{name}.png")

    page.goto(live_server.url + "/personal/patienter")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Lina Karlsson")).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Något har ändrats", exact=True).click()
    assert page.locator("svg[role='img']").count() >= 1
    assert "Jonas" in page.locator("main").inner_text()
    _both_sizes(page, lambda name: shots / f"healthcheck-changes-staff-sv-{name}.png")
    context.close()


def test_the_group_home_reads_what_is_usual_and_a_fall_says_ring_112(live_server, browser, shots):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "jonas.lund@exempel.se")
    lina = choose(page, base, "Lina")
    page.goto(base + lina + "/anpassningar/sa-brukar-jag-vara")
    assert "Jag sover från 21 till 7" in page.locator("main").inner_text()
    _both_sizes(page, lambda name: shots / f"healthcheck-usual-sv-{name}.png")
    page.goto(base + lina + "/nagot-har-andrats/ny")
    urgent = page.locator(".change-urgent")
    assert urgent.is_hidden()
    page.locator('.card-input[value="fall"] + label').click()
    assert urgent.is_visible()
    _both_sizes(page, lambda name: shots / f"healthcheck-change-fall-sv-{name}.png")
    _language(page, "ar")
    try:
        page.goto(base + lina + "/anpassningar/sa-brukar-jag-vara")
        assert page.locator("html").get_attribute("dir") == "rtl"
        _both_sizes(page, lambda name: shots / f"healthcheck-usual-ar-{name}.png")
    finally:
        _language(page, "sv")
        context.close()
