"""The body map's places: each where the catalogue says (the stylesheet's spots and the small
figures are checked against the same coordinates), and each chosen place shown with its own small
figure, that place marked, on Kontrollera, the sent page, the print and the staff's view."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from app import bodymap
from app.bodymap import BODY_PARTS
from app.pictograms import pictogram
from tests.support.pages import drawn_in_place
from tests.visits.test_wizard import answer, quick_hands, send, start  # noqa: F401 (a fixture)

CSS = Path(__file__).resolve().parents[2] / "app" / "static" / "lotsen.css"
SVG = "{http://www.w3.org/2000/svg}"


def mark(part) -> str:
    """The red dot of a part's small figure, as it appears in the page."""
    return f'<circle cx="{part.x:g}" cy="{part.y:g}" r="15" fill="#c62828"/>'


def test_every_spot_on_the_map_is_where_the_catalogue_says():
    css = CSS.read_text(encoding="utf-8")
    for part in BODY_PARTS:
        spot = part.value.replace("_", "-")
        rule = re.search(rf"\.spot-{spot} \{{ left: ([\d.]+)%; top: ([\d.]+)%; \}}", css)
        assert rule, part.value
        assert (float(rule[1]), float(rule[2])) == bodymap.spot_position(part), part.value
        assert 0 < part.x < bodymap.WIDTH and 0 < part.y < bodymap.HEIGHT


def test_each_part_has_its_own_small_figure_with_that_part_marked(app):
    figures = bodymap.small_figures()
    assert len(figures) == len(BODY_PARTS)
    assert len({svg for _part, svg in figures.values()}) == len(BODY_PARTS)  # none the same
    for pictogram_id, (part, svg) in figures.items():
        root = ET.fromstring(svg)  # noqa: S314 - made by the app
        assert root.get("viewBox") == "0 0 64 64", pictogram_id
        assert not [el for el in root.iter() if el.get("id") is not None]
        dots = [el for el in root.iter(f"{SVG}circle") if el.get("fill") == "#c62828"]
        assert [(float(d.get("cx")), float(d.get("cy"))) for d in dots] == [(part.x, part.y)]
        # The back's parts on the figure seen from behind (its spine), the front's from the front.
        assert ('d="M60 48v60"' in svg) == (part.side == "back"), pictogram_id
    with app.test_request_context():
        drawn = str(pictogram("body-part-lower-back", size="md"))
        assert 'class="picto picto-md"' in drawn and mark(BODY_PARTS[14]) in drawn


def test_chosen_places_are_shown_with_their_own_figures_everywhere(
    client, make_client, world, visits, sign_in, query
):
    chosen = ["head", "stomach", "lower_back", "back_leg_left"]
    parts = [part for part in BODY_PARTS if part.value in chosen]
    others = [part for part in BODY_PARTS if part.value not in chosen]
    sign_in(client, world.patient_user)
    first = start(client, world.patient, visits.visit.public_id)
    # Each step by its own key (which steps come depends on the answers so far).
    data = {
        "varfor": {"choices": ["pain"]},
        "ont": {"choice": "yes"},
        "var": {"choices": chosen},
        "hur": {"choice": "3"},
    }
    location = first
    for _step in range(12):
        if location.endswith("/kontrollera"):
            break
        location = answer(client, location, data.get(location.rsplit("/", 1)[1], {})).location
    review = client.get(location).get_data(as_text=True)
    sent_at = send(client, location).location
    prep_id = re.search(r"/forbered/([^/]+)/", sent_at)[1]
    sent = client.get(sent_at).get_data(as_text=True)
    printed = client.get(sent_at.replace("/skickat", "/utskrift")).get_data(as_text=True)
    staff = make_client()
    sign_in(staff, world.staff)
    staff_view = staff.get(f"/personal/patienter/{world.patient.public_id}/forberedelser/{prep_id}")
    assert staff_view.status_code == 200
    for name, page in (
        ("Kontrollera", review),
        ("sent", sent),
        ("print", printed),
        ("staff", drawn_in_place(staff, staff_view.get_data(as_text=True))),
    ):
        for part in parts:
            assert page.count(mark(part)) == 1, (name, part.value)
            # Drawn a size bigger than the other answers' pictures, so the mark can be seen.
            assert re.search(rf'picto-md"[^>]*>(?:(?!</svg>).)*{re.escape(mark(part))}', page, re.S), name
            assert str(part.text) in text_of(page), (name, part.value)
        for part in others:
            assert mark(part) not in page, (name, part.value)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
