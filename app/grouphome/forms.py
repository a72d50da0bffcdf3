"""Forms of the group homes: the clinic's (a home, its mandate for a resident, its manager's
invitation) and the manager's (a new member of staff, the filter of "Vem gjorde vad")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from ..core.forms import LotsenForm, max_length, plain_text, required, strip
from ..models.home import LOCK_MINUTES_DEFAULT, LOCK_MINUTES_MAX, LOCK_MINUTES_MIN
from ..staff.forms import NOTE_MAX, email_field, person_name_field, scope_choices
from ..tablet.services import minutes_words


class HomeForm(LotsenForm):
    name = StringField(
        _l("Boendets namn"),
        filters=[strip],
        validators=[required(_l("Skriv boendets namn.")), max_length(120), plain_text()],
    )
    municipality = StringField(
        _l("Kommun"),
        filters=[strip],
        validators=[required(_l("Skriv vilken kommun boendet hör till.")), max_length(120), plain_text()],
    )
    address = StringField(_l("Adress"), filters=[strip], validators=[max_length(200), plain_text()])
    phone = StringField(_l("Telefon"), filters=[strip], validators=[max_length(40), plain_text()])
    lock_minutes = IntegerField(
        _l("Minuter innan surfplattan låses"),
        default=LOCK_MINUTES_DEFAULT,
        validators=[
            InputRequired(_l("Skriv hur många minuter det ska gå innan surfplattan låses.")),
            NumberRange(
                min=LOCK_MINUTES_MIN,
                max=LOCK_MINUTES_MAX,
                message=_l("Skriv ett antal minuter mellan 1 och 30."),
            ),
        ],
    )


# The lock times a manager chooses among: a tap each, no typing on the tablet.
LOCK_MINUTES_CHOICES = (1, 2, 3, 5, 10, 15, 20, 30)


def _whole_minutes(value) -> int:
    """A choice's value as a number; anything else as 0, which is no choice (the form says so)."""
    try:
        return int(str(value)[:6])
    except ValueError:
        return 0


class LockTimeForm(LotsenForm):
    """The manager's lock time for the home's tablet: one of a few choices (and the home's
    present time, if the clinic set another within the bounds)."""

    lock_minutes = RadioField(
        _l("Hur länge ska ingen röra surfplattan innan den låses?"),
        coerce=_whole_minutes,
        validate_choice=True,
        invalid_choice_message=_l("Välj en av tiderna i listan."),
        validators=[InputRequired(_l("Välj en av tiderna i listan."))],
    )

    def offer(self, present: int) -> None:
        values = sorted({*LOCK_MINUTES_CHOICES, present} & set(range(LOCK_MINUTES_MIN, LOCK_MINUTES_MAX + 1)))
        self.lock_minutes.choices = [(value, minutes_words(value)) for value in values]


class MemberForm(LotsenForm):
    """A person invited to work at a home (the manager, by the clinic; staff, by the manager)."""

    name = person_name_field(_l("Namn"), _l("Skriv personens namn."))
    email = email_field(_l("E-post"))


class HomeMandateForm(LotsenForm):
    """The home the patient lives in, and what its staff may do for them. The choices are the
    clinic's homes, filled in by the route."""

    home = SelectField(
        _l("Boende"), validate_choice=True, invalid_choice_message=_l("Välj ett boende i listan.")
    )
    scopes = SelectMultipleField(
        _l("Vad mer får personalen på boendet göra?"),
        choices=scope_choices(),
        invalid_choice_message=_l("Välj bara bland behörigheterna i listan."),
    )
    verification_note = TextAreaField(
        _l("Vad har du kontrollerat?"),
        filters=[strip],
        validators=[
            required(_l("Skriv vad du har kontrollerat.")),
            max_length(NOTE_MAX),
            plain_text(multiline=True),
        ],
    )


def _person_choice(label) -> SelectField:
    return SelectField(
        label,
        choices=[],
        default="",
        validate_choice=True,
        invalid_choice_message=_l("Välj en person i listan."),
    )


class HomeLogFilterForm(LotsenForm):
    """Whose lines "Vem gjorde vad" shows: a GET form, so it changes nothing and needs no token.
    The choices (the residents, the people who work or worked at the home) are the route's."""

    class Meta:
        csrf = False

    boende = _person_choice(_l("Vem som bor här"))
    personal = _person_choice(_l("Vem i personalen"))
