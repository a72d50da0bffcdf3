"""Min hälsoplan on the patient's side: the patient reads the plan sent last (a draft is not
there), each goal with who does it and when we look again, marks their own steps done (not the
clinic's or the habilitation's), sees Hem's card, the plans before, and prints it."""

from __future__ import annotations

from sqlalchemy import select

from app.models import HealthPlanGoal

from .plan_helpers import page_url, plan_form, staff_url


def test_the_patient_reads_the_plan_and_marks_own_steps_done(
    client, world, sent_plan, sign_in, query, events
):
    goals = sent_plan(world.patient, world.staff)
    sign_in(client, world.patient_user)
    page = client.get(page_url(world.patient))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Jag vill röra mig mer." in html and "Jag vill sova bättre." in html
    assert "Habiliteringen" in html and "Boendet eller den som hjälper dig" in html
    assert "Då tittar vi på det igen" in html
    assert html.count('name="klart"') == 2  # the patient's and the group home's, not the habilitation's

    done = client.post_form(page_url(world.patient, f"mal/{goals['patient']}"), {"klart": "1"})
    assert done.status_code == 302
    row = query(
        lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.public_id == goals["patient"]))
    )
    assert row.done and row.done_acting_as == "patient" and row.done_by_id == world.patient_user.id
    assert "Klart!" in client.get(page_url(world.patient)).get_data(as_text=True)
    # The habilitation's step is not the patient's to mark: refused, in words, nothing changed.
    refused = client.post_form(page_url(world.patient, f"mal/{goals['habilitation']}"), {"klart": "1"})
    assert refused.status_code == 200 and "bockar av det här själv" in refused.get_data(as_text=True)
    assert not query(
        lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.public_id == goals["habilitation"]))
    ).done
    # Taking it back.
    assert (
        client.post_form(page_url(world.patient, f"mal/{goals['patient']}"), {"klart": "0"}).status_code
        == 302
    )
    assert not query(
        lambda s: s.scalar(select(HealthPlanGoal).where(HealthPlanGoal.public_id == goals["patient"]))
    ).done
    logged = {(e[2], e[3]) for e in events(user_id=world.patient_user.id)}
    assert ("read", "plan.page") in logged
    assert ("update", "health_plan.goal_done") in logged and ("update", "health_plan.goal_undone") in logged


def test_hem_shows_the_goals(client, world, sent_plan, sign_in):
    sign_in(client, world.patient_user)
    assert "Min hälsoplan" not in client.get(page_url(world.patient).replace("/halsoplan/", "/")).get_data(
        as_text=True
    )
    sent_plan(world.patient, world.staff)
    home = client.get(page_url(world.patient).replace("/halsoplan/", "/")).get_data(as_text=True)
    assert "Min hälsoplan" in home and "Jag vill sova bättre." in home and page_url(world.patient) in home
    assert "Klart!" not in home


def test_without_a_plan_and_a_draft_is_not_shown(client, world, sign_in, staff_client, make_client):
    staff_client.post_form(staff_url(world.patient, "/andra"), plan_form())  # a draft only
    patient = make_client()
    sign_in(patient, world.patient_user)
    html = patient.get(page_url(world.patient)).get_data(as_text=True)
    assert "ingen hälsoplan än" in html and "Jag vill sova bättre." not in html
    assert patient.get(page_url(world.patient, "utskrift")).status_code == 404


def test_old_plans_stay_readable(client, world, sent_plan, sign_in, make_client, query):
    sent_plan(world.patient, world.staff)
    staff = make_client()
    sign_in(staff, world.staff)
    assert staff.post_form(staff_url(world.patient, "/ny"), {}).status_code == 302
    from app.checkup import plan_content as shape

    from .plan_helpers import plans

    new = plans(query, world.patient)[-1]
    rows = {f"goal_{n}_key": g["key"] for n, g in enumerate(shape.clean(new.content)["goals"])}
    changed = plan_form(revision=1, goal_0_goal="Jag vill äta mer frukt.", **rows)
    assert staff.post_form(staff_url(world.patient, "/andra"), changed).status_code == 302
    assert staff.post_form(staff_url(world.patient, "/skicka"), {}).status_code == 302

    sign_in(client, world.patient_user)
    page = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Jag vill äta mer frukt." in page and "Se planer från förut" in page
    history = client.get(page_url(world.patient, "tidigare")).get_data(as_text=True)
    old = plans(query, world.patient)[0]
    old_url = page_url(world.patient, f"tidigare/{old.public_id}/1")
    assert old_url in history
    old_page = client.get(old_url).get_data(as_text=True)
    assert (
        "Jag vill röra mig mer." in old_page and "gammal plan" in old_page and 'name="klart"' not in old_page
    )
    # The newest is the plan's own page, not an old version; nonsense ids are a 404.
    assert client.get(page_url(world.patient, f"tidigare/{new.public_id}/1")).status_code == 404
    assert client.get(page_url(world.patient, f"tidigare/{old.public_id}/9")).status_code == 404
    assert client.get(page_url(world.patient, "tidigare/nope/1")).status_code == 404


def test_the_print_is_one_sheet_with_a_qr_code(client, world, sent_plan, sign_in, events):
    sent_plan(world.patient, world.staff)
    sign_in(client, world.patient_user)
    sheet = client.get(page_url(world.patient, "utskrift"))
    html = sheet.get_data(as_text=True)
    assert sheet.status_code == 200
    assert "Jag vill sova bättre." in html and 'class="sheet-qr"' in html and world.clinic.phone in html
    assert 'name="klart"' not in html
    assert ("read", "plan.print") in {(e[2], e[3]) for e in events(user_id=world.patient_user.id)}
