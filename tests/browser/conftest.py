"""A live Lotsen (gunicorn, demo data, its own SQLite file) and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LOTSEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("live-instance")
    env = {**os.environ, "LOTSEN_INSTANCE_DIR": str(instance), "LOTSEN_CONFIG": "development"}
    env.pop("LOTSEN_DATABASE_URL", None)
    bin_dir = Path(sys.executable).parent
    flask = [str(bin_dir / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "demo", "load"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(instance / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "wsgi:app"],
        cwd=ROOT, env={**env, "LOTSEN_PUBLIC_URL": base}, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/tillganglighet", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError((instance / "server.log").read_text()) from None
                time.sleep(0.2)
        yield type("Live", (), {"url": base, "outbox": instance / "outbox"})
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tablet(browser):
    """A new browser profile the size of a tablet in landscape."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    folder = Path(os.environ.get("LOTSEN_BROWSER_ARTIFACTS", ROOT / "artifacts" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


DEMO_PASSWORD = "lotsen-demo-2026"  # noqa: S105


def sign_in(page, base: str, email: str, outbox: Path | None = None) -> None:
    page.goto(base + "/logga-in")
    page.get_by_label("E-post", exact=True).fill(email)
    page.get_by_label("Lösenord", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    if outbox is not None and page.url.endswith("/logga-in/kod"):
        import email as email_lib
        import re

        newest = max(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        body = email_lib.message_from_bytes(newest.read_bytes()).get_payload(decode=True)
        code = re.search(rb"\b(\d{6})\b", body).group(1).decode()
        page.get_by_label("Koden från mejlet", exact=True).fill(code)
        page.get_by_role("button", name="Fortsätt").click()
