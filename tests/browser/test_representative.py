"""A god man signs in on a tablet, chooses whom to help, and sees for whom they act."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_god_man_chooses_a_patient(live_server, tablet, shots):
    sign_in(tablet, live_server.url, "birgitta.svensson@exempel.se")
    assert tablet.url.endswith("/vem-hjalper-du")
    assert tablet.locator("h1").inner_text() == "Vem hjälper du i dag?"
    tiles = tablet.locator(".tile-button")
    assert tiles.count() == 2  # Erik and Lina
    box = tiles.first.bounding_box()
    assert box["height"] >= 64 and box["width"] >= 64
    tablet.screenshot(path=str(shots / "choose-patient-1024x768.png"), full_page=True)

    tiles.filter(has_text="Erik").click()
    banner = tablet.get_by_role("region", name="Du hjälper")
    assert "Erik" in banner.inner_text()
    tablet.screenshot(path=str(shots / "patient-home-erik-1024x768.png"), full_page=True)

    assert "Du får: se uppgifter" in tablet.locator("main").inner_text()
    tablet.get_by_role("link", name="Vem har tittat?").click()
    assert tablet.locator("h1").inner_text() == "Vem har tittat på uppgifterna om Erik?"
    # The banner stays on every page, with a way to switch.
    tablet.get_by_role("link", name="Byt person").click()
    assert tablet.url.endswith("/vem-hjalper-du")


def test_keyboard_reaches_the_skip_link_first(live_server, tablet):
    tablet.goto(live_server.url + "/")
    tablet.keyboard.press("Tab")
    focused = tablet.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    tablet.keyboard.press("Enter")
    assert tablet.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("width", [320, 768])
def test_no_horizontal_scrolling_on_narrow_screens(live_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in ("/", "/logga-in", "/tillganglighet"):
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    finally:
        context.close()


def test_arabic_mirrors_the_page(live_server, tablet, shots):
    tablet.goto(live_server.url + "/")
    tablet.get_by_role("button", name="العربية").click()
    assert tablet.evaluate("document.documentElement.dir") == "rtl"
    assert tablet.evaluate("document.documentElement.lang") == "ar"
    tablet.screenshot(path=str(shots / "welcome-ar-1024x768.png"), full_page=True)


def test_two_tabs_for_two_people_each_save_for_their_own(live_server, browser, shots):
    """Birgitta has Erik's Anpassningar open in one tab and chooses Lina in another; Spara in the
    first saves for Erik, and Lina's needs stay as they were."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")

    def needs_shown(page) -> str:  # the page's words without its notices
        return " ".join(
            page.evaluate("""() => {
            const main = document.querySelector('main').cloneNode(true);
            main.querySelectorAll('.banner').forEach(b => b.remove());
            return main.textContent; }""").split()
        )

    try:
        erik_tab = context.new_page()
        sign_in(erik_tab, live_server.url, "birgitta.svensson@exempel.se")
        erik_tab.locator(".tile-button").filter(has_text="Erik").click()
        erik_tab.get_by_role("link", name="Anpassningar", exact=True).click()
        erik_tab.locator('a[href$="/anpassningar/behov/sinnen"]').click()
        assert "Erik" in erik_tab.locator("h1").inner_text()
        had_it = erik_tab.locator("#need_light_sensitive").is_checked()
        erik_tab.locator('label[for="need_light_sensitive"]').click()  # ticks or unticks it

        lina_tab = context.new_page()
        lina_tab.goto(live_server.url + "/vem-hjalper-du")
        lina_tab.locator(".tile-button").filter(has_text="Lina").click()
        assert "Lina" in lina_tab.get_by_role("region", name="Du hjälper").inner_text()
        lina_tab.get_by_role("link", name="Anpassningar", exact=True).click()
        lina_tab.wait_for_url("**/anpassningar/")  # and loaded: the words are read off the page
        lina_before = needs_shown(lina_tab)

        with erik_tab.expect_navigation():
            erik_tab.locator("main form button[type=submit]").click()
        assert "Erik" in erik_tab.get_by_role("region", name="Du hjälper").inner_text()
        assert "Anpassningar för Erik" in erik_tab.locator("h1").inner_text()
        main = erik_tab.locator("main").inner_text()
        assert "Nu hjälper du Erik." in main and "Nu är det sparat." in main
        assert ("Känslig för starkt ljus" in needs_shown(erik_tab)) is not had_it
        erik_tab.screenshot(path=str(shots / "two-tabs-erik-saved-1024x768.png"), full_page=True)

        lina_tab.reload()
        assert needs_shown(lina_tab) == lina_before
        lina_tab.screenshot(path=str(shots / "two-tabs-lina-unchanged-1024x768.png"), full_page=True)
    finally:
        context.close()
