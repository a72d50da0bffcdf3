"""The invitation on the patient's side: read with "see", answered with "prepare visits" (the
patient, or a helper, recorded as whom), changed until the check is done, the booked time and the
print; and the access log's words."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import HealthCheck, Scope, Visit
from app.models.base import utcnow
from tests.support.people import patient_url

from .due_helpers import add_check_type, page_url, rounds, staff_url


def _invite(app, world, visit_type_id=None) -> str:
    with app.app_context():
        check = HealthCheck(patient_id=world.patient.id, clinic_id=world.clinic.id, invited_at=utcnow())
        if visit_type_id:
            from sqlalchemy import select

            from app.models import VisitType

            kind = db.session.scalar(select(VisitType).where(VisitType.public_id == visit_type_id))
            visit = Visit(
                patient_id=world.patient.id,
                clinic_id=world.clinic.id,
                visit_type=kind,
                starts_at=utcnow() + timedelta(days=4),
                minutes=60,
            )
            db.session.add(visit)
            db.session.flush()
            check.visit_id = visit.id
        db.session.add(check)
        db.session.commit()
        return check.public_id


def test_the_patient_reads_and_answers(app, client, world, sign_in, query, events):
    sign_in(client, world.patient_user)
    empty = client.get(page_url(world.patient))
    assert empty.status_code == 200 and "Du har ingen inbjudan just nu" in empty.get_data(as_text=True)
    assert "Se inbjudan" not in client.get(patient_url(world.patient)).get_data(as_text=True)
    round_id = _invite(app, world)
    home = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert "Din hälsokontroll" in home and "Se inbjudan" in home
    page = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Vårdcentralen vill att du kommer på en hälsokontroll" in page
    for words in ("Jag vill komma", "Ring mig om en tid", "Jag vill inte", "Du får ta med någon"):
        assert words in page
    # The questions before the check are offered from the invitation too, while not sent.
    assert (
        "Svara på frågorna" in page
        and 'href="' + patient_url(world.patient, "/halsokontroll/fragor/") in page
    )
    answered = client.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "call_me"})
    assert answered.status_code == 302
    [check] = rounds(query, world.patient)
    assert check.answer == "call_me" and check.answered_by_id == world.patient_user.id
    assert check.answered_acting_as == "patient"
    # An unknown answer: refused in words, nothing changed.
    bad = client.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "maybe"})
    assert bad.status_code == 200 and "Välj ett av svaren" in bad.get_data(as_text=True)
    assert rounds(query, world.patient)[0].answer == "call_me"
    # Changing the answer is allowed while the round is open.
    client.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "come"})
    assert rounds(query, world.patient)[0].answer == "come"
    assert "health_check.answer" in {e[3] for e in events(patient_id=world.patient.id)}
    # Once done, the answer cannot change (refused in words).
    with app.app_context():
        row = db.session.get(HealthCheck, check.id)
        row.outcome, row.done_on = "done", utcnow().date()
        db.session.commit()
    late = client.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "not_wanted"})
    assert late.status_code == 200 and "Inget är sparat" in late.get_data(as_text=True)
    assert rounds(query, world.patient)[0].answer == "come"


def test_a_helper_answers_as_a_helper_and_see_only_may_not(
    app, make_client, world, sign_in, act_for, make_user, make_mandate, query
):
    round_id = _invite(app, world)
    helper = make_client()
    sign_in(helper, world.god_man)
    act_for(helper, world.patient)
    assert (
        helper.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "come"}).status_code
        == 302
    )
    [check] = rounds(query, world.patient)
    assert check.answered_by_id == world.god_man.id and check.answered_acting_as == "representative"

    from app.models import Role

    reader = make_user(Role.REPRESENTATIVE)
    make_mandate(world.patient, reader, scopes={Scope.SEE})
    other = make_client()
    sign_in(other, reader)
    act_for(other, world.patient)
    page = other.get(page_url(world.patient)).get_data(as_text=True)
    assert "Du får inte svara på den" in page
    refused = other.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "not_wanted"})
    assert refused.status_code == 403
    assert rounds(query, world.patient)[0].answer == "come"


def test_booked_time_the_print_and_staff_see_the_answer(
    app, client, make_client, world, sign_in, query, events
):
    type_id = add_check_type(app, world.clinic)
    round_id = _invite(app, world, type_id)
    sign_in(client, world.patient_user)
    page = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Din tid" in page and "Se besöket" in page and "Det tar ungefär 60 minuter" in page
    printed = client.get(page_url(world.patient, "utskrift"))
    assert printed.status_code == 200
    html = printed.get_data(as_text=True)
    assert "<svg" in html and "QR" in html and world.clinic.phone in html
    assert "checkup.print" in {e[3] for e in events(patient_id=world.patient.id)}
    client.post_form(page_url(world.patient, "svar"), {"round": round_id, "answer": "not_wanted"})
    staff = make_client()
    sign_in(staff, world.staff)
    seen = staff.get(staff_url(world.patient)).get_data(as_text=True)
    assert "Jag vill inte" in seen and "patienten själv" in seen
    assert "Jag vill inte" in staff.get("/personal/halsokontroller").get_data(as_text=True)


def test_hem_shows_the_booked_check_not_the_invitation(app, client, world, sign_in, query):
    """Found by a persona walk: Hem asked "Vill du komma?" beside a health check already booked.
    Booked: Hem shows the time and the way to the visit, once (not again under Nästa besök);
    the visit passed (the clinic has not said how it went yet): nothing is asked at all."""
    type_id = add_check_type(app, world.clinic)
    _invite(app, world, type_id)
    sign_in(client, world.patient_user)
    home = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert "Din hälsokontroll" in home and "Du har en tid för hälsokontrollen." in home
    assert "Vårdcentralen vill att du kommer" not in home and "Vill du komma?" not in home
    [check] = rounds(query, world.patient)
    visit_id = query(lambda s: s.get(Visit, check.visit_id).public_id)
    assert home.count(f'{visit_id}"') == 1  # one link to the visit
    assert "Nästa besök" not in home

    def passed(session):
        visit = session.get(Visit, check.visit_id)
        visit.starts_at = utcnow() - timedelta(hours=3)
        session.commit()

    query(passed)
    home = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert "Din hälsokontroll" not in home and "Vill du komma?" not in home
