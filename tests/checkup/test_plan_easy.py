"""Min hälsoplan's patient pages are easy to read: LIX under 25 for each page in easy Swedish
(under 30 for any longer block), easy Arabic by its own measure, right to left in Arabic, and the
staff's Swedish words marked as Swedish there."""

from __future__ import annotations

import pytest

from app.readability import easy_arabic_problems, visible_text
from tests.support.crawl import body, crawl
from tests.test_easy_read import _easy_on, easy_problems

from .plan_helpers import page_url

pytestmark = pytest.mark.one_database


def test_the_plan_pages_are_easy_swedish(client, world, sent_plan, sign_in, make_client):
    sent_plan(world.patient, world.staff)
    sent_plan(world.patient, world.staff, revision=1, goal_0_goal="Jag vill äta mer frukt.")
    sign_in(client, world.patient_user)
    _easy_on(client)
    pages = crawl(client, [page_url(world.patient).replace("/halsoplan/", "/")])
    assert {
        page_url(world.patient),
        page_url(world.patient, "utskrift"),
        page_url(world.patient, "tidigare"),
    } <= set(pages)
    assert any("/halsoplan/tidigare/" in path and path.endswith("/1") for path in pages)
    problems = easy_problems({path: html for path, html in pages.items() if "/halsoplan" in path})
    assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


def test_the_plan_in_easy_arabic(client, world, sent_plan, sign_in):
    sent_plan(world.patient, world.staff)
    sign_in(client, world.patient_user)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    _easy_on(client)
    html = client.get(page_url(world.patient)).get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert 'lang="sv"' in html  # the goals staff wrote in Swedish
    assert "بعض النص موجود بالسويدية فقط." in html
    problems = []
    for path in (page_url(world.patient), page_url(world.patient, "utskrift")):
        text = visible_text(body(client.get(path).get_data(as_text=True)))
        for block in text.split("\n"):
            if any("\u0600" <= ch <= "\u06ff" for ch in block):
                problems.extend(f"{path}: {p}: {block}" for p in easy_arabic_problems(block))
    assert not problems, "\n".join(problems)
