"""Short notes in brackets ("(god man)", "(halv elva)") stay whole on their line: found by a
persona walk, where "(god" ended one line and "man)" began the next at a tablet's width."""

from __future__ import annotations

from app.templating import whole_notes


def test_a_short_note_is_kept_whole_and_the_rest_escaped():
    assert (
        str(whole_notes("Birgitta Svensson (god man)"))
        == 'Birgitta Svensson <span class="note">(god man)</span>'
    )
    assert str(whole_notes("<b>Eva</b> (x)")) == '&lt;b&gt;Eva&lt;/b&gt; <span class="note">(x)</span>'
    # A long aside in brackets may break like any text.
    long = "(" + "ord " * 12 + ")"
    assert str(whole_notes(long)) == long
    assert str(whole_notes("Anna Lindqvist")) == "Anna Lindqvist"


def test_a_link_holds_its_words_in_one_span_around_the_note():
    """Every link is a flex box (a 48 px target): a note's span straight inside one would stand
    as a column of its own beside the words. So a link's text with notes is one span."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "app/templates"
    bare = [
        f"{path.relative_to(templates)}: {found.group(0)[:80]}"
        for path in templates.rglob("*.html")
        for found in re.finditer(r'">\{\{[^}]*\|whole_notes[^}]*\}\}</a>', path.read_text())
    ]
    assert not bare, bare
