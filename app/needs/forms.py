"""Forms of the needs profile, built from the catalogue: one per category page, section page, the
staff page with every need, and the review."""

from __future__ import annotations

import functools
import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..core.clock import today as clinic_today
from ..core.forms import LotsenForm, max_length, one_of_the_choices, plain_text, required, strip
from ..staff.forms import sensible_date
from .catalogue import (
    CATEGORIES,
    COMMENT_MAX,
    NEEDS,
    SECTIONS,
    Category,
    Kind,
    Need,
    Section,
    needs_in,
)

REASON_MAX = 500
TOGETHER_MAX = 200
NOTE_MAX = 1000
PAGE_TOO_OLD = _l("Sidan är för gammal. Öppna den igen och gör om ändringen.")


class VersionField(IntegerField):
    """The version a page was opened at, in a hidden field; anything but a number is "too old"."""

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


class _ProfilePage(LotsenForm):
    # The version the page was opened at, for merging with what others saved since.
    version = VersionField(
        validators=[InputRequired(PAGE_TOO_OLD), NumberRange(min=0, max=2_000_000_000, message=PAGE_TOO_OLD)]
    )

    needs_on_page: tuple[Need, ...] = ()
    sections_on_page: tuple[Section, ...] = ()

    version_refused = False

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        # A comment under a card that is not ticked is not saved, so it cannot be wrong: its
        # field is hidden, and an error there could not be seen or fixed.
        for need in self.needs_on_page:
            if not self[f"need_{need.code}"].data:
                self[f"comment_{need.code}"].errors = []
        if self.version.errors:  # a hidden field: say it at the top of the page
            self.form_errors.extend(self.version.errors)
            self.version.errors = []
            self.version_refused = True
        return not any(field.errors for field in self) and not self.form_errors

    @classmethod
    def typed_label(cls, name: str) -> str | None:
        """A comment shown back after a failed save (app.errors.typed_texts) is labelled with
        the need it is about, not with "Skriv mer, om du vill" like every other comment."""
        need = next((n for n in cls.needs_on_page if name == f"comment_{n.code}"), None)
        return str(need.text) if need else None

    def reset_version(self, number: int) -> None:
        """Show the page as opened now: the next save merges with the newest version."""
        self.version.data = number
        self.version.raw_data = [str(number)]

    def chosen(self) -> dict[str, str]:
        """{code: comment} for the needs ticked on this page."""
        return {
            need.code: self[f"comment_{need.code}"].data or ""
            for need in self.needs_on_page
            if self[f"need_{need.code}"].data
        }

    def texts(self) -> dict[str, str]:
        return {
            f.key: self[f"text_{f.key}"].data or ""
            for section in self.sections_on_page
            for f in section.fields
        }

    def fill(self, needs: dict[str, str], sections: dict[str, str], number: int) -> None:
        """Show a saved version (on GET, unless a draft from a timed-out session filled the form)."""
        if self.restored_from_draft:
            return
        self.version.data = number
        for need in self.needs_on_page:
            self[f"need_{need.code}"].data = need.code in needs
            self[f"comment_{need.code}"].data = needs.get(need.code, "")
        for section in self.sections_on_page:
            for f in section.fields:
                self[f"text_{f.key}"].data = sections.get(f.key, "")


def _add_need_fields(attrs: dict, needs) -> None:
    for need in needs:
        attrs[f"need_{need.code}"] = BooleanField(need.text)
        attrs[f"comment_{need.code}"] = StringField(
            _l("Skriv mer, om du vill"),
            filters=[strip],
            validators=[Optional(), max_length(COMMENT_MAX), plain_text()],
        )


@functools.cache
def category_form(category: Category) -> type[_ProfilePage]:
    needs = needs_in(category)
    attrs: dict = {"needs_on_page": needs}
    _add_need_fields(attrs, needs)
    return type(f"NeedsForm_{category.key}", (_ProfilePage,), attrs)


# A phone number as people write it: digits, spaces, dashes, brackets, a leading +.
_PHONE = re.compile(r"\+?[0-9 ()-]+")


def phone_number(form, field):
    if field.data and (
        not _PHONE.fullmatch(field.data) or not 5 <= sum(ch.isdigit() for ch in field.data) <= 15
    ):
        raise ValidationError(_l("Skriv telefonnumret med siffror, till exempel 070-123 45 67."))


@functools.cache
def section_form(section: Section) -> type[_ProfilePage]:
    attrs: dict = {"sections_on_page": (section,)}
    for f in section.fields:
        if f.kind is Kind.TEXT:
            attrs[f"text_{f.key}"] = TextAreaField(
                f.label,
                filters=[strip],
                validators=[Optional(), max_length(f.max_length), plain_text(multiline=True)],
            )
        else:
            checks = [phone_number] if f.kind is Kind.PHONE else []
            attrs[f"text_{f.key}"] = StringField(
                f.label,
                filters=[strip],
                validators=[Optional(), max_length(f.max_length), plain_text(), *checks],
            )
    return type(f"SectionForm_{section.slug.replace('-', '_')}", (_ProfilePage,), attrs)


class OrderForm(_ProfilePage):
    """One move on the vårdpass's order page: the pressed button's value, "<move> <item key>"."""

    move = StringField(validators=[InputRequired(PAGE_TOO_OLD), max_length(100), plain_text()])


def _staff_needs_form() -> type[_ProfilePage]:
    attrs: dict = {"needs_on_page": NEEDS}
    _add_need_fields(attrs, NEEDS)
    attrs["reason"] = TextAreaField(
        _l("Varför ändrar du?"),
        filters=[strip],
        validators=[
            required(_l("Skriv varför du ändrar anpassningarna.")),
            max_length(REASON_MAX),
            plain_text(multiline=True),
        ],
    )
    return type("StaffNeedsForm", (_ProfilePage,), attrs)


StaffNeedsForm = _staff_needs_form()


def not_in_the_future(form, field):
    if field.data is not None and field.data > clinic_today():
        raise ValidationError(_l("Datumet har inte varit än. Välj dagens datum eller ett tidigare."))


class ReviewForm(LotsenForm):
    reviewed_on = DateField(
        _l("Datum för genomgången"),
        format=["%Y-%m-%d", "%Y%m%d"],
        validators=[InputRequired(_l("Skriv datumet för genomgången.")), sensible_date],
        invalid_value_message=_l("Skriv datumet som år-månad-dag, till exempel 2026-05-31."),
    )
    together_with = StringField(
        _l("Vem gick du igenom anpassningarna med?"),
        filters=[strip],
        validators=[
            required(_l("Skriv vem du gick igenom anpassningarna med.")),
            max_length(TOGETHER_MAX),
            plain_text(),
        ],
    )
    note = TextAreaField(
        _l("Anteckning"),
        filters=[strip],
        validators=[Optional(), max_length(NOTE_MAX), plain_text(multiline=True)],
    )

    def validate_reviewed_on(self, field):
        not_in_the_future(self, field)


SUGGESTION_MAX = 1000


class SuggestForm(LotsenForm):
    """ "Föreslå en ändring": a helper who may not change the needs says what should change."""

    about = SelectField(
        _l("Vad gäller det?"),
        validate_choice=False,
        validators=[one_of_the_choices(_l("Välj vad det gäller."))],
    )
    text = TextAreaField(
        _l("Vad ska ändras?"),
        filters=[strip],
        validators=[
            required(_l("Skriv vad som ska ändras.")),
            max_length(SUGGESTION_MAX),
            plain_text(multiline=True),
        ],
    )


# Every page's form class, built now rather than at its first visit: a post that fails before
# its page built its form (the database down, a right that ended) still finds its fields' labels
# when the typed text is given back (app/errors.py, typed_texts).
for _category in CATEGORIES:
    category_form(_category)
for _section in SECTIONS:
    section_form(_section)
