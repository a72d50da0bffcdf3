"""Staff of another clinic: every patient, mandate and event URL answers 404 and changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core.grants import Capability
from app.models import (
    AccessEvent,
    Invitation,
    Mandate,
    MandateStatus,
    Patient,
    SpotCheck,
    StaffNote,
    User,
)

from ..support.people import helpers_read
from .conftest import text


def _snapshot(query):
    def run(session):
        counts = {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (AccessEvent, Invitation, Mandate, Patient, SpotCheck, StaffNote, User)
        }
        mandates = [
            (m.id, m.status, m.scopes, m.valid_until, m.verification_note, m.revoke_reason)
            for m in session.scalars(select(Mandate))
        ]
        patients = [
            (p.id, p.name, p.preferred_name, p.vardlots_id, p.user_id)
            for p in session.scalars(select(Patient))
        ]
        return counts, mandates, patients

    return query(run)


def _requests(world, event_id):
    patient = f"/personal/patienter/{world.patient.public_id}"
    mandate = f"{patient}/foretradare/{world.mandate.public_id}"
    return [
        ("GET", patient, None),
        ("GET", f"{patient}/andra", None),
        ("POST", f"{patient}/andra", {"name": "Ändrad", "preferred_name": "", "vardlots": ""}),
        ("GET", f"{patient}/bjud-in", None),
        ("POST", f"{patient}/bjud-in", {"email": "ny@exempel.se"}),
        ("GET", f"{patient}/anteckning", None),
        ("POST", f"{patient}/anteckning", {"text": "Inte min patient", "version": ""}),
        ("GET", f"{patient}/anteckning/historik", None),
        ("GET", f"{patient}/foto", None),
        ("POST", f"{patient}/foto", {"consent": "y"}),
        ("GET", f"{patient}/foretradare/ny", None),
        ("POST", f"{patient}/foretradare/ny", {"name": "N", "email": "n@exempel.se", "kind": "god_man"}),
        ("GET", mandate, None),
        ("GET", f"{mandate}/bekrafta", None),
        ("POST", f"{mandate}/bekrafta", {"verification_note": "Sett"}),
        ("GET", f"{mandate}/andra", None),
        ("POST", f"{mandate}/andra", {"scopes": ["see"], "valid_until": ""}),
        ("GET", f"{mandate}/aterkalla", None),
        ("POST", f"{mandate}/aterkalla", {"revoke_reason": "Borta"}),
        ("GET", f"{mandate}/ny-lank", None),
        ("POST", f"{mandate}/ny-lank", {}),
        ("GET", f"/personal/logg/{event_id}/kontroll", None),
        ("POST", f"/personal/logg/{event_id}/kontroll", {"note": "Kollat"}),
    ]


def test_other_clinics_staff_get_404_everywhere_and_nothing_changes(client, world, sign_in, query):
    event_id = helpers_read(query, world)
    sign_in(client, world.other_staff)
    before = _snapshot(query)
    for method, url, data in _requests(world, event_id):
        response = client.get(url) if method == "GET" else client.post_form(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
    assert _snapshot(query) == before
    # Their own lists do not show this clinic's patient or events either.
    assert "Maja Andersson" not in text(client.get("/personal/patienter"))
    log = text(client.get("/personal/logg"))
    assert "Maja Andersson" not in log and world.god_man.email not in log


def test_every_patient_route_is_covered_and_guarded(app, world):
    """Each staff route with a patient in its URL goes through patient_access."""
    tested = {url.split("/personal", 1)[1] for _, url, _ in _requests(world, 1)}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or "<patient_id>" not in rule.rule:
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "patient_from", None) == "url", rule.endpoint
        assert view.required_capability in (Capability.SEE, Capability.MANAGE)
        path = (
            rule.rule.removeprefix("/personal")
            .replace("<patient_id>", world.patient.public_id)
            .replace("<mandate_id>", world.mandate.public_id)
        )
        assert path in tested, rule.rule


def test_the_same_staff_member_still_works_at_their_own_clinic(client, world, sign_in, make_patient):
    mine = make_patient(world.other_clinic, name="Egen Patient")
    sign_in(client, world.other_staff)
    assert client.get(f"/personal/patienter/{mine.public_id}").status_code == 200
    assert "Egen Patient" in text(client.get("/personal/patienter"))
    assert world.mandate.status is MandateStatus.ACTIVE
