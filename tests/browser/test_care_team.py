"""The care team's day in a real browser: Dagens besök with five visits, each with a sent
preparation and the patient's needs, read at a desk (1366x768) and on a tablet (1024x768), and
printed on A4: one compact block per visit, five visits on at most two pages, none split."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import fresh_server, pdf_pages, sign_in

pytestmark = pytest.mark.browser

# Four more visits today at Kumla (the demo has Lina's at 14:00), each prepared and sent, with
# long own words, so that the paper holds five full blocks.
FIVE_TODAY = """
from datetime import datetime, time, timedelta
from sqlalchemy import select
from app.core.clock import CLINIC_ZONE
from app.extensions import db
from app.models import ChangeKind, Patient, Preparation, PreparationStatus, StaffMember
from app.models import Visit, VisitChange, VisitType, utcnow
today = datetime.now(CLINIC_ZONE).date()
lina = db.session.scalar(select(Patient).where(Patient.name == "Lina Karlsson"))
here = select(Patient).where(Patient.clinic_id == lina.clinic_id, Patient.id != lina.id)
kumla = list(db.session.scalars(here))
kind = db.session.scalar(
    select(VisitType).where(VisitType.clinic_id == lina.clinic_id, VisitType.name == "Läkarbesök")
)
doctor = db.session.scalars(select(StaffMember).where(StaffMember.clinic_id == lina.clinic_id)).first()
answers = {
    "varfor": {
        "choices": ["pain", "medicine", "ill"],
        "text": "Magen har gjort ont i flera veckor, mest efter maten och på natten.",
    },
    "ont": {"choice": "yes"},
    "var": {"choices": ["stomach", "ear"], "text": "Mest efter maten."},
    "hur": {"choice": "4"},
    "sedan": {"choice": "week"},
    "kansla": {"choices": ["afraid", "tired"], "text": "Sover dåligt."},
    "fragor": {"choices": ["what_wrong", "medicine", "come_back"], "text": "Kan jag äta som vanligt?"},
    "vem": {"choices": ["god_man", "group_home"], "text": "Birgitta och Jonas"},
    "hjalp": {"choices": ["quiet_room", "read_aloud"], "text": "Ett glas vatten."},
    "beratta": {"text": "Han har varit ledsen och trött i två veckor och äter mindre än vanligt."},
}
for n in range(4):
    patient = kumla[n % len(kumla)]
    starts = datetime.combine(today, time(8 + n, 15), CLINIC_ZONE)
    visit = Visit(patient_id=patient.id, clinic_id=patient.clinic_id, visit_type=kind, starts_at=starts,
                  minutes=kind.minutes, staff=[doctor], room=f"Rum {n + 1}")
    db.session.add(visit)
    db.session.add(VisitChange(visit=visit, kind=ChangeKind.BOOKED))
    db.session.flush()
    db.session.add(Preparation(patient_id=patient.id, visit_id=visit.id, answers=answers,
                               status=PreparationStatus.SUBMITTED, submitted_at=utcnow(),
                               submitted_acting_as="patient", submitted_by_id=patient.user_id))
db.session.commit()
"""


@pytest.fixture(scope="module")
def team_server(demo_database, speech_cache):
    with fresh_server(demo_database, speech_cache, workers=1, prepare=FIVE_TODAY) as server:
        yield server


def test_dagens_besok_reads_at_a_glance_and_prints_five_visits_on_two_pages(
    team_server, browser, shots, tmp_path
):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    page = context.new_page()
    try:
        sign_in(page, team_server.url, "anna.lindqvist@exempel.se", team_server.outbox)
        page.goto(f"{team_server.url}/personal/besok")
        blocks = page.locator(".overviews .overview")
        assert blocks.count() == 5
        first = blocks.first.inner_text()
        assert first.index("Varför") < first.index("Måste veta") < first.index("Vill fråga")
        page.screenshot(path=str(shots / "care-team-dagens-besok-1366x768.png"), full_page=True)

        # One visit's page: the overview fits the first screen at a desk.
        blocks.first.get_by_role("link").first.click()
        page.wait_for_load_state("load")
        box = page.locator(".overview").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768, "the overview needs scrolling"
        page.screenshot(path=str(shots / "care-team-visit-overview-1366x768.png"))
        page.set_viewport_size({"width": 1024, "height": 768})
        page.screenshot(path=str(shots / "care-team-visit-overview-1024x768.png"), full_page=True)

        page.goto(f"{team_server.url}/personal/besok")
        page.get_by_role("link", name="Skriv ut").click()
        page.wait_for_load_state("load")
        assert page.locator(".overview-sheet .overview").count() == 5
        page.emulate_media(media="print")
        page.screenshot(path=str(shots / "care-team-dagens-besok-print-media-1024x768.png"), full_page=True)
        pdf = tmp_path / "dagens-besok.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf_pages(pdf) <= 2, "five visits do not fit on two A4 pages"
        printed = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert printed.count("Varför") == 5 and "Skriv ut" not in printed
    finally:
        context.close()
