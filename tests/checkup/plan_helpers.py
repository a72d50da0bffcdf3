"""Addresses, a filled-in plan and a plan sent through the staff's pages, for Min hälsoplan's tests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.clock import today
from app.models import HealthPlan
from tests.support.people import patient_url


def staff_url(patient, rest: str = "") -> str:
    return f"/personal/patienter/{patient.public_id}/halsoplan{rest}"


def page_url(patient, rest: str = "") -> str:
    return patient_url(patient, f"/halsoplan/{rest}" if rest else "/halsoplan/")


def plan_form(revision: int = 0, **more) -> dict:
    """Three goals: the patient's own, the group home's with a day, the habilitation's."""
    day = (today() + timedelta(days=30)).isoformat()
    data = {
        "revision": str(revision),
        "check": "",
        "goal_0_key": "",
        "goal_0_goal": "Jag vill röra mig mer.",
        "goal_0_do": "Jag går en promenad varje dag.",
        "goal_0_who": "patient",
        "goal_0_look_on": day,
        "goal_1_key": "",
        "goal_1_goal": "Jag vill sova bättre.",
        "goal_1_do": "Boendet hjälper mig. Vi släcker lampan klockan 22.",
        "goal_1_who": "helper",
        "goal_1_look_on": day,
        "goal_2_key": "",
        "goal_2_goal": "Jag vill gå säkrare.",
        "goal_2_do": "Habiliteringen tittar på min rollator.",
        "goal_2_who": "habilitation",
        "goal_2_look_on": "",
    }
    data.update(more)
    return data


def plans(query, patient) -> list[HealthPlan]:
    return query(
        lambda s: list(
            s.scalars(select(HealthPlan).where(HealthPlan.patient_id == patient.id).order_by(HealthPlan.id))
        )
    )


def write_and_send(client, patient, **more) -> HealthPlan:
    """Write a plan as staff (signed in on `client`) and send it; the plan as saved."""
    saved = client.post_form(staff_url(patient, "/andra"), plan_form(**more))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    sent = client.post_form(staff_url(patient, "/skicka"), {})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    return saved
