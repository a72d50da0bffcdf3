"""A PostgreSQL connection killed in the middle of a request (pg_terminate_backend, as a failover
or an administrator does): the page answers 503 with what was typed, never a 500, nothing of the
request is half-saved, and the next request works on a new connection.

Always on PostgreSQL (a database of this module's own); scripts/test runs it in the PostgreSQL
pass. scripts/load --fault does the same under load.
"""

from __future__ import annotations

import contextlib
import re
import time

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.health import database_unavailable
from app.models import ContactMessage, Conversation, NeedRevision
from tests.support.people import patient_url

from .test_pages import assert_unavailable

DATABASE = "postgresql"
pytestmark = pytest.mark.strict_database

WRITE = "/kontakt/skriv"


@contextlib.contextmanager
def killed_at(
    app, database, *, statement: str | None = None, at_commit: bool = False, at_rollback: bool = False
):
    """Kill the app's own connection the moment it is about to run a statement that begins with
    `statement`, to commit, or to roll back; once. Yields the killed backends' ids."""
    killed: list[int] = []

    def kill(conn) -> None:
        if killed:
            return
        pid = conn.connection.dbapi_connection.info.backend_pid
        killed.append(pid)
        assert database.terminate(pid) == 1
        deadline = time.monotonic() + 5
        with database.admin.connect() as admin:
            while (
                admin.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
                ).scalar()
                and time.monotonic() < deadline
            ):
                time.sleep(0.02)

    def before_statement(conn, cursor, sql, parameters, context, executemany):
        if statement and sql.lstrip().upper().startswith(statement):
            kill(conn)

    def before_commit(conn):
        if at_commit:
            kill(conn)

    def before_rollback(conn):
        if at_rollback:
            kill(conn)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_statement)
    event.listen(engine, "commit", before_commit)
    event.listen(engine, "rollback", before_rollback)
    try:
        yield killed
    finally:
        event.remove(engine, "before_cursor_execute", before_statement)
        event.remove(engine, "commit", before_commit)
        event.remove(engine, "rollback", before_rollback)


def count(query, model) -> int:
    return query(lambda s: s.scalar(select(func.count()).select_from(model)))


def test_killed_while_a_message_is_saved(make_client, world, sign_in, database, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    url = patient_url(world.patient, WRITE)
    token = patient.csrf_token()
    before = (count(query, Conversation), count(query, ContactMessage))
    with killed_at(database.app, database, statement="INSERT INTO CONTACT_MESSAGES") as killed:
        response = patient.post(
            url,
            data={
                "csrf_token": token,
                "phrases": ["medicine"],
                "text": "Mina tabletter är slut.",
                "notify": "y",
            },
        )
    assert killed, "the kill never came"
    html = assert_unavailable(response)
    assert "Mina tabletter är slut." in html
    # The conversation was inserted before the kill, in the same transaction: gone with it.
    assert (count(query, Conversation), count(query, ContactMessage)) == before
    # The next request gets a new connection, and the same message is saved.
    response = patient.post_form(
        url, {"phrases": ["medicine"], "text": "Mina tabletter är slut.", "notify": "y"}
    )
    assert response.status_code == 302
    assert count(query, ContactMessage) == before[1] + 1


def test_killed_at_the_commit(make_client, world, sign_in, database, query):
    """The kill lands as the transaction commits: the server never committed it, so nothing was
    acknowledged and nothing was saved."""
    patient = make_client()
    sign_in(patient, world.patient_user)
    url = patient_url(world.patient, "/anpassningar/behov/rummet")
    page = patient.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)[1]
    before = count(query, NeedRevision)
    with killed_at(database.app, database, at_commit=True) as killed:
        response = patient.post_form(
            url, {"version": version, "need_quiet_room": "y", "comment_quiet_room": "Helst utan musik."}
        )
    assert killed
    html = assert_unavailable(response)
    assert "Vänta i ett lugnt rum" in html and "Helst utan musik." in html
    assert count(query, NeedRevision) == before
    assert patient.get(url).status_code == 200


def test_killed_while_a_page_is_read(make_client, world, sign_in, database):
    patient = make_client()
    sign_in(patient, world.patient_user)
    with killed_at(database.app, database, statement="INSERT INTO ACCESS_EVENTS") as killed:
        response = patient.get(patient_url(world.patient, "/"))
    assert killed
    assert_unavailable(response)
    assert patient.get(patient_url(world.patient, "/")).status_code == 200


def test_killed_as_the_request_ends(make_client, world, sign_in, database):
    """The kill lands after the page was made, as the session is closed (its rollback): the
    page was whole, so it is answered as it was, never as a bare 500 from the server."""
    patient = make_client()
    sign_in(patient, world.patient_user)
    with killed_at(database.app, database, at_rollback=True) as killed:
        response = patient.get("/installningar")
    assert killed, "the kill never came"
    assert response.status_code == 200 and "Inställningar" in response.get_data(as_text=True)
    assert patient.get("/installningar").status_code == 200


def test_all_connections_killed_between_requests(client, make_client, world, sign_in, database):
    """What scripts/load --fault does: the pool notices the dead connections and opens new ones."""
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert database.terminate() >= 1
    assert patient.get(patient_url(world.patient, "/")).status_code == 200
    database.terminate()
    assert client.get("/halsa/redo").status_code == 200


def test_postgresql_errors_are_told_apart(database):
    """Real psycopg errors, through SQLAlchemy as the app meets them."""
    from sqlalchemy import make_url

    def error_of(url, *statements) -> DBAPIError:
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                for sql in statements:
                    conn.execute(text(sql))
        except DBAPIError as error:
            return error
        finally:
            engine.dispose()
        raise AssertionError(f"{statements} did not fail")

    url = database.url
    assert database_unavailable(
        error_of(url, "SET TRANSACTION READ ONLY", "UPDATE heartbeats SET beat_at = now()")
    )
    assert database_unavailable(error_of(url, "SELECT pg_terminate_backend(pg_backend_pid())"))
    refused = make_url(url).set(host="127.0.0.1", port=1)
    assert database_unavailable(error_of(refused, "SELECT 1"))
    # Defects, not outages.
    assert not database_unavailable(error_of(url, "SELECT * FROM no_such_table"))
    assert not database_unavailable(
        error_of(url, "INSERT INTO heartbeats (name, beat_at) SELECT name, beat_at FROM heartbeats")
    )
    assert not database_unavailable(error_of(url, "SELECT 1/0"))
