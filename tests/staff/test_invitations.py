"""Inviting a patient to a login of their own, and inviting representatives."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from app.models import (
    AccessAction,
    Invitation,
    Mandate,
    MandateKind,
    MandateStatus,
    Patient,
    Role,
    Scope,
    User,
)
from tests.support.accounts import PASSWORD, latest_mail
from tests.support.people import patient_url

from .conftest import decode_qr, invitation_path, text

NEW_PASSWORD = "tre gröna äpplen i en korg"


def _count(query, model, *where):
    return query(lambda s: s.scalar(select(func.count()).select_from(model).where(*where)))


def _accept(client, path: str) -> None:
    """The invitee opens the link and chooses a password (and is then signed in)."""
    page = client.get(path)
    assert page.status_code == 200 and "Välj ett lösenord" in text(page)
    response = client.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302


# --- the patient's own login ----------------------------------------------------------------------


def test_invite_patient_page_renders(staff_client, world, make_patient):
    patient = make_patient(world.clinic)
    page = staff_client.get(f"/personal/patienter/{patient.public_id}/bjud-in")
    assert page.status_code == 200 and "Patientens e-post" in text(page)


def test_invite_patient_shows_link_and_qr_and_the_link_works(
    app, staff_client, make_client, world, make_patient, sign_in, query, events
):
    patient = make_patient(world.clinic, name="Nils Nilsson")
    url = f"/personal/patienter/{patient.public_id}/bjud-in"
    page = staff_client.post_form(url, {"email": " Nils@Exempel.SE "})
    assert page.status_code == 200
    html = text(page)
    assert "Inbjudan är skapad" in html
    assert 'class="qr" role="img"' in html
    assert "Länken fungerar en gång och gäller i 7 dagar." in html
    path = invitation_path(html)
    assert path.startswith("/inbjudan/")
    assert decode_qr(html).endswith(path)
    # Only the hash is stored; the link was also mailed.
    token = path.rsplit("/", 1)[1]
    assert _count(query, Invitation, Invitation.token_hash == token) == 0
    assert path in latest_mail(app, "nils@exempel.se").get_content()
    user = query(lambda s: s.get(Patient, patient.id).user)
    assert (user.email, user.role, user.password_hash, user.name) == (
        "nils@exempel.se",
        Role.PATIENT,
        None,
        "Nils Nilsson",
    )
    invitation_id = query(
        lambda s: s.scalar(select(Invitation.public_id).where(Invitation.user_id == user.id))
    )
    assert (world.staff.id, patient.id, "create", "invitation", invitation_id) in events()
    card = text(staff_client.get(f"/personal/patienter/{patient.public_id}"))
    assert "Inbjuden, har inte loggat in än" in card and "Öppna inbjudningar" in card
    assert "nils@exempel.se" in card

    invitee = make_client()
    _accept(invitee, path)
    assert invitee.get("/min-sida/", follow_redirects=True).status_code == 200
    fresh = make_client()
    sign_in(fresh, SimpleNamespace(email="nils@exempel.se"), password=NEW_PASSWORD)
    home = fresh.get("/min-sida/", follow_redirects=True)
    assert home.status_code == 200 and "Hej Nils!" in text(home)
    assert "Har eget konto" in text(staff_client.get(f"/personal/patienter/{patient.public_id}"))


def test_invite_patient_refuses_someone_elses_email(staff_client, world, make_patient, query):
    patient = make_patient(world.clinic)
    url = f"/personal/patienter/{patient.public_id}/bjud-in"
    for email in (world.god_man.email, world.staff.email.upper(), world.patient_user.email):
        page = staff_client.post_form(url, {"email": email})
        assert page.status_code == 200
        assert "Det finns redan ett konto med den e-postadressen." in text(page)
    assert query(lambda s: s.get(Patient, patient.id).user_id) is None
    assert _count(query, Invitation) == 0


def test_invite_patient_validates_the_email(staff_client, world, make_patient, query):
    patient = make_patient(world.clinic)
    url = f"/personal/patienter/{patient.public_id}/bjud-in"
    for email, message in [
        ("", "Skriv en e-postadress."),
        ("inte-en-adress", "Det ser inte ut som en e-postadress."),
        ("a" * 100_000 + "@exempel.se", "Texten är för lång."),
    ]:
        page = staff_client.post_form(url, {"email": email})
        assert page.status_code == 200 and message in text(page)
    assert _count(query, User, User.role == Role.PATIENT) == 1  # only world.patient's


def test_a_new_invitation_to_the_patients_own_account_withdraws_the_old(
    staff_client, make_client, world, make_patient, query
):
    patient = make_patient(world.clinic)
    url = f"/personal/patienter/{patient.public_id}/bjud-in"
    first = invitation_path(text(staff_client.post_form(url, {"email": "p@exempel.se"})))
    form = staff_client.get(url)
    assert 'value="p@exempel.se"' in text(form) and "redan inbjuden" in text(form)
    second = invitation_path(text(staff_client.post_form(url, {"email": "p@exempel.se"})))
    assert first != second
    assert make_client().get(first).status_code == 404
    assert make_client().get(second).status_code == 200
    assert _count(query, User, User.email == "p@exempel.se") == 1


def test_a_mistyped_unused_address_can_be_corrected(staff_client, world, make_patient, query):
    patient = make_patient(world.clinic)
    url = f"/personal/patienter/{patient.public_id}/bjud-in"
    staff_client.post_form(url, {"email": "fel@exempel.se"})
    page = staff_client.post_form(url, {"email": "ratt@exempel.se"})
    assert page.status_code == 200 and "Inbjudan är skapad" in text(page)
    assert query(lambda s: s.get(Patient, patient.id).user.email) == "ratt@exempel.se"


def test_an_active_patient_account_keeps_its_address(staff_client, world, query):
    url = f"/personal/patienter/{world.patient.public_id}/bjud-in"
    page = staff_client.post_form(url, {"email": "ny@exempel.se"})
    assert "Patienten har redan ett konto med en annan e-postadress." in text(page)
    assert query(lambda s: s.get(User, world.patient_user.id).email) == world.patient_user.email
    # Its own address gives a new link.
    page = staff_client.post_form(url, {"email": world.patient_user.email})
    assert "Inbjudan är skapad" in text(page)


# --- representatives ------------------------------------------------------------------------------


def _rep_form(**overrides):
    data = {
        "name": "Rut Ragnarsson",
        "email": "rut@exempel.se",
        "kind": "god_man",
        "kind_other": "",
        "scopes": ["prepare_visits"],
        "valid_until": "",
    }
    data.update(overrides)
    return data


def test_invite_representative_page_renders(staff_client, world):
    page = staff_client.get(f"/personal/patienter/{world.patient.public_id}/foretradare/ny")
    assert page.status_code == 200
    html = text(page)
    assert "God man" in html and "Förbereda besök" in html and 'type="checkbox"' in html


def test_invite_representative_accept_verify_then_act(
    staff_client, make_client, world, make_patient, query, events, act_for
):
    patient = make_patient(world.clinic, name="Olle Olsson")
    url = f"/personal/patienter/{patient.public_id}/foretradare/ny"
    until = (date.today() + timedelta(days=365)).isoformat()
    page = staff_client.post_form(url, _rep_form(valid_until=until))
    assert page.status_code == 200
    html = text(page)
    assert "Inbjudan är skapad" in html and 'class="qr"' in html
    path = invitation_path(html)
    mandate = query(lambda s: s.scalar(select(Mandate).where(Mandate.patient_id == patient.id)))
    assert mandate.status is MandateStatus.INVITED and mandate.kind is MandateKind.GOD_MAN
    assert mandate.scopes == {Scope.SEE, Scope.PREPARE_VISITS}
    assert mandate.valid_until.isoformat() == until
    rep = query(lambda s: s.get(User, mandate.representative_id))
    assert (rep.role, rep.email, rep.name) == (Role.REPRESENTATIVE, "rut@exempel.se", "Rut Ragnarsson")
    assert (world.staff.id, patient.id, "create", "mandate", mandate.public_id) in events()

    rep_client = make_client()
    _accept(rep_client, path)
    assert query(lambda s: s.get(Mandate, mandate.id).status) is MandateStatus.AWAITING_VERIFICATION
    waiting = text(rep_client.get("/vem-hjalper-du"))
    assert f'name="patient" value="{patient.public_id}"' not in waiting  # not to be chosen yet
    assert "Vårdcentralen kontrollerar först att du får hjälpa Olle" in waiting

    mandate_url = f"/personal/patienter/{patient.public_id}/foretradare/{mandate.public_id}"
    assert "väntar på kontroll" in text(staff_client.get(mandate_url))
    response = staff_client.post_form(
        mandate_url + "/bekrafta", {"verification_note": "Beslut från överförmyndaren sett"}
    )
    assert response.status_code == 302
    assert "kan nu hjälpa Olle Olsson" in text(staff_client.get(response.location))
    assert query(lambda s: s.get(Mandate, mandate.id).status) is MandateStatus.ACTIVE

    assert "Olle Olsson" in text(rep_client.get("/vem-hjalper-du"))
    act_for(rep_client, query(lambda s: s.get(Patient, patient.id)))
    assert rep_client.get(patient_url(patient)).status_code == 200


def test_verifying_before_acceptance_makes_the_mandate_active_at_acceptance(
    staff_client, make_client, world, query
):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    path = invitation_path(text(staff_client.post_form(url, _rep_form())))
    mandate = query(
        lambda s: s.scalar(
            select(Mandate).join(User, Mandate.representative).where(User.email == "rut@exempel.se")
        )
    )
    mandate_url = f"/personal/patienter/{world.patient.public_id}/foretradare/{mandate.public_id}"
    response = staff_client.post_form(mandate_url + "/bekrafta", {"verification_note": "Fullmakt sedd"})
    assert "börjar gälla när Rut Ragnarsson har tagit emot" in text(staff_client.get(response.location))
    after = query(lambda s: s.get(Mandate, mandate.id))
    assert after.status is MandateStatus.INVITED and after.verified_at is not None
    assert after.verification_note == "Fullmakt sedd"
    rep_client = make_client()
    _accept(rep_client, path)
    assert query(lambda s: s.get(Mandate, mandate.id).status) is MandateStatus.ACTIVE
    assert "Maja Andersson" in text(rep_client.get("/vem-hjalper-du"))


def test_an_existing_representative_gets_the_new_mandate(staff_client, world, make_patient, query):
    patient = make_patient(world.clinic)
    url = f"/personal/patienter/{patient.public_id}/foretradare/ny"
    page = staff_client.post_form(url, _rep_form(email=world.god_man.email.upper(), name="Ett Annat Namn"))
    assert page.status_code == 200 and "Inbjudan är skapad" in text(page)
    mandate = query(lambda s: s.scalar(select(Mandate).where(Mandate.patient_id == patient.id)))
    assert mandate.representative_id == world.god_man.id
    assert query(lambda s: s.get(User, world.god_man.id).name) == "Birgitta Svensson"
    assert _count(query, User, User.email == world.god_man.email) == 1


def test_a_person_with_a_mandate_in_force_is_refused(staff_client, world, query, make_mandate, make_patient):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    before = _count(query, Mandate)
    page = staff_client.post_form(url, _rep_form(email=world.god_man.email))
    assert page.status_code == 200
    assert "redan företrädare för patienten" in text(page)
    assert _count(query, Mandate) == before
    # A revoked or expired mandate does not stand in the way.
    patient = make_patient(world.clinic)
    make_mandate(patient, world.god_man, status=MandateStatus.REVOKED)
    make_mandate(patient, world.god_man, valid_until=date.today() - timedelta(days=1))
    page = staff_client.post_form(
        f"/personal/patienter/{patient.public_id}/foretradare/ny", _rep_form(email=world.god_man.email)
    )
    assert "Inbjudan är skapad" in text(page)


def test_an_account_that_is_not_a_representatives_is_refused(staff_client, world, query):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    before = _count(query, Mandate)
    for email in (world.staff.email, world.patient_user.email, world.admin.email):
        page = staff_client.post_form(url, _rep_form(email=email))
        assert page.status_code == 200
        assert "hör till ett konto som inte är en företrädares" in text(page)
    assert _count(query, Mandate) == before


def test_representative_form_errors(staff_client, world, query):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    before = (_count(query, Mandate), _count(query, User))
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cases = [
        (_rep_form(kind="other"), "Beskriv vad företrädaren är, när du har valt Annan."),
        (_rep_form(kind="kung"), "Välj vad företrädaren är."),
        (_rep_form(kind=None), "Välj vad företrädaren är."),
        (_rep_form(scopes=["see", "fly"]), "Välj bara bland behörigheterna i listan."),
        (_rep_form(valid_until=yesterday), "Datumet har redan varit."),
        (_rep_form(valid_until="31/12/2030"), "Skriv datumet som år-månad-dag"),
        (_rep_form(valid_until="0001-01-01"), "Skriv ett datum mellan år 2000 och 2099."),
        (_rep_form(name=""), "Skriv företrädarens namn."),
        (_rep_form(name="n" * 100_000), "Texten är för lång. Skriv högst 120 tecken."),
        (_rep_form(kind="other", kind_other="k" * 200), "Skriv högst 120 tecken."),
    ]
    for data, message in cases:
        data = {k: v for k, v in data.items() if v is not None}
        page = staff_client.post_form(url, data)
        assert page.status_code == 200, message
        assert message in text(page), message
    assert (_count(query, Mandate), _count(query, User)) == before


def test_kind_other_with_a_description(staff_client, world, query):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    page = staff_client.post_form(url, _rep_form(kind="other", kind_other="Kontaktperson LSS", scopes=[]))
    assert "Inbjudan är skapad" in text(page)
    mandate = query(lambda s: s.scalar(select(Mandate).where(Mandate.kind == MandateKind.OTHER)))
    assert mandate.kind_other == "Kontaktperson LSS" and mandate.scopes == {Scope.SEE}
    card = text(staff_client.get(f"/personal/patienter/{world.patient.public_id}"))
    assert "annan: Kontaktperson LSS" in card


def test_renew_a_mandate_invitation(staff_client, make_client, world, query, events):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    first = invitation_path(text(staff_client.post_form(url, _rep_form())))
    mandate = query(
        lambda s: s.scalar(
            select(Mandate).join(User, Mandate.representative).where(User.email == "rut@exempel.se")
        )
    )
    mandate_url = f"/personal/patienter/{world.patient.public_id}/foretradare/{mandate.public_id}"
    assert "Skapa en ny länk" in text(staff_client.get(mandate_url))
    # GET only shows the button; it changes nothing.
    confirm = staff_client.get(mandate_url + "/ny-lank")
    assert confirm.status_code == 200 and "Skapa en ny länk" in text(confirm)
    assert make_client().get(first).status_code == 200
    page = staff_client.post_form(mandate_url + "/ny-lank")
    assert page.status_code == 200
    second = invitation_path(text(page))
    assert make_client().get(first).status_code == 404
    assert make_client().get(second).status_code == 200
    assert (world.staff.id, world.patient.id, "update", "mandate", mandate.public_id) in events(
        action=AccessAction.UPDATE
    )


def test_renewing_an_accepted_mandate_is_refused(staff_client, world, query):
    mandate_url = f"/personal/patienter/{world.patient.public_id}/foretradare/{world.mandate.public_id}"
    assert "Det behövs ingen ny länk." in text(staff_client.get(mandate_url + "/ny-lank"))
    page = staff_client.post_form(mandate_url + "/ny-lank")
    assert page.status_code == 200
    assert "Det behövs ingen ny länk." in text(page) and "<title>Fel:" in text(page)
    assert _count(query, Invitation) == 0


def test_invitation_mail_says_nothing_about_the_patient(app, staff_client, world):
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    staff_client.post_form(url, _rep_form())
    body = latest_mail(app, "rut@exempel.se").get_content()
    assert "Maja" not in body and "Andersson" not in body


def test_the_result_page_is_not_reached_by_get(staff_client, world):
    # The raw link is never in a URL: the creating POST renders it, nothing redirects to it.
    url = f"/personal/patienter/{world.patient.public_id}/foretradare/ny"
    page = staff_client.post_form(url, _rep_form())
    path = invitation_path(text(page))
    token = path.rsplit("/", 1)[1]
    assert token not in text(staff_client.get(f"/personal/patienter/{world.patient.public_id}"))


def test_representative_login_still_works_after_invite(make_client, sign_in, world):
    client = make_client()
    sign_in(client, SimpleNamespace(email=world.god_man.email), password=PASSWORD)
    assert client.get("/vem-hjalper-du").status_code == 200
