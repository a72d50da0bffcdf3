"""Forms of the questions before the health check: who answers (the start page), one question
a page (built from app/checkup/questions.py), Kontrollera's send and "Ändra" after sending. Each
carries the questionnaire's revision as the page showed it, so an older page saves nothing."""

from __future__ import annotations

import functools

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from ..core.forms import LotsenForm, max_length, plain_text, strip
from ..visits.forms import CardAnswers, CardsField, OneCardField, valid_choices
from . import questions as catalogue
from .questions import Question


def _revision(form, field):
    if not (field.data or "").isdigit() or len(field.data) > 9:
        raise ValidationError(_l("Sidan är för gammal. Öppna den igen och gör om ändringen."))


class RevisionForm(LotsenForm):
    revision = HiddenField(filters=[strip], validators=[_revision])

    def revision_number(self) -> int | None:
        data = self.revision.data or ""
        return int(data) if data.isdigit() and len(data) <= 9 else None


class StartForm(LotsenForm):
    who = OneCardField(_l("Vem svarar på frågorna?"), choices=[], validators=[valid_choices()])


class QuestionPage(CardAnswers, RevisionForm):
    """One question; the subclass for each question is made by `question_form`."""

    question: Question
    go = StringField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and "choices" in self:
            chosen = set(self.choices.data or [])
            if chosen & catalogue.NOT_SAID and len(chosen) > 1:
                self.choices.errors.append(
                    _l("Du valde ett svar och samtidigt Jag vet inte eller Vill inte svara. Välj ett av dem.")
                )
                return False
        return ok


@functools.cache
def question_form(question: Question) -> type[QuestionPage]:
    from ..bodymap import BODY_PARTS

    attrs: dict = {"question": question}
    if question.kind == "cards" and not question.multiple:
        attrs["choice"] = OneCardField(
            question.question,
            choices=[SelectChoice(c.value, c.text) for c in question.choices],
            validators=[valid_choices()],
        )
    elif question.kind != "text":
        choices = [SelectChoice(c.value, c.text) for c in question.choices]
        if question.kind == "bodymap":
            choices = [SelectChoice(p.value, p.text) for p in BODY_PARTS] + choices
        attrs["choices"] = CardsField(question.question, choices=choices, validators=[valid_choices()])
    if question.text_label:
        validators = [Optional(), max_length(question.text_max), plain_text(multiline=True)]
        attrs["text"] = TextAreaField(question.text_label, filters=[strip], validators=validators)
    return type(f"QuestionForm_{question.key}", (QuestionPage,), attrs)


for _question in catalogue.QUESTIONS:
    question_form(_question)


class SendForm(RevisionForm):
    """Kontrollera: send the answers."""


class ReopenForm(RevisionForm):
    """ "Ändra" after sending."""
