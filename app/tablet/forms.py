"""The tablet's forms: marking it, the PIN sign-in, the lock, and choosing a PIN."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo

from ..core.forms import LotsenForm, max_length, one_of_the_choices, plain_text, required, strip


def _pin_field(label):
    return PasswordField(label, validators=[required(_l("Skriv din PIN-kod.")), max_length(6)])


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
