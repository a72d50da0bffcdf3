"""Easy read: the easy catalogues, the switch, and LIX on every patient-facing page.

The pages are found by following links from the start page as each kind of patient-side user
(signed out, a patient, a representative), so a new page is measured without anyone listing it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from app.auth.services import create_invitation
from app.extensions import db
from app.models import Role, User
from app.readability import lix, lix_counts, visible_text, word_count
from tests.support.crawl import body, crawl
from tests.support.people import patient_url

pytestmark = pytest.mark.one_database  # see pyproject.toml

PAGE_LIMIT = 25.0
BLOCK_LIMIT = 30.0
BLOCK_WORDS = 8


def easy_problems(pages: dict[str, str]) -> list[str]:
    problems = []
    for path, html in pages.items():
        text = visible_text(body(html))
        score = lix(text)
        if score >= PAGE_LIMIT:
            problems.append(f"{path}: the page scores LIX {score:.1f} ({lix_counts(text)})")
        for block in text.split("\n"):
            if word_count(block) >= BLOCK_WORDS and lix(block) >= BLOCK_LIMIT:
                problems.append(f"{path}: LIX {lix(block):.1f}: {block}")
    return problems


def _easy_on(client):
    assert client.post_form("/visning/easy_read", {"next": "/"}).status_code == 302


@pytest.fixture
def invitation_path(app, world, make_user):
    rep = make_user(Role.REPRESENTATIVE, password=False, name="Jonas Berg")
    with app.test_request_context():
        link = create_invitation(
            db.session.get(User, rep.id), world.clinic.id, db.session.get(User, world.staff.id)
        )
        db.session.commit()
    return urlsplit(link).path


def test_signed_out_pages_are_easy_to_read(client, invitation_path):
    _easy_on(client)
    pages = crawl(client, ["/", "/logga-in", "/glomt-losenord", invitation_path, "/finns-inte"])
    assert {"/", "/logga-in", "/tillganglighet", "/personuppgifter"} <= set(pages)
    problems = easy_problems(pages)
    assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


def test_a_patients_pages_are_easy_to_read(client, world, sign_in):
    sign_in(client, world.patient_user)
    _easy_on(client)
    pages = crawl(client, ["/", "/min-sida/", "/finns-inte"])
    assert patient_url(world.patient, "/vem-har-tittat") in pages
    problems = easy_problems(pages)
    assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


def test_a_representatives_pages_are_easy_to_read(client, world, sign_in, make_patient, make_mandate):
    make_mandate(make_patient(world.clinic, name="Erik Holm"), world.god_man)
    sign_in(client, world.god_man)
    _easy_on(client)
    pages = crawl(client, ["/", "/vem-hjalper-du"])
    assert client.get(patient_url(world.patient)).status_code == 200  # chooses Maja
    pages.update(crawl(client, ["/min-sida/", patient_url(world.patient, "/vem-har-tittat")]))
    assert "/vem-hjalper-du" in pages and patient_url(world.patient) in pages
    problems = easy_problems(pages)
    assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


# --- easy Arabic ----------------------------------------------------------------------------------


def _written(language: str) -> dict:
    from babel.messages.pofile import read_po

    from app.i18n import TRANSLATIONS

    with (TRANSLATIONS / language / "LC_MESSAGES" / "easy.po").open("rb") as f:
        catalogue = read_po(f)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): m.string
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }


def test_easy_arabic_covers_what_easy_swedish_covers():
    missing = sorted(set(_written("sv")) - set(_written("ar")))
    assert not missing, f"{len(missing)} easy Swedish texts have no easy Arabic: {missing[:5]}"


def test_every_easy_arabic_text_is_easy_arabic():
    """Short sentences (at most 10 words) and common, short words (app/readability.py)."""
    from app.readability import easy_arabic_problems

    problems = []
    for written in _written("ar").values():
        for text in written if isinstance(written, tuple) else [written]:
            problems.extend(f"{problem}: {text}" for problem in easy_arabic_problems(text))
    assert not problems, "Not easy Arabic:\n" + "\n".join(problems)


def test_a_patients_pages_in_easy_arabic(client, world, sign_in):
    """The whole patient side in easy Arabic: every page's visible text, block by block."""
    from app.readability import easy_arabic_problems

    sign_in(client, world.patient_user)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    _easy_on(client)
    pages = crawl(client, ["/", "/min-sida/"])
    assert len(pages) > 5
    problems = []
    for path, html in pages.items():
        assert 'lang="ar"' in html
        for block in visible_text(body(html)).split("\n"):
            problems.extend(f"{path}: {problem}: {block}" for problem in easy_arabic_problems(block))
    assert not problems, "Not easy Arabic:\n" + "\n".join(problems[:30])


def test_a_plural_text_without_an_easy_form_keeps_the_standard_wording():
    """Babel compiles an easy plural that was never written with the Swedish source in its
    place; easy English and easy Arabic must show their standard wording, not Swedish."""
    from app.i18n import catalogue

    said = {
        language: catalogue(language, True).ungettext("Ett besök är ändrat.", "%(num)d besök är ändrade.", 1)
        for language in ("sv", "en", "ar")
    }
    assert said == {"sv": "Ett besök är ändrat.", "en": "A visit has changed.", "ar": "تغيّرت زيارة واحدة."}
