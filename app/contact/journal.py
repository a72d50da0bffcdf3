"""A conversation with the vårdlots, and a callback with its attempts, as notes for the journal
(app/staff/journal.py): the reason, every message or call in time order with who wrote or called
and when, and what is planned."""

from __future__ import annotations

from ..core.audit import describe_who
from ..core.words import PROFESSION_WORDS
from ..models import CallbackRequest, ContactMessage, Conversation
from ..staff.journal import JournalNote, swedish, when
from .callbacks import outcome_words
from .catalogue import CALL_TIMES, DAYS, PHRASES, words


def _who(message: ContactMessage) -> str:
    if message.from_staff and message.user.staff_member is not None:
        return f"{message.user.name} ({PROFESSION_WORDS[message.user.staff_member.profession]})"
    who = describe_who(message)
    return f"{who} (patienten)" if message.acting_as == "patient" else who


def _said(message: ContactMessage) -> str:
    parts = words(PHRASES, message.phrases or [])
    text = " ".join(f"{part}." for part in parts)
    if message.text:
        text += (" " if text else "") + message.text.strip()
    return text


def conversation_note(conversation: Conversation) -> JournalNote:
    def build() -> JournalNote:
        patient = conversation.patient
        messages = sorted(conversation.messages, key=lambda m: (m.created_at, m.id))
        note = JournalNote(
            f"Lotsen: meddelanden med vårdlotsen {when(conversation.created_at)}, {patient.name}"
        )
        first = messages[0] if messages else None
        topics = words(PHRASES, first.phrases or []) if first is not None else []
        note.add("Kontaktorsak", [", ".join(topics) + "." if topics else "Meddelande i Lotsen."])
        note.add(
            "Aktuellt enligt patient/företrädare",
            [f"{when(m.created_at)} {_who(m)}: {_said(m)}" for m in messages if not m.from_staff],
        )
        note.add(
            "Svar från vårdcentralen",
            [f"{when(m.created_at)} {_who(m)}: {_said(m)}" for m in messages if m.from_staff],
        )
        note.add("Planering", ["Avslutat." if conversation.done_at else "Pågår i Lotsen."])
        return note

    return swedish(build)


def callback_note(callback: CallbackRequest) -> JournalNote:
    def build() -> JournalNote:
        patient = callback.patient
        note = JournalNote(
            f"Lotsen: önskemål om att bli uppringd {when(callback.created_at)}, {patient.name}"
        )
        topics = words(PHRASES, callback.topics or [])
        note.add("Kontaktorsak", [", ".join(topics) + "." if topics else "Vill bli uppringd."])
        asked = f"{when(callback.created_at)} {describe_who(callback)}"
        asked += " (patienten)" if callback.acting_as == "patient" else ""
        wished = ", ".join(words(DAYS, callback.days or []) + words(CALL_TIMES, callback.times or []))
        note.add(
            "Aktuellt enligt patient/företrädare",
            [
                f"{asked}: {callback.text.strip()}" if callback.text.strip() else asked + ".",
                f"Telefon {callback.phone}." + (f" Passar: {wished}." if wished else ""),
            ],
        )
        outcomes = outcome_words()
        note.add(
            "Samtal",
            [
                f"{when(a.at)} {a.staff_member.name}: {outcomes[a.outcome]}."
                + (f" {a.note.strip()}" if a.note else "")
                for a in sorted(callback.attempts, key=lambda a: a.at)
            ],
        )
        plan = "Klart." if callback.done_at else "Väntar på samtal."
        if callback.planned_on and not callback.done_at:
            plan = f"Planerat {callback.planned_on.isoformat()} {callback.planned_time}".strip() + "."
        note.add("Planering", [plan])
        return note

    return swedish(build)
