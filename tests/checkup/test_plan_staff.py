"""Staff write Min hälsoplan through the real pages: a draft, sending it, changing it, the history
with every version, a new plan at the next check from the old one, marking a goal's step done,
and the log."""

from __future__ import annotations

from sqlalchemy import select

from app.checkup import plan_content as shape
from app.models import AccessEvent, HealthPlanGoal, HealthPlanVersion

from .plan_helpers import page_url, plan_form, plans, staff_url, write_and_send


def test_write_send_change_and_the_history(staff_client, world, query, events):
    page = staff_client.get(staff_url(world.patient))
    assert page.status_code == 200
    assert "har ingen hälsoplan än" in page.get_data(as_text=True)
    edit = staff_client.get(staff_url(world.patient, "/andra")).get_data(as_text=True)
    assert 'name="goal_4_goal"' in edit and 'name="goal_5_goal"' not in edit
    assert "Läsbarhet (LIX)" in edit or "data-lix-for" in edit
    assert plans(query, world.patient) == []

    saved = staff_client.post_form(staff_url(world.patient, "/andra"), plan_form())
    assert saved.status_code == 302
    [plan] = plans(query, world.patient)
    assert plan.version == 0 and plan.revision == 1
    goals = shape.clean(plan.content)["goals"]
    assert [g["who"] for g in goals] == ["patient", "helper", "habilitation"]
    assert goals[0]["goal"] == {"sv": "Jag vill röra mig mer."}
    # A draft is not on the patient's side.
    assert "inte skickat" in staff_client.get(staff_url(world.patient)).get_data(as_text=True)

    assert staff_client.post_form(staff_url(world.patient, "/skicka"), {}).status_code == 302
    [plan] = plans(query, world.patient)
    assert plan.version == 1 and plan.sent_at is not None
    rows = query(lambda s: list(s.scalars(select(HealthPlanGoal).order_by(HealthPlanGoal.position))))
    assert [r.key for r in rows] == [g["key"] for g in goals]
    # Sending again without a change is refused, with a word why.
    again = staff_client.post_form(staff_url(world.patient, "/skicka"), {})
    assert again.status_code == 200 and "inte ändrat något" in again.get_data(as_text=True)

    # A change keeps the keys (and so the done marks), drops a goal, and is a second version.
    edit = staff_client.get(staff_url(world.patient, "/andra")).get_data(as_text=True)
    assert f'value="{goals[0]["key"]}"' in edit
    changed = plan_form(
        revision=1,
        goal_0_key=goals[0]["key"],
        goal_1_key=goals[1]["key"],
        goal_1_goal="Jag vill sova hela natten.",
        goal_2_goal="",
        goal_2_do="",
        goal_2_who="",
    )
    assert staff_client.post_form(staff_url(world.patient, "/andra"), changed).status_code == 302
    waiting = staff_client.get(staff_url(world.patient)).get_data(as_text=True)
    assert "Det finns ändringar som inte är skickade" in waiting
    # A new plan is made from what was sent, so the changes are sent first.
    refused = staff_client.post_form(staff_url(world.patient, "/ny"), {})
    assert refused.status_code == 200 and "Skicka dem först" in refused.get_data(as_text=True)
    assert len(plans(query, world.patient)) == 1
    assert "Jag vill sova hela natten." in waiting and "Jag vill gå säkrare." in waiting  # new and sent
    assert "Jag vill sova hela natten." not in staff_client.get(
        staff_url(world.patient, "/utskrift")
    ).get_data(as_text=True)
    assert staff_client.post_form(staff_url(world.patient, "/skicka"), {}).status_code == 302
    [plan] = plans(query, world.patient)
    assert plan.version == 2 and plan.revision == 2
    versions = query(lambda s: s.scalars(select(HealthPlanVersion).order_by(HealthPlanVersion.number)).all())
    assert [len(v.content["goals"]) for v in versions] == [3, 2]
    removed = query(lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.key == goals[2]["key"])))
    assert removed.removed_at is not None
    history = staff_client.get(staff_url(world.patient, "/historik")).get_data(as_text=True)
    assert "Version 1" in history and "Version 2" in history
    assert "Jag vill gå säkrare." in history and "Jag vill sova hela natten." in history

    logged = {(e[2], e[3]) for e in events(patient_id=world.patient.id)}
    assert ("create", "health_plan") in logged
    assert ("update", "health_plan") in logged
    assert ("update", "health_plan.send") in logged
    assert ("read", "plan_staff.history") in logged


def test_a_new_plan_at_the_next_check_starts_from_the_old_one(staff_client, world, query, client):
    write_and_send(staff_client, world.patient)
    [old] = plans(query, world.patient)
    assert staff_client.post_form(staff_url(world.patient, "/ny"), {}).status_code == 302
    old_again, new = plans(query, world.patient)
    assert new.previous_id == old.id and new.version == 0
    old_goals, new_goals = shape.clean(old.content)["goals"], shape.clean(new.content)["goals"]
    assert [g["goal"] for g in new_goals] == [g["goal"] for g in old_goals]
    assert all(g["look_on"] == "" for g in new_goals)  # when to look again is agreed anew
    assert not {g["key"] for g in new_goals} & {g["key"] for g in old_goals}
    # A second "new plan" while the first is a draft is refused.
    refused = staff_client.post_form(staff_url(world.patient, "/ny"), {})
    assert refused.status_code == 200 and "redan en ny plan" in refused.get_data(as_text=True)
    assert len(plans(query, world.patient)) == 2
    # Sent, the new plan is the patient's; the old one stays readable in the history.
    write_and_send(staff_client, world.patient, revision=1)
    history = staff_client.get(staff_url(world.patient, "/historik")).get_data(as_text=True)
    assert history.count("Version 1") == 2


def test_staff_mark_any_goals_step_done(staff_client, world, query, events):
    write_and_send(staff_client, world.patient)
    habilitation = query(
        lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.who == "habilitation"))
    )
    page = staff_client.get(staff_url(world.patient)).get_data(as_text=True)
    assert "Markera som gjort" in page
    done = staff_client.post_form(
        staff_url(world.patient, "/mal"), {"goal": habilitation.public_id, "done": "ja"}
    )
    assert done.status_code == 302
    row = query(lambda s: s.get(HealthPlanGoal, habilitation.id))
    assert row.done and row.done_acting_as == "staff"
    assert ("update", "health_plan.goal_done") in {(e[2], e[3]) for e in events(patient_id=world.patient.id)}
    undone = staff_client.post_form(
        staff_url(world.patient, "/mal"), {"goal": habilitation.public_id, "done": "nej"}
    )
    assert undone.status_code == 302
    assert not query(lambda s: s.get(HealthPlanGoal, habilitation.id)).done


def test_the_patient_card_links_the_plan(staff_client, world):
    card = staff_client.get(f"/personal/patienter/{world.patient.public_id}").get_data(as_text=True)
    assert staff_url(world.patient) in card


def test_staff_print_is_one_sheet_with_a_qr_code(staff_client, world, events):
    write_and_send(staff_client, world.patient)
    sheet = staff_client.get(staff_url(world.patient, "/utskrift"))
    html = sheet.get_data(as_text=True)
    assert sheet.status_code == 200 and "Jag vill sova bättre." in html and "<svg" in html
    assert page_url(world.patient).rstrip("/") in html or "QR" in html
    assert ("read", "plan_staff.print") in {(e[2], e[3]) for e in events(patient_id=world.patient.id)}


def test_no_event_without_words(staff_client, world, query):
    write_and_send(staff_client, world.patient)
    types = set(query(lambda s: s.scalars(select(AccessEvent.object_type)).all()))
    assert {"health_plan", "health_plan.send"} <= types
