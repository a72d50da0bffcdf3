"""What everything sent from the patient's side shares: the limit against floods, the resend
window, and the e-mail telling the clinic that something is new (no health data, only
that something is new and a link)."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from limits import parse

from .. import notices
from ..core.rules import RuleError
from ..core.urls import external_url
from ..extensions import hit_limit
from ..models import Patient, User

# Sending is limited per person, against floods (a stuck key, a script): generous for people.
SEND_LIMIT = parse("20 per hour")
SEND_LIMIT_DAY = parse("60 per day")


def check_send_limit(user: User) -> None:
    """RuleError (shown at the form, with nothing lost) once someone has sent very much."""
    key = str(user.id)
    if not (
        hit_limit(SEND_LIMIT, "contact-send", key) and hit_limit(SEND_LIMIT_DAY, "contact-send-day", key)
    ):
        raise RuleError(
            _(
                "Du har skickat många meddelanden nu. Vänta en stund och skicka sedan "
                "igen. Det du skrev finns kvar. Du kan också ringa vårdcentralen."
            )
        )


def tell_clinic(patient: Patient, what: str) -> None:
    """An e-mail to the clinic's vårdlots address: only that something is new, and a link."""
    with force_locale("sv"):
        body = _(
            "Hej!\n\nDet finns %(what)s i Lotsen.\nLogga in och titta i inkorgen:\n%(link)s\n\nLotsen",
            what=what,
            link=external_url("contact_staff.inbox"),
        )
        notices.queue(
            patient.clinic.vardlots_email, _("Nytt i Lotsens inkorg"), body, "inbox", patient.clinic_id
        )


# The same thing sent again this soon is a resend (the back button, which brings the filled-in
# form back, or a second tap): the first one is kept, and nothing new is made.
RESEND_WINDOW = timedelta(minutes=10)
