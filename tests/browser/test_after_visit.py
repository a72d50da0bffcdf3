"""Efter besöket in Chromium: Maja (easy Swedish) finds "Nytt efter ditt besök" on Hem, hears
every part of the summary read aloud, prints it on one A4 page whose QR code opens the page, and
reads it in Arabic; screenshots at both tablet sizes."""

from __future__ import annotations

import io
import re
import subprocess

import numpy
import pytest
import soundfile
import zxingcpp
from PIL import Image

from tests.browser.conftest import pdf_pages, sign_in

pytestmark = pytest.mark.browser

SIZES = {(768, 1024): "768x1024", (1024, 768): "1024x768"}  # portrait first


def _read_qr(pdf, png_stem) -> str:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(png_stem)], check=True)
    image = Image.open(f"{png_stem}.png").convert("L")
    results = zxingcpp.read_barcodes(numpy.asarray(image))
    assert results, "no QR code found on the printed page"
    return results[0].text


def _is_speech(page, url: str) -> float:
    """The clip's length in seconds, after checking that it is audio with sound in it."""
    response = page.request.get(url)
    assert response.status == 200 and response.headers["content-type"].startswith("audio/mpeg"), url
    audio, rate = soundfile.read(io.BytesIO(response.body()))
    assert abs(audio).max() > 0.05, url
    return len(audio) / rate


def _both_sizes(page, path_for) -> None:
    """Screenshots of the page at both tablet sizes (portrait last: the page stays so)."""
    for size, name in reversed(SIZES.items()):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.screenshot(path=str(path_for(name)), full_page=True)


def _table_shots(page, path_for) -> None:
    table = page.locator("table.av-medicines")
    for size, name in reversed(SIZES.items()):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        table.scroll_into_view_if_needed()
        table.screenshot(path=str(path_for(name)))


def test_maja_hears_her_summary_and_prints_it_on_one_page(live_server, browser, shots, tmp_path):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    page.goto(live_server.url + "/min-sida/")
    news = page.locator(".av-news")
    assert "Nytt efter ditt besök" in news.inner_text()
    _both_sizes(page, lambda name: shots / f"aftervisit-home-sv-easy-{name}.png")
    # The same news in Arabic (before anyone has opened it).
    with page.expect_navigation():
        page.locator("form[action$='/sprak'] button[value='ar']").first.click()
    assert page.locator(".av-news").count() == 1
    _both_sizes(page, lambda name: shots / f"aftervisit-home-ar-{name}.png")
    with page.expect_navigation():
        page.locator("form[action$='/sprak'] button[value='sv']").first.click()

    with page.expect_navigation():
        page.get_by_role("link", name="Se vad vårdcentralen skrev").click()
    summary_url = page.url
    main = page.locator("main")
    assert "Det här gjorde vi" in main.inner_text()
    _both_sizes(page, lambda name: shots / f"aftervisit-page-sv-easy-{name}.png")
    _table_shots(page, lambda name: shots / f"aftervisit-medicines-sv-easy-{name}.png")
    # A screen reader finds a real table: a header per time of day, a row per medicine.
    table = page.locator("table.av-medicines")
    assert table.locator("thead th[scope=col]").count() == 5
    assert table.locator("tbody th[scope=row]").count() >= 1

    # Every part is read aloud: its first block has a clip of real speech.
    parts = page.locator("section.av-part")
    assert parts.count() == 5
    for index in range(parts.count()):
        url = parts.nth(index).locator("[data-clip]").first.get_attribute("data-clip")
        assert _is_speech(page, live_server.url + url) > 1.0

    # Back on Hem the news is gone.
    page.goto(live_server.url + "/min-sida/")
    assert page.locator(".av-news").count() == 0

    # The print: one A4 page with a QR code to the summary page.
    page.goto(summary_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Skriv ut").click()
    _both_sizes(page, lambda name: shots / f"aftervisit-print-sv-easy-{name}.png")
    pdf = tmp_path / "after-visit.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    assert _read_qr(pdf, tmp_path / "after-visit") == summary_url
    context.close()


def test_maja_reads_it_in_arabic(live_server, browser, shots, tmp_path):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    page.goto(live_server.url + "/min-sida/")
    pages = re.search(r"/min-sida/[0-9a-f]{32}", page.url).group(0)
    page.goto(live_server.url + pages + "/besok/")
    link = re.search(r'href="([^"]*/efter-besoket/[0-9a-f]{32})"', page.content())
    summary_url = live_server.url + link.group(1)
    with page.expect_navigation():
        page.locator("form[action$='/sprak'] button[value='ar']").first.click()
    try:
        page.goto(summary_url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        _both_sizes(page, lambda name: shots / f"aftervisit-page-ar-{name}.png")
        _table_shots(page, lambda name: shots / f"aftervisit-medicines-ar-{name}.png")
        page.goto(summary_url + "/utskrift")
        _both_sizes(page, lambda name: shots / f"aftervisit-print-ar-{name}.png")
        pdf = tmp_path / "after-visit-ar.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) == 1
    finally:
        with page.expect_navigation():
            page.locator("form[action$='/sprak'] button[value='sv']").first.click()
        context.close()
