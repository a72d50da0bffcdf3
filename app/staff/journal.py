"""Text for the journal: what Lotsen holds about a patient, as a plain Swedish note to paste into
the medical record system (Cosmic, TakeCare, ...), where no import or integration is available.

Each area writes its own notes (a visit's preparation in app.visits.journal, the needs profile in
app.needs.journal, a conversation or a callback in app.contact.journal) with `JournalNote`: the
usual headings (Kontaktorsak, Aktuellt enligt patient/företrädare, Anpassningar, Kommunikation,
Planering), who wrote each part and when, and where it came from. `journal_routes` gives a kind
of thing its two pages: one shows the note to copy (the script's Kopiera button puts it on the
clipboard; without the script it is text in a box, to select) and one sends it as a .txt file;
each is logged as an export under its endpoint, since showing the note is what lets it be copied.

Notes are always in Swedish, the journal's language, whatever language the staff member reads
Lotsen in; the patient's and helpers' own words stay as they wrote them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from ..core import audit
from ..core.access import patient_access
from ..core.clock import CLINIC_ZONE, local_now
from ..core.grants import Capability, Grant
from ..core.words import PROFESSION_WORDS
from ..models import AccessAction


def when(at: datetime | None) -> str:
    """A time as a journal writes it: 2026-12-04 09:00, in the clinic's time zone."""
    return at.astimezone(CLINIC_ZONE).strftime("%Y-%m-%d %H:%M") if at is not None else ""


@dataclass
class JournalNote:
    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, heading: str, lines: Iterable[str]) -> None:
        """A section under its heading; left out when it has nothing to say."""
        kept = [line.strip() for line in lines if line and line.strip()]
        if kept:
            self.sections.append((heading, kept))

    def text(self, clinic: str) -> str:
        parts = [self.title, ""]
        for heading, lines in self.sections:
            parts += [f"{heading}:", *lines, ""]
        member = current_user.staff_member
        parts.append(
            f"Källa: Lotsen, {clinic}. Hämtat {when(local_now())} av {current_user.name} "
            f"({PROFESSION_WORDS[member.profession]})."
        )
        return "\n".join(parts) + "\n"


def swedish(build: Callable[[], JournalNote]) -> JournalNote:
    """Build a note in Swedish (the catalogue's words, the headings), whatever the reader's language."""
    with force_locale("sv"):
        return build()


def journal_page(grant: Grant, note: JournalNote, object_id: str, back: str, download: str):
    """The note to copy, logged as an export under the page's endpoint (with its words in
    app.core.audit_words)."""
    audit.record(grant, AccessAction.EXPORT, request.endpoint or "", object_id)
    with force_locale("sv"):
        text = note.text(grant.patient.clinic.name)
    return render_template(
        "staff/journal.html",
        note=note,
        text=text,
        back=back,
        download=download,
        patient=grant.patient,
        page_title=note.title,
    )


def journal_download(grant: Grant, note: JournalNote, object_id: str, name: str) -> Response:
    """The note as `name`.txt, logged as an export under the download's endpoint."""
    audit.record(grant, AccessAction.EXPORT, request.endpoint or "", object_id)
    with force_locale("sv"):
        text = note.text(grant.patient.clinic.name)
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.txt"'
    return response


@dataclass(frozen=True)
class Found:
    """What a journal route found: the thing's id for the log, its note, the file's name (without
    .txt) and the page to go back to."""

    object_id: str
    note: JournalNote
    filename: str
    back: str


def journal_routes(bp: Blueprint, rule: str, endpoint: str, find: Callable[..., Found]) -> None:
    """Kopiera till journalen for one kind of thing: `<rule>/journal` shows its note to copy
    (endpoint `endpoint`) and `<rule>/journal.txt` downloads it (`endpoint`_download), both for
    the staff who may see the patient. `find(grant, **ids)` finds the thing (or aborts 404)."""

    def page(grant: Grant, **ids):
        found = find(grant, **ids)
        download = url_for(f"{bp.name}.{endpoint}_download", patient_id=grant.patient.public_id, **ids)
        return journal_page(grant, found.note, found.object_id, back=found.back, download=download)

    def download(grant: Grant, **ids):
        found = find(grant, **ids)
        return journal_download(grant, found.note, found.object_id, found.filename)

    page.__name__, download.__name__ = endpoint, f"{endpoint}_download"
    bp.add_url_rule(f"{rule}/journal", view_func=patient_access(Capability.SEE)(page))
    bp.add_url_rule(f"{rule}/journal.txt", view_func=patient_access(Capability.SEE)(download))
