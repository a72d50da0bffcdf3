"""What the security checks share: every route of the URL map with real ids, a browser per role,
the forms found on the pages, and a snapshot of the whole database to compare.

Nothing here lists routes by hand: they come from `app.url_map`, so a new route is checked as soon
as it exists. A new kind of URL argument fails loudly until `ids` below learns a real value for it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from app.extensions import db
from app.models import AccessAction, AccessEvent, Invitation, PasswordReset, Role, StaffMember, utcnow
from app.speech import service as speech
from app.tokens import hash_token

from ..test_access_matrix import url_values

ROLES = ["nobody", "patient", "representative", "staff", "admin"]
SIGNED_IN_ROLES = ROLES[1:]

# Kinds of <input> a person types text into (hidden fields, radios, checkboxes are not typed).
TEXT_INPUT_TYPES = {"text", "search", "email", "tel", "url"}


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
        session.add(Invitation(token_hash=hash_token(invitation_token), user_id=invitee.id,
                               clinic_id=world.clinic.id, patient_id=world.patient.id,
                               created_by_id=world.staff.id, expires_at=now + timedelta(days=7)))
        session.add(PasswordReset(user_id=world.patient_user.id, token_hash=hash_token(reset_token),
                                  expires_at=now + timedelta(hours=1)))
        event = AccessEvent(at=now, user_id=world.staff.id, acting_as="staff",
                            patient_id=world.patient.id, clinic_id=world.clinic.id,
                            action=AccessAction.READ, object_type="staff.patient")
        session.add(event)
        session.commit()
        staff_member = session.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
        return event.id, staff_member.public_id

    event_id, staff_public_id = query(setup)
    with app.test_request_context():
        public_clip = speech.clip_key("Hej", lang="sv")  # a fixed text: a public clip
    matrix = url_values(SimpleNamespace(rule="(security)", arguments={"patient_id", "mandate_id"}),
                        world)
    return {
        **matrix,
        "staff_id": staff_public_id,
        "clinic_id": world.clinic.public_id,
        "event_id": event_id,
        "key": public_clip,
        "filename": "lotsen.css",
        "name": "easy_read",
        "token": invitation_token,
        ("auth.reset_password", "token"): reset_token,
    }


def rule_url(app, rule, ids) -> str:
    missing = [name for name in rule.arguments
               if (rule.endpoint, name) not in ids and name not in ids]
    assert not missing, f"{rule.rule}: add a real value for {missing} to ids() in tests/security"
    values = {name: ids.get((rule.endpoint, name), ids.get(name)) for name in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def routes(app, method: str):
    """Every rule of the URL map that answers `method`, in a stable order."""
    return sorted((rule for rule in app.url_map.iter_rules() if method in rule.methods),
                  key=lambda rule: rule.rule)


def route_urls(app, ids, method: str) -> list[tuple[str, str]]:
    return [(rule.endpoint, rule_url(app, rule, ids)) for rule in routes(app, method)]


# --- a browser per role ------------------------------------------------------------------------------

@pytest.fixture
def browser(make_client, world, sign_in, act_for):
    """browser(role): a fresh client, signed in as that role (a representative acting for Maja)."""
    users = {"patient": world.patient_user, "representative": world.god_man,
             "staff": world.staff, "admin": world.admin}

    def make(role: str):
        client = make_client()
        if role != "nobody":
            sign_in(client, users[role])
        if role == "representative":
            act_for(client, world.patient)
        return client
    return make


# --- forms on the pages ------------------------------------------------------------------------------

@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what the browser would send
    text_fields: list[str] = field(default_factory=list)  # names a person types text into

    def data(self, **changes: str) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for name, value in self.fields:
            values.setdefault(name, []).append(value)
        for name, value in changes.items():
            values[name] = [value]
        return values


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: list | None = None
        self._select: dict | None = None
        self._submit_taken = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin("http://localhost" + self.page, attrs.get("action") or self.page)
            parts = urlsplit(action)
            self._form = Form(self.page, (attrs.get("method") or "get").lower(),
                              parts.path + (f"?{parts.query}" if parts.query else ""))
            self._submit_taken = False
            return
        form = self._form
        if form is None or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value") or ""
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.fields.append((name, value or "on"))
            elif kind in ("submit", "image"):
                if not self._submit_taken:
                    form.fields.append((name, value))
                    self._submit_taken = True
            elif kind not in ("button", "reset", "file"):
                form.fields.append((name, value))
                if kind in TEXT_INPUT_TYPES:
                    form.text_fields.append(name)
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            if not self._submit_taken:
                form.fields.append((name, attrs.get("value") or ""))
                self._submit_taken = True
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, text.removeprefix("\n")))
            self._form.text_fields.append(name)
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] or [self._select["first"] or ""]
            self._form.fields.extend((self._select["name"], value) for value in chosen)
            self._select = None


def forms_on(html: str, page: str) -> list[Form]:
    parser = _Forms(page)
    parser.feed(html)
    return parser.forms


# --- the whole database, to compare --------------------------------------------------------------

def snapshot(session) -> dict[str, dict[tuple, dict]]:
    """Every row of every table, keyed by primary key."""
    tables = {}
    for table in db.metadata.sorted_tables:
        primary = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*primary)).mappings().all()
        tables[table.name] = {tuple(row[c.name] for c in primary): dict(row) for row in rows}
    return tables


def digest(tables: dict) -> str:
    """Row counts and a hash of all rows, for a short message."""
    text = "|".join(f"{name}:{len(rows)}:{sorted(rows.items())!r}" for name, rows in tables.items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Change:
    table: str
    kind: str  # "added", "removed", "changed"
    key: tuple
    row: dict
    columns: frozenset[str] = frozenset()

    def __str__(self) -> str:
        what = f" {sorted(self.columns)}" if self.columns else ""
        return f"{self.table} {self.kind} {self.key}{what}"


def changes(before: dict, after: dict) -> list[Change]:
    found = []
    for name in after:
        old, new = before.get(name, {}), after[name]
        for key in new.keys() - old.keys():
            found.append(Change(name, "added", key, new[key]))
        for key in old.keys() - new.keys():
            found.append(Change(name, "removed", key, old[key]))
        for key in new.keys() & old.keys():
            if new[key] != old[key]:
                columns = frozenset(c for c in new[key] if new[key][c] != old[key][c])
                found.append(Change(name, "changed", key, new[key], columns))
    return found


def session_bookkeeping(change: Change) -> bool:
    """A signed-in request may slide the idle timer of its own server-side session record."""
    return (change.table == "auth_sessions" and change.kind == "changed"
            and change.columns == {"last_seen"})
