"""What each staff member may do, by the duties the admin gave them (issue 18, point 5): the
pages and links they see, the way in, and spot checks never of one's own events. Which routes
answer whom is in tests/test_access_matrix.py; this is what the pages show and say."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.access import StaffRight, may_spot_check, staff_may
from app.extensions import db
from app.models import AccessEvent, Profession, SpotCheck, StaffMember
from app.staff import services

from ..support.people import helpers_read
from .conftest import text


@pytest.fixture
def team(world, make_staff):
    """One staff member of each kind at world.clinic (world.staff is a vårdlots: coordinator
    and log reviewer)."""
    return {
        "clinician": make_staff(world.clinic, Profession.LAKARE, name="Omar Haddad"),
        "log_reviewer": make_staff(world.clinic, Profession.SJUKSKOTERSKA, duties=["log_reviewer"]),
        "no_duties": make_staff(world.clinic, Profession.FYSIOTERAPEUT, duties=[], name="Johan Holm"),
    }


def _count(query, model) -> int:
    return query(lambda s: s.scalar(select(func.count()).select_from(model)))


def _read_by(query, user) -> int:
    """The id of a new access event of `user` reading world's patient (as if they had)."""

    def run(session):
        member = session.scalar(select(StaffMember).where(StaffMember.user_id == user.id))
        event = AccessEvent(
            user_id=user.id,
            acting_as="staff",
            patient_id=None,
            clinic_id=member.clinic_id,
            action="read",
            object_type="staff.patients",
        )
        session.add(event)
        session.commit()
        return event.id

    return query(run)


def test_usual_duties_give_the_rights_of_the_issue(app, world, team, query):
    def rights(user):
        def run(session):
            member = session.scalar(select(StaffMember).where(StaffMember.user_id == user.id))
            return {right for right in StaffRight if staff_may(member, right)}

        return query(run)

    assert rights(world.staff) == set(StaffRight)  # a vårdlots: coordinator and log reviewer
    assert rights(team["clinician"]) == {StaffRight.CARE}
    assert rights(team["log_reviewer"]) == {StaffRight.SPOT_CHECK}
    assert rights(team["no_duties"]) == set()


# --- spot checks: never of one's own events ------------------------------------------------------


def test_a_spot_check_of_ones_own_event_is_refused_and_saves_nothing(staff_client, world, query):
    own = _read_by(query, world.staff)
    checks, events = _count(query, SpotCheck), _count(query, AccessEvent)
    page = staff_client.get(f"/personal/logg/{own}/kontroll")
    assert page.status_code == 403
    assert "Du kan inte göra stickprov på din egen händelse" in text(page)
    posted = staff_client.post_form(f"/personal/logg/{own}/kontroll", {"note": "Min egen, befogad."})
    assert posted.status_code == 403 and "Ingenting har sparats." in text(posted)
    assert (_count(query, SpotCheck), _count(query, AccessEvent)) == (checks, events)


def test_the_log_offers_a_spot_check_only_of_others_events(staff_client, world, query):
    own = _read_by(query, world.staff)
    others = helpers_read(query, world)
    html = staff_client.get("/personal/logg").get_data(as_text=True)
    assert f"/personal/logg/{others}/kontroll" in html
    assert f"/personal/logg/{own}/kontroll" not in html
    assert "Din egen händelse: någon annan gör stickprov." in text(staff_client.get("/personal/logg"))


def test_the_service_refuses_a_spot_check_of_ones_own_event_too(app, world, team, query):
    own, others = _read_by(query, world.staff), helpers_read(query, world)
    with app.app_context():
        me = db.session.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
        clinician = db.session.scalar(select(StaffMember).where(StaffMember.user_id == team["clinician"].id))
        mine, theirs = db.session.get(AccessEvent, own), db.session.get(AccessEvent, others)
        assert not may_spot_check(me, mine) and may_spot_check(me, theirs)
        assert not may_spot_check(clinician, theirs)  # not a log reviewer
        with pytest.raises(services.StaffRuleError, match="din egen händelse"):
            services.add_spot_check(me, mine, "Befogad.")
        with pytest.raises(services.StaffRuleError, match="stickprov i loggen"):
            services.add_spot_check(clinician, theirs, "Befogad.")
    assert _count(query, SpotCheck) == 0


def test_a_log_reviewer_checks_a_colleagues_event(client, world, team, sign_in, query):
    theirs = _read_by(query, world.staff)  # the vårdlots' own read: a colleague checks it
    sign_in(client, team["log_reviewer"])
    response = client.post_form(f"/personal/logg/{theirs}/kontroll", {"note": "Befogad."})
    assert response.status_code == 302
    assert _count(query, SpotCheck) == 1


# --- what each kind of staff member is shown ---------------------------------------------------


def _menu(html: str) -> str:
    return html.split('aria-label="Meny för personal"', 1)[1].split("</nav>", 1)[0]


def test_the_menu_shows_what_the_duties_allow(make_client, world, team, sign_in):
    expected = {
        "clinician": ({"Patienter", "Inkorg", "Besök", "Svarsmallar", "Mitt foto"}, {"Åtkomstlogg"}),
        "log_reviewer": ({"Åtkomstlogg", "Mitt foto", "Bildstöd"}, {"Patienter", "Inkorg", "Besök"}),
        "no_duties": ({"Mitt foto", "Bildstöd"}, {"Patienter", "Inkorg", "Besök", "Åtkomstlogg"}),
    }
    for kind, (shown, hidden) in expected.items():
        client = make_client()
        sign_in(client, team[kind])
        menu = _menu(client.get("/personal/bildstod").get_data(as_text=True))
        assert all(f">{word}<" in menu for word in shown), kind
        assert not any(f">{word}<" in menu for word in hidden), kind


def test_the_way_in_goes_where_the_duties_allow(make_client, world, team, sign_in):
    clients = {kind: make_client() for kind in team}
    for kind, client in clients.items():
        sign_in(client, team[kind])
    assert clients["clinician"].get("/personal/").location.endswith("/personal/att-gora")
    assert clients["log_reviewer"].get("/personal/").location.endswith("/personal/logg")
    client = clients["no_duties"]
    page = client.get("/personal/")
    assert page.status_code == 200
    assert "Du har inga uppdrag i Lotsen än" in text(page) and world.patient.name not in text(page)
    refused = client.get("/personal/patienter")
    assert refused.status_code == 403 and "Fråga administratören" in text(refused)
    assert client.get(f"/personal/patienter/{world.patient.public_id}").status_code == 403


def _cards(client, world, without_login) -> tuple[str, str]:
    """The card of world's patient, and that of a patient with no login (who can be invited)."""
    return tuple(
        client.get(f"/personal/patienter/{patient.public_id}").get_data(as_text=True)
        for patient in (world.patient, without_login)
    )


def test_a_clinician_sees_no_mandate_or_invitation_actions(client, world, team, sign_in, make_patient):
    card = f"/personal/patienter/{world.patient.public_id}"
    mandate = f"{card}/foretradare/{world.mandate.public_id}"
    other = make_patient(world.clinic)
    sign_in(client, team["clinician"])
    html, others = _cards(client, world, other)
    assert "Birgitta Svensson" in html  # who helps the patient: care work needs to know
    for hidden in (mandate, f"{card}/foretradare/ny", "/personal/logg?patient="):
        assert hidden not in html, hidden
    assert f"/personal/patienter/{other.public_id}/bjud-in" not in others
    assert f"{card}/besok/ny" in html and f"{card}/anpassningar/andra" in html
    assert client.get(mandate).status_code == 403


def test_a_coordinator_sees_them(staff_client, world, make_patient):
    card = f"/personal/patienter/{world.patient.public_id}"
    other = make_patient(world.clinic)
    html, others = _cards(staff_client, world, other)
    mandate = f"{card}/foretradare/{world.mandate.public_id}"
    for shown in (mandate, f"{card}/foretradare/ny", "/personal/logg?patient="):
        assert shown in html, shown
    assert f"/personal/patienter/{other.public_id}/bjud-in" in others


def test_a_log_reviewer_sees_names_in_the_log_without_links_to_patients(client, world, team, sign_in, query):
    helpers_read(query, world)
    sign_in(client, team["log_reviewer"])
    html = client.get("/personal/logg").get_data(as_text=True)
    assert world.patient.name in html
    assert f"/personal/patienter/{world.patient.public_id}" not in html
