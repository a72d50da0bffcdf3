"""Staff accounts: list and filter, create with an invitation, edit, deactivate, reactivate,
new invitations."""

import re

import pytest
from sqlalchemy import func, select

from app.models import AuthSession, Invitation, Patient, Profession, StaffMember, User
from tests.support.accounts import PASSWORD, latest_mail, login_code

from .conftest import staff_data

NEW_PASSWORD = "fyra blå cyklar simmar"
LINK = re.compile(r"http://127\.0\.0\.1:5000(/inbjudan/[A-Za-z0-9_\-]+)")


def _staff_id(query, user) -> str:
    return query(lambda s: s.get(User, user.id).staff_member.public_id)


def _user(query, email):
    return query(lambda s: s.scalar(select(User).where(User.email == email)))


def _user_count(query):
    return query(lambda s: s.scalar(select(func.count()).select_from(User)))


# --- the list ------------------------------------------------------------------------------------


def test_list_shows_name_email_clinic_profession_and_status(admin_client, world, make_staff, query):
    waiting = make_staff(world.other_clinic, Profession.LAKARE, name="Nils Ek", password=False)
    stopped = make_staff(world.clinic, Profession.FYSIOTERAPEUT, name="Olle Berg", active=False)
    html = admin_client.get("/admin/personal").get_data(as_text=True)
    assert world.staff.name in html and world.staff.email in html
    assert world.other_staff.name in html
    for user, clinic, profession, active, password in [
        (world.staff, "Kumla vårdcentral", "vårdlots", "Aktivt", "Valt"),
        (waiting, "Lindesbergs vårdcentral", "läkare", "Aktivt", "Inte valt än"),
        (stopped, "Kumla vårdcentral", "fysioterapeut", "Inaktiverat", "Valt"),
    ]:
        row = html.split(f">{user.name}</a></th>", 1)[1].split("</tr>", 1)[0]
        for text in (user.email, clinic, profession, active, password):
            assert text in row, (user.name, text)


def test_list_filtered_by_clinic(admin_client, world, query):
    page = admin_client.get(f"/admin/personal?vardcentral={world.other_clinic.public_id}")
    html = page.get_data(as_text=True)
    assert world.other_staff.name in html and world.staff.name not in html
    assert "<title>Personalkonton på Lindesbergs vårdcentral" in html
    assert f'<option value="{world.other_clinic.public_id}" selected>' in html
    everyone = admin_client.get("/admin/personal?vardcentral=").get_data(as_text=True)
    assert world.other_staff.name in everyone and world.staff.name in everyone


def test_filter_with_an_unknown_clinic_answers_404(admin_client, world):
    assert admin_client.get("/admin/personal?vardcentral=finns-inte").status_code == 404
    assert admin_client.get("/admin/personal?vardcentral=" + "a" * 10_000).status_code == 404


# --- creating an account -------------------------------------------------------------------------


def test_create_staff_invites_and_the_new_staff_member_gets_in(admin_client, make_client, app, world, query):
    form = admin_client.get("/admin/personal/ny").get_data(as_text=True)
    assert "Kumla vårdcentral" in form and "sjuksköterska" in form
    page = admin_client.post_form(
        "/admin/personal/ny", staff_data(world.clinic, email="Karin.Nystrom@Exempel.se")
    )
    assert page.status_code == 200  # shown straight from the post: the link is never stored
    html = page.get_data(as_text=True)
    assert "<title>Inbjudan till Karin Nyström" in html
    assert 'class="qr"' in html and 'aria-label="QR-kod med inbjudningslänken till Karin Nyström"' in html
    path = LINK.search(html).group(1)

    user = _user(query, "karin.nystrom@exempel.se")  # stored in lower case, as sign-in looks it up
    assert user is not None and user.password_hash is None and user.active
    member = query(lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == user.id)))
    assert member.clinic_id == world.clinic.id and member.profession is Profession.SJUKSKOTERSKA
    assert member.presentation == "Jag är sjuksköterska och tar blodprov."
    invitation = query(lambda s: s.scalar(select(Invitation).where(Invitation.user_id == user.id)))
    assert invitation.created_by_id == world.admin.id and invitation.clinic_id == world.clinic.id
    assert path.rsplit("/", 1)[1] not in invitation.token_hash

    mail = latest_mail(app, "karin.nystrom@exempel.se")
    assert mail["Subject"] == "Välkommen till Lotsen"
    assert path in mail.get_content()

    newcomer = make_client()
    assert newcomer.get(path).status_code == 200
    response = newcomer.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/logga-in/kod")
    response = newcomer.post_form("/logga-in/kod", {"code": login_code(app, user.email)})
    assert response.status_code == 302
    home = newcomer.get("/personal/", follow_redirects=True)
    assert home.status_code == 200 and home.request.path.startswith("/personal/")

    listed = admin_client.get("/admin/personal").get_data(as_text=True)
    row = listed.split(">Karin Nyström</a></th>", 1)[1].split("</tr>", 1)[0]
    assert "Valt" in row and "Inte valt än" not in row


def test_duplicate_email_is_refused(admin_client, world, query):
    before = _user_count(query)
    for email in (world.staff.email, world.patient_user.email.upper(), f"  {world.admin.email}  "):
        page = admin_client.post_form("/admin/personal/ny", staff_data(world.clinic, email=email))
        assert page.status_code == 200
        assert "Det finns redan ett konto med den e-postadressen." in page.get_data(as_text=True)
    assert _user_count(query) == before


def test_new_staff_form_errors(admin_client, world, query):
    before = _user_count(query)
    page = admin_client.post_form(
        "/admin/personal/ny",
        {
            "name": "",
            "email": "inte-en-adress",
            "clinic": "finns-inte",
            "profession": "trollkarl",
            "presentation": "x" * 1001,
        },
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<title>Fel: Nytt personalkonto" in html
    for message in (
        "Skriv personens namn.",
        "Det ser inte ut som en e-postadress.",
        "Välj en vårdcentral i listan.",
        "Välj ett yrke i listan.",
        "Skriv högst 1000 tecken.",
    ):
        assert message in html
    assert _user_count(query) == before


@pytest.mark.parametrize("field", ["name", "email", "presentation"])
def test_100_kb_field_on_new_staff(field, admin_client, world, query):
    before = _user_count(query)
    page = admin_client.post_form("/admin/personal/ny", staff_data(world.clinic, **{field: "x" * 100_000}))
    assert page.status_code == 200
    assert "Texten är för lång. Skriv högst" in page.get_data(as_text=True)
    assert _user_count(query) == before


# --- editing -------------------------------------------------------------------------------------


def test_edit_staff(admin_client, world, query):
    url = f"/admin/personal/{_staff_id(query, world.staff)}"
    form = admin_client.get(url).get_data(as_text=True)
    assert f'value="{world.staff.name}"' in form and world.staff.email in form
    response = admin_client.post_form(
        url,
        {
            "name": "Anna Lind",
            "clinic": world.other_clinic.public_id,
            "profession": "arbetsterapeut",
            "presentation": "Hej!",
        },
    )
    assert response.status_code == 302 and response.location.endswith(url)
    member = query(lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id)))
    user = query(lambda s: s.get(User, world.staff.id))
    assert (user.name, user.email) == ("Anna Lind", world.staff.email)
    assert member.clinic_id == world.other_clinic.id and member.profession is Profession.ARBETSTERAPEUT
    assert member.presentation == "Hej!"
    assert "Ändringarna för Anna Lind är sparade." in admin_client.get(url).get_data(as_text=True)


def test_a_vardlots_with_patients_keeps_clinic_and_profession(admin_client, world, query):
    staff_member_id = query(lambda s: s.get(User, world.staff.id).staff_member.id)
    query(lambda s: (setattr(s.get(Patient, world.patient.id), "vardlots_id", staff_member_id), s.commit()))
    url = f"/admin/personal/{_staff_id(query, world.staff)}"
    for change in (
        {"clinic": world.other_clinic.public_id, "profession": "vardlots"},
        {"clinic": world.clinic.public_id, "profession": "lakare"},
    ):
        page = admin_client.post_form(url, {"name": "Nytt namn", "presentation": "", **change})
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Be vårdcentralen välja en ny vårdlots åt dem först." in html
        assert world.patient.name not in html
    member = query(lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id)))
    assert member.clinic_id == world.clinic.id and member.profession is Profession.VARDLOTS
    assert query(lambda s: s.get(User, world.staff.id).name) == world.staff.name
    # Name and presentation can still change.
    ok = admin_client.post_form(
        url,
        {
            "name": "Nytt namn",
            "clinic": world.clinic.public_id,
            "profession": "vardlots",
            "presentation": "Hej",
        },
    )
    assert ok.status_code == 302


def test_edit_with_bad_input_changes_nothing(admin_client, world, query):
    url = f"/admin/personal/{_staff_id(query, world.staff)}"
    for data in (
        {"name": "x" * 100_000, "clinic": world.clinic.public_id, "profession": "vardlots"},
        {"name": "Ny", "clinic": "0" * 32, "profession": "vardlots"},
        {"name": "Ny", "clinic": world.clinic.public_id, "profession": "ADMIN"},
        {
            "name": "Ny",
            "clinic": world.clinic.public_id,
            "profession": "vardlots",
            "presentation": "x" * 100_000,
        },
        {},
    ):
        page = admin_client.post_form(url, data)
        assert page.status_code == 200
        assert "Något behöver rättas" in page.get_data(as_text=True)
    assert query(lambda s: s.get(User, world.staff.id).name) == world.staff.name


def test_unknown_staff_answers_404_and_changes_nothing(admin_client, world, query):
    before = query(lambda s: sorted((u.name, u.active) for u in s.scalars(select(User))))
    for made_up in ("0" * 32, world.staff.public_id, "x" * 3000):  # a user's id is not a staff id
        base = f"/admin/personal/{made_up}"
        assert admin_client.get(base).status_code == 404
        assert admin_client.post_form(base, {"name": "Ny"}).status_code == 404
        for action in ("inaktivera", "aktivera", "ny-inbjudan"):
            assert admin_client.post_form(f"{base}/{action}").status_code == 404
    assert query(lambda s: sorted((u.name, u.active) for u in s.scalars(select(User)))) == before


# --- deactivating and reactivating ---------------------------------------------------------------


def test_deactivate_ends_the_open_session_and_blocks_sign_in(
    admin_client, make_client, world, sign_in, query
):
    staff_browser = make_client()
    sign_in(staff_browser, world.staff)
    assert staff_browser.get("/personal/patienter").status_code == 200

    url = f"/admin/personal/{_staff_id(query, world.staff)}"
    response = admin_client.post_form(f"{url}/inaktivera")
    assert response.status_code == 302 and response.location.endswith(url)
    page = admin_client.get(url).get_data(as_text=True)
    assert "är inaktiverat. Personen kan inte logga in längre." in page
    assert "Aktivera kontot igen" in page

    assert query(lambda s: s.get(User, world.staff.id).active) is False
    sessions = query(
        lambda s: s.scalars(select(AuthSession).where(AuthSession.user_id == world.staff.id)).all()
    )
    assert sessions and all(x.ended_at is not None and x.end_reason == "deactivated" for x in sessions)

    out = staff_browser.get("/personal/patienter")
    assert out.status_code == 302 and "/logga-in" in out.location

    again = make_client()
    refused = again.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "E-post eller lösenord stämmer inte" in refused.get_data(as_text=True)


def test_deactivate_withdraws_an_open_invitation(admin_client, make_client, world, query):
    page = admin_client.post_form("/admin/personal/ny", staff_data(world.clinic))
    path = LINK.search(page.get_data(as_text=True)).group(1)
    staff_id = query(
        lambda s: s.scalar(
            select(StaffMember.public_id).join(User).where(User.email == "karin.nystrom@exempel.se")
        )
    )
    admin_client.post_form(f"/admin/personal/{staff_id}/inaktivera")
    admin_client.post_form(f"/admin/personal/{staff_id}/aktivera")
    assert make_client().get(path).status_code == 404


def test_reactivate_lets_them_sign_in_again(admin_client, make_client, world, sign_in, query):
    url = f"/admin/personal/{_staff_id(query, world.staff)}"
    admin_client.post_form(f"{url}/inaktivera")
    response = admin_client.post_form(f"{url}/aktivera")
    assert response.status_code == 302
    assert "är aktivt igen. Personen kan logga in." in admin_client.get(url).get_data(as_text=True)
    assert query(lambda s: s.get(User, world.staff.id).active) is True
    staff_browser = make_client()
    sign_in(staff_browser, world.staff)
    assert staff_browser.get("/personal/patienter").status_code == 200


def test_an_admin_cannot_deactivate_themself(admin_client, app, world, query):
    # An administrator who also has a staff record (say, from a test clinic) shows in the list.
    def give_staff_record(s):
        member = StaffMember(
            user_id=world.admin.id, clinic_id=world.clinic.id, profession=Profession.VARDLOTS
        )
        s.add(member)
        s.commit()
        return member.public_id

    staff_id = query(give_staff_record)
    url = f"/admin/personal/{staff_id}"
    response = admin_client.post_form(f"{url}/inaktivera", follow_redirects=True)
    assert "Du kan inte inaktivera ditt eget konto." in response.get_data(as_text=True)
    assert query(lambda s: s.get(User, world.admin.id).active) is True
    assert admin_client.get("/admin/").status_code == 200


# --- new invitations -----------------------------------------------------------------------------


def test_new_invitation_replaces_the_old_link(admin_client, make_client, app, world, query):
    first = admin_client.post_form("/admin/personal/ny", staff_data(world.clinic))
    old_path = LINK.search(first.get_data(as_text=True)).group(1)
    staff_id = query(
        lambda s: s.scalar(
            select(StaffMember.public_id).join(User).where(User.email == "karin.nystrom@exempel.se")
        )
    )
    edit = admin_client.get(f"/admin/personal/{staff_id}").get_data(as_text=True)
    assert "Skicka en ny inbjudan" in edit and "Inte valt än" in edit
    page = admin_client.post_form(f"/admin/personal/{staff_id}/ny-inbjudan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    new_path = LINK.search(html).group(1)
    assert new_path != old_path and 'class="qr"' in html
    assert new_path in latest_mail(app, "karin.nystrom@exempel.se").get_content()
    browser = make_client()
    assert browser.get(old_path).status_code == 404
    assert browser.get(new_path).status_code == 200


def test_no_new_invitation_for_someone_with_a_password(admin_client, world, query):
    url = f"/admin/personal/{_staff_id(query, world.staff)}"
    assert "Skicka en ny inbjudan" not in admin_client.get(url).get_data(as_text=True)
    count = query(lambda s: s.scalar(select(func.count()).select_from(Invitation)))
    response = admin_client.post_form(f"{url}/ny-inbjudan", follow_redirects=True)
    assert "Personen har redan valt ett lösenord." in response.get_data(as_text=True)
    assert query(lambda s: s.scalar(select(func.count()).select_from(Invitation))) == count


def test_no_new_invitation_for_a_deactivated_account(admin_client, world, make_staff, query):
    user = make_staff(world.clinic, password=False, active=False)
    url = f"/admin/personal/{_staff_id(query, user)}"
    response = admin_client.post_form(f"{url}/ny-inbjudan", follow_redirects=True)
    assert "Kontot är inaktiverat. Aktivera det först." in response.get_data(as_text=True)
    assert query(lambda s: s.scalar(select(func.count()).select_from(Invitation))) == 0
