"""The needs profile as a note for the journal (app/staff/journal.py): the needs ranked as the
visit overview ranks them (what must be known first), communication on its own, the patient's
own texts, and who last changed and went through the profile, with dates."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.audit import describe_who
from ..models import NeedReview, Patient
from ..staff.journal import JournalNote, swedish, when
from .catalogue import COMMUNICATION, FIELDS, Need
from .services import Profile


def _line(need: Need, comment: str) -> str:
    return f"- {need.text}" + (f": {comment}" if comment else "")


def need_lines(profile: Profile, extra: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """The needs (with `extra` lines first, such as the worst pain) and the communication needs."""
    chosen = sorted(profile.chosen, key=lambda pair: pair[0].safety_order)
    must = [f"- {text}" for text in extra]
    own_line = [(n, c) for n, c in chosen if n.category == COMMUNICATION and not n.must_know]
    must += [_line(n, c) for n, c in chosen if (n, c) not in own_line]
    communication = [_line(n, c) for n, c in own_line]
    return must, communication


def profile_note(patient: Patient, profile: Profile, review: NeedReview | None) -> JournalNote:
    def build() -> JournalNote:
        note = JournalNote(f"Lotsen: anpassningar för {patient.name}")
        must, communication = need_lines(profile)
        note.add("Anpassningar", must or ["Inga anpassningar valda."])
        note.add("Kommunikation", communication)
        note.add(
            "Patientens egna ord",
            [f"{FIELDS[key].label}: {text}" for key, text in profile.sections.items() if key in FIELDS],
        )
        source = []
        if profile.revision is not None:
            source.append(
                f"Senast ändrat {when(profile.at)} av {describe_who(profile.revision)}"
                f" (version {profile.number})."
            )
        if review is not None:
            source.append(
                f"Genomgånget med patienten {review.reviewed_on.isoformat()} av {review.staff_member.name}"
                f" tillsammans med {review.together_with}."
            )
        note.add("Uppgifterna", source or ["Inget är ifyllt i Lotsen än."])
        return note

    return swedish(build)
