"""The database stops taking writes while Ali writes to the vårdlots, in a real browser at tablet
size: the easy 503 page shows what he typed; going back to the form brings it back (the script
keeps it in the tab) once Lotsen works again; after a save, and after signing out, it is gone.
Without JavaScript the 503 page still shows the text to copy.

A live server of its own (one gunicorn worker, its own SQLite file), made read-only for real:
the file and its write-ahead log marked immutable (root cannot write them either), which the
server's open connections meet as an I/O error and new ones as a read-only database.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import fresh_server, sign_in
from .test_contact import tap_card
from .test_visits import meets_the_bar

pytestmark = pytest.mark.browser

TYPED = "Jag behöver ett nytt recept på mina tabletter.\nHelst före fredag."
RESTORED = "Här är det du skrev förut. Ingenting är sparat än."


@pytest.fixture(scope="module")
def server(demo_database, speech_cache):
    with fresh_server(demo_database, speech_cache, workers=1, threads=4) as server:
        yield server


@contextlib.contextmanager
def read_only(database: Path):
    files = [str(p) for p in (database, Path(f"{database}-wal")) if p.exists()]
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *files], check=True)
    else:
        pytest.fail("making the SQLite file immutable needs root (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *files], check=True)


def ready(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/halsa/redo", timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def kept(page) -> list[str]:
    return page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('lotsen-typed:'))")


def open_write_form(page, base: str) -> str:
    page.goto(base + "/")
    page.get_by_role("link", name="Kontakta vårdlotsen").first.click()
    page.get_by_role("link", name="Skriv till vårdlotsen").click()
    return page.url


def test_ali_loses_nothing_when_the_database_stops_taking_writes(server, tablet, shots):
    page = tablet
    sign_in(page, server.url, "ali.hassan@exempel.se")
    write_url = open_write_form(page, server.url)
    tap_card(page, "medicine")
    page.locator("textarea").fill(TYPED)
    assert ready(server.url) == 200

    with read_only(server.database):
        page.get_by_role("button", name="Skicka till vårdlotsen").click()
        # The stylesheet keeps the line breaks (white-space: pre-line): read the page once it
        # is fully loaded, not as soon as its first heading is there.
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Lotsen fungerar inte just nu"
        main = page.locator("main")
        assert "Det du skrev finns kvar här:" in main.inner_text()
        assert "Tack!" not in main.inner_text()
        assert main.locator(".typed-item dd").inner_text() == TYPED
        assert "Skriv mer, om du vill" in main.locator(".typed-item dt").inner_text()
        assert ready(server.url) == 503
        meets_the_bar(page)
        page.screenshot(path=str(shots / "unavailable-typed-sv-1024x768.png"), full_page=True)
        assert len(kept(page)) == 1
        # Back to the form while Lotsen still cannot save: the same easy page again.
        page.go_back()
        assert page.locator("h1").inner_text() == "Lotsen fungerar inte just nu"

    # A little later Lotsen works again: the form comes back with what Ali typed.
    assert ready(server.url) == 200
    page.goto(write_url)
    assert page.locator("textarea").input_value() == TYPED
    assert page.locator('.card-input[value="medicine"]').is_checked()
    assert RESTORED in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "unavailable-restored-sv-1024x768.png"), full_page=True)
    page.get_by_role("button", name="Skicka till vårdlotsen").click()
    assert "Skickat." in page.locator("main").inner_text()
    assert "Helst före fredag." in page.locator("main").inner_text()
    # Saved: forgotten.
    assert kept(page) == []
    page.goto(write_url)
    assert page.locator("textarea").input_value() == ""
    assert RESTORED not in page.locator("main").inner_text()


def test_signing_out_forgets_what_was_kept(server, tablet):
    page = tablet
    sign_in(page, server.url, "ali.hassan@exempel.se")
    write_url = open_write_form(page, server.url)
    page.locator("textarea").fill("Det här är privat.")
    with read_only(server.database):
        page.get_by_role("button", name="Skicka till vårdlotsen").click()
        # The script (deferred) tidies the storage after the heading is there: wait for it.
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Lotsen fungerar inte just nu"
    assert len(kept(page)) == 1
    page.goto(write_url)
    assert page.locator("textarea").input_value() == "Det här är privat."
    page.locator(".tools").get_by_role("link", name="Logga ut").click()
    assert len(kept(page)) == 1  # asking forgets nothing: "Nej, stanna kvar" keeps the work
    page.get_by_role("button", name="Ja, logga ut").click()
    page.wait_for_load_state()
    assert kept(page) == []
    # The next person to sign in on this tablet finds an empty form.
    sign_in(page, server.url, "ali.hassan@exempel.se")
    page.goto(write_url)
    assert page.locator("textarea").input_value() == ""


def test_without_javascript_the_page_shows_the_text_to_copy(server, browser):
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, server.url, "ali.hassan@exempel.se")
        open_write_form(page, server.url)
        page.locator("textarea").fill(TYPED)
        with read_only(server.database):
            page.get_by_role("button", name="Skicka till vårdlotsen").click()
            main = page.locator("main").inner_text()
        assert "Det du skrev finns kvar här:" in main and "Helst före fredag." in main
        assert "Kopiera den härifrån." in main
        page.get_by_role("link", name="Gå tillbaka").click()
        assert page.locator("textarea").input_value() == ""  # no script: nothing filled in
    finally:
        context.close()
