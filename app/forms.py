"""The base form every Lotsen form builds on, and the easy-worded validators."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired, Length


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

    restored_from_draft = False


def required(message=None):
    return DataRequired(message=message or _l("Du behöver fylla i det här."))


def max_length(limit: int):
    return Length(max=limit, message=_l("Texten är för lång. Skriv högst %(max)d tecken.",
                                         max=limit))
