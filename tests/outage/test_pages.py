"""Pages when the database cannot be written or reached: an easy 503 (never a 500) with
Retry-After that gives back what was typed (never a password, a code or the CSRF token), in the
person's own language and easy read; once the database takes writes, the same post is saved.
Other database errors stay 500 and are logged.

Runs on the database of the pass: a SQLite file made immutable, or a PostgreSQL database set to
read-only transactions (as a standby is) whose connections are then dropped.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import func, select, text

from app.errors import RETRY_AFTER_SECONDS
from app.models import ContactMessage, Role, User
from app.readability import lix, visible_text
from tests.support.accounts import PASSWORD
from tests.support.people import patient_url

WRITE = "/kontakt/skriv"
TYPED = "Jag har slut på mina tabletter.\nKan doktorn skriva ett nytt recept?"


def messages(query) -> int:
    return query(lambda s: s.scalar(select(func.count()).select_from(ContactMessage)))


def page(response) -> str:
    return response.get_data(as_text=True)


def assert_unavailable(response, title: str = "Lotsen fungerar inte just nu") -> str:
    assert response.status_code == 503, (response.status_code, page(response)[:300])
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["Cache-Control"] == "no-store"
    html = page(response)
    assert re.search(rf"<h1[^>]*>{title}</h1>", html), html[:500]
    return html


# --- pages --------------------------------------------------------------------------------------


def test_a_signed_in_page_answers_503_not_500(make_client, world, sign_in, database):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(patient_url(world.patient, "/")).status_code == 200
    with database.read_only():
        html = assert_unavailable(patient.get(patient_url(world.patient, "/")))
    assert "Försök igen" in html and "ringa vårdcentralen" in html
    assert "Det du skrev" not in html  # nothing was posted
    assert patient.get(patient_url(world.patient, "/")).status_code == 200


def test_a_page_answers_503_when_the_database_cannot_be_reached(make_client, world, sign_in, database):
    patient = make_client()
    sign_in(patient, world.patient_user)
    with database.unreachable():
        assert_unavailable(patient.get(patient_url(world.patient, "/kontakt/")))
        html = assert_unavailable(
            patient.post_form(
                patient_url(world.patient, WRITE), {"phrases": ["time"], "text": "Ring mig i morgon."}
            )
        )
        assert "Ring mig i morgon." in html
    assert patient.get(patient_url(world.patient, "/kontakt/")).status_code == 200


def test_a_message_sent_while_read_only_is_given_back_and_saved_later(
    make_client, world, sign_in, database, query
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    url = patient_url(world.patient, WRITE)
    token = patient.csrf_token()
    before = messages(query)
    with database.read_only():
        response = patient.post(
            url,
            data={"csrf_token": token, "phrases": ["medicine"], "text": TYPED, "notify": "y"},
            headers={"Referer": "http://localhost" + url},
        )
        html = assert_unavailable(response)
    assert messages(query) == before  # nothing half-saved
    assert "har fått ditt meddelande" not in html  # the view's "Tack!" came before the commit
    # What was typed, under its field's label; never the CSRF token or the chosen card's code.
    typed = re.search(r'<dl class="typed-list no-read">(.*?)</dl>', html, re.S)
    assert typed, "the typed text is not shown back"
    assert "Skriv mer, om du vill" in typed[1]
    assert "Jag har slut på mina tabletter.\nKan doktorn skriva ett nytt recept?" in typed[1]
    assert token not in html.replace(f'content="{token}"', "").replace(f'value="{token}"', "")
    assert "medicine" not in typed[1]
    assert "Det du skrev finns kvar här:" in html
    assert "tryck på knappen igen" in html and "ringa vårdcentralen" in html
    assert f'href="{url}"' in html  # "Gå tillbaka" leads to the form
    # Once the database takes writes again, the same post is saved.
    response = patient.post_form(url, {"phrases": ["medicine"], "text": TYPED, "notify": "y"})
    assert response.status_code == 302
    assert messages(query) == before + 1


def test_passwords_and_codes_are_never_shown_back(client, world, make_staff, sign_in, database, app):
    with database.read_only():
        # Signing in writes a session: refused, and the password is not on the page.
        response = client.post_form("/logga-in", {"email": world.patient_user.email, "password": PASSWORD})
        html = assert_unavailable(response)
        assert PASSWORD not in html and world.patient_user.email in html
    staff = make_staff(world.clinic)
    response = client.post_form("/logga-in", {"email": staff.email, "password": PASSWORD})
    assert response.location.endswith("/logga-in/kod")
    from tests.support.accounts import login_code

    code = login_code(app, staff.email)
    with database.read_only():
        html = assert_unavailable(client.post_form("/logga-in/kod", {"code": code}))
        assert code not in html


def test_the_page_is_in_the_persons_own_easy_swedish(
    make_client, make_user, make_patient, world, sign_in, database, query
):
    maja = make_user(Role.PATIENT, name="Maja Lättläst")
    patient = make_patient(world.clinic, name="Maja Lättläst")

    def connect(session):
        session.get(type(patient), patient.id).user_id = maja.id
        user = session.get(User, maja.id)
        user.easy_read = True
        user.language = "sv"
        session.commit()

    query(connect)
    browser = make_client()
    sign_in(browser, maja)
    url = patient_url(patient, WRITE)
    with database.read_only():
        html = assert_unavailable(
            browser.post_form(url, {"phrases": ["medicine"], "text": "Jag har ont i magen."})
        )
    assert 'class="area-patient easy-read' in html
    assert "Jag har ont i magen." in html
    main = re.search(r'<main id="main".*?</main>', html, re.S)[0]
    words = visible_text(main.replace("Jag har ont i magen.", ""))
    assert lix(words) < 25, (lix(words), words)


def test_english_for_a_person_who_chose_english(make_client, world, sign_in, database, query):
    def english(session):
        session.get(User, world.patient_user.id).language = "en"
        session.commit()

    query(english)
    browser = make_client()
    sign_in(browser, world.patient_user)
    with database.read_only():
        html = assert_unavailable(
            browser.get(patient_url(world.patient, "/")), title="Lotsen is not working right now"
        )
    assert '<html lang="en"' in html and "It is not your fault." in html


def test_other_database_errors_stay_500_and_are_logged(database, caplog):
    """Bad SQL or a broken rule is a defect, not an outage: 500, with its stack in the log."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db

    app = create_app(
        type(
            "Config",
            (TestConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": database.url,
                "INSTANCE_DIR": database.app.config["INSTANCE_DIR"],
                "MAIL_OUTBOX": database.app.config["MAIL_OUTBOX"],
            },
        )
    )

    def missing_table():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "never"

    def duplicate():  # the same primary key twice
        db.session.execute(
            text("INSERT INTO alembic_version (version_num) SELECT version_num FROM alembic_version")
        )
        db.session.commit()
        return "never"

    app.add_url_rule("/test-missing-table", view_func=missing_table)
    app.add_url_rule("/test-duplicate", view_func=duplicate)
    client = app.test_client()
    for path in ("/test-missing-table", "/test-duplicate"):
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            response = client.get(path)
        assert response.status_code == 500, path
        assert "Retry-After" not in response.headers
        assert "Unhandled error" in caplog.text and "Traceback" in caplog.text
    with app.app_context():
        db.engine.dispose()


def test_typed_texts_gives_each_text_its_label_and_nothing_secret(app):
    """The reusable piece: what was typed, with labels, never secrets, hidden fields or choices."""
    from werkzeug.datastructures import MultiDict

    from app.core.forms import TypedText, typed_texts
    from app.needs.catalogue import CATEGORIES
    from app.needs.forms import category_form

    room = next(c for c in CATEGORIES if c.key == "room")
    posted = MultiDict(
        [
            ("csrf_token", "tok"),
            ("version", "7"),
            ("need_quiet_room", "y"),
            ("comment_quiet_room", "  Inga höga ljud, tack.  "),
            ("need_dim_light", "y"),
            ("comment_dim_light", ""),
            ("password", "hemligt"),
            ("code", "123456"),
        ]
    )
    with app.test_request_context("/", method="POST", data=posted):
        form = category_form(room)()
        found = typed_texts()
        assert found == typed_texts(posted, form)
    assert found == [TypedText("Vänta i ett lugnt rum", "Inga höga ljud, tack.")]

    # A request that failed before its form was built: the form class that fits is found.
    message = MultiDict(
        [
            ("csrf_token", "tok"),
            ("phrases", "medicine"),
            ("phrases", "time"),
            ("text", "Rad ett\nRad två"),
            ("notify", "y"),
        ]
    )
    with app.test_request_context("/", method="POST", data=message):
        assert typed_texts() == [TypedText("Skriv mer, om du vill", "Rad ett\nRad två")]
    # Sign-in: the e-mail address back, the password never.
    with app.test_request_context("/", method="POST", data={"email": "a@exempel.se", "password": "hemligt"}):
        assert [t.text for t in typed_texts()] == ["a@exempel.se"]


def test_typed_texts_of_every_profile_page_come_back_with_labels(app):
    """The free-text pages about a person (Det här gör mig lugn, Så pratar jag, ...) posted
    before their form was built in this process: each text comes back, under its label; a field
    no form knows comes back too, without one (better than lost)."""
    from werkzeug.datastructures import MultiDict

    from app.core.forms import TypedText, typed_texts

    posted = MultiDict(
        [
            ("csrf_token", "tok"),
            ("version", "3"),
            ("text_calm", "Musik och en filt."),
            ("text_unknown_field", "Något annat jag skrev."),
            ("choice", "yes"),
        ]
    )
    with app.test_request_context("/", method="POST", data=posted):
        assert typed_texts() == [
            TypedText("Det här gör mig lugn", "Musik och en filt."),
            TypedText(None, "Något annat jag skrev."),
        ]


def test_only_errors_that_mean_the_database_is_unavailable_count(tmp_path):
    """Real SQLite errors, through SQLAlchemy as the app meets them."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from app.health import database_unavailable

    path = tmp_path / "x.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()

    def error_of(url: str, sql: str) -> DBAPIError:
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(text(sql))
        except DBAPIError as error:
            return error
        finally:
            engine.dispose()
        raise AssertionError(f"{sql} did not fail")

    read_only = error_of(f"sqlite:///file:{path}?mode=ro&uri=true", "INSERT INTO t VALUES (2)")
    assert isinstance(read_only.orig, sqlite3.OperationalError)
    assert database_unavailable(read_only)
    assert database_unavailable(error_of(f"sqlite:///{tmp_path}/gone/x.sqlite", "SELECT 1"))
    # Defects, not outages: SQLite calls a missing table an OperationalError too.
    assert not database_unavailable(error_of(f"sqlite:///{path}", "SELECT * FROM no_such_table"))
    assert not database_unavailable(error_of(f"sqlite:///{path}", "INSERT INTO t VALUES (1)"))
    assert not database_unavailable(ValueError("not a database error"))
    # An error raised while handling an outage still counts as the outage.
    try:
        try:
            raise read_only
        except DBAPIError as outage:
            raise RuntimeError("while saving") from outage
    except RuntimeError as wrapped:
        assert database_unavailable(wrapped)


def test_staff_pages_answer_503_too(staff_client, world, database, query):
    """Staff pages log a read for each patient they show: with nothing written, nothing shown."""
    from tests.support.visit_data import add_visit_data

    query(lambda session: add_visit_data(session, world))
    for url in ("/personal/inkorg", "/personal/patienter", "/personal/besok"):
        assert staff_client.get(url).status_code == 200
        with database.read_only():
            assert_unavailable(staff_client.get(url))


def test_signing_out_while_the_database_is_down_still_signs_out(make_client, world, sign_in, database):
    """A shared tablet: "Logga ut" while the database cannot be used must not leave the next
    person with the patient's pages once it can again."""
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(patient_url(world.patient, "/")).status_code == 200
    with database.unreachable():
        out = patient.post_form("/logga-ut")
        assert out.status_code == 302 and out.location == "/"
    after = patient.get(patient_url(world.patient, "/"))
    assert after.status_code == 302 and "/logga-in" in after.location


def test_signing_in_during_an_outage_works_with_the_same_form_afterwards(client, world, database):
    """The sign-in that met the outage had a 503; the same form, sent again once the database
    is back, signs in (the old session and its form token were not thrown away)."""
    client.get("/logga-in")
    token = client.csrf_token()
    data = {"csrf_token": token, "email": world.patient_user.email, "password": PASSWORD}
    with database.read_only():
        assert_unavailable(client.post("/logga-in", data=data))
    assert client.post("/logga-in", data=data).status_code == 302
