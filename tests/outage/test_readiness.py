"""`/halsa/redo`, the readiness answer: 200 only when the database answers and takes a
committed write, else 503, so a load balancer takes the instance out; never rate-limited, no
session looked up, no cookie set. `/halsa` stays the trivial liveness answer.

Runs on the database of the pass: a SQLite file made immutable or moved away, or a PostgreSQL
database set to read-only transactions or closed to connections.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select, text

from app.errors import RETRY_AFTER_SECONDS
from app.health import READINESS_ROW, heartbeats
from app.models import AuthSession, Role

# --- readiness ----------------------------------------------------------------------------------


def test_ready_when_the_database_takes_a_write(client, query):
    before = query(lambda s: s.scalar(select(heartbeats.c.beat_at).where(heartbeats.c.name == READINESS_ROW)))
    for _ in range(60):  # a load balancer asks often: never rate-limited
        response = client.get("/halsa/redo")
        assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    after = query(lambda s: s.scalar(select(heartbeats.c.beat_at).where(heartbeats.c.name == READINESS_ROW)))
    assert after > before  # the check wrote and committed
    assert query(lambda s: s.scalar(select(func.count()).select_from(heartbeats))) == 1


def test_ready_reads_no_session_and_sets_no_cookie(client, make_user, sign_in, query):
    user = make_user(Role.PATIENT)
    sign_in(client, user)

    def age_the_session(session):
        record = session.scalar(select(AuthSession).where(AuthSession.user_id == user.id))
        session.execute(
            text("UPDATE auth_sessions SET last_seen = :t WHERE id = :id"),
            {"t": record.last_seen.replace(year=record.last_seen.year - 1), "id": record.id},
        )
        session.commit()
        return record.id

    session_id = query(age_the_session)
    seen = query(lambda s: s.get(AuthSession, session_id).last_seen)
    response = client.get("/halsa/redo")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    # The signed-in cookie came along, but no session was looked up (or timed out, or touched).
    assert query(lambda s: s.get(AuthSession, session_id)).last_seen == seen
    assert query(lambda s: s.get(AuthSession, session_id)).ended_at is None


def test_not_ready_when_the_database_is_read_only(client, database, caplog):
    with database.read_only(), caplog.at_level(logging.WARNING):
        response = client.get("/halsa/redo")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert response.get_data(as_text=True) == "unavailable\n"
        assert "Set-Cookie" not in response.headers
        # Liveness stays the trivial answer: the process runs.
        assert client.get("/halsa").status_code == 200
    assert "Not ready" in caplog.text
    assert client.get("/halsa/redo").status_code == 200  # and ready again once it can write


def test_not_ready_when_the_database_cannot_be_reached(client, database):
    with database.unreachable():
        assert client.get("/halsa/redo").status_code == 503
        assert client.get("/halsa").status_code == 200
    assert client.get("/halsa/redo").status_code == 200
