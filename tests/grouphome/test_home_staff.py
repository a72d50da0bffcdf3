"""The manager's staff list (issue 21, as the manager tried it): a new person gets an invitation
and is listed apart as invited until they accept; someone already working there, or already
invited, is told plainly; an invitation can be sent again or taken back; every such change, and
the clinic's change of the lock time, lands in the home's own log."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.core.access import home_memberships
from app.models import GroupHomeMember, HomeEvent, HomeEventKind, Invitation, Role, User
from tests.support.accounts import latest_mail
from tests.support.forms import snapshot

LINK = re.compile(r"http://127\.0\.0\.1:5000(/inbjudan/[A-Za-z0-9_\-]+)")


def _section(html: str, title: str) -> str:
    """The part of the page under the heading `title`, up to the next heading."""
    start = html.index(f"<h2>{title}</h2>")
    end = html.find("<h2>", start + 1)
    return html[start : end if end > 0 else len(html)]


def _member(query, email: str) -> GroupHomeMember:
    return query(
        lambda s: s.scalars(
            select(GroupHomeMember)
            .join(User, User.id == GroupHomeMember.user_id)
            .where(User.email == email)
            .order_by(GroupHomeMember.id.desc())
        ).first()
    )


def _kinds(query, home) -> list[str]:
    return query(
        lambda s: [
            e.kind.value
            for e in s.scalars(select(HomeEvent).where(HomeEvent.home_id == home.id).order_by(HomeEvent.id))
        ]
    )


def _state(query) -> dict:
    tables = query(snapshot)
    tables.pop("auth_sessions", None)
    return tables


def test_an_invited_person_is_listed_apart_until_they_accept(
    app, client, make_client, world, make_user, make_home_member, sign_in, query
):
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_home_member(world.home, jonas)
    sign_in(client, world.home_manager)
    base = f"/boendet/{world.home.public_id}"

    sent = client.post_form(f"{base}/personal/ny", {"name": "Ali Ny", "email": "ali.ny@exempel.se"})
    assert "Inbjudan är skapad" in sent.get_data(as_text=True)
    home = client.get(f"{base}/").get_data(as_text=True)
    invited = _section(home, "Inbjudna")
    assert "Ali Ny" in invited and "Har inte tackat ja" in invited and "Inbjuden i dag klockan" in invited
    assert "Ali Ny" not in _section(home, "Arbetar här")
    assert "Jonas Lund" in _section(home, "Arbetar här")
    ali = _member(query, "ali.ny@exempel.se")
    # Invited is not yet working there: no access to the residents.
    assert query(lambda s: home_memberships(s.get(User, ali.user_id))) == []

    # The same address again: told plainly, nothing changes.
    before = _state(query)
    again = client.post_form(f"{base}/personal/ny", {"name": "Ali", "email": "ALI.NY@exempel.se"})
    assert "Ali Ny är redan inbjuden men har inte tackat ja än." in again.get_data(as_text=True)
    assert _state(query) == before
    # Someone who works there: told plainly too.
    working = client.post_form(f"{base}/personal/ny", {"name": "Jonas", "email": jonas.email})
    assert "Jonas Lund arbetar redan på boendet." in working.get_data(as_text=True)
    assert _state(query) == before

    # Ali accepts the link: now Ali works there, and the log says so.
    link = LINK.search(latest_mail(app, "ali.ny@exempel.se").get_content())[1]
    ali_client = make_client()
    assert ali_client.get(link).status_code == 200
    accepted = ali_client.post_form(link, {"password": "tre gröna äpplen", "confirm": "tre gröna äpplen"})
    assert accepted.status_code == 302
    home = client.get(f"{base}/").get_data(as_text=True)
    assert "Ali Ny" in _section(home, "Arbetar här") and "Ali Ny" not in _section(home, "Inbjudna")
    assert [m.home_id for m in query(lambda s: home_memberships(s.get(User, ali.user_id)))] == [world.home.id]
    assert _kinds(query, world.home) == [HomeEventKind.MEMBER_INVITED, HomeEventKind.MEMBER_JOINED]


def test_an_invitation_is_sent_again_or_taken_back(app, client, make_client, world, sign_in, query):
    sign_in(client, world.home_manager)
    base = f"/boendet/{world.home.public_id}"
    client.post_form(f"{base}/personal/ny", {"name": "Eva Ny", "email": "eva.ny@exempel.se"})
    first = LINK.search(latest_mail(app, "eva.ny@exempel.se").get_content())[1]
    eva = _member(query, "eva.ny@exempel.se")

    # Sent again: asked first, then a new link; the old one stops working.
    url = f"{base}/personal/{eva.public_id}/skicka-igen"
    assert "Eva Ny får ett nytt mejl med en ny länk." in client.get(url).get_data(as_text=True)
    forged = client.post(url, data={"csrf_token": "förfalskad"})
    assert forged.status_code == 400
    assert (
        query(lambda s: s.scalar(select(Invitation).where(Invitation.home_member_id == eva.id))) is not None
    )
    page = client.post_form(url)
    assert "Inbjudan är skickad igen" in page.get_data(as_text=True)
    second = LINK.search(latest_mail(app, "eva.ny@exempel.se").get_content())[1]
    assert second != first
    assert make_client().get(first).status_code == 404
    assert make_client().get(second).status_code == 200
    assert query(lambda s: eva_invitations(s, eva.id)) == [(True, False), (False, False)]

    # Taken back: asked first; then the link stops working and Eva is listed nowhere.
    url = f"{base}/personal/{eva.public_id}/ta-bort-inbjudan"
    assert "Vill du ta bort inbjudan till Eva Ny?" in client.get(url).get_data(as_text=True)
    done = client.post_form(url)
    assert done.status_code == 302
    home = client.get(f"{base}/").get_data(as_text=True)
    assert "Inbjudan till Eva Ny är borttagen." in home and "Eva Ny" not in _section(home, "Inbjudna")
    assert query(lambda s: eva_invitations(s, eva.id)) == [(True, False), (True, False)]
    assert query(lambda s: s.get(GroupHomeMember, eva.id).ended_at) is not None
    assert make_client().get(second).status_code == 404
    # Once taken back, neither can be done again: said plainly, nothing changes.
    before = _state(query)
    refused = client.post_form(f"{base}/personal/{eva.public_id}/skicka-igen")
    assert "Inbjudan till Eva Ny är redan borttagen." in refused.get_data(as_text=True)
    assert _state(query) == before
    assert _kinds(query, world.home) == [
        HomeEventKind.MEMBER_INVITED,
        HomeEventKind.INVITATION_SENT_AGAIN,
        HomeEventKind.INVITATION_WITHDRAWN,
    ]
    # "Vem gjorde vad" says so, and Eva, who never started, is not "(slutat)".
    log = " ".join(client.get(f"{base}/vem-gjorde-vad").get_data(as_text=True).split())
    assert "Du tog bort inbjudan till Eva Ny." in log and "Du bjöd in Eva Ny att arbeta här." in log
    assert "Eva Ny (slutat)" not in log


def eva_invitations(session, member_id: int) -> list[tuple[bool, bool]]:
    """(withdrawn, used) of each invitation of the membership, oldest first."""
    rows = session.scalars(
        select(Invitation).where(Invitation.home_member_id == member_id).order_by(Invitation.id)
    )
    return [(i.withdrawn_at is not None, i.used_at is not None) for i in rows]


def test_someone_who_works_there_gets_no_new_invitation(
    client, world, make_user, make_home_member, sign_in, query
):
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    member = make_home_member(world.home, jonas)
    sign_in(client, world.home_manager)
    before = _state(query)
    page = client.post_form(f"/boendet/{world.home.public_id}/personal/{member.public_id}/skicka-igen")
    assert "Jonas Lund har redan tackat ja och arbetar här." in page.get_data(as_text=True)
    assert _state(query) == before


def test_the_clinic_s_change_of_the_lock_time_is_in_the_home_s_log(client, world, sign_in, query):
    sign_in(client, world.staff)
    fields = {"name": "Solgläntan", "municipality": "Kumla", "address": "", "phone": "", "lock_minutes": "10"}
    assert client.post_form(f"/personal/boenden/{world.home.public_id}/andra", fields).status_code == 302
    # Saving again without a change adds nothing.
    assert client.post_form(f"/personal/boenden/{world.home.public_id}/andra", fields).status_code == 302
    events = query(lambda s: [(e.kind, e.actor_id, e.detail) for e in s.scalars(select(HomeEvent))])
    assert events == [(HomeEventKind.LOCK_TIME_CHANGED, world.staff.id, "5->10")]
