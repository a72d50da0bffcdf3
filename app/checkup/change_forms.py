"""The forms of Något har ändrats: the note (which area, since when, how) with its one-time key,
and the staff's measurement (a weight or a blood pressure on a day)."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation

from ..core.clock import today as clinic_today
from ..core.forms import LotsenForm, max_length, one_of_the_choices, plain_text, strip
from ..visits.catalogue import SINCE
from .change_areas import AREAS, HOW_MAX

_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{20,40}")


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


def _form_key(form, field):
    if not _FORM_KEY.fullmatch(field.data or ""):
        raise StopValidation(_l("Det gick inte att skicka. Börja om och försök igen."))


class ChangeNoteForm(LotsenForm):
    area = RadioField(
        _l("Vad har ändrats?"),
        choices=[SelectChoice(a.value, a.text) for a in AREAS],
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj vad som har ändrats."))],
    )
    since = RadioField(
        _l("Sedan när?"),
        choices=[SelectChoice(c.value, c.text) for c in SINCE],
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj sedan när."))],
    )
    how = TextAreaField(
        _l("Hur är det nu? Skriv, om du vill."),
        filters=[strip],
        validators=[Optional(), max_length(HOW_MAX), plain_text(multiline=True)],
    )
    form_key = HiddenField(filters=[strip], validators=[_form_key])


def _not_in_the_future(form, field):
    if field.data is not None and field.data > clinic_today():
        raise StopValidation(_l("Dagen har inte kommit än. Välj i dag eller en dag förut."))


def _not_too_old(form, field):
    if field.data is not None and field.data.year < 1900:
        raise StopValidation(_l("Skriv ett datum efter år 1900."))


class CommaDecimalField(DecimalField):
    """A decimal number, with a decimal comma as Swedish staff write it (72,5)."""

    def process_formdata(self, valuelist):
        super().process_formdata([value.replace(",", ".").strip() for value in valuelist])


def _finite(form, field):
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(_l("Skriv vikten som en siffra, till exempel 72,5."))


class MeasurementForm(LotsenForm):
    """A weight, a blood pressure, or both, measured on one day."""

    measured_on = DateField(
        _l("Datum"),
        validators=[InputRequired(_l("Skriv datumet.")), _not_in_the_future, _not_too_old],
        format=["%Y-%m-%d", "%Y%m%d"],
        invalid_value_message=_l("Skriv datumet som år-månad-dag, till exempel 2026-05-31."),
    )
    weight = CommaDecimalField(
        _l("Vikt i kilo"),
        places=1,
        validators=[Optional(), _finite, NumberRange(2, 400, _l("Vikten ska vara mellan 2 och 400 kilo."))],
        invalid_value_message=_l("Skriv vikten som en siffra, till exempel 72,5."),
    )
    systolic = IntegerField(
        _l("Blodtryck, övre (systoliskt)"),
        validators=[Optional(), NumberRange(50, 300, _l("Det övre trycket ska vara mellan 50 och 300."))],
        invalid_value_message=_l("Skriv en hel siffra, till exempel 120."),
    )
    diastolic = IntegerField(
        _l("Blodtryck, nedre (diastoliskt)"),
        validators=[Optional(), NumberRange(30, 200, _l("Det nedre trycket ska vara mellan 30 och 200."))],
        invalid_value_message=_l("Skriv en hel siffra, till exempel 80."),
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not ok:
            return False
        has_bp = self.systolic.data is not None or self.diastolic.data is not None
        if self.weight.data is None and not has_bp:
            self.form_errors.append(_l("Skriv en vikt eller ett blodtryck."))
            return False
        if has_bp and (self.systolic.data is None or self.diastolic.data is None):
            field = self.diastolic if self.diastolic.data is None else self.systolic
            field.errors = [*field.errors, _l("Skriv både det övre och det nedre trycket.")]
            return False
        if has_bp and self.systolic.data <= self.diastolic.data:
            self.systolic.errors = [
                *self.systolic.errors,
                _l("Det övre trycket ska vara högre än det nedre."),
            ]
            return False
        return True
