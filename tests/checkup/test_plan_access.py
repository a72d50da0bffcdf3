"""Who may open Min hälsoplan: the patient and helpers with "see" read it (and mark their steps);
a helper without "see", another patient's helper, another patient, another clinic's staff, a
staff member without care work and the admin get nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.models import HealthPlanGoal, Mandate, Role, Scope
from tests.support.people import patient_url

from .plan_helpers import page_url, plan_form, plans, staff_url

PATIENT_PAGES = ("", "utskrift", "tidigare")
STAFF_PAGES = ("", "/andra", "/historik", "/utskrift")


def test_a_helper_with_see_reads_it_about_the_patient_and_marks_a_step(
    client, world, sent_plan, sign_in, query
):
    goals = sent_plan(world.patient, world.staff)
    sign_in(client, world.god_man)
    html = client.get(page_url(world.patient)).get_data(as_text=True)
    name = world.patient.name.split()[0]
    assert f"Hälsoplanen för {name}" in html
    assert f"Boendet eller den som hjälper {name}" in html
    assert (
        client.post_form(page_url(world.patient, f"mal/{goals['helper']}"), {"klart": "1"}).status_code == 302
    )
    row = query(lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.public_id == goals["helper"])))
    assert row.done and row.done_acting_as == "representative"


def test_a_helper_without_see_is_refused(client, world, sent_plan, sign_in, query):
    goals = sent_plan(world.patient, world.staff)
    query(lambda s: (s.get(Mandate, world.mandate.id).set_scopes({Scope.PREPARE_VISITS}), s.commit()))
    sign_in(client, world.god_man)
    for rest in PATIENT_PAGES:
        response = client.get(page_url(world.patient, rest))
        assert response.status_code == 403
        assert world.patient.name.split()[0] in response.get_data(as_text=True)
    assert (
        client.post_form(page_url(world.patient, f"mal/{goals['helper']}"), {"klart": "1"}).status_code == 403
    )
    assert not query(
        lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.public_id == goals["helper"]))
    ).done


def test_another_patients_helper_and_another_patient_get_a_404(
    client, world, sent_plan, sign_in, make_patient, make_mandate, make_user, query
):
    goals = sent_plan(world.patient, world.staff)
    other = make_patient(world.clinic, with_login=True, name="Lina Berg")
    other_goals = sent_plan(other, world.staff)
    stranger = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(other, stranger)
    sign_in(client, stranger)
    for rest in PATIENT_PAGES:
        assert client.get(page_url(world.patient, rest)).status_code == 404
    assert (
        client.post_form(page_url(world.patient, f"mal/{goals['patient']}"), {"klart": "1"}).status_code
        == 404
    )
    # Lina's goal under Maja's address, as Maja: a 404, and nothing changes.
    sign_in(client, world.patient_user)
    assert (
        client.post_form(page_url(world.patient, f"mal/{other_goals['patient']}"), {"klart": "1"}).status_code
        == 404
    )
    assert client.post_form(page_url(world.patient, "mal/nope%00"), {"klart": "1"}).status_code == 404
    assert not query(
        lambda s: s.scalars(select(HealthPlanGoal).where(HealthPlanGoal.done_at.is_not(None))).all()
    )
    # Lina's old plan id under Maja's address.
    lina_plan = plans(query, other)[0]
    assert client.get(page_url(world.patient, f"tidigare/{lina_plan.public_id}/1")).status_code == 404


def test_staff_of_another_clinic_get_a_404_and_change_nothing(client, world, sent_plan, sign_in, query):
    goals = sent_plan(world.patient, world.staff)
    sign_in(client, world.other_staff)
    for rest in STAFF_PAGES:
        assert client.get(staff_url(world.patient, rest)).status_code == 404
    for rest, data in (
        ("/andra", plan_form(revision=1)),
        ("/skicka", {}),
        ("/ny", {}),
        ("/mal", {"goal": goals["habilitation"], "done": "ja"}),
    ):
        assert client.post_form(staff_url(world.patient, rest), data).status_code == 404
    [plan] = plans(query, world.patient)
    assert plan.revision == 1 and plan.version == 1


def test_staff_without_care_work_and_the_admin_are_refused(client, world, make_staff, sign_in):
    reviewer = make_staff(world.clinic, duties=["log_reviewer"])
    sign_in(client, reviewer)
    for rest in STAFF_PAGES:
        assert client.get(staff_url(world.patient, rest)).status_code == 403
    card = client.get(f"/personal/patienter/{world.patient.public_id}")
    if card.status_code == 200:
        assert staff_url(world.patient) not in card.get_data(as_text=True)
    sign_in(client, world.admin)
    assert client.get(staff_url(world.patient)).status_code in (403, 404)


def test_staff_cannot_open_the_patients_side_and_patients_cannot_open_staff_pages(
    client, world, sent_plan, sign_in
):
    sent_plan(world.patient, world.staff)
    sign_in(client, world.staff)
    assert client.get(page_url(world.patient)).status_code == 403
    sign_in(client, world.patient_user)
    assert client.get(staff_url(world.patient)).status_code in (403, 404)
    assert client.get(patient_url(world.patient, "/")).status_code == 200
