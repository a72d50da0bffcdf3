"""The forms of Hälsokontrollen's invitation: every one carries the open round the page was made
for (`round`, its public id, or empty when none was open), so a form posted twice, or from a page
that is out of date, is refused in words (`due_services.check_page_state`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from ..core.clock import today
from ..core.forms import LotsenForm, max_length, plain_text, required, strip
from ..models import InvitationAnswer
from ..staff.forms import date_field
from ..visits.forms import VisitForm
from .due_services import NOTE_MAX

PUBLIC_ID_LENGTH = 32


def _round_id(form, field):
    value = field.data or ""
    if len(value) not in (0, PUBLIC_ID_LENGTH) or not all(c in "0123456789abcdef" for c in value):
        raise StopValidation(_l("Det gick inte att spara. Titta på sidan igen."))


def _round_required(form, field):
    if not field.data:
        raise StopValidation(_l("Det finns ingen hälsokontroll som väntar. Titta på sidan igen."))


class RoundForm(LotsenForm):
    """A button about the open round (or about none: "Bjud in")."""

    round = HiddenField(filters=[strip], validators=[_round_id])


class BookCheckForm(VisitForm):
    """ "Bjud in" with a time: a visit of a health-check type (the visits' own form)."""

    round = HiddenField(filters=[strip], validators=[_round_id])


def _not_in_the_future(form, field):
    if field.data is not None and field.data > today():
        raise ValidationError(_l("Dagen har inte kommit än. Skriv dagen då hälsokontrollen gjordes."))


class DoneForm(LotsenForm):
    round = HiddenField(filters=[strip], validators=[_round_id, _round_required])
    day = date_field(_l("Dagen hälsokontrollen gjordes"))

    def validate_day(self, field):
        if field.data is None and not field.errors:
            raise ValidationError(_l("Skriv dagen då hälsokontrollen gjordes."))
        _not_in_the_future(self, field)


class MissedForm(LotsenForm):
    round = HiddenField(filters=[strip], validators=[_round_id, _round_required])


class FollowUpForm(LotsenForm):
    round = HiddenField(filters=[strip], validators=[_round_id, _round_required])
    note = TextAreaField(
        _l("Vad kom ni fram till?"),
        filters=[strip],
        validators=[
            required(_l("Skriv kort vad ni kom fram till.")),
            max_length(NOTE_MAX),
            plain_text(multiline=True),
        ],
    )


ANSWER_CHOICES = [
    SelectChoice(InvitationAnswer.COME.value, _l("Jag vill komma")),
    SelectChoice(InvitationAnswer.CALL_ME.value, _l("Ring mig om en tid")),
    SelectChoice(InvitationAnswer.NOT_WANTED.value, _l("Jag vill inte")),
]


class AnswerForm(LotsenForm):
    """The patient's side answers the invitation: one of three big buttons."""

    round = HiddenField(filters=[strip], validators=[_round_id, _round_required])
    answer = RadioField(
        _l("Ditt svar"),
        choices=ANSWER_CHOICES,
        validate_choice=False,
    )

    def validate_answer(self, field):
        if field.data not in {choice.value for choice in ANSWER_CHOICES}:
            raise StopValidation(_l("Välj ett av svaren."))
