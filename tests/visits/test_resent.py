"""A preparation sent again (issue 18, point 7): staff see what changed against the last sending,
in words, with who sent each, on the visit page and the preparation page."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Preparation
from app.visits.resent import SENT_BEFORE
from tests.staff.conftest import text
from tests.support.people import patient_url

from .test_wizard import answer, quick_hands, send, start  # noqa: F401 (quick_hands: autouse)


def _section(html: str) -> str:
    return html.split('<section class="resent"', 1)[1].split("</section>", 1)[0]


def _prep(query) -> Preparation:
    return query(lambda s: s.scalars(select(Preparation)).one())


def _patient_sends(make_client, sign_in, world, visits) -> str:
    """Maja sends: a health check and her medicines, with a text. Returns the first step's path."""
    patient = make_client()
    sign_in(patient, world.patient_user)
    first = start(patient, world.patient, visits.visit.public_id)
    answer(patient, first, {"choices": ["check", "medicine"], "text": "Kontroll av blodtrycket"})
    assert send(patient, first.replace("/steg/varfor", "/kontrollera")).status_code == 302
    return first


def test_a_helpers_new_sending_shows_staff_what_changed_and_who_sent_each(
    client, make_client, world, visits, sign_in, act_for, query
):
    first = _patient_sends(make_client, sign_in, world, visits)
    # The god man opens it again, takes "Mina mediciner" away, adds a vaccination, rewrites the text.
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    assert client.post_form(first.replace("/steg/varfor", "/andra"), {}).status_code == 302
    kept = _prep(query).answers[SENT_BEFORE]
    assert kept["answers"]["varfor"]["choices"] == ["check", "medicine"]
    assert kept["acting_as"] == "patient" and kept["by_id"] == world.patient_user.id
    review = first.replace("/steg/varfor", "/kontrollera")
    assert "Kontroll av blodtrycket" in text(client.get(review))  # the wizard reads on as before
    answer(
        client, first, {"choices": ["check", "vaccination"], "text": "Blodtryck och vaccin"}, go="kontrollera"
    )
    assert send(client, review).status_code == 302
    prep = _prep(query)
    assert prep.submitted and prep.read_at is None and prep.submitted_acting_as == "representative"

    staff = make_client()
    sign_in(staff, world.staff)
    pages = (
        f"/personal/patienter/{world.patient.public_id}/besok/{visits.visit.public_id}",
        f"/personal/patienter/{world.patient.public_id}/forberedelser/{prep.public_id}",
    )
    for page in pages:
        html = text(staff.get(page))
        # Who sent it now, as before this change, and who sent it the time before.
        assert (
            'av Birgitta Svensson <span class="note">(god man)</span>.'
            in html.split('<section class="resent"', 1)[0]
        )
        section = _section(html)
        assert "Ändrat sedan förra gången" in section
        assert "Förra gången skickad" in section and "av Maja Andersson." in section
        assert "Varför ska Maja komma?" in section
        assert "<br>Lade till: Vaccin<br>Tog bort: Mina mediciner<br>" in section
        assert "Hälsokontroll" not in section  # kept: not a change
        assert 'Texten förut: <span class="pre-line" dir="auto">Kontroll av blodtrycket</span>' in section
        assert 'Texten nu: <span class="pre-line" dir="auto">Blodtryck och vaccin</span>' in section


def test_sent_once_shows_no_changes_and_sent_again_unchanged_says_so(
    client, make_client, world, visits, sign_in, query
):
    first = _patient_sends(make_client, sign_in, world, visits)
    staff = make_client()
    sign_in(staff, world.staff)
    visit_page = f"/personal/patienter/{world.patient.public_id}/besok/{visits.visit.public_id}"
    assert 'class="resent"' not in text(staff.get(visit_page))

    sign_in(client, world.patient_user)
    assert client.post_form(first.replace("/steg/varfor", "/andra"), {}).status_code == 302
    # Opened again but not sent: staff see no preparation answers, nor changes.
    assert 'class="resent"' not in text(staff.get(visit_page))
    assert send(client, first.replace("/steg/varfor", "/kontrollera")).status_code == 302
    section = _section(text(staff.get(visit_page)))
    assert "Samma svar som förra gången." in section and "Lade till" not in section
    # The patient's own pages do not show the kept copy.
    sent = text(client.get(first.replace("/steg/varfor", "/skickat")))
    assert "Ändrat sedan" not in sent and SENT_BEFORE not in sent
    assert client.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")).status_code == 200
