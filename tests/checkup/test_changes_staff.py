"""Något har ändrats for staff: the inbox counts an urgent change as urgent (and Att göra lists
it); the notes page lists the notes, newest first, with a chart of changes by area per month
whose SVG holds the same numbers as the table beside it and the data; empty data says so in
words; measurements are recorded, refused in words when wrong, and drawn as lines with a table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from app.core.clock import today
from app.models import Measurement

from .change_helpers import note_change, notes, staff_url

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str, name: str) -> ET.Element:
    start = html.index(f'data-chart="{name}"')
    start = html.rindex("<svg", 0, start)
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - made by the app


def _table(html: str, name: str) -> ET.Element:
    start = html.index(f'<table class="chart-table" data-chart-table="{name}"')
    end = html.index("</table>", start) + len("</table>")
    return ET.fromstring(html[start:end])  # noqa: S314 - made by the app


def _sent(make_client, sign_in, world, *changes):
    patient = make_client()
    sign_in(patient, world.patient_user)
    for area, since in changes:
        assert note_change(patient, world.patient, area=area, since=since).status_code == 302


def test_an_urgent_change_is_urgent_in_the_inbox_and_on_att_gora(client, world, sign_in, make_client):
    _sent(make_client, sign_in, world, ("sleep", "week"), ("fall", "today"))
    sign_in(client, world.staff)
    inbox = client.get("/personal/inkorg?bradskande=1").get_data(as_text=True)
    assert inbox.count('class="new-thing is-unread is-urgent"') == 1
    assert "Något har ändrats" in inbox and "Har ramlat" not in inbox.split("is-urgent")[0]
    everything = client.get("/personal/inkorg").get_data(as_text=True)
    assert everything.count("new-thing is-unread") == 2
    # Urgent first.
    assert everything.index("is-urgent") < everything.index('class="new-thing is-unread"')
    todo = client.get("/personal/att-gora").get_data(as_text=True)
    assert "Något har ändrats, " + world.patient.name in todo


def test_staff_answer_in_the_conversation(client, world, sign_in, make_client, query):
    _sent(make_client, sign_in, world, ("fall", "today"))
    [note] = notes(query, world.patient)
    sign_in(client, world.staff)
    from app.models import Conversation

    conversation = query(lambda s: s.get(Conversation, note.conversation_id))
    url = f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Något har ändrats, från" in page and "Brådskande." in page
    answered = client.post_form(url, {"text": "Vi ringer dig i dag.", "language": "sv", "template": ""})
    assert answered.status_code == 302


def test_the_chart_matches_the_table_and_the_data(client, world, sign_in, make_client, query):
    _sent(make_client, sign_in, world, ("sleep", "week"), ("sleep", "days"), ("fall", "today"))
    sign_in(client, world.staff)
    page = client.get(staff_url(world.patient))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    svg = _svg(html, "andringar")
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    drawn = {
        (group.get("data-category"), rect.get("data-series")): int(rect.get("data-value"))
        for group in svg.iter(f"{SVG}g")
        for rect in group.iter(f"{SVG}rect")
        if rect.get("data-series")
    }
    month = today().strftime("%Y-%m")
    assert drawn == {(month, "sleep"): 2, (month, "fall"): 1}
    # Each bar's parts use a pattern, not only a colour.
    assert all(r.get("fill", "").startswith("url(#") for r in svg.iter(f"{SVG}rect") if r.get("data-series"))
    table = _table(html, "andringar")
    rows = table.findall("./tbody/tr")
    assert len(rows) == 12 and rows[-1].get("data-category") == month
    tabled = {
        (row.get("data-category"), cell.get("data-series")): int(cell.text)
        for row in rows
        for cell in row.findall("td")
        if cell.get("data-series") and int(cell.text)
    }
    assert tabled == drawn
    assert rows[-1].find("td[@data-total]").text == "3"
    # The data: the notes themselves.
    counted: dict = {}
    for note in notes(query, world.patient):
        counted[(month, note.area)] = counted.get((month, note.area), 0) + 1
    assert counted == drawn


def test_no_changes_says_so_in_words(client, world, sign_in):
    sign_in(client, world.staff)
    html = client.get(staff_url(world.patient)).get_data(as_text=True)
    assert "Inga ändringar de senaste 12 månaderna" in html and 'data-chart="andringar"' not in html
    measured = client.get(staff_url(world.patient, "matvarden")).get_data(as_text=True)
    assert "Ingen vikt är sparad än" in measured and "Inget blodtryck är sparat än" in measured


def test_measurements_are_recorded_and_drawn(client, world, sign_in, query, events):
    sign_in(client, world.staff)
    url = staff_url(world.patient, "matvarden")
    days = [today() - timedelta(days=n) for n in (400, 200, 3)]
    for day, kg, sys_, dia in zip(
        days, ("72,5", "74", "73.4"), ("130", "125", "140"), ("85", "80", "90"), strict=True
    ):
        saved = client.post_form(
            url, {"measured_on": day.isoformat(), "weight": kg, "systolic": sys_, "diastolic": dia}
        )
        assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    rows = query(lambda s: s.query(Measurement).filter_by(patient_id=world.patient.id).all())
    assert len(rows) == 6
    html = client.get(url).get_data(as_text=True)
    for name, series in (("vikt", ["weight_kg"]), ("blodtryck", ["bp_systolic", "bp_diastolic"])):
        svg = _svg(html, name)
        drawn = {
            (g.get("data-series"), mark.get("data-date")): mark.get("data-value")
            for g in svg.iter(f"{SVG}g")
            for mark in g
            if mark.get("data-date")
        }
        table = _table(html, name)
        tabled = {
            (cell.get("data-series"), row.get("data-date")): cell.text
            for row in table.findall("./tbody/tr")
            for cell in row.findall("td")
        }
        assert drawn == tabled and {key[0] for key in drawn} == set(series)
        assert len(drawn) == 3 * len(series)
    assert ("weight_kg", days[0].isoformat()) in {
        (g.get("data-series"), m.get("data-date")) for g in _svg(html, "vikt").iter(f"{SVG}g") for m in g
    }
    values = {
        m.get("data-value") for g in _svg(html, "vikt").iter(f"{SVG}g") for m in g if m.get("data-value")
    }
    assert values == {"72.5", "74", "73.4"}
    logged = {(e[2], e[3]) for e in events(user_id=world.staff.id)}
    assert ("create", "measurement") in logged and ("read", "changes_staff.measurements") in logged


def test_bad_measurements_are_refused_in_words(client, world, sign_in, query):
    sign_in(client, world.staff)
    url = staff_url(world.patient, "matvarden")
    tomorrow = (today() + timedelta(days=1)).isoformat()
    cases = [
        ({"measured_on": tomorrow, "weight": "70"}, "Dagen har inte kommit än"),
        ({"measured_on": "2026-13-40", "weight": "70"}, "Skriv datumet som år-månad-dag"),
        ({"measured_on": today().isoformat(), "weight": "900"}, "mellan 2 och 400 kilo"),
        ({"measured_on": today().isoformat(), "weight": "NaN"}, "Skriv vikten som en siffra"),
        ({"measured_on": today().isoformat(), "weight": "sjuttio"}, "Skriv vikten som en siffra"),
        ({"measured_on": today().isoformat(), "systolic": "120"}, "Skriv både det övre och det nedre"),
        ({"measured_on": today().isoformat(), "systolic": "80", "diastolic": "120"}, "högre än det nedre"),
        ({"measured_on": today().isoformat(), "systolic": "400", "diastolic": "80"}, "mellan 50 och 300"),
        ({"measured_on": today().isoformat()}, "Skriv en vikt eller ett blodtryck"),
        ({"measured_on": "", "weight": "70"}, "Skriv datumet"),
    ]
    for data, words in cases:
        response = client.post_form(url, data)
        assert response.status_code == 200, data
        assert words in response.get_data(as_text=True), (data, words)
    assert query(lambda s: s.query(Measurement).count()) == 0
