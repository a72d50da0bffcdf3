"""Who may read a summary on the patient's side: the patient and helpers with "see"; another
patient's summary, a draft, a revoked mandate and another clinic's staff get nothing."""

from __future__ import annotations

from sqlalchemy import select, update

from app.models import AfterVisit, Mandate, Scope
from tests.support.people import patient_url


def _page(patient, summary_id: str, rest: str = "") -> str:
    return patient_url(patient, f"/efter-besoket/{summary_id}{rest}")


def test_another_patients_summary_is_a_404(
    client, world, past, send_summary, make_patient, make_past_visit, sign_in
):
    other = make_patient(world.clinic, with_login=True, name="Lina Berg")
    theirs = send_summary(make_past_visit(other), world.staff)
    mine = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    # Lina's summary id under Maja's address, and Maja's pages with nonsense ids.
    for rest in ("", "/utskrift", "/tidigare", "/fraga"):
        assert client.get(_page(world.patient, theirs.id, rest)).status_code == 404
    assert client.get(_page(world.patient, "nope\x00")).status_code == 404
    assert client.get(_page(world.patient, mine.id, "/version/1")).status_code == 404  # the newest
    assert client.get(_page(world.patient, mine.id, "/version/99")).status_code == 404
    # Ticking one of Lina's steps through Maja's summary changes nothing.
    step = next(iter(theirs.steps.values()))
    assert client.post_form(_page(world.patient, mine.id, f"/steg/{step}"), {"klart": "1"}).status_code == 404


def test_a_draft_does_not_exist_for_the_patients_side(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    query(lambda s: (s.execute(update(AfterVisit).values(version=0)), s.commit()))
    sign_in(client, world.patient_user)
    assert client.get(_page(world.patient, sent.id)).status_code == 404
    assert client.get(_page(world.patient, sent.id, "/utskrift")).status_code == 404


def test_a_helper_without_see_is_refused(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    query(
        lambda s: (
            s.get(Mandate, world.mandate.id).set_scopes({Scope.PREPARE_VISITS}),
            s.commit(),
        )
    )
    sign_in(client, world.god_man)
    response = client.get(_page(world.patient, sent.id))
    assert response.status_code == 403
    assert world.patient.name.split()[0] in response.get_data(as_text=True)
    # (Hem needs "see" too.)
    assert client.get(patient_url(world.patient, "/")).status_code == 403


def test_a_helper_with_see_reads_it_about_the_patient(client, world, past, send_summary, sign_in, act_for):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    html = client.get(_page(world.patient, sent.id)).get_data(as_text=True)
    first = world.patient.name.split()[0]
    # "Du" is the patient's word; a helper reads the patient's name, and the group home "hjälper Maja".
    assert f"<strong>{first}</strong>" in html
    assert f"Boendet eller den som hjälper {first}" in html


def test_a_revoked_mandate_reads_nothing(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.god_man)
    query(lambda s: (s.execute(update(Mandate).values(status="revoked")), s.commit()))
    assert client.get(_page(world.patient, sent.id)).status_code in (403, 404)
    assert client.post_form(_page(world.patient, sent.id, "/forstatt")).status_code in (403, 404)


def test_staff_of_another_clinic_get_no_preview(client, world, past, send_summary, sign_in, query):
    send_summary(past.visit, world.staff)
    sign_in(client, world.other_staff)
    url = f"/personal/patienter/{world.patient.public_id}/besok/{past.visit.public_id}/efter/forhandsvisning"
    assert client.get(url).status_code == 404
    # Nor any patient-side page (staff are not on the patient's side).
    summary_id = query(lambda s: s.scalar(select(AfterVisit.public_id)))
    assert client.get(_page(world.patient, summary_id)).status_code in (403, 404)
