"""Kontakta vårdlotsen in a real browser at tablet size: Maja (easy Swedish, touch) reads an
answer, writes and asks to be called; Anna answers from an easy template while the live LIX
shows; Fatima writes for Ali in Arabic. Every page passes the crawl's checks, with screenshots."""

from __future__ import annotations

import pytest

from .conftest import sign_in
from .test_visits import meets_the_bar

pytestmark = pytest.mark.browser


def tap_card(page, value: str) -> None:
    page.locator(f'.card-input[value="{value}"] + label').click()
    assert page.locator(f'.card-input[value="{value}"]').is_checked(), value


def test_maja_writes_and_asks_to_be_called_and_anna_answers(live_server, tablet, browser, shots):
    page = tablet
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    assert "Ett nytt svar" in page.locator("main").inner_text()
    page.get_by_role("link", name="Kontakta vårdlotsen").first.click()
    main = page.locator("main").inner_text()
    # Maja reads easy Swedish: the easy words, not the standard ones.
    assert "Använd inte Lotsen när det är bråttom." in main and "Nytt svar från vårdlotsen" in main
    assert "Det här är inte för akuta saker." not in main
    assert "Inte på lördag och söndag." in main
    meets_the_bar(page)
    page.screenshot(path=str(shots / "contact-index-sv-easy-1024x768.png"), full_page=True)
    page.get_by_role("link", name="Läs").first.click()
    assert "Vi har skickat ett nytt recept." in page.locator("main").inner_text()
    meets_the_bar(page)
    page.screenshot(path=str(shots / "contact-answer-sv-easy-1024x768.png"), full_page=True)
    page.goto(live_server.url + "/min-sida/")
    assert "Ett nytt svar" not in page.locator("main").inner_text()

    # Write from a quick phrase and a few words, by touch.
    page.goto(live_server.url + "/min-sida/kontakt/skriv")
    meets_the_bar(page)
    tap_card(page, "time")
    # Near the length limit a counter says how much more fits, and over it how much to remove.
    text = page.locator("textarea")
    counter = page.locator("#text-count")
    text.fill("a" * 1000)
    assert counter.is_hidden()
    text.fill("a" * 1990)
    assert counter.inner_text() == "Du kan skriva 10 bokstäver till."
    text.fill("a" * 2003)
    assert counter.inner_text() == "Texten är för lång. Ta bort 3 bokstäver."
    page.screenshot(path=str(shots / "contact-write-counter-sv-easy-1024x768.png"), full_page=True)
    text.fill("Jag vill ha en tid i nästa vecka.")
    assert counter.is_hidden()
    page.screenshot(path=str(shots / "contact-write-sv-easy-1024x768.png"), full_page=True)
    page.get_by_role("button", name="Skicka till vårdlotsen").click()
    main = page.locator("main").inner_text()
    assert "Skickat. Vårdlotsen har inte läst än." in main and "nästa vecka" in main
    message_url = page.url

    # Ring upp mig: a number as people write it, days and a time by touch.
    page.goto(live_server.url + "/min-sida/kontakt/ring-upp-mig")
    meets_the_bar(page)
    page.get_by_role("textbox", name="Telefonnummer").fill("070 123 45 67")
    tap_card(page, "tue")
    tap_card(page, "afternoon")
    tap_card(page, "medicine")
    page.get_by_role("button", name="Be om samtal").click()
    main = page.locator("main").inner_text()
    assert "Vårdlotsen ska ringa." in main and "070-123 45 67" in main
    meets_the_bar(page)
    page.screenshot(path=str(shots / "contact-callback-sv-easy-1024x768.png"), full_page=True)

    # Anna opens the inbox, starts from an easy template and sees its LIX as she writes.
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    staff = context.new_page()
    sign_in(staff, live_server.url, "anna.lindqvist@exempel.se", live_server.outbox)
    staff.goto(live_server.url + "/personal/inkorg")
    assert "Maja Andersson vill bli uppringd" in staff.locator("main").inner_text()
    staff.screenshot(path=str(shots / "contact-staff-inbox-1024x768.png"), full_page=True)
    staff.get_by_role("link", name="Meddelande från Maja Andersson").first.click()
    staff.get_by_role("combobox", name="Börja med en lätt mall").select_option(value="new_time")
    staff.get_by_role("button", name="Använd mallen").click()
    answer = staff.get_by_role("textbox", name="Ditt svar")
    assert "Du har fått en ny tid." in answer.input_value()
    assert "Läsbarhet (LIX):" in staff.locator("#text-lix").inner_text()
    answer.fill("Vederbörande erhåller tidsbokningsbekräftelse elektroniskt.")
    assert "Svårt att läsa." in staff.locator("#text-lix").inner_text()
    staff.screenshot(path=str(shots / "contact-staff-answer-lix-1024x768.png"), full_page=True)
    answer.fill("Du har fått en ny tid. Titta under Mina besök i Lotsen.")
    assert "Svårt att läsa." not in staff.locator("#text-lix").inner_text()
    staff.get_by_role("button", name="Skicka svaret").click()
    assert "Svaret är skickat." in staff.locator("main").inner_text()
    context.close()

    page.goto(live_server.url + "/min-sida/kontakt/")
    assert "Nytt svar från vårdlotsen" in page.locator("main").inner_text()
    page.goto(message_url)
    assert "Vårdlotsen har svarat" in page.locator("main").inner_text()


def test_fatima_writes_for_ali_in_arabic(live_server, tablet, shots):
    page = tablet
    sign_in(page, live_server.url, "fatima.hassan@exempel.se")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(live_server.url + "/min-sida/kontakt/")
    meets_the_bar(page, "ar")
    page.screenshot(path=str(shots / "contact-index-ar-1024x768.png"), full_page=True)
    page.goto(live_server.url + "/min-sida/kontakt/skriv")
    tap_card(page, "certificate")
    page.locator("textarea").fill("علي يحتاج شهادة للعمل.")
    meets_the_bar(page, "ar")
    page.get_by_role("button", name="أرسل إلى مرشد الرعاية").click()  # Skicka till vårdlotsen
    assert "شهادة للعمل" in page.locator("main").inner_text()
    meets_the_bar(page, "ar")
    page.screenshot(path=str(shots / "contact-sent-ar-1024x768.png"), full_page=True)


def test_birgitta_gets_her_own_number_when_she_chooses_mig(live_server, tablet, shots):
    page = tablet
    sign_in(page, live_server.url, "birgitta.svensson@exempel.se")
    page.locator(".tile-button").filter(has_text="Erik").click()
    page.goto(live_server.url + "/min-sida/kontakt/ring-upp-mig")
    number = page.get_by_role("textbox", name="Telefonnummer")
    assert number.input_value() == ""  # the patient is chosen first: not her number
    page.get_by_role("combobox", name="Vem ska vårdlotsen ringa?").select_option(
        label="Mig, Birgitta Svensson"
    )
    assert number.input_value() == "070-234 56 78"
    page.get_by_role("combobox", name="Vem ska vårdlotsen ringa?").select_option(index=0)
    assert number.input_value() == ""
    meets_the_bar(page)
    page.screenshot(path=str(shots / "contact-callback-helper-1024x768.png"), full_page=True)
