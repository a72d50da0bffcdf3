"""Mina anpassningar in a real browser at tablet size: ticking cards by touch and keyboard, the
comment that opens under a ticked card, and Mitt vårdpass printed to PDF: one A4 page, with a QR
code that a camera can read and that opens the vårdpass only for the clinic's staff."""

from __future__ import annotations

import re
import subprocess

import numpy
import pytest
import zxingcpp
from PIL import Image

from app.needs.catalogue import CATEGORIES, COMMENT_MAX, FIELDS, NEEDS, SECTIONS, Part
from app.needs.usual import AREAS
from tests.support.accounts import live

from .conftest import own_pages, pdf_pages, sign_in

pytestmark = pytest.mark.browser


def test_a_patient_ticks_needs_and_writes_a_comment(live_server, portrait, shots):
    page = portrait
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    base = own_pages(page, live_server.url) + "/anpassningar"
    page.locator(f'.tile[href="{base}/"]').click()
    assert page.url.endswith(f"{base}/")
    page.screenshot(path=str(shots / "needs-overview-768x1024.png"), full_page=True)

    page.locator(f'a[href="{base}/behov/tid"]').click()
    # Until the stylesheet has loaded, a hidden comment field still counts as visible.
    page.wait_for_url(f"**{base}/behov/tid")
    page.wait_for_load_state("load")
    comment = page.locator("#comment_home_visit")
    assert not comment.is_visible()  # the comment opens when the card is ticked
    page.locator('label[for="need_home_visit"]').click()
    assert page.locator("#need_home_visit").is_checked()
    assert comment.is_visible()
    comment.fill("Hemma på fredagar")
    # By keyboard: a card is a real checkbox, Space ticks it.
    page.focus("#need_no_waiting")
    page.keyboard.press("Space")
    assert page.locator("#need_no_waiting").is_checked()
    card = page.locator('label[for="need_home_visit"]').bounding_box()
    assert card["height"] >= 64 and card["width"] >= 64
    page.screenshot(path=str(shots / "needs-category-time-768x1024.png"), full_page=True)

    page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"{base}/")
    main = page.locator("main").inner_text()
    assert "Hemma på fredagar" in main
    page.locator(f'a[href="{base}/historik"]').click()
    assert "Hemma på fredagar" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "needs-history-768x1024.png"), full_page=True)


WORDS = (
    "hon blir lugn av musik och vill ha hörselkåporna på sig i väntrummet, ring gärna "
    "gruppboendet innan om tiden ändras, hon behöver tid att svara och visar med bilder "
).split()


def written(seed: str, length: int) -> str:
    """A text of exactly `length` characters, in words, that starts with `seed` (so each one can
    be found again in the printout)."""
    words, at = [seed], sum(map(ord, seed))
    while len(" ".join(words)) < length:
        words.append(WORDS[at % len(WORDS)])
        at += 7
    return " ".join(words)[:length].rstrip() + "."


PHONE = "+46 (0) 70 - 123 45 67"


def _fill_to_the_brim(live_server) -> tuple[str, list[str]]:
    """Lina's profile with every need ticked, every comment and text as long as allowed (the
    contact person, medicines and allergies too); as her god man. Returns Lina's public id and
    every text written."""
    port = int(live_server.url.rsplit(":", 1)[1])
    helper = live.Browser(port)
    helper.post_form("/logga-in", {"email": "birgitta.svensson@exempel.se", "password": live.PASSWORD})
    _s, _h, choose = helper.get("/vem-hjalper-du")
    lina_id = re.search(rb'href="/min-sida/([0-9a-f]{32})/">.{0,400}?Lina', choose, re.S).group(1)
    base = f"/min-sida/{lina_id.decode()}/anpassningar"
    _s, _h, overview = helper.get(f"{base}/")
    assert b"Lina" in overview
    texts: list[str] = []

    def need(key):
        texts.append(written(f"Om {key.replace('_', ' ')}:", COMMENT_MAX - 1))
        return {f"need_{key}": "y", f"comment_{key}": texts[-1]}

    def text(key):
        texts.append(
            PHONE
            if FIELDS[key].kind == "phone"
            else written(f"Om {key.replace('_', ' ')}:", FIELDS[key].max_length - 1)
        )
        return {f"text_{key}": texts[-1]}

    pages = [
        (f"{base}/behov/{slug.decode()}", "need_", need)
        for slug in re.findall(rb'href="/min-sida/[0-9a-f]{32}/anpassningar/behov/([a-z-]+)"', overview)
    ]
    pages += [
        (f"{base}/om-mig/{slug.decode()}", "text_", text)
        for slug in re.findall(rb'href="/min-sida/[0-9a-f]{32}/anpassningar/om-mig/([a-z-]+)"', overview)
    ]
    assert len(pages) == len(CATEGORIES) + len(SECTIONS) == 16
    for path, prefix, values in pages:
        _s, _h, form = helper.get(path)
        fields = {
            "version": re.search(rb'name="version" type="hidden" value="(\d+)"', form).group(1).decode(),
            "csrf_token": _token(form),
        }
        for key in re.findall(rb'name="' + prefix.encode() + rb'([a-z_]+)"', form):
            fields.update(values(key.decode()))
        status, _h, _b = helper.request("POST", path, fields)
        assert status == 302, path
    # Lina's baseline ("Så här brukar jag vara", in the demo) is emptied: a needs profile full
    # to the brim takes two pages by itself, and the baseline would go on a third (nothing is
    # cut; tests/needs/test_usual.py checks it by the layout's estimate).
    for area in AREAS:
        path = f"{base}/sa-brukar-jag-vara/{area.slug}"
        _s, _h, form = helper.get(path)
        version = re.search(rb'name="version" type="hidden" value="(\d+)"', form).group(1).decode()
        status, _h, _b = helper.request(
            "POST", path, {"version": version, "csrf_token": _token(form), "text": ""}
        )
        assert status == 302, path
    assert len(texts) == len(NEEDS) + len(FIELDS)
    return lina_id.decode(), texts


def _token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


def _read_qr(pdf, png_stem) -> str:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(png_stem)], check=True)
    image = Image.open(f"{png_stem}.png").convert("L")
    results = zxingcpp.read_barcodes(numpy.asarray(image))
    assert results, "no QR code found on the printed page"
    return results[0].text


def _pdf_text(pdf, page: int | None = None) -> str:
    """The PDF's text in the order it was drawn (-raw: each item whole, not mixed with the other
    column), without any white space (a line may break anywhere between words)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", out)


def test_the_fullest_vardpass_prints_every_character_on_two_pages_and_its_qr_code_opens_it(
    live_server, browser, shots, tmp_path
):
    lina, texts = _fill_to_the_brim(live_server)
    staff = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = staff.new_page()
    try:
        sign_in(page, live_server.url, "anna.lindqvist@exempel.se", live_server.outbox)
        page.goto(f"{live_server.url}/personal/patienter/{lina}/anpassningar/vardpass/utskrift")
        sheet = page.locator(".sheet")
        assert "Lina Karlsson" in sheet.inner_text()
        assert "…" not in sheet.inner_text()
        must = sum(n.part is Part.MUST for n in NEEDS) + sum(
            len(s.fields) for s in SECTIONS if s.part is Part.MUST
        )
        assert page.locator(".part-must .part-item").count() == must
        page.emulate_media(media="print")
        page.screenshot(path=str(shots / "vardpass-full-print-media-1024x768.png"), full_page=True)
        pdf = tmp_path / "vardpass-full.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) == 2, "the fullest vårdpass does not fit on two A4 pages"
        printed = _pdf_text(pdf)
        missing = [text for text in texts if re.sub(r"\s+", "", text) not in printed]
        assert not missing, f"{len(missing)} texts are not whole on the paper: {missing[:3]}"
        # Page 2 says whose it is.
        assert "LinaKarlsson" in _pdf_text(pdf, 2)
        for number in (1, 2):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(pdf),
                    str(shots / f"vardpass-full-a4-page{number}"),
                ],
                check=True,
            )
        link = _read_qr(pdf, shots / "vardpass-full-a4")
        assert link == f"{live_server.url}/personal/patienter/{lina}/anpassningar/vardpass"
        assert "Lina" not in link and "x" * 10 not in link

        page.goto(link)
        assert "Lina Karlsson" in page.locator("h1").inner_text()

        # Maja's own printout, from her own account.
        maja = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
        own = maja.new_page()
        sign_in(own, live_server.url, "maja.andersson@exempel.se")
        own.goto(live_server.url + own_pages(own, live_server.url) + "/anpassningar/vardpass/utskrift")
        own.screenshot(path=str(shots / "vardpass-print-preview-768x1024.png"), full_page=True)
        pdf = tmp_path / "vardpass-maja.pdf"
        own.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) == 1
        maja_link = _read_qr(pdf, shots / "vardpass-maja-a4")
        assert maja_link.startswith(f"{live_server.url}/personal/patienter/")
        # A patient who scans their own code is not staff: the staff page is refused.
        assert own.goto(maja_link).status == 403
        maja.close()

        stranger = browser.new_context(locale="sv-SE")
        visitor = stranger.new_page()
        visitor.goto(link)
        assert "/logga-in" in visitor.url
        stranger.close()

        elsewhere = browser.new_context(locale="sv-SE")
        eva = elsewhere.new_page()
        sign_in(eva, live_server.url, "eva.strand@exempel.se", live_server.outbox)
        assert eva.goto(link).status == 404
        elsewhere.close()
    finally:
        staff.close()


def _set_language(page, button: str, easy: bool) -> None:
    choice = page.locator(".language-choice button", has_text=button)
    if choice.get_attribute("aria-current") != "true":
        with page.expect_navigation():
            choice.click()
    toggle = page.locator("form[action$='/visning/easy_read'] button")
    if (toggle.get_attribute("aria-pressed") == "true") != easy:
        with page.expect_navigation():
            toggle.click()


def test_the_patient_puts_a_need_first_on_the_vardpass_by_touch(live_server, browser, shots):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE", has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "maja.andersson@exempel.se")
        base = live_server.url + own_pages(page, live_server.url) + "/anpassningar"
        page.goto(base + "/behov/sinnen")
        page.wait_for_load_state("load")
        if not page.locator("#need_sound_sensitive").is_checked():
            page.locator('label[for="need_sound_sensitive"]').tap()
        page.locator("#comment_sound_sensitive").fill("Hörselkåpor i väntrummet")
        assert "sidan 1" in page.locator("main").inner_text()  # how much still fits on page 1
        with page.expect_navigation():
            page.locator("main form button[type=submit]").tap()
        assert page.url == base + "/"
        page.goto(base + "/vardpass/ordna")
        item = "#item-need-sound-sensitive"
        add = page.locator(f"{item} button[value='in need:sound_sensitive']")
        box = add.bounding_box()
        assert box["height"] >= 64 and box["width"] >= 64
        with page.expect_navigation():
            add.tap()
        must = page.locator(".part-must .order-item")
        while must.first.get_attribute("id") != item[1:]:
            with page.expect_navigation():
                page.locator(f"{item} button[value='up need:sound_sensitive']").tap()
        assert page.locator(f".part-must {item}").count() == 1
        page.screenshot(path=str(shots / "vardpass-order-sv-easy-768x1024.png"), full_page=True)
        page.goto(base + "/vardpass")
        first = page.locator("#part-must ~ .part-items .part-item-title").first
        assert "känslig för ljud" in first.inner_text().lower()  # easy read: "Jag är känslig för ljud"
        page.screenshot(path=str(shots / "vardpass-sv-easy-768x1024.png"), full_page=True)
        for slug in ("kontakt", "mediciner"):
            page.goto(f"{base}/om-mig/{slug}")
            page.screenshot(path=str(shots / f"needs-{slug}-sv-easy-768x1024.png"), full_page=True)
        for language, button, easy in (("ar", "العربية", False), ("sv", "Svenska", False)):
            _set_language(page, button, easy)
            for width, height in ((768, 1024), (1024, 768)):
                page.set_viewport_size({"width": width, "height": height})
                for path, name in (
                    ("/vardpass/ordna", "vardpass-order"),
                    ("/vardpass", "vardpass"),
                    ("/om-mig/kontakt", "needs-kontakt"),
                ):
                    page.goto(base + path)
                    page.screenshot(
                        path=str(shots / f"{name}-{language}-{width}x{height}.png"), full_page=True
                    )
            if language == "ar":
                assert page.locator("html").get_attribute("dir") == "rtl"
        _set_language(page, "Svenska", True)
    finally:
        context.close()
