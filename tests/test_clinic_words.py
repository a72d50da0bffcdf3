"""The clinic's own words in the reader's language (app/clinic_words.py): which form a reader
gets, the language it says it is in, and how the forms are stored."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.clinic_words import Said, choose, forms_of, lang_attrs, order, said, set_forms

ALL = {
    "sv": "Du säger ditt namn.",
    "sv_easy": "Säg ditt namn.",
    "en": "You say your name.",
    "ar": "تقول اسمك.",
}


@pytest.mark.parametrize(
    ("locale", "easy", "texts", "form"),
    [
        ("sv", False, ALL, "sv"),
        ("sv", True, ALL, "sv_easy"),
        ("en", False, ALL, "en"),
        ("en", True, ALL, "en"),  # no easy English: English before any Swedish
        ("ar", False, ALL, "ar"),
        ("ar", True, ALL, "ar"),
        ("ar", False, {"sv": "Rum 4"}, "sv"),
        ("ar", True, {"sv": "Rum 4", "sv_easy": "Rum 4, en trappa upp"}, "sv_easy"),
        ("en", False, {"sv": "Rum 4", "sv_easy": "Lätt", "en": "  "}, "sv"),  # blank is not there
        ("sv", True, {"sv": "Rum 4", "en": "Room 4"}, "sv"),
        ("en_GB", False, ALL, "en"),
    ],
)
def test_the_reader_gets_the_best_form_and_its_language(locale, easy, texts, form):
    chosen = choose(texts, locale, easy)
    assert chosen == texts[form] and chosen.form == form
    assert chosen.lang == form.split("_")[0]
    assert isinstance(chosen, str) and chosen.easy is form.endswith("_easy")


def test_the_order_is_easy_own_language_then_swedish():
    assert order("en", True) == ["en_easy", "en", "sv_easy", "sv"]
    assert order("ar", False) == ["ar", "sv"]
    assert order("sv", True) == ["sv_easy", "sv"]


def owner(**columns):
    return SimpleNamespace(translations=columns.pop("translations", {}), **columns)


def test_forms_are_swedish_from_the_column_and_the_others_from_translations():
    step = owner(
        text="Du kommer.", translations={"text": {"en": "You come.", "ar": "", "xx": "??", "sv": "ignored"}}
    )
    assert forms_of(step, "text") == {"sv": "Du kommer.", "en": "You come."}
    assert said(step, "text", "en", False) == "You come."
    assert said(step, "text", "ar", False).lang == "sv"
    assert said(None, "text") == ""


def test_setting_forms_keeps_the_others_removes_empty_ones_and_says_whether_it_changed():
    visit = owner(room="Rum 4", translations={"bring": {"en": "ID"}})
    assert set_forms(visit, "room", {"en": " Room 4 ", "ar": "", "sv_easy": ""})
    assert visit.translations == {"bring": {"en": "ID"}, "room": {"en": "Room 4"}}
    assert not set_forms(visit, "room", {"en": "Room 4"})
    assert set_forms(visit, "room", {"en": "", "ar": ""})
    assert visit.translations == {"bring": {"en": "ID"}}
    # Only the forms staff may write are stored (never a second Swedish).
    set_forms(visit, "room", {"sv": "Rum 5", "de": "Zimmer", "ar": "الغرفة 4"})
    assert visit.translations["room"] == {"ar": "الغرفة 4"}


def test_lang_is_put_on_a_text_only_when_it_differs_from_the_page(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert lang_attrs(Said("Rum 4", "sv")) == ' dir="auto" lang="sv"'
        assert lang_attrs(Said("Room 4", "en")) == ' dir="auto" lang="en"'
        assert lang_attrs(Said("الغرفة", "ar")) == ' dir="auto"'
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert lang_attrs(Said("الغرفة", "ar")) == ' dir="auto" lang="ar"'
        assert lang_attrs(Said("Lätt", "sv_easy")) == ' dir="auto"'
        assert lang_attrs(Said("You come.", "en")) == ' dir="auto" lang="en"'
