"""Preferences: language, easy read, read-aloud and its speed, text size.

A signed-in user's choices are saved on their account; a visitor's live in the session.
"""

from __future__ import annotations

from flask import session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from .. import i18n
from ..core import audit
from ..extensions import db
from ..models import AccessAction, Mandate, MandateStatus, PatientPreferences, TextSize, User, utcnow

TOGGLES = ("easy_read", "read_aloud")


def set_language(code: str) -> bool:
    if code not in i18n.languages():
        return False
    if current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    session["language"] = code
    return True


def toggle(name: str) -> bool:
    """Flip a switch for the signed-in user (saved) or for this browser session."""
    if name not in TOGGLES:
        return False
    if current_user.is_authenticated:
        setattr(current_user, name, not getattr(current_user, name))
        db.session.commit()
    else:
        current = i18n.easy_read_enabled() if name == "easy_read" else i18n.read_aloud_enabled()
        session[name] = not current
    i18n.forget_preferences()
    return True


def current_settings() -> dict[str, str]:
    """The preferences in effect now, as the settings form shows them."""
    own = current_user.is_authenticated  # one's own, even while using a patient's together
    return {
        "language": str(get_locale() or "sv"),
        "easy_read": "on" if i18n.easy_read_enabled() else "off",
        "read_aloud": "on" if i18n.read_aloud_enabled() else "off",
        "speech_rate": current_user.speech_rate if own else i18n.speech_rate(),
        "text_size": current_user.text_size.value if own else i18n.text_size(),
    }


def save_settings(
    *, language: str, easy_read: bool, read_aloud: bool, speech_rate: str, text_size: str
) -> None:
    """Save every preference at once; the next page is shown with them."""
    if (
        language not in i18n.languages()
        or speech_rate not in i18n.SPEECH_RATES
        or text_size not in i18n.TEXT_SIZES
    ):
        raise ValueError("not a choice the settings form offers")
    if current_user.is_authenticated:
        current_user.language = language
        current_user.easy_read = easy_read
        current_user.read_aloud = read_aloud
        current_user.speech_rate = speech_rate
        current_user.text_size = TextSize(text_size)
        db.session.commit()
    session.update(
        language=language,
        easy_read=easy_read,
        read_aloud=read_aloud,
        speech_rate=speech_rate,
        text_size=text_size,
    )
    i18n.forget_preferences()


# --- the patient's own preferences, for when a helper and the patient use Lotsen together -------
# (how they are read, and what "together" is: app/i18n.py)


def save_patient_preferences(grant, *, text_size: str, speech_rate: str) -> bool:
    """Save the patient's text size and read-aloud speed; True when something changed. Logged."""

    if speech_rate not in i18n.SPEECH_RATES or text_size not in i18n.TEXT_SIZES:
        raise ValueError("not a choice the form offers")
    if i18n.patient_preferences(grant.patient) == {"text_size": text_size, "speech_rate": speech_rate}:
        return False
    patient = grant.patient
    if patient.user is not None:
        patient.user.text_size = TextSize(text_size)
        patient.user.speech_rate = speech_rate
    else:
        row = db.session.get(PatientPreferences, patient.id)
        if row is None:
            row = PatientPreferences(patient_id=patient.id)
            db.session.add(row)
        row.text_size, row.speech_rate = text_size, speech_rate
        row.updated_at, row.updated_by_id = utcnow(), grant.user.id
    audit.record(grant, AccessAction.UPDATE, "patient.preferences")
    i18n.forget_preferences()
    return True


def save_phone(user: User, phone: str) -> None:
    """One's own phone number ("" removes it), which "Ring upp mig" offers."""
    user.phone = phone
    db.session.commit()


def save_reminders(user: User, on: bool) -> None:
    """One's own reminders before a visit (app/visits/reminders.py)."""
    user.visit_reminders = on
    db.session.commit()


def other_ties(user: User, today) -> list[tuple[Mandate, MandateStatus]]:
    """Mandates of a representative that do not (or not yet) let them act, with their status."""
    rows = db.session.scalars(select(Mandate).where(Mandate.representative_id == user.id)).all()
    ties = [(m, m.effective_status(today)) for m in rows]
    return [(m, status) for m, status in ties if status is not MandateStatus.ACTIVE]
