"""Odd input and odd moments: nothing typed is lost, nothing strange reaches the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app.models import AuthSession, Mandate, MandateStatus, Patient, User, utcnow
from tests.support.accounts import PASSWORD, login_code

from .conftest import text


def test_a_verification_note_posted_after_timeout_is_kept(app, client, world, sign_in, make_mandate, query):
    mandate = make_mandate(world.patient, status=MandateStatus.AWAITING_VERIFICATION)
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/{mandate.public_id}/bekrafta"
    sign_in(client, world.staff)
    assert client.get(url).status_code == 200
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    response = client.post(
        url, data={"csrf_token": token, "verification_note": "Beslut från överförmyndaren sett"}
    )
    assert response.status_code == 302 and "/logga-in" in response.location
    assert query(lambda s: s.get(Mandate, mandate.id).verified_at) is None

    client.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD, "next": url})
    response = client.post_form("/logga-in/kod", {"code": login_code(app, world.staff.email)})
    assert response.location == url
    form = text(client.get(url))
    assert "Beslut från överförmyndaren sett" in form and "Ingenting är sparat än" in form
    assert query(lambda s: s.get(Mandate, mandate.id).status) is MandateStatus.AWAITING_VERIFICATION


def test_a_closed_vardlots_account_does_not_block_editing(staff_client, world, make_staff, member, query):
    lots = make_staff(world.clinic, name="Gammal Lots")
    lots_member = member(lots)
    query(
        lambda s: (
            s.execute(
                update(Patient).where(Patient.id == world.patient.id).values(vardlots_id=lots_member.id)
            ),
            s.execute(update(User).where(User.id == lots.id).values(active=False)),
            s.commit(),
        )
    )
    url = f"/personal/patienter/{world.patient.public_id}/andra"
    assert "Gammal Lots" in text(staff_client.get(url))
    response = staff_client.post_form(
        url, {"name": "Maja Ek", "preferred_name": "", "vardlots": lots_member.public_id}
    )
    assert response.status_code == 302
    assert query(lambda s: s.get(Patient, world.patient.id).vardlots_id) == lots_member.id
    # A new patient cannot get the closed account.
    new = text(staff_client.get("/personal/patienter/ny"))
    assert "Gammal Lots" not in new


def test_control_characters_are_refused(staff_client, world, query):
    url = f"/personal/patienter/{world.patient.public_id}/andra"
    page = staff_client.post_form(url, {"name": "Maja\x00Andersson", "vardlots": ""})
    assert page.status_code == 200 and "tecken som inte går att spara" in text(page)
    assert query(lambda s: s.get(Patient, world.patient.id).name) == "Maja Andersson"
    page = staff_client.post_form(
        f"/personal/patienter/{world.patient.public_id}/bjud-in", {"email": "a\x00@exempel.se"}
    )
    assert page.status_code == 200


def test_made_up_mandate_ids_are_404(staff_client, world):
    base = f"/personal/patienter/{world.patient.public_id}/foretradare/"
    for fake in [
        "0" * 32,
        world.mandate.public_id.upper(),
        world.mandate.public_id + "0",
        "%00" * 32,
        "x" * 3000,
        "ny-lank",
    ]:
        assert staff_client.get(base + fake).status_code == 404, fake
        assert staff_client.get(base + fake + "/andra").status_code == 404, fake


def test_odd_return_addresses_after_a_spot_check(staff_client, world, query, colleague):
    from app.models import AccessEvent

    def add(session):
        event = AccessEvent(
            user_id=colleague.id,
            acting_as="staff",
            clinic_id=world.clinic.id,
            action="read",
            object_type="patient_list",
        )
        session.add(event)
        session.commit()
        return event.id

    event_id = query(add)
    for target in ["/personal/logg\n", "/personal/logg\x00", '/personal/logg?"><script>', "x" * 5000]:
        page = staff_client.get(f"/personal/logg/{event_id}/kontroll", query_string={"next": target})
        assert page.status_code == 200
        assert "<script>" not in text(page).split("</head>", 1)[1]
        response = staff_client.post_form(
            f"/personal/logg/{event_id}/kontroll", {"note": "ok", "next": target}
        )
        assert response.status_code == 302
        assert response.location.startswith("/personal/logg")


def test_wrong_methods_answer_405(staff_client, world):
    # (The patient list takes a posted search: tests/staff/test_patients.py.)
    assert staff_client.put("/personal/patienter").status_code == 405
    assert staff_client.post_form("/personal/logg").status_code == 405
    assert staff_client.post_form(f"/personal/patienter/{world.patient.public_id}").status_code == 405


def test_a_refused_page_sends_staff_to_the_administrator_and_patients_to_the_vardlots(
    staff_client, make_client, world, sign_in
):
    from tests.support.pages import words

    refused = staff_client.get("/admin/")
    assert refused.status_code == 403
    assert "Fråga administratören om du behöver det." in words(refused)
    assert "Fråga vårdlotsen" not in words(refused)
    patient = make_client()
    sign_in(patient, world.patient_user)
    refused = patient.get("/personal/patienter")
    assert refused.status_code == 403 and "Fråga vårdlotsen om du behöver det." in words(refused)
