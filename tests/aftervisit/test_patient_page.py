"""Efter besöket on the patient's side: the page, its parts in order, the next steps with who and
when, the medicine table, Hem and Mina besök, the read marks, and the easy words (LIX)."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models import AfterVisitRead
from app.readability import lix, visible_text
from tests.support.people import patient_url, set_reader


def _page(world, summary_id: str, rest: str = "") -> str:
    return patient_url(world.patient, f"/efter-besoket/{summary_id}{rest}")


def test_the_patient_reads_every_part_in_order(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    response = client.get(_page(world, sent.id))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    titles = [
        "Det här gjorde vi",
        "Det här kom vi fram till",
        "Det här händer nu",
        "Mina mediciner",
        "Hör av dig om",
    ]
    places = [html.index(f">{title}</h2>") for title in titles]
    assert places == sorted(places)
    # Who does each step, for the patient: "Du", the group home, the clinic (which ticks its own).
    assert "<strong>Du</strong>" in html
    assert "Boendet eller den som hjälper dig" in html
    assert "Vårdcentralen gör det." in html
    assert "En remiss är ett brev" in html
    # The medicine table: a real table with a header per time of day and a mark in every cell.
    table = re.search(r'<table class="av-medicines">.*?</table>', html, re.S).group(0)
    assert table.count('scope="col"') == 5 and table.count('scope="row"') == 1
    assert table.count('class="av-cell ') == 4 and table.count(">Ja<") == 1 and table.count(">Nej<") == 3
    assert 'href="tel:112"' in html
    # Opening it is a read mark at the version sent.
    row = query(lambda s: s.scalar(select(AfterVisitRead)))
    assert row.version == 1 and row.understood_at is None


def test_the_page_is_easy_swedish(client, world, past, send_summary, sign_in, query):
    set_reader(query, world.patient_user, "sv", easy=True)
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    html = client.get(_page(world, sent.id)).get_data(as_text=True)
    text = visible_text(html)
    assert lix(text) < 25, (lix(text), text)
