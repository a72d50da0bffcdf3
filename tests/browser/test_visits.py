"""Förbered besöket in a real browser at tablet size: the whole wizard by touch in easy Swedish
and in Arabic (a screenshot of every step), by keyboard alone, and without JavaScript; the
clinic reads it and the patient sees that; Mina besök, the picture schedule and staff lists."""

from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image

from . import page_checks as checks
from .conftest import SETTLE, sign_in

pytestmark = pytest.mark.browser


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def choose(page, value: str) -> None:
    """Touch a card or a place on the body map, as a finger would."""
    spot = page.locator(f'.spot:has(input[value="{value}"])')
    if spot.count():
        spot.click()
    else:
        page.locator(f'.card-input[value="{value}"] + label').click()
    assert page.locator(f'input[value="{value}"]').is_checked(), value


def next_step(page) -> None:
    page.wait_for_timeout(SETTLE * 1000)
    page.locator('button[name="go"][value="next"]').click()


def meets_the_bar(page, language: str = "sv") -> None:
    """What the crawl checks on every page (it cannot reach the wizard's steps by links):
    axe, one h1 that begins the title, lang and dir, 48 px targets, no sideways scrolling."""
    info = page.evaluate(checks.INSPECT, [checks.TARGET, checks.BIG_TARGET])
    problems = checks.structure(info, language, "rtl" if language == "ar" else "ltr")
    # Targets as they stand in the page: one that sits half under the sticky bar where the
    # page happens to be scrolled is not too small (scrolled to, it is whole: FITS checks that).
    sticky = ".sticky-actions, .acting-banner"
    page.eval_on_selector_all(sticky, "all => all.forEach(e => e.style.position = 'static')")
    problems += checks.axe(page)
    page.eval_on_selector_all(sticky, "all => all.forEach(e => e.style.position = '')")
    problems += checks.overflow(page, 320)
    page.set_viewport_size({"width": 1024, "height": 768})
    assert not problems, f"{page.url}: " + "; ".join(problems)


def progress(page) -> tuple[int, int]:
    found = re.search(r"(\d+)\D+(\d+)", page.locator(".progress-text").inner_text())
    return int(found[1]), int(found[2])


def test_maja_prepares_her_visit_by_touch_and_the_clinic_reads_it(
    live_server, tablet, shots, browser, tmp_path
):
    page = tablet
    sign_in(page, live_server.url, "maja.andersson@exempel.se")
    page.locator('.tile[href$="/besok/"]').click()
    page.screenshot(path=str(shots / "visits-mina-besok-sv-easy-1024x768.png"), full_page=True)
    page.get_by_role("link", name="Se besöket och hur det går till").first.click()
    assert page.locator(".schedule-step").count() == 9
    page.screenshot(path=str(shots / "visits-visit-schedule-sv-easy-1024x768.png"), full_page=True)
    meets_the_bar(page)
    # The picture schedule prints on one A4 page, every step on it.
    page.get_by_role("link", name="Skriv ut bilderna").click()
    # The print page must have arrived (on a busy machine the PDF was once of the page between).
    page.wait_for_url("**/sa-gar-det-till")
    page.wait_for_load_state("load")
    schedule_pdf = tmp_path / "schedule.pdf"
    page.pdf(path=str(schedule_pdf), format="A4", print_background=True)
    assert pdf_pages(schedule_pdf) == 1
    assert all(step in pdf_text(schedule_pdf) for step in ("receptionen", "Klart!"))

    page.goto(live_server.url + "/min-sida/")
    page.locator('.tile[href$="/forbered/"]').click()
    page.get_by_role("button", name="Förbered det här besöket").first.click()
    # "Jag har ont": "Har du ont?" is not asked again.
    answers = [
        ("varfor", ["pain"]),
        ("var", ["stomach", "lower_back", "ear"]),
        ("hur", ["3"]),
        ("sedan", ["days"]),
        ("kansla", ["afraid"]),
        ("fragor", ["what_wrong"]),
        ("vem", ["relative"]),
        ("hjalp", []),
    ]
    for number, (key, values) in enumerate(answers, start=1):
        assert page.url.endswith(f"/steg/{key}"), (key, page.url)
        # "Steg 3 av 9": the total grows once the answers show that the pain pages apply.
        assert progress(page)[0] == number, key
        for value in values:
            choose(page, value)
        if key == "fragor":
            page.locator("textarea[name=text]").fill("Får jag äta som vanligt?")
        progress_total = progress(page)[1]
        if key == "hjalp":
            # The needs from Mina anpassningar are already ticked.
            assert page.locator('input[value="quiet_room"]').is_checked()
        page.screenshot(path=str(shots / f"wizard-{number}-{key}-sv-easy-1024x768.png"), full_page=True)
        meets_the_bar(page)
        next_step(page)
    assert page.url.endswith("/kontrollera")
    assert progress_total == len(answers)
    main = page.locator("main").inner_text()
    for said in ("Magen", "Örat", "Får jag äta som vanligt?", "Någon i min familj"):
        assert said in main
    page.screenshot(path=str(shots / "wizard-kontrollera-sv-easy-1024x768.png"), full_page=True)
    meets_the_bar(page)
    # Change one answer from Kontrollera, and come straight back.
    page.locator("#svar-kansla a.button").click()
    choose(page, "tired")
    page.wait_for_timeout(SETTLE * 1000)
    page.locator('button[name="go"][value="kontrollera"]').click()
    assert page.url.endswith("/kontrollera") and "Trött" in page.locator("main").inner_text()
    page.wait_for_timeout(SETTLE * 1000)
    page.get_by_role("button", name="Skicka till vårdcentralen").click()
    assert page.url.endswith("/skickat")
    page.screenshot(path=str(shots / "wizard-skickat-sv-easy-1024x768.png"), full_page=True)
    page.get_by_role("link", name="Skriv ut papperet").click()
    assert page.locator(".prep-sheet svg.qr").count() == 1
    page.screenshot(path=str(shots / "wizard-utskrift-sv-easy-1024x768.png"), full_page=True)
    summary_pdf = tmp_path / "summary.pdf"
    page.pdf(path=str(summary_pdf), format="A4", print_background=True)
    assert pdf_pages(summary_pdf) == 1
    printed = pdf_text(summary_pdf)
    assert "Magen" in printed and "Får jag äta som vanligt?" in printed
    sent_url = page.url.replace("/utskrift", "/skickat")

    # The vårdlots reads it in the list of new things and marks it read.
    staff_context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    staff = staff_context.new_page()
    sign_in(staff, live_server.url, "anna.lindqvist@exempel.se", live_server.outbox)
    staff.goto(live_server.url + "/personal/besok")
    staff.screenshot(path=str(shots / "visits-staff-visits-1024x768.png"), full_page=True)
    staff.goto(live_server.url + "/personal/inkorg")
    staff.screenshot(path=str(shots / "visits-staff-new-1024x768.png"), full_page=True)
    staff.get_by_role("link", name="Förberedelse från Maja Andersson").click()
    assert "Magen" in staff.locator("main").inner_text()
    staff.get_by_role("button", name="Markera som läst").click()
    assert "Markerat som läst" in staff.locator("main").inner_text()

    # Anna, Maja's vårdlots, chooses her photo; Maja sees it on Hem beside Anna's name.
    portrait = tmp_path / "anna.jpg"
    Image.new("RGB", (900, 1200), (120, 160, 210)).save(portrait, "JPEG")
    staff.get_by_role("link", name="Mitt foto").click()
    staff.locator('input[type="file"]').set_input_files(str(portrait))
    staff.get_by_label("Jag vill att patienterna och deras hjälpare ser fotot").check()
    staff.get_by_role("button", name="Spara fotot").click()
    assert "Fotot är sparat." in staff.locator("main").inner_text()
    staff.screenshot(path=str(shots / "visits-staff-photo-1024x768.png"), full_page=True)
    staff_context.close()

    page.goto(sent_url)
    assert "Vårdcentralen har läst." in page.locator("main").inner_text()
    page.goto(live_server.url + "/min-sida/")
    photo = page.locator(".person-card img.avatar-photo")
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 480
    photo.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "visits-home-vardlots-photo-sv-easy-1024x768.png"))


def test_fatima_prepares_alis_visit_in_arabic(live_server, tablet, shots):
    page = tablet
    sign_in(page, live_server.url, "fatima.hassan@exempel.se")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(live_server.url + "/min-sida/besok/")
    page.screenshot(path=str(shots / "visits-mina-besok-ar-1024x768.png"), full_page=True)
    page.goto(live_server.url + "/min-sida/forbered/")
    page.locator('form[action$="/forbered/starta"] button').first.click()
    answers = [
        ("varfor", ["vaccination", "ill"]),
        ("ont", ["yes"]),
        ("var", ["chest"]),
        ("hur", ["1"]),
        ("sedan", ["week"]),
        ("kansla", ["tired"]),
        ("fragor", []),
        ("vem", ["relative", "interpreter"]),
        ("hjalp", []),
        ("beratta", []),
    ]
    for number, (key, values) in enumerate(answers, start=1):
        assert page.url.endswith(f"/steg/{key}"), (key, page.url)
        assert progress(page)[0] == number
        for value in values:
            choose(page, value)
        if key == "beratta":
            page.locator("textarea[name=text]").fill("علي يسعل منذ أسبوعين.")
        page.screenshot(path=str(shots / f"wizard-{number}-{key}-ar-1024x768.png"), full_page=True)
        meets_the_bar(page, "ar")
        next_step(page)
    assert page.url.endswith("/kontrollera")
    assert "علي يسعل منذ أسبوعين." in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "wizard-kontrollera-ar-1024x768.png"), full_page=True)
    page.wait_for_timeout(SETTLE * 1000)
    page.locator('main form button[type="submit"]').click()
    assert page.url.endswith("/skickat")
    page.screenshot(path=str(shots / "wizard-skickat-ar-1024x768.png"), full_page=True)


def test_ali_prepares_without_a_booked_visit_by_keyboard_alone(live_server, tablet, shots):
    page = tablet
    sign_in(page, live_server.url, "ali.hassan@exempel.se")
    page.goto(live_server.url + "/min-sida/forbered/")

    def tab_to(selector: str, limit: int = 120) -> None:
        target = page.locator(selector).first
        for _ in range(limit):
            page.keyboard.press("Tab")
            if target.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to('button:has-text("Förbered utan bokad tid")')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/steg/varfor$"))
    tab_to('input[value="ill"]')
    page.keyboard.press("Space")
    assert page.locator('input[value="ill"]').is_checked()
    tab_to('button[name="go"][value="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/steg/ont$"))
    tab_to('input[name="choice"]')  # a radio group: arrow keys move within it
    page.keyboard.press("Space")
    assert page.locator('input[value="yes"]').is_checked()
    tab_to('button[name="go"][value="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/steg/var$"))
    # The body map by keyboard: each place is a real checkbox.
    tab_to('input[value="head"]')
    page.keyboard.press("Space")
    assert page.locator('input[value="head"]').is_checked()
    assert page.locator(".spot:has(input[value=head]) .spot-name").is_visible()
    page.screenshot(path=str(shots / "wizard-3-var-keyboard-1024x768.png"), full_page=True)
    tab_to('button[name="go"][value="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/steg/hur$"))
    # Back by keyboard keeps the answer.
    tab_to('button[name="go"][value="back"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/steg/var$"))
    assert page.locator('input[value="head"]').is_checked()


def test_the_wizard_works_without_javascript(live_server, browser, shots):
    context = browser.new_context(
        java_script_enabled=False, locale="sv-SE", viewport={"width": 1024, "height": 768}
    )
    page = context.new_page()
    sign_in(page, live_server.url, "birgitta.svensson@exempel.se")
    page.goto(live_server.url + "/vem-hjalper-du")
    page.locator('a.tile-button:has-text("Lina")').first.click()
    page.goto(live_server.url + "/min-sida/besok/be-om-tid")
    choose(page, "check")
    choose(page, "afternoon")
    page.get_by_role("button", name="Skicka till vårdlotsen").click()
    assert "Vårdlotsen har fått det" in page.locator("main").inner_text()
    page.goto(live_server.url + "/min-sida/forbered/")
    page.locator('form[action$="/forbered/starta"]:has(input[value="ingen"]) button').click()
    for key, values in [
        ("varfor", ["hurt"]),
        ("ont", ["yes"]),
        ("var", ["foot_left", "skin"]),
        ("hur", ["2"]),
    ]:
        assert page.url.endswith(f"/steg/{key}"), page.url
        for value in values:
            choose(page, value)
        next_step(page)
    page.goto(page.url.rsplit("/steg/", 1)[0] + "/kontrollera")
    main = page.locator("main").inner_text()
    assert "Vänster fot" in main and "Huden" in main and "Ganska ont" in main
    page.screenshot(path=str(shots / "wizard-kontrollera-no-js-1024x768.png"), full_page=True)
    context.close()


FITS = """() => {
  // The first row of answer cards, whole, between the sticky "Du hjälper" and the sticky bar;
  // then every card label, scrolled to as the browser scrolls to a focused card: never under
  // the bar (nor under the banner).
  const bar = document.querySelector('.sticky-actions');
  const banner = document.querySelector('.acting-banner');
  const labels = [...document.querySelectorAll('.card-label')];
  if (!bar || !labels.length) return [];
  const problems = [];
  const top = () => banner ? banner.getBoundingClientRect().bottom : 0;
  window.scrollTo(0, 0);
  const first = labels[0].getBoundingClientRect().top;
  const row = labels.filter(l => Math.abs(l.getBoundingClientRect().top - first) < 2);
  for (const label of row) {
    const box = label.getBoundingClientRect();
    if (box.bottom > bar.getBoundingClientRect().top || box.top < top())
      problems.push(`first row: ${label.innerText} ${box.bottom} > ${bar.getBoundingClientRect().top}`);
  }
  for (const label of labels) {
    label.scrollIntoView({block: 'nearest'});
    const box = label.getBoundingClientRect();
    if (box.bottom > bar.getBoundingClientRect().top + 0.5 || box.top < top() - 0.5)
      problems.push('covered: ' + label.innerText);
  }
  window.scrollTo(0, 0);
  return problems;
}"""


def test_a_double_tap_never_skips_and_every_step_fits_a_small_screen(live_server, browser, shots):
    """Jonas, from Erik's group home, on a tablet held sideways: a quick double tap on the
    sticky Nästa shows the pain question; the worst pain says at once not to wait, in words,
    picture and sound; every step shows a full row of cards above the sticky bar at 1024x768
    and on a 390x844 phone; and he says who answered."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server.url, "jonas.lund@exempel.se")
    page.goto(live_server.url + "/vem-hjalper-du")
    page.locator('a.tile-button:has-text("Erik")').first.click()
    page.goto(live_server.url + "/min-sida/forbered/")
    page.locator('form[action$="/forbered/starta"]:has(input[value="ingen"]) button').click()
    base = page.url.rsplit("/steg/", 1)[0]
    page.goto(base + "/steg/varfor")
    choose(page, "ill")
    page.wait_for_timeout(SETTLE * 1000)
    # Two taps 150 ms apart on the same place: the second must not answer "Har Erik ont?".
    box = page.locator('button[name="go"][value="next"]').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)
    page.wait_for_url("**/steg/ont")
    page.wait_for_timeout(1500)
    assert page.url.endswith("/steg/ont") and progress(page)[0] == 2
    assert page.locator("h1").inner_text() == "Har Erik ont?"

    sizes = [(1024, 768), (390, 844), (768, 1024)]
    answers = [
        ("ont", ["yes"]),
        ("var", ["stomach"]),
        ("hur", ["5"]),
        ("sedan", ["days"]),
        ("kansla", ["tired"]),
        ("fragor", []),
        ("vem", ["relative", "alone"]),
        ("hjalp", []),
        ("beratta", []),
    ]
    for key, values in answers:
        assert page.url.split("?")[0].endswith(f"/steg/{key}"), (key, page.url)
        for width, height in sizes:
            page.set_viewport_size({"width": width, "height": height})
            if (width, height) != (768, 1024):
                problems = page.evaluate(FITS)
                assert not problems, f"{key} at {width}x{height}: {problems}"
            page.screenshot(path=str(shots / f"wizard-fit-{key}-{width}x{height}.png"))
        page.set_viewport_size({"width": 1024, "height": 768})
        notice = page.locator(".urgent")
        if key == "hur":
            assert notice.is_hidden()
        for value in values:
            choose(page, value)
        if key == "hur":
            # At once, with the picture, read out, and with buttons that ring.
            assert notice.is_visible()
            assert notice.locator('a[href="tel:1177"]').is_visible()
            assert notice.locator('a[href="tel:112"]').is_visible()
            assert notice.locator("svg.picto").count() >= 1
            notice.locator(".is-reading").wait_for(state="attached")
            clip = page.request.get(live_server.url + notice.locator("[data-listen]").get_attribute("href"))
            assert clip.ok and clip.headers["content-type"] == "audio/mpeg"
            assert len(clip.body()) > 5000  # seconds of speech, not silence
            page.screenshot(path=str(shots / "wizard-urgent-1024x768.png"))
        if key == "vem":
            # "Jag kommer ensam" clears the person ticked before it.
            assert page.locator('input[value="alone"]').is_checked()
            assert not page.locator('input[value="relative"]').is_checked()
        page.wait_for_timeout(SETTLE * 1000)
        next_step(page)
        if key == "hur":
            # The next page says it too, first (for a browser without the script); the rows
            # of cards are measured on that page as it is shown later, without it.
            page.wait_for_url("**/steg/sedan?akut=1")
            assert page.locator(".urgent").is_visible()
            page.screenshot(path=str(shots / "wizard-urgent-after-1024x768.png"))
            page.goto(page.url.split("?")[0])
    assert page.url.endswith("/kontrollera")
    assert "Vänta inte till besöket." in page.locator("main").inner_text()
    choose(page, "together")
    page.wait_for_timeout(SETTLE * 1000)
    page.get_by_role("button", name="Skicka till vårdcentralen").click()
    assert page.url.endswith("/skickat")
    assert "Erik och Jonas Lund svarade tillsammans." in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "wizard-skickat-who-1024x768.png"), full_page=True)
    context.close()
