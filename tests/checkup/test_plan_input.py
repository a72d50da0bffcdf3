"""Bad input to Min hälsoplan: too long, too many goals, a day in the past, an unknown "who", a
goal without words, another patient's health check, a forged form, a save over a colleague's
newer one. Each gets a clear message, keeps what was typed, and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.clock import today
from app.extensions import db
from app.models import HealthCheck

from .plan_helpers import plan_form, plans, staff_url, write_and_send


def _refused(client, world, data, *expected):
    response = client.post_form(staff_url(world.patient, "/andra"), data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, response.location
    assert "<title>Fel: " in html
    for text in expected:
        assert text in html
    return html


@pytest.mark.parametrize(
    ("more", "message"),
    [
        ({"goal_0_goal": "Jag vill " + "sova " * 40}, "tecken"),
        ({"goal_0_do": "Vi gör " + "det " * 100}, "tecken"),
        ({"goal_0_look_on": (today() - timedelta(days=1)).isoformat()}, "Dagen har redan varit"),
        ({"goal_0_look_on": "31/12"}, "år-månad-dag"),
        ({"goal_0_who": "doctor"}, "Välj vem som gör det i listan"),
        ({"goal_0_who": ""}, "Välj vem som gör det."),
        ({"goal_0_goal": "", "goal_0_do": "Bara vad vi gör."}, "patientens egna ord"),
        ({"goal_0_goal": "Jag vill\x00 sova"}, ""),
        ({"check": "0" * 32}, "Välj en hälsokontroll i listan"),
        ({"revision": "abc"}, "Det gick inte att spara"),
    ],
)
def test_bad_rows_are_refused_and_keep_what_was_typed(staff_client, world, query, more, message):
    html = _refused(staff_client, world, plan_form(**more), message)
    assert "Jag vill sova bättre." in html  # the other rows as typed
    assert plans(query, world.patient) == []


def test_too_many_goals_is_refused(staff_client, world, query):
    data = plan_form()
    for n in range(3, 6):
        data.update({f"goal_{n}_goal": f"Mål nummer {n}.", f"goal_{n}_who": "clinic", f"goal_{n}_key": ""})
    _refused(staff_client, world, data, "högst 5 mål")
    assert plans(query, world.patient) == []


def test_a_save_over_a_colleagues_newer_one_is_refused(
    staff_client, world, query, make_client, sign_in, make_staff
):
    assert staff_client.post_form(staff_url(world.patient, "/andra"), plan_form()).status_code == 302
    # Both open the plan at revision 1; the colleague saves first.
    colleague = make_client()
    sign_in(colleague, make_staff(world.clinic))
    theirs = plan_form(revision=1, goal_0_goal="Jag vill dricka mer vatten.")
    assert colleague.post_form(staff_url(world.patient, "/andra"), theirs).status_code == 302
    mine = plan_form(revision=1, goal_0_goal="Jag vill äta frukost.")
    html = _refused(staff_client, world, mine, "En kollega har sparat planen")
    assert "Jag vill äta frukost." in html  # what I typed stays
    [plan] = plans(query, world.patient)
    assert plan.revision == 2 and plan.content["goals"][0]["goal"] == {"sv": "Jag vill dricka mer vatten."}
    # A form made before the first plan existed is refused too (not a second plan).
    _refused(staff_client, world, plan_form(revision=0), "En kollega har sparat planen")
    assert len(plans(query, world.patient)) == 1


def test_a_kept_past_day_may_stay_but_a_new_one_may_not(staff_client, world, query, app):
    write_and_send(staff_client, world.patient)
    [plan] = plans(query, world.patient)
    goal = plan.content["goals"][0]
    past = (today() - timedelta(days=3)).isoformat()
    with app.app_context():
        # The day sent has passed since (the plan was sent long ago).
        from app.models import HealthPlan, HealthPlanVersion

        row = db.session.get(HealthPlan, plan.id)
        version = db.session.query(HealthPlanVersion).filter_by(plan_id=plan.id).one()
        content = {
            "goals": [{**g, "look_on": past} if g["key"] == goal["key"] else g for g in row.content["goals"]]
        }
        row.content = content
        version.content = content
        db.session.commit()
    kept = plan_form(revision=1, goal_0_key=goal["key"], goal_0_look_on=past, goal_0_do="Jag går varje dag.")
    assert staff_client.post_form(staff_url(world.patient, "/andra"), kept).status_code == 302
    moved = plan_form(
        revision=2, goal_0_key=goal["key"], goal_0_look_on=(today() - timedelta(days=1)).isoformat()
    )
    _refused(staff_client, world, moved, "Dagen har redan varit")


def test_another_patients_health_check_is_refused(staff_client, world, query, make_patient, app):
    other = make_patient(world.clinic, name="Lina Berg")
    with app.app_context():
        mine = HealthCheck(patient_id=world.patient.id, clinic_id=world.clinic.id, done_on=today())
        theirs = HealthCheck(patient_id=other.id, clinic_id=world.clinic.id, done_on=today())
        db.session.add_all([mine, theirs])
        db.session.commit()
        mine_id, theirs_id = mine.public_id, theirs.public_id
    _refused(staff_client, world, plan_form(check=theirs_id), "Välj en hälsokontroll i listan")
    assert plans(query, world.patient) == []
    assert (
        staff_client.post_form(staff_url(world.patient, "/andra"), plan_form(check=mine_id)).status_code
        == 302
    )
    [plan] = plans(query, world.patient)
    assert plan.health_check_id is not None
    assert "Hälsokontroll" in staff_client.get(staff_url(world.patient)).get_data(as_text=True)


def test_forged_and_replayed_forms_change_nothing(staff_client, world, query, client):
    # No CSRF token.
    response = staff_client.post(staff_url(world.patient, "/andra"), data=plan_form())
    assert response.status_code in (200, 400) and plans(query, world.patient) == []
    # Sending nothing, a goal of nobody, a done mark that is neither.
    assert staff_client.post_form(staff_url(world.patient, "/skicka"), {}).status_code == 200
    write_and_send(staff_client, world.patient)
    for data in ({"goal": "0" * 32, "done": "ja"}, {"goal": "x", "done": "kanske"}):
        refused = staff_client.post_form(staff_url(world.patient, "/mal"), data)
        assert refused.status_code == 200 and "<title>Fel: " in refused.get_data(as_text=True)
    # The same form posted twice (the back button): the second is a save over one's own newer one.
    again = staff_client.post_form(staff_url(world.patient, "/andra"), plan_form(revision=0))
    assert again.status_code == 200
    [plan] = plans(query, world.patient)
    assert plan.revision == 1
