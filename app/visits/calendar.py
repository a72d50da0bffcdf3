"""A visit as a calendar file (.ics), made with the icalendar package."""

from __future__ import annotations

from icalendar import Calendar, Event

from ..core.urls import public_host
from ..models import Visit


def visit_ics(visit: Visit, summary: str, description: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Lotsen//Mina besök//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = public_host()
    event.add("uid", f"{visit.public_id}@{host}")
    event.add("dtstamp", visit.changes[0].at if visit.changes else visit.created_at)
    event.add("dtstart", visit.starts_at)
    event.add("dtend", visit.ends_at)
    event.add("sequence", visit.sequence)
    event.add("summary", summary)
    clinic = visit.patient.clinic
    event.add("location", ", ".join(filter(None, [clinic.name, visit.room])))
    event.add("description", description)
    event.add("status", "CANCELLED" if visit.cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
