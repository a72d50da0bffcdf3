"""The tablet's forms: marking it, the PIN sign-in, the lock, and choosing a PIN."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Regexp

from ..core.digits import western_digits
from ..core.forms import LotsenForm, max_length, one_of_the_choices, plain_text, required, strip


def pin_digits(value):
    """Digits as 0-9 (an Arabic keypad types ٢٥٨٠ for 2580), spaces around them dropped."""
    return western_digits(value.strip()) if isinstance(value, str) else value


def _pin_field(label):
    return PasswordField(
        label,
        filters=[pin_digits],
        validators=[
            required(_l("Skriv din PIN-kod.")),
            max_length(6),
            Regexp(r"^[0-9]{4,6}$", message=_l("PIN-koden ska vara 4, 5 eller 6 siffror.")),
        ],
    )


class MarkDeviceForm(LotsenForm):
    home = SelectField(
        _l("Boende"),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj ett boende i listan."))],
    )
    name = StringField(
        _l("Namn på surfplattan"),
        filters=[strip],
        validators=[
            required(_l("Skriv ett namn, till exempel Surfplattan i köket.")),
            max_length(60),
            plain_text(),
        ],
    )


class PinSignInForm(LotsenForm):
    email = EmailField(
        _l("E-post"), validators=[required(_l("Skriv din e-post.")), max_length(254), plain_text()]
    )
    pin = _pin_field(_l("PIN-kod"))
    next = HiddenField()


class PersonPinForm(LotsenForm):
    """The PIN sign-in for a person chosen among those who have signed in on this tablet."""

    person = HiddenField()
    pin = _pin_field(_l("PIN-kod"))
    next = HiddenField()


class UnlockForm(LotsenForm):
    pin = _pin_field(_l("PIN-kod"))
    next = HiddenField()


class ChoosePinForm(LotsenForm):
    pin = _pin_field(_l("Ny PIN-kod"))
    confirm = PasswordField(
        _l("Skriv PIN-koden en gång till"),
        validators=[
            required(_l("Skriv PIN-koden en gång till.")),
            EqualTo("pin", message=_l("PIN-koderna är inte lika. Skriv samma två gånger.")),
        ],
    )


class ResidentPhotoForm(LotsenForm):
    photo = FileField(_l("Ett foto av personen (JPEG, PNG eller WebP, högst 8 MB)"))
    consent = BooleanField(
        _l("Personen har sagt ja till fotot"),
        validators=[InputRequired(_l("Fråga personen först. Kryssa sedan i rutan."))],
    )
