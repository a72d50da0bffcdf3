"""The base form every Lotsen form builds on, and the easy-worded validators."""

from __future__ import annotations

import re

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired, Email, Length, StopValidation, ValidationError


class LotsenForm(FlaskForm):
    """A form that, when shown again after the session ran out, is filled with what was typed."""

    def __init__(self, *args, **kwargs):
        if request.method == "GET" and "formdata" not in kwargs and current_user.is_authenticated:
            from .auth.services import take_draft

            draft = take_draft(current_user, request.path)
            if draft is not None:
                kwargs["formdata"] = MultiDict([(k, v) for k, vs in draft.items() for v in vs])
                self.restored_from_draft = True
        super().__init__(*args, **kwargs)
        from .errors import remember_form

        remember_form(self)  # its labels, should the database fail before the post is saved

    restored_from_draft = False

    def refuse(self, problem: RuleError) -> None:
        """Show a refused rule at its field (or at the top of the form); nothing is changed."""
        from .extensions import db

        db.session.rollback()
        if problem.field and problem.field in self:
            self[problem.field].errors.append(problem.message)
        else:
            self.form_errors.append(problem.message)


def required(message=None):
    return DataRequired(message=message or _l("Du behöver fylla i det här."))


def max_length(limit: int):
    return Length(max=limit, message=_l("Texten är för lång. Skriv högst %(max)d tecken.",
                                         max=limit))


# Control characters cannot be typed into a form; PostgreSQL refuses some of them outright.
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def lower(value):
    return value.lower() if isinstance(value, str) else value


def plain_text(multiline: bool = False):
    """Refuse control characters (tabs and line breaks too, unless `multiline`)."""
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE

    def check(form, field):
        if isinstance(field.data, str) and pattern.search(field.data):
            raise ValidationError(_l("Texten har tecken som inte går att spara. Ta bort dem."))

    return check


def one_of_the_choices(message):
    """The chosen value must be one of the field's own (non-empty) choices.

    Used with `validate_choice=False`, so the refusal is in easy words rather than WTForms' own.
    """

    def check(form, field):
        values = {choice.value for choice in field.choices if choice.value}
        if field.data not in values:
            raise StopValidation(message)

    return check


def email_address():
    return Email(message=_l("Det ser inte ut som en e-postadress. Den ska se ut så här: "
                            "namn@exempel.se"), check_deliverability=False)


class RuleError(Exception):
    """A service refused a change; `message` is shown, at the form field `field` if one is named."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
