"""Addresses and a change noted through the patient's side, for Något har ändrats' tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models import ChangeNote
from tests.support.people import patient_url

FORM_KEY = re.compile(r'name="form_key"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="form_key"')


def page_url(patient, rest: str = "") -> str:
    return patient_url(patient, f"/nagot-har-andrats/{rest}")


def staff_url(patient, rest: str = "forandringar/") -> str:
    return f"/personal/patienter/{patient.public_id}/{rest}"


def form_key(client, patient) -> str:
    page = client.get(page_url(patient, "ny"))
    assert page.status_code == 200, page.status_code
    found = FORM_KEY.search(page.get_data(as_text=True))
    assert found, "no one-time key on the form"
    return found.group(1) or found.group(2)


def note_form(
    key: str, area: str = "sleep", since: str = "week", how: str = "Hon vaknar på natten.", go: str = "send"
) -> dict:
    return {"form_key": key, "area": area, "since": since, "how": how, "go": go}


def note_change(client, patient, **more):
    """Fill in the form, check it (Kontrollera) and send it; the response to Skicka."""
    data = note_form(form_key(client, patient), **more)
    checked = client.post_form(page_url(patient, "skicka"), {**data, "go": "check"})
    assert checked.status_code == 200 and "Skicka till vårdcentralen" in checked.get_data(as_text=True)
    return client.post_form(page_url(patient, "skicka"), {**data, "go": "send"})


def notes(query, patient) -> list[ChangeNote]:
    return query(
        lambda s: list(
            s.scalars(select(ChangeNote).where(ChangeNote.patient_id == patient.id).order_by(ChangeNote.id))
        )
    )
