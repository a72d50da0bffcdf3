"""Key moments in a real browser: Läs upp sidan shows a stop square while it reads, choosing a
picture card says its label, the idle warning offers three ways out, and Logga ut asks once."""

import pytest

from .conftest import own_pages, sign_in

pytestmark = pytest.mark.browser


def test_read_page_shows_a_stop_square_while_it_reads(live_server, tablet, shots):
    sign_in(tablet, live_server.url, "maja.andersson@exempel.se")
    button = tablet.locator("[data-read-page]")
    speaker, stop = button.locator(".read-page-icon").nth(0), button.locator(".is-stop")
    assert speaker.is_visible() and not stop.is_visible()
    with tablet.expect_response(lambda r: r.url.endswith(".mp3")):
        button.click()
    assert stop.is_visible() and not speaker.is_visible()
    assert button.locator(".read-page-label").inner_text() == "Sluta läsa"
    button.screenshot(path=str(shots / "read-page-stop-1024x768.png"))
    button.click()
    assert speaker.is_visible() and not stop.is_visible()
    assert button.locator(".read-page-label").inner_text() == "Läs upp sidan"


def test_choosing_a_picture_card_says_what_was_chosen(live_server, tablet):
    sign_in(tablet, live_server.url, "maja.andersson@exempel.se")
    tablet.goto(live_server.url + own_pages(tablet, live_server.url) + "/kontakt/skriv")
    card = tablet.locator(".card").first
    with tablet.expect_response(lambda r: r.url.endswith(".mp3")) as clip:
        card.locator("label").click()
    assert clip.value.status in (200, 206)
    assert card.locator("input").is_checked()
    assert "is-reading" in card.get_attribute("class")
    # Taking the card away again says nothing (it is not a choice).
    card.locator("label").click()
    assert not card.locator("input").is_checked()


def test_the_idle_warning_offers_stay_sign_out_and_not_me(live_server, portrait, shots):
    sign_in(portrait, live_server.url, "maja.andersson@exempel.se")
    portrait.evaluate("document.getElementById('session-warning').hidden = false")
    warning = portrait.locator("#session-warning")
    for name in ("Jag är kvar", "Logga ut", "Det är inte jag"):
        button = warning.get_by_role("button", name=name)
        box = button.bounding_box()
        assert box["height"] >= 64, name
        assert button.locator("svg").count() == 1, name
    warning.screenshot(path=str(shots / "idle-warning-768x1024.png"))
    warning.get_by_role("button", name="Det är inte jag").click()
    portrait.wait_for_load_state()
    assert "Logga in som dig själv." in portrait.content()
    portrait.goto(live_server.url + "/min-sida/")
    assert "/logga-in" in portrait.url


def test_logga_ut_asks_once_and_no_stays(live_server, tablet, shots):
    sign_in(tablet, live_server.url, "maja.andersson@exempel.se")
    home = tablet.url
    tablet.locator(".tools").get_by_role("link", name="Logga ut").click()
    assert tablet.locator("h1").inner_text() == "Vill du logga ut?"
    tablet.screenshot(path=str(shots / "sign-out-question-1024x768.png"), full_page=True)
    tablet.get_by_role("link", name="Nej, stanna kvar").click()
    assert tablet.url == home  # back where the person was, still signed in
    tablet.locator(".tools").get_by_role("link", name="Logga ut").click()
    tablet.get_by_role("button", name="Ja, logga ut").click()
    tablet.wait_for_load_state()
    assert tablet.locator(".banner-success").count() == 1
    tablet.goto(live_server.url + "/min-sida/")
    assert "/logga-in" in tablet.url
