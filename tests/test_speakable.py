"""The read-aloud blocks (app/speakable.py) escape what they are given once: text from a
template (Markup, escaped already) and plain text alike."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from app.speakable import heading, listen, tile

pytestmark = pytest.mark.one_database  # see pyproject.toml


def test_a_name_is_escaped_once_in_lyssna(app):
    with app.test_request_context():
        for what in (Markup("Sean O&#39;Briens inställningar"), "Sean O'Briens inställningar"):
            button = str(listen("/tal/abc.mp3", what))
            assert 'aria-label="Lyssna: Sean O&#39;Briens inställningar"' in button, what
        long = "a" * 80
        assert f'aria-label="Lyssna: {"a" * 59}…"' in str(listen("/tal/abc.mp3", long))


def test_text_is_escaped_and_markup_kept(app):
    with app.test_request_context():  # a visitor: no clip for a text that is not the app's own
        assert str(heading("<b>Hej</b>", level=3)) == "<h3>&lt;b&gt;Hej&lt;/b&gt;</h3>\n"
        assert str(heading(Markup("<b>Hej</b>"))) == "<h2><b>Hej</b></h2>\n"


def test_a_tile_says_its_badge(app):
    with app.test_request_context():
        html = str(tile("/kontakt/", "Kontakta vårdlotsen", "vardlots", badge="Ett nytt svar"))
    assert 'class="tile has-badge" href="/kontakt/"' in html
    assert '<span class="tile-text">Kontakta vårdlotsen</span>' in html
    assert "<span>Ett nytt svar</span>" in html
