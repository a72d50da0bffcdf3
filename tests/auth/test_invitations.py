"""Invitations: a single-use link valid 7 days; the invitee chooses a password and is signed in."""

from datetime import timedelta

from sqlalchemy import select, update

from app.auth.services import create_invitation
from app.extensions import db
from app.models import Invitation, Mandate, MandateStatus, Role, Scope, User, utcnow
from tests.support.people import patient_url


def _invite(app, user_id, clinic_id, by_id, mandate_id=None):
    with app.test_request_context():
        user = db.session.get(User, user_id)
        mandate = db.session.get(Mandate, mandate_id) if mandate_id else None
        link = create_invitation(
            user,
            clinic_id,
            db.session.get(User, by_id),
            patient=mandate.patient if mandate else None,
            mandate=mandate,
        )
        db.session.commit()
    return link.split("127.0.0.1:5000", 1)[1]


def test_invited_representative_sets_password_and_waits_for_verification(
    client, app, world, make_user, make_mandate, query
):
    rep = make_user(Role.REPRESENTATIVE, password=False)
    mandate = make_mandate(world.patient, rep, status=MandateStatus.INVITED, scopes={Scope.SEE})
    path = _invite(app, rep.id, world.clinic.id, world.staff.id, mandate.id)
    page = client.get(path)
    assert page.status_code == 200 and "Välj ett lösenord" in page.get_data(as_text=True)
    response = client.post_form(path, {"password": "tre gröna äpplen", "confirm": "tre gröna äpplen"})
    assert response.status_code == 302
    status = query(lambda s: s.get(Mandate, mandate.id).status)
    assert status is MandateStatus.AWAITING_VERIFICATION
    # Signed in, but not yet allowed to act for the patient.
    choose = client.get("/vem-hjalper-du")
    assert choose.status_code == 200
    html = choose.get_data(as_text=True)
    assert "Vårdcentralen kontrollerar först att du får hjälpa" in html
    assert patient_url(world.patient) not in html
    # Her pages say why she cannot help yet, and nothing of Maja's is shown.
    waiting = client.get(patient_url(world.patient))
    assert waiting.status_code == 403 and "Din rätt att hjälpa Maja gäller inte nu." in waiting.get_data(
        as_text=True
    )


def test_a_verified_invitation_becomes_active_when_accepted(
    client, app, world, make_user, make_mandate, query
):
    rep = make_user(Role.REPRESENTATIVE, password=False)
    mandate = make_mandate(world.patient, rep, status=MandateStatus.INVITED)
    query(
        lambda s: (
            s.execute(update(Mandate).where(Mandate.id == mandate.id).values(verified_at=utcnow())),
            s.commit(),
        )
    )
    path = _invite(app, rep.id, world.clinic.id, world.staff.id, mandate.id)
    client.post_form(path, {"password": "tre gröna äpplen", "confirm": "tre gröna äpplen"})
    assert query(lambda s: s.get(Mandate, mandate.id).status) is MandateStatus.ACTIVE
    assert world.patient.name in client.get("/vem-hjalper-du").get_data(as_text=True)


def test_invitation_is_single_use(client, make_client, app, world, make_user):
    rep = make_user(Role.REPRESENTATIVE, password=False)
    path = _invite(app, rep.id, world.clinic.id, world.staff.id)
    client.post_form(path, {"password": "tre gröna äpplen", "confirm": "tre gröna äpplen"})
    again = make_client()
    page = again.get(path)
    assert page.status_code == 404 and "Länken fungerar inte" in page.get_data(as_text=True)
    response = again.post_form(path, {"password": "ett annat långt", "confirm": "ett annat långt"})
    assert response.status_code == 404


def test_invitation_expires_after_seven_days(client, app, world, make_user, query):
    rep = make_user(Role.REPRESENTATIVE, password=False)
    path = _invite(app, rep.id, world.clinic.id, world.staff.id)
    expires = query(lambda s: s.scalar(select(Invitation.expires_at)))
    assert timedelta(days=6, hours=23) < expires - utcnow() <= timedelta(days=7)
    query(
        lambda s: (
            s.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1))),
            s.commit(),
        )
    )
    assert client.get(path).status_code == 404
    assert query(lambda s: s.get(User, rep.id).password_hash) is None


def test_a_new_invitation_withdraws_the_old_one(client, app, world, make_user):
    rep = make_user(Role.REPRESENTATIVE, password=False)
    first = _invite(app, rep.id, world.clinic.id, world.staff.id)
    second = _invite(app, rep.id, world.clinic.id, world.staff.id)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_invitation_mail_holds_the_link_and_no_health_data(app, world, make_user):
    from tests.support.accounts import latest_mail

    rep = make_user(Role.REPRESENTATIVE, password=False)
    path = _invite(app, rep.id, world.clinic.id, world.staff.id)
    body = latest_mail(app, rep.email).get_content()
    assert path in body
    assert world.patient.name not in body


def test_weak_or_mismatched_passwords_are_refused(client, app, world, make_user, query):
    rep = make_user(Role.REPRESENTATIVE, password=False)
    path = _invite(app, rep.id, world.clinic.id, world.staff.id)
    for password, confirm, message in [
        ("kort", "kort", "för kort"),
        ("password", "password", "för vanligt"),
        ("lösenord", "lösenord", "för vanligt"),
        ("tre gröna äpplen", "tre gröna päron", "inte lika"),
        ("x" * 300, "x" * 300, "för lång"),
    ]:
        page = client.post_form(path, {"password": password, "confirm": confirm})
        assert page.status_code == 200
        assert message in page.get_data(as_text=True)
    assert query(lambda s: s.get(User, rep.id).password_hash) is None


def test_made_up_invitation_token(client):
    assert client.get("/inbjudan/finns-inte").status_code == 404


def test_existing_account_accepts_while_signed_in(client, app, world, make_mandate, sign_in, query):
    from app.models import Patient

    other = query(lambda s: s.get(Patient, world.patient.id))
    mandate = make_mandate(other, world.god_man, status=MandateStatus.INVITED)
    # god_man already has an active mandate for this patient from `world`; use a second patient.
    path = _invite(app, world.god_man.id, world.clinic.id, world.staff.id, mandate.id)
    response = client.get(path)
    assert response.status_code == 302 and "/logga-in" in response.location
    sign_in(client, world.god_man)
    page = client.get(path)
    assert "Ta emot inbjudan" in page.get_data(as_text=True)
    assert client.post_form(path).status_code == 302
    assert query(lambda s: s.get(Mandate, mandate.id).status) is MandateStatus.AWAITING_VERIFICATION
