"""Staff write Efter besöket through the real pages: a draft (empty or from a ready summary),
rows of next steps and medicines that keep their keys, the languages page, sending, a
correction with what changed, and the history with every version."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.aftervisit import content as shape
from app.core.clock import today
from app.models import AccessEvent, AfterVisit, AfterVisitVersion, MailNotice

from .staff_helpers import base_form, edit_url, summary_of, summary_url


def test_an_empty_visit_offers_writing_and_a_get_changes_nothing(staff_client, world, past, query):
    page = staff_client.get(summary_url(world, past.visit))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Inget är skrivet än" in html and "Skriv efter besöket" in html
    edit = staff_client.get(edit_url(world, past.visit)).get_data(as_text=True)
    assert "Börja från en färdig sammanfattning" in edit
    assert "Hälsokontroll där allt ser bra ut" in edit
    assert 'name="step_0_kind"' in edit and 'name="step_1_kind"' not in edit  # one empty row
    assert summary_of(query, past.visit) is None


def test_draft_send_correct_with_why_and_the_history(staff_client, world, past, query):
    day = today() + timedelta(days=7)
    data = base_form(day)
    saved = staff_client.post_form(edit_url(world, past.visit), data)
    assert saved.status_code == 302 and saved.location.endswith(summary_url(world, past.visit))
    summary = summary_of(query, past.visit)
    assert summary.version == 0
    document = shape.clean(summary.content)
    assert document["did"] == ["talk", "blood_test"]
    assert document["found"] == {"sv": "Blodtrycket är bra."}
    assert [s["kind"] for s in document["steps"]] == ["blood_test"]
    assert document["steps"][0]["on"] == day.isoformat()
    assert document["medicines"][0]["times"] == ["morning", "evening"]
    key = document["steps"][0]["key"]
    page = staff_client.get(summary_url(world, past.visit)).get_data(as_text=True)
    assert "Utkast" in page and "Skicka till patienten" in page

    sent = staff_client.post_form(summary_url(world, past.visit) + "/skicka", {})
    assert sent.status_code == 302
    assert query(lambda s: s.scalar(select(AfterVisit.version))) == 1
    assert query(lambda s: s.scalar(select(MailNotice).where(MailNotice.reason == "after_visit"))) is not None
    page = staff_client.get(summary_url(world, past.visit)).get_data(as_text=True)
    assert "Skickat" in page and "Det här ser patienten" in page and "Skicka rättelsen" not in page

    # A correction: the key of the kept step stays, the patient still sees version 1 meanwhile.
    data.update({"step_0_key": key, "step_0_text": "Kom fastande. Ät inget på morgonen."})
    staff_client.post_form(edit_url(world, past.visit), data)
    summary = summary_of(query, past.visit)
    assert shape.clean(summary.content)["steps"][0]["key"] == key
    page = staff_client.get(summary_url(world, past.visit)).get_data(as_text=True)
    assert "Rättelse inte skickad än" in page and "Vad har du ändrat?" in page
    refused = staff_client.post_form(summary_url(world, past.visit) + "/skicka", {"why": ""})
    assert refused.status_code == 200
    assert "Fel:" in refused.get_data(as_text=True).split("</title>")[0]
    assert "Skriv vad du har ändrat" in refused.get_data(as_text=True)
    assert query(lambda s: s.scalar(select(AfterVisit.version))) == 1
    corrected = staff_client.post_form(
        summary_url(world, past.visit) + "/skicka", {"why": "Du ska komma fastande."}
    )
    assert corrected.status_code == 302
    versions = query(lambda s: s.scalars(select(AfterVisitVersion).order_by(AfterVisitVersion.number)).all())
    assert [v.number for v in versions] == [1, 2] and versions[1].why == {"sv": "Du ska komma fastande."}

    history = staff_client.get(summary_url(world, past.visit) + "/historik").get_data(as_text=True)
    assert "Version 2" in history and "Version 1" in history and "Du ska komma fastande." in history
    assert "Fastande" in history and "Kom fastande. Ät inget på morgonen." in history  # both stay readable
    assert query(lambda s: s.scalar(select(AccessEvent).where(AccessEvent.object_type == "after_visit.send")))


def test_add_a_step_saves_and_shows_another_empty_row(staff_client, world, past, query):
    data = base_form(today() + timedelta(days=3))
    data["go"] = "add_step"
    response = staff_client.post_form(edit_url(world, past.visit), data)
    assert response.status_code == 302 and "steg=" in response.location
    page = staff_client.get(response.location).get_data(as_text=True)
    assert 'name="step_1_kind"' in page and 'name="step_2_kind"' not in page
    assert len(shape.clean(summary_of(query, past.visit).content)["steps"]) == 1


def test_a_ready_summary_fills_swedish_english_and_arabic(staff_client, world, past, query):
    url = edit_url(world, past.visit)
    assert staff_client.post_form(url, {"go": "ready", "ready": "vaccine"}).status_code == 302
    document = shape.clean(summary_of(query, past.visit).content)
    assert document["did"] == ["talk", "vaccination"]
    found = document["found"]
    assert found["sv"] == "Du fick ett vaccin. Det skyddar dig mot en sjukdom."
    assert found["en"] and found["en"] != found["sv"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in found["ar"])
    assert set(document["calls"]) == {"clinic", "112"}
    # Only while the summary is empty: it never replaces what was written.
    again = staff_client.post_form(url, {"go": "ready", "ready": "checkup_fine", "did": ["talk"]})
    assert again.status_code == 200 and "Det finns redan text" in again.get_data(as_text=True)
    assert shape.clean(summary_of(query, past.visit).content)["did"] == ["talk", "vaccination"]
    edit = staff_client.get(edit_url(world, past.visit)).get_data(as_text=True)
    assert "Börja från en färdig sammanfattning" not in edit
    page = staff_client.get(summary_url(world, past.visit)).get_data(as_text=True)
    assert "Du fick ett vaccin." in page and "finns även på engelska, arabiska" in page


def test_the_languages_page_writes_english_and_arabic(staff_client, world, past, query):
    staff_client.post_form(edit_url(world, past.visit), base_form(today() + timedelta(days=3)))
    url = summary_url(world, past.visit) + "/sprak"
    page = staff_client.get(url).get_data(as_text=True)
    assert "Blodtrycket är bra." in page and 'name="found-en"' in page and 'name="found-ar"' in page
    wrong = staff_client.post_form(url, {"found-en": "Blood pressure is fine.", "found-ar": "Blood"})
    assert wrong.status_code == 200 and "arabiska bokstäver" in wrong.get_data(as_text=True)
    assert "Blood pressure is fine." in wrong.get_data(as_text=True)  # what was typed is kept
    assert "en" not in shape.clean(summary_of(query, past.visit).content)["found"]
    ok = staff_client.post_form(url, {"found-en": "Blood pressure is fine.", "found-ar": "ضغط الدم جيد."})
    assert ok.status_code == 302
    found = shape.clean(summary_of(query, past.visit).content)["found"]
    assert found == {"sv": "Blodtrycket är bra.", "en": "Blood pressure is fine.", "ar": "ضغط الدم جيد."}
    # Saving the Swedish page again keeps them.
    staff_client.post_form(edit_url(world, past.visit), base_form(today() + timedelta(days=3)))
    assert shape.clean(summary_of(query, past.visit).content)["found"]["ar"] == "ضغط الدم جيد."
    # A changed Swedish text loses its English and Arabic: they would say the old thing.
    changed = staff_client.post_form(
        edit_url(world, past.visit),
        {**base_form(today() + timedelta(days=3)), "found": "Blodtrycket är högt."},
    )
    assert "Skriv dem igen" in staff_client.get(changed.location).get_data(as_text=True)
    assert shape.clean(summary_of(query, past.visit).content)["found"] == {"sv": "Blodtrycket är högt."}


def test_a_ready_summary_never_replaces_what_was_typed(staff_client, world, past, query):
    typed = {"go": "ready", "ready": "vaccine", "found": "Det här har jag skrivit."}
    page = staff_client.post_form(edit_url(world, past.visit), typed)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Det finns redan text" in html and "Det här har jag skrivit." in html
    assert summary_of(query, past.visit) is None
