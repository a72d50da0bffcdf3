"""Numbers are said the way people say them, not as espeak-ng reads digits."""

import pytest

from app.speech.spoken import language_runs, spoken_form, times_as_words

# Speech and its cache folder, not the database: run in the SQLite pass only (pyproject.toml).
pytestmark = pytest.mark.one_database


@pytest.mark.parametrize(
    "lang,text,said",
    [
        ("sv", "Akut? Ring 112", "Akut? Ring 1 1 2"),
        ("sv", "Råd om vård: ring 1177", "Råd om vård: ring 11 77"),
        ("en", "Health advice: call 1177", "Health advice: call 1 1 7 7"),
        ("sv", "Telefon: 019-10 20 30", "Telefon: 0 1 9, 10, 20, 30"),
        ("sv", "Öppet: måndag till fredag 8–17", "Öppet: måndag till fredag 8 till 17"),
        ("en", "Open 8.30-16.00", "Open 8 30 to 16 o'clock"),
        ("ar", "مفتوح 8–17", "مفتوح 8 إلى 17"),
        ("sv", "den 2026-11-24", "den 2026-11-24"),  # a date is not a range
        ("sv", "Ring 11200 eller 1177a", "Ring 11200 eller 1177a"),  # only whole numbers
    ],
)
def test_spoken_form(lang, text, said):
    assert spoken_form(text, lang) == said


@pytest.mark.parametrize(
    "lang,text,said",
    [
        # espeak-ng says "9:05" as "nio noll fem" / "nine zero five", and an Arabic "14:20" as two
        # numbers with nothing between them.
        ("sv", "klockan 14:20", "klockan 14 och 20"),
        ("sv", "klockan 9.05", "klockan 9 och 5"),
        ("sv", "klockan 10:00.", "klockan 10."),
        ("en", "at 9:05 or 14:20", "at 9 oh 5 or 14 20"),
        ("en", "at 10:00, not later", "at 10 o'clock, not later"),
        ("ar", "الساعة 14:20", "الساعة 14 و 20 دقيقة"),
        ("ar", "الساعة 9:05", "الساعة 9 و 5 دقائق"),
        ("ar", "الساعة 10:00", "الساعة 10"),
        ("sv", "version 1.20.3, 2,50 kr, 2026-11-24, 25:10", "version 1.20.3, 2,50 kr, 2026-11-24, 25:10"),
    ],
)
def test_times_are_said_as_words(lang, text, said):
    assert times_as_words(text, lang) == said


def test_the_clip_says_the_spoken_form(app, register, speech):
    url = register("Akut? Ring 112")
    key = url.rsplit("/", 1)[1].removesuffix(".mp3")
    with app.app_context():
        from app.speech import service

        assert service.registration(key).text == "Akut? Ring 1 1 2"


@pytest.mark.parametrize(
    "page,text,runs",
    [
        (
            "ar",
            "مرشد الرعاية Anna Berg كتبت: Vi ses på tisdag 14:20.",
            [("ar", "مرشد الرعاية"), ("sv", "Anna Berg"), ("ar", "كتبت:"), ("sv", "Vi ses på tisdag 14:20.")],
        ),
        ("sv", "Anna skrev: مرحبا بكم (Hej)", [("sv", "Anna skrev:"), ("ar", "مرحبا بكم"), ("sv", "(Hej)")]),
        ("en", "From Lina: مرحبا", [("en", "From Lina:"), ("ar", "مرحبا")]),
        ("ar", "مرحبا بكم", [("ar", "مرحبا بكم")]),
        ("ar", "Anna Berg", [("sv", "Anna Berg")]),
        ("ar", "112", [("ar", "112")]),
        ("sv", "", []),
    ],
)
def test_a_text_is_cut_into_runs_by_script(page, text, runs):
    assert language_runs(text, page) == runs


def test_latin_text_on_an_arabic_page_is_said_in_its_known_language():
    assert language_runs("مرحبا Welcome", "ar", known="en") == [("ar", "مرحبا"), ("en", "Welcome")]
    assert language_runs("مرحبا Välkommen", "ar") == [("ar", "مرحبا"), ("sv", "Välkommen")]


def test_each_run_is_said_as_its_language_says_it(app, register):
    url = register("الموعد Anna Berg 14:20", "ar")
    key = url.rsplit("/", 1)[1].removesuffix(".mp3")
    with app.app_context():
        from app.speech import service

        entry = service.registration(key)
    assert entry.runs == (("ar", "sem/ar", "الموعد"), ("sv", "gmq/sv", "Anna Berg 14 och 20"))
    assert entry.lang == "ar" and entry.voice == "sem/ar"
