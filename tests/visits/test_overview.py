"""The visit at a glance for the doctor and the nurse: why the patient comes, what must be known
first (ranked by safety, from the catalogue), communication in one line, who comes along, the
patient's questions and who answered; on the visit page, on Dagens besök (all, or mine) and on
paper, with every patient shown logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AccessEvent, NeedRevision, Preparation, PreparationStatus, StaffMember, utcnow
from app.needs.catalogue import NEEDS, NEEDS_BY_CODE
from app.needs.services import Profile
from app.visits import overview
from app.visits.catalogue import STEPS_BY_KEY
from tests.support.pages import words as text

from .conftest import local_at


def test_the_catalogue_ranks_what_a_doctor_must_know_in_the_order_of_safety():
    rank = {need.code: need.safety for need in NEEDS if need.safety is not None}
    # Seizures; cannot say where it hurts; needles; may leave the room; interpreter or AAC; lift.
    order = [
        "epilepsy",
        "pain_unusual",
        "needle_fear",
        "numbing_cream",
        "may_leave",
        "interpreter",
        "aac_device",
        "patient_lift",
        "wheelchair",
    ]
    assert [rank[code] for code in order] == sorted(rank[code] for code in order)
    assert len(set(rank.values())) == len(rank), "two needs share a rank"
    assert NEEDS_BY_CODE["quiet_room"].safety is None


def _visit(world, visits, query):
    def load(session):
        from app.models import Visit

        visit = session.scalar(select(Visit).where(Visit.id == visits.visit.id))
        _ = visit.visit_type.name, visit.patient.name
        session.expunge_all()
        return visit

    return query(load)


def _sent(patient, user, answers, acting_as="patient"):
    preparation = Preparation(
        patient=patient,
        answers=answers,
        status=PreparationStatus.SUBMITTED,
        submitted_at=utcnow(),
        submitted_acting_as=acting_as,
    )
    preparation.user = user
    return preparation


def test_safety_comes_first_whatever_the_catalogue_order(app, world, visits, query):
    visit = _visit(world, visits, query)
    profile = Profile(
        number=1,
        needs={code: "" for code in ("wheelchair", "quiet_room", "pictures", "interpreter", "needle_fear")}
        | {"epilepsy": "Anfall en gång i månaden.", "pain_unusual": "Hon blir tyst."},
    )
    with app.test_request_context():
        found = overview.build(visit, None, profile)
    assert [item.text for item in found.must_know] == [
        str(NEEDS_BY_CODE[code].text)
        for code in ("epilepsy", "pain_unusual", "needle_fear", "interpreter", "wheelchair")
    ]
    assert found.must_know[0].comment == "Anfall en gång i månaden."
    assert [item.text for item in found.communication] == [str(NEEDS_BY_CODE["pictures"].text)]
    assert found.others == 1  # the quiet room: on the visit page's full list
    assert found.why == visits.type.name and not found.prepared and not found.urgent


def test_the_worst_pain_is_said_first_with_where_and_since_and_the_patients_own_words(
    app, world, visits, query
):
    visit = _visit(world, visits, query)
    answers = {
        "varfor": {"choices": ["pain", "medicine"], "text": "Magen igen."},
        "ont": {"choice": "yes"},
        "var": {"choices": ["stomach", "ear"], "text": "Mest efter maten."},
        "hur": {"choice": "5"},
        "sedan": {"choice": "week"},
        "fragor": {"choices": ["what_wrong"], "text": "Kan jag äta som vanligt?"},
        "vem": {"choices": ["god_man"], "text": "Birgitta"},
        "hjalp": {"choices": ["quiet_room", "read_aloud"], "text": "Ett glas vatten."},
    }
    with app.test_request_context():
        patient = visit.patient
        found = overview.build(
            visit, _sent(patient, None, answers), Profile(number=1, needs={"epilepsy": ""})
        )
    worst = next(c for c in STEPS_BY_KEY["hur"].choices if c.value == "5")
    assert found.urgent and found.must_know[0].urgent and found.must_know[0].text == str(worst.text)
    assert found.must_know[1].text == str(NEEDS_BY_CODE["epilepsy"].text)
    assert found.why == "Jag har ont, Mina mediciner" and found.why_text == "Magen igen."
    assert (
        found.pain.startswith("Ont: Magen, Örat. Mest efter maten.") and "En vecka eller mer." in found.pain
    )
    assert found.questions == ["Vad är det för fel?", "Kan jag äta som vanligt?"]
    assert found.companions == "Min gode man eller förvaltare (Birgitta)"
    # Needs chosen for this visit only are marked so; what else helps is kept in their words.
    said = {item.text: item for item in found.communication}
    assert said[str(NEEDS_BY_CODE["read_aloud"].text)].this_visit
    assert found.helps == "Ett glas vatten."
    assert found.answered_by == f"{patient.display_name} skickade själv."


def test_a_draft_is_not_the_patients_word_yet(app, world, visits, query):
    visit = _visit(world, visits, query)
    draft = Preparation(
        patient=visit.patient, answers={"varfor": {"choices": ["pain"]}, "hur": {"choice": "5"}}
    )
    with app.test_request_context():
        found = overview.build(visit, draft, Profile())
    assert found.why == visits.type.name and not found.urgent and found.must_know == []


@pytest.fixture
def today(world, visits, make_visit, make_patient, query):
    """Two visits today: Maja's with the vårdlots of `world` (needs: epilepsy, wheelchair; a
    sent preparation), and Nils's with nobody named."""
    mine = make_visit(world.patient, visits.type, starts_at=local_at(0, 23, 0), staff_user=world.staff)
    nils = make_patient(world.clinic, name="Nils Berg")
    others = make_visit(nils, visits.type, starts_at=local_at(0, 23, 15))

    def add(session):
        session.add(
            NeedRevision(
                patient_id=world.patient.id,
                number=1,
                needs={"wheelchair": "", "epilepsy": ""},
                acting_as="staff",
            )
        )
        session.add(
            Preparation(
                patient_id=world.patient.id,
                visit_id=mine.id,
                status=PreparationStatus.SUBMITTED,
                submitted_at=utcnow(),
                submitted_acting_as="patient",
                submitted_by_id=world.patient_user.id,
                answers={"varfor": {"choices": ["ill"], "text": "Hosta i två veckor."}},
            )
        )
        session.commit()

    query(add)
    return mine, others, nils


def test_dagens_besok_shows_why_and_what_must_be_known_first(staff_client, world, today, query):
    page = text(staff_client.get("/personal/besok"))
    assert "Dagens besök" in page and "Nils Berg" in page
    maja = page[page.index("Maja Andersson") :]
    assert maja.index("Jag är sjuk") < maja.index("Jag har epilepsi") < maja.index("Jag använder rullstol")
    assert "Hosta i två veckor." in maja and "Maja skickade själv." in page

    # "Mina besök": only the visits the signed-in member is named on.
    mine = text(staff_client.get("/personal/besok?mina=1"))
    assert "Mina besök i dag" in mine and "Maja Andersson" in mine and "Nils Berg" not in mine


def test_dagens_besok_on_paper_is_logged_for_each_patient_on_it(staff_client, world, today, query):
    _mine, _others, nils = today
    paper = staff_client.get("/personal/besok/i-dag/utskrift")
    assert paper.status_code == 200
    page = text(paper)
    assert "Skriv ut" in page and "Maja Andersson" in page and "Nils Berg" in page
    member_id = query(
        lambda s: s.scalar(select(StaffMember.user_id).where(StaffMember.user_id == world.staff.id))
    )
    logged = query(
        lambda s: sorted(
            e.patient_id
            for e in s.scalars(
                select(AccessEvent).where(AccessEvent.object_type == "visits_staff.todays_print")
            )
            if e.user_id == member_id
        )
    )
    assert logged == sorted([world.patient.id, nils.id])
    only_mine = text(staff_client.get("/personal/besok/i-dag/utskrift?mina=1"))
    assert "Maja Andersson" in only_mine and "Nils Berg" not in only_mine


def test_the_paper_is_for_the_clinics_staff_only(client, make_client, world, today, sign_in):
    sign_in(client, world.other_staff)
    assert "Maja" not in text(client.get("/personal/besok/i-dag/utskrift"))
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get("/personal/besok/i-dag/utskrift").status_code == 403


def test_the_visit_page_begins_with_the_overview(staff_client, world, today):
    mine, _others, _nils = today
    page = text(staff_client.get(f"/personal/patienter/{world.patient.public_id}/besok/{mine.public_id}"))
    assert page.index("Varför") < page.index("Måste veta") < page.index("Om besöket")
