"""One registry of what the access log can name (app/core/audit_words.py), complete by construction:
every logged endpoint and every object type the code writes has the patient's words and the
staff's words, in every language, and nothing without words can be written to the log."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from app.core import audit
from app.core.audit_words import _VERBS, LOGGED, UnregisteredObject, sentence
from app.extensions import db
from app.models import AccessAction, AccessEvent, Clinic, User

ROOT = Path(__file__).resolve().parent.parent
# The functions that take an object type of the access log, and where they take it.
LOGGING_CALLS = {
    "record",
    "record_clinic",
    "record_patients",
    "log_list_read",
    "record_page_read",
    "record_read",
    "log_events_read",
    "last_reads",
    "_reads",
}


def logged_endpoints(app) -> set[str]:
    """The pages whose reads the access wrappers log under their endpoint name."""
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "required_capability", None)
    }


def test_every_logged_endpoint_has_words(app):
    endpoints = logged_endpoints(app)
    assert len(endpoints) >= 59
    missing = sorted(endpoints - set(LOGGED))
    assert not missing, f"logged endpoints without words in app/core/audit_words.py: {missing}"


def _strings(node: ast.AST, constants: dict[str, str]) -> list[str]:
    """The object types an argument can be: a string, a module constant, either of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, constants) + _strings(node.orelse, constants)
    return []


def object_types_in_code() -> dict[str, list[str]]:
    """Every object type the app's code passes to the log, with where it does."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # `kind = "conversation" if ... else "callback"`, then the call passes `kind`
            local = {**constants}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.IfExp | ast.Constant):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            local[target.id] = node.value
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name not in LOGGING_CALLS:
                    continue
                for argument in [*node.args, *(k.value for k in node.keywords)]:
                    if isinstance(argument, ast.Name) and isinstance(local.get(argument.id), ast.AST):
                        argument = local[argument.id]
                    for value in _strings(argument, constants):
                        found.setdefault(value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_object_type_in_the_code_has_words():
    found = object_types_in_code()
    # The scan finds what it should (so that this test cannot pass by finding nothing).
    assert {
        "preparation",
        "needs.fhir",
        "contact_message",
        "staff.patients",
        "contact_staff.inbox",
        "answer_template",
        "speech.clip",
    } <= set(found)
    missing = {value: where for value, where in found.items() if value not in LOGGED}
    assert not missing, f"object types written to the access log without words: {missing}"


def _catalogue(language: str, domain: str = "messages"):
    from app import i18n

    with (i18n.TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        return read_po(f)


def _translated(catalogue, msgid: str) -> bool:
    message = catalogue.get(msgid)
    return message is not None and not message.fuzzy and bool(message.string)


@pytest.mark.one_database  # reads the catalogues, not the database
def test_every_object_has_both_wordings_in_every_language():
    """Both wordings, not empty: the staff's (Swedish, English, Arabic) and the patient's three
    forms (also in easy Swedish and easy English). The helper's form names the patient."""
    catalogues = {
        "en": _catalogue("en"),
        "ar": _catalogue("ar"),
        "sv_easy": _catalogue("sv", "easy"),
        "en_easy": _catalogue("en", "easy"),
    }
    problems = []
    for object_type, logged in LOGGED.items():
        staff = logged.staff._args[0]
        if not staff.strip() or staff == object_type:
            problems.append(f"{object_type}: no staff words")
        problems += [
            f"{object_type}: staff words not in {lang}: {staff!r}"
            for lang in ("en", "ar")
            if not _translated(catalogues[lang], staff)
        ]
        thing = logged.patient
        if thing.verbs != "default" and thing.verbs not in _VERBS:
            problems.append(f"{object_type}: unknown verbs {thing.verbs!r}")
        for form in ("yours", "whose", "own"):
            words = getattr(thing, form)._args[0]
            if not words.strip():
                problems.append(f"{object_type}: no patient words ({form})")
            problems += [
                f"{object_type}: {form} not in {lang}: {words!r}"
                for lang, catalogue in catalogues.items()
                if not _translated(catalogue, words)
            ]
        yours, whose, own = (getattr(thing, form)._args[0] for form in ("yours", "whose", "own"))
        if "%(" not in whose and not yours == whose == own:  # only the clinic's own things
            problems.append(f"{object_type}: the helper's words do not name the patient")
        if "%(" in yours or "%(" in own:
            problems.append(f"{object_type}: only the helper's words name the patient")
    assert not problems, "\n".join(problems)


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("language", "easy"), [("sv", False), ("sv", True), ("en", False), ("en", True), ("ar", False)]
)
def test_every_sentence_can_be_said(app, language, easy):
    """Every thing with every action, by "Du" and by someone else, once and many times: a whole
    sentence with the words filled in, in every language (Arabic has six plural forms)."""
    from app import i18n

    with app.test_request_context():
        from flask import session

        session["easy_read"] = easy
        assert i18n.easy_read_enabled() is easy
        seen = set()
        with force_locale(language):
            for logged in LOGGED.values():
                thing = logged.patient
                for form in (thing.yours, thing.whose, thing.own):
                    what = str(form) % {"whose": "Alis", "name": "Ali"}
                    assert "%(" not in what and what.strip()
                    for action in AccessAction:
                        for you in (True, False):
                            for num in (1, 2, 3, 11, 100):
                                said = sentence(thing, action, you=you, who="Anna", what=what, num=num)
                                assert "%" not in said.replace("%%", ""), said
                                assert what in said and (you or "Anna" in said), said
                                seen.add(said)
        assert len(seen) > 1000


def _count(query):
    return query(lambda s: s.scalar(select(func.count()).select_from(AccessEvent)))


def test_nothing_without_words_can_be_written(app, world, query):
    """audit.record refuses at once; any other way of writing a row (record_clinic, a multi-row
    INSERT, a row added by hand) is refused by the object_type column when it is written."""
    from app.core.grants import ActingAs, Capability, Grant

    before = _count(query)
    with app.test_request_context():
        user = db.session.get(User, world.staff.id)
        clinic = db.session.get(Clinic, world.clinic.id)
        patient = db.session.get(type(world.patient), world.patient.id)
        grant = Grant(user, patient, Capability.SEE, ActingAs.STAFF, staff_member=user.staff_member)
        with pytest.raises(UnregisteredObject, match="visits_staff.nothing"):
            audit.record(grant, AccessAction.READ, "visits_staff.nothing")
        with pytest.raises(UnregisteredObject):
            audit.record_page_read(grant, "needs.print_everything", "1")
        audit.record_clinic(user, clinic, AccessAction.READ, "staff.unknown_list")
        with pytest.raises(StatementError) as refused:
            db.session.commit()
        assert isinstance(refused.value.orig, UnregisteredObject)
        db.session.rollback()
        with pytest.raises(StatementError):
            audit.record_patients(user, clinic, [patient], AccessAction.READ, "staff.other_list")
        db.session.rollback()
        db.session.add(
            AccessEvent(
                user_id=user.id,
                acting_as="staff",
                patient_id=patient.id,
                clinic_id=clinic.id,
                action=AccessAction.READ,
                object_type="hand.made",
            )
        )
        with pytest.raises(StatementError):
            db.session.flush()
        db.session.rollback()
        # What has words is written as before.
        audit.record(grant, AccessAction.READ, "staff.patient")
        audit.record_patients(user, clinic, [patient], AccessAction.READ, "staff.patients")
        db.session.commit()
    assert _count(query) == before + 2
