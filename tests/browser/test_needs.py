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

from app.needs.catalogue import NEEDS, SECTIONS, Part

from ..conftest import live
from .conftest import own_pages, sign_in

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


def _fill_to_the_brim(live_server) -> str:
    """Lina's profile with every need ticked, every comment and text as long as allowed; as her god
    man. Returns Lina's public id."""
    port = int(live_server.url.rsplit(":", 1)[1])
    helper = live.Browser(port)
    helper.post_form("/logga-in", {"email": "birgitta.svensson@exempel.se",
                                   "password": live.PASSWORD})
    _s, _h, choose = helper.get("/vem-hjalper-du")
    lina_id = re.search(rb'href="/min-sida/([0-9a-f]{32})/">.{0,400}?Lina', choose, re.S).group(1)
    base = f"/min-sida/{lina_id.decode()}/anpassningar"
    _s, _h, overview = helper.get(f"{base}/")
    assert b"Lina" in overview
    pages = [(f"{base}/behov/{slug.decode()}", "need_", lambda key: {
                  f"need_{key}": "y", f"comment_{key}": "Lång kommentar " + "x" * 185})
             for slug in re.findall(rb'href="/min-sida/[0-9a-f]{32}/anpassningar/behov/([a-z-]+)"', overview)]
    pages += [(f"{base}/om-mig/{slug.decode()}", "text_", lambda key: {
                   f"text_{key}": ("Ett långt svar med många ord. " * 40)[:1000]})
              for slug in re.findall(rb'href="/min-sida/[0-9a-f]{32}/anpassningar/om-mig/([a-z-]+)"',
                                     overview)]
    assert len(pages) == 14
    for path, prefix, values in pages:
        _s, _h, form = helper.get(path)
        fields = {"version": re.search(rb'name="version" type="hidden" value="(\d+)"', form)
                  .group(1).decode(), "csrf_token": _token(form)}
        for key in re.findall(rb'name="' + prefix.encode() + rb'([a-z_]+)"', form):
            fields.update(values(key.decode()))
        status, _h, _b = helper.request("POST", path, fields)
        assert status == 302, path
    return lina_id.decode()


def _token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


def _pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _read_qr(pdf, png_stem) -> str:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(png_stem)],
                   check=True)
    image = Image.open(f"{png_stem}.png").convert("L")
    results = zxingcpp.read_barcodes(numpy.asarray(image))
    assert results, "no QR code found on the printed page"
    return results[0].text


def test_the_vardpass_prints_on_one_page_and_its_qr_code_opens_it_for_staff_only(
        live_server, browser, shots, tmp_path):
    lina = _fill_to_the_brim(live_server)
    staff = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = staff.new_page()
    try:
        sign_in(page, live_server.url, "anna.lindqvist@exempel.se", live_server.outbox)
        page.goto(f"{live_server.url}/personal/patienter/{lina}/anpassningar/vardpass/utskrift")
        assert "Lina Karlsson" in page.locator(".sheet").inner_text()
        assert page.locator(".part-more").count() >= 1  # what did not fit is counted, not cut
        # What the team must know is never left out: every must-know need is on the paper.
        assert page.locator(".part-must .part-more").count() == 0
        must = (sum(n.part is Part.MUST for n in NEEDS)
                + sum(len(s.fields) for s in SECTIONS if s.part is Part.MUST))
        assert page.locator(".part-must .part-item").count() == must
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => { const s = document.querySelector('.sheet');
                                         return s.scrollHeight - s.clientHeight; }""")
        assert hidden <= 1, f"{hidden} px of the vårdpass are cut off at the bottom of the page"
        pdf = tmp_path / "vardpass-full.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert _pdf_pages(pdf) == 1, "the full vårdpass does not fit on one A4 page"
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
        assert _pdf_pages(pdf) == 1
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
