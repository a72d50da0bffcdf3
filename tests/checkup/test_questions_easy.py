"""The questions before the health check are easy to read and can be heard: every page of them,
in easy Swedish, under LIX 25 (30 for a longer block), every text and every card with its clip,
for the patient and a helper; and in easy Arabic by its own measure."""

from __future__ import annotations

import pytest

from app.models import Patient
from app.readability import easy_arabic_problems, visible_text
from tests.fixtures.factories import personnummer
from tests.support.crawl import body, crawl
from tests.test_easy_read import _easy_on, easy_problems
from tests.test_read_aloud import hearing_problems

from .question_helpers import add_sent, make_round, page_url, revision_of

pytestmark = pytest.mark.one_database


def _pages(client, world, query, check):
    """Every page of the questions: the start, each question, Kontrollera, the answers sent."""
    client.post_form(page_url(world.patient, "starta"), {"who": "together"})
    client.post_form(
        page_url(world.patient, "fraga/ont"), {"revision": revision_of(query, check), "choice": "2"}
    )
    pages = crawl(client, [page_url(world.patient)], limit=60)
    from app.checkup.questions import QUESTIONS

    for question in QUESTIONS:
        path = page_url(world.patient, f"fraga/{question.key}")
        response = client.get(path)
        if response.status_code == 200:
            pages[path] = response.get_data(as_text=True)
    pages[page_url(world.patient, "kontrollera")] = client.get(
        page_url(world.patient, "kontrollera")
    ).get_data(as_text=True)
    pages[page_url(world.patient, "skickat")] = client.get(page_url(world.patient, "skickat")).get_data(
        as_text=True
    )
    return {path: html for path, html in pages.items() if "/halsokontroll/fragor" in path}


def _a_woman(query, world) -> None:
    """Maja's personnummer says woman, so the questions only women are asked are measured too."""
    number = personnummer("19800101", "002")
    query(lambda s: (setattr(s.get(Patient, world.patient.id), "personnummer", number), s.commit()))
    world.patient.personnummer = number


def test_the_questions_are_easy_swedish_and_heard(client, world, sign_in, query, make_client):
    _a_woman(query, world)
    check = make_round(query, world.patient)
    sign_in(client, world.patient_user)
    _easy_on(client)
    home = client.get(page_url(world.patient).replace("/halsokontroll/fragor/", "/")).get_data(as_text=True)
    assert "Frågor före hälsokontrollen" in home
    pages = _pages(client, world, query, check)
    assert page_url(world.patient, "fraga/mammografi_brev") in pages and len(pages) >= 20
    problems = easy_problems(pages) + hearing_problems(pages)
    assert not problems, "\n".join(problems)
    helper = make_client()
    sign_in(helper, world.god_man)
    _easy_on(helper)
    helper_pages = _pages(helper, world, query, check)
    problems = easy_problems(helper_pages) + hearing_problems(helper_pages)
    assert not problems, "\n".join(problems)


def test_the_answers_sent_in_easy_arabic(client, world, sign_in, query):
    _a_woman(query, world)
    check = make_round(query, world.patient)
    add_sent(query, check, world.patient_user, {"sova": {"choice": "much"}, "vikt": {"choice": "down"}})
    sign_in(client, world.patient_user)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    _easy_on(client)
    problems = []
    for path in (page_url(world.patient, "skickat"), page_url(world.patient, "fraga/sova")):
        client.post_form(page_url(world.patient, "andra"), {"revision": revision_of(query, check)})
        html = client.get(path).get_data(as_text=True)
        assert 'dir="rtl"' in html
        for block in visible_text(body(html)).split("\n"):
            if any("\u0600" <= ch <= "\u06ff" for ch in block):
                problems.extend(f"{path}: {p}: {block}" for p in easy_arabic_problems(block))
    assert not problems, "\n".join(problems)
