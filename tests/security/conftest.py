"""What the security checks share: every route of the URL map with real ids, and a browser per role
(the forms on the pages and the database snapshot come from tests/forms.py).

Nothing here lists routes by hand: they come from `app.url_map`, so a new route is checked as soon
as it exists. A new kind of URL argument fails loudly until `ids` below learns a real value for it.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import url_for
from sqlalchemy import select

from app.models import (
    Application,
    Invitation,
    PasswordReset,
    Role,
    StaffMember,
    User,
    utcnow,
)
from app.pictograms import sheet_version
from app.speech import service as speech
from app.tokens import hash_token
from tests.support.forms import Change
from tests.support.people import helpers_read
from tests.support.tablet import add_tablet
from tests.support.visit_data import SENT_PREPARATION_ENDPOINTS, add_visit_data

from ..test_access_matrix import url_values

ROLES = ["nobody", "patient", "representative", "staff", "admin", "home_manager"]
SIGNED_IN_ROLES = ROLES[1:]


# --- real ids for every URL argument ---------------------------------------------------------------


@pytest.fixture
def ids(app, world, make_user, query):
    """A real value for every URL argument of the URL map, belonging to `world`.

    `patient_id` and `mandate_id` come from the access matrix's own helper, so both suites fill
    them the same way. Values that depend on the endpoint (two different tokens) are keyed by it.
    """
    invitee = make_user(Role.REPRESENTATIVE, password=False)
    invitation_token, reset_token = "inbjudan-" + "a" * 40, "aterstall-" + "b" * 40

    def setup(session):
        now = utcnow()
        session.add(
            Invitation(
                token_hash=hash_token(invitation_token),
                user_id=invitee.id,
                clinic_id=world.clinic.id,
                patient_id=world.patient.id,
                created_by_id=world.staff.id,
                expires_at=now + timedelta(days=7),
            )
        )
        # A working link: issued under the password the account has now.
        fingerprint = session.get(User, world.patient_user.id).credentials_fingerprint
        session.add(
            PasswordReset(
                user_id=world.patient_user.id,
                token_hash=hash_token(reset_token),
                expires_at=now + timedelta(hours=1),
                issued_for=fingerprint,
            )
        )
        device_id, _token = add_tablet(session, world.clinic.id, world.god_man.id)  # a home's tablet
        # An application to SMO, not decided yet (app/apply/).
        application = Application(
            clinic_id=world.clinic.id, answers={}, name="Erik Holm", personnummer="191212121212"
        )
        session.add(application)
        session.commit()
        staff_member = session.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
        return staff_member.public_id, add_visit_data(session, world), device_id, application.public_id

    event_id = helpers_read(query, world)  # not the staff member's own: they may spot-check it
    staff_public_id, visit_ids, device_id, application_id = query(setup)
    sent_prep_id = visit_ids.pop("sent_prep_id")
    with app.test_request_context():
        public_clip = speech.clip_key("Hej", lang="sv")  # a fixed text: a public clip
        sheet = sheet_version()  # the sheet of every picture's drawing
    matrix = url_values(
        SimpleNamespace(
            rule="(security)", arguments={"patient_id", "for_patient", "mandate_id", "home_id", "member_id"}
        ),
        world,
    )
    return {
        **matrix,
        "staff_id": staff_public_id,
        "clinic_id": world.clinic.public_id,
        "event_id": event_id,
        "key": public_clip,
        "version": sheet,
        "filename": "lotsen.css",
        "name": "easy_read",
        "rest": "kontakt/",  # an address from before the patient's id was in it
        "token": invitation_token,
        ("auth.reset_password", "token"): reset_token,
        "slug": "tid",  # a needs category page
        ("needs.section", "slug"): "ont",  # a free-text page of the needs profile
        "number": 1,  # a version of the needs profile
        "table_key": "besok",  # a table of the statistics, as CSV
        "device_id": device_id,  # the home's tablet
        "app_id": application_id,
        ("grouphome_staff.home_mandate_revoke", "mandate_id"): world.home_mandate.public_id,
        **visit_ids,  # a visit, its type and step, a photo, a request
        **{(endpoint, "prep_id"): sent_prep_id for endpoint in SENT_PREPARATION_ENDPOINTS},
    }


def rule_url(app, rule, ids) -> str:
    missing = [name for name in rule.arguments if (rule.endpoint, name) not in ids and name not in ids]
    assert not missing, f"{rule.rule}: add a real value for {missing} to ids() in tests/security"
    values = {name: ids.get((rule.endpoint, name), ids.get(name)) for name in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def routes(app, method: str):
    """Every rule of the URL map that answers `method`, in a stable order."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if method in rule.methods), key=lambda rule: rule.rule
    )


def route_urls(app, ids, method: str) -> list[tuple[str, str]]:
    return [(rule.endpoint, rule_url(app, rule, ids)) for rule in routes(app, method)]


# --- a browser per role ------------------------------------------------------------------------------


@pytest.fixture
def browser(make_client, world, sign_in, act_for):
    """browser(role): a fresh client, signed in as that role (a representative acting for Maja)."""
    users = {
        "patient": world.patient_user,
        "representative": world.god_man,
        "staff": world.staff,
        "admin": world.admin,
        "home_manager": world.home_manager,  # a group home's manager (Vårt boende)
    }

    def make(role: str):
        client = make_client()
        if role != "nobody":
            sign_in(client, users[role])
        if role == "representative":
            act_for(client, world.patient)
        return client

    return make


def session_bookkeeping(change: Change) -> bool:
    """A signed-in request may slide the idle timer of its own server-side session record."""
    return change.table == "auth_sessions" and change.kind == "changed" and change.columns == {"last_seen"}
