"""Ansök om SMO in a real browser on a tablet held upright (768×1024), by touch: Jonas, who works
at Erik's group home, applies from the signed-out start page without an account, goes back and
changes an answer, checks and sends; Anna, the vårdlots, finds it in her inbox and says yes.
Every page passes the crawl's checks, with screenshots."""

from __future__ import annotations

import pytest

from .conftest import sign_in
from .test_contact import tap_card
from .test_visits import meets_the_bar

pytestmark = pytest.mark.browser


def _check(page) -> None:
    """The crawl's checks (they leave the page landscape), then upright again for the picture."""
    meets_the_bar(page)
    page.set_viewport_size({"width": 768, "height": 1024})


def _covered(page) -> list[str]:
    """Labels, hints and errors the Nästa bar lies over, as the page stands."""
    return page.evaluate(
        """() => {
      const bar = document.querySelector('.wizard-actions').getBoundingClientRect();
      return [...document.querySelectorAll('main label, main .field-error, main .hint, main h1')]
        .filter(e => { const r = e.getBoundingClientRect();
          return r.height > 0 && r.bottom > bar.top && r.top < bar.bottom
            && r.right > bar.left && r.left < bar.right; })
        .map(e => e.textContent.trim());
    }"""
    )


def _go(page, control) -> None:
    """A tap that leads to a new page, waited for: what is read next is of that page."""
    with page.expect_navigation():
        control.click()


def _next(page) -> None:
    _go(page, page.get_by_role("button", name="Nästa"))


def test_jonas_applies_for_erik_and_anna_says_yes(live_server, portrait, browser, shots):
    page = portrait
    page.goto(live_server.url + "/")
    _go(page, page.get_by_role("link", name="Ansök om SMO"))
    _check(page)
    page.screenshot(path=str(shots / "apply-start-768x1024.png"), full_page=True)
    _go(page, page.get_by_role("link", name="Börja"))

    tap_card(page, "boende")
    _check(page)
    page.screenshot(path=str(shots / "apply-who-768x1024.png"), full_page=True)
    _next(page)
    page.get_by_role("textbox", name="Vad heter personen?").fill("Erik Berg")
    _next(page)
    # A mistyped personnummer: the error says what is wrong, at the field and at the top.
    page.get_by_role("textbox", name="Vad är personens personnummer?").fill("19121212-1213")
    _next(page)
    assert "Någon siffra i personnumret är fel." in page.locator("main").inner_text()
    assert page.title().startswith("Fel: Vad är personens personnummer?")
    page.screenshot(path=str(shots / "apply-personnummer-error-768x1024.png"), full_page=True)
    page.get_by_role("textbox", name="Vad är personens personnummer?").fill("19121212-1212")
    _next(page)
    # Solgläntan: the clinic follows the home, so no question about the clinic.
    page.get_by_role("combobox").select_option(label="Solgläntan")
    _next(page)
    assert "Hur når vi dig?" in page.locator("h1").inner_text()
    # The count did not jump when the home made the clinic's question go (9 → 8 before).
    assert "Steg 5 av 8" in page.locator("main").inner_text()
    # Nothing lies under the buttons: with errors shown, at the tablet's sizes, with the
    # on-screen keyboard's room taken and at 200 % (half the CSS pixels), every label and error
    # is either above the buttons or below them in the page, never behind them.
    _next(page)
    for width, height in ((768, 1024), (1024, 768), (1024, 420), (384, 512)):
        page.set_viewport_size({"width": width, "height": height})
        assert not _covered(page), (width, height)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(live_server.url + "/ansok/kontakt")  # the question again, without the errors
    page.get_by_role("textbox", name="Ditt namn").fill("Jonas Lund")
    page.get_by_role("textbox", name="Var jobbar du?").fill("Solgläntan")
    page.get_by_role("textbox", name="E-post").fill("jonas.lund@exempel.se")
    _check(page)
    page.screenshot(path=str(shots / "apply-contact-768x1024.png"), full_page=True)
    _next(page)
    tap_card(page, "vanta")
    tap_card(page, "radd")
    _next(page)
    tap_card(page, "quiet_room")
    _check(page)
    page.screenshot(path=str(shots / "apply-needs-768x1024.png"), full_page=True)
    _next(page)
    tap_card(page, "vill")
    _next(page)

    main = page.locator("main").inner_text()
    assert "Kontrollera" in page.locator("h1").inner_text()
    assert "Erik Berg" in main and "Solgläntan" in main and "Vänta i ett lugnt rum" in main
    _check(page)
    page.screenshot(path=str(shots / "apply-review-768x1024.png"), full_page=True)
    # Back and change the name from Kontrollera: the answer is there, and it comes back here.
    _go(page, page.get_by_role("link", name="Ändra: Vad heter personen?"))
    name = page.get_by_role("textbox", name="Vad heter personen?")
    assert name.input_value() == "Erik Berg"
    name.fill("Erik Bergström")
    _go(page, page.get_by_role("button", name="Spara och tillbaka till Kontrollera"))
    assert "Erik Bergström" in page.locator("main").inner_text()
    _go(page, page.get_by_role("button", name="Skicka"))
    main = page.locator("main").inner_text()
    # The receipt: the clinic, what was sent (the personnummer masked), what happens next.
    assert "Kumla vårdcentral har fått din ansökan" in main and "Det här skickade du" in main
    assert "19121212-****" in main and "19121212-1212" not in main
    assert "Vi har skickat det här kvittot med e-post till jonas.lund@exempel.se." in main
    _check(page)
    page.screenshot(path=str(shots / "apply-sent-768x1024.png"), full_page=True)
    # The browser's Back after Skicka: "sent", never an empty Kontrollera with a live Skicka.
    page.go_back()
    assert page.locator("h1").inner_text() == "Tack! Ansökan är skickad"
    assert page.get_by_role("button", name="Skicka").count() == 0

    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    staff = context.new_page()
    sign_in(staff, live_server.url, "anna.lindqvist@exempel.se", live_server.outbox)
    staff.goto(live_server.url + "/personal/inkorg")
    # The inbox's line about applications waiting (the demo has one already, Ove's).
    _go(staff, staff.get_by_role("link", name="2 nya ansökningar till SMO väntar på svar."))
    _go(staff, staff.get_by_role("link", name="Erik Bergström"))
    _check(staff)
    staff.screenshot(path=str(shots / "apply-staff-decide-768x1024.png"), full_page=True)
    _go(staff, staff.get_by_role("button", name="Ja, lägg till som patient"))
    main = staff.locator("main").inner_text()
    assert "Ja. Erik Bergström är patient nu." in main
    context.close()
