"""Every patient-data route × every kind of user, generated from the URL map.

A route is a patient-data route when its view was wrapped by `access.patient_access` or
`access.acting_patient_access` (they mark the view with the capability it needs). For each such
route and each user we know, from the rules in docs/bars.md and not from the code under test,
whether it must be allowed. Allowed: the page answers and an access event is written for the
patient. Refused: 403, 404 or a redirect away, nothing in the database changes and no access
event is written.

Staff come in kinds by the duties the admin gave them (issue 18): a vårdlots as the migration
left one (coordinator and log reviewer), a coordinator, a clinician, a log reviewer, and a staff
member with no duties. The staff pages about no one patient are checked for each kind too.

Group homes (issue 21): the patient lives at a home that has the clinic's mandate for them (to see
and to prepare visits). Its staff and its manager act for the patient under that mandate; staff of
another home, and a former worker of this one, may not.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.core.grants import Capability
from app.extensions import db
from app.models import (
    AccessAction,
    AccessEvent,
    Application,
    MandateStatus,
    NeedRevision,
    Profession,
    Role,
    Scope,
    User,
)
from tests.support.people import helpers_read
from tests.support.visit_data import SENT_PREPARATION_ENDPOINTS, add_visit_data

# Tables that change merely because someone signs in or keeps a session alive.
SESSION_TABLES = {"access_events", "auth_sessions", "login_codes", "resume_drafts"}

ACTORS = [
    "nobody",
    "patient",
    "other_patient",
    "rep_full",
    "rep_see_only",
    "rep_revoked",
    "rep_expired",
    "home_staff",
    "home_manager",
    "other_home_staff",
    "former_home_staff",
    "staff",
    "coordinator",
    "clinician",
    "log_reviewer",
    "no_duties",
    "other_clinic_staff",
    "admin",
]

# The duties of each kind of staff member at the patient's clinic (world.staff is a vårdlots).
STAFF_DUTIES = {
    "staff": {"coordinator", "log_reviewer"},
    "coordinator": {"coordinator"},
    "clinician": {"clinician"},
    "log_reviewer": {"log_reviewer"},
    "no_duties": set(),
}
# Verifying, changing, revoking and adding mandates and inviting: the coordinator's (vårdlots,
# samordnare). Everything else about one patient (the card, needs, visits, answering, booking)
# is care work: the coordinator's and the clinician's.
COORDINATOR_ENDPOINTS = {
    "staff.invite_patient",
    "staff.invite_representative",
    "staff.mandate",
    "staff.mandate_verify",
    "staff.mandate_change",
    "staff.mandate_revoke",
    "staff.mandate_renew",
    "grouphome_staff.patient_home",
    "grouphome_staff.home_mandate_revoke",
}
# What the clinic's mandate to the patient's home lets its staff and manager do (world.home_mandate).
HOME_SCOPES = {Capability.SEE, Capability.PREPARE_VISITS}
HOME_ACTORS = {"home_staff", "home_manager"}
CARE_DUTIES = {"coordinator", "clinician"}


def patient_routes(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        capability = getattr(view, "required_capability", None)
        if capability is not None:
            yield rule, view, capability


def expected_allowed(actor: str, endpoint: str, view, capability: Capability) -> bool:
    if endpoint.startswith(
        (
            "staff.",
            "needs_staff.",
            "visits_staff.",
            "contact_staff.",
            "aftervisit_staff.",
            "plan_staff.",
            "checkup_staff.",
            "questions_staff.",
            "changes_staff.",
            "grouphome_staff.",
        )
    ):
        duties = STAFF_DUTIES.get(actor)
        if duties is None:  # not staff of the patient's clinic
            return False
        if endpoint in COORDINATOR_ENDPOINTS:
            return "coordinator" in duties
        return bool(duties & CARE_DUTIES)
    if view.patient_from == "for_patient":  # the pages under /min-sida/<patient id>/
        if capability is Capability.MANAGE:
            return False
        if actor == "patient" or actor == "rep_full":
            return True
        if actor in HOME_ACTORS:
            return capability in HOME_SCOPES
        return actor == "rep_see_only" and capability is Capability.SEE
    raise AssertionError(f"{endpoint}: no rule in the matrix for this kind of route")


def fingerprint(session) -> str:
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name in SESSION_TABLES:
            continue
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
        digest.update(f"{table.name}:{rows!r}".encode())
    return digest.hexdigest()


def events_for(session, patient_id) -> int:
    return session.scalar(
        select(func.count()).select_from(AccessEvent).where(AccessEvent.patient_id == patient_id)
    )


@pytest.fixture
def cast(
    app,
    world,
    make_user,
    make_mandate,
    make_patient,
    make_staff,
    make_home,
    make_home_member,
    make_home_mandate,
):
    """The patient of `world` and one user of every kind around them."""
    reps = {}
    for name, kw in {
        "rep_see_only": {"scopes": {Scope.SEE}},
        "rep_revoked": {"status": MandateStatus.REVOKED},
        "rep_expired": {"valid_until": date.today() - timedelta(days=1)},
    }.items():
        reps[name] = make_user(Role.REPRESENTATIVE)
        make_mandate(world.patient, reps[name], **kw)
    other = make_patient(world.clinic, with_login=True)
    # Another home of the clinic, with the clinic's mandate for the other patient.
    other_home = make_home(world.clinic, name="Björkbacken")
    make_home_mandate(other_home, other, scopes=set(Scope))
    home_staff = make_home_member(world.home).user_id
    other_home_staff = make_home_member(other_home).user_id
    former_home_staff = make_home_member(world.home, ended=True).user_id
    with app.app_context():
        db.session.add(
            NeedRevision(
                patient_id=world.patient.id,
                number=1,
                acting_as="patient",
                user_id=world.patient_user.id,
                needs={"quiet_room": ""},
                sections={},
            )
        )
        # An application to SMO sent to the clinic, not decided yet (app/apply/).
        application = Application(
            clinic_id=world.clinic.id, answers={}, name="Erik Holm", personnummer="191212121212"
        )
        db.session.add(application)
        db.session.commit()
        world.application_id = application.public_id
        world.visit_ids = add_visit_data(db.session, world)
        other_user = db.session.get(User, other.user_id)
        home_users = {
            name: db.session.get(User, user_id)
            for name, user_id in (
                ("home_staff", home_staff),
                ("other_home_staff", other_home_staff),
                ("former_home_staff", former_home_staff),
            )
        }
        db.session.expunge_all()
    users = {
        "coordinator": make_staff(world.clinic, Profession.VARDLOTS, duties=["coordinator"]),
        "clinician": make_staff(world.clinic, Profession.LAKARE),  # a doctor's usual duties
        "log_reviewer": make_staff(world.clinic, Profession.SJUKSKOTERSKA, duties=["log_reviewer"]),
        "no_duties": make_staff(world.clinic, Profession.FYSIOTERAPEUT, duties=[]),
        "patient": world.patient_user,
        "other_patient": other_user,
        "rep_full": world.god_man,
        "staff": world.staff,
        "other_clinic_staff": world.other_staff,
        "admin": world.admin,
        "home_manager": world.home_manager,
        **home_users,
        **reps,
    }
    return world, users


def url_values(rule, world, extra: dict | None = None) -> dict[str, str]:
    known = {
        **(extra or {}),
        "patient_id": world.patient.public_id,
        "for_patient": world.patient.public_id,
        "mandate_id": world.home_mandate.public_id
        if getattr(rule, "endpoint", "") == "grouphome_staff.home_mandate_revoke"
        else world.mandate.public_id,
        "home_id": getattr(getattr(world, "home", None), "public_id", ""),
        "member_id": getattr(getattr(world, "home_manager_member", None), "public_id", ""),
        # a needs category page, or a free-text page or a baseline area (both "ont"); version 1
        # of the needs profile
        "slug": "ont" if getattr(rule, "endpoint", "") in ("needs.section", "needs.usual_edit") else "tid",
        "number": 1,
        "app_id": getattr(world, "application_id", "0" * 32),
        # a table of the statistics, as CSV
        "table_key": "besok",
    }
    # A visit, a visit type and its step, a preparation (being answered, or sent), a request.
    visit_ids = dict(getattr(world, "visit_ids", {}))
    sent = visit_ids.pop("sent_prep_id", None)
    known.update(visit_ids)
    if getattr(rule, "endpoint", "") in SENT_PREPARATION_ENDPOINTS and sent:
        known["prep_id"] = sent
    missing = set(rule.arguments) - set(known)
    assert not missing, f"{rule.rule}: add {missing} to url_values() in the access matrix"
    return {name: known[name] for name in rule.arguments}


# In the PostgreSQL pass (scripts/test), the actors who between them open every patient page,
# so that each page's queries run on PostgreSQL too; the others are refused more often than let
# in, which is the access rules' logic, not the database's, and run in the SQLite pass only.
ON_EVERY_DATABASE = {"patient", "rep_full", "home_staff", "staff", "clinician", "other_clinic_staff"}


@pytest.mark.parametrize(
    "actor",
    [
        actor if actor in ON_EVERY_DATABASE else pytest.param(actor, marks=pytest.mark.one_database)
        for actor in ACTORS
    ],
)
def test_access_matrix(actor, app, client, cast, sign_in, act_for, query):
    world, users = cast
    if actor != "nobody":
        sign_in(client, users[actor])
    if actor.startswith("rep_") or "home_" in actor:
        # A representative opens the patient's pages first (the way they choose whom to help);
        # without a valid mandate (their own or their home's) that is refused.
        with app.test_request_context():
            home = url_for("patient.home", for_patient=world.patient.public_id)
        response = client.get(home)
        allowed_home = actor in ("rep_full", "rep_see_only", *HOME_ACTORS)
        assert (response.status_code == 200) == allowed_home, actor

    routes = list(patient_routes(app))
    assert routes, "no patient-data routes found"
    failures = []
    # The database's fingerprint as it stands, while no allowed request has run since it was taken
    # (a refused request must not change it; an allowed one may). Taken only around refused
    # requests: every table is read for it, and there are hundreds of requests per actor.
    known = None
    for rule, view, capability in routes:
        with app.test_request_context():
            url = url_for(rule.endpoint, **url_values(rule, world))
        allowed = actor != "nobody" and expected_allowed(actor, rule.endpoint, view, capability)
        refused_here = not allowed or actor == "nobody"
        for method in sorted(rule.methods & {"GET", "POST"}):
            before = (known or query(fingerprint)) if refused_here else None
            events_before = query(lambda s: events_for(s, world.patient.id))
            response = client.get(url) if method == "GET" else client.post_form(url, {})
            status = response.status_code
            events_after = query(lambda s: events_for(s, world.patient.id))
            where = f"{actor} {method} {rule.endpoint} ({url}) -> {status}"
            if actor == "nobody":
                if not (status == 302 and "/logga-in" in response.location):
                    failures.append(f"{where}: expected a redirect to sign-in")
            elif allowed:
                if status >= 400 or (method == "GET" and status != 200):
                    failures.append(f"{where}: expected to be allowed")
                elif events_after <= events_before:
                    failures.append(f"{where}: allowed but no access event was written")
                known = None
            else:
                refused = status in (403, 404) or (
                    status == 302 and urlsplit(response.location).path != urlsplit(url).path
                )
                if not refused:
                    failures.append(f"{where}: expected 403/404 or a redirect away")
            if refused_here:
                known = query(fingerprint)
                if known != before:
                    failures.append(f"{where}: refused, but the database changed")
                if events_after != events_before:
                    failures.append(f"{where}: refused, but an access event was written")
    assert not failures, "\n".join(failures)


def test_every_route_with_patient_data_declares_its_capability(app):
    for rule in app.url_map.iter_rules():
        touches_patient = rule.endpoint.startswith("patient.") or {"patient_id", "mandate_id"} & set(
            rule.arguments
        )
        if touches_patient:
            view = app.view_functions[rule.endpoint]
            assert getattr(view, "required_capability", None), (
                f"{rule.rule} touches patient data but is not wrapped by access.patient_access "
                "or access.acting_patient_access"
            )


def test_made_up_patient_ids_answer_404(app, client, cast, sign_in):
    world, _users = cast
    sign_in(client, world.staff)

    for rule, _view, _capability in patient_routes(app):
        if "patient_id" not in rule.arguments:
            continue
        values = url_values(rule, world)
        for fake in ("0" * 32, "finns-inte", world.patient.public_id[::-1]):
            values["patient_id"] = fake
            with app.test_request_context():
                url = url_for(rule.endpoint, **values)
            assert client.get(url).status_code in (404, 405), url


# --- staff pages about no one patient, by duties ------------------------------------------------
# Care work (the patient list, a new patient, the inbox, the visits, visit types, answer
# templates) is the coordinator's and the clinician's; the access log and its spot checks are the
# log reviewer's; the way in, one's own photo, one's own presentation, the clinic's team (Vem
# jobbar här?) and the pictograms are any staff member's; the team's order is the coordinator's.

LOG_REVIEW_ENDPOINTS = {"staff.access_log", "staff.spot_check"}
# The clinic's group homes: the coordinator's, as the mandates are.
HOME_ENDPOINTS = {
    "grouphome_staff.homes",
    "grouphome_staff.home_new",
    "grouphome_staff.home",
    "grouphome_staff.home_edit",
    "grouphome_staff.invite_manager",
    # The order of the clinic's team on Vem jobbar här?: the vårdlots's, as the homes are.
    "staff.team_move",
}
# Yes or no to an application to SMO: the coordinator's, as inviting patients and helpers is.
DECISION_ENDPOINTS = {"apply_staff.accept", "apply_staff.decline"}
ANY_STAFF_ENDPOINTS = {
    "staff.team_page",
    "staff.my_presentation",
    "staff.index",
    "staff.pictograms",
    "visits_staff.my_photo",
    "visits_staff.my_gender",
    "visits_staff.my_photo_remove",
}


def staff_page_allowed(actor: str, endpoint: str) -> bool:
    duties = STAFF_DUTIES[actor]
    if endpoint in ANY_STAFF_ENDPOINTS:
        return True
    if endpoint in LOG_REVIEW_ENDPOINTS:
        return "log_reviewer" in duties
    if endpoint in HOME_ENDPOINTS or endpoint in DECISION_ENDPOINTS:
        return "coordinator" in duties
    return bool(duties & CARE_DUTIES)


def _all_events(session) -> int:
    return session.scalar(select(func.count()).select_from(AccessEvent))


@pytest.mark.parametrize("actor", list(STAFF_DUTIES))
def test_staff_pages_about_no_one_patient_by_duties(actor, app, client, cast, sign_in, query):
    world, users = cast

    event_id = helpers_read(query, world)  # nobody signed in here did it
    sign_in(client, users[actor])
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/personal") and "patient_id" not in rule.arguments
    ]
    assert len(rules) > 20, "the staff pages were not found"
    failures = []
    for rule in rules:
        with app.test_request_context():
            url = url_for(rule.endpoint, **url_values(rule, world, {"event_id": event_id}))
        allowed = staff_page_allowed(actor, rule.endpoint)
        for method in sorted(rule.methods & {"GET", "POST"}):
            before, events_before = query(fingerprint), query(_all_events)
            response = client.get(url) if method == "GET" else client.post_form(url, {})
            where = f"{actor} {method} {rule.endpoint} ({url}) -> {response.status_code}"
            if allowed:
                if response.status_code == 403 or response.status_code >= 500:
                    failures.append(f"{where}: expected to be allowed")
            else:
                if response.status_code != 403:
                    failures.append(f"{where}: expected 403")
                if query(fingerprint) != before or query(_all_events) != events_before:
                    failures.append(f"{where}: refused, but the database changed")
    assert not failures, "\n".join(failures)


# --- pages about many patients ------------------------------------------------------------------
# The inbox, the visit list, the patient list, the access log and the spot check show data of
# several patients at once (or of one, without a patient id in the URL). Each writes one read for
# every patient it shows, and nothing for anyone else; a page that shows nobody writes nothing.

SHOWN = re.compile(r'href="/personal/patienter/([0-9a-f]{32})')


def _new_events(query, since: int) -> list[tuple[int | None, str]]:
    return query(
        lambda s: s.execute(
            select(AccessEvent.patient_id, AccessEvent.object_type).where(
                AccessEvent.id > since, AccessEvent.action == AccessAction.READ
            )
        ).all()
    )


def _last_event_id(query) -> int:
    return query(lambda s: s.scalar(select(func.max(AccessEvent.id)))) or 0


@pytest.fixture
def crowd(app, cast, make_patient, sign_in, client, query):
    """The world of `cast`, and a second patient of the clinic (with a message to the vårdlots,
    no visits), a patient of another clinic with a visit, each read once already; the staff
    member of the clinic signed in."""
    from app.models import ContactMessage, Conversation, Patient, Visit

    world, users = cast
    second = query(lambda s: s.scalar(select(Patient).where(Patient.user_id == users["other_patient"].id)))
    stranger = make_patient(world.other_clinic, name="Otto Annan")

    def add(session):
        conversation = Conversation(patient_id=second.id, clinic_id=world.clinic.id)
        conversation.messages = [
            ContactMessage(
                user_id=second.user_id, acting_as="patient", phrases=["time"], text="Kan ni ringa?"
            )
        ]
        visit = session.scalar(select(Visit).where(Visit.patient_id == world.patient.id))
        session.add_all(
            [
                conversation,
                Visit(
                    patient_id=stranger.id,
                    clinic_id=world.other_clinic.id,
                    visit_type_id=visit.visit_type_id,
                    starts_at=visit.starts_at,
                    minutes=30,
                ),
            ]
        )
        session.commit()

    query(add)
    sign_in(client, world.staff)
    for patient in (world.patient, second):
        assert client.get(f"/personal/patienter/{patient.public_id}").status_code == 200
    other = app.test_client()
    sign_in(other, world.other_staff)
    assert other.get(f"/personal/patienter/{stranger.public_id}").status_code == 200
    colleague = app.test_client()  # whose read the signed-in staff member may spot-check
    sign_in(colleague, users["clinician"])
    assert colleague.get(f"/personal/patienter/{world.patient.public_id}").status_code == 200
    return world, {"first": world.patient, "second": second, "stranger": stranger}


def _first_event(query, patient, not_by) -> int:
    """The first event about `patient` by someone else than `not_by` (nobody spot-checks their own)."""
    return query(
        lambda s: s.scalar(
            select(func.min(AccessEvent.id)).where(
                AccessEvent.patient_id == patient.id, AccessEvent.user_id != not_by.id
            )
        )
    )


# (address, object type, the patients it shows); "{first}" is replaced by the first patient's id.
MANY_PATIENT_PAGES = [
    ("/personal/inkorg", "contact_staff.inbox", {"first", "second"}),
    ("/personal/inkorg?patient={first}", "contact_staff.inbox", {"first"}),
    ("/personal/inkorg?slag=callback&patient={second}", "contact_staff.inbox", set()),
    ("/personal/besok", "visits_staff.visits", {"first"}),
    ("/personal/patienter", "staff.patients", {"first", "second"}),
    ("/personal/patienter?q=Maja", "staff.patients", {"first"}),
    ("/personal/patienter?q=Ingen+heter+så", "staff.patients", set()),
    ("/personal/patienter/{first}", "staff.patient", {"first"}),
    ("/personal/logg", "staff.access_log", {"first", "second"}),
    ("/personal/logg?patient={second}", "staff.access_log", {"second"}),
    ("/personal/logg?date_from=2001-01-01&date_to=2001-01-02", "staff.access_log", set()),
    ("/personal/logg/{event}/kontroll", "staff.spot_check", {"first"}),
]


@pytest.mark.parametrize(
    "address, object_type, shown", MANY_PATIENT_PAGES, ids=[a for a, _o, _s in MANY_PATIENT_PAGES]
)
def test_pages_about_many_patients_log_a_read_for_each_patient_shown(
    address, object_type, shown, client, crowd, query
):
    world, patients = crowd
    url = address.format(
        first=patients["first"].public_id,
        second=patients["second"].public_id,
        event=_first_event(query, patients["first"], not_by=world.staff),
    )
    since = _last_event_id(query)
    response = client.get(url)
    assert response.status_code == 200, url
    new = _new_events(query, since)
    ids = {name: patient.id for name, patient in patients.items()}
    expected = sorted((ids[name], object_type) for name in shown)
    assert sorted(row for row in new if row[0] is not None) == expected, url
    # The page's links to patients are those it logged, and nothing is logged without a patient.
    linked = set(SHOWN.findall(response.get_data(as_text=True)))
    if object_type != "staff.spot_check":  # the spot check names the patient, with no link
        assert linked == {patients[name].public_id for name in shown}, url
    assert all(patient_id is not None for patient_id, _ in new), url
