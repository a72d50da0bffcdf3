"""Read-aloud in a real browser: Lyssna plays in place and highlights its block; the whole page
is read block by block; without JavaScript every button is a plain link to the MP3."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_lyssna_plays_in_place_and_highlights_the_block(live_server, tablet):
    tablet.goto(live_server.url + "/")
    listen = tablet.locator(".speakable [data-listen]").first
    assert listen.get_attribute("role") == "button"  # the script made the link a button
    box = listen.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    with tablet.expect_response(lambda r: r.url.endswith(".mp3")) as clip:
        listen.click()
    assert clip.value.status in (200, 206)  # an audio element asks for byte ranges
    assert clip.value.header_value("content-type") == "audio/mpeg"
    assert tablet.url == live_server.url + "/"  # it played; it did not navigate away
    block = tablet.locator(".speakable").first
    assert "is-reading" in block.get_attribute("class")
    listen.click()  # a second tap stops
    assert "is-reading" not in block.get_attribute("class")


def test_read_the_page_goes_block_by_block(live_server, tablet, shots):
    sign_in(tablet, live_server.url, "maja.andersson@exempel.se")
    button = tablet.locator("[data-read-page]")
    with tablet.expect_response(lambda r: r.url.endswith(".mp3")) as clip:
        button.click()
    assert clip.value.status in (200, 206)
    assert button.get_attribute("aria-pressed") == "true"
    assert tablet.locator(".is-reading").first.evaluate("e => e.tagName") == "H1"
    tablet.screenshot(path=str(shots / "read-aloud-playing-1024x768.png"))
    tablet.keyboard.press("Escape")
    assert tablet.locator(".is-reading").count() == 0
    assert button.get_attribute("aria-pressed") == "false"


def test_without_javascript_lyssna_is_a_link_to_the_sound(live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/logga-in")
    href = page.locator(".speakable [data-listen]").first.get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "audio/mpeg"
    assert len(response.body()) > 2000
    context.close()


def test_settings_at_tablet_size_in_easy_swedish_and_arabic(live_server, browser, shots):
    for locale, name in (("sv-SE", "sv"), ("ar", "ar")):
        context = browser.new_context(viewport={"width": 768, "height": 1024}, locale=locale)
        page = context.new_page()
        page.goto(live_server.url + "/installningar")
        if name == "sv":
            page.locator("#easy_read-1").check(force=True)
            page.locator("main button[type=submit]").click()
            assert page.locator("html").get_attribute("lang") == "sv"
            assert page.locator("body.easy-read").count() == 1
        else:
            assert page.locator("html").get_attribute("dir") == "rtl"
            # Pictograms that point the way are mirrored in right-to-left pages.
            page.goto(live_server.url + "/personal/bildstod")  # staff only: shows the sign-in page
        page.goto(live_server.url + "/installningar")
        no_sideways = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert no_sideways
        page.screenshot(path=str(shots / f"settings-{name}-768x1024.png"), full_page=True)
        context.close()
