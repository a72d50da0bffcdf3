"""The form of one area of "Så brukar jag vara": the text, the version the page was opened at,
and the example a tap adds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..core.forms import LotsenForm, max_length, plain_text, strip
from .forms import PAGE_TOO_OLD, VersionField
from .usual import TEXT_MAX


class UsualForm(LotsenForm):
    version = VersionField(
        validators=[InputRequired(PAGE_TOO_OLD), NumberRange(min=0, max=2_000_000_000, message=PAGE_TOO_OLD)]
    )
    text = TextAreaField(
        _l("Skriv med dina egna ord"),
        filters=[strip],
        validators=[Optional(), max_length(TEXT_MAX), plain_text(multiline=True)],
    )
    # The button pressed: an example tapped is "add:<its number>"; the page comes back with the
    # sentence added, not saved ("go", as other buttons that show their form again).
    go = StringField(validators=[Optional(), max_length(10)])

    def reset_version(self, number: int) -> None:
        """Show the page as opened now: the next save is over the newest version."""
        self.version.data = number
        self.version.raw_data = [str(number)]
