"""The kallelse in Chromium: Maja opens the letter about her coming health check from the visit
page (day as a calendar page, time as a clock, whom she meets, the entrance, the picture
schedule, what the clinic knows she needs, how to cancel), it passes axe, and it prints on ONE A4
page whose QR code opens the visit; in Arabic too. Screenshots at both tablet sizes."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import pdf_pages, sign_in
from tests.browser.page_checks import axe
from tests.browser.test_after_visit import _both_sizes, _read_qr
from tests.browser.test_health_plan import _language

pytestmark = pytest.mark.browser

VISIT_PAGE = re.compile(r"/besok/[0-9a-f]{32}$")


def _majas_health_check(page, base: str) -> str:
    """The visit page of Maja's coming health check, opened from Mina besök."""
    page.goto(base + "/min-sida/")
    with page.expect_navigation():
        page.locator("a[href$='/besok/']").first.click()
    links = page.locator("main a[href*='/besok/']").evaluate_all("els => els.map(e => e.href)")
    for href in [link for link in links if VISIT_PAGE.search(link)]:
        page.goto(href)
        if "Hälsokontroll" in page.locator("h1").inner_text():
            return href
    raise AssertionError("Maja's health check was not found")


def test_maja_reads_and_prints_her_kallelse_on_one_page(live_server, browser, shots, tmp_path):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    visit = _majas_health_check(page, live_server.url)
    with page.expect_navigation():
        page.locator("main a[href$='/kallelse']").click()
    kallelse = page.url
    main = page.locator("main")
    words = main.inner_text()
    for expected in (
        "Storgatan 12",
        "Här är ingången.",
        "halv elva",
        "Så går besöket till",
        "Du får vänta i det lugna rummet.",  # what the clinic has arranged, in its message
        "019-10 20 30",
    ):
        assert expected in words, expected
    assert main.locator("svg.calendar-page").count() == 1 and main.locator("svg.clock").count() == 1
    assert main.locator(".kallelse-entrance img").evaluate("img => img.naturalWidth") > 0
    assert main.locator(".listen").count() >= 4  # read aloud, part by part
    assert axe(page) == []
    _both_sizes(page, lambda name: shots / f"kallelse-sv-easy-{name}.png")

    with page.expect_navigation():
        page.locator("a[href$='/kallelse/skriv-ut']").click()
    pdf = tmp_path / "kallelse.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    assert _read_qr(pdf, tmp_path / "kallelse") == visit
    _language(page, "ar")
    try:
        page.reload()
        assert page.locator("html").get_attribute("dir") == "rtl"
        pdf = tmp_path / "kallelse-ar.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) == 1
        page.goto(kallelse)
        _both_sizes(page, lambda name: shots / f"kallelse-ar-{name}.png")
    finally:
        _language(page, "sv")
        context.close()


def test_maja_opens_avboka_eller_flytta_from_her_visit(live_server, browser, shots):
    """The form only (sending is tested in tests/visits/test_before_visit.py: the demo's data
    stays as other browser tests expect it)."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    _majas_health_check(page, live_server.url)
    with page.expect_navigation():
        page.locator("main a[href$='/avboka-eller-flytta']").click()
    form = page.locator("main form")
    assert form.locator("input[name='what']").count() == 2
    assert form.locator("input[name='why']").count() == 5
    assert axe(page) == []
    _both_sizes(page, lambda name: shots / f"avboka-eller-flytta-sv-easy-{name}.png")
    context.close()
