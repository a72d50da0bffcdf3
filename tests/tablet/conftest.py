"""A group home with a worker, its manager, a former worker and another home's worker; and the
steps of the tablet (marking it, signing in with the PIN, letting it lock)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from app.extensions import db, limiter
from app.models import AuthSession, GroupHome, GroupHomeMember, HomeRole, Role, User, utcnow
from tests.support.accounts import PASSWORD, cheap_hash

PIN = "2580"
COOKIE = "lotsen_tablet"


def pin_hash(pin: str = PIN) -> str:
    return cheap_hash(pin)


@pytest.fixture
def homes(app, world, make_user, make_mandate):
    """Solgläntan (Jonas works there, Sara is its manager, Olle has left) and Björkbacken (Kim)."""
    people = {
        name: make_user(Role.REPRESENTATIVE, name=name, pin_hash=pin_hash())
        for name in ("Jonas Lund", "Sara Ek", "Olle Berg", "Kim Lind")
    }
    with app.app_context():
        sol = GroupHome(clinic_id=world.clinic.id, name="Solgläntan", lock_minutes=5)
        bjork = GroupHome(clinic_id=world.clinic.id, name="Björkbacken")
        db.session.add_all([sol, bjork])
        db.session.flush()
        for name, home, role, ended in (
            ("Jonas Lund", sol, HomeRole.STAFF, None),
            ("Sara Ek", sol, HomeRole.MANAGER, None),
            ("Olle Berg", sol, HomeRole.STAFF, utcnow()),
            ("Kim Lind", bjork, HomeRole.STAFF, None),
        ):
            member = GroupHomeMember(home_id=home.id, user_id=people[name].id, role=role, ended_at=ended)
            db.session.add(member)
        db.session.commit()
        ids = (sol.id, bjork.id)
        db.session.expunge_all()
    # Jonas may see the resident's pages (here by a personal mandate: what the home's mandate
    # allows is the home's part, not the tablet's).
    make_mandate(world.patient, people["Jonas Lund"])
    return SimpleNamespace(
        sol_id=ids[0],
        bjork_id=ids[1],
        jonas=people["Jonas Lund"],
        sara=people["Sara Ek"],
        olle=people["Olle Berg"],
        kim=people["Kim Lind"],
    )


@pytest.fixture
def tablet(client, homes, sign_in):
    """The test client is Solgläntan's tablet, marked by Jonas (who then signed out)."""
    sign_in(client, homes.jonas)
    response = client.post_form("/surfplatta/", {"home": "", "name": "Surfplattan i köket"})
    assert response.status_code == 200  # no home chosen: refused
    page = client.get("/surfplatta/").text
    home_id = page.split('name="home" value="')[1].split('"')[0]
    response = client.post_form("/surfplatta/", {"home": home_id, "name": "Surfplattan i köket"})
    assert response.status_code == 302
    assert client.get_cookie(COOKIE) is not None
    client.post_form("/logga-ut")
    return client


@pytest.fixture
def pin_in():
    def do(client, user: User, pin: str = PIN, **kwargs):
        return client.post_form("/surfplatta/logga-in", {"email": user.email, "pin": pin}, **kwargs)

    return do


@pytest.fixture
def idle(query):
    """Let every open session be idle for `minutes`."""

    def do(minutes: float):
        query(
            lambda s: (
                s.execute(
                    update(AuthSession)
                    .where(AuthSession.ended_at.is_(None))
                    .values(last_seen=utcnow() - timedelta(minutes=minutes))
                ),
                s.commit(),
            )
        )

    return do


@pytest.fixture
def no_limits(app):
    """Start the rate limits afresh (for counts that go beyond them)."""

    def do():
        with app.app_context():
            limiter.reset()

    return do


@pytest.fixture
def user_row(query):
    def read(user: User) -> User:
        return query(lambda s: s.scalar(select(User).where(User.id == user.id)))

    return read


__all__ = ["COOKIE", "PASSWORD", "PIN"]
