"""Forms of Efter besöket on the patient's side: "Jag har förstått", a next step done or not."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

from ..core.forms import LotsenForm, one_of_the_choices


class UnderstoodForm(LotsenForm):
    """ "Jag har förstått": only the button (and its CSRF token)."""


class StepDoneForm(LotsenForm):
    """The big "Klart" on a next step (klart=1), or taking it back (klart=0)."""

    klart = SelectField(
        _l("Klart"),
        choices=[SelectChoice("1", _l("Klart")), SelectChoice("0", _l("Inte klart än"))],
        validate_choice=False,
        validators=[one_of_the_choices(_l("Tryck på Klart eller Inte klart än."))],
    )
