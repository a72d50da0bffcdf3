"""The home's tablet: marking it, the PIN sign-in (right, wrong, locked, elsewhere, revoked, a
former worker's), the lock after the home's idle time, and revoking a tablet."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import GroupHome, HomeDevice, ResumeDraft, User
from app.tablet.services import PIN_FAILURE_LIMIT
from tests.support.accounts import PASSWORD
from tests.support.people import patient_url

from .conftest import COOKIE, PIN


def _signed_in(client, patient) -> bool:
    return client.get(patient_url(patient)).status_code == 200


# --- marking a tablet -----------------------------------------------------------------------------


def test_only_a_home_worker_may_mark_a_tablet(client, world, homes, sign_in):
    sign_in(client, world.god_man)
    assert client.get("/surfplatta/").status_code == 403
    client.post_form("/logga-ut")
    sign_in(client, homes.olle)  # has left the home
    assert client.get("/surfplatta/").status_code == 403


def test_the_tablet_cookie_is_long_random_httponly_and_only_its_hash_is_kept(tablet, query):
    cookie = tablet.get_cookie(COOKIE)
    assert len(cookie.value) >= 40 and cookie.http_only
    stored = query(lambda s: s.scalars(select(HomeDevice)).all())
    assert len(stored) == 1 and stored[0].name == "Surfplattan i köket"
    assert cookie.value not in stored[0].token_hash and stored[0].revoked_at is None


def test_the_home_tablets_page_lists_the_tablets_for_the_manager(make_client, tablet, homes, sign_in):
    manager = make_client()
    sign_in(manager, homes.sara)
    page = manager.get("/surfplatta/").text
    assert "Surfplattan i köket" in page and "Jonas Lund" in page


# --- the PIN ------------------------------------------------------------------------------------


def test_the_right_pin_on_the_tablet_signs_in(tablet, world, homes, pin_in):
    assert "Logga in med PIN-kod" in tablet.get("/logga-in").text
    response = pin_in(tablet, homes.jonas)
    assert response.status_code == 302
    assert _signed_in(tablet, world.patient)
    assert "Inloggad:" in tablet.get(patient_url(world.patient)).text


def test_a_wrong_pin_is_refused_in_easy_words(tablet, world, homes, pin_in, user_row):
    response = pin_in(tablet, homes.jonas, pin="1397")
    assert response.status_code == 200 and "E-post eller PIN-kod stämmer inte" in response.text
    assert not _signed_in(tablet, world.patient)
    assert user_row(homes.jonas).pin_failures == 1


def test_wrong_pins_are_rate_limited(tablet, homes, pin_in):
    answers = [pin_in(tablet, homes.jonas, pin="1397").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_ten_wrong_pins_lock_the_pin_until_a_full_sign_in(
    app, tablet, world, homes, pin_in, sign_in, user_row, no_limits
):
    for _ in range(PIN_FAILURE_LIMIT):
        no_limits()  # the lock counts across days, the rate limit within 15 minutes
        pin_in(tablet, homes.jonas, pin="1397")
    assert user_row(homes.jonas).pin_failures == PIN_FAILURE_LIMIT
    response = pin_in(tablet, homes.jonas, follow_redirects=True)  # the right PIN, too late
    assert "för många gånger" in response.text
    assert not _signed_in(tablet, world.patient)
    sign_in(tablet, homes.jonas)  # the password opens the PIN again
    assert user_row(homes.jonas).pin_failures == 0
    tablet.post_form("/logga-ut")
    assert pin_in(tablet, homes.jonas).status_code == 302


def test_the_pin_works_nowhere_but_on_the_tablet(client, world, homes, pin_in):
    response = pin_in(client, homes.jonas, follow_redirects=True)
    assert "PIN-koden fungerar bara på boendets surfplatta" in response.text
    assert not _signed_in(client, world.patient)


def test_a_made_up_tablet_cookie_is_no_tablet(client, world, homes, pin_in):
    client.set_cookie(COOKIE, "x" * 43)
    response = pin_in(client, homes.jonas, follow_redirects=True)
    assert "PIN-koden fungerar bara på boendets surfplatta" in response.text


def test_a_revoked_tablet_takes_no_pin(tablet, make_client, world, homes, pin_in, sign_in, query):
    manager = make_client()
    sign_in(manager, homes.sara)
    device = query(lambda s: s.scalar(select(HomeDevice)))
    assert manager.post_form(f"/surfplatta/{device.public_id}/ta-bort").status_code == 302
    response = pin_in(tablet, homes.jonas, follow_redirects=True)
    assert "inte boendets längre" in response.text
    assert not _signed_in(tablet, world.patient)
    assert "Logga in med PIN-kod" not in tablet.get("/logga-in").text
    page = manager.get("/surfplatta/").text
    assert "Borttagen av Sara Ek" in page


def test_another_homes_worker_cannot_revoke_or_use_the_tablet(
    tablet, make_client, homes, pin_in, sign_in, query
):
    other = make_client()
    sign_in(other, homes.kim)
    device = query(lambda s: s.scalar(select(HomeDevice)))
    assert other.post_form(f"/surfplatta/{device.public_id}/ta-bort").status_code == 404
    assert "Surfplattan i köket" not in other.get("/surfplatta/").text
    assert query(lambda s: s.scalar(select(HomeDevice)).revoked_at) is None
    # Kim's PIN on Solgläntan's tablet: the same words as a wrong PIN, nothing counted.
    response = pin_in(tablet, homes.kim)
    assert response.status_code == 200 and "stämmer inte" in response.text


def test_the_pin_needs_one_full_sign_in_on_the_tablet_first(tablet, world, homes, pin_in, sign_in, user_row):
    response = pin_in(tablet, homes.sara)  # the right PIN, but never signed in here
    assert response.status_code == 200 and "Första gången" in response.text
    assert user_row(homes.sara).pin_failures == 0
    sign_in(tablet, homes.sara)
    tablet.post_form("/logga-ut")
    assert pin_in(tablet, homes.sara).status_code == 302


def test_a_former_workers_pin_does_not_work(tablet, homes, pin_in, query):
    response = pin_in(tablet, homes.olle)
    assert response.status_code == 200 and "stämmer inte" in response.text


def test_a_former_worker_loses_the_tablet_at_once(tablet, world, homes, pin_in, idle, query):
    from app.models import GroupHomeMember, utcnow

    pin_in(tablet, homes.jonas)

    def leave(s):
        member = s.scalar(select(GroupHomeMember).where(GroupHomeMember.user_id == homes.jonas.id))
        member.ended_at = utcnow()
        s.commit()

    query(leave)
    # The next page signs him out (lock_guard), and his PIN does not sign him in again.
    assert tablet.get("/tillganglighet").headers["Location"].endswith("/logga-in")
    response = pin_in(tablet, homes.jonas)
    assert response.status_code == 200 and "stämmer inte" in response.text


@pytest.mark.parametrize("locked", [False, True], ids=["in-use", "at-the-lock"])
def test_a_worker_removed_while_signed_in_on_the_tablet_is_signed_out_and_told_why(
    tablet, world, homes, pin_in, idle, query, make_client, sign_in, locked
):
    """Found by a persona walk: the removed worker's PIN still opened the lock, and his name
    stayed on the tablet. Now the session ends on the next request, and the sign-in page says why."""
    from app.models import AuthSession, GroupHomeMember

    pin_in(tablet, homes.jonas)
    if locked:
        idle(10)
        assert "/surfplatta/last" in tablet.get("/").headers["Location"]
        # The lock form's token, before the removal: any page after it signs out.
        token = re.search(r'name="csrf_token" value="([^"]+)"', tablet.get("/surfplatta/last").text)[1]
    member_id = query(
        lambda s: s.scalar(select(GroupHomeMember.public_id).where(GroupHomeMember.user_id == homes.jonas.id))
    )
    manager = make_client()
    sign_in(manager, homes.sara)
    home_id = query(lambda s: s.get(GroupHome, homes.sol_id).public_id)
    removed = manager.post_form(f"/boendet/{home_id}/personal/{member_id}/ta-bort")
    assert removed.status_code == 302, removed.text[:300]
    if locked:
        response = tablet.post("/surfplatta/last", data={"pin": PIN, "csrf_token": token})
    else:
        response = tablet.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/logga-in")
    page = tablet.get("/logga-in").text
    assert "Du arbetar inte längre på Solgläntan. Därför är du utloggad." in page
    assert "Jonas Lund" not in page
    open_sessions = query(
        lambda s: s.scalars(
            select(AuthSession).where(AuthSession.user_id == homes.jonas.id, AuthSession.ended_at.is_(None))
        ).all()
    )
    assert open_sessions == []
    # Signed out for good: the tablet's pages ask for a sign-in again.
    assert "/logga-in" in tablet.get("/min-sida/").headers.get("Location", "/logga-in")


def test_choosing_a_pin(client, homes, sign_in, user_row):
    sign_in(client, homes.jonas)
    assert "Välj din PIN-kod" in client.get("/installningar").text
    for pin, confirm, words in (
        ("12", "12", "4, 5 eller 6 siffror"),
        ("abcd", "abcd", "4, 5 eller 6 siffror"),
        ("1111", "1111", "för lätt att gissa"),
        ("1234", "1234", "för lätt att gissa"),
        ("4711", "4712", "inte lika"),
        ("1" * 5000, "1" * 5000, "högst 6"),
    ):
        response = client.post_form("/surfplatta/pin", {"pin": pin, "confirm": confirm})
        assert response.status_code == 200 and words in response.text, pin[:10]
    before = user_row(homes.jonas).pin_hash
    assert client.post_form("/surfplatta/pin", {"pin": "4711", "confirm": "4711"}).status_code == 302
    after = user_row(homes.jonas).pin_hash
    assert after != before and "4711" not in after


def test_people_outside_a_home_have_no_pin_page(client, world, sign_in):
    sign_in(client, world.god_man)
    assert client.get("/surfplatta/pin").status_code == 403
    assert "Välj din PIN-kod" not in client.get("/installningar").text


# --- the lock -----------------------------------------------------------------------------------


def test_the_tablet_locks_after_the_homes_idle_time_and_shows_no_resident(tablet, world, homes, pin_in, idle):
    pin_in(tablet, homes.jonas)
    page = patient_url(world.patient)
    assert tablet.get(page).status_code == 200
    idle(4)
    assert tablet.get(page).status_code == 200  # not yet
    idle(6)
    response = tablet.get(page)
    assert response.status_code == 302 and "/surfplatta/last" in response.location
    locked = tablet.get(response.location).text
    assert "Jonas Lund – är det du?" in locked
    assert world.patient.name not in locked and world.patient.display_name not in locked
    # The way back (the address, with the person's opaque id) is all the page holds of them.
    assert "Maja" not in locked
    # Every page answers with the lock, also those about nobody.
    assert "/surfplatta/last" in tablet.get("/installningar").location
    assert tablet.get("/session").get_json()["locked"] is True


def test_what_was_typed_when_it_locked_is_back_after_the_pin(tablet, world, homes, pin_in, idle, query):
    pin_in(tablet, homes.jonas)
    write = patient_url(world.patient, "/kontakt/skriv")
    assert tablet.get(write).status_code == 200
    token = tablet.csrf_token()
    idle(6)
    response = tablet.post(write, data={"csrf_token": token, "text": "Erik har ont i foten sedan i går."})
    assert response.status_code == 302 and "/surfplatta/last" in response.location
    assert query(lambda s: s.scalar(select(ResumeDraft.user_id))) == homes.jonas.id
    locked = tablet.get(response.location)
    assert "ont i foten" not in locked.text
    response = tablet.post(response.location, data={"csrf_token": token, "pin": PIN, "next": write})
    assert response.status_code == 302 and response.location == write
    assert "Erik har ont i foten sedan i går." in tablet.get(write).text


def test_a_wrong_pin_on_the_lock_keeps_it_locked(tablet, world, homes, pin_in, idle):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(6)
    tablet.get(patient_url(world.patient))
    response = tablet.post("/surfplatta/last", data={"csrf_token": token, "pin": "1397"})
    assert response.status_code == 200 and "PIN-koden stämmer inte" in response.text
    assert tablet.get(patient_url(world.patient)).status_code == 302


def test_wrong_pins_on_the_lock_are_rate_limited(tablet, world, homes, pin_in, idle):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(6)
    tablet.get(patient_url(world.patient))
    wrong = {"csrf_token": token, "pin": "1397"}
    answers = [tablet.post("/surfplatta/last", data=wrong).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_ten_wrong_pins_on_the_lock_sign_out(tablet, world, homes, pin_in, idle, user_row, no_limits):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(6)
    tablet.get(patient_url(world.patient))
    for _ in range(PIN_FAILURE_LIMIT):
        no_limits()
        response = tablet.post("/surfplatta/last", data={"csrf_token": token, "pin": "1397"})
    assert response.status_code == 302 and "/logga-in" in response.location
    assert tablet.get("/surfplatta/last").status_code == 302
    assert tablet.get(patient_url(world.patient)).location.startswith("/logga-in")


def test_no_to_is_it_you_signs_out(tablet, world, homes, pin_in, idle):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(6)
    tablet.get(patient_url(world.patient))
    response = tablet.post("/logga-ut", data={"csrf_token": token, "why": "not_me"}, follow_redirects=True)
    assert "Logga in som dig själv." in response.text
    assert not _signed_in(tablet, world.patient)


def test_a_forged_unlock_changes_nothing(tablet, world, homes, pin_in, idle):
    pin_in(tablet, homes.jonas)
    idle(6)
    tablet.get(patient_url(world.patient))
    response = tablet.post("/surfplatta/last", data={"pin": PIN})
    assert response.status_code == 400
    assert tablet.get(patient_url(world.patient)).status_code == 302


def test_no_lock_off_the_tablet(client, world, homes, sign_in, idle):
    sign_in(client, homes.jonas)
    idle(10)
    assert client.get(patient_url(world.patient)).status_code == 200


def test_a_full_sign_in_on_the_tablet_locks_too(tablet, world, homes, sign_in, idle):
    sign_in(tablet, homes.jonas)
    idle(6)
    assert "/surfplatta/last" in tablet.get(patient_url(world.patient)).location


def test_the_lock_page_when_not_locked_leads_on(tablet, world, homes, pin_in):
    pin_in(tablet, homes.jonas)
    response = tablet.get("/surfplatta/last?next=/installningar")
    assert response.status_code == 302 and response.location == "/installningar"


def test_the_signed_in_users_pin_is_never_shown(tablet, homes, pin_in, query):
    pin_in(tablet, homes.jonas)
    stored = query(lambda s: s.scalar(select(User.pin_hash).where(User.id == homes.jonas.id)))
    assert stored.startswith("$argon2") and PIN not in stored
    assert PASSWORD  # the module's import is used by the full sign-in helper


def test_whoever_stands_at_the_lock_cannot_change_the_persons_settings(
    tablet, world, homes, pin_in, idle, user_row
):
    pin_in(tablet, homes.jonas)
    token = tablet.csrf_token()
    idle(6)
    locked = tablet.get(tablet.get(patient_url(world.patient)).location).text
    # No language or reading buttons on the lock page...
    assert 'class="language-choice"' not in locked and "/visning/" not in locked
    # ...and a language sent all the same is neither saved nor kept as a draft: the lock answers.
    response = tablet.post("/sprak", data={"csrf_token": token, "language": "en", "next": "/"})
    assert "/surfplatta/last" in response.location
    assert user_row(homes.jonas).language != "en"
    response = tablet.post("/visning/easy_read", data={"csrf_token": token, "next": "/"})
    assert "/surfplatta/last" in response.location
    assert not user_row(homes.jonas).easy_read
