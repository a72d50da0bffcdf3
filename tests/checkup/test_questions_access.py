"""Who may answer and read the questions before the health check: writing needs "prepare
visits", reading what was sent needs "see"; a revoked mandate, another patient's helper or
patient, and another clinic's staff get nothing; staff with care work read the overview."""

from __future__ import annotations

from app.models import Mandate, MandateStatus, Role, Scope

from .question_helpers import add_sent, make_round, page_url, questionnaire, revision_of, staff_url


def _scopes(query, world, scopes):
    query(lambda s: (s.get(Mandate, world.mandate.id).set_scopes(scopes), s.commit()))


def test_a_helper_with_prepare_answers_for_the_patient(client, world, sign_in, query):
    check = make_round(query, world.patient)
    sign_in(client, world.god_man)
    start = client.get(page_url(world.patient)).get_data(as_text=True)
    assert "Frågor före hälsokontrollen för Maja" in start
    assert "Maja svarar själv" in start and "Jag hjälper till och svarar" in start
    assert client.post_form(page_url(world.patient, "starta"), {"who": "helper"}).status_code == 302
    page = client.get(page_url(world.patient, "fraga/sova")).get_data(as_text=True)
    assert "Hur sover Maja?" in page
    saved = client.post_form(
        page_url(world.patient, "fraga/sova"), {"revision": revision_of(query, check), "choice": "ok"}
    )
    assert saved.status_code == 302
    row = questionnaire(query, check)
    assert row.who == "helper" and row.acting_as == "representative" and row.mandate_id == world.mandate.id


def test_see_without_prepare_reads_what_was_sent_but_cannot_answer(client, world, sign_in, query):
    check = make_round(query, world.patient)
    add_sent(query, check, world.patient_user, {"sova": {"choice": "much", "text": "Vaknar"}})
    _scopes(query, world, {Scope.SEE})
    sign_in(client, world.god_man)
    sent = client.get(page_url(world.patient, "skickat"))
    html = sent.get_data(as_text=True)
    assert sent.status_code == 200 and "Mycket problem" in html and "Vaknar" in html
    assert 'action="' + page_url(world.patient, "andra") not in html  # no Ändra without the right
    assert client.post_form(page_url(world.patient, "andra"), {"revision": "1"}).status_code == 403
    assert client.get(page_url(world.patient, "fraga/sova")).status_code == 403
    assert questionnaire(query, check).sent


def test_prepare_without_see_cannot_read(client, world, sign_in, query):
    make_round(query, world.patient)
    _scopes(query, world, {Scope.PREPARE_VISITS})
    sign_in(client, world.god_man)
    assert client.get(page_url(world.patient)).status_code == 403


def test_a_revoked_mandate_saves_nothing_and_gives_back_the_text(client, world, sign_in, query):
    check = make_round(query, world.patient)
    sign_in(client, world.god_man)
    client.post_form(page_url(world.patient, "starta"), {"who": "helper"})
    query(lambda s: (setattr(s.get(Mandate, world.mandate.id), "status", MandateStatus.REVOKED), s.commit()))
    refused = client.post_form(
        page_url(world.patient, "fraga/sova"),
        {"revision": revision_of(query, check), "choice": "ok", "text": "Sover gott"},
    )
    assert refused.status_code == 403
    assert "Sover gott" in refused.get_data(as_text=True)
    assert "sova" not in questionnaire(query, check).answers


def test_another_patient_and_their_helper_get_a_404(
    client, world, sign_in, query, make_patient, make_user, make_mandate
):
    check = make_round(query, world.patient)
    add_sent(query, check, world.patient_user, {"sova": {"choice": "ok"}})
    other = make_patient(world.clinic, with_login=True, name="Lina Berg")
    stranger = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(other, stranger)
    sign_in(client, stranger)
    for rest in ("", "skickat", "kontrollera", "fraga/sova"):
        assert client.get(page_url(world.patient, rest)).status_code == 404
    assert client.post_form(page_url(world.patient, "andra"), {"revision": "1"}).status_code == 404


def test_staff_read_the_overview_and_another_clinics_staff_do_not(client, world, sign_in, query, events):
    check = make_round(query, world.patient)
    add_sent(query, check, world.patient_user, {"sova": {"choice": "ok"}})
    sign_in(client, world.other_staff)
    assert client.get(staff_url(world.patient, check)).status_code == 404
    assert client.get(staff_url(world.patient, check, "/utskrift")).status_code == 404
    sign_in(client, world.staff)
    page = client.get(staff_url(world.patient, check))
    assert page.status_code == 200 and "Bra, som vanligt" in page.get_data(as_text=True)
    logged = {(e[2], e[3]) for e in events(user_id=world.staff.id)}
    assert ("read", "questions_staff.answers") in logged
    # The patient card links to the newest round's answers.
    card = client.get(f"/personal/patienter/{world.patient.public_id}").get_data(as_text=True)
    assert f"/personal/patienter/{world.patient.public_id}/halsokontroll/svar" in card
    newest = client.get(f"/personal/patienter/{world.patient.public_id}/halsokontroll/svar")
    assert newest.status_code == 200 and staff_url(world.patient, check, "/utskrift") in newest.get_data(
        as_text=True
    )


def test_a_round_of_another_patient_is_a_404_for_staff(client, world, sign_in, query, make_patient):
    other = make_patient(world.clinic, name="Lina Berg")
    check = make_round(query, other)
    sign_in(client, world.staff)
    assert client.get(staff_url(world.patient, check)).status_code == 404
    assert (
        client.get(f"/personal/patienter/{world.patient.public_id}/halsokontroll/nothex/svar").status_code
        == 404
    )
