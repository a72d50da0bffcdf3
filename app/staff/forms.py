"""Forms of the staff area. Choices that depend on the clinic are filled in by the routes."""

from __future__ import annotations

import re

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, StopValidation, ValidationError

from ..core.clock import today as clinic_today
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
from ..core.words import GENDER_WORDS, MANDATE_KIND_WORDS, SCOPE_WORDS
from ..models import Gender, MandateKind, Scope
from ..personnummer import InvalidPersonnummer, normalize
from .team import PRESENTATION_MAX

NOTE_MAX = 2000
STAFF_NOTE_MAX = 2000
FIRST_YEAR, LAST_YEAR = 2000, 2099


def sensible_date(form, field):
    """Dates far from now are typing mistakes (and some would not fit a timestamp)."""
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Skriv ett datum mellan år 2000 och 2099."))


def not_in_the_past(form, field):
    if field.data is not None and field.data < clinic_today():
        raise ValidationError(_l("Datumet har redan varit. Välj ett senare datum."))


def date_field(label, hint_message=None):
    return DateField(
        label,
        validators=[Optional(), sensible_date],
        format=["%Y-%m-%d", "%Y%m%d"],
        invalid_value_message=hint_message or _l("Skriv datumet som år-månad-dag, till exempel 2026-05-31."),
    )


def _capitalized(word) -> str:
    text = str(word)
    return text[:1].upper() + text[1:]


def label(word) -> LazyString:
    """A word from staff_words as a choice label: the same msgid, with a capital letter."""
    return LazyString(_capitalized, word)


def scope_choices() -> list[SelectChoice]:
    """Every scope but SEE: seeing the patient's information is part of every mandate."""
    return [SelectChoice(scope.value, label(SCOPE_WORDS[scope])) for scope in Scope if scope is not Scope.SEE]


def scopes_field():
    return SelectMultipleField(
        _l("Vad mer får företrädaren göra?"),
        choices=scope_choices(),
        invalid_choice_message=_l("Välj bara bland behörigheterna i listan."),
    )


def person_name_field(label, missing) -> StringField:
    """The name of a person invited to Lotsen (a helper, a group home's staff); `missing` is the
    error when it is left empty."""
    return StringField(label, filters=[strip], validators=[required(missing), max_length(120), plain_text()])


def email_field(label):
    return EmailField(
        label,
        filters=[strip, lower],
        validators=[
            required(_l("Skriv en e-postadress.")),
            max_length(254),
            plain_text(),
            email_address(),
        ],
    )


def enough_digits(form, field):
    """A personnummer search needs four digits at least (the last four, or the birth year)."""
    value = field.data or ""
    if re.fullmatch(r"[0-9][0-9\s+-]*", value) and len(re.sub(r"[^0-9]", "", value)) < 4:
        raise ValidationError(_l("Skriv minst fyra siffror av personnumret."))


class SearchForm(LotsenForm):
    """The patient search: typed into the form it is posted (a personnummer then never lands in
    the browser's history or an address); a link may still search by name with ?q=."""

    class Meta:
        csrf = False  # the link's GET search changes nothing

    q = StringField(
        _l("Sök på namn, personnummer eller företrädare"),
        filters=[strip],
        validators=[max_length(120), plain_text(), enough_digits],
    )


class PostedSearchForm(SearchForm):
    class Meta:
        csrf = True


def checked_personnummer(data: str) -> str:
    """The 12-digit form of a typed personnummer, or a ValidationError in easy words."""
    try:
        value = normalize(data)
    except InvalidPersonnummer as problem:
        reason = problem.args[0] if problem.args else "format"
        if reason == "check digit":
            raise ValidationError(
                _l("Någon siffra i personnumret är fel. Titta på siffrorna igen.")
            ) from problem
        if reason == "date":
            raise ValidationError(
                _l("Datumet i personnumret finns inte. Kontrollera personnumret.")
            ) from problem
        if reason == "future":
            raise ValidationError(
                _l("Datumet i personnumret har inte varit än. Kontrollera personnumret.")
            ) from problem
        raise ValidationError(
            _l("Skriv personnumret som ÅÅÅÅMMDD-NNNN, till exempel 19121212-1212.")
        ) from problem
    if not re.fullmatch(r"[0-9]{12}", value):
        raise ValidationError(_l("Skriv personnumret som ÅÅÅÅMMDD-NNNN, till exempel 19121212-1212."))
    return value


class PatientForm(LotsenForm):
    name = StringField(
        _l("Namn"),
        filters=[strip],
        validators=[required(_l("Skriv patientens namn.")), max_length(120), plain_text()],
    )
    preferred_name = StringField(
        _l("Vill kallas"), filters=[strip], validators=[max_length(60), plain_text()]
    )
    vardlots = SelectField(
        _l("Vårdlots"), choices=[], default="", invalid_choice_message=_l("Välj en vårdlots i listan.")
    )


class NewPatientForm(PatientForm):
    personnummer = StringField(
        _l("Personnummer"),
        filters=[strip],
        validators=[required(_l("Skriv patientens personnummer.")), max_length(20)],
    )

    normalized_personnummer = ""

    def validate_personnummer(self, field):
        self.normalized_personnummer = checked_personnummer(field.data)


class InvitePatientForm(LotsenForm):
    email = email_field(_l("Patientens e-post"))


class RepresentativeForm(LotsenForm):
    name = person_name_field(_l("Företrädarens namn"), _l("Skriv företrädarens namn."))
    email = email_field(_l("Företrädarens e-post"))
    kind = RadioField(
        _l("Vad är företrädaren?"),
        choices=[SelectChoice(kind.value, label(MANDATE_KIND_WORDS[kind])) for kind in MandateKind],
        invalid_choice_message=_l("Välj vad företrädaren är."),
    )
    kind_other = StringField(
        _l("Beskriv vad företrädaren är"), filters=[strip], validators=[max_length(120), plain_text()]
    )
    scopes = scopes_field()
    valid_until = date_field(_l("Gäller till och med"))

    def validate_kind_other(self, field):
        if self.kind.data == MandateKind.OTHER.value and not field.data:
            raise ValidationError(_l("Beskriv vad företrädaren är, när du har valt Annan."))

    def validate_valid_until(self, field):
        not_in_the_past(self, field)


class VerifyMandateForm(LotsenForm):
    verification_note = TextAreaField(
        _l("Vad har du kontrollerat?"),
        filters=[strip],
        validators=[
            required(_l("Skriv vad du har kontrollerat.")),
            max_length(NOTE_MAX),
            plain_text(multiline=True),
        ],
    )


class ChangeMandateForm(LotsenForm):
    scopes = scopes_field()
    valid_until = date_field(_l("Gäller till och med"))

    def validate_valid_until(self, field):
        not_in_the_past(self, field)


class RevokeMandateForm(LotsenForm):
    revoke_reason = TextAreaField(
        _l("Varför återkallas behörigheten?"),
        filters=[strip],
        validators=[
            required(_l("Skriv varför du återkallar.")),
            max_length(NOTE_MAX),
            plain_text(multiline=True),
        ],
    )


class ConfirmForm(LotsenForm):
    """A form with only a button (and its CSRF token)."""


class SpotCheckForm(LotsenForm):
    note = TextAreaField(
        _l("Vad kontrollerade du, och vad kom du fram till?"),
        filters=[strip],
        validators=[
            required(_l("Skriv vad du kontrollerade.")),
            max_length(NOTE_MAX),
            plain_text(multiline=True),
        ],
    )


def sent(form, field):
    """The field was in what was posted (empty is fine): a post without it is not the form's."""
    if not field.raw_data:
        raise StopValidation(_l("Anteckningen kom inte med. Skriv den i rutan och spara igen."))


class StaffNoteForm(LotsenForm):
    """The team's note about a patient. Empty is allowed: it clears the note."""

    text = TextAreaField(
        _l("Anteckning för personalen"),
        filters=[strip],
        validators=[sent, max_length(STAFF_NOTE_MAX), plain_text(multiline=True)],
    )
    # The version of the note the form was opened on ("" for none): a colleague's newer save is
    # not overwritten unseen.
    version = HiddenField(filters=[strip])


class LogFilterForm(LotsenForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    patient = SelectField(
        _l("Patient"), choices=[], default="", invalid_choice_message=_l("Välj en patient i listan.")
    )
    user = SelectField(
        _l("Vem"), choices=[], default="", invalid_choice_message=_l("Välj en person i listan.")
    )
    date_from = date_field(_l("Från och med"))
    date_to = date_field(_l("Till och med"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Slutdatumet är före startdatumet. Byt plats på dem."))


# --- a staff member's grammatical gender (the admin's staff form, and the staff member's own) ----


def gender_choices() -> list[SelectChoice]:
    return [SelectChoice(g.value, GENDER_WORDS[g]) for g in Gender]


def gender_field() -> SelectField:
    """How the person wants to be named in languages that name a role by gender (Arabic)."""
    return SelectField(
        _l("Kön i språk som böjer efter kön (arabiska)"),
        choices=gender_choices(),
        default=Gender.UNSPECIFIED.value,
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj ett av alternativen i listan."))],
    )


def _presentation_text(label) -> TextAreaField:
    return TextAreaField(
        label, filters=[strip], validators=[max_length(PRESENTATION_MAX), plain_text(multiline=True)]
    )


class PresentationForm(LotsenForm):
    """A staff member's own presentation on "Vem jobbar här?" (app/staff/team.py)."""

    presentation = _presentation_text(_l("Om dig, på lättläst svenska"))
    presentation_en = _presentation_text(_l("Om dig, på engelska"))
    presentation_ar = _presentation_text(_l("Om dig, på arabiska"))
    on_team_page = BooleanField(_l("Visa mig på sidan Vem jobbar här?"))
    # Shown under a translation flagged as maybe out of date (app/staff/team.py `out_of_date`).
    still_en = BooleanField(_l("Den engelska texten säger samma sak som den svenska"))
    still_ar = BooleanField(_l("Den arabiska texten säger samma sak som den svenska"))


class MoveForm(LotsenForm):
    """One step up or down in a list staff order (a visit type's steps, the team)."""

    direction = SelectField(
        choices=[SelectChoice("up"), SelectChoice("down")],
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj upp eller ner."))],
    )
