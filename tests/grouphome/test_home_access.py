"""A group home's staff act for its residents under the clinic's mandate to the home (issue 21):
signed in as themselves, logged by name with the home's name, within the home mandate's scopes;
access ends at once when they leave the home or the clinic revokes the mandate, also in a
session already open; staff of another home never find the resident."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import AccessEvent, ContactMessage, HomeMandate, MandateStatus, Role, Scope, utcnow
from tests.support.people import patient_url


def _home_staff(world, make_user, make_home_member, name="Jonas Lund"):
    jonas = make_user(Role.REPRESENTATIVE, name=name)
    member = make_home_member(world.home, jonas)
    return jonas, member


def test_home_staff_act_for_the_resident_and_are_logged_by_name_and_home(
    app, client, world, make_user, make_home_member, sign_in, query, events
):
    jonas, _member = _home_staff(world, make_user, make_home_member)
    sign_in(client, jonas)

    # The choose page lists the home's residents; the patient's pages open, with the banner.
    choose = client.get("/vem-hjalper-du").get_data(as_text=True)
    assert world.patient.public_id in choose
    page = client.get(patient_url(world.patient))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Du hjälper:" in html and "Maja" in html
    assert "Du hjälper till för Solgläntan." in html

    # The read is logged as Jonas, under the home's mandate, not under any personal one.
    row = query(
        lambda s: s.scalars(
            select(AccessEvent).where(AccessEvent.user_id == jonas.id).order_by(AccessEvent.id.desc())
        ).first()
    )
    assert row.patient_id == world.patient.id and row.object_type == "patient.home"
    assert row.home_mandate_id == world.home_mandate.id and row.mandate_id is None

    # The clinic's access log says who it was and for which home.
    staff = app.test_client()
    sign_in(staff, world.staff)
    log = staff.get("/personal/logg").get_data(as_text=True)
    assert "Jonas Lund (Solgläntan)" in log


def test_the_home_mandate_s_scopes_bound_what_staff_may_do(
    app, client, world, make_user, make_home_member, sign_in, query
):
    jonas, _member = _home_staff(world, make_user, make_home_member)
    sign_in(client, jonas)
    # The home may see and prepare visits: asking for a time is allowed, writing is not.
    assert client.get(patient_url(world.patient, "/besok/be-om-tid")).status_code == 200
    typed = "Kan Maja få en tid på förmiddagen?"
    refused = client.post_form(patient_url(world.patient, "/kontakt/skriv"), {"text": typed})
    assert refused.status_code == 403
    body = refused.get_data(as_text=True)
    assert "Du får inte göra det här för Maja" in body and typed in body
    assert query(lambda s: s.scalar(select(func.count()).select_from(ContactMessage))) == 0


def test_leaving_the_home_ends_access_at_once_in_an_open_session(
    app, client, world, make_user, make_home_member, sign_in, query
):
    jonas, member = _home_staff(world, make_user, make_home_member)
    sign_in(client, jonas)
    assert client.get(patient_url(world.patient)).status_code == 200

    # The manager removes Jonas, in another browser, while his session stays open.
    manager = app.test_client()
    sign_in(manager, world.home_manager)
    removed = manager.post_form(f"/boendet/{world.home.public_id}/personal/{member.public_id}/ta-bort")
    assert removed.status_code == 302

    again = client.get(patient_url(world.patient))
    assert again.status_code == 403
    assert "Du kan inte hjälpa Maja i Lotsen nu" in again.get_data(as_text=True)
    typed = "Maja vill flytta sin tid."
    posted = client.post_form(patient_url(world.patient, "/besok/be-om-tid"), {"text": typed})
    assert posted.status_code == 403 and typed in posted.get_data(as_text=True)
    # Nor is she offered on the choose page any more.
    assert world.patient.public_id not in client.get("/vem-hjalper-du").get_data(as_text=True)


def test_a_revoked_home_mandate_ends_access_for_every_worker(
    app, client, world, make_user, make_home_member, sign_in, query
):
    jonas, _member = _home_staff(world, make_user, make_home_member)
    sign_in(client, jonas)
    assert client.get(patient_url(world.patient)).status_code == 200

    def revoke(session):
        mandate = session.get(HomeMandate, world.home_mandate.id)
        mandate.status, mandate.revoked_at = MandateStatus.REVOKED, utcnow()
        session.commit()

    query(revoke)
    assert client.get(patient_url(world.patient)).status_code == 403


def test_staff_of_another_home_never_find_the_resident(
    app, client, world, make_user, make_home, make_home_member, sign_in
):
    other_home = make_home(world.clinic, name="Björkbacken")
    stranger = make_user(Role.REPRESENTATIVE)
    make_home_member(other_home, stranger)
    sign_in(client, stranger)
    assert client.get(patient_url(world.patient)).status_code == 404
    assert world.patient.public_id not in client.get("/vem-hjalper-du").get_data(as_text=True)
    # Nor do they reach this home's manager pages.
    assert client.get(f"/boendet/{world.home.public_id}/").status_code == 404


def test_a_personal_mandate_and_the_home_s_give_the_union_of_rights(
    app, client, world, make_user, make_home_member, make_mandate, sign_in, query
):
    """A worker who is also the resident's relative: her own mandate lets her write to the
    vårdlots, the home's lets her prepare visits; each is logged under the mandate used."""
    lisa, _member = _home_staff(world, make_user, make_home_member, name="Lisa Ek")
    own = make_mandate(world.patient, lisa, scopes={Scope.SEE, Scope.WRITE_TO_VARDLOTS})
    sign_in(client, lisa)
    assert client.get(patient_url(world.patient, "/kontakt/skriv")).status_code == 200
    assert client.get(patient_url(world.patient, "/besok/be-om-tid")).status_code == 200

    def last_two(session):
        rows = session.scalars(
            select(AccessEvent).where(AccessEvent.user_id == lisa.id).order_by(AccessEvent.id.desc()).limit(2)
        ).all()
        return [(r.object_type, r.mandate_id, r.home_mandate_id) for r in reversed(rows)]

    assert query(last_two) == [
        ("contact.write", own.id, None),
        ("visits.request_visit", None, world.home_mandate.id),
    ]


def test_a_former_worker_s_invitation_no_longer_works(app, client, world, sign_in, query, make_client):
    """The manager invites a new worker, then removes them before they used the link: the link
    says it does not work, and no password can be set with it."""
    from tests.support.accounts import latest_mail

    manager = make_client()
    sign_in(manager, world.home_manager)
    base = f"/boendet/{world.home.public_id}"
    made = manager.post_form(f"{base}/personal/ny", {"name": "Nils Ny", "email": "nils.ny@exempel.se"})
    assert made.status_code == 200 and "Inbjudan är skapad" in made.get_data(as_text=True)
    link = next(
        line
        for line in latest_mail(app, "nils.ny@exempel.se").get_content().splitlines()
        if "/inbjudan/" in line
    )
    path = "/inbjudan/" + link.rsplit("/inbjudan/", 1)[1].strip()
    assert client.get(path).status_code == 200

    from app.models import GroupHomeMember, User

    member_id = query(
        lambda s: s.scalar(
            select(GroupHomeMember.public_id)
            .join(User, User.id == GroupHomeMember.user_id)
            .where(User.email == "nils.ny@exempel.se")
        )
    )
    assert manager.post_form(f"{base}/personal/{member_id}/ta-bort").status_code == 302

    assert client.get(path).status_code == 404
    tried = client.post_form(
        path, {"password": "ett långt bra lösenord", "confirm": "ett långt bra lösenord"}
    )
    assert tried.status_code == 404
    assert (
        query(lambda s: s.scalar(select(User.password_hash).where(User.email == "nils.ny@exempel.se")))
        is None
    )
