"""What Hälsokontrollen's pages say: each status, answer and outcome in the staff's words, and
the answers in the patient side's words with their pictures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..models import CheckOutcome, InvitationAnswer
from .due_services import DueStatus, booked_visit, needs_follow_up

STATUS_WORDS = {
    DueStatus.NEVER: _l("Aldrig kontrollerad"),
    DueStatus.OVERDUE: _l("Försenad"),
    DueStatus.DUE: _l("Dags snart"),
    DueStatus.INVITED: _l("Inbjuden"),
    DueStatus.BOOKED: _l("Bokad"),
    DueStatus.NOT_DUE: _l("Inte dags än"),
}
# The filter's words in the address (?status=forsenad): Swedish, as the rest of the addresses.
STATUS_SLUGS = {
    "aldrig": DueStatus.NEVER,
    "forsenad": DueStatus.OVERDUE,
    "snart": DueStatus.DUE,
    "inbjuden": DueStatus.INVITED,
    "bokad": DueStatus.BOOKED,
    "inte-an": DueStatus.NOT_DUE,
}
STATUS_PICTOGRAMS = {
    DueStatus.NEVER: "warning",
    DueStatus.OVERDUE: "warning",
    DueStatus.DUE: "calendar",
    DueStatus.INVITED: "envelope",
    DueStatus.BOOKED: "calendar",
    DueStatus.NOT_DUE: "yes",
}
ANSWER_STAFF_WORDS = {
    InvitationAnswer.COME.value: _l("Jag vill komma"),
    InvitationAnswer.CALL_ME.value: _l("Ring mig om en tid"),
    InvitationAnswer.NOT_WANTED.value: _l("Jag vill inte"),
}
ANSWER_PICTOGRAMS = {
    InvitationAnswer.COME.value: "yes",
    InvitationAnswer.CALL_ME.value: "call-me",
    InvitationAnswer.NOT_WANTED.value: "no",
}
OUTCOME_WORDS = {
    CheckOutcome.DONE.value: _l("Gjord"),
    CheckOutcome.DID_NOT_COME.value: _l("Kom inte"),
}
ACTING_AS_WORDS = {
    "patient": _l("patienten själv"),
    "representative": _l("företrädare"),
    "staff": _l("personal"),
}


def due_helpers() -> dict:
    return {
        "due_status_words": STATUS_WORDS,
        "due_status_pictograms": STATUS_PICTOGRAMS,
        "due_answer_words": ANSWER_STAFF_WORDS,
        "due_answer_pictograms": ANSWER_PICTOGRAMS,
        "due_outcome_words": OUTCOME_WORDS,
        "due_acting_as_words": ACTING_AS_WORDS,
        "due_booked_visit": booked_visit,
        "due_needs_follow_up": needs_follow_up,
    }
