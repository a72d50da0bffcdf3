"""Vem jobbar här? in Chromium on a tablet held upright (768x1024): Maja (easy Swedish) finds the
team from Hem and sees the faces that chose to be shown, the others' initials, her vårdlots
first; Ali in Swedish; Fatima (Arabic) sees the team of Ali's clinic, with Karin's Swedish words
marked as Swedish. Each page meets the bar (structure, Tab walk, axe, 320 px). Anna, the vårdlots,
moves Omar up with the keyboard alone and back down with a tap. Screenshots of each."""

from __future__ import annotations

import re

import pytest

from tests.browser import page_checks as checks

from .conftest import sign_in

pytestmark = pytest.mark.browser

SIZE = {"width": 768, "height": 1024}


def _meets_the_bar(page, language: str) -> list[str]:
    info = page.evaluate(checks.INSPECT, [checks.TARGET, checks.BIG_TARGET])
    problems = checks.structure(info, language, "rtl" if language == "ar" else "ltr")
    problems += checks.tab_walk(page, info)
    problems += checks.axe(page)
    problems += checks.overflow(page, 320)
    page.set_viewport_size(SIZE)
    return problems


def _names(page) -> list[str]:
    return page.locator("li.team-member h2").all_inner_texts()


def test_maja_finds_the_team_from_hem_and_knows_the_faces(live_server, browser, shots):
    context = browser.new_context(viewport=SIZE, locale="sv-SE")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "maja.andersson@exempel.se")
        page.goto(live_server.url + "/min-sida/")
        with page.expect_navigation():
            page.locator(".tile", has_text="Vem jobbar här?").click()
        assert page.locator("h1").inner_text() == "Vem jobbar här?"
        names = _names(page)
        assert names[0] == "Anna Lindqvist" and "Omar Haddad" in names and "Eva Strand" not in names
        first = page.locator("li.team-member").first.inner_text()
        assert "Din vårdlots" in first and "Fråga vårdlotsen om allt." in first
        # Five chose to show a (drawn) photo, and they load; Peter did not: his initials.
        photos = page.locator("li.team-member img.avatar-photo")
        assert photos.count() == 5
        assert all(width > 0 for width in photos.evaluate_all("imgs => imgs.map(i => i.naturalWidth)"))
        initials = page.locator("li.team-member span.avatar")
        assert initials.count() == len(names) - 5 and initials.first.inner_text() == "PN"
        # Each card is read aloud, with one Lyssna.
        assert page.locator("li.team-member .listen").count() == len(names)
        assert _meets_the_bar(page, "sv") == []
        page.screenshot(path=str(shots / "team-sv-easy-768x1024.png"), full_page=True)
    finally:
        context.close()


def test_ali_in_swedish_and_fatima_in_arabic(live_server, browser, shots):
    for email, language, shot in [
        ("ali.hassan@exempel.se", "sv", "team-sv-768x1024.png"),
        ("fatima.hassan@exempel.se", "ar", "team-ar-768x1024.png"),
    ]:
        context = browser.new_context(viewport=SIZE, locale="sv-SE")
        page = context.new_page()
        try:
            sign_in(page, live_server.url, email)
            page.goto(live_server.url + "/vem-jobbar-har")
            assert page.evaluate("document.documentElement.lang") == language
            karin = page.locator("li.team-member", has_text="Karin Ek")
            if language == "ar":
                # Anna wrote Arabic; Karin did not: her Swedish, marked and read as Swedish.
                assert "أجيبك" in page.locator("li.team-member").first.inner_text()
                swedish = karin.locator('p[lang="sv"]')
                assert "Jag tar blodprov" in swedish.inner_text()
                # Said to be Swedish, in Arabic, and one Lyssna for the whole card.
                assert "(بالسويدية)" in karin.inner_text() and karin.locator(".listen").count() == 1
            assert _meets_the_bar(page, language) == []
            page.screenshot(path=str(shots / shot), full_page=True)
        finally:
            context.close()


def test_the_vardlots_orders_the_team_by_keyboard_and_by_touch(live_server, browser, shots):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE", has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "anna.lindqvist@exempel.se", live_server.outbox)
        page.goto(live_server.url + "/personal/vem-jobbar-har")
        before = _names(page)
        omar = before.index("Omar Haddad")
        assert omar > 1  # the demo: Anna, Karin, Omar …
        up = page.get_by_role("button", name=re.compile(r"Flytta upp\W+Omar Haddad"))
        up.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        after = _names(page)
        assert after.index("Omar Haddad") == omar - 1
        # Back at Omar's card, whose buttons are where the keyboard left off.
        assert page.url.endswith(
            "#" + page.locator("li.team-member", has_text="Omar Haddad").get_attribute("id")
        )
        assert "Klart. Ordningen är ändrad." in page.locator("main").inner_text()
        # After the move, Tab goes on from Omar's card (the address's fragment): the next stop
        # is his other button, where the keyboard was.
        page.keyboard.press("Tab")
        assert "Omar Haddad" in page.evaluate("document.activeElement.closest('li').innerText")
        page.goto(live_server.url + "/personal/vem-jobbar-har")  # the whole page, from its top
        assert _meets_the_bar(page, "sv") == []
        page.screenshot(path=str(shots / "team-staff-order-1024x768.png"), full_page=True)
        # Back where it was, with a tap.
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(r"Flytta ner\W+Omar Haddad")).tap()
        assert _names(page) == before
    finally:
        context.close()
