"""Bad input on the staff pages of Efter besöket: each is refused in easy words at its field,
keeps what was typed and changes nothing; ids that are not this patient's are 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.aftervisit import content as shape
from app.core.clock import today
from app.extensions import db
from app.models import AfterVisit, AfterVisitVersion

from .staff_helpers import base_form, edit_url, summary_of, summary_url


def _title(response) -> str:
    return response.get_data(as_text=True).split("</title>", 1)[0]


def _refused(response, words: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 200, response.status_code
    assert "Fel:" in _title(response), _title(response)
    assert words in html, words
    return html


def _saved_draft(staff_client, world, visit):
    assert (
        staff_client.post_form(edit_url(world, visit), base_form(today() + timedelta(days=5))).status_code
        == 302
    )


def test_sending_nothing_is_refused(staff_client, world, past, query):
    _refused(staff_client.post_form(summary_url(world, past.visit) + "/skicka", {}), "Skriv något först")
    # An empty draft too.
    staff_client.post_form(edit_url(world, past.visit), {"go": "save"})
    assert summary_of(query, past.visit) is not None
    _refused(staff_client.post_form(summary_url(world, past.visit) + "/skicka", {}), "Skriv något först")
    assert summary_of(query, past.visit).version == 0


def test_a_summary_is_sent_only_once_the_visit_has_begun(staff_client, world, make_past_visit, query):
    coming = make_past_visit(world.patient, days=2, staff_user=world.staff)
    _saved_draft(staff_client, world, coming)  # a draft may be written ahead
    _refused(staff_client.post_form(summary_url(world, coming) + "/skicka", {}), "Besöket har inte börjat än")
    assert summary_of(query, coming).version == 0


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("found", "Långt. " * 15_000, "Texten är för lång"),
        ("found", "Blod\x00trycket", "tecken som inte går att spara"),
        ("step_0_on", "2001-01-01", "Dagen har redan varit"),
        ("step_0_on", "2026-02-30", "Skriv datumet som år-månad-dag"),
        ("step_0_kind", "teleport", "Välj bland stegen i listan"),
        ("step_0_who", "grannen", "Välj vem som gör det i listan"),
        ("medicine_0_times", "tea_time", "Välj bara bland tiderna i listan"),
        ("medicine_0_name", "", "Skriv medicinens namn"),
        ("did", "juggling", "Välj bara bland det som finns i listan"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_what_was_typed_stays(
    staff_client, world, past, query, field, value, words
):
    _saved_draft(staff_client, world, past.visit)
    before = summary_of(query, past.visit).content
    data = base_form(today() + timedelta(days=5))
    data["found"] = "Det här ska inte försvinna."
    data[field] = value
    html = _refused(staff_client.post_form(edit_url(world, past.visit), data), words)
    assert summary_of(query, past.visit).content == before
    if field != "found":
        assert "Det här ska inte försvinna." in html  # nothing typed is lost
    assert 'value="Alvedon"' in html or field == "medicine_0_name"


def test_a_day_in_the_past_is_refused_for_a_new_step_but_kept_for_a_sent_one(
    staff_client, world, past, query
):
    _saved_draft(staff_client, world, past.visit)
    assert staff_client.post_form(summary_url(world, past.visit) + "/skicka", {}).status_code == 302
    yesterday = (today() - timedelta(days=1)).isoformat()

    def go_by(session):  # the step's day passed since it was sent
        summary = session.scalar(select(AfterVisit))
        version = session.scalar(select(AfterVisitVersion))
        version.content = {**version.content, "steps": [{**version.content["steps"][0], "on": yesterday}]}
        summary.content = version.content
        session.commit()
        return version.content["steps"][0]["key"]

    key = query(go_by)
    data = base_form(today())
    data.update({"step_0_key": key, "step_0_on": yesterday, "found": "Blodtrycket är fint."})
    assert staff_client.post_form(edit_url(world, past.visit), data).status_code == 302
    # A new row with that day is not the sent step.
    data.update({"step_1_kind": "visit", "step_1_who": "clinic", "step_1_on": yesterday})
    _refused(staff_client.post_form(edit_url(world, past.visit), data), "Dagen har redan varit")


def test_unknown_and_repeated_row_keys_get_new_ones(staff_client, world, past, query):
    _saved_draft(staff_client, world, past.visit)
    key = shape.clean(summary_of(query, past.visit).content)["steps"][0]["key"]
    data = base_form(today() + timedelta(days=5))
    data.update(
        {
            "step_0_key": key,
            "step_1_key": key,
            "step_1_kind": "exercise",
            "step_1_who": "patient",
            "step_2_key": "<script>",
            "step_2_kind": "other",
            "step_2_who": "helper",
        }
    )
    assert staff_client.post_form(edit_url(world, past.visit), data).status_code == 302
    keys = [s["key"] for s in shape.clean(summary_of(query, past.visit).content)["steps"]]
    assert keys[0] == key and len(set(keys)) == 3 and "<script>" not in keys


def test_a_post_without_the_pages_button_or_with_a_forged_token_changes_nothing(
    staff_client, world, past, query
):
    _saved_draft(staff_client, world, past.visit)
    before = summary_of(query, past.visit).content
    data = {**base_form(today()), "found": "Annat"}
    data.pop("go")
    _refused(staff_client.post_form(edit_url(world, past.visit), data), "Det gick inte att spara")
    forged = staff_client.post(
        edit_url(world, past.visit), data={**base_form(today()), "csrf_token": "x" * 40}
    )
    assert forged.status_code == 400
    sent = staff_client.post(summary_url(world, past.visit) + "/skicka", data={"csrf_token": "forged"})
    assert sent.status_code == 400
    assert summary_of(query, past.visit).content == before and summary_of(query, past.visit).version == 0


def test_another_patients_visit_and_another_clinics_patient_are_404(
    staff_client, world, past, make_patient, make_past_visit, query
):
    other = make_patient(world.clinic, name="Olle Annan")
    their_visit = make_past_visit(other)
    wrong = f"/personal/patienter/{world.patient.public_id}/besok/{their_visit.public_id}/efter"
    for suffix in ("", "/andra", "/historik", "/sprak", "/journal"):
        assert staff_client.get(wrong + suffix).status_code == 404, suffix
    for suffix in ("/andra", "/skicka", "/steg"):
        assert staff_client.post_form(wrong + suffix, base_form(today())).status_code == 404, suffix
    far = make_patient(world.other_clinic, name="Lena Långtbort")
    far_visit = make_past_visit(far)
    assert staff_client.get(summary_url(world, far_visit, far)).status_code == 404
    assert (
        staff_client.post_form(summary_url(world, far_visit, far) + "/andra", base_form(today())).status_code
        == 404
    )
    assert staff_client.get(summary_url(world, past.visit)[:-5] + "0" * 32 + "/efter").status_code == 404
    assert query(lambda s: s.scalar(select(func.count()).select_from(AfterVisit))) == 0


def test_a_cancelled_visit_gets_no_summary(staff_client, world, make_past_visit, query):
    visit = make_past_visit(world.patient, cancelled=True)
    page = staff_client.get(summary_url(world, visit)).get_data(as_text=True)
    assert "Besöket är inställt" in page and "/efter/andra" not in page
    _refused(staff_client.get(edit_url(world, visit)), "Besöket är inställt")
    _refused(staff_client.post_form(edit_url(world, visit), base_form(today())), "Besöket är inställt")
    _refused(staff_client.post_form(edit_url(world, visit), {"go": "ready", "ready": "vaccine"}), "inställt")
    assert query(lambda s: s.scalar(select(func.count()).select_from(AfterVisit))) == 0
    visit_page = staff_client.get(f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}")
    assert "Skriv efter besöket" not in visit_page.get_data(as_text=True)


def test_a_ready_summary_that_does_not_exist_is_refused(staff_client, world, past, query):
    for chosen in ("magic", ""):
        _refused(
            staff_client.post_form(edit_url(world, past.visit), {"go": "ready", "ready": chosen}), "Välj en"
        )
    assert summary_of(query, past.visit) is None


def test_a_step_that_is_not_this_summarys_is_refused(staff_client, world, past, query):
    _saved_draft(staff_client, world, past.visit)
    staff_client.post_form(summary_url(world, past.visit) + "/skicka", {})
    for data in ({"step": "0" * 32, "done": "ja"}, {"step": "x\x00", "done": "ja"}, {"done": "kanske"}):
        _refused(staff_client.post_form(summary_url(world, past.visit) + "/steg", data), "Steget finns inte")
    with staff_client.application.app_context():
        assert db.session.scalar(select(func.count()).select_from(AfterVisitVersion)) == 1


def test_what_staff_write_is_never_markup(staff_client, world, past):
    """A medicine's name stands in the labels of the languages page (which once were lazy texts,
    and Jinja takes a lazy text for markup)."""
    payload = "<script>alert(1)</script>"
    data = {**base_form(today() + timedelta(days=3)), "medicine_0_name": payload, "found": payload}
    staff_client.post_form(edit_url(world, past.visit), data)
    for suffix in ("", "/andra", "/sprak", "/journal"):
        html = staff_client.get(summary_url(world, past.visit) + suffix).get_data(as_text=True)
        assert payload not in html, suffix
        assert "&lt;script&gt;" in html, suffix
