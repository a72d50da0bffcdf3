"""The period form of the statistics pages: two menus of months (a GET form: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from ..core.clock import add_months, today
from ..core.forms import LotsenForm
from .periods import MAX_MONTHS, Period, PeriodError, month_of, read_period
from .tables import month_label

# How far back the menus reach.
MENU_MONTHS = 36


class PeriodForm(LotsenForm):
    class Meta:
        csrf = False  # a GET form: choosing a period changes nothing

    fran = SelectField(_l("Från och med månad"), choices=[], validate_choice=False)
    till = SelectField(_l("Till och med månad"), choices=[], validate_choice=False)


def period_form(args) -> tuple[PeriodForm, Period | None]:
    """The form as the address fills it in, and the period it asks for (None, with the error at
    its field, when it asks for one that cannot be shown)."""
    form = PeriodForm(formdata=args if ("fran" in args or "till" in args) else None)
    this = month_of(today()).first
    months = [add_months(this, -n) for n in range(MENU_MONTHS)]
    choices = [(day.strftime("%Y-%m"), month_label(day)) for day in months]
    form.fran.choices = choices
    form.till.choices = choices
    try:
        period = read_period(args)
    except PeriodError as problem:
        getattr(form, problem.field).errors = [problem.message]
        return form, None
    form.fran.data = period.first.key
    form.till.data = period.last.key
    return form, period


__all__ = ["MAX_MONTHS", "PeriodForm", "period_form"]
