"""The clinic's words in the reader's language, and the right voice: Fatima reads Arabic and
helps her brother Ali. Anna, their vårdlots, is a woman; what Fatima wrote in Swedish is marked
Swedish on her Arabic page and said by the Swedish voice (tests/speech test the runs)."""

from __future__ import annotations

import io

import pytest
import soundfile as sf

from .conftest import sign_in
from .test_visits import meets_the_bar

pytestmark = pytest.mark.browser

SIZES = {"tablet": "1024x768", "portrait": "768x1024"}


@pytest.mark.parametrize("size", SIZES)
def test_fatima_sees_anna_named_as_a_woman_and_her_swedish_marked_swedish(live_server, request, shots, size):
    page = request.getfixturevalue(size)
    sign_in(page, live_server.url, "fatima.hassan@exempel.se")
    assert page.locator("html").get_attribute("lang") == "ar"
    page.goto(live_server.url + "/min-sida/")
    main = page.locator("main").inner_text()
    assert "مرشدة الرعاية" in main and "تساعد" in main
    assert "مرشد الرعاية يساعد" not in main and "ممرض/ممرضة" not in main
    # Anna's name is Latin on an Arabic page: marked Swedish, so it is said in Swedish.
    assert page.locator('main strong[lang="sv"]', has_text="Anna Lindqvist").count() == 1
    page.screenshot(path=str(shots / f"languages-home-ar-{SIZES[size]}.png"), full_page=True)
    meets_the_bar(page, "ar")

    page.set_viewport_size(
        {"width": int(SIZES[size].split("x")[0]), "height": int(SIZES[size].split("x")[1])}
    )
    page.goto(live_server.url + "/min-sida/kontakt/")
    # The demo's conversation (the contact tests may have started newer ones on this server).
    links = page.locator("main a[href*='/kontakt/']:not([href$='/skriv']):not([href*='ring-upp'])")
    addresses = [links.nth(i).get_attribute("href") for i in range(links.count())]
    text = page.locator('.message-text[lang="sv"]', has_text="Ali kan inte komma på tisdag")
    for address in addresses:
        page.goto(live_server.url + address)
        if text.count():
            break
    assert text.count() == 1, addresses
    assert text.get_attribute("dir") == "auto"
    page.screenshot(path=str(shots / f"languages-conversation-ar-{SIZES[size]}.png"), full_page=True)
    meets_the_bar(page, "ar")

    # The message's clip: Arabic ("you") and Swedish (what she wrote) in one clip, not silent.
    clip = page.locator(".message[data-clip]").first.get_attribute("data-clip")
    response = page.request.get(live_server.url + clip)
    assert response.status == 200
    data, rate = sf.read(io.BytesIO(response.body()), dtype="float64")
    seconds, rms = len(data) / rate, float((data**2).mean() ** 0.5)
    assert seconds > 3 and rms > 0.02, (seconds, rms)


def test_easy_arabic_and_its_switch(live_server, tablet, shots):
    page = tablet
    sign_in(page, live_server.url, "fatima.hassan@exempel.se")
    switch = page.locator("form[action$='/visning/easy_read'] button")
    assert switch.count() == 1  # Arabic has easy read now
    switch.click()
    page.goto(live_server.url + "/min-sida/")
    assert "easy-read" in page.locator("body").get_attribute("class")
    page.screenshot(path=str(shots / "languages-home-ar-easy-1024x768.png"), full_page=True)
    page.goto(live_server.url + "/installningar")
    page.screenshot(path=str(shots / "languages-settings-ar-easy-1024x768.png"), full_page=True)
    page.locator("form[action$='/visning/easy_read'] button").click()  # back as it was
