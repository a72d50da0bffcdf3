"""Who may note a change and read the notes: the patient, and a helper with "prepare visits"
(writing) and "see" (reading); a helper with "see" only reads and is told why they cannot write;
a revoked mandate, another patient and another patient's helper get nothing; staff of another
clinic get nothing of the staff pages."""

from __future__ import annotations

from app.models import Mandate, MandateStatus, Role, Scope

from .change_helpers import note_change, note_form, notes, page_url, staff_url


def test_a_helper_with_see_only_reads_but_may_not_write(client, world, sign_in, query, make_client):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert note_change(patient, world.patient).status_code == 302
    [note] = notes(query, world.patient)
    query(lambda s: (s.get(Mandate, world.mandate.id).set_scopes({Scope.SEE}), s.commit()))
    sign_in(client, world.god_man)
    listed = client.get(page_url(world.patient))
    assert listed.status_code == 200 and "inte skriva här" in listed.get_data(as_text=True)
    assert client.get(page_url(world.patient, note.public_id)).status_code == 200
    assert client.get(page_url(world.patient, "ny")).status_code == 403
    sent = client.post_form(page_url(world.patient, "skicka"), note_form("k" * 24))
    assert sent.status_code == 403
    assert len(notes(query, world.patient)) == 1


def test_a_helper_with_prepare_only_writes_but_does_not_read(client, world, sign_in, query):
    query(lambda s: (s.get(Mandate, world.mandate.id).set_scopes({Scope.PREPARE_VISITS}), s.commit()))
    sign_in(client, world.god_man)
    assert client.get(page_url(world.patient)).status_code == 403
    assert client.get(page_url(world.patient, "ny")).status_code == 200


def test_a_revoked_mandate_gets_nothing(client, world, sign_in, query):
    query(lambda s: (setattr(s.get(Mandate, world.mandate.id), "status", MandateStatus.REVOKED), s.commit()))
    sign_in(client, world.god_man)
    for rest in ("", "ny"):
        assert client.get(page_url(world.patient, rest)).status_code in (403, 404)
    assert client.post_form(page_url(world.patient, "skicka"), note_form("k" * 24)).status_code in (403, 404)
    assert notes(query, world.patient) == []


def test_another_patient_and_their_helper_get_a_404(
    client, world, sign_in, query, make_patient, make_mandate, make_user, make_client
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    note_change(patient, world.patient)
    [note] = notes(query, world.patient)
    other = make_patient(world.clinic, with_login=True, name="Lina Berg")
    stranger = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(other, stranger)
    sign_in(client, stranger)
    for rest in ("", "ny", note.public_id):
        assert client.get(page_url(world.patient, rest)).status_code == 404
    # Their own patient's address with the first patient's note: not found either.
    assert client.get(page_url(other, note.public_id)).status_code == 404


def test_staff_of_another_clinic_get_nothing(client, world, sign_in, query, make_client):
    patient = make_client()
    sign_in(patient, world.patient_user)
    note_change(patient, world.patient)
    sign_in(client, world.other_staff)
    for rest in ("forandringar/", "matvarden"):
        assert client.get(staff_url(world.patient, rest)).status_code in (403, 404)
    refused = client.post_form(
        staff_url(world.patient, "matvarden"), {"measured_on": "2026-01-05", "weight": "70"}
    )
    assert refused.status_code in (403, 404)
