"""Helpers are spoken to as helpers, in a browser: Jonas Lund (group-home staff, may read Lina's
needs but not change them) taps "Föreslå en ändring" and sends a suggestion; Birgitta (god man)
sees the needs pages, the call form and the settings in her own voice. Screenshots at both
tablet sizes in Swedish, easy Swedish and Arabic."""

from __future__ import annotations

import pytest

from .conftest import own_pages, sign_in

pytestmark = pytest.mark.browser

SIZES = {"portrait": "768x1024", "tablet": "1024x768"}


def choose(page, base: str, name: str) -> str:
    page.goto(base + "/vem-hjalper-du")
    page.locator(".tile-button").filter(has_text=name).click()
    return own_pages(page, base)


def set_language(page, code: str) -> None:
    page.locator(f"form[action$='/sprak'] button[value='{code}']").click()
    page.wait_for_load_state()


def set_easy(page, on: bool) -> None:
    switch = page.locator("form[action$='/visning/easy_read'] button")
    if switch.count() and (switch.get_attribute("aria-pressed") == "true") != on:
        switch.click()
        page.wait_for_load_state()


def test_a_reader_suggests_a_change_with_a_tap(live_server, tablet, shots):
    base = live_server.url
    sign_in(tablet, base, "jonas.lund@exempel.se")
    pages = choose(tablet, base, "Lina")
    tablet.goto(base + pages + "/anpassningar/")
    main = tablet.locator("main")
    # No Välj / Ändra / Skriv buttons: they would lead to a page Jonas may not use.
    assert main.locator("a[href*='/anpassningar/behov/'], a[href*='/anpassningar/om-mig/']").count() == 0
    tablet.get_by_role("link", name="Föreslå en ändring").click()
    assert tablet.locator("h1").inner_text() == "Föreslå en ändring för Lina"
    tablet.get_by_label("Vad gäller det?", exact=True).select_option("communication")
    tablet.get_by_label("Vad ska ändras?", exact=True).fill("Lina använder bildkort nu.")
    tablet.get_by_role("button", name="Skicka förslaget").click()
    assert "Tack! Vårdlotsen har fått ditt förslag." in main.inner_text()
    assert "Lina använder bildkort nu." in main.inner_text()
    tablet.screenshot(path=str(shots / "helpers-suggestion-sent-1024x768.png"), full_page=True)


@pytest.mark.parametrize("size", ["portrait", "tablet"])
def test_screenshots_of_the_helpers_pages(live_server, request, size, shots):
    page = request.getfixturevalue(size)
    base = live_server.url
    sign_in(page, base, "jonas.lund@exempel.se")
    jonas = choose(page, base, "Lina")
    reader_pages = {
        "needs-reader": "/anpassningar/",
        "suggest": "/anpassningar/foresla",
        "prefs-reader": "/installningar",
    }
    for language, easy in (("sv", False), ("sv", True), ("ar", False)):
        page.goto(base + jonas + "/")
        set_language(page, language)
        set_easy(page, easy)
        tag = language + ("-easy" if easy else "")
        for name, path in reader_pages.items():
            page.goto(base + jonas + path)
            assert page.locator("h1").count() == 1
            page.screenshot(path=str(shots / f"helpers-{name}-{tag}-{SIZES[size]}.png"), full_page=True)
    page.goto(base + jonas + "/")
    set_language(page, "sv")
    set_easy(page, False)
    page.context.clear_cookies()

    sign_in(page, base, "birgitta.svensson@exempel.se")
    lina = choose(page, base, "Lina")
    helper_pages = {
        "needs": "/anpassningar/",
        "category": "/anpassningar/behov/tid",
        "section": "/anpassningar/om-mig/ont",
        "callback": "/kontakt/ring-upp-mig",
        "prepare": "/forbered/",
        "prefs": "/installningar",
    }
    for language, easy in (("sv", False), ("sv", True), ("ar", False)):
        page.goto(base + lina + "/")
        set_language(page, language)
        set_easy(page, easy)
        tag = language + ("-easy" if easy else "")
        for name, path in helper_pages.items():
            page.goto(base + lina + path)
            page.screenshot(path=str(shots / f"helpers-{name}-{tag}-{SIZES[size]}.png"), full_page=True)
        page.goto(base + "/installningar")
        page.screenshot(path=str(shots / f"helpers-settings-{tag}-{SIZES[size]}.png"), full_page=True)
    page.goto(base + lina + "/")
    set_language(page, "sv")
    set_easy(page, False)


def test_the_god_man_is_asked_about_lina_and_uses_her_preferences_together(live_server, tablet):
    base = live_server.url
    sign_in(tablet, base, "birgitta.svensson@exempel.se")
    lina = choose(tablet, base, "Lina")
    tablet.goto(base + lina + "/anpassningar/om-mig/ont")
    assert "Vad gör Lina när det gör ont?" in tablet.locator("main").inner_text()
    tablet.goto(base + lina + "/")
    tablet.get_by_role("link", name="Linas inställningar").click()
    tablet.locator("label[for='text_size-3']").click()
    tablet.get_by_role("button", name="Spara valen för Lina").click()
    assert "Klart. Vi har sparat valen för Lina." in tablet.locator("main").inner_text()
    tablet.get_by_role("button", name="Vi använder Lotsen tillsammans nu").click()
    assert tablet.locator("html").get_attribute("class") == "text-larger"
    tablet.get_by_role("button", name="Sluta. Använd mina egna inställningar").click()
    assert tablet.locator("html").get_attribute("class") == "text-normal"
