"""The clinic's pages about group homes and the home manager's "Vårt boende" (issue 21): who may
open them, what they change, and that bad input (another clinic's home, a forged form, a number
out of range) changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.models import (
    AccessAction,
    GroupHome,
    GroupHomeMember,
    HomeMandate,
    HomeRole,
    MandateStatus,
    Profession,
    Role,
    User,
)
from tests.support.accounts import latest_mail
from tests.support.forms import snapshot


def _state(query) -> dict:
    """The database, but for session bookkeeping and the logged reads (a form shown again with
    its errors is a read of the patient's data, and is logged)."""
    tables = query(snapshot)
    tables.pop("auth_sessions", None)
    tables["access_events"] = {
        key: row for key, row in tables["access_events"].items() if row["action"] != AccessAction.READ
    }
    return tables


# --- the clinic's side ---------------------------------------------------------------------------


def test_a_coordinator_makes_and_changes_a_home(client, world, sign_in, query):
    sign_in(client, world.staff)
    made = client.post_form(
        "/personal/boenden/nytt",
        {
            "name": "Björkbacken",
            "municipality": "Kumla kommun",
            "address": "",
            "phone": "",
            "lock_minutes": "5",
        },
    )
    assert made.status_code == 302
    home = query(lambda s: s.scalar(select(GroupHome).where(GroupHome.name == "Björkbacken")))
    assert home.clinic_id == world.clinic.id and home.lock_minutes == 5

    before = _state(query)
    wrong = client.post_form(
        f"/personal/boenden/{home.public_id}/andra",
        {"name": "Björkbacken", "municipality": "Kumla kommun", "lock_minutes": "31"},
    )
    assert wrong.status_code == 200
    assert "Skriv ett antal minuter mellan 1 och 30." in wrong.get_data(as_text=True)
    assert _state(query) == before

    page = client.get(f"/personal/boenden/{world.home.public_id}").get_data(as_text=True)
    assert "Maja Andersson" in page and "Sara Nilsson" in page


def test_homes_are_the_coordinator_s_and_each_clinic_s_own(
    app, client, world, make_staff, make_home, sign_in
):
    clinician = make_staff(world.clinic, Profession.LAKARE)
    sign_in(client, clinician)
    assert client.get("/personal/boenden").status_code == 403
    other = app.test_client()
    sign_in(other, world.other_staff)
    assert other.get(f"/personal/boenden/{world.home.public_id}").status_code == 404


def test_the_clinic_gives_and_revokes_the_home_s_mandate_with_a_note(
    client, world, make_patient, make_home, sign_in, query, events
):
    erik = make_patient(world.clinic, name="Erik Johansson")
    far_home = make_home(world.other_clinic, name="Långt bort")
    sign_in(client, world.staff)
    url = f"/personal/patienter/{erik.public_id}/boende"
    assert client.get(url).status_code == 200

    # Another clinic's home is not a choice: refused, nothing changes.
    before = _state(query)
    refused = client.post_form(
        url, {"home": far_home.public_id, "scopes": ["prepare_visits"], "verification_note": "Sett."}
    )
    assert refused.status_code == 200 and "Välj ett boende i listan." in refused.get_data(as_text=True)
    assert _state(query) == before
    # Without a note of what was checked: refused too.
    refused = client.post_form(url, {"home": world.home.public_id, "verification_note": ""})
    assert "Skriv vad du har kontrollerat." in refused.get_data(as_text=True)

    given = client.post_form(
        url,
        {
            "home": world.home.public_id,
            "scopes": ["prepare_visits"],
            "verification_note": "Eriks gode man har sagt ja. Kommunens beslut sett.",
        },
    )
    assert given.status_code == 302
    mandate = query(lambda s: s.scalar(select(HomeMandate).where(HomeMandate.patient_id == erik.id)))
    assert mandate.status is MandateStatus.ACTIVE and mandate.verified_at is not None
    assert mandate.verification_note.startswith("Eriks gode man")
    assert {s.value for s in mandate.scopes} == {"see", "prepare_visits"}
    assert (world.staff.id, erik.id, "create", "home_mandate", mandate.public_id) in events(
        patient_id=erik.id
    )

    revoke = f"{url}/{mandate.public_id}/aterkalla"
    assert client.post_form(revoke, {"revoke_reason": "Erik har flyttat."}).status_code == 302
    assert query(lambda s: s.get(HomeMandate, mandate.id).status) is MandateStatus.REVOKED
    assert (world.staff.id, erik.id, "update", "home_mandate", mandate.public_id) in events(
        patient_id=erik.id
    )
    # Another patient's mandate id under Erik's address is not found.
    assert client.get(f"{url}/{world.home_mandate.public_id}/aterkalla").status_code == 404


def test_the_clinic_invites_the_home_s_manager(app, client, world, sign_in, query):
    sign_in(client, world.staff)
    page = client.post_form(
        f"/personal/boenden/{world.home.public_id}/bjud-in-chef",
        {"name": "Karin Chef", "email": "karin.chef@exempel.se"},
    )
    assert page.status_code == 200 and "Inbjudan är skapad" in page.get_data(as_text=True)
    assert "/inbjudan/" in latest_mail(app, "karin.chef@exempel.se").get_content()
    member = query(
        lambda s: s.scalar(
            select(GroupHomeMember)
            .join(User, User.id == GroupHomeMember.user_id)
            .where(User.email == "karin.chef@exempel.se")
        )
    )
    assert member.role is HomeRole.MANAGER and member.home_id == world.home.id
    # A staff account cannot be made to work at a home.
    refused = client.post_form(
        f"/personal/boenden/{world.home.public_id}/bjud-in-chef", {"name": "X", "email": world.staff.email}
    )
    assert "E-postadressen hör till ett annat slags konto" in refused.get_data(as_text=True)


# --- the manager's side ----------------------------------------------------------------------------


def test_the_manager_sees_the_staff_and_adds_and_removes_them(
    app, client, world, make_user, make_home_member, sign_in, query
):
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    member = make_home_member(world.home, jonas)
    sign_in(client, world.home_manager)
    assert client.get("/boendet/").location.endswith(f"/boendet/{world.home.public_id}/")
    home = client.get(f"/boendet/{world.home.public_id}/").get_data(as_text=True)
    assert "Jonas Lund" in home and "Sara Nilsson" in home
    assert "Vårt boende" in client.get("/vem-hjalper-du").get_data(as_text=True)

    # Adding: an e-mailed invitation; the same person twice is refused.
    base = f"/boendet/{world.home.public_id}"
    added = client.post_form(f"{base}/personal/ny", {"name": "Ali Ny", "email": "ali.ny@exempel.se"})
    assert "Inbjudan är skapad" in added.get_data(as_text=True)
    assert "Solgläntan" in added.get_data(as_text=True)
    assert latest_mail(app, "ali.ny@exempel.se")
    twice = client.post_form(f"{base}/personal/ny", {"name": "Jonas", "email": jonas.email})
    assert "Jonas Lund arbetar redan på boendet." in twice.get_data(as_text=True)

    # Removing asks first; a forged form changes nothing; the confirmed one ends the work.
    remove = f"{base}/personal/{member.public_id}/ta-bort"
    asked = client.get(remove).get_data(as_text=True)
    assert "Vill du ta bort Jonas Lund?" in asked
    assert query(lambda s: s.get(GroupHomeMember, member.id).ended_at) is None
    forged = client.post(remove, data={"csrf_token": "förfalskad"})
    assert forged.status_code == 400
    assert query(lambda s: s.get(GroupHomeMember, member.id).ended_at) is None
    assert client.post_form(remove).status_code == 302
    ended = query(lambda s: s.get(GroupHomeMember, member.id))
    assert ended.ended_at is not None and ended.ended_by_id == world.home_manager.id
    assert "<strong>Jonas Lund</strong>" not in client.get(f"{base}/").get_data(as_text=True)

    # The manager cannot remove themself.
    own = client.post_form(f"{base}/personal/{world.home_manager_member.public_id}/ta-bort")
    assert "Du kan inte ta bort dig själv" in own.get_data(as_text=True)
    assert query(lambda s: s.get(GroupHomeMember, world.home_manager_member.id).ended_at) is None


def test_only_the_home_s_manager_opens_its_pages(
    app, client, world, make_user, make_home, make_home_member, sign_in
):
    worker = make_user(Role.REPRESENTATIVE)
    make_home_member(world.home, worker)  # staff, not the manager
    sign_in(client, worker)
    base = f"/boendet/{world.home.public_id}"
    for path in (
        "/",
        "/personal/ny",
        "/vem-gjorde-vad",
        f"/personal/{world.home_manager_member.public_id}/ta-bort",
    ):
        assert client.get(base + path).status_code == 404, path
    assert client.get("/boendet/").status_code == 404

    other_manager = make_user(Role.REPRESENTATIVE)
    make_home_member(make_home(world.clinic), other_manager, role=HomeRole.MANAGER)
    other = app.test_client()
    sign_in(other, other_manager)
    assert other.get(base + "/").status_code == 404
    assert other.get("/boendet/finns-inte/").status_code == 404
    # A member id of another home under this home's address is not found either.
    mine = app.test_client()
    sign_in(mine, world.home_manager)
    stranger_member = make_home_member(make_home(world.clinic))
    assert mine.get(f"{base}/personal/{stranger_member.public_id}/ta-bort").status_code == 404
