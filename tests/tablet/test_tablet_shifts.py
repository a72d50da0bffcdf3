"""Changing shifts on the home's tablet (issue 21, Jonas's and Sara's findings): the manager's lock
time, "Det är inte jag" and "Logga ut" in the tablet's header keeping what was typed, the kept
draft announced after signing in, the lock's timing from the page's last use, the PIN sign-in
offering the people who signed in here, and the tablet's marking and removal in the log."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.models import AuthSession, GroupHome, HomeDevice, HomeEvent, HomeEventKind, ResumeDraft, utcnow
from tests.support.people import patient_url

from .conftest import PIN


def _home(query, home_id: int) -> GroupHome:
    return query(lambda s: s.get(GroupHome, home_id))


def _events(query, *kinds: HomeEventKind) -> list[HomeEvent]:
    """The home's own log (app/core/home_log.py), oldest first."""
    return query(
        lambda s: s.scalars(select(HomeEvent).where(HomeEvent.kind.in_(kinds)).order_by(HomeEvent.id)).all()
    )


LOCK = HomeEventKind.LOCK_TIME_CHANGED


# --- 1. the manager sets the lock time ------------------------------------------------------------


def test_the_manager_sets_the_lock_time_and_it_is_logged(client, homes, sign_in, query):
    sign_in(client, homes.sara)
    home = _home(query, homes.sol_id)
    overview = client.get(f"/boendet/{home.public_id}/").text
    assert "Surfplattan låses efter 5 minuter utan att någon rör den." in overview
    address = f"/boendet/{home.public_id}/surfplattan-lases"
    assert address in overview
    page = client.get(address).text
    assert 'value="5" checked' in page and 'value="1"' in page and 'value="30"' in page
    response = client.post_form(address, {"lock_minutes": "10"})
    assert response.status_code == 302
    assert _home(query, homes.sol_id).lock_minutes == 10
    [event] = _events(query, LOCK)
    assert (event.actor_id, event.home_id, event.detail) == (homes.sara.id, homes.sol_id, "5->10")
    overview = client.get(f"/boendet/{home.public_id}/").text
    assert "Surfplattan låses efter 10 minuter" in overview and "Ändrad av Sara Ek" in overview
    # The same time again changes nothing and logs nothing.
    client.post_form(address, {"lock_minutes": "10"})
    assert len(_events(query, LOCK)) == 1


def test_a_lock_time_out_of_bounds_or_forged_changes_nothing(client, homes, sign_in, query):
    sign_in(client, homes.sara)
    address = f"/boendet/{_home(query, homes.sol_id).public_id}/surfplattan-lases"
    for value in ("0", "31", "7", "-1", "abc", "", "1" * 500):
        response = client.post_form(address, {"lock_minutes": value})
        assert response.status_code == 200, value
        assert "Välj en av tiderna i listan." in response.text, value
    assert client.post(address, data={"lock_minutes": "10"}).status_code == 400  # no CSRF token
    assert _home(query, homes.sol_id).lock_minutes == 5
    assert _events(query, LOCK) == []


def test_only_the_homes_manager_sets_its_lock_time(make_client, homes, sign_in, query):
    address = f"/boendet/{_home(query, homes.sol_id).public_id}/surfplattan-lases"
    for person in (homes.jonas, homes.kim, homes.olle):
        client = make_client()
        sign_in(client, person)
        assert client.get(address).status_code == 404
        assert client.post_form(address, {"lock_minutes": "1"}).status_code == 404
    assert _home(query, homes.sol_id).lock_minutes == 5


def test_the_clinics_change_of_the_lock_time_is_logged_too(client, world, homes, sign_in, query):
    sign_in(client, world.staff)
    home = _home(query, homes.sol_id)
    response = client.post_form(
        f"/personal/boenden/{home.public_id}/andra",
        {"name": "Solgläntan", "municipality": "Örebro kommun", "lock_minutes": "3"},
    )
    assert response.status_code == 302
    [event] = _events(query, LOCK)
    assert (event.actor_id, event.detail) == (world.staff.id, "5->3")


# --- 2. "Det är inte jag" and "Logga ut" in the tablet's header -------------------------------------


def test_the_tablets_header_has_det_ar_inte_jag_and_signs_out_keeping_the_typed(
    tablet, world, homes, pin_in, query
):
    pin_in(tablet, homes.jonas)
    write = patient_url(world.patient, "/kontakt/skriv")
    page = tablet.get(write).text
    header = page.split("</header>")[0]
    assert "Det är inte jag" in header and 'value="not_me"' in header
    assert "data-keep-typed" in header and 'href="/logga-ut' not in header  # no GET and question
    token = tablet.csrf_token()
    draft = json.dumps({"text": ["Erik vill träffa Anna."]})
    response = tablet.post(
        "/logga-ut",
        data={"csrf_token": token, "why": "not_me", "draft_path": write, "draft": draft},
        follow_redirects=True,
    )
    assert "Logga in som dig själv." in response.text
    # Whoever stands at the tablet lands on the PIN sign-in, told that nothing typed is lost
    # (without whose text, or what it says).
    assert response.request.path == "/surfplatta/logga-in"
    assert "Det som skrevs finns kvar. Det kommer tillbaka när samma person loggar in." in response.text
    assert "Erik vill träffa Anna." not in response.text
    kept = query(lambda s: s.scalar(select(ResumeDraft)))
    assert kept.user_id == homes.jonas.id and kept.path == write


def test_the_tablets_start_page_is_the_pin_sign_in(tablet, make_client):
    response = tablet.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/surfplatta/logga-in")
    assert "Välkommen till Lotsen" in make_client().get("/").text  # not on the tablet: the welcome


def test_off_the_tablet_the_header_asks_before_signing_out(client, homes, sign_in):
    sign_in(client, homes.jonas)
    header = client.get("/installningar").text.split("</header>")[0]
    assert 'href="/logga-ut' in header and "Det är inte jag" not in header


# --- 3. a kept draft is announced after signing in ------------------------------------------------


def _keep_a_draft(tablet, world, why="not_me") -> str:
    write = patient_url(world.patient, "/kontakt/skriv")
    tablet.get(write)
    draft = json.dumps({"text": ["Erik vill träffa Anna."]})
    tablet.post(
        "/logga-ut", data={"csrf_token": tablet.csrf_token(), "why": why, "draft_path": write, "draft": draft}
    )
    return write


def test_after_the_pin_sign_in_the_kept_draft_is_announced_with_a_link(tablet, world, homes, pin_in):
    pin_in(tablet, homes.jonas)
    write = _keep_a_draft(tablet, world)
    landing = pin_in(tablet, homes.jonas, follow_redirects=True).text
    assert "Det du skrev finns kvar" in landing and f'href="{write}"' in landing
    assert "Erik vill träffa Anna." not in landing  # only the link: the text is on its page
    assert "Det du skrev finns kvar" not in tablet.get("/installningar").text  # once
    assert "Erik vill träffa Anna." in tablet.get(write).text


def test_after_the_password_sign_in_too(tablet, world, homes, pin_in, sign_in):
    pin_in(tablet, homes.jonas)
    write = _keep_a_draft(tablet, world, why="")
    sign_in(tablet, homes.jonas)
    page = tablet.get("/").text
    if "Det du skrev finns kvar" not in page:  # "/" redirects: the page it leads to says it
        page = tablet.get("/", follow_redirects=True).text
    assert "Det du skrev finns kvar" in page and f'href="{write}"' in page


def test_nothing_is_announced_when_nothing_is_kept(tablet, homes, pin_in):
    assert "Det du skrev finns kvar" not in pin_in(tablet, homes.jonas, follow_redirects=True).text


def test_landing_on_the_drafts_own_page_gives_it_back_without_a_second_notice(tablet, world, homes, pin_in):
    pin_in(tablet, homes.jonas)
    write = _keep_a_draft(tablet, world)
    token = tablet.csrf_token()
    response = tablet.post(
        "/surfplatta/logga-in",
        data={"csrf_token": token, "email": homes.jonas.email, "pin": PIN, "next": write},
        follow_redirects=True,
    )
    assert "Erik vill träffa Anna." in response.text and "Det du skrev finns kvar" not in response.text


def test_another_persons_draft_is_never_announced(tablet, world, homes, pin_in, sign_in):
    pin_in(tablet, homes.jonas)
    _keep_a_draft(tablet, world)
    sign_in(tablet, homes.sara)
    assert "Det du skrev finns kvar" not in tablet.get("/", follow_redirects=True).text


# --- 4. the lock's timing ------------------------------------------------------------------------


def _last_seen(query):
    return query(lambda s: s.scalar(select(AuthSession.last_seen).where(AuthSession.ended_at.is_(None))))


def test_the_status_tells_the_tablet_page_when_it_locks(tablet, client, homes, pin_in, idle, sign_in):
    pin_in(tablet, homes.jonas)
    idle(2)
    state = tablet.get("/session").get_json()
    assert state["signed_in"] and not state.get("locked")
    assert 170 <= state["lock_seconds_left"] <= 180
    sign_in(client, homes.kim)  # off the tablet: no lock, no lock time
    assert "lock_seconds_left" not in client.get("/session").get_json()


def test_a_tap_reported_late_counts_from_when_it_was(tablet, homes, pin_in, idle, query):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(5.5)  # past the lock time by the server's count...
    # ...but the page reports a tap 20 seconds ago: the tablet was in use, it does not lock.
    response = tablet.post("/session/forlang", data={"csrf_token": token, "ago": "20"})
    assert response.status_code == 200 and response.get_json()["signed_in"]
    idle_for = utcnow() - _last_seen(query)
    assert timedelta(seconds=18) <= idle_for <= timedelta(seconds=25)
    assert tablet.get("/session").get_json().get("locked") is not True


def test_a_forged_ago_is_kept_within_bounds(tablet, homes, pin_in, idle, query):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    for ago, most in (("-50", 5), ("abc", 5), ("99999", 65), ("1" * 50, 65)):
        idle(1)
        tablet.post("/session/forlang", data={"csrf_token": token, "ago": ago})
        assert utcnow() - _last_seen(query) <= timedelta(seconds=most), ago


def test_no_tap_reported_after_the_lock_time_locks(tablet, homes, pin_in, idle):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    for ago in ("", "abc"):  # "still here" without a tap's time, or a forged one
        idle(6)
        response = tablet.post("/session/forlang", data={"csrf_token": token, "ago": ago})
        assert response.status_code == 302 and "/surfplatta/last" in response.location, ago


# --- 5. the PIN sign-in offers the people who signed in here --------------------------------------


def test_the_pin_sign_in_offers_those_who_signed_in_here(tablet, world, homes, pin_in, sign_in, query):
    sign_in(tablet, homes.sara)  # a full sign-in on the tablet
    tablet.post_form("/logga-ut")
    page = tablet.get("/surfplatta/logga-in").text
    assert "Jonas Lund" in page and "Sara Ek" in page
    assert "Olle Berg" not in page and "Kim Lind" not in page  # left the home; another home
    assert homes.jonas.email not in page and homes.sara.email not in page  # names only
    chosen = tablet.get(f"/surfplatta/logga-in?vem={homes.jonas.public_id}").text
    assert "Hej Jonas Lund!" in chosen and 'name="email"' not in chosen
    token = tablet.csrf_token()
    wrong = tablet.post(
        "/surfplatta/logga-in", data={"csrf_token": token, "person": homes.jonas.public_id, "pin": "1397"}
    )
    assert wrong.status_code == 200 and "PIN-koden stämmer inte" in wrong.text
    right = tablet.post(
        "/surfplatta/logga-in", data={"csrf_token": token, "person": homes.jonas.public_id, "pin": PIN}
    )
    assert right.status_code == 302
    assert tablet.get(patient_url(world.patient)).status_code == 200


def test_a_person_not_offered_cannot_be_chosen(tablet, world, homes, pin_in):
    for person in (homes.olle, homes.kim, homes.sara):  # Sara never signed in on this tablet
        page = tablet.get(f"/surfplatta/logga-in?vem={person.public_id}").text
        assert person.name not in page and 'name="email"' in page
        token = tablet.csrf_token()
        response = tablet.post(
            "/surfplatta/logga-in", data={"csrf_token": token, "person": person.public_id, "pin": PIN}
        )
        assert response.status_code == 200 and person.name not in response.text
    assert tablet.get(patient_url(world.patient)).status_code == 302


def test_nobody_is_offered_off_the_tablet(client, homes):
    response = client.get("/surfplatta/logga-in", follow_redirects=True)
    assert "Jonas Lund" not in response.text and "PIN-koden fungerar bara" in response.text


def test_the_sign_in_page_says_the_tablets_lock_time(tablet, make_client, homes, query):
    page = tablet.get("/logga-in").text
    assert "Surfplattan låses efter 5 minuter utan att någon rör den." in page
    assert "loggar vi ut dig" not in page
    assert "Surfplattan låses efter 5 minuter" in tablet.get("/surfplatta/logga-in").text
    elsewhere = make_client().get("/logga-in").text
    assert "minuter, loggar vi ut dig" in elsewhere and "Surfplattan låses" not in elsewhere


# --- 7. marking and removing the tablet are logged -------------------------------------------------


def test_marking_and_removing_the_tablet_are_logged(tablet, make_client, homes, sign_in, query):
    device = query(lambda s: s.scalar(select(HomeDevice)))
    manager = make_client()
    sign_in(manager, homes.sara)
    manager.post_form(f"/surfplatta/{device.public_id}/ta-bort")
    manager.post_form(f"/surfplatta/{device.public_id}/ta-bort")  # again: already gone, nothing more
    marked, removed = _events(query, HomeEventKind.TABLET_MARKED, HomeEventKind.TABLET_REMOVED)
    assert (marked.kind, marked.actor_id, marked.home_id, marked.detail) == (
        HomeEventKind.TABLET_MARKED,
        homes.jonas.id,
        homes.sol_id,
        device.name,
    )
    assert (removed.kind, removed.actor_id, removed.home_id) == (
        HomeEventKind.TABLET_REMOVED,
        homes.sara.id,
        homes.sol_id,
    )
    assert removed.at >= marked.at


def test_vem_gjorde_vad_names_the_tablets_events_in_words(tablet, make_client, homes, sign_in, query):
    home = _home(query, homes.sol_id)
    device = query(lambda s: s.scalar(select(HomeDevice)))
    manager = make_client()
    sign_in(manager, homes.sara)
    manager.post_form(f"/boendet/{home.public_id}/surfplattan-lases", {"lock_minutes": "3"})
    manager.post_form(f"/surfplatta/{device.public_id}/ta-bort")
    page = manager.get(f"/boendet/{home.public_id}/vem-gjorde-vad")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "Jonas Lund gjorde en surfplatta till boendets surfplatta." in text
    assert "Du tog bort en surfplatta. Den är inte boendets längre." in text
    assert "Du ändrade när surfplattan låses. Nu låses den efter 3 minuter." in text
