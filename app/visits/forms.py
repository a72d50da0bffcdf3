"""Forms of visits: staff record and change visits and edit picture schedules; patients and
helpers ask for a visit and answer the preparation wizard, one step per page."""

from __future__ import annotations

import functools
import re
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation, ValidationError

from ..bodymap import BODY_PARTS
from ..clinic_words import form_texts, in_languages
from ..core.audit import PROFESSION_WORDS
from ..core.clock import local_now
from ..core.forms import LotsenForm, max_length, one_of_the_choices, plain_text, required, strip
from ..staff.forms import MoveForm as MoveForm  # the steps of a visit type move as the team does
from ..staff.forms import date_field as _date_field
from ..staff.forms import gender_field
from .catalogue import CHANGE_WHAT, CHANGE_WHY, REASONS, STEPS, TEXT_MAX, Step

ROOM_MAX = 120
BRING_MAX = 500
NOTE_MAX = 1000
MESSAGE_MAX = 500
STEP_TEXT_MAX = 200
TYPE_NAME_MAX = 80

NOT_A_CHOICE = _l("Välj bland korten.")


def valid_choices(message=NOT_A_CHOICE):
    """Every chosen value must be one of the field's choices (easy words, not WTForms' own)."""

    def check(form, field):
        values = {str(choice.value) for choice in field.choices}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in values for value in chosen if value):
            raise StopValidation(message)

    return check


class CardsField(SelectMultipleField):
    """Checkbox cards; unknown values are refused by `valid_choices` in easy words."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)


class OneCardField(SelectField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        # Nothing chosen is an answer too ("skip"); WTForms would otherwise keep the default.
        self.data = valuelist[0] if valuelist else ""


_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class TimeText(StringField):
    """A time of day typed as 10:30 or 10.30."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.time_value: time | None = None
        match = _TIME.match((self.data or "").strip())
        if match:
            self.time_value = time(int(match[1]), int(match[2]))


def _time_ok(form, field):
    if field.data and getattr(field, "time_value", None) is None:
        raise ValidationError(_l("Skriv tiden som timmar och minuter, till exempel 10:30."))


ROOM_LABEL, BRING_LABEL, NOTE_LABEL = _l("Rum"), _l("Ta med"), _l("Meddelande till patienten")
MESSAGE_LABEL = _l("Meddelande")


@in_languages(
    ("room", ROOM_LABEL, ROOM_MAX, False),
    ("bring", BRING_LABEL, BRING_MAX, True),
    ("note", NOTE_LABEL, NOTE_MAX, True),
)
class VisitForm(LotsenForm):
    visit_type = SelectField(
        _l("Slag av besök"), validate_choice=False, validators=[one_of_the_choices(_l("Välj slag av besök."))]
    )
    day = _date_field(_l("Datum"))
    at = TimeText(_l("Klockan"), filters=[strip], validators=[required(_l("Skriv klockslaget.")), _time_ok])
    minutes = IntegerField(
        _l("Hur många minuter?"),
        validators=[
            InputRequired(_l("Skriv hur många minuter besöket tar.")),
            NumberRange(min=5, max=480, message=_l("Skriv ett antal minuter mellan 5 och 480.")),
        ],
    )
    staff = CardsField(
        _l("Vem ska vara med?"), validators=[valid_choices(_l("Välj bland personalen på listan."))]
    )
    room = StringField(ROOM_LABEL, filters=[strip], validators=[max_length(ROOM_MAX), plain_text()])
    bring = TextAreaField(
        BRING_LABEL, filters=[strip], validators=[max_length(BRING_MAX), plain_text(multiline=True)]
    )
    note = TextAreaField(
        NOTE_LABEL, filters=[strip], validators=[max_length(NOTE_MAX), plain_text(multiline=True)]
    )

    # Shown with the booking warnings (another visit at the same time, a longer visit needed).
    despite = BooleanField(_l("Jag har läst varningen. Spara ändå."))

    def validate_day(self, field):
        if field.data is None and not field.errors:
            raise ValidationError(_l("Skriv datumet för besöket."))
        # Today as the clinic counts it (Stockholm), not as the server's clock does.

        if field.data is not None and field.data < local_now().date():
            raise ValidationError(_l("Datumet har redan varit. Välj ett senare datum."))

    def starts_at(self, zone) -> datetime:
        return datetime.combine(self.day.data, self.at.time_value, zone)

    def offer(self, types: list, staff: list) -> tuple[dict, dict]:
        """Offer these visit types and staff members; returns both by public id."""
        self.visit_type.choices = [SelectChoice("", _l("Välj"))] + [
            SelectChoice(t.public_id, t.name) for t in types
        ]
        self.staff.choices = [
            SelectChoice(s.public_id, f"{s.name} ({PROFESSION_WORDS[s.profession]})") for s in staff
        ]
        return {t.public_id: t for t in types}, {s.public_id: s for s in staff}

    def visit_fields(self, types: dict, staff: dict, zone):
        """The visit the form describes (`booking.VisitFields`), its other languages too."""
        from .booking import VISIT_TEXTS, VisitFields

        return VisitFields(
            visit_type=types[self.visit_type.data],
            starts_at=self.starts_at(zone),
            minutes=self.minutes.data,
            staff=[staff[i] for i in self.staff.data or []],
            room=self.room.data or "",
            bring=self.bring.data or "",
            note=self.note.data or "",
            translations={field: form_texts(self, field) for field in VISIT_TEXTS},
        )


@in_languages(("message", MESSAGE_LABEL, MESSAGE_MAX, True))
class ChangeVisitForm(VisitForm):
    message = TextAreaField(
        _l("Vad ska patienten veta om ändringen?"),
        filters=[strip],
        validators=[max_length(MESSAGE_MAX), plain_text(multiline=True)],
    )


@in_languages(("message", MESSAGE_LABEL, MESSAGE_MAX, True))
class CancelVisitForm(LotsenForm):
    message = TextAreaField(
        _l("Vad ska patienten veta?"),
        filters=[strip],
        validators=[max_length(MESSAGE_MAX), plain_text(multiline=True)],
    )


@in_languages(("name", _l("Namn"), TYPE_NAME_MAX, False))
class VisitTypeForm(LotsenForm):
    name = StringField(
        _l("Namn"),
        filters=[strip],
        validators=[required(_l("Skriv ett namn.")), max_length(TYPE_NAME_MAX), plain_text()],
    )
    pictogram = SelectField(
        _l("Bild"), validate_choice=False, validators=[one_of_the_choices(_l("Välj en bild."))]
    )
    minutes = IntegerField(
        _l("Hur många minuter brukar besöket ta?"),
        validators=[
            InputRequired(_l("Skriv hur många minuter besöket brukar ta.")),
            NumberRange(min=5, max=480, message=_l("Skriv ett antal minuter mellan 5 och 480.")),
        ],
    )
    active = BooleanField(_l("Kan väljas när ett besök bokas"), default=True)
    health_check = BooleanField(_l("Hälsokontroll: besöket är patientens hälsokontroll"))


STEP_TEXT_LABEL = _l("Vad händer? Skriv en kort och lätt mening.")


@in_languages(("text", _l("Meningen"), STEP_TEXT_MAX, False))
class StepForm(LotsenForm):
    text = StringField(
        STEP_TEXT_LABEL,
        filters=[strip],
        validators=[required(_l("Skriv vad som händer.")), max_length(STEP_TEXT_MAX), plain_text()],
    )
    pictogram = SelectField(
        _l("Bild"), validate_choice=False, validators=[one_of_the_choices(_l("Välj en bild."))]
    )
    photo = FileField(_l("Eller ett foto av det riktiga rummet (JPEG, PNG eller WebP, högst 8 MB)"))
    # A photo already sent with this form when something else had an error: not sent again.
    kept_photo = HiddenField()
    remove_photo = BooleanField(_l("Ta bort fotot och visa bilden i stället"))
    # Only for a new step: where it goes (its choices are the steps there already; none: last).
    place = SelectField(
        _l("Var ska steget stå?"),
        validate_choice=False,
        validators=[Optional(), one_of_the_choices(_l("Välj var steget ska stå."))],
    )

    FIRST = "forst"
    LAST = "sist"


@in_languages(("text", _l("Meningen"), STEP_TEXT_MAX, False))
class VariantForm(LotsenForm):
    """The same step told another way for a patient with one need."""

    need = SelectField(
        _l("För den som har det här behovet"),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj ett behov."))],
    )
    text = StringField(
        STEP_TEXT_LABEL,
        filters=[strip],
        validators=[required(_l("Skriv vad som händer.")), max_length(STEP_TEXT_MAX), plain_text()],
    )
    # Empty: the step's own picture (or photo).
    pictogram = SelectField(
        _l("Egen bild, om du vill"),
        validate_choice=False,
        validators=[Optional(), one_of_the_choices(_l("Välj en bild."))],
    )


class StaffPhotoForm(LotsenForm):
    photo = FileField(_l("Ditt foto (JPEG, PNG eller WebP, högst 8 MB)"))
    consent = BooleanField(
        _l("Jag vill att patienterna och deras hjälpare ser fotot"),
        validators=[InputRequired(_l("Kryssa i rutan om du vill visa fotot."))],
    )


class StaffGenderForm(LotsenForm):
    """The staff member's own grammatical gender (Arabic names the role and the verbs by it)."""

    gender = gender_field()


TIMES = (
    ("soon", _l("Så snart som möjligt"), "clock"),
    ("morning", _l("På förmiddagen"), "morning"),
    ("afternoon", _l("På eftermiddagen"), "afternoon"),
    ("any", _l("Det spelar ingen roll"), "any-time"),
)


class RequestForm(LotsenForm):
    reasons = CardsField(
        _l("Varför vill du komma?"),
        choices=[SelectChoice(c.value, c.text) for c in REASONS],
        validators=[valid_choices()],
    )
    times = CardsField(
        _l("När passar det?"),
        choices=[SelectChoice(v, t) for v, t, _p in TIMES],
        validators=[valid_choices()],
    )
    text = TextAreaField(
        _l("Skriv mer, om du vill"),
        filters=[strip],
        validators=[Optional(), max_length(TEXT_MAX), plain_text(multiline=True)],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not self.reasons.data and not self.text.data:
            self.reasons.errors.append(_l("Välj varför du vill komma, eller skriv det."))
            return False
        return ok


class ChangeRequestForm(LotsenForm):
    """ "Avboka eller flytta": cancel or move, why (cards), and more in words if one wants."""

    what = OneCardField(
        _l("Vad vill du?"),
        choices=[SelectChoice(c.value, c.text) for c in CHANGE_WHAT],
        validators=[required(_l("Välj Avboka eller Flytta.")), valid_choices()],
    )
    why = CardsField(
        _l("Varför?"),
        choices=[SelectChoice(c.value, c.text) for c in CHANGE_WHY],
        validators=[valid_choices()],
    )
    text = RequestForm.text


class StartForm(LotsenForm):
    visit = StringField(validators=[required(), max_length(32)])


class CardAnswers:
    """A page of one question answered with cards (`choice` or `choices`) and/or a `text`: the
    answer as stored, and the form filled from it (not over what came back from a draft). Shared
    by the wizard's steps and the questions before the health check."""

    def answer(self) -> dict:
        answer: dict = {}
        if "choices" in self:
            answer["choices"] = [v for v in (self.choices.data or []) if v]
        if "choice" in self:
            answer["choice"] = self.choice.data or ""
        if "text" in self:
            answer["text"] = self.text.data or ""
        return answer

    def fill(self, answer: dict) -> None:
        if self.restored_from_draft:
            return
        if "choices" in self:
            self.choices.data = list(answer.get("choices", []))
        if "choice" in self:
            self.choice.data = answer.get("choice", "")
        if "text" in self:
            self.text.data = answer.get("text", "")


class StepPage(CardAnswers, LotsenForm):
    """One step of the wizard; the subclass for each step is made by `step_form`."""

    step: Step

    go = StringField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and "choices" in self and self.step.alone:
            chosen = set(self.choices.data or [])
            if chosen & self.step.alone and len(chosen) > 1:
                self.choices.errors.append(
                    _l("Du valde både att komma ensam och med någon. Välj ett av dem.")
                )
                return False
        return ok


class ReviewForm(LotsenForm):
    """Kontrollera: send. A helper may say who answered (its choices name the patient)."""

    who = OneCardField(_l("Vem svarade på frågorna?"), choices=[], validators=[valid_choices()])


@functools.cache
def step_form(step: Step) -> type[StepPage]:
    attrs: dict = {"step": step}
    question = step.question
    if step.kind in ("cards", "scale") and not step.multiple:
        attrs["choice"] = OneCardField(
            question,
            choices=[SelectChoice(c.value, c.text) for c in step.choices],
            validators=[valid_choices()],
        )
    elif step.kind != "text":
        # Choices of the needs step come from the patient's profile; set per request.
        choices = [SelectChoice(c.value, c.text) for c in step.choices]
        if step.kind == "bodymap":
            choices = [SelectChoice(p.value, p.text) for p in BODY_PARTS] + choices
        attrs["choices"] = CardsField(question, choices=choices, validators=[valid_choices()])
    if step.text_label:
        validators = [Optional(), max_length(step.text_max), plain_text(multiline=True)]
        attrs["text"] = TextAreaField(step.text_label, filters=[strip], validators=validators)
    return type(f"StepForm_{step.key}", (StepPage,), attrs)


# Built now rather than at a step's first visit (see the same in app/needs/forms.py).
for _step in STEPS:
    step_form(_step)
