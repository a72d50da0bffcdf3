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
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    finally:
        context.close()


def test_arabic_mirrors_the_page(live_server, tablet, shots):
    tablet.goto(live_server.url + "/")
    tablet.get_by_role("button", name="العربية").click()
    assert tablet.evaluate("document.documentElement.dir") == "rtl"
    assert tablet.evaluate("document.documentElement.lang") == "ar"
    tablet.screenshot(path=str(shots / "welcome-ar-1024x768.png"), full_page=True)
