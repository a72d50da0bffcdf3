"""What staff see of a sent summary: who on the patient's side has opened which version, who
pressed "Jag har förstått" and "Jag har en fråga" (with a link to the conversation), the next
steps they tick done, the journal note, the links from the visit and Dagens besök; and who
may open these pages at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import select

from app.aftervisit import services
from app.core.access import decide
from app.core.clock import today
from app.core.grants import Capability
from app.extensions import db
from app.models import (
    AccessAction,
    AccessEvent,
    AfterVisit,
    AfterVisitStep,
    ContactMessage,
    Conversation,
    Patient,
    Profession,
    Role,
    Scope,
    User,
)

from .staff_helpers import base_form, edit_url, summary_url


@pytest.fixture
def sent(staff_client, world, past):
    """The summary of `past` written and sent by the world's vårdlots."""
    staff_client.post_form(edit_url(world, past.visit), base_form(today() + timedelta(days=5)))
    assert staff_client.post_form(summary_url(world, past.visit) + "/skicka", {}).status_code == 302
    return past.visit


def _as(app, user_id, patient_id, then):
    with app.test_request_context():
        user = db.session.get(User, user_id)
        login_user(user)
        grant = decide(user, db.session.get(Patient, patient_id), Capability.SEE)
        summary = db.session.scalar(select(AfterVisit))
        then(grant, summary)
        db.session.commit()


def test_read_marks_understood_and_a_question_are_shown(
    app, staff_client, world, sent, make_user, make_mandate
):
    limited = make_user(Role.REPRESENTATIVE, name="Jonas Utan Rätt")
    make_mandate(world.patient, limited, scopes={Scope.PREPARE_VISITS})
    page = staff_client.get(summary_url(world, sent)).get_data(as_text=True)
    # The patient, the god man, and the manager of Maja's group home (under the home's mandate).
    assert "Vem har läst det?" in page and page.count("Inte öppnat") == 3
    assert "Sara Nilsson (Solgläntan)" in page
    assert "Jonas Utan Rätt" in page and "ser det inte" in page  # noted, not listed as a reader

    _as(app, world.patient_user.id, world.patient.id, services.mark_opened)

    def question(grant, summary):
        conversation = Conversation(patient_id=grant.patient.id, clinic_id=grant.patient.clinic_id)
        conversation.messages = [
            ContactMessage(user_id=grant.user.id, acting_as="representative", text="Varför?")
        ]
        db.session.add(conversation)
        db.session.flush()
        services.mark_opened(grant, summary)
        services.mark_understood(grant, summary)
        services.mark_question(grant, summary, conversation)
        world.conversation_id = conversation.public_id

    _as(app, world.god_man.id, world.patient.id, question)
    page = staff_client.get(summary_url(world, sent)).get_data(as_text=True)
    assert page.count("Inte öppnat") == 1 and page.count(">Läst</span>") == 2
    link = f"/personal/patienter/{world.patient.public_id}/samtal/{world.conversation_id}"
    assert f'href="{link}"' in page and "Öppna frågan" in page

    # A correction: the readers have read an older version now.
    data = base_form(today() + timedelta(days=6))
    staff_client.post_form(edit_url(world, sent), data)
    staff_client.post_form(summary_url(world, sent) + "/skicka", {"why": "Ny dag för blodprovet."})
    page = staff_client.get(summary_url(world, sent)).get_data(as_text=True)
    assert page.count("Har läst version 1, inte den nya") == 2


def test_staff_tick_a_step_done_and_not_done(staff_client, world, sent, query):
    step = query(lambda s: s.scalar(select(AfterVisitStep)))
    url = summary_url(world, sent) + "/steg"
    assert staff_client.post_form(url, {"step": step.public_id, "done": "ja"}).status_code == 302
    assert query(lambda s: s.scalar(select(AfterVisitStep)).done_by_id) == world.staff.id
    page = staff_client.get(summary_url(world, sent)).get_data(as_text=True)
    assert "Gjort</span>" in page and f"{world.staff.name} (" in page and "bockade av" in page
    assert "Markera som inte gjort" in page
    assert staff_client.post_form(url, {"step": step.public_id, "done": "nej"}).status_code == 302
    assert query(lambda s: s.scalar(select(AfterVisitStep)).done_at) is None
    kinds = query(
        lambda s: s.scalars(
            select(AccessEvent.object_type).where(AccessEvent.action == AccessAction.UPDATE)
        ).all()
    )
    assert "after_visit.step_done" in kinds and "after_visit.step_undone" in kinds


def test_the_journal_note_is_plain_swedish_with_what_was_sent(staff_client, world, sent, query):
    step = query(lambda s: s.scalar(select(AfterVisitStep)))
    staff_client.post_form(summary_url(world, sent) + "/steg", {"step": step.public_id, "done": "ja"})
    staff_client.post_form(summary_url(world, sent) + "/sprak", {"found-en": "Fine.", "found-ar": "جيد."})
    staff_client.set_cookie("lotsen_reading", "l-en")
    staff_client.post_form("/sprak", {"language": "en", "next": "/"})
    page = staff_client.get(summary_url(world, sent) + "/journal").get_data(as_text=True)
    text = page.split('id="journal-text"', 1)[1].split("</textarea>", 1)[0]
    assert "Lotsen: Efter besöket, Hälsokontroll" in text and world.patient.name in text
    assert "Åtgärder:\nVi pratade. Vi tog ett blodprov." in text
    assert "Bedömning:\nBlodtrycket är bra." in text
    day = (today() + timedelta(days=5)).isoformat()
    assert f"Planering:\n- Nytt blodprov {day} (vårdcentralen): Fastande. Gjort 20" in text
    assert "Läkemedel:\n- Ny medicin: Alvedon, för: Mot ont, mängd: 1 tablett, tider: morgon, kväll." in text
    assert "Patientinformation:\nRing 112 om: Om du får svårt att andas." in text
    assert "Skickat till patienten i Lotsen" in text and "version 1" in text
    assert "En rättelse är påbörjad men inte skickad." in text  # the English was saved after sending
    assert "Fine." not in text and "جيد" not in text  # the journal is Swedish
    download = staff_client.get(summary_url(world, sent) + "/journal.txt")
    assert download.mimetype == "text/plain" and "attachment" in download.headers["Content-Disposition"]
    exports = query(
        lambda s: s.scalars(
            select(AccessEvent.object_type).where(AccessEvent.action == AccessAction.EXPORT)
        ).all()
    )
    assert exports == ["aftervisit_staff.journal", "aftervisit_staff.journal_download"]
    assert "Ändrat:" not in text


def test_the_visit_page_and_dagens_besok_link_with_the_state(staff_client, world, make_past_visit, query):
    visit = make_past_visit(world.patient, days=0, hour=0)  # today, at midnight: already begun
    visit_page = f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}"
    link = summary_url(world, visit)
    assert "Skriv efter besöket" in staff_client.get(visit_page).get_data(as_text=True)
    listing = staff_client.get("/personal/besok").get_data(as_text=True)
    assert f'href="{link}"' in listing and "Skriv efter besöket" in listing
    staff_client.post_form(edit_url(world, visit), base_form(today() + timedelta(days=2)))
    assert "Efter besöket: utkast" in staff_client.get("/personal/besok").get_data(as_text=True)
    staff_client.post_form(link + "/skicka", {})
    assert "Efter besöket: skickat" in staff_client.get(visit_page).get_data(as_text=True)
    assert "Efter besöket: skickat" in staff_client.get("/personal/besok").get_data(as_text=True)
    staff_client.post_form(
        edit_url(world, visit), {**base_form(today() + timedelta(days=2)), "found": "Nytt"}
    )
    assert "rättelse inte skickad än" in staff_client.get("/personal/besok").get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "status"),
    [("clinician", 200), ("no_duties", 403), ("other_clinic", 404), ("patient", 403), ("helper", 403)],
)
def test_who_may_open_the_staff_pages(client, world, past, sign_in, make_staff, who, status, query):
    users = {
        "clinician": lambda: make_staff(world.clinic, Profession.LAKARE),
        "no_duties": lambda: make_staff(world.clinic, Profession.FYSIOTERAPEUT, duties=[]),
        "other_clinic": lambda: world.other_staff,
        "patient": lambda: world.patient_user,
        "helper": lambda: world.god_man,
    }
    sign_in(client, users[who]())
    for suffix in ("", "/andra", "/historik", "/sprak"):
        response = client.get(summary_url(world, past.visit) + suffix)
        assert response.status_code == status, (suffix, response.status_code)
    saved = client.post_form(edit_url(world, past.visit), base_form(today() + timedelta(days=3)))
    if who == "clinician":
        assert saved.status_code == 302
        assert client.post_form(summary_url(world, past.visit) + "/skicka", {}).status_code == 302
        assert query(lambda s: s.scalar(select(AfterVisit)).version) == 1
    else:
        assert saved.status_code == status
        assert query(lambda s: s.scalar(select(AfterVisit))) is None
