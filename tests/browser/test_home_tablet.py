"""The group home's tablet in a real browser (issue 21): Jonas marks it, signs in with his PIN,
chooses Lina among the residents' tiles, types a message, leaves the tablet; it locks (the page
blanks, the lock page names no resident), and his PIN brings him back to the same page with
what he typed. Screenshots at 768x1024 of the tiles and the lock."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.accounts import live

from .conftest import ROOT, sign_in

pytestmark = pytest.mark.browser

JONAS = "jonas.lund@exempel.se"
PIN = "2580"  # the demo's (app/demo.py, DEMO_TABLET_PIN)

# Jonas works at Solgläntan, Lina's and Erik's home (made here if the demo data has no home).
PREPARE = """
from sqlalchemy import select
from app.extensions import db
from app.models import GroupHome, GroupHomeMember, HomeRole, Patient, User
jonas = db.session.scalar(select(User).where(User.email == "jonas.lund@exempel.se"))
lina = db.session.scalar(select(Patient).where(Patient.name == "Lina Karlsson"))
home = db.session.scalar(select(GroupHome).where(GroupHome.name == "Solgläntan"))
if home is None:
    home = GroupHome(clinic_id=lina.clinic_id, name="Solgläntan")
    db.session.add(home)
    db.session.flush()
if not any(m.user_id == jonas.id and m.ended_at is None for m in home.members):
    db.session.add(GroupHomeMember(home_id=home.id, user_id=jonas.id, role=HomeRole.STAFF))
db.session.commit()
"""

# Every open session has been idle for ten minutes (longer than Solgläntan's lock time).
IDLE = """
from datetime import timedelta
from sqlalchemy import update
from app.extensions import db
from app.models import AuthSession, utcnow
then = utcnow() - timedelta(minutes=10)
db.session.execute(update(AuthSession).where(AuthSession.ended_at.is_(None)).values(last_seen=then))
db.session.commit()
"""


@pytest.fixture(scope="module")
def home_server():
    with live.live_server(workers=1, prepare=PREPARE) as (port, instance):
        yield type("Live", (), {"url": f"http://127.0.0.1:{port}", "instance": instance})


def _run(server, code: str) -> None:
    env = live.environment(server.instance, None)
    script = "from app import create_app\nwith create_app().app_context():\n" + "".join(
        f"    {line}\n" for line in code.strip().splitlines()
    )
    subprocess.run([str(live.BIN / "python"), "-c", script], cwd=ROOT, env=env, check=True)


def _photo(folder):
    from PIL import Image, ImageDraw

    path = folder / "lina.png"
    image = Image.new("RGB", (480, 480), (191, 224, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 90, 310, 230), fill=(242, 201, 160))
    draw.rounded_rectangle((120, 250, 360, 480), radius=60, fill=(46, 125, 50))
    image.save(path)
    return path


def test_idle_locks_without_resident_data_and_the_pin_brings_back_the_typed_text(
    home_server, portrait, shots, tmp_path
):
    base = home_server.url
    page = portrait
    page.clock.install()  # the script's checks run when the test says so

    # Jonas marks the tablet (signed in in full), signs out, and comes back with his PIN.
    sign_in(page, base, JONAS)
    page.goto(base + "/surfplatta/")
    page.get_by_label("Namn på surfplattan", exact=True).fill("Surfplattan i köket")
    with page.expect_navigation():
        page.get_by_role("button", name="Gör till boendets surfplatta").click()
    assert "Den här surfplattan är boendets surfplatta på Solgläntan." in page.content()
    page.screenshot(path=str(shots / "home-tablet-devices-768x1024.png"), full_page=True)
    page.goto(base + "/logga-ut")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, logga ut").click()
    page.goto(base + "/logga-in")
    with page.expect_navigation():
        page.get_by_role("link", name="Logga in med PIN-kod").click()
    page.screenshot(path=str(shots / "home-tablet-pin-sign-in-768x1024.png"), full_page=True)
    page.get_by_label("E-post", exact=True).fill(JONAS)
    page.get_by_label("PIN-kod", exact=True).fill(PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert "Inloggad:" in page.locator(".acting-banner").inner_text()

    # Lina said yes to a photo: Jonas adds it, and her tile shows it instead of her initials.
    page.goto(base + "/vem-hjalper-du")
    with page.expect_navigation():
        page.locator(".tile-item", has_text="Lina").get_by_role("link", name="Foto").click()
    page.locator("input[type=file]").set_input_files(str(_photo(tmp_path)))
    page.get_by_label("Personen har sagt ja till fotot", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara fotot").click()
    assert page.locator(".tile-item", has_text="Lina").locator("img.avatar-photo").count() == 1

    # The residents as tiles; Lina's page, and a message to the vårdlots half written.
    page.goto(base + "/vem-hjalper-du")
    tiles = page.locator(".tile-button")
    assert tiles.count() >= 2
    for index in range(tiles.count()):
        assert tiles.nth(index).bounding_box()["height"] >= 64
    page.screenshot(path=str(shots / "home-tablet-tiles-768x1024.png"), full_page=True)
    with page.expect_navigation():
        page.locator(".tile-button", has_text="Lina").click()
    banner = page.locator(".acting-banner").inner_text()
    assert "Jonas Lund" in banner and "Lina" in banner
    write = page.url.rstrip("/") + "/kontakt/skriv"
    page.goto(write)
    typed = "Lina har sovit dåligt i tre nätter."
    page.locator("textarea").first.fill(typed)

    # Jonas leaves the tablet: ten minutes pass, the script asks, the tablet locks.
    _run(home_server, IDLE)
    with page.expect_navigation(url="**/surfplatta/last**"):
        page.clock.fast_forward(31_000)
    content = page.locator("main").inner_text() + page.locator("header").inner_text()
    assert "Jonas Lund – är det du?" in page.locator("h1").inner_text()
    assert "Lina" not in content and "Karlsson" not in content and typed not in page.content()
    assert page.locator(".acting-banner").inner_text().count("Lina") == 0
    page.screenshot(path=str(shots / "home-tablet-lock-768x1024.png"), full_page=True)
    # Every page answers with the lock now, and Back shows no kept copy of Lina's page.
    page.goto(write)
    assert "/surfplatta/last" in page.url
    page.go_back()
    assert "/surfplatta/last" in page.url and "Lina" not in page.locator("main").inner_text()

    # "Ja, fortsätt" with the PIN: the same page, with what he typed.
    page.get_by_label("PIN-kod", exact=True).fill(PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, fortsätt").click()
    assert page.url == write
    assert page.locator("textarea").first.input_value() == typed


def test_who_is_signed_in_beside_whom_one_helps_right_to_left(home_server, browser, shots):
    """In Arabic, on a tablet held upright: "Inloggad" and "Du hjälper" in one slim row, right
    to left, without pushing the page sideways."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    try:
        sign_in(page, home_server.url, JONAS)
        page.goto(home_server.url + "/vem-hjalper-du")
        with page.expect_navigation():
            page.locator(".tile-button").first.click()
        with page.expect_navigation():
            page.get_by_role("button", name="العربية").click()
        banner = page.locator(".acting-banner")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert "Jonas Lund" in banner.inner_text()
        page.screenshot(path=str(shots / "home-tablet-banner-ar-768x1024.png"))
        assert banner.bounding_box()["height"] < 120
        assert page.evaluate("document.documentElement.scrollWidth") <= 768
        page.set_viewport_size({"width": 1024, "height": 768})
        page.screenshot(path=str(shots / "home-tablet-banner-ar-1024x768.png"))
    finally:
        context.close()


def test_it_is_not_me_keeps_the_typed_text_for_the_one_signed_in(home_server, portrait):
    """A colleague finds Jonas's half-written message and taps "Det är inte jag": Lotsen closes at
    once; the text is not saved, and is back for Jonas, on the same page, when he signs in."""
    base, page = home_server.url, portrait
    sign_in(page, base, JONAS)
    if page.locator("html").get_attribute("lang") != "sv":  # chose Arabic in the test before
        with page.expect_navigation():
            page.get_by_role("button", name="Svenska").click()
    page.goto(base + "/vem-hjalper-du")
    with page.expect_navigation():
        page.locator(".tile-button", has_text="Lina").click()
    write = page.url.rstrip("/") + "/kontakt/skriv"
    page.goto(write)
    typed = "Vi behöver en ny tid för provet."
    page.locator("textarea").first.fill(typed)
    page.evaluate("document.getElementById('session-warning').hidden = false")
    with page.expect_navigation():
        page.locator("#session-warning").get_by_role("button", name="Det är inte jag").click()
    assert "Logga in som dig själv." in page.content()
    page.goto(write)
    assert "/logga-in" in page.url and typed not in page.content()
    page.get_by_label("E-post", exact=True).fill(JONAS)
    page.get_by_label("Lösenord", exact=True).fill(live.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert page.url == write
    assert page.locator("textarea").first.input_value() == typed
