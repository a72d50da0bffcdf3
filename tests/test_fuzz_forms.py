"""Every form, filled by Hypothesis with random and hostile values, for every kind of user.

The forms are found, not listed: for each role we fetch every GET page of the URL map (URL
arguments filled from the test world, as in the access matrix) and parse each
`<form method="post">` on it. A new form on any page is therefore fuzzed without touching this file.

docs/bars.md: "Bad input (too long, the wrong type, another patient's id, a broken upload, a forged
or replayed form) gets a clear message or error page in easy words: never a 500 and never a
change." So each submission must be
either accepted (a redirect, which may change data) or refused clearly (400/403/404/413/429 error
page, or the form again with status 200 and a title that begins with "Fel:"), and a refused
submission must leave every table as it was (see IGNORED_TABLES for the exceptions).

The CSRF token is always the valid one (forged tokens are tested elsewhere), so the values reach
the validation. Examples of one form run inside one test against a shared database: an accepted
example may change data, so each refused example is compared with its own before-snapshot, and
after an accepted one the client is brought back to the role's sign-in state.
"""

from __future__ import annotations

import itertools
import os
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from flask import url_for
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.auth import services as auth_services
from app.extensions import db, limiter
from app.models import (
    AccessAction,
    AccessEvent,
    Application,
    AuthSession,
    Invitation,
    MailNotice,
    MandateStatus,
    PasswordReset,
    Role,
    StaffMember,
    User,
    Visit,
    utcnow,
)
from app.pictograms import sheet_version
from app.tokens import hash_token, new_link_token
from tests.support.accounts import PASSWORD, password_hash
from tests.support.forms import Field, Form, changes, forms_on, snapshot
from tests.support.pages import ERROR_PREFIXES, title_of
from tests.support.tablet import add_tablet
from tests.support.visit_data import SENT_PREPARATION_ENDPOINTS, add_visit_data

from .test_access_matrix import url_values as matrix_url_values

EXAMPLES = int(os.environ.get("LOTSEN_FUZZ_EXAMPLES", "12"))

# "second_factor": a staff member who gave the right password and is asked for the e-mailed code.
ROLES = ["signed_out", "second_factor", "patient", "representative", "staff", "admin", "home_manager"]

# Tables left out of the "nothing changed" snapshot, and why:
# - auth_sessions: the server side of a sign-in; every request may move `last_seen` forward
#   (that is what keeps a session alive), and signing in or out adds or ends a row.
# - login_codes: a wrong second-factor code is *meant* to count (`failed_attempts`, and the code
#   is spent after five): that is the brute-force guard, not a change of the user's data.
# - resume_drafts: written only when a session ran out mid-form, so nothing typed is lost;
#   session bookkeeping, like auth_sessions.
IGNORED_TABLES = {"auth_sessions", "login_codes", "resume_drafts"}
# In access_events, READ rows are left out too: the log is append-only and showing the form again
# (with the patient's data on it) is a read that must be logged. Every other action (create,
# update, delete, print, export) is part of the snapshot: a refused submission must log none.

# GET routes that serve files or data, not pages with forms: a clip read aloud and its word timings.
NOT_PAGES = {"static", "speech.clip", "speech.timings"}

CLEAR_REFUSALS = {400, 403, 404, 413, 429}
ACCEPTED = {302, 303}
# Buttons that show their form again on purpose, without an error, and save nothing: the LIX
# preview of a staff answer, and "Använd mallen" (the template goes into the answer). Pressed,
# the form may come back as it is, but the database must be as before, as for a refusal.
# "Så brukar jag vara": a tapped example comes back in the text box, not saved.
SHOWS_AGAIN = {("go", "preview"), ("go", "template"), *{("go", f"add:{number}") for number in range(10)}}
# Searches that are posted (so that a personnummer never lands in an address or the browser's
# history): they show their form again with the results, and save nothing but the reads.
SEARCHES = {"/personal/patienter"}


# --- finding the forms ----------------------------------------------------------------------------


def url_candidates(rule, ids) -> list[str]:
    """Every URL for this rule with its arguments filled from the world (all combinations)."""
    matrix_args = {"patient_id", "for_patient", "mandate_id"} & set(rule.arguments)
    mandate_ids = ids.mandate_ids if "mandate_id" in matrix_args else [None]
    known = {
        "staff_id": ids.staff_ids,
        "clinic_id": ids.clinic_ids,
        "home_id": ids.home_ids,
        "member_id": ids.member_ids,
        "event_id": ids.event_ids,
        "token": ids.tokens,
        "number": [1],
        "rest": ["kontakt/"],  # an address from before the patient's id was in it
        "version": ids.sheet_versions,  # the sheet of every picture's drawing
        "device_id": ids.device_ids,  # the home's tablet
        # two needs categories (the biggest form among them) and two free-text pages; two
        # areas of "Så brukar jag vara"
        "slug": ["ont", "prata"]
        if rule.endpoint == "needs.section"
        else ["sova", "ont"]
        if rule.endpoint == "needs.usual_edit"
        else ["tid", "kommunikation"],
    }
    # The visit pages: the preparation being answered (its first two steps), or the sent one.
    visits = ids.visit_ids
    known.update(
        {
            name: [visits[name]]
            for name in (
                "visit_id",
                "type_id",
                "step_id",
                "photo_id",
                "request_id",
                "conversation_id",
                "callback_id",
                "template_id",
                "variant_id",
                "summary_id",
                "next_step_id",
                "plan_id",
                "goal_id",
                "round_id",
                "note_id",
            )
        }
    )
    known["prep_id"] = [visits["sent_prep_id" if rule.endpoint in SENT_PREPARATION_ENDPOINTS else "prep_id"]]
    known["step_key"] = ["varfor", "ont"]
    known["app_id"] = ids.application_ids  # an application to SMO, not decided yet
    known["table_key"] = ["besok"]  # a table of the statistics, as CSV (a GET: nothing to fuzz)
    # The questions before the health check: one card and a text, several cards, a text alone.
    known["question_key"] = ["sova", "humor", "prata"]
    missing = set(rule.arguments) - matrix_args - set(known)
    assert not missing, f"{rule.rule}: add {missing} to url_candidates() in the form fuzzer"
    urls = []
    for mandate_id in mandate_ids:
        world = SimpleNamespace(patient=ids.world.patient, mandate=SimpleNamespace(public_id=mandate_id))
        base = matrix_url_values(SimpleNamespace(rule=rule.rule, arguments=matrix_args), world)
        others = sorted(set(rule.arguments) - matrix_args)
        for combo in itertools.product(*(known[name] for name in others)):
            urls.append(url_for(rule.endpoint, **base, **dict(zip(others, combo, strict=True))))
    return urls


def discover(app, client, ids) -> list[Form]:
    """Every distinct POST form on every GET page this client can open."""
    with app.test_request_context():
        urls = [
            url
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint not in NOT_PAGES
            for url in url_candidates(rule, ids)
        ]
    found: dict[tuple, Form] = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in forms_on(response.get_data(as_text=True), url):
            if form.method == "post":
                found.setdefault(form.key(), form)
    return list(found.values())


# --- the snapshot -------------------------------------------------------------------------------


def fuzz_snapshot(session) -> dict:
    """The database without what may change on a refusal (IGNORED_TABLES, logged reads)."""
    tables = snapshot(session)
    kept = {name: rows for name, rows in tables.items() if name not in IGNORED_TABLES}
    events = AccessEvent.__tablename__
    kept[events] = {key: row for key, row in kept[events].items() if row["action"] != AccessAction.READ}
    return kept


# --- the values -----------------------------------------------------------------------------------

EDGE = st.sampled_from(
    [
        "",
        " ",
        "   ",
        "\t",
        "\u00a0",
        "\u200b",
        "0",
        "-1",
        "1.5",
        "1e309",
        "NaN",
        "-0",
        "99999999999999999999999",
        "2026-02-30",
        "0000-00-00",
        "9999-12-31",
        "1899-12-31",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "%s%n%x",
        "{{ 7*7 }}",
        "null",
        "None",
        "true",
        "on",
        "off",
        "[]",
        "{}",
        "javascript:alert(1)",
        "//evil.example/",
        "https://evil.example/",
        "namn@exempel.se",
        "a@b",
        "@",
        "x" * 255 + "@exempel.se",
        "19121212-1212",
        "191212121212",
        "19121212-1213",
        "20991231-0000",
    ]
)
ALPHABETS = st.text(
    alphabet=st.sampled_from("مرحبا بكم في لوتسن漢字かなカナ한국어😀👩‍⚕️🏥🇸🇪åäöÅÄÖéü\u202e\u200f\ufeff"),
    min_size=1,
    max_size=40,
)
CONTROL = st.builds(
    lambda a, c, b: a + c + b,
    st.text(max_size=10),
    st.sampled_from(["\x00", "\x1b[31m", "\r\n", "\n", "\r", "\x7f", "\x08", "\u2028", "\x0c", "\t"]),
    st.text(max_size=10),
)
LONG = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["a", "å", "ع", "字", "😀", "1", " ", "\n"]),
    st.integers(10_000, 12_000),
)
NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats().map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
)


def field_values(spec: Field, ids) -> st.SearchStrategy[str]:
    offered = [v for v in spec.offered if v is not None]
    known = st.sampled_from(offered) if offered else st.just("")
    return st.one_of(
        known,
        known,  # the page's own choices (twice as likely), so other fields get checked too
        EDGE,
        ALPHABETS,
        CONTROL,
        LONG,
        NUMBERS,
        st.text(max_size=60),
        st.sampled_from(ids.foreign_ids),
    )


def form_data(form: Form, ids) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Each field missing, once, or twice; sometimes an extra field nobody asked for."""
    per_field = [
        st.lists(field_values(spec, ids), min_size=0, max_size=2).map(
            lambda values, name=name: [(name, v) for v in values]
        )
        for name, spec in form.fields.items()
        if name != "csrf_token"
    ]
    extra = st.lists(
        st.tuples(
            st.sampled_from(["id", "patient_id", "user_id", "role", "clinic_id"]),
            st.sampled_from(ids.foreign_ids),
        ),
        max_size=1,
    )
    return st.tuples(*per_field, extra).map(lambda parts: [pair for part in parts for pair in part])


# --- the world and the roles ------------------------------------------------------------------------


def _sheet_version(app) -> str:
    with app.app_context():
        return sheet_version()


@pytest.fixture
def fuzz_world(
    app, world, make_clinic, make_patient, make_staff, make_user, make_mandate, make_home_member, query
):
    """The world, plus what the URL arguments and the hostile values need."""
    far_clinic = make_clinic("Hällefors vårdcentral")
    stranger = make_patient(far_clinic, with_login=True, name="Sara Främling")
    # Never health-checked, with no round open: Hälsokontroller offers "Bjud in" for her.
    make_patient(world.clinic, name="Lina Aldrig")
    awaiting = make_mandate(world.patient, status=MandateStatus.AWAITING_VERIFICATION)
    invited = make_mandate(world.patient, status=MandateStatus.INVITED)
    inactive_staff = make_staff(world.clinic, active=False)
    invited_staff = make_staff(world.clinic, password=False)
    # A colleague's read in the log: a spot check is of someone else's event, never one's own.
    colleague = make_staff(world.clinic)
    invitee = make_user(Role.PATIENT, password=False)
    home_worker = make_home_member(world.home)  # whom the home's manager may remove
    # Invited to the home and not yet accepted: the manager may send the invitation again or
    # take it back.
    home_invitee = make_home_member(world.home, make_user(Role.REPRESENTATIVE, password=False))

    def setup(session):
        session.add(
            Invitation(
                token_hash=hash_token(new_link_token()),
                user_id=home_invitee.user_id,
                clinic_id=world.clinic.id,
                created_by_id=world.home_manager.id,
                expires_at=utcnow() + timedelta(days=7),
                home_member_id=home_invitee.id,
            )
        )
        staff_ids = [
            session.scalar(select(StaffMember.public_id).where(StaffMember.user_id == u.id))
            for u in (world.staff, inactive_staff, invited_staff)
        ]
        event = AccessEvent(
            user_id=colleague.id,
            acting_as="staff",
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            action=AccessAction.READ,
            object_type="patient",
        )
        reset_token = new_link_token()
        waiting_notice = MailNotice(
            to="vardlots@exempel.se",
            subject="Nytt i Lotsen",
            body="Hej!",
            reason="visit",
            attempts=1,
            next_try_at=utcnow(),
        )
        session.add_all(
            [
                event,
                waiting_notice,
                PasswordReset(
                    user_id=world.patient_user.id,
                    token_hash=hash_token(reset_token),
                    expires_at=utcnow() + timedelta(hours=1),
                    issued_for=session.get(User, world.patient_user.id).credentials_fingerprint,
                ),
            ]
        )
        with app.test_request_context():
            link = auth_services.create_invitation(
                session.get(User, invitee.id), world.clinic.id, session.get(User, world.staff.id)
            )
        # The god man works at a home too: its tablet's pages have forms for him (and, with the
        # tablet's cookie, the PIN sign-in for a visitor).
        tablet = add_tablet(session, world.clinic.id, world.god_man.id)
        # An application to SMO, not decided yet: its page has the vårdlots's yes and no.
        application = Application(
            clinic_id=world.clinic.id, answers={}, name="Erik Holm", personnummer="191212121212"
        )
        session.add(application)
        session.commit()
        tokens = [link.rsplit("/", 1)[1], reset_token]
        visit_ids = add_visit_data(session, world)
        # A visit two days ago: the staff's visit list asks "Kom patienten?" about it.
        upcoming = session.scalar(select(Visit).where(Visit.public_id == visit_ids["visit_id"]))
        session.add(
            Visit(
                patient_id=world.patient.id,
                clinic_id=world.clinic.id,
                visit_type_id=upcoming.visit_type_id,
                starts_at=utcnow() - timedelta(days=2),
                minutes=30,
                room="Rum 4",
            )
        )
        session.commit()
        return staff_ids, event.id, tokens, visit_ids, tablet, application.public_id

    staff_ids, event_id, tokens, visit_ids, (device_id, tablet_token), application_id = query(setup)
    foreign = [
        stranger.public_id,
        far_clinic.public_id,
        world.other_clinic.public_id,
        world.patient.public_id,
        world.mandate.public_id,
        world.home.public_id,
        world.home_mandate.public_id,
        *staff_ids,
        "0" * 32,
        str(event_id),
        str(event_id + 1000),
    ]
    return SimpleNamespace(
        world=world,
        # The last: the clinic's mandate to the patient's group home (its revoke page).
        mandate_ids=[
            world.mandate.public_id,
            awaiting.public_id,
            invited.public_id,
            world.home_mandate.public_id,
        ],
        home_ids=[world.home.public_id],
        member_ids=[world.home_manager_member.public_id, home_worker.public_id, home_invitee.public_id],
        staff_ids=staff_ids,
        clinic_ids=[world.clinic.public_id],
        event_ids=[event_id],
        tokens=tokens,
        foreign_ids=foreign,
        visit_ids=visit_ids,
        sheet_versions=[_sheet_version(app)],
        device_ids=[device_id],
        tablet_token=tablet_token,
        application_ids=[application_id],
    )


def signed_in_user_id(client, query) -> int | None:
    with client.session_transaction() as session:
        token = session.get("_user_id")
    if not token:
        return None
    return query(
        lambda s: s.scalar(
            select(AuthSession.user_id).where(
                AuthSession.token_hash == hash_token(token), AuthSession.ended_at.is_(None)
            )
        )
    )


class Visitor:
    """A client in one role, brought back to that role after an accepted submission."""

    def __init__(self, role, client, ids, sign_in, act_for, query) -> None:
        world = ids.world
        self.role, self.client, self.world = role, client, world
        self.sign_in, self.act_for, self.query = sign_in, act_for, query
        self.user = {
            "signed_out": None,
            "second_factor": None,
            "patient": world.patient_user,
            "representative": world.god_man,
            "staff": world.staff,
            "admin": world.admin,
            "home_manager": world.home_manager,
        }[role]
        if role == "signed_out":  # at the home's tablet: the sign-in page offers the PIN
            client.set_cookie("lotsen_tablet", ids.tablet_token)
        self.restore()

    def restore(self) -> None:
        expected = self.user.id if self.user else None
        current = signed_in_user_id(self.client, self.query)
        if current != expected:
            with self.client.application.app_context():
                limiter.reset()
            if current is not None:
                self.client.post_form("/logga-ut")
            if self.user is not None:
                # An accepted example may have chosen a new password (a reset link is a form
                # too): put the known one back, as the user would by resetting it again.
                with self.client.application.app_context():
                    db.session.get(User, self.user.id).password_hash = password_hash()
                    db.session.commit()
                self.sign_in(self.client, self.user)
        if self.role == "second_factor":
            with self.client.application.app_context():
                limiter.reset()
            response = self.client.post_form(
                "/logga-in", {"email": self.world.staff.email, "password": PASSWORD}
            )
            assert response.location.endswith("/logga-in/kod"), "no code asked for"
        if self.role == "representative":
            self.act_for(self.client, self.world.patient)
        self.token = self.client.csrf_token()


# --- the tests ------------------------------------------------------------------------------------


def pressed(data: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The button the view sees: the first value sent for "go" (Flask's `form.get`)."""
    return next((("go", value) for name, value in data if name == "go"), None)


def check_form(app, visitor: Visitor, form: Form, ids) -> None:
    client, query = visitor.client, visitor.query
    # After a refusal the database is as the last snapshot found it (that is what was checked):
    # that snapshot is the next example's "before", which halves the reading of every table.
    last: dict[str, dict | None] = {"snapshot": None}

    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(data=form_data(form, ids))
    def submit(data):
        with app.app_context():
            limiter.reset()  # the limits are tested elsewhere; here we want to reach validation
        before = last["snapshot"] or query(fuzz_snapshot)
        last["snapshot"] = None
        response = client.post(form.action, data=MultiDict([("csrf_token", visitor.token), *data]))
        status = response.status_code
        where = f"{visitor.role}: {form} -> {status}\nsent: {data!r}"[:3000]
        assert status < 500, where
        if status in ACCEPTED:
            visitor.restore()
            return
        assert status == 200 or status in CLEAR_REFUSALS, f"{where}: neither accepted nor refused"
        # PageCheckingClient has checked the page: one h1, and the title begins with it.
        if status == 200:
            html = response.get_data(as_text=True)
            title = title_of(html)
            # "Fel:" in any catalogue: a fuzzed settings form may have switched the language.
            if not title.startswith(ERROR_PREFIXES):
                # Accepted, with a page of its own instead of a redirect (a new invitation link
                # can be shown only once): it must not be this form again, without an error,
                # unless a button that shows it again was pressed (checked as a refusal below).
                again = [f for f in forms_on(html, form.action) if f.key() == form.key()]
                if not (again and (pressed(data) in SHOWS_AGAIN or form.action in SEARCHES)):
                    assert not again, f"{where}: shown again without an error (title {title!r})"
                    visitor.restore()
                    return
        after = query(fuzz_snapshot)
        changed = [str(c) for c in changes(before, after)]
        assert not changed, f"{where}: refused, but the database changed: {changed[:10]}"
        last["snapshot"] = after

    submit()


# PostgreSQL enforces what SQLite lets through (column lengths, types, NUL characters), so in
# scripts/test this runs in the PostgreSQL pass, where a missing check becomes a 500 to find.
@pytest.mark.strict_database
@pytest.mark.parametrize("role", ROLES)
def test_every_form_refuses_bad_input_clearly_and_changes_nothing(
    role, app, client, fuzz_world, sign_in, act_for, query
):
    visitor = Visitor(role, client, fuzz_world, sign_in, act_for, query)
    forms = discover(app, client, fuzz_world)
    assert forms, f"{role}: no forms found"
    for form in forms:
        check_form(app, visitor, form, fuzz_world)


@pytest.mark.one_database  # which routes have forms does not depend on the database
def test_every_post_route_has_a_form_that_is_fuzzed(app, make_client, fuzz_world, sign_in, act_for, query):
    """Discovery finds a form for every route that takes a post, so none escapes the fuzzing."""
    # Posted by JavaScript only (the idle warning), with no form on any page.
    # The lock page's PIN form shows only on a locked tablet: tests/tablet/test_tablet_forms.py
    # sends it the same kinds of bad input.
    script_only = {"auth.extend_session", "tablet.locked"}
    adapter = app.url_map.bind("localhost")
    reached = set()
    for role in ROLES:
        client = make_client()
        Visitor(role, client, fuzz_world, sign_in, act_for, query)
        for form in discover(app, client, fuzz_world):
            try:
                endpoint, _args = adapter.match(urlsplit(form.action).path, method="POST")
            except (NotFound, MethodNotAllowed):
                pytest.fail(f"{role}: {form} posts to no route that takes a post")
            reached.add(endpoint)
    posting = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    missing = posting - reached - script_only
    assert not missing, f"no page shows a form for {sorted(missing)}: the fuzzer cannot reach them"


def test_the_fuzzers_snapshot_sees_a_logged_change_but_not_a_logged_read(app, world, query):
    """A refused post may log a read (the form shown again holds the patient's data), never a
    change: the snapshot leaves out the reads and keeps every other row of the log."""
    before = query(fuzz_snapshot)

    def log(action: AccessAction) -> None:
        with app.app_context():
            db.session.add(
                AccessEvent(
                    user_id=world.staff.id,
                    acting_as="staff",
                    patient_id=world.patient.id,
                    clinic_id=world.clinic.id,
                    action=action,
                    object_type="patient",
                )
            )
            db.session.commit()

    log(AccessAction.READ)
    assert changes(before, query(fuzz_snapshot)) == []
    log(AccessAction.UPDATE)
    found = changes(before, query(fuzz_snapshot))
    assert [(c.table, c.kind, c.row["action"]) for c in found] == [
        ("access_events", "added", AccessAction.UPDATE)
    ]
