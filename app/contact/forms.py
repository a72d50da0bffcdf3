"""Forms of Kontakta vårdlotsen: a message from quick phrases and own text, an answer, and
"Ring upp mig"; for staff: an answer, who handles it, and calls."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, StopValidation

from ..clinic_words import FORM_NAMES, FORMS, in_languages, wrong_script
from ..core.clock import local_now
from ..core.forms import LotsenForm, max_length, one_of_the_choices, plain_text, required, strip
from ..staff.forms import sensible_date
from ..visits.forms import CardsField, valid_choices
from . import phone
from .catalogue import CALL_TIMES, DAYS, PHRASES, REPLY_PHRASES

MESSAGE_MAX = 2000
ANSWER_MAX = 4000
NOTE_MAX = 500
TEMPLATE_TITLE_MAX = 80  # the column's length
TEMPLATE_TEXT_MAX = 1000


def _choices(catalogue) -> list[SelectChoice]:
    return [SelectChoice(c.value, c.text) for c in catalogue]


def message_text() -> TextAreaField:
    return TextAreaField(
        _l("Skriv mer, om du vill"),
        filters=[strip],
        validators=[Optional(), max_length(MESSAGE_MAX), plain_text(multiline=True)],
    )


class MessageForm(LotsenForm):
    phrases = CardsField(_l("Vad gäller det?"), choices=_choices(PHRASES), validators=[valid_choices()])
    text = message_text()
    notify = BooleanField(_l("Mejla mig när vårdlotsen svarar"), default=True)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not self.phrases.data and not self.text.data:
            self.phrases.errors.append(_l("Välj ett kort, eller skriv vad det gäller."))
            return False
        return ok


class ReplyForm(LotsenForm):
    """An answer in a conversation: cards (yes, no, or the message cards) and or own text."""

    phrases = CardsField(
        _l("Vad vill du svara?"), choices=_choices(REPLY_PHRASES), validators=[valid_choices()]
    )
    text = message_text()
    notify = BooleanField(_l("Mejla mig när vårdlotsen svarar"), default=True)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not self.phrases.data and not self.text.data:
            self.phrases.errors.append(_l("Välj ett kort, eller skriv ditt svar."))
            return False
        return ok


def swedish_phone(form, field):
    if not field.data:
        raise StopValidation(_l("Skriv ett telefonnummer."))
    _as_digits(field)


def _as_digits(field) -> None:
    digits = phone.normalize(field.data)
    if digits is None:
        raise StopValidation(
            _l(
                "Det ser inte ut som ett svenskt telefonnummer. Skriv till exempel %(number)s.",
                number=phone.EXAMPLE,
            )
        )
    field.data = digits


def swedish_phone_or_empty(form, field):
    if field.data:
        _as_digits(field)


class PhoneForm(LotsenForm):
    """One's own number in Inställningar: "Ring upp mig" fills it in. Empty removes it."""

    phone = StringField(
        _l("Telefonnummer"), filters=[strip], validators=[max_length(20), swedish_phone_or_empty]
    )


class CallbackForm(LotsenForm):
    whom = SelectField(
        _l("Vem ska vårdlotsen ringa?"),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj vem vårdlotsen ska ringa."))],
    )
    phone = StringField(_l("Telefonnummer"), filters=[strip], validators=[max_length(20), swedish_phone])
    days = CardsField(_l("Vilka dagar passar?"), choices=_choices(DAYS), validators=[valid_choices()])
    times = CardsField(_l("När på dagen?"), choices=_choices(CALL_TIMES), validators=[valid_choices()])
    topics = CardsField(_l("Vad gäller det?"), choices=_choices(PHRASES), validators=[valid_choices()])
    text = message_text()
    remember = BooleanField(_l("Kom ihåg mitt nummer till nästa gång"), default=False)
    notify = BooleanField(_l("Mejla mig när det finns nytt om samtalet"), default=True)


# --- staff --------------------------------------------------------------------------------------


class AnswerForm(LotsenForm):
    text = TextAreaField(
        _l("Ditt svar"),
        filters=[strip],
        validators=[required(_l("Skriv ett svar.")), max_length(ANSWER_MAX), plain_text(multiline=True)],
    )
    language = SelectField(
        _l("Svaret är på"), validate_choice=False, validators=[one_of_the_choices(_l("Välj ett språk."))]
    )
    # Only read by "Använd mallen" (the route checks it there); sending ignores it.
    template = SelectField(
        _l("Börja med en lätt mall"),
        validate_choice=False,
        validators=[Optional(), one_of_the_choices(_l("Välj en mall."))],
    )

    def validate_language(self, field):
        """The answer is marked as the language it is written in (the patient's side reads it
        aloud in that language's voice): an Arabic answer needs Arabic letters, and an answer
        in Arabic letters only is Arabic."""
        if not self.text.data or field.data not in FORMS:
            return
        problem = wrong_script(field.data, self.text.data)
        if problem == "ar":
            raise StopValidation(
                _l("Svaret har inga arabiska bokstäver. Välj det språk som svaret är skrivet på.")
            )
        if problem == "other":
            raise StopValidation(_l("Svaret är skrivet på arabiska. Välj arabiska."))


@in_languages(
    ("title", _l("Rubrik"), TEMPLATE_TITLE_MAX, False),
    ("text", _l("Text till patienten"), TEMPLATE_TEXT_MAX, True),
)
class AnswerTemplateForm(LotsenForm):
    """One of the team's answer templates: a short title to choose it by, and the easy text."""

    title = StringField(
        _l("Rubrik"),
        filters=[strip],
        validators=[required(_l("Skriv en rubrik.")), max_length(TEMPLATE_TITLE_MAX), plain_text()],
    )
    text = TextAreaField(
        _l("Text till patienten"),
        filters=[strip],
        validators=[
            required(_l("Skriv texten i mallen.")),
            max_length(TEMPLATE_TEXT_MAX),
            plain_text(multiline=True),
        ],
    )


class AssignForm(LotsenForm):
    staff = SelectField(
        _l("Välj person"), validate_choice=False, validators=[one_of_the_choices(_l("Välj en person."))]
    )


class PlanCallForm(LotsenForm):
    day = DateField(
        _l("Dag"),
        validators=[InputRequired(_l("Skriv dagen.")), sensible_date],
        format=["%Y-%m-%d", "%Y%m%d"],
        invalid_value_message=_l("Skriv datumet som år-månad-dag, till exempel 2026-05-31."),
    )
    time = SelectField(
        _l("När på dagen?"),
        choices=_choices(CALL_TIMES),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj förmiddag eller eftermiddag."))],
    )

    def validate_day(self, field):
        if field.data is not None and field.data < local_today():
            raise StopValidation(_l("Välj en dag som inte har varit än."))
        if field.data is not None and field.data.weekday() >= 5:
            # Patients are told the vårdlots answers on weekdays; a call is planned on one.
            raise StopValidation(_l("Det är en lördag eller söndag. Välj en vardag."))


class AttemptForm(LotsenForm):
    outcome = SelectField(
        _l("Hur gick samtalet?"),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj hur det gick."))],
    )
    note = TextAreaField(
        _l("Anteckning (syns inte för patienten)"),
        filters=[strip],
        validators=[Optional(), max_length(NOTE_MAX), plain_text(multiline=True)],
    )


def local_today():
    return local_now().date()


def language_choices() -> list[SelectChoice]:
    """The languages the vårdlots may answer in (app/clinic_words.py)."""
    return [SelectChoice(form, str(FORM_NAMES[form]).capitalize()) for form in FORMS]
