"""A message to the vårdlots shows the patient's coming visits (issue 18, point 7), so that
"jag kan inte komma på tisdag" can be placed: this patient's only, booked ones only, none over."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.models import ChangeKind, Visit, VisitChange, VisitType, utcnow

LOCAL = ZoneInfo("Europe/Stockholm")


def _at(days: int, hour: int) -> datetime:
    return datetime.combine(datetime.now(LOCAL).date() + timedelta(days=days), time(hour), LOCAL)


def _visits(query, patient, **kinds):
    """Visits for `patient`, one per keyword: the visit type's name -> (start, cancelled)."""

    def run(session):
        made = {}
        for name, (starts_at, cancelled) in kinds.items():
            visit_type = VisitType(
                clinic_id=patient.clinic_id, name=name, pictogram="stethoscope", minutes=30
            )
            visit = Visit(
                patient_id=patient.id,
                clinic_id=patient.clinic_id,
                visit_type=visit_type,
                starts_at=starts_at,
                minutes=30,
                room="Rum 4",
                cancelled_at=utcnow() if cancelled else None,
            )
            session.add_all([visit_type, visit, VisitChange(visit=visit, kind=ChangeKind.BOOKED)])
            session.flush()
            made[name] = visit.public_id
        session.commit()
        return made

    return query(run)


def _section(html: str) -> str:
    return html.split('<h2 id="kommande-besok">', 1)[1].split("<h2", 1)[0]


def test_the_thread_shows_the_patients_coming_booked_visits(
    staff_client, world, conversation, query, make_patient
):
    other = make_patient(world.clinic, name="Erik Karlsson")
    mine = _visits(
        query,
        world.patient,
        Tandvård=(_at(2, 9), False),
        Hälsokontroll=(_at(9, 14), False),
        Blodprov=(_at(4, 10), True),  # cancelled
        Fotvård=(_at(-3, 10), False),  # over
    )
    _visits(query, other, Ögonkontroll=(_at(1, 8), False))
    page = staff_client.get(conversation)
    assert page.status_code == 200
    section = _section(page.get_data(as_text=True))
    assert "Tandvård" in section and "Hälsokontroll" in section
    assert section.index("Tandvård") < section.index("Hälsokontroll")  # soonest first
    for not_shown in ("Blodprov", "Fotvård", "Ögonkontroll", "Inga kommande besök"):
        assert not_shown not in section
    # Each leads to its visit page, with its day and time.
    href = f"/personal/patienter/{world.patient.public_id}/besok/{mine['Tandvård']}"
    assert f'href="{href}"' in section
    assert staff_client.get(href).status_code == 200
    assert _at(2, 9).strftime("%H:%M") in section and "Rum 4" in section


def test_without_coming_visits_the_thread_says_so(staff_client, world, conversation, query):
    _visits(query, world.patient, Blodprov=(_at(4, 10), True), Fotvård=(_at(-3, 10), False))
    section = _section(staff_client.get(conversation).get_data(as_text=True))
    assert "Inga kommande besök." in section
    assert "Blodprov" not in section and "Fotvård" not in section
