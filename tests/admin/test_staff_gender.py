"""A staff member's grammatical gender: set by the admin and by the staff member, used for the
Arabic role names and verbs ("مرشدة الرعاية", "اطّلعت"), never a "ممرض/ممرضة" slash form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Gender, Profession, StaffMember, User
from tests.admin.conftest import staff_data
from tests.support.people import patient_url


def _member(query, user) -> StaffMember:
    return query(lambda s: s.scalar(select(StaffMember).where(StaffMember.user_id == user.id)))


def _set_gender(app, user, gender: Gender, vardlots_of=None) -> None:
    from app.extensions import db
    from app.models import Patient

    with app.app_context():
        member = db.session.scalar(select(StaffMember).where(StaffMember.user_id == user.id))
        member.gender = gender
        if vardlots_of is not None:
            db.session.get(Patient, vardlots_of.id).vardlots_id = member.id
        db.session.commit()


def test_the_admin_sets_the_gender_on_a_new_and_an_old_account(admin_client, world, query):
    page = admin_client.get("/admin/personal/ny").get_data(as_text=True)
    assert 'name="gender"' in page and "مرشدة الرعاية" in page
    admin_client.post_form("/admin/personal/ny", staff_data(world.clinic, gender="female"))
    made = query(lambda s: s.scalar(select(User).where(User.email == "karin.nystrom@exempel.se")))
    assert _member(query, made).gender is Gender.FEMALE

    member = _member(query, world.staff)
    assert member.gender is Gender.UNSPECIFIED  # nobody said: the general form
    form = {
        "name": world.staff.name,
        "clinic": world.clinic.public_id,
        "profession": "vardlots",
        "presentation": "",
        "gender": "male",
    }
    assert admin_client.post_form(f"/admin/personal/{member.public_id}", form).status_code == 302
    assert _member(query, world.staff).gender is Gender.MALE
    edit = admin_client.get(f"/admin/personal/{member.public_id}").get_data(as_text=True)
    assert '<option value="male" selected>' in edit


def test_a_bad_gender_gets_easy_words_and_changes_nothing(admin_client, world, query):
    member = _member(query, world.staff)
    form = {
        "name": world.staff.name,
        "clinic": world.clinic.public_id,
        "profession": "vardlots",
        "presentation": "",
        "gender": "robot",
    }
    page = admin_client.post_form(f"/admin/personal/{member.public_id}", form)
    assert page.status_code == 200
    assert "Välj ett av alternativen i listan." in page.get_data(as_text=True)
    assert _member(query, world.staff).gender is Gender.UNSPECIFIED


def test_staff_set_their_own_gender(staff_client, world, query):
    page = staff_client.get("/personal/min-bild").get_data(as_text=True)
    assert "Så säger arabiska ditt yrke" in page
    response = staff_client.post_form("/personal/min-bild/kon", {"gender": "female"})
    assert response.status_code == 302
    assert _member(query, world.staff).gender is Gender.FEMALE
    refused = staff_client.post_form("/personal/min-bild/kon", {"gender": ""})
    assert refused.status_code == 200
    assert "Välj ett av alternativen i listan." in refused.get_data(as_text=True)
    assert _member(query, world.staff).gender is Gender.FEMALE


@pytest.mark.parametrize(
    "gender,role,verb",
    [
        (Gender.FEMALE, "مرشدة الرعاية", "اطّلعت"),
        (Gender.MALE, "مرشد الرعاية", "اطّلع"),
        (Gender.UNSPECIFIED, "مرشد الرعاية", "اطّلع"),
    ],
)
def test_arabic_names_the_role_and_bends_the_verb_by_gender(
    app, client, world, sign_in, query, staff_client, gender, role, verb
):
    _set_gender(app, world.staff, gender, vardlots_of=world.patient)
    # The vårdlots opens the patient's card: a line in the patient's log.
    assert staff_client.get(f"/personal/patienter/{world.patient.public_id}").status_code == 200
    sign_in(client, world.patient_user)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    log = client.get(patient_url(world.patient, "/vem-har-tittat")).get_data(as_text=True)
    assert f"{verb} {world.staff.name}" in log
    assert role in log and "/ممرضة" not in log
    home = client.get(patient_url(world.patient)).get_data(as_text=True)
    if gender is Gender.FEMALE:
        assert "مرشدة الرعاية الخاصة بك" in home and "مرشدة الرعاية تساعدك" in home
    else:
        assert "مرشد الرعاية الخاص بك" in home and "مرشد الرعاية يساعدك" in home


def test_no_role_word_has_a_slash_form(app):
    from app.core.words import ARABIC_FEMININE_ROLES, profession_word

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        for profession in Profession:
            for gender in Gender:
                word = profession_word(StaffMember(profession=profession, gender=gender))
                assert "/" not in word
                assert (word in ARABIC_FEMININE_ROLES.values()) == (gender is Gender.FEMALE)
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert (
            profession_word(StaffMember(profession=Profession.VARDLOTS, gender=Gender.FEMALE)) == "vårdlots"
        )


def test_her_verb_follows_her_role_in_easy_arabic_too(app):
    from app.core.words import about_her

    her = StaffMember(profession=Profession.VARDLOTS, gender=Gender.FEMALE)
    him = StaffMember(profession=Profession.VARDLOTS, gender=Gender.MALE)
    easy = "مرشد الرعاية يستطيع أن يساعد Ali."
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert about_her(easy, her) == "مرشدة الرعاية تستطيع أن تساعد Ali."
        assert about_her(easy, him) == easy
        # Only the verb of the sentence changes, not a word of what was seen.
        assert about_her("كتب Anna كتب الزيارة.", her) == "كتبت Anna كتب الزيارة."
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert about_her("Vårdlotsen hjälper dig.", her) == "Vårdlotsen hjälper dig."
