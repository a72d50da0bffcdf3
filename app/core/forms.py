"""The base form every Lotsen form builds on, the easy-worded validators, and what a person typed
into a posted form (given back on every page that could not save it)."""

from __future__ import annotations

import contextlib
import re
from typing import NamedTuple

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field
from wtforms.fields import (
    DateField,
    DateTimeField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Email, Length, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from ..extensions import db
from .drafts import take_draft
from .rules import RuleError


class LotsenForm(FlaskForm):
    """A form that, when shown again after the session ran out, is filled with what was typed."""

    def __init__(self, *args, **kwargs):
        if request.method == "GET" and "formdata" not in kwargs and current_user.is_authenticated:
            draft = take_draft(current_user, request.path)
            if draft is not None:
                kwargs["formdata"] = MultiDict([(k, v) for k, vs in draft.items() for v in vs])
                self.restored_from_draft = True
        super().__init__(*args, **kwargs)
        remember_form(self)  # its labels, should the database fail before the post is saved

    restored_from_draft = False

    def refuse(self, problem: RuleError) -> None:
        """Show a refused rule at its field (or at the top of the form); nothing is changed."""
        db.session.rollback()
        if problem.field and problem.field in self:
            self[problem.field].errors.append(problem.message)
        else:
            self.form_errors.append(problem.message)


def required(message=None):
    return DataRequired(message=message or _l("Du behöver fylla i det här."))


def max_length(limit: int):
    return Length(max=limit, message=_l("Texten är för lång. Skriv högst %(max)d tecken.", max=limit))


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
    return Email(
        message=_l("Det ser inte ut som en e-postadress. Den ska se ut så här: namn@exempel.se"),
        check_deliverability=False,
    )


# --- what was typed ---------------------------------------------------------------------------


class TypedText(NamedTuple):
    """One text a person typed into a form: the field's label (None when it cannot be known)."""

    label: str | None
    text: str


# Never shown back: passwords, codes, tokens and secrets (the CSRF token is not "what was typed").
_SECRET_PARTS = re.compile(r"^(pass|pwd|token|secret|csrf|otp|pin$|code$|key$)", re.IGNORECASE)
# Kinds of fields a person types into (a PasswordField or HiddenField never counts).
_TYPED_FIELDS = (StringField, DateField, DateTimeField, IntegerField, DecimalField)
# Without a form to go by: a value that is a word like `quiet_room` or `y` is a choice, not text.
_CHOICE_VALUE = re.compile(r"[a-z0-9_.:-]{1,40}")
MAX_TEXTS, MAX_CHARS = 100, 20_000


def _secret_name(name: str) -> bool:
    return any(_SECRET_PARTS.match(part) for part in re.split(r"[_\-.\[\]]+", name) if part)


def _typed_kind(field_class: type, widget) -> bool:
    return (
        issubclass(field_class, _TYPED_FIELDS)
        and not issubclass(field_class, (PasswordField, HiddenField))
        and not isinstance(widget, HiddenInput)
    )


def _fields_of_form(form) -> dict[str, str | None]:
    """{posted name: label} of the fields of a form (instance) a person types into."""
    fields = {}
    hook = getattr(form, "typed_label", None)
    for field in form:
        label = field.label.text if field.label else None
        if str(label) == field.short_name.replace("_", " ").title():
            label = None  # WTForms made it up from the name: a field the page fills in itself
        if _typed_kind(type(field), field.widget) and label is not None:
            fields[field.name] = (hook(field.name) if hook else None) or str(label)
        else:
            fields.setdefault(field.name, None)
    return fields


def _fields_of_class(form_class: type, posted: set[str]) -> dict[str, str | None]:
    """The same from a form class, for a request that failed before its form was built. Only the
    labels of the `posted` names are translated (every form class is asked: a label is work)."""
    fields: dict[str, str | None] = {}
    hook = getattr(form_class, "typed_label", None)
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if name.startswith("_") or not isinstance(unbound, UnboundField):
            continue
        field_class = unbound.field_class
        label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else None)
        widget = unbound.kwargs.get("widget", getattr(field_class, "widget", None))
        typed = (
            isinstance(field_class, type)
            and issubclass(field_class, Field)
            and _typed_kind(field_class, widget)
            and label is not None
        )
        if typed and name in posted:
            fields[name] = (hook(name) if callable(hook) else None) or str(label)
        else:
            fields[name] = None if not typed else ""
    return fields


def _known_form_classes():
    stack, seen = [LotsenForm], []
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen[1:]


def _best_fields(candidates, posted: set[str]) -> dict[str, str | None] | None:
    """The fields of the candidate that best fits the posted names; a label the equally good
    candidates disagree on is dropped rather than guessed."""
    scored = []
    for fields in candidates:
        hits = len(posted & fields.keys())
        if hits:
            scored.append((hits, -len(fields.keys() - posted), fields))
    if not scored:
        return None
    best = max(score[:2] for score in scored)
    tied = [fields for *score, fields in scored if tuple(score) == best]
    merged = dict(tied[0])
    for other in tied[1:]:
        for name in list(merged):
            if name not in other:
                merged.pop(name)
            elif other[name] != merged[name]:
                merged[name] = None if (other[name] is None or merged[name] is None) else ""
    return merged


def remember_form(form) -> None:
    """Called by every LotsenForm as it is built: `typed_texts` takes labels from it."""
    with contextlib.suppress(RuntimeError):  # outside a request: nothing to remember
        g.setdefault("lotsen_forms", []).append(form)


def typed_texts(formdata: MultiDict | None = None, form=None) -> list[TypedText]:
    """The texts a person typed into a posted form, in the order of the form, each with its
    field's label in the page's language where it can be known.

    `formdata` is the posted data (default: `request.form`); `form` the form it was posted to
    (default: the form of this request that fits the data best, else the Lotsen form class that
    does). Never passwords, sign-in codes, tokens or the CSRF token, nor hidden fields, ticked
    boxes and chosen cards (those come back with the form, not as text). Empty texts are left
    out. Without any form that fits, texts are shown without labels.
    """
    if formdata is None:
        formdata = request.form
    posted = {name for name in formdata if not _secret_name(name)}
    fields: dict[str, str | None] | None
    if form is not None:
        fields = _fields_of_form(form)
    else:
        built = [_fields_of_form(f) for f in g.get("lotsen_forms", [])]
        fields = _best_fields(built, posted) or _best_fields(
            (_fields_of_class(cls, posted) for cls in _known_form_classes()), posted
        )
    texts: list[TypedText] = []
    for name in formdata:
        if name not in posted:
            continue
        for value in formdata.getlist(name):
            value = value.strip() if isinstance(value, str) else ""
            if not value:
                continue
            if fields is not None and name in fields:
                if fields[name] is None:
                    continue  # a hidden field, a choice, a box, a button
                label = fields[name] or None
            else:
                # No form that knows this field: a value like a choice is left out, any other
                # is shown without a label (better than lost).
                if _CHOICE_VALUE.fullmatch(value):
                    continue
                label = None
            texts.append(TypedText(label, value[:MAX_CHARS]))
            if len(texts) >= MAX_TEXTS:
                return texts
    return texts
