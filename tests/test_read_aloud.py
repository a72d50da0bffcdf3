"""Read-aloud on every patient-facing page: each text block and each choice can be heard.

The pages are found by following links (tests/crawl.py), so a new page that shows text nobody
can listen to fails here without anyone adding it to a list.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
import soundfile

from tests.support.crawl import crawl
from tests.support.people import patient_url

pytestmark = pytest.mark.one_database  # see pyproject.toml

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Unspoken(HTMLParser):
    """Text inside <main> that no element with data-clip covers (so "Läs upp sidan" with
    JavaScript would skip it), and the choice cards without their own Lyssna button."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, has a clip, hidden
        self.unspoken: list[str] = []
        self.cards = self.cards_with_listen = 0
        self.read_page = self.listen_buttons = self.clips = 0
        self._card_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "data-listen" in a:
            self.listen_buttons += 1
            if self._card_depth is not None:
                self.cards_with_listen += 1
        if "data-read-page" in a:
            self.read_page += 1
        if "data-clip" in a:
            self.clips += 1
        if "card" in classes:
            self.cards += 1
            self._card_depth = len(self.stack)
        if tag in VOID:
            return
        hidden = (
            tag in ("svg", "script", "style", "template")
            or "hidden" in a
            or a.get("aria-hidden") == "true"
            or "no-read" in classes
        )
        self.stack.append((tag, "data-clip" in a, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if self._card_depth is not None and len(self.stack) <= self._card_depth:
            self._card_depth = None

    def handle_data(self, data):
        tags = [t for t, _c, _h in self.stack]
        if "main" not in tags or not data.strip():
            return
        if any(hidden for _t, _c, hidden in self.stack):
            return
        if not any(clip for _t, clip, _h in self.stack):
            self.unspoken.append(" ".join(data.split()))


def inspect(html: str) -> _Unspoken:
    parser = _Unspoken()
    parser.feed(html)
    return parser


def hearing_problems(pages: dict[str, str]) -> list[str]:
    problems = []
    for path, html in pages.items():
        found = inspect(html)
        if found.unspoken:
            problems.append(f"{path}: no clip covers {found.unspoken}")
        if found.cards != found.cards_with_listen:
            problems.append(f"{path}: {found.cards - found.cards_with_listen} choices lack Lyssna")
        if found.read_page != 1:
            problems.append(f"{path}: {found.read_page} 'Läs upp sidan' buttons")
    return problems


def test_every_text_a_visitor_sees_can_be_heard(client, app):
    pages = crawl(client, ["/", "/logga-in", "/glomt-losenord", "/installningar", "/finns-inte"])
    assert "/installningar" in pages
    problems = hearing_problems(pages)
    assert not problems, "\n".join(problems)
    # Only fixed texts, shared by everyone: a visitor registers nothing of their own.
    cache = app.extensions["lotsen_speech"].cache
    for path, html in pages.items():
        for key in re.findall(r'"/tal/([0-9a-f]{64})\.mp3"', html):
            assert not cache.registration(key).private, path


def test_read_the_page_without_javascript_on_a_visitors_page(client):
    html = client.get("/logga-in").get_data(as_text=True)
    url = re.search(r'<a [^>]*href="(/tal/[0-9a-f]{64}\.mp3)" data-read-page', html).group(1)
    response = client.get(url)
    data = response.data
    response.close()
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("public")
    audio, rate = soundfile.read(io.BytesIO(data))
    assert len(audio) / rate > 5  # the heading, the fields and the links, not one word
    assert abs(audio).max() > 0.05


def test_every_text_a_patient_and_a_helper_see_can_be_heard(make_client, world, sign_in):
    patient, helper = make_client(), make_client()
    sign_in(patient, world.patient_user)
    sign_in(helper, world.god_man)
    pages = crawl(patient, ["/", patient_url(world.patient, "/")])
    assert patient_url(world.patient, "/vem-har-tittat") in pages
    helper_pages = crawl(helper, ["/", patient_url(world.patient, "/")])
    problems = hearing_problems(pages) + hearing_problems(helper_pages)
    assert not problems, "\n".join(problems)


def test_a_block_clip_is_real_speech_of_that_block(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'class="speakable"[^>]*data-clip="([^"]+)"', html).group(1)
    response = client.get(url)
    data = response.data
    response.close()
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    audio, rate = soundfile.read(io.BytesIO(data))
    assert len(audio) / rate > 1.5  # a whole sentence, not a click
    assert abs(audio).max() > 0.05


def test_with_read_aloud_off_there_is_nothing_to_press(client, world, sign_in):
    sign_in(client, world.patient_user)
    client.post_form("/visning/read_aloud", {"next": "/"})
    page = client.get(patient_url(world.patient, "/"))
    assert page.status_code == 200
    found = inspect(page.get_data(as_text=True))
    assert found.listen_buttons == found.read_page == found.clips == 0


def test_staff_pages_are_not_read_aloud(client, world, sign_in):
    sign_in(client, world.staff)
    for path in ("/personal/att-gora", "/personal/patienter", "/personal/inkorg"):
        found = inspect(client.get(path).get_data(as_text=True))
        assert found.listen_buttons == found.read_page == found.clips == 0, path


def test_language_choices_are_said_in_their_own_language(client):
    html = client.get("/installningar").get_data(as_text=True)
    arabic = re.search(r'<div class="card card-radio" data-clip="([^"]+)">\s*<input[^>]*value="ar"', html)
    swedish = re.search(r'<div class="card card-radio" data-clip="([^"]+)">\s*<input[^>]*value="sv"', html)
    assert arabic and swedish and arabic.group(1) != swedish.group(1)
    assert 'lang="ar"' in html
