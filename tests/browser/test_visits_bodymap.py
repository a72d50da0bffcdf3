"""The body map with every place ticked, front and back, on both tablet sizes and a small phone
(320 px wide): no place's name covers another place, and no name leaves the page."""

from __future__ import annotations

import re

import pytest

from app.bodymap import BODY_PARTS

from .conftest import SETTLE, sign_in

pytestmark = pytest.mark.browser

BOXES = """() => [...document.querySelectorAll('.spot')].map(spot => {
  const box = el => { const r = el.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  return {value: spot.querySelector('input').value, target: box(spot),
          name: box(spot.querySelector('.spot-name')),
          shown: getComputedStyle(spot.querySelector('.spot-name')).opacity === '1'};
})"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def to_the_body_map(page, base: str) -> None:
    page.goto(base + "/min-sida/forbered/")
    # "Förbered utan bokad tid" (the same form is "Fortsätt" where one is open already).
    page.locator('form[action$="/forbered/starta"]:has(input[value="ingen"]) button').click()
    page.wait_for_url(re.compile(r"/steg/\w+$"))
    for _step in range(3):  # "Jag har ont" leads straight to the body map; else "Har du ont?"
        if page.url.endswith("/steg/var"):
            return
        value = "pain" if page.url.endswith("/steg/varfor") else "yes"
        if not page.locator(f'input[value="{value}"]').is_checked():
            page.locator(f'.card-input[value="{value}"] + label').click()
        # A tap on Nästa this soon after the last page was sent is taken for a double tap.
        page.wait_for_timeout(SETTLE * 1000)
        page.locator('button[name="go"][value="next"]').click()
        page.wait_for_url(re.compile(r"/steg/(ont|var)$"))
    raise AssertionError(f"the body map never came: {page.url}")


@pytest.mark.parametrize("who", ["ali.hassan@exempel.se", "maja.andersson@exempel.se"])
def test_no_name_covers_another_place_with_every_place_ticked(live_server, browser, shots, who):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, who)
        to_the_body_map(page, live_server.url)
        for part in BODY_PARTS:
            if not page.locator(f'input[value="{part.value}"]').is_checked():
                page.locator(f'.spot:has(input[value="{part.value}"])').click()
        assert page.locator(".spot-input:checked").count() == len(BODY_PARTS)
        for width, height in ((768, 1024), (1024, 768), (320, 640)):
            page.set_viewport_size({"width": width, "height": height})
            page.locator(".bodymap").scroll_into_view_if_needed()
            spots = page.evaluate(BOXES)
            assert len(spots) == len(BODY_PARTS) and all(s["shown"] for s in spots)
            problems = []
            for spot in spots:
                name = spot["name"]
                if name[0] < 0 or name[2] > width:
                    problems.append(f"{spot['value']}: its name leaves the page")
                for other in spots:
                    if other is spot:
                        continue
                    if overlap(name, other["target"]):
                        problems.append(f"{spot['value']}: its name covers {other['value']}")
                    if overlap(name, other["name"]):
                        problems.append(f"{spot['value']}: its name covers the name of {other['value']}")
            shot = shots / f"bodymap-all-{who.split('.')[0]}-{width}x{height}.png"
            page.locator(".bodymap").screenshot(path=str(shot))
            assert not problems, f"{width}x{height}: " + "; ".join(problems)
    finally:
        context.close()
