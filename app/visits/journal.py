"""A visit and its preparation as a note for the journal (app/staff/journal.py): why the patient
comes, what the patient or a helper told us before the visit and who that was, the needs and the
communication, and the visit itself under Planering."""

from __future__ import annotations

from ..core.audit import describe_who
from ..core.words import PROFESSION_WORDS
from ..models import Preparation, Visit, VisitRequest
from ..needs.journal import need_lines
from ..needs.services import Profile
from ..staff.journal import JournalNote, swedish, when
from .overview import Overview
from .overview import build as build_overview
from .wizard import answered_by_words


def _told_by(preparation: Preparation) -> tuple[str, str]:
    """The heading's "patient" or "företrädare", and who sent it, when, and who answered."""
    who = describe_who(preparation)
    if preparation.submitted_by_patient:
        heading, who = "Aktuellt enligt patient", f"{who} (patienten)"
    else:
        heading = "Aktuellt enligt företrädare"
    sent = f"Skickat {when(preparation.submitted_at)} av {who} i Lotsen."
    return heading, sent


def _current(o: Overview) -> list[str]:
    lines = []
    if o.pain:
        lines.append(o.pain)
    if o.feels:
        lines.append(f"Mår: {o.feels}.")
    if o.told:
        lines.append(f"Berättar: {o.told}")
    if o.questions:
        lines.append("Vill fråga: " + " ".join(q if q.endswith("?") else q + "." for q in o.questions))
    if o.companions:
        lines.append(f"Kommer med: {o.companions}.")
    if o.helps:
        lines.append(f"Hjälper den här gången: {o.helps}")
    return lines


def visit_note(
    visit: Visit, preparation: Preparation | None, profile: Profile, asked: VisitRequest | None = None
) -> JournalNote:
    def build() -> JournalNote:
        o = build_overview(visit, preparation, profile, asked)
        note = JournalNote(f"Lotsen: {visit.visit_type.name} {when(visit.starts_at)}, {visit.patient.name}")
        reason = o.why + (f". {o.why_text}" if o.why_text else "")
        note.add("Kontaktorsak", [reason if reason.endswith((".", "?", "!")) else reason + "."])
        if o.prepared and preparation is not None:
            heading, sent = _told_by(preparation)
            answered = answered_by_words(preparation)
            note.add(heading, [*_current(o), sent + (f" {answered}" if answered else "")])
        else:
            lines = ["Ingen förberedelse skickad i Lotsen."]
            if asked is not None:
                who = describe_who(asked) + (" (patienten)" if asked.by_patient else "")
                lines.insert(0, f"Önskemål om tid skickat {when(asked.created_at)} av {who} i Lotsen.")
            note.add("Aktuellt enligt patient/företrädare", lines)
        must, communication = need_lines(profile, extra=[item.text for item in o.must_know if item.urgent])
        note.add("Anpassningar", must)
        note.add("Kommunikation", communication)
        staff = ", ".join(f"{s.name} ({PROFESSION_WORDS[s.profession]})" for s in visit.staff)
        plan = f"Besök {when(visit.starts_at)}, {visit.minutes} min"
        plan += f", {visit.room}" if visit.room else ""
        plan += f", {staff}." if staff else "."
        note.add("Planering", ["Besöket är inställt." if visit.cancelled else plan])
        return note

    return swedish(build)
