"""Numbers are said the way people say them, not as espeak-ng reads digits."""

import pytest

from app.speech.spoken import spoken_form


@pytest.mark.parametrize("lang,text,said", [
    ("sv", "Akut? Ring 112", "Akut? Ring 1 1 2"),
    ("sv", "Råd om vård: ring 1177", "Råd om vård: ring 11 77"),
    ("en", "Health advice: call 1177", "Health advice: call 1 1 7 7"),
    ("sv", "Telefon: 019-10 20 30", "Telefon: 0 1 9, 10, 20, 30"),
    ("sv", "Öppet: måndag till fredag 8–17", "Öppet: måndag till fredag 8 till 17"),
    ("en", "Open 8.30-16.00", "Open 8.30 to 16.00"),
    ("ar", "مفتوح 8–17", "مفتوح 8 إلى 17"),
    ("sv", "den 2026-11-24", "den 2026-11-24"),     # a date is not a range
    ("sv", "Ring 11200 eller 1177a", "Ring 11200 eller 1177a"),  # only whole numbers
])
def test_spoken_form(lang, text, said):
    assert spoken_form(text, lang) == said


def test_the_clip_says_the_spoken_form(app, register, speech):
    url = register("Akut? Ring 112")
    key = url.rsplit("/", 1)[1].removesuffix(".mp3")
    with app.app_context():
        from app.speech import service

        assert service.registration(key).text == "Akut? Ring 1 1 2"
