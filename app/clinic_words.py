"""The clinic's own words in the reader's language: visit types, the steps of "Så går besöket
till" and their variants, rooms, what to bring, messages about a visit, opening hours and the
answer templates.

Staff write each of these in Swedish (required, in the owner's own column, as before) and, if
they want, in easy Swedish, English and Arabic. The other forms live in one JSON column on the
owner, `translations`: {field: {form: text}}, where a form is a language ("en", "ar") or its
easy variant ("sv_easy"). A missing or empty form is not there.

`said` picks the text for the reader: the easy variant of their language (with easy read on),
then their language, then Swedish (easy Swedish first with easy read on). It returns a `Said`,
a str that knows the language it is actually in, so that a template can put `lang` on it (and
have it spoken with that language's voice) when it differs from the page.
"""

from __future__ import annotations

import re

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from .i18n import current_locale, easy_read_enabled

# The forms staff may write besides Swedish, in the order the forms show them.
OTHER_FORMS = ("sv_easy", "en", "ar")
FORMS = ("sv", *OTHER_FORMS)


class Said(str):
    """A text with the language it is in (`lang`: "sv", "en", "ar") and the form it came from
    (`form`: "sv", "sv_easy", "en" …)."""

    lang: str
    form: str

    def __new__(cls, text: str, form: str = "sv"):
        said = super().__new__(cls, text)
        said.form = form
        said.lang = form.split("_")[0]
        return said

    @property
    def easy(self) -> bool:
        return self.form.endswith("_easy")


def order(locale: str, easy: bool) -> list[str]:
    """The forms to try for a reader, best first."""
    language = (locale or "sv").split("_")[0]
    tried = [f"{language}_easy", language] if easy else [language]
    tried += ["sv_easy", "sv"] if easy else ["sv"]
    return list(dict.fromkeys(tried))


def choose(texts: dict[str, str], locale: str, easy: bool) -> Said:
    """The text in the best form there is for the reader; Swedish (maybe empty) at the least."""
    for form in order(locale, easy):
        text = texts.get(form) or ""
        if text.strip():
            return Said(text, form)
    return Said(texts.get("sv") or "", "sv")


def forms_of(owner, field: str) -> dict[str, str]:
    """Every form of one field: Swedish from its column, the others from `translations`."""
    texts = {
        form: text
        for form, text in ((owner.translations or {}).get(field) or {}).items()
        if form in OTHER_FORMS and isinstance(text, str) and text.strip()
    }
    texts["sv"] = getattr(owner, field) or ""
    return texts


def reader() -> tuple[str, bool]:
    """The signed-in reader's (or this visitor's) language and easy-read setting."""
    if not has_request_context():
        return "sv", False
    return str(current_locale() or "sv"), easy_read_enabled()


def said(owner, field: str, locale: str | None = None, easy: bool | None = None) -> Said:
    """The owner's `field` for the reader (by default the one this request is for)."""
    if owner is None:
        return Said("")
    if locale is None or easy is None:
        here, easy_here = reader()
        locale = here if locale is None else locale
        easy = easy_here if easy is None else easy
    return choose(forms_of(owner, field), locale, easy)


def set_forms(owner, field: str, texts: dict[str, str]) -> bool:
    """Store the other forms of `field` (Swedish is set on the column by the caller); an empty
    text removes that form. True when something changed."""
    every = {key: dict(value) for key, value in (owner.translations or {}).items()}
    kept = {
        form: texts[form].strip() for form in OTHER_FORMS if form in texts and (texts[form] or "").strip()
    }
    before = every.get(field) or {}
    if kept == before:
        return False
    if kept:
        every[field] = kept
    else:
        every.pop(field, None)
    owner.translations = every  # a new dict, so that the JSON column sees the change
    return True


def other_language(text) -> str | None:
    """The language a text is in when it is not the page's (None when it is). A `Said` knows
    its language; its letters still decide first (app.templating.text_language)."""
    from .templating import text_language

    if not text:
        return None
    return text_language(text, known=getattr(text, "lang", None))


def lang_attrs(text) -> Markup:
    """` dir="auto" lang="en"` for an element showing a text in another language than the page;
    ` dir="auto"` for one in the page's own."""
    language = other_language(text)
    return Markup(' dir="auto" lang="{}"').format(language) if language else Markup(' dir="auto"')


# --- staff forms --------------------------------------------------------------------------------

FORM_NAMES = {
    "sv": _l("svenska"),
    "sv_easy": _l("lättläst svenska"),
    "en": _l("engelska"),
    "en_easy": _l("lättläst engelska"),
    "ar": _l("arabiska"),
    "ar_easy": _l("lätt arabiska"),
}


def reader_form(locale: str, easy: bool) -> str:
    """The form a reader reads best: "sv_easy" for easy Swedish, "ar" for Arabic."""
    from .i18n import easy_languages

    language = (locale or "sv").split("_")[0]
    return f"{language}_easy" if easy and language in easy_languages() else language


def user_reader(user) -> tuple[str, bool]:
    """A user's own language and easy-read setting (Swedish, not easy, for nobody)."""
    if user is None:
        return "sv", False
    return (user.language or "sv"), bool(user.easy_read)


def reading_words(name: str, locale: str, easy: bool) -> str:
    """The words "Maja läser på lättläst svenska." for one reader."""
    form = reader_form(locale, easy)
    language = FORM_NAMES.get(form) or FORM_NAMES.get(form.split("_")[0]) or form
    return str(_l("%(name)s läser på %(language)s.", name=name, language=language))


_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")


def wrong_script(form: str, text: str) -> str:
    """ "ar" when a text meant as Arabic has no Arabic letters, "other" when a text meant as
    another language is Arabic only, else "": a text in the wrong alphabet would be marked, and
    read aloud, as the wrong language."""
    if form.startswith("ar") and not _ARABIC.search(text):
        return "ar"
    if not form.startswith("ar") and _ARABIC.search(text) and not _LATIN.search(text):
        return "other"
    return ""


def _script(form: str):
    """Refuse a text in the wrong alphabet: Arabic needs Arabic letters, the others Latin ones
    (a Swedish text pasted into the Arabic field would be read with the Arabic voice)."""

    def check(_form, field):
        problem = wrong_script(form, field.data or "")
        if problem == "ar":
            raise ValidationError(_l("Skriv texten på arabiska med arabiska bokstäver."))
        if problem == "other":
            raise ValidationError(_l("Det här är arabiska. Skriv det i rutan för arabiska."))

    return check


def in_languages(*fields: tuple[str, object, int, bool]):
    """A class decorator for a staff form: beside each (name, label, max length, multiline)
    field, an optional `<name>_sv_easy`, `<name>_en` and `<name>_ar`."""
    from .core.forms import max_length, plain_text, strip

    def add(cls):
        for name, label, limit, multiline in fields:
            for form in OTHER_FORMS:
                kind = TextAreaField if multiline else StringField
                setattr(
                    cls,
                    f"{name}_{form}",
                    kind(
                        _l("%(what)s på %(language)s", what=label, language=FORM_NAMES[form]),
                        filters=[strip],
                        validators=[
                            Optional(),
                            max_length(limit),
                            plain_text(multiline=multiline),
                            _script(form),
                        ],
                    ),
                )
        cls.language_fields = (*getattr(cls, "language_fields", ()), *(name for name, *_rest in fields))
        return cls

    return add


def form_texts(form, field: str) -> dict[str, str]:
    """What a staff form says in the other forms of `field` (empty ones too: they remove)."""
    return {other: (form[f"{field}_{other}"].data or "") for other in OTHER_FORMS}


def fill_form(form, owner, field: str) -> None:
    """Put an owner's other forms of `field` into a staff form shown by GET."""
    if owner is None or getattr(form, "restored_from_draft", False):
        return
    texts = forms_of(owner, field)
    for other in OTHER_FORMS:
        form[f"{field}_{other}"].data = texts.get(other, "")


def init_app(app) -> None:
    app.jinja_env.globals["said"] = said
    app.jinja_env.globals["lang_attrs"] = lang_attrs
    app.jinja_env.globals["other_language"] = other_language
    app.jinja_env.globals["lix_score"] = lix_score
    app.jinja_env.globals["written_in"] = Said


def lix_score(text: str) -> int | None:
    from .readability import lix

    return round(lix(text)) if text and text.strip() else None
