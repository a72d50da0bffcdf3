"""A preparation sent again (a second helper, or the patient, changed what was sent): what was
sent before is kept when it is opened again, and staff see what changed against it, in words,
with who sent each, instead of only "unread" again.

There is one preparation per visit and no table for its history, so the answers as last sent
are kept inside its answers, under `SENT_BEFORE` (a key no step has: every reader of the answers
asks for a step's key). Only the last sending before this one is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from ..core import audit
from ..extensions import db
from ..models import HomeMandate, Mandate, Preparation, User
from .wizard import AnswerRow, answer_rows

SENT_BEFORE = "_sent_before"


def keep_sent(preparation: Preparation) -> None:
    """Before a sent preparation is opened again: keep its answers and who sent them."""
    answers = dict(preparation.answers or {})
    answers[SENT_BEFORE] = {
        "answers": {key: value for key, value in answers.items() if key != SENT_BEFORE},
        "at": preparation.submitted_at.isoformat() if preparation.submitted_at else None,
        "by_id": preparation.submitted_by_id,
        "mandate_id": preparation.submitted_mandate_id,
        "home_mandate_id": preparation.submitted_home_mandate_id,
        "acting_as": preparation.submitted_acting_as,
    }
    preparation.answers = answers


@dataclass
class Change:
    """One question whose answer changed: the choices added and taken away, and the text."""

    question: str
    added: list[str]
    removed: list[str]
    text_before: str
    text_after: str

    @property
    def text_changed(self) -> bool:
        return self.text_before != self.text_after


@dataclass
class Resent:
    """What changed since the preparation was sent before, and when and by whom it was."""

    before_at: datetime | None
    before_who: str
    changes: list[Change]


def _items(row: AnswerRow | None) -> list[str]:
    return [text for text, _picto in row.items] if row is not None else []


def changes_since_sent_before(preparation: Preparation, name: str) -> Resent | None:
    """None when the preparation was sent only once (or is not sent now)."""
    kept = (preparation.answers or {}).get(SENT_BEFORE)
    if not preparation.submitted or not isinstance(kept, dict):
        return None
    representative = preparation.submitted_by_representative
    now = {row.step_key: row for row in answer_rows(preparation.answers or {}, representative, name)}
    before = {row.step_key: row for row in answer_rows(kept.get("answers") or {}, representative, name)}
    changes = []
    for key in list(now) + [key for key in before if key not in now]:
        after_row, before_row = now.get(key), before.get(key)
        after_items, before_items = _items(after_row), _items(before_row)
        change = Change(
            question=(after_row or before_row).question,  # type: ignore[union-attr]
            added=[item for item in after_items if item not in before_items],
            removed=[item for item in before_items if item not in after_items],
            text_before=(before_row.text if before_row else "").strip(),
            text_after=(after_row.text if after_row else "").strip(),
        )
        if change.added or change.removed or change.text_changed:
            changes.append(change)
    return Resent(_moment(kept.get("at")), _who(kept), changes)


def _moment(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _who(kept: dict) -> str:
    """Who sent it before, as staff see who sent it now ("Birgitta Svensson (god man)")."""
    by_id, mandate_id, home_id = kept.get("by_id"), kept.get("mandate_id"), kept.get("home_mandate_id")
    user = db.session.get(User, by_id) if isinstance(by_id, int) else None
    mandate = db.session.get(Mandate, mandate_id) if isinstance(mandate_id, int) else None
    home_mandate = db.session.get(HomeMandate, home_id) if isinstance(home_id, int) else None
    who = SimpleNamespace(user=user, mandate=mandate, home_mandate=home_mandate)
    return audit.describe_who(who)  # type: ignore[arg-type]
