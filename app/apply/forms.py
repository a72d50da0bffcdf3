"""The application's forms: one a step (each with the answer it stores and a way to be filled
from it), Skicka with its honeypot, and the vårdlots team's yes and no."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.fields import EmailField
from wtforms.validators import Optional, ValidationError

from ..contact.forms import swedish_phone_or_empty
from ..core.forms import LotsenForm, email_address, lower, max_length, plain_text, required, strip
from ..needs import catalogue as needs_catalogue
from ..staff.forms import checked_personnummer
from ..visits.forms import CardsField, OneCardField, valid_choices
from . import catalogue as c


def _cards(choices) -> list[SelectChoice]:
    return [SelectChoice(choice.value, choice.text) for choice in choices]


class StepForm(LotsenForm):
    """One step: the fields it stores are `stored`; `answer` and `fill` move them."""

    stored: tuple[str, ...] = ()
    go = StringField()

    def answer(self) -> dict:
        return {
            name: self[name].data or ([] if isinstance(self[name].data, list) else "")
            for name in self.stored
            if name in self
        }

    def fill(self, answer: dict) -> None:
        for name in self.stored:
            if name in self and name in answer:
                self[name].data = answer[name]


class WhoForm(StepForm):
    stored = ("who",)
    who = OneCardField(
        _l("Vem fyller i?"),
        choices=_cards(c.WHO),
        validators=[required(_l("Välj vem du är.")), valid_choices()],
    )


class NameForm(StepForm):
    stored = ("name",)
    name = StringField(
        _l("Namn"),
        filters=[strip],
        validators=[required(_l("Skriv för- och efternamn.")), max_length(c.NAME_MAX), plain_text()],
    )


class PersonnummerForm(StepForm):
    stored = ("personnummer",)
    personnummer = StringField(
        _l("Personnummer"),
        filters=[strip],
        validators=[required(_l("Skriv personnumret.")), max_length(20), plain_text()],
    )

    def validate_personnummer(self, field):
        field.data = checked_personnummer(field.data)


class HomeForm(StepForm):
    stored = ("home", "address")
    home = SelectField(_l("Boende"), choices=[], validate_choice=False)
    address = TextAreaField(
        _l("Adress"), filters=[strip], validators=[max_length(c.ADDRESS_MAX), plain_text(multiline=True)]
    )

    def validate_home(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Välj ett boende i listan."))

    def validate_address(self, field):
        if not field.data and not self.home.data:
            raise ValidationError(_l("Skriv en adress, eller välj ett boende."))


class ClinicForm(StepForm):
    stored = ("clinic",)
    clinic = OneCardField(
        _l("Vårdcentral"), choices=[], validators=[required(_l("Välj en vårdcentral.")), valid_choices()]
    )


class ContactForm(StepForm):
    stored = ("applicant", "organisation", "phone", "email", "post")
    applicant = StringField(
        _l("Ditt namn"),
        filters=[strip],
        validators=[required(_l("Skriv ditt namn.")), max_length(c.NAME_MAX), plain_text()],
    )
    organisation = StringField(
        _l("Var jobbar du?"), filters=[strip], validators=[max_length(c.ORGANISATION_MAX), plain_text()]
    )
    phone = StringField(
        _l("Telefonnummer"), filters=[strip], validators=[max_length(c.PHONE_MAX), swedish_phone_or_empty]
    )
    email = EmailField(
        _l("E-post"),
        filters=[strip, lower],
        validators=[Optional(), max_length(254), plain_text(), email_address()],
    )
    # Someone who applies for the person: where a letter with the answer reaches them.
    post = TextAreaField(
        _l("Din adress, om du vill ha svaret med post"),
        filters=[strip],
        validators=[max_length(c.ADDRESS_MAX), plain_text(multiline=True)],
    )

    def validate_phone(self, field):
        if not field.data and not self.email.data:
            raise ValidationError(_l("Skriv ett telefonnummer eller en e-post."))


class ReasonForm(StepForm):
    stored = ("reasons", "text")
    reasons = CardsField(_l("Varför?"), choices=_cards(c.REASONS), validators=[valid_choices()])
    text = TextAreaField(
        _l("Berätta mer, om du vill"),
        filters=[strip],
        validators=[max_length(c.TEXT_MAX), plain_text(multiline=True)],
    )

    def validate_reasons(self, field):
        if not field.data and not self.text.data:
            raise ValidationError(_l("Välj minst ett kort, eller skriv varför."))


class NeedsForm(StepForm):
    stored = ("needs",)
    needs = CardsField(
        _l("Stöd vid besök"),
        choices=[SelectChoice(code, needs_catalogue.NEEDS_BY_CODE[code].text) for code in c.NEEDS],
        validators=[valid_choices()],
    )


class ConsentSelfForm(StepForm):
    stored = ("consent",)
    consent = CardsField(
        _l("Vill du söka?"),
        choices=_cards(c.CONSENT),
        validators=[required(_l("Välj Ja om du vill söka.")), valid_choices()],
    )


class ConsentForForm(StepForm):
    stored = ("grounds", "text")
    grounds = OneCardField(
        _l("Får du söka?"),
        choices=_cards(c.GROUNDS),
        validators=[required(_l("Välj varför du får söka.")), valid_choices()],
    )
    text = TextAreaField(
        _l("Berätta mer"), filters=[strip], validators=[max_length(c.TEXT_MAX), plain_text(multiline=True)]
    )

    def validate_text(self, field):
        if self.grounds.data == "kan_inte" and not field.data:
            raise ValidationError(_l("Berätta varför det är bra för personen."))


class SendForm(LotsenForm):
    """Skicka. `website` is a honeypot: hidden from people, filled in by robots."""

    website = StringField()


class AcceptForm(LotsenForm):
    vardlots = SelectField(
        _l("Vårdlots"), choices=[], default="", invalid_choice_message=_l("Välj en vårdlots i listan.")
    )
    person_email = EmailField(
        _l("Personens e-post, för en egen inloggning"),
        filters=[strip, lower],
        validators=[Optional(), max_length(254), plain_text(), email_address()],
    )
    invite_applicant = BooleanField(_l("Bjud in den som sökte som företrädare"))


class DeclineForm(LotsenForm):
    reason = TextAreaField(
        _l("Varför nej? (för personalen)"),
        filters=[strip],
        validators=[required(_l("Skriv varför.")), max_length(2000), plain_text(multiline=True)],
    )
    answer = TextAreaField(
        _l("Svar till den som sökte (lättläst)"),
        filters=[strip],
        validators=[required(_l("Skriv ett svar.")), max_length(2000), plain_text(multiline=True)],
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "vem": WhoForm,
    "namn": NameForm,
    "personnummer": PersonnummerForm,
    "bostad": HomeForm,
    "vardcentral": ClinicForm,
    "kontakt": ContactForm,
    "varfor": ReasonForm,
    "stod": NeedsForm,
}


def step_form_class(key: str, for_self: bool) -> type[StepForm]:
    if key == "samtycke":
        return ConsentSelfForm if for_self else ConsentForForm
    return STEP_FORMS[key]
