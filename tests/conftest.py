"""Fixtures: the app on a real database (a SQLite file, or PostgreSQL when
LOTSEN_TEST_DATABASE_URL says so), each test rolled back, factories, a page-checking client."""

from __future__ import annotations

import email
import os
import sys
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from app.models import (
    AccessEvent,
    Clinic,
    Mandate,
    MandateKind,
    MandateStatus,
    Patient,
    Profession,
    Role,
    Scope,
    StaffMember,
    User,
    utcnow,
)
from app.passwords import hash_password
from app.personnummer import luhn_check_digit

from .pages import PageCheckingClient

# scripts/live.py: the live server and the outbox reading, shared with the load and benchmark scripts.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import live  # noqa: E402

PASSWORD = "rätt häst batteri häftklammer"  # noqa: S105
# One schema per pytest-xdist worker (scripts/test runs the PostgreSQL pass on two).
PG_SCHEMA = "lotsen_test" + (f"_{os.environ['PYTEST_XDIST_WORKER']}"
                             if os.environ.get("PYTEST_XDIST_WORKER") else "")


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("LOTSEN_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'lotsen-test.sqlite'}"
    # A schema of our own in the shared test database, new for every run.
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{PG_SCHEMA}"


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    outbox = tmp_path_factory.mktemp("outbox")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
        MAIL_OUTBOX = outbox
        INSTANCE_DIR = tmp_path_factory.mktemp("instance")

    app = create_app(Config)
    app.test_client_class = PageCheckingClient
    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """The app, with everything a test writes rolled back afterwards."""
    with _app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
    original = db.session
    db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                     expire_on_commit=False),
        scopefunc=original.registry.scopefunc,
    )
    with _app.app_context():
        limiter.reset()
    try:
        yield _app
    finally:
        with _app.app_context():
            db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_client(app):
    """More than one browser at once (a patient and their god man, say)."""
    return app.test_client


# --- factories --------------------------------------------------------------------------------
# They commit inside their own app context and return the objects detached, so tests never
# hold an app context open across requests (Flask would share `g` between them).

_hash_cache: dict[str, str] = {}


def _password_hash() -> str:
    if PASSWORD not in _hash_cache:
        _hash_cache[PASSWORD] = hash_password(PASSWORD)
    return _hash_cache[PASSWORD]


def _save(app, *objects):
    with app.app_context():
        db.session.add_all(objects)
        db.session.commit()
        for obj in objects:
            db.session.refresh(obj)
        db.session.expunge_all()
    return objects[0]


_counter = iter(range(1, 10**9))


def _unique() -> int:
    return next(_counter)


def personnummer(born: str = "19800101", serial: str | None = None) -> str:
    serial = serial or f"{_unique() % 1000:03d}"
    return born + serial + str(luhn_check_digit(born[2:] + serial))


@pytest.fixture
def make_clinic(app):
    def make(name: str | None = None, **kw) -> Clinic:
        n = _unique()
        return _save(app, Clinic(name=name or f"Vårdcentral {n}", county_part="Södra länet",
                                 phone="019-10 20 30", opening_hours="8–17",
                                 vardlots_email=f"vardlots{n}@exempel.se", **kw))
    return make


@pytest.fixture
def make_user(app):
    def make(role: Role, name: str | None = None, email: str | None = None,
             password: bool = True, **kw) -> User:
        n = _unique()
        return _save(app, User(email=email or f"user{n}@exempel.se", name=name or f"Person {n}",
                               role=role, password_hash=_password_hash() if password else None,
                               **kw))
    return make


@pytest.fixture
def make_staff(app, make_user):
    def make(clinic: Clinic, profession: Profession = Profession.VARDLOTS, **kw) -> User:
        user = make_user(Role.STAFF, **kw)
        _save(app, StaffMember(user_id=user.id, clinic_id=clinic.id, profession=profession))
        return user
    return make


@pytest.fixture
def make_patient(app, make_user):
    def make(clinic: Clinic, *, with_login: bool = False, name: str | None = None,
             **kw) -> Patient:
        user = make_user(Role.PATIENT, name=name) if with_login else None
        n = _unique()
        return _save(app, Patient(clinic_id=clinic.id, name=name or f"Patient {n} Testsson",
                                  personnummer=personnummer(),
                                  user_id=user.id if user else None, **kw))
    return make


@pytest.fixture
def make_mandate(app, make_user):
    def make(patient: Patient, representative: User | None = None, *,
             scopes: set[Scope] | None = None, status: MandateStatus = MandateStatus.ACTIVE,
             valid_until=None, kind: MandateKind = MandateKind.GOD_MAN) -> Mandate:
        representative = representative or make_user(Role.REPRESENTATIVE)
        mandate = Mandate(patient_id=patient.id, representative_id=representative.id, kind=kind,
                          status=status, valid_until=valid_until,
                          verified_at=utcnow() if status is MandateStatus.ACTIVE else None)
        mandate.set_scopes(set(Scope) if scopes is None else scopes)
        return _save(app, mandate)
    return make


@pytest.fixture
def give_needs(app):
    """Save a needs profile for a patient ({code: comment}), as the patient's next version."""
    def give(patient: Patient, needs: dict[str, str], user: User | None = None):
        from app.models import NeedRevision

        with app.app_context():
            number = 1 + (db.session.scalar(select(func.max(NeedRevision.number)).where(
                NeedRevision.patient_id == patient.id)) or 0)
            revision = NeedRevision(patient_id=patient.id, number=number, acting_as="patient",
                                    user_id=(user.id if user else patient.user_id),
                                    needs=needs, sections={})
        return _save(app, revision)
    return give


def latest_mail(app, to: str) -> email.message.EmailMessage:
    """The newest e-mail in the outbox for this address."""
    message = live.latest_mail(Path(app.config["MAIL_OUTBOX"]), to)
    assert message is not None, f"no e-mail to {to}"
    return message


def login_code(app, to: str) -> str:
    return live.latest_code(Path(app.config["MAIL_OUTBOX"]), to)


@pytest.fixture
def sign_in(app):
    """Sign in through the real pages (with the e-mailed code for staff and admins)."""
    def do(client, user: User, password: str = PASSWORD):
        response = client.post_form("/logga-in", {"email": user.email, "password": password})
        assert response.status_code == 302, "sign-in failed"
        if response.location.endswith("/logga-in/kod"):
            response = client.post_form("/logga-in/kod", {"code": login_code(app, user.email)})
            assert response.status_code == 302, "code not accepted"
        return response
    return do


@pytest.fixture
def act_for(app):
    """A representative chooses whom to help."""
    def do(client, patient: Patient):
        response = client.get(patient_url(patient))
        assert response.status_code == 200
        return response
    return do


@pytest.fixture
def query(app):
    """Run a function against the database in its own app context (between requests)."""
    def run(fn):
        with app.app_context():
            return fn(db.session)
    return run


@pytest.fixture
def world(app, make_clinic, make_staff, make_patient, make_mandate, make_user):
    """A small clinic world: a patient with a login, their god man, staff here and elsewhere."""
    clinic = make_clinic("Kumla vårdcentral")
    other_clinic = make_clinic("Lindesbergs vårdcentral")
    staff = make_staff(clinic)
    other_staff = make_staff(other_clinic)
    patient = make_patient(clinic, with_login=True, name="Maja Andersson")
    god_man = make_user(Role.REPRESENTATIVE, name="Birgitta Svensson")
    mandate = make_mandate(patient, god_man)
    admin = make_user(Role.ADMIN)
    with app.app_context():
        patient_user = db.session.get(User, patient.user_id)
        db.session.expunge(patient_user)
    return SimpleNamespace(clinic=clinic, other_clinic=other_clinic, staff=staff,
                           other_staff=other_staff, patient=patient, patient_user=patient_user,
                           god_man=god_man, mandate=mandate, admin=admin)


@pytest.fixture
def staff_client(client, world, sign_in):
    """The test client, signed in as a vårdlots at world.clinic."""
    sign_in(client, world.staff)
    return client


@pytest.fixture
def events(query):
    """The access events as (user_id, patient_id, action, object_type, object_id) tuples."""
    def read(**where):
        def run(session):
            stmt = select(AccessEvent).order_by(AccessEvent.id)
            for key, value in where.items():
                stmt = stmt.where(getattr(AccessEvent, key) == value)
            return [(e.user_id, e.patient_id, e.action.value, e.object_type, e.object_id)
                    for e in session.scalars(stmt)]
        return query(run)
    return read


# --- visits: real values for the visit URL arguments --------------------------------------------

def _tiny_jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 220, 255)).save(out, "JPEG")
    return out.getvalue()


def add_visit_data(session, world) -> dict:
    """For the patient of `world`: a visit type whose first step has a photo and two variants for
    needs (so that they can be moved), two booked
    visits (with a staff member who has a photo), a preparation still being answered and one
    sent, a visit request, a conversation with the vårdlots and a callback request; and two
    answer templates of the clinic's own (so the first may be removed).

    Returns a value for every visit URL argument; `prep_id` is the one being answered, and
    ("sent", "prep_id") the sent one (the pages about what was sent need that one).
    """
    from datetime import timedelta

    from app.models import (
        AnswerTemplate,
        CallbackRequest,
        ContactMessage,
        Conversation,
        Photo,
        Preparation,
        PreparationStatus,
        StaffMember,
        Visit,
        VisitRequest,
        VisitStep,
        VisitStepVariant,
        VisitType,
    )

    member = session.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
    photo = Photo(clinic_id=world.clinic.id, content_type="image/jpeg", width=4, height=3,
                  data=_tiny_jpeg())
    member.photo = Photo(clinic_id=world.clinic.id, content_type="image/jpeg", width=4,
                         height=3, data=_tiny_jpeg())
    visit_type = VisitType(clinic_id=world.clinic.id, name="Hälsokontroll",
                           pictogram="stethoscope", minutes=30)
    visit_type.steps = [VisitStep(position=1, pictogram="door-in", text="Du kommer.", photo=photo),
                        VisitStep(position=2, pictogram="visit-done", text="Klart!")]
    # The first step told another way for a patient who does not speak, or who waits in the car.
    variant = VisitStepVariant(position=1, need="no_speech", text="Du visar ditt kort.",
                               pictogram="id-card")
    in_car = VisitStepVariant(position=2, need="wait_in_car", text="Du väntar i bilen.",
                              pictogram="wait-in-car")
    visit_type.steps[0].variants = [variant, in_car]
    visits = [Visit(patient_id=world.patient.id, clinic_id=world.clinic.id,
                    visit_type=visit_type, starts_at=utcnow() + timedelta(days=days),
                    minutes=30, staff=[member], room="Rum 4") for days in (3, 5)]
    answering = Preparation(patient_id=world.patient.id, visit=visits[0], step="varfor",
                            answers={"varfor": {"choices": ["check"], "text": ""}})
    sent = Preparation(patient_id=world.patient.id, visit=visits[1], step="kontrollera",
                       answers={"varfor": {"choices": ["ill"], "text": "Hosta"}},
                       status=PreparationStatus.SUBMITTED, submitted_at=utcnow(),
                       submitted_by_id=world.patient_user.id, submitted_acting_as="patient")
    request = VisitRequest(patient_id=world.patient.id, clinic_id=world.clinic.id,
                           reasons=["ill"], times=["morning"], text="",
                           user_id=world.patient_user.id, acting_as="patient")
    conversation = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
    conversation.messages = [ContactMessage(user_id=world.patient_user.id, acting_as="patient",
                                            phrases=["medicine"], text="Slut på tabletter")]
    callback = CallbackRequest(patient_id=world.patient.id, clinic_id=world.clinic.id,
                               user_id=world.patient_user.id, acting_as="patient",
                               whom="patient", phone="0701234567", days=["mon"],
                               times=["morning"], topics=["time"])
    templates = [AnswerTemplate(clinic_id=world.clinic.id, position=n, title=title, text=text)
                 for n, (title, text) in enumerate([("Ny tid", "Du har fått en ny tid."),
                                                    ("Ring", "Vi ringer dig i dag.")], 1)]
    session.add_all([visit_type, *visits, answering, sent, request, conversation, callback,
                     *templates])
    session.commit()
    return {"conversation_id": conversation.public_id, "callback_id": callback.public_id,
            "visit_id": visits[0].public_id, "prep_id": answering.public_id,
            "sent_prep_id": sent.public_id, "step_key": "varfor",
            "type_id": visit_type.public_id, "step_id": visit_type.steps[0].public_id,
            "photo_id": photo.public_id, "request_id": request.public_id,
            "template_id": templates[0].public_id, "variant_id": variant.public_id}


# Pages about a sent preparation take the sent one.
SENT_PREPARATION_ENDPOINTS = {"prepare.sent", "prepare.reopen", "prepare.print_summary",
                              "visits_staff.preparation", "visits_staff.preparation_read"}


def set_reader(query, user: User, language: str = "sv", easy: bool = False) -> None:
    """Give a user another interface language and easy-read setting (as Inställningar would)."""
    def run(session):
        found = session.get(User, user.id)
        found.language, found.easy_read = language, easy
        session.commit()
    query(run)


def patient_url(patient: Patient, rest: str = "/") -> str:
    """The address of a page under /min-sida/ for `patient` (e.g. patient_url(p, "/kontakt/")):
    every patient-side address names the person it is for."""
    return f"/min-sida/{patient.public_id}{rest}"


def next_weekday(after: date | None = None) -> date:
    """The first Monday-to-Friday day after `after` (default: today): calls are planned on
    weekdays, so tests that plan one must not land on a weekend whatever day they run."""
    day = (after or date.today()) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
