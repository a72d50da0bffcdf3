"""Efter besöket as a note for the journal (app/staff/journal.py): what was sent to the patient
(or the draft, marked as such) under the journal's headings, in plain Swedish."""

from __future__ import annotations

from datetime import date

from ..core.words import PROFESSION_WORDS
from ..models.aftervisit import AfterVisit
from ..staff.journal import JournalNote, swedish, when
from . import content as shape
from . import services
from .catalogue import (
    CALLS,
    CHANGES_BY_VALUE,
    DID_BY_VALUE,
    STEP_KINDS_BY_VALUE,
    TIMES_BY_VALUE,
    WHO_BY_VALUE,
)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _step_line(step: dict, row) -> str:
    kind = str(STEP_KINDS_BY_VALUE[step["kind"]].staff_text)
    who = str(WHO_BY_VALUE[step["who"]].staff_text).lower()
    day = f" {date.fromisoformat(step['on']).isoformat()}" if step["on"] else ""
    words = step["text"].get("sv", "")
    done = f" Gjort {when(row.done_at)}." if row is not None and row.done else ""
    return f"- {kind}{day} ({who}){': ' + _sentence(words) if words else '.'}{done}"


def _medicine_line(medicine: dict) -> str:
    change = str(CHANGES_BY_VALUE[medicine["change"]].staff_text)
    parts = [f"- {change}: {medicine['name'] or 'namn saknas'}"]
    if medicine["for"].get("sv"):
        parts.append(f"för: {medicine['for']['sv'].rstrip('.')}")
    if medicine["dose"].get("sv"):
        parts.append(f"mängd: {medicine['dose']['sv'].rstrip('.')}")
    if medicine["times"]:
        parts.append(
            "tider: " + ", ".join(str(TIMES_BY_VALUE[t].staff_text).lower() for t in medicine["times"])
        )
    return ", ".join(parts) + "."


def summary_note(summary: AfterVisit) -> JournalNote:
    """The version the patient's side has (or the draft, marked), as a journal note."""

    def build() -> JournalNote:
        visit = summary.visit
        sent = services.latest(summary)
        document = shape.clean(sent.content if sent is not None else summary.content)
        note = JournalNote(
            f"Lotsen: Efter besöket, {visit.visit_type.name} {when(visit.starts_at)}, {summary.patient.name}"
        )
        did = [_sentence(str(DID_BY_VALUE[code].staff_text)) for code in document["did"]]
        note.add("Åtgärder", [" ".join(did), _sentence(document["did_text"].get("sv", ""))])
        note.add("Bedömning", [_sentence(document["found"].get("sv", ""))])
        rows = services.steps_of(summary) if sent is not None else {}
        note.add("Planering", [_step_line(step, rows.get(step["key"])) for step in document["steps"]])
        medicines = [_medicine_line(m) for m in document["medicines"]]
        if medicines:
            medicines.append("Listan i Lotsen visar vad som ändrades. Den är inte ett recept.")
        note.add("Läkemedel", medicines)
        note.add(
            "Patientinformation",
            [
                f"{call.staff_text}: {_sentence(document['calls'][call.value]['sv'])}"
                for call in CALLS
                if document["calls"].get(call.value, {}).get("sv")
            ],
        )
        if sent is not None:
            by = sent.sent_by
            who = f" av {by.name} ({PROFESSION_WORDS[by.profession]})" if by is not None else ""
            lines = [
                f"Skickat till patienten i Lotsen {when(sent.sent_at)}{who}, "
                f"version {sent.number}, på lättläst svenska."
            ]
            if sent.why.get("sv"):
                lines.append(f"Ändrat: {_sentence(sent.why['sv'])}")
            if services.state(summary).correction_waiting:
                lines.append("En rättelse är påbörjad men inte skickad.")
        else:
            lines = ["Utkast, inte skickat till patienten."]
        note.add("Källa i Lotsen", lines)
        return note

    return swedish(build)
