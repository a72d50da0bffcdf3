"""The staff's forms for Efter besöket: the summary on one page (its rows of next steps and
medicines as numbered fields, so that every error stands at its own field), the English and
Arabic of its texts, sending it (with what a correction changed), a ready summary to start
from, and ticking a next step done. Rows are read back into the summary's shape by the routes. And the
patient's side's: "Jag har förstått", a next step done or not."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, StopValidation, ValidationError

from ..clinic_words import wrong_script
from ..core.clock import today as clinic_today
from ..core.forms import LotsenForm, max_length, plain_text, strip
from ..staff.forms import sensible_date
from .catalogue import (
    CALLS,
    CHANGES,
    DID,
    MAX_MEDICINES,
    MAX_STEPS,
    NAME_MAX,
    SHORT_MAX,
    STEP_KINDS,
    TEMPLATES,
    TEXT_MAX,
    TIMES,
    WHO,
)

KEY_MAX = 16


def _choices(items) -> list[SelectChoice]:
    return [SelectChoice(c.value, c.staff_text) for c in items]


def _known_or_empty(message):
    """An empty value (a row not filled in) or one of the field's own choices."""

    def check(form, field):
        values = {choice.value for choice in field.choices}
        if field.data and field.data not in values:
            raise StopValidation(message)

    return check


def _all_known(message):
    def check(form, field):
        values = {choice.value for choice in field.choices}
        if any(value not in values for value in field.data or []):
            raise StopValidation(message)

    return check


def _choice(label, items, message) -> RadioField:
    """One of a row's picture choices (empty while the row is not filled in)."""
    return RadioField(
        label, choices=_choices(items), validate_choice=False, validators=[_known_or_empty(message)]
    )


def _choices_of(label, items, message) -> SelectMultipleField:
    return SelectMultipleField(
        label, choices=_choices(items), validate_choice=False, validators=[_all_known(message)]
    )


def _text(label, limit=TEXT_MAX, multiline=True):
    kind = TextAreaField if multiline else StringField
    return kind(label, filters=[strip], validators=[max_length(limit), plain_text(multiline=multiline)])


def _day_kept_or_coming(form, field):
    """A step's day is today or later, unless the row keeps the day the patient was sent."""
    if field.data is None or field.data >= clinic_today():
        return
    key = form[field.name.replace("_on", "_key")].data or ""
    if form.kept_days.get(key) != field.data.isoformat():
        raise ValidationError(_l("Dagen har redan varit. Välj en dag från i dag och framåt."))


class SummaryForm(LotsenForm):
    """The summary on one page. The rows `step_<n>_…` and `medicine_<n>_…` are added below."""

    # Days of the steps the patient's side was sent, by key (set by the route).
    kept_days: dict[str, str] = {}

    did = _choices_of(_l("Det här gjorde vi"), DID, _l("Välj bara bland det som finns i listan."))
    did_text = _text(_l("Mer om vad vi gjorde"))
    # "Använd den" (go=ready): start from a ready summary, offered while nothing is written.
    ready = SelectField(
        _l("Börja från en färdig sammanfattning"),
        choices=[SelectChoice("", _l("Välj"))] + [SelectChoice(t.value, t.title) for t in TEMPLATES],
        validate_choice=False,
        validators=[_known_or_empty(_l("Välj en färdig sammanfattning i listan."))],
    )
    found = _text(_l("Det här kom vi fram till"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for n in range(MAX_STEPS):
            valid &= self._check_step(n)
        for n in range(MAX_MEDICINES):
            valid &= self._check_medicine(n)
        return valid

    def _missing(self, name: str, message) -> bool:
        field = self[name]
        if field.data or field.errors:
            return True
        field.errors = [*field.errors, message]
        return False

    def _check_step(self, n: int) -> bool:
        row = f"step_{n}_"
        if not (self[row + "kind"].data or self[row + "text"].data or self[row + "on"].data):
            return True  # an empty row
        ok = self._missing(row + "kind", _l("Välj vad som händer."))
        return self._missing(row + "who", _l("Välj vem som gör det.")) and ok

    def _check_medicine(self, n: int) -> bool:
        row = f"medicine_{n}_"
        filled = any(self[row + name].data for name in ("change", "name", "for", "dose", "times"))
        if not filled:
            return True
        ok = self._missing(row + "change", _l("Välj vad som ändrades."))
        return self._missing(row + "name", _l("Skriv medicinens namn.")) and ok

    def step_rows(self) -> list[dict]:
        return [self._row("step", n) for n in range(MAX_STEPS)]

    def medicine_rows(self) -> list[dict]:
        return [self._row("medicine", n) for n in range(MAX_MEDICINES)]

    def _row(self, kind: str, n: int) -> dict:
        prefix = f"{kind}_{n}_"
        return {name[len(prefix) :]: field for name, field in self._fields.items() if name.startswith(prefix)}


for _n in range(MAX_STEPS):
    setattr(SummaryForm, f"step_{_n}_key", HiddenField(filters=[strip]))
    setattr(
        SummaryForm,
        f"step_{_n}_kind",
        _choice(_l("Vad händer?"), STEP_KINDS, _l("Välj bland stegen i listan.")),
    )
    setattr(
        SummaryForm,
        f"step_{_n}_who",
        _choice(_l("Vem gör det?"), WHO, _l("Välj vem som gör det i listan.")),
    )
    setattr(
        SummaryForm,
        f"step_{_n}_on",
        DateField(
            _l("När (om det finns en dag)"),
            validators=[Optional(), sensible_date, _day_kept_or_coming],
            format=["%Y-%m-%d", "%Y%m%d"],
            invalid_value_message=_l("Skriv datumet som år-månad-dag, till exempel 2026-05-31."),
        ),
    )
    setattr(SummaryForm, f"step_{_n}_text", _text(_l("Med egna ord"), SHORT_MAX))

for _n in range(MAX_MEDICINES):
    setattr(SummaryForm, f"medicine_{_n}_key", HiddenField(filters=[strip]))
    setattr(
        SummaryForm,
        f"medicine_{_n}_change",
        _choice(_l("Vad ändrades?"), CHANGES, _l("Välj bland ändringarna i listan.")),
    )
    setattr(SummaryForm, f"medicine_{_n}_name", _text(_l("Medicinens namn"), NAME_MAX, multiline=False))
    setattr(
        SummaryForm, f"medicine_{_n}_for", _text(_l("Vad den är till för, med lätta ord"), SHORT_MAX, False)
    )
    setattr(SummaryForm, f"medicine_{_n}_dose", _text(_l("Hur mycket"), SHORT_MAX, multiline=False))
    setattr(
        SummaryForm,
        f"medicine_{_n}_times",
        _choices_of(_l("När på dagen"), TIMES, _l("Välj bara bland tiderna i listan.")),
    )

for _call in CALLS:
    setattr(SummaryForm, f"call_{_call.value}", _text(_call.staff_text))


def _script(form: str):
    """English in Latin letters, Arabic in Arabic ones (it is marked and read aloud as such)."""

    def check(_form, field):
        problem = wrong_script(form, field.data or "")
        if field.data and problem == "ar":
            raise ValidationError(_l("Skriv texten på arabiska med arabiska bokstäver."))
        if field.data and problem == "other":
            raise ValidationError(_l("Det här är arabiska. Skriv det i rutan för arabiska."))

    return check


def language_field(label, form: str, multiline: bool):
    kind = TextAreaField if multiline else StringField
    return kind(
        label,
        filters=[strip],
        validators=[max_length(TEXT_MAX), plain_text(multiline=multiline), _script(form)],
    )


class LanguagesForm(LotsenForm):
    """The summary's texts in English and Arabic: the fields are added per summary (see
    `languages_form`)."""


def languages_form(texts, labels: dict[str, str]):
    """A form class with an English and an Arabic field for each text (`content.Text`), named
    after the text's path ("steps.a1b2.text" -> "steps-a1b2-text-en")."""

    class Form(LanguagesForm):
        pass

    for text in texts:
        slug = text.path.replace(".", "-")
        multiline = text.part in ("did", "found", "steps", "calls")
        # Plain texts, not lazy ones: Jinja takes a lazy text for markup, and the label holds
        # what staff wrote (a medicine's name).
        english = _("%(what)s på engelska", what=labels[text.path])
        arabic = _("%(what)s på arabiska", what=labels[text.path])
        setattr(Form, f"{slug}-en", language_field(english, "en", multiline))
        setattr(Form, f"{slug}-ar", language_field(arabic, "ar", multiline))
    return Form


class SendForm(LotsenForm):
    """Send to the patient's side; a correction says what changed, in easy words."""

    why = _text(_l("Vad har du ändrat?"), SHORT_MAX)
    why_en = language_field(_l("Vad har du ändrat? På engelska"), "en", True)
    why_ar = language_field(_l("Vad har du ändrat? På arabiska"), "ar", True)


class StaffStepForm(LotsenForm):
    """Staff tick a next step done, or not done (the step's id in the form)."""

    step = HiddenField(filters=[strip], validators=[max_length(40)])
    done = HiddenField(filters=[strip])

    def validate_done(self, field):
        if field.data not in ("ja", "nej"):
            raise StopValidation(_l("Det gick inte att spara. Försök igen."))


# --- the patient's side -----------------------------------------------------------------------


class UnderstoodForm(LotsenForm):
    """ "Jag har förstått": only the button (and its CSRF token)."""
