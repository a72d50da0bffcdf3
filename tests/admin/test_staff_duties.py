"""The admin sets each staff account's duties (issue 18, point 5): checkboxes with what each
allows, shown in the list; a new account's from its profession; none allowed but warned about;
an unknown value changes nothing; every change in the server log."""

from __future__ import annotations

import logging

from sqlalchemy import select

from app.models import Profession, StaffMember, User

from .conftest import staff_data


def _member(query, email: str) -> StaffMember | None:
    return query(
        lambda s: s.scalar(
            select(StaffMember).join(User, StaffMember.user_id == User.id).where(User.email == email)
        )
    )


def _edit_url(query, user) -> str:
    return "/admin/personal/" + query(lambda s: s.get(User, user.id).staff_member.public_id)


def _edit_data(world, **changes) -> dict:
    data = {
        "name": world.staff.name,
        "clinic": world.clinic.public_id,
        "profession": "vardlots",
        "gender": "female",
        "presentation": "",
    }
    data.update(changes)
    return data


def _row(html: str, name: str) -> str:
    return html.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0]


def test_the_form_shows_the_three_duties_with_what_each_allows(admin_client, world, query):
    html = admin_client.get(_edit_url(query, world.staff)).get_data(as_text=True)
    assert "Vad gör personen i Lotsen?" in html
    for value in ("coordinator", "clinician", "log_reviewer"):
        assert f'name="duties" value="{value}"' in html
    assert "bekräftar, ändrar och återkallar företrädare" in html  # the coordinator's
    assert "svarar i inkorgen och bokar" in html  # the clinician's
    assert "aldrig på sina egna händelser" in html  # the log reviewer's
    # A vårdlots from before the duties came: coordinator and log reviewer, ticked.
    assert 'value="coordinator" checked' in html and 'value="log_reviewer" checked' in html
    assert 'value="clinician" checked' not in html


def test_set_and_save_duties(admin_client, world, query, caplog):
    url = _edit_url(query, world.staff)
    with caplog.at_level(logging.INFO):
        response = admin_client.post_form(url, _edit_data(world, duties=["log_reviewer", "clinician"]))
    assert response.status_code == 302
    assert _member(query, world.staff.email).duties == ["clinician", "log_reviewer"]  # in Duty order
    assert any(
        "changed the duties" in r.getMessage()
        and "from coordinator,log_reviewer to clinician,log_reviewer" in r.getMessage()
        for r in caplog.records
    )
    listed = admin_client.get("/admin/personal").get_data(as_text=True)
    assert "Kliniker, Loggranskare" in _row(listed, world.staff.name)
    edit = admin_client.get(url).get_data(as_text=True)
    assert 'value="clinician" checked' in edit and 'value="coordinator" checked' not in edit


def test_saving_without_a_change_of_duties_logs_none(admin_client, world, query, caplog):
    url = _edit_url(query, world.staff)
    with caplog.at_level(logging.INFO):
        data = _edit_data(world, duties=["coordinator", "log_reviewer"], presentation="Hej")
        assert admin_client.post_form(url, data).status_code == 302
    assert not any("changed the duties" in r.getMessage() for r in caplog.records)


def test_no_duties_is_allowed_and_warned_about(admin_client, make_client, world, query, sign_in):
    url = _edit_url(query, world.staff)
    response = admin_client.post_form(url, _edit_data(world))  # no box ticked
    assert response.status_code == 302
    assert _member(query, world.staff.email).duties == []
    edit = admin_client.get(url).get_data(as_text=True)
    assert "Ändringarna för" in edit
    assert edit.count("Kontot har inga uppdrag.") == 2  # the message after saving, and the page's own
    assert "Inga uppdrag" in _row(
        admin_client.get("/admin/personal").get_data(as_text=True), world.staff.name
    )
    # The person signs in, and sees no patient.
    staff = make_client()
    sign_in(staff, world.staff)
    assert "Du har inga uppdrag i Lotsen än" in staff.get("/personal/").get_data(as_text=True)
    assert staff.get("/personal/patienter").status_code == 403


def test_an_unknown_duty_changes_nothing(admin_client, world, query):
    url = _edit_url(query, world.staff)
    for duties in (["admin"], ["coordinator", "superuser"], ["x" * 10_000], ["clinician\x00"]):
        page = admin_client.post_form(url, _edit_data(world, name="Nytt namn", duties=duties))
        html = page.get_data(as_text=True)
        assert page.status_code == 200, duties
        assert "Något behöver rättas" in html and "Välj bara bland uppdragen i listan." in html
    member = _member(query, world.staff.email)
    assert member.duties == ["coordinator", "log_reviewer"]
    assert query(lambda s: s.get(User, world.staff.id).name) == world.staff.name


def test_a_new_account_gets_its_professions_duties_unless_chosen(admin_client, world, query, caplog):
    cases = [
        ("lakare", [], ["clinician"]),
        ("vardlots", [], ["coordinator", "log_reviewer"]),
        ("sjukskoterska", ["log_reviewer", "clinician"], ["clinician", "log_reviewer"]),
    ]
    for n, (profession, chosen, expected) in enumerate(cases):
        email = f"ny{n}@exempel.se"
        with caplog.at_level(logging.INFO):
            page = admin_client.post_form(
                "/admin/personal/ny",
                staff_data(world.clinic, email=email, profession=profession, duties=chosen),
            )
        assert page.status_code == 200 and "Inbjudan till" in page.get_data(as_text=True)
        member = _member(query, email)
        assert member.profession is Profession(profession) and member.duties == expected, profession
        assert any(f"with duties {','.join(expected)}" in r.getMessage() for r in caplog.records)
    form = admin_client.get("/admin/personal/ny").get_data(as_text=True)
    assert "Väljer du inget får kontot det som hör till yrket" in form


def test_a_new_account_with_an_unknown_duty_is_not_made(admin_client, world, query):
    page = admin_client.post_form(
        "/admin/personal/ny", staff_data(world.clinic, email="ingen@exempel.se", duties=["root"])
    )
    assert page.status_code == 200 and "Välj bara bland uppdragen i listan." in page.get_data(as_text=True)
    assert _member(query, "ingen@exempel.se") is None
