"""The access log: append-only (the ORM refuses, and so does the database itself), and the
patient's page "Vem har tittat": in words about the right person, folded, by day, easy to read."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from app.core.audit import AppendOnlyError
from app.core.audit_words import genitive
from app.extensions import db
from app.models import AccessAction, AccessEvent, MandateKind, Profession, Role, User, utcnow
from app.patient import services as patient_services
from app.readability import visible_text
from tests.support.crawl import body
from tests.support.people import patient_url
from tests.support.visit_data import add_visit_data
from tests.test_easy_read import easy_problems


@pytest.fixture
def event_id(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    client.get(patient_url(world.patient, "/"))
    return query(lambda s: s.scalar(select(AccessEvent.id)))


def test_orm_refuses_update_and_delete(app, event_id):
    with app.app_context():
        entry = db.session.get(AccessEvent, event_id)
        entry.object_type = "patient"
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.rollback()
        entry = db.session.get(AccessEvent, event_id)
        db.session.delete(entry)
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AppendOnlyError):
            db.session.execute(update(AccessEvent).values(object_type="patient"))
        with pytest.raises(AppendOnlyError):
            db.session.execute(delete(AccessEvent))
        db.session.rollback()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_events SET object_type = 'changed'",
        "DELETE FROM access_events",
    ],
)
def test_database_trigger_refuses_raw_sql(app, event_id, statement):
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(AccessEvent)) >= 1


def test_emptying_the_whole_table_is_refused(app, event_id):
    with app.app_context():
        # PostgreSQL has TRUNCATE, which skips row triggers; SQLite empties tables by DELETE.
        statement = (
            "TRUNCATE access_events CASCADE"
            if db.engine.dialect.name == "postgresql"
            else "DELETE FROM access_events WHERE 1 = 1"
        )
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_event_records_who_for_whom_what_when_where(app, client, world, sign_in, act_for, query):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    client.get(patient_url(world.patient, "/vem-har-tittat"))
    entry = query(lambda s: s.scalars(select(AccessEvent).order_by(AccessEvent.id.desc())).first())
    assert entry.user_id == world.god_man.id
    assert entry.acting_as == "representative"
    assert entry.mandate_id == world.mandate.id
    assert entry.patient_id == world.patient.id
    assert entry.clinic_id == world.clinic.id
    assert entry.action.value == "read"
    assert entry.object_type == "patient.access_log"
    assert entry.at.tzinfo is not None


# --- the patient's page in words --------------------------------------------------------------


def noon_today() -> datetime:
    """Noon today in Stockholm: lines never fold across midnight, so times near it would make
    the tests depend on when they run."""
    local = datetime.now(ZoneInfo("Europe/Stockholm"))
    return local.replace(hour=12, minute=0, second=0, microsecond=0).astimezone(UTC)


def page_text(client, patient, query_string=None) -> str:
    response = client.get(patient_url(patient, "/vem-har-tittat"), query_string=query_string)
    assert response.status_code == 200
    return visible_text(body(response.get_data(as_text=True)))


@pytest.fixture
def log_event(world, query):
    """Write an access event straight into the log, as the pages and services do."""

    def add(
        user,
        *,
        object_type="visits_staff.visit",
        action=AccessAction.READ,
        at=None,
        acting_as="staff",
        mandate=None,
        patient=None,
        object_id="",
    ):
        patient = patient or world.patient

        def run(session):
            event = AccessEvent(
                at=at or utcnow(),
                user_id=user.id,
                acting_as=acting_as,
                mandate_id=mandate.id if mandate else None,
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                action=action,
                object_type=object_type,
                object_id=object_id,
            )
            session.add(event)
            session.commit()
            return event.id

        return query(run)

    return add


@pytest.fixture
def anna(make_staff, world):
    return make_staff(world.clinic, name="Anna Lindqvist")


@pytest.fixture
def ali(app, world, make_patient, make_user, make_mandate):
    """Ali Hassan (who signs in himself) and his sister Fatima, who helps him."""
    patient = make_patient(world.clinic, with_login=True, name="Ali Hassan")
    with app.app_context():
        user = db.session.get(User, patient.user_id)
        db.session.expunge(user)
    sister = make_user(Role.REPRESENTATIVE, name="Fatima Hassan")
    mandate = make_mandate(patient, sister, kind=MandateKind.RELATIVE_CONSENT)
    return patient, user, sister, mandate


def test_the_patient_reads_the_log_in_easy_words(client, world, sign_in, act_for, make_client):
    helper = make_client()
    sign_in(helper, world.god_man)
    act_for(helper, world.patient)
    helper.get(patient_url(world.patient, "/"))
    sign_in(client, world.patient_user)
    page = page_text(client, world.patient)
    assert "Birgitta Svensson tittade på din startsida" in page  # once, or twice with act_for
    assert "god man" in page  # who she is, in the list of people on the page


def test_a_helper_reads_about_the_patient_not_about_you(client, make_client, sign_in, ali, anna, log_event):
    patient, user, sister, mandate = ali
    log_event(anna, object_type="visits_staff.visit", patient=patient)
    log_event(anna, object_type="needs_staff.passport", patient=patient)
    log_event(
        user, object_type="preparation", action=AccessAction.UPDATE, acting_as="patient", patient=patient
    )
    log_event(
        sister,
        object_type="needs",
        action=AccessAction.UPDATE,
        acting_as="representative",
        mandate=mandate,
        patient=patient,
    )
    sign_in(client, sister)
    helper_page = page_text(client, patient)
    assert "Anna Lindqvist tittade på Alis besök." in helper_page
    assert "Anna Lindqvist tittade på Alis vårdpass." in helper_page
    assert "Ali Hassan ändrade sin förberedelse." in helper_page  # what he did himself
    assert "Du ändrade Alis anpassningar." in helper_page  # what the helper did
    for yours in ("ditt besök", "ditt vårdpass", "din förberedelse", "dina anpassningar"):
        assert yours not in helper_page
    patient_client = make_client()
    sign_in(patient_client, user)
    own_page = page_text(patient_client, patient)
    assert "Anna Lindqvist tittade på ditt besök." in own_page
    assert "Du ändrade din förberedelse." in own_page
    assert "Fatima Hassan ändrade dina anpassningar." in own_page
    assert "Alis" not in own_page


def test_a_helper_in_english_and_arabic(client, sign_in, ali, anna, log_event):
    patient, _user, sister, _mandate = ali
    log_event(anna, object_type="visits_staff.visit", patient=patient)
    sign_in(client, sister)
    client.post_form("/sprak", {"language": "en", "next": "/"})
    assert "Anna Lindqvist looked at Ali’s visit." in page_text(client, patient)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    assert "اطّلع Anna Lindqvist على زيارة Ali." in page_text(client, patient)


@pytest.mark.parametrize(
    ("name", "language", "whose"),
    [
        ("Ali", "sv", "Alis"),
        ("Maja", "sv", "Majas"),
        ("Lars", "sv", "Lars"),
        ("Max", "sv", "Max"),
        ("Liz", "sv", "Liz"),
        ("Ali", "en", "Ali’s"),
        ("Lars", "en", "Lars’s"),
        ("علي", "ar", "علي"),
    ],
)
def test_the_genitive_of_a_name(name, language, whose):
    assert genitive(name, language) == whose


def test_the_genitive_on_the_page(client, world, sign_in, make_patient, make_mandate, anna, log_event):
    lars = make_patient(world.clinic, name="Lars Berg")
    make_mandate(lars, world.god_man)
    log_event(anna, object_type="visits_staff.visit", patient=lars)
    sign_in(client, world.god_man)
    assert "Anna Lindqvist tittade på Lars besök." in page_text(client, lars)


def test_own_reads_stay_out(client, make_client, sign_in, ali, log_event):
    patient, user, sister, mandate = ali
    log_event(user, object_type="visits.visit", acting_as="patient", patient=patient)
    log_event(
        sister, object_type="needs.overview", acting_as="representative", mandate=mandate, patient=patient
    )
    sign_in(client, sister)
    helper_page = page_text(client, patient)
    assert "Ali Hassan tittade på sitt besök." in helper_page
    assert "Du tittade" not in helper_page
    patient_client = make_client()
    sign_in(patient_client, user)
    own_page = page_text(patient_client, patient)
    assert "Fatima Hassan tittade på dina anpassningar." in own_page
    assert "Du tittade" not in own_page and "ditt besök" not in own_page


def test_repeated_actions_fold_into_one_line(client, world, sign_in, anna, log_event):
    now = noon_today()  # not across midnight, whenever the test runs
    # Maja changed her preparation 12 times in 22 minutes while the vårdlots looked once.
    for n in range(12):
        log_event(
            world.patient_user,
            object_type="preparation",
            action=AccessAction.UPDATE,
            acting_as="patient",
            at=now - timedelta(minutes=2 * n),
            object_id="p1",
        )
        if n == 5:
            log_event(anna, object_type="visits_staff.preparation", at=now - timedelta(minutes=11))
    # The same an hour and a half earlier is another line; so is another person's.
    log_event(
        world.patient_user,
        object_type="preparation",
        action=AccessAction.UPDATE,
        acting_as="patient",
        at=now - timedelta(minutes=120),
        object_id="p1",
    )
    sign_in(client, world.patient_user)
    page = page_text(client, world.patient)
    assert page.count("Du ändrade din förberedelse 12 gånger.") == 1
    assert page.count("Du ändrade din förberedelse.") == 1
    assert page.count("Anna Lindqvist tittade på din förberedelse.") == 1
    assert page.index("12 gånger") < page.index("Anna Lindqvist") < page.index("Du ändrade din förberedelse.")
    client.post_form("/sprak", {"language": "en", "next": "/"})
    assert "You changed your preparation 12 times." in page_text(client, world.patient)


def test_a_folded_line_is_the_same_for_a_helper(client, world, sign_in, act_for, log_event):
    now = noon_today()  # not across midnight, whenever the test runs
    for n in range(3):
        log_event(
            world.patient_user,
            object_type="preparation",
            action=AccessAction.UPDATE,
            acting_as="patient",
            at=now - timedelta(minutes=n),
            object_id="p1",
        )
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    assert "Maja Andersson ändrade sin förberedelse 3 gånger." in page_text(client, world.patient)


def test_the_log_is_grouped_by_day_with_clock_times(client, world, sign_in, anna, log_event):
    now = noon_today()  # not across midnight, whenever the test runs
    log_event(anna, object_type="staff.patient", at=now - timedelta(minutes=1))
    log_event(anna, object_type="visits_staff.visit", at=now - timedelta(days=1))
    log_event(anna, object_type="needs_staff.passport", at=now - timedelta(days=40))
    sign_in(client, world.patient_user)
    page = page_text(client, world.patient)
    lines = page.split("\n")
    assert "I dag" in lines and "I går" in lines
    assert not any("klockan" in line for line in lines)  # the long date lines are gone
    assert re.search(r"\n\d\d:\d\d\n", page)
    assert (
        page.index("I dag")
        < page.index("tittade på dina uppgifter")
        < page.index("I går")
        < page.index("tittade på ditt besök")
        < page.index("tittade på ditt vårdpass")
    )


def test_a_page_past_the_end_says_there_is_no_more(client, world, sign_in):
    sign_in(client, world.patient_user)
    for start in ["999999999", "0", "x", "-5", "99999999999999999999"]:
        html = page_text(client, world.patient, {"fran": start})
        assert "Det finns inget mer att visa här." in html and "Ingen har tittat än." not in html


def test_another_patients_event_is_not_a_place_to_start(
    client, world, sign_in, make_patient, anna, log_event
):
    other = make_patient(world.clinic)
    secret = log_event(anna, object_type="staff.patient", patient=other)
    sign_in(client, world.patient_user)
    page = page_text(client, world.patient, {"fran": str(secret)})
    assert "Det finns inget mer att visa här." in page and "Anna" not in page


# --- many events: pages that add up, and easy to read ------------------------------------------


def _busy_log(world, make_staff, log_event, patient=None, helper=None, mandate=None):
    """200 events over three weeks, as a busy patient's log looks: the staff's lists and pages,
    the patient's and the god man's changes, often repeated, and the reader's own reads."""
    import random

    patient = patient or world.patient
    helper = helper or world.god_man
    mandate = mandate or world.mandate
    staff = [
        make_staff(world.clinic, name="Anna Lindqvist"),
        make_staff(world.clinic, name="Omar Haddad", profession=Profession.LAKARE),
        make_staff(world.clinic, name="Karin Ek", profession=Profession.SJUKSKOTERSKA),
        world.staff,
    ]
    staff_things = [
        "contact_staff.inbox",
        "visits_staff.visits",
        "staff.patients",
        "staff.patient",
        "visits_staff.visit",
        "visits_staff.preparation",
        "needs_staff.passport",
        "contact_staff.conversation",
        "staff.access_log",
    ]
    own_things = [
        ("preparation", AccessAction.UPDATE),
        ("needs", AccessAction.UPDATE),
        ("contact_message", AccessAction.CREATE),
        ("needs.passport_print", AccessAction.READ),
        ("visits.visit", AccessAction.READ),
        ("speech.clip", AccessAction.READ),
    ]
    pick = random.Random(15)
    now = noon_today()  # not across midnight, whenever the test runs
    at = now
    ids = []
    for _n in range(200):
        at -= timedelta(minutes=pick.choice([1, 3, 20, 50, 140, 400]))
        kind = pick.random()
        if kind < 0.55:
            ids.append(log_event(pick.choice(staff), object_type=pick.choice(staff_things), at=at))
        elif kind < 0.8:
            object_type, action = pick.choice(own_things)
            ids.append(
                log_event(
                    world.patient_user if patient is world.patient else helper,
                    object_type=object_type,
                    action=action,
                    at=at,
                    acting_as="patient",
                    patient=patient,
                )
            )
        else:
            object_type, action = pick.choice(own_things)
            ids.append(
                log_event(
                    helper,
                    object_type=object_type,
                    action=action,
                    at=at,
                    acting_as="representative",
                    mandate=mandate,
                    patient=patient,
                )
            )
    return ids


def test_pages_show_every_event_once(app, world, make_staff, log_event):
    _busy_log(world, make_staff, log_event)
    with app.test_request_context():
        patient = db.session.get(type(world.patient), world.patient.id)
        viewer = db.session.get(User, world.patient_user.id)
        expected = set(
            db.session.scalars(
                select(AccessEvent.id).where(
                    AccessEvent.patient_id == patient.id,
                    ~((AccessEvent.user_id == viewer.id) & (AccessEvent.action == AccessAction.READ)),
                )
            )
        )
        seen: list[int] = []
        start, pages = None, 0
        while True:
            log = patient_services.access_log_page(patient, viewer, start)
            pages += 1
            lines = [line for day in log.days for line in day.lines]
            assert 0 < len(lines) <= patient_services.LINES_PER_PAGE
            seen += [event.id for line in lines for event in line.events]
            if log.next_from is None:
                break
            start = log.next_from
    assert pages > 1
    assert len(seen) == len(set(seen)) and set(seen) == expected


@pytest.mark.one_database  # what the page says, not what the database does
def test_two_hundred_events_are_easy_to_read(
    client, make_client, world, sign_in, act_for, make_staff, log_event
):
    _busy_log(world, make_staff, log_event)
    helper = make_client()
    for reader, user in [(client, world.patient_user), (helper, world.god_man)]:
        sign_in(reader, user)
        if user is world.god_man:
            act_for(reader, world.patient)
        assert reader.post_form("/visning/easy_read", {"next": "/"}).status_code == 302
        pages, address = {}, patient_url(world.patient, "/vem-har-tittat")
        while address and len(pages) < 20:
            html = reader.get(address).get_data(as_text=True)
            pages[address] = html
            older = re.search(r'href="([^"]*\bfran=\d+)"', html)
            address = older.group(1).replace("&amp;", "&") if older else None
        assert len(pages) > 1
        problems = easy_problems(pages)
        assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


# --- print versions ---------------------------------------------------------------------------


@pytest.fixture
def visit_data(app, world, give_needs):
    give_needs(world.patient, {"quiet_room": ""})
    with app.app_context():
        return add_visit_data(db.session, world)


def test_opening_a_print_version_is_a_read_of_it_not_a_print(
    client, make_client, world, sign_in, act_for, visit_data, events
):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    staff = make_client()
    sign_in(staff, world.staff)
    pages = [
        (client, patient_url(world.patient, "/anpassningar/vardpass/utskrift"), "needs.passport_print", "1"),
        (
            client,
            patient_url(world.patient, f"/besok/{visit_data['visit_id']}/sa-gar-det-till"),
            "visits.schedule_print",
            visit_data["visit_id"],
        ),
        (
            client,
            patient_url(world.patient, f"/forbered/{visit_data['sent_prep_id']}/utskrift"),
            "prepare.print_summary",
            visit_data["sent_prep_id"],
        ),
        (
            staff,
            f"/personal/patienter/{world.patient.public_id}/anpassningar/vardpass/utskrift",
            "needs_staff.passport_print",
            "1",
        ),
    ]
    for reader, address, object_type, object_id in pages:
        before = len(events(patient_id=world.patient.id))
        assert reader.get(address).status_code == 200, address
        written = events(patient_id=world.patient.id)[before:]
        assert [(action, kind, oid) for _u, _p, action, kind, oid in written] == [
            ("read", object_type, object_id)
        ], address
    assert not events(action=AccessAction.PRINT)
    sign_in(client, world.patient_user)
    page = page_text(client, world.patient)
    assert "skrev ut" not in page
    assert "Birgitta Svensson tittade på ditt vårdpass." in page


def test_old_print_events_still_read_as_prints(client, world, sign_in, log_event, anna):
    log_event(
        anna,
        object_type="needs.passport",
        action=AccessAction.PRINT,
        at=datetime.now(UTC) - timedelta(days=400),
    )
    sign_in(client, world.patient_user)
    assert "Anna Lindqvist skrev ut ditt vårdpass." in page_text(client, world.patient)


def test_arabic_plurals_and_words(app, world, make_staff, log_event):
    from app.core.audit_words import patient_line

    log_event(world.patient_user, object_type="preparation", action=AccessAction.UPDATE, acting_as="patient")
    with app.test_request_context():
        event = db.session.scalar(select(AccessEvent))
        patient = db.session.get(type(world.patient), world.patient.id)
        viewer = db.session.get(User, world.patient_user.id)
        with force_locale("ar"):
            lines = {n: patient_line(event, patient, viewer, num=n) for n in (2, 3, 11, 100)}
        with force_locale("en"):
            assert patient_line(event, patient, viewer, num=2) == "You changed your preparation 2 times."
    assert len(set(lines.values())) == 4 and all("%" not in line for line in lines.values())


def test_a_page_and_its_print_version_fold_into_one_line(client, world, sign_in, anna, log_event):
    """Lines that would say the same fold: the vårdpass and its print version are both "ditt
    vårdpass" to the patient."""
    now = noon_today()  # not across midnight, whenever the test runs
    log_event(anna, object_type="needs_staff.passport_print", object_id="1", at=now)
    log_event(anna, object_type="needs_staff.passport", at=now - timedelta(minutes=1))
    sign_in(client, world.patient_user)
    page = page_text(client, world.patient)
    assert page.count("Anna Lindqvist tittade på ditt vårdpass 2 gånger.") == 1
    assert "ditt vårdpass." not in page
