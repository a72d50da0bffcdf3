"""What changed about a visit, in easy words: the newest change to tell the patient about, and one
sentence per thing that changed."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from ..core.clock import CLINIC_ZONE
from ..models import ChangeKind, Visit, VisitChange, utcnow

# Changes are shown to the patient on the visit for this long.
CHANGE_SHOWN_DAYS = 14


def recent_change(visit: Visit) -> VisitChange | None:
    """The newest change to tell the patient about (a first booking is not news)."""
    cutoff = utcnow() - timedelta(days=CHANGE_SHOWN_DAYS)
    for change in visit.changes:
        if change.kind is not ChangeKind.BOOKED and change.at >= cutoff:
            return change
    return None


def when_words(moment: datetime) -> str:
    """ "måndag 1 december klockan 10:30", in the clinic's time."""
    moment = moment.astimezone(CLINIC_ZONE)
    return str(
        _l(
            "%(day)s klockan %(time)s",
            day=format_datetime(moment, "EEEE d MMMM"),
            time=format_datetime(moment, "HH:mm"),
        )
    )


def _when_words(iso: str) -> str:
    return when_words(datetime.fromisoformat(iso))


CHANGE_WORDS = {
    "starts_at": _l("Ny tid: %(after)s. Förut: %(before)s."),
    "room": _l("Nytt rum: %(after)s. Förut: %(before)s."),
    "visit_type": _l("Nu är det: %(after)s. Förut: %(before)s."),
    "staff": _l("Du träffar: %(after)s. Förut: %(before)s."),
    "minutes": _l("Besöket tar nu %(after)s minuter. Förut: %(before)s minuter."),
    "bring": _l("Ta med har ändrats."),
    "note": _l("Det finns ett nytt meddelande."),
}


def change_sentences(change: VisitChange) -> list[str]:
    """What changed, in easy words, one sentence per thing."""
    if change.kind is ChangeKind.CANCELLED:
        return [str(_l("Besöket är inställt. Du ska inte komma."))]
    sentences = []
    for key, words in CHANGE_WORDS.items():
        if key not in change.details:
            continue
        before, after = change.details[key]
        if key == "starts_at":
            before, after = _when_words(before), _when_words(after)
        nothing = str(_l("ingen"))
        sentences.append(str(words) % {"before": before or nothing, "after": after or nothing})
    return sentences
