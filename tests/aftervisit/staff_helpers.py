"""Addresses and a filled-in form for the staff pages of Efter besöket."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AfterVisit


def summary_url(world, visit, patient=None) -> str:
    patient = patient or world.patient
    return f"/personal/patienter/{patient.public_id}/besok/{visit.public_id}/efter"


def edit_url(world, visit) -> str:
    return summary_url(world, visit) + "/andra"


def summary_of(query, visit) -> AfterVisit | None:
    return query(lambda s: s.scalar(select(AfterVisit).where(AfterVisit.visit_id == visit.id)))


def base_form(day) -> dict:
    """A summary with one next step on `day`, one medicine and a call."""
    return {
        "go": "save",
        "did": ["talk", "blood_test"],
        "found": "Blodtrycket är bra.",
        "step_0_key": "",
        "step_0_kind": "blood_test",
        "step_0_who": "clinic",
        "step_0_on": day.isoformat(),
        "step_0_text": "Fastande",
        "medicine_0_key": "",
        "medicine_0_change": "new",
        "medicine_0_name": "Alvedon",
        "medicine_0_for": "Mot ont.",
        "medicine_0_dose": "1 tablett",
        "medicine_0_times": ["evening", "morning"],
        "call_112": "Om du får svårt att andas.",
    }
