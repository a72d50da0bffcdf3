"""Forms of the admin area: clinics and staff accounts. Clinic choices are filled in by the routes."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, ValidationError

from ..clinic_words import in_languages
from ..core.audit import PROFESSION_WORDS
from ..core.forms import (
    LotsenForm,
    email_address,
    lower,
    max_length,
    one_of_the_choices,
    plain_text,
    required,
    strip,
)
from ..core.words import DUTY_DESCRIPTIONS
from ..models import Duty, Profession
from ..staff.forms import gender_field
from ..staff.team import PRESENTATION_MAX

NAME_MAX = 120  # the columns' lengths: longer text would not fit
EMAIL_MAX = 254
PHONE_MAX = 40
ADDRESS_MAX = 200
OPENING_HOURS_MAX = 500

# Loosely Swedish: ASCII digits, spaces and hyphens, perhaps +46 first (no letters, no brackets).
_PHONE = re.compile(r"(?:\+46)?[0-9 \-]+")
PHONE_DIGITS_MIN, PHONE_DIGITS_MAX = 6, 13


def swedish_phone(form, field):
    """Digits, spaces and hyphens, with +46 allowed first; between 6 and 13 digits."""
    value = field.data or ""
    if not value:
        return
    digits = re.sub(r"[^0-9]", "", value.removeprefix("+46"))
    if not _PHONE.fullmatch(value) or not PHONE_DIGITS_MIN <= len(digits) <= PHONE_DIGITS_MAX:
        raise ValidationError(
            _l("Skriv telefonnumret med siffror, till exempel 019-10 20 30 eller +46 19 10 20 30.")
        )


def profession_choices(placeholder: bool) -> list[SelectChoice]:
    """The professions in Swedish; on a new account first an empty "choose" option."""
    choices = [SelectChoice(p.value, PROFESSION_WORDS[p]) for p in Profession]
    return [SelectChoice("", _l("Välj yrke")), *choices] if placeholder else choices


@in_languages(("opening_hours", _l("Öppettider"), OPENING_HOURS_MAX, True))
class ClinicForm(LotsenForm):
    name = StringField(
        _l("Vårdcentralens namn"),
        filters=[strip],
        validators=[required(_l("Skriv vårdcentralens namn.")), max_length(NAME_MAX), plain_text()],
    )
    county_part = StringField(
        _l("Del av länet"),
        filters=[strip],
        validators=[
            required(_l("Skriv vilken del av länet vårdcentralen ligger i.")),
            max_length(NAME_MAX),
            plain_text(),
        ],
    )
    phone = StringField(
        _l("Telefonnummer"),
        filters=[strip],
        validators=[
            required(_l("Skriv vårdcentralens telefonnummer.")),
            max_length(PHONE_MAX),
            swedish_phone,
        ],
    )
    address = StringField(
        _l("Adress"),
        filters=[strip],
        validators=[max_length(ADDRESS_MAX), plain_text()],
    )
    opening_hours = TextAreaField(
        _l("Öppettider"),
        filters=[strip],
        validators=[max_length(OPENING_HOURS_MAX), plain_text(multiline=True)],
    )
    vardlots_email = EmailField(
        _l("Vårdlotsteamets e-postadress"),
        filters=[strip],
        validators=[
            required(_l("Skriv vårdlotsteamets e-postadress.")),
            max_length(EMAIL_MAX),
            email_address(),
        ],
    )
    health_check_months = IntegerField(
        _l("Månader mellan hälsokontrollerna"),
        default=12,
        validators=[
            InputRequired(_l("Skriv hur många månader det ska gå mellan hälsokontrollerna.")),
            NumberRange(min=1, max=36, message=_l("Skriv ett antal månader mellan 1 och 36.")),
        ],
    )


# The fields of the two staff forms, in the order they appear on the page (and in the error
# summary): each form class calls these in its own body, so the order follows the class.


def _name_field() -> StringField:
    return StringField(
        _l("Namn"),
        filters=[strip],
        validators=[required(_l("Skriv personens namn.")), max_length(NAME_MAX), plain_text()],
    )


def _clinic_field() -> SelectField:
    return SelectField(
        _l("Vårdcentral"),
        choices=[],
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj en vårdcentral i listan."))],
    )


def _profession_field(placeholder: bool) -> SelectField:
    return SelectField(
        _l("Yrke"),
        choices=profession_choices(placeholder),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj ett yrke i listan."))],
    )


def _presentation_field() -> TextAreaField:
    return TextAreaField(
        _l("Presentation på sidan Vem jobbar här?"),
        filters=[strip],
        validators=[max_length(PRESENTATION_MAX), plain_text(multiline=True)],
    )


def _duties_field(label) -> SelectMultipleField:
    return SelectMultipleField(
        label,
        choices=[SelectChoice(duty.value, DUTY_DESCRIPTIONS[duty]) for duty in Duty],
        invalid_choice_message=_l("Välj bara bland uppdragen i listan."),
    )


class NewStaffForm(LotsenForm):
    name = _name_field()
    email = EmailField(
        _l("E-postadress"),
        filters=[strip, lower],
        validators=[required(_l("Skriv personens e-postadress.")), max_length(EMAIL_MAX), email_address()],
    )
    clinic = _clinic_field()
    profession = _profession_field(placeholder=True)
    duties = _duties_field(_l("Vad gör personen i Lotsen?"))
    gender = gender_field()
    presentation = _presentation_field()


class StaffForm(LotsenForm):
    name = _name_field()
    clinic = _clinic_field()
    profession = _profession_field(placeholder=False)
    duties = _duties_field(_l("Vad gör personen i Lotsen?"))
    gender = gender_field()
    presentation = _presentation_field()


class StaffFilterForm(LotsenForm):
    """Which clinic's staff to list: a GET form, so it changes nothing and needs no token."""

    class Meta:
        csrf = False

    vardcentral = SelectField(_l("Visa personal på"), choices=[], validate_choice=False)


class EntrancePhotoForm(LotsenForm):
    """A photo of the clinic's entrance, for the kallelse (app/visits/kallelse.py)."""

    photo = FileField(_l("Foto av ingången (JPEG, PNG eller WebP, högst 8 MB)"))
