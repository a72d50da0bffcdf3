"""A short note in brackets moves whole to the next line ("(god" never ends a line with "man)"
on the next), yet a note longer than its line wraps inside itself rather than push the page
sideways (found by the crawl at 320 px: "(relative with the patient's consent)" in a link)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.templating import whole_notes

pytestmark = pytest.mark.browser

CSS = (Path(__file__).resolve().parents[2] / "app/static/lotsen.css").read_text()


def _lines_of(page, selector: str) -> int:
    """How many lines the element's text takes (its client rects, one per line box)."""
    return page.evaluate(
        """(selector) => {
          const range = document.createRange();
          range.selectNodeContents(document.querySelector(selector));
          const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          return tops.size;
        }""",
        selector,
    )


def test_a_short_note_stays_whole_and_a_long_one_wraps_within_the_page(browser):
    context = browser.new_context(viewport={"width": 320, "height": 600})
    page = context.new_page()
    short = whole_notes("Meddelande från Birgitta Svensson (god man) om Erik")
    long = whole_notes("Message from Fatima Hassan (relative with the patient's consent) about Ali")
    page.set_content(
        f"<!doctype html><html lang='sv'><head><style>{CSS}</style></head><body><main>"
        f"<p id='box'><a href='#'><span id='short'>{short}</span></a></p>"
        f"<h2><a href='#'><span id='long'>{long}</span></a></h2></main></body></html>"
    )
    try:
        # At every width the note fits in, somewhere it would otherwise break after "(god".
        for width in range(120, 301, 4):
            page.evaluate(f"document.querySelector('#box').style.width = '{width}px'")
            assert _lines_of(page, "#short .note") == 1, width
        assert _lines_of(page, "#long .note") >= 2  # wider than the phone: it wraps inside
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # Inside a link the note is underlined like the rest of the link's words.
        assert "underline" in page.evaluate(
            "getComputedStyle(document.querySelector('#long .note')).textDecorationLine"
        )
    finally:
        context.close()
