"""Ansök om SMO in easy Swedish and read aloud: every step (asked of the person and of someone
who applies for them), Kontrollera, the sent page and the paper, measured as the crawl measures
the pages it finds (tests/test_easy_read.py, tests/test_read_aloud.py). Only the first step is
reached by a link; the others come after a post, so they are walked here."""

from __future__ import annotations

import pytest

from tests.apply.test_apply import _answer
from tests.test_easy_read import easy_problems
from tests.test_read_aloud import hearing_problems

pytestmark = pytest.mark.one_database  # see pyproject.toml


def _walk(client, who: str, clinic: str) -> dict[str, str]:
    """Answer every step as `who`, keeping each page as it is shown; then Kontrollera."""
    steps = [
        ("vem", {"who": who}),
        ("namn", {"name": "Erik Holm"}),
        ("personnummer", {"personnummer": "19121212-1212"}),
        ("bostad", {"home": "", "address": "Storgatan 1"}),
        ("vardcentral", {"clinic": clinic}),
        ("kontakt", {"applicant": "Birgitta Svensson", "organisation": "Solgläntan", "phone": "0701234567"}),
        ("varfor", {"reasons": ["prata"], "text": "Han blir rädd."}),
        ("stod", {"needs": ["pictures"]}),
        ("samtycke", {"consent": "ja"} if who == "sjalv" else {"grounds": "vill"}),
    ]
    pages = {}
    for key, data in steps:
        response = client.get(f"/ansok/{key}")
        assert response.status_code == 200, key
        pages[f"/ansok/{key} ({who})"] = response.get_data(as_text=True)
        assert _answer(client, key, data).status_code == 302, key
    for path in ("/ansok/kontrollera", "/ansok/utskrift", "/ansok/"):
        response = client.get(path)
        assert response.status_code == 200, path
        pages[f"{path} ({who})"] = response.get_data(as_text=True)
    # A step with its errors says them in easy words too.
    pages[f"/ansok/kontakt with errors ({who})"] = _answer(
        client, "kontakt", {"applicant": "", "phone": "", "email": "x"}
    ).get_data(as_text=True)
    assert client.post_form("/ansok/kontrollera", {"website": ""}).status_code == 302
    pages[f"/ansok/skickat ({who})"] = client.get("/ansok/skickat").get_data(as_text=True)
    return pages


@pytest.mark.parametrize("who", ["sjalv", "boende"])
def test_every_step_is_easy_to_read(make_client, world, who):
    client = make_client()
    assert client.post_form("/visning/easy_read", {"next": "/"}).status_code == 302
    problems = easy_problems(_walk(client, who, world.clinic.public_id))
    assert not problems, "Too hard to read in easy Swedish:\n" + "\n".join(problems)


@pytest.mark.parametrize("who", ["sjalv", "anhorig"])
def test_every_step_can_be_heard(make_client, world, who):
    problems = hearing_problems(_walk(make_client(), who, world.clinic.public_id))
    assert not problems, "\n".join(problems)
