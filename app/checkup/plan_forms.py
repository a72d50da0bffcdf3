"""The staff's form for Min hälsoplan: up to five goals as numbered rows (so every error stands
at its own field), the round of the check it was agreed at, and the revision the form was made
from (a save over a colleague's newer one is refused). A goal done is marked with
`next_steps.StepDoneForm` on the patient's side, and `GoalForm` by staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, StopValidation, ValidationError

from ..core.clock import today as clinic_today
from ..core.forms import LotsenForm, max_length, plain_text, strip
from ..staff.forms import sensible_date
from .plan_content import DO_MAX, GOAL_MAX, MAX_GOALS, WHO


def _known_or_empty(message):
    def check(form, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise StopValidation(message)

    return check


def _day_kept_or_coming(form, field):
    """When we look again is today or later, unless the row keeps the day already sent."""
    if field.data is None or field.data >= clinic_today():
        return
    key = form[field.name.replace("_look_on", "_key")].data or ""
    if form.kept_days.get(key) != field.data.isoformat():
        raise ValidationError(_l("Dagen har redan varit. Välj en dag från i dag och framåt."))


def _revision(form, field):
    if not (field.data or "").isdigit() or len(field.data) > 9:
        raise StopValidation(_l("Det gick inte att spara. Försök igen."))


class PlanForm(LotsenForm):
    """The plan on one page; the rows `goal_<n>_…` are added below."""

    kept_days: dict[str, str] = {}

    revision = HiddenField(filters=[strip], validators=[_revision])
    check = SelectField(
        _l("Hälsokontrollen planen gjordes vid"),
        choices=[],
        validate_choice=False,
        validators=[_known_or_empty(_l("Välj en hälsokontroll i listan."))],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for n in range(MAX_GOALS):
            valid &= self._check_goal(n)
        return valid

    def _check_goal(self, n: int) -> bool:
        row = f"goal_{n}_"
        if not any(self[row + name].data for name in ("goal", "do", "look_on")):
            return True  # an empty row
        ok = True
        for name, message in (
            ("goal", _l("Skriv målet med patientens egna ord.")),
            ("who", _l("Välj vem som gör det.")),
        ):
            field = self[row + name]
            if not field.data and not field.errors:
                field.errors = [*field.errors, message]
                ok = False
        return ok

    def goal_rows(self) -> list[dict]:
        rows = []
        for n in range(MAX_GOALS):
            prefix = f"goal_{n}_"
            rows.append(
                {
                    name[len(prefix) :]: field
                    for name, field in self._fields.items()
                    if name.startswith(prefix)
                }
            )
        return rows


for _n in range(MAX_GOALS):
    setattr(PlanForm, f"goal_{_n}_key", HiddenField(filters=[strip], validators=[max_length(16)]))
    setattr(
        PlanForm,
        f"goal_{_n}_goal",
        StringField(
            _l("Målet, med patientens ord"),
            filters=[strip],
            validators=[max_length(GOAL_MAX), plain_text(multiline=False)],
        ),
    )
    setattr(
        PlanForm,
        f"goal_{_n}_do",
        TextAreaField(
            _l("Det här gör vi"), filters=[strip], validators=[max_length(DO_MAX), plain_text(multiline=True)]
        ),
    )
    setattr(
        PlanForm,
        f"goal_{_n}_who",
        RadioField(
            _l("Vem gör det?"),
            choices=[SelectChoice(c.value, c.staff_text) for c in WHO],
            validate_choice=False,
            validators=[_known_or_empty(_l("Välj vem som gör det i listan."))],
        ),
    )
    setattr(
        PlanForm,
        f"goal_{_n}_look_on",
        DateField(
            _l("När vi tittar på det igen"),
            validators=[Optional(), sensible_date, _day_kept_or_coming],
            format=["%Y-%m-%d", "%Y%m%d"],
            invalid_value_message=_l("Skriv datumet som år-månad-dag, till exempel 2027-05-31."),
        ),
    )


class SendPlanForm(LotsenForm):
    """ "Skicka till patienten": only the button (and its CSRF token)."""


class NewPlanForm(LotsenForm):
    """ "Gör en ny plan" at the next check: only the button."""


class GoalForm(LotsenForm):
    """Staff mark a goal's step done, or not done (the goal's id in the form)."""

    goal = HiddenField(filters=[strip], validators=[max_length(40)])
    done = HiddenField(filters=[strip])

    def validate_done(self, field):
        if field.data not in ("ja", "nej"):
            raise StopValidation(_l("Det gick inte att spara. Försök igen."))
