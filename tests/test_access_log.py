"""The access log is append-only: the ORM refuses, and so does the database itself."""

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from app.audit import AppendOnlyError
from app.extensions import db
from app.models import AccessEvent


@pytest.fixture
def event_id(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    client.get("/min-sida/")
    return query(lambda s: s.scalar(select(AccessEvent.id)))


def test_orm_refuses_update_and_delete(app, event_id):
    with app.app_context():
        entry = db.session.get(AccessEvent, event_id)
        entry.object_type = "changed"
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.rollback()
        entry = db.session.get(AccessEvent, event_id)
        db.session.delete(entry)
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AppendOnlyError):
            db.session.execute(update(AccessEvent).values(object_type="x"))
        with pytest.raises(AppendOnlyError):
            db.session.execute(delete(AccessEvent))
        db.session.rollback()


@pytest.mark.parametrize("statement", [
    "UPDATE access_events SET object_type = 'changed'",
    "DELETE FROM access_events",
])
def test_database_trigger_refuses_raw_sql(app, event_id, statement):
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(AccessEvent)) >= 1


def test_emptying_the_whole_table_is_refused(app, event_id):
    with app.app_context():
        # PostgreSQL has TRUNCATE, which skips row triggers; SQLite empties tables by DELETE.
        statement = ("TRUNCATE access_events CASCADE" if db.engine.dialect.name == "postgresql"
                     else "DELETE FROM access_events WHERE 1 = 1")
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_event_records_who_for_whom_what_when_where(app, client, world, sign_in, act_for, query):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    client.get("/min-sida/vem-har-tittat")
    entry = query(lambda s: s.scalars(select(AccessEvent).order_by(AccessEvent.id.desc())).first())
    assert entry.user_id == world.god_man.id
    assert entry.acting_as == "representative"
    assert entry.mandate_id == world.mandate.id
    assert entry.patient_id == world.patient.id
    assert entry.clinic_id == world.clinic.id
    assert entry.action.value == "read"
    assert entry.object_type == "patient.access_log"
    assert entry.at.tzinfo is not None


def test_patient_reads_the_log_in_easy_words(client, world, sign_in, act_for, make_client):
    helper = make_client()
    sign_in(helper, world.god_man)
    act_for(helper, world.patient)
    helper.get("/min-sida/")
    sign_in(client, world.patient_user)
    page = client.get("/min-sida/vem-har-tittat").get_data(as_text=True)
    assert "Birgitta Svensson (god man)" in page
    assert "tittade på" in page and "din startsida" in page


def test_a_page_past_the_end_says_there_is_no_more(client, world, sign_in):
    sign_in(client, world.patient_user)
    html = client.get("/min-sida/vem-har-tittat?sida=9999").get_data(as_text=True)
    assert "Det finns inget mer att visa här." in html and "Ingen har tittat än." not in html
